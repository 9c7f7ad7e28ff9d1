import pytest

from tests.cnap.world import build_cnap
from tests.participation.world import build_town


@pytest.fixture
def town(hromada_a):
    return build_town(hromada_a)


@pytest.fixture
def cnap_admin(town):
    return town.staff("cnap_admin")


@pytest.fixture
def cnap(town, cnap_admin):
    return build_cnap(town.hromada, cnap_admin)
