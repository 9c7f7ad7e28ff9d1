import pytest

from tests.participation.world import build_town


@pytest.fixture
def town(hromada_a):
    return build_town(hromada_a)


@pytest.fixture
def town_b(hromada_b):
    return build_town(hromada_b)


@pytest.fixture
def secretary(town):
    """The council secretary of hromada A: moderates and answers petitions."""
    return town.staff("council_secretary")
