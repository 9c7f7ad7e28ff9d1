"""The OpenAPI schema states what the API enforces, and what the fuzzing (tests/core/test_api_fuzz.py) found stays
fixed. Kept apart from the fuzzing module: that one holds the seeded demo open for its whole length."""

from __future__ import annotations

import pytest
from ninja import Schema

from hromada.accounts import api as accounts_api
from hromada.accounts import schemas as accounts_schemas
from hromada.acts import api as acts_api
from hromada.acts import schemas as acts_schemas
from hromada.core import api as core_api
from hromada.core import schemas as core_schemas
from hromada.core.models import Settlement
from hromada.programmes import api as programmes_api
from hromada.programmes import schemas as programmes_schemas
from hromada.programmes.models import Task
from hromada.registers import api as registers_api
from hromada.registers import schemas as registers_schemas
from tests.apiclient import ApiClient, field_errors, uk
from tests.programmes.builders import draft_programme, manager

# --- the schema itself (quick, not marked fuzz) --------------------------------------------------------------


def test_no_two_schemas_of_the_api_share_a_name():
    """OpenAPI components are keyed by class name: a second class of the same name silently replaced the first,
    so /programmes/{id}/versions was documented with the acts' version schema."""
    names: dict[str, list[str]] = {}
    for module in (core_schemas, acts_schemas, programmes_schemas, registers_schemas, accounts_schemas, acts_api,
                   core_api, programmes_api, registers_api, accounts_api):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                names.setdefault(value.__name__, []).append(module.__name__)
    assert {name: found for name, found in names.items() if len(found) > 1} == {}


@pytest.mark.django_db
def test_the_schema_states_what_the_models_enforce(client_a, admin_a):
    """Payloads state their model fields' lengths, choices and ranges; the API refuses a breach with a 400."""
    components = client_a.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert components["SettlementIn"]["properties"]["kind"]["enum"] == ["misto", "selyshche", "selo"]
    assert components["SettlementIn"]["properties"]["katottg"]["maxLength"] == 19
    assert components["StreetIn"]["properties"]["name"]["maxLength"] == 200
    assert components["ResidentPatch"]["properties"]["sex"]["anyOf"][0]["enum"] == ["m", "f"]
    period = components["PeriodIn"]["properties"]
    assert (period["year"]["minimum"], period["year"]["maximum"]) == (2000, 2099)
    assert period["quarter"]["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": 4}
    progress = components["ProgressIn"]["properties"]["percent_done"]["anyOf"][0]
    assert (progress["minimum"], progress["maximum"]) == (0, 100)

    api = ApiClient(admin_a)
    refused = api.post("/settlements", {"name": "Могилів", "kind": "хутір", "katottg": "UA" + "1" * 18})
    assert field_errors(refused).keys() == {"kind", "katottg"}
    assert not Settlement.objects.exists()


# --- what the fuzzing found ------------------------------------------------------------------------------------

HUGE = 2**70  # no bigint holds it; SQLite could not even bind it to a query (a 500 before ids were bounded)


def _invalid(reason: str, **params) -> str:
    return uk("Invalid value: %(reason)s", reason=uk(reason, **params))


@pytest.mark.django_db
def test_ids_past_a_bigint_are_refused_naming_the_parameter(hromada_a, admin_a):
    """A filter by such an id is a 422 (the schema states the range); in a list of ids in a body it names no
    record, like any unknown id: a 400 on that field. Before, both were a 500 on SQLite."""
    boss = manager(hromada_a)
    programme = draft_programme(hromada_a, boss, tasks_per_unit=1, units=1)
    direction = programme.directions.first()
    tasks = Task.objects.count()
    api, registers = ApiClient(boss), ApiClient(admin_a)
    at_most = _invalid("At most %(limit)s.", limit=2**63 - 1)
    assert field_errors(api.get(f"/programmes/{programme.pk}/tasks", {"direction_id": HUGE}), 422) == {
        "direction_id": at_most}
    assert field_errors(api.get(f"/programmes/{programme.pk}/tasks", {"department_id": 0}), 422) == {
        "department_id": _invalid("At least %(limit)s.", limit=1)}
    for path, name in (("/registers/streets", "settlement_id"), ("/registers/buildings", "street_id"),
                       ("/registers/property", "holder_id")):
        assert field_errors(registers.get(path, {name: HUGE}), 422) == {name: at_most}
    unknown = uk("No such record in this hromada.")
    assert field_errors(api.post(f"/programmes/{programme.pk}/tasks", {
        "direction_id": direction.pk, "name": "Завдання", "department_ids": [HUGE], "start_date": "2026-01-01",
        "end_date": "2026-12-31"})) == {"department_ids": unknown}
    assert field_errors(api.patch(f"/programmes/{programme.pk}/passport",
                                  {"responsible_institution_ids": [HUGE, -1]})) == {
        "responsible_institution_ids": unknown}
    assert Task.objects.count() == tasks
    assert not programme.responsible_institutions.exists()


@pytest.mark.django_db
def test_pydantic_reasons_are_told_in_ukrainian(admin_a):
    api = ApiClient(admin_a)
    assert field_errors(api.post("/settlements", {"name": "Могилів", "kind": "selo"}), 422) == {
        "payload.katottg": _invalid("The value is required.")}
    assert field_errors(api.post("/settlements", {"name": "Я" * 151, "kind": "selo", "katottg": "UA1",
                                                  "population": "багато", "population_date": "вчора"}), 422) == {
        "payload.name": uk("Invalid value: %(reason)s", reason="Щонайбільше 150 символів."),
        "payload.population": _invalid("A whole number is expected."),
        "payload.population_date": _invalid("Enter a date as YYYY-MM-DD.")}
    response = ApiClient().get("/calendar/deadline", {"start": "2026-01-01", "amount": 5, "unit": "weeks"})
    assert field_errors(response, 422) == {
        "unit": _invalid("One of: %(values)s.", values="'working_days', 'calendar_days' or 'months'")}
    assert not Settlement.objects.exists()


@pytest.mark.django_db
def test_a_deadline_past_the_last_representable_date_is_a_400(hromada_a):
    response = ApiClient().get("/calendar/deadline", {"start": "9999-12-31", "amount": 3650,
                                                      "unit": "calendar_days"})
    assert field_errors(response, 400) == {"__all__": uk(
        "The calendar covers the years %(first)s–%(last)s; this term falls outside them.", first=1900, last=2099)}
