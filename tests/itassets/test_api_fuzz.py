"""The IT assets operations of /api/v1/ fuzzed exactly as tests/core/test_api_fuzz.py fuzzes the others (the
seeded demo, the administrator's token, half of the examples with the demo's real ids): never a 5xx, every
answer as its schema declares. A module of its own so that pytest-xdist can run it beside the other one; it
seeds the demo once for itself. Marked ``fuzz``."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import strategies as st

from tests.core.test_api_fuzz import (  # noqa: F401 (module-scoped fixtures, one instance in this module)
    FUZZ_SETTINGS,
    OWN_MODULES,
    api_schema,
    fuzz_as_administrator,
    seeded,
)

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.include(path_regex=OWN_MODULES).parametrize()
@schema.given(real_ids=st.booleans())
@FUZZ_SETTINGS
def test_administrator_never_meets_a_server_error(case, real_ids, seeded):  # noqa: F811 (the fixture)
    fuzz_as_administrator(case, real_ids, seeded)
