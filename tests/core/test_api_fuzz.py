"""Every operation of /api/v1/openapi.json fuzzed with schemathesis against the seeded demo: never a 5xx.

The schema is the one the API serves (read through WSGI, with the Host of the demo's Mohyliv hromada); every
operation gets a fixed number of generated requests (valid and deliberately invalid ones, plus schemathesis's
boundary values), derived from a fixed seed, so a run is reproducible and bounded. Each request runs in a
savepoint that is rolled back, so every example starts from the same seeded database.

Two callers: anonymous (the operations open to everyone are fuzzed; every other one must answer 401, checked
with one request each) and the hromada administrator with a personal token. For the administrator, half of the
examples (chosen by hypothesis, deterministically) put real ids of the demo into the path, so the code behind
the 404s is fuzzed too. Every answer is checked for a 5xx and against the response schema the operation
declares (schemathesis's response_schema_conformance).

The fuzzing tests are marked ``fuzz``; run them alone with ``pytest -m fuzz tests/core/test_api_fuzz.py``.
About 1.5 minutes of CPU on SQLite and on PostgreSQL (seeding the demo without its acts is a third of it).
The quick tests at the end pin the schema and what the fuzzing found; they are not marked.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from ninja import Schema
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

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

HOST = "mohyliv.localhost"
BASE_URL = f"http://{HOST}"
ADMIN_LOGIN = "admin@mohyliv.example"
SEED = 20261203
EXAMPLES = 30

CONFIG = SchemathesisConfig.from_dict({
    "seed": SEED,
    "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
})
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo without its registry of acts (slow to seed), plus one published act, once per module.

    Seeded inside a transaction that is rolled back when the module ends; every test nests its own.
    """
    from hromada.acts import services as act_services
    from hromada.core.demo.seed import seed_demo
    from hromada.core.models import Hromada, User
    from hromada.core.services import create_token

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            seed_demo(skip_apps=frozenset({"acts"}))
            admin = User.objects.get(email=ADMIN_LOGIN)
            hromada = Hromada.objects.get(hosts__host=HOST)
            act = act_services.create_act(actor=admin, hromada=hromada, fields={
                "number": "12", "date": date(2025, 3, 14), "type": "council_decision", "status": "in_force",
                "title": "Про затвердження Порядку благоустрою", "text": "Текст рішення про благоустрій."})
            act_services.publish_act(act, actor=admin, hromada=hromada)
            token = create_token(user=admin, name="fuzz")[1]
            yield {"token": token, "ids": _real_ids(hromada, act)}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextmanager
def _connections_kept_open():
    """Requests through WSGI must not close the connection that holds the test's transaction (Django's test
    Client does the same): at the start and end of each request Django closes connections past CONN_MAX_AGE."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _real_ids(hromada, act) -> dict[str, int | str]:
    """Path parameter names → an id of the demo that exists, so generated requests reach past the 404."""
    from hromada.core.models import Institution, Settlement
    from hromada.programmes.models import (
        AnnualReport,
        Direction,
        Indicator,
        MonitoringPeriod,
        Programme,
        ProgrammeVersion,
        Task,
        UnitReport,
    )
    from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street

    programme = Programme.objects.filter(hromada=hromada).order_by("pk").first()
    ids: dict[str, int | str] = {"act_id": act.pk}
    firsts = {
        "settlement_id": Settlement.objects.filter(hromada=hromada),
        "institution_id": Institution.objects.filter(hromada=hromada),
        "street_id": Street.objects.filter(hromada=hromada),
        "building_id": Building.objects.filter(hromada=hromada),
        "resident_id": Resident.objects.filter(hromada=hromada),
        "plot_id": LandPlot.objects.filter(hromada=hromada),
        "object_id": PropertyObject.objects.filter(hromada=hromada),
    }
    if programme is not None:
        ids["programme_id"] = programme.pk
        firsts.update({
            "direction_id": Direction.objects.filter(programme=programme),
            "task_id": Task.objects.filter(programme=programme),
            "indicator_id": Indicator.objects.filter(programme=programme),
            "period_id": MonitoringPeriod.objects.filter(programme=programme),
        })
        period = MonitoringPeriod.objects.filter(programme=programme).order_by("pk").first()
        report = UnitReport.objects.filter(period=period).order_by("pk").first() if period else None
        if report is not None:
            ids["report_id"] = report.pk
        annual = AnnualReport.objects.filter(programme=programme).order_by("pk").first()
        ids["year"] = annual.year if annual else programme.start_year
        version = ProgrammeVersion.objects.filter(programme=programme).order_by("pk").first()
        if version is not None:
            ids["number"] = version.number
    for name, queryset in firsts.items():
        first = queryset.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            ids[name] = first
    return ids


@pytest.fixture(scope="module")
def api_schema(seeded):
    """The OpenAPI document exactly as /api/v1/openapi.json serves it to the demo's host."""
    with transaction.atomic(), _connections_kept_open():
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application(), config=CONFIG,
                                              headers={"Host": HOST})


schema = schemathesis.pytest.from_fixture("api_schema")


def _call(case, **kwargs):
    """One request in a savepoint rolled back afterwards: examples do not see each other's writes."""
    with transaction.atomic(), _connections_kept_open():
        response = case.call(base_url=BASE_URL, **kwargs)
        transaction.set_rollback(True)
    return response


def _is_public(ctx) -> bool:
    return not ctx.operation.definition.raw.get("security")


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.include(_is_public).parametrize()
@FUZZ_SETTINGS
def test_anonymous_never_meets_a_server_error(case, seeded):
    case.validate_response(_call(case), checks=CHECKS)


@pytest.mark.fuzz
@pytest.mark.django_db
def test_every_other_operation_asks_an_anonymous_caller_to_authenticate(seeded, client):
    """The operations not fuzzed anonymously: each answers 401 before it looks at its parameters or body."""
    document = client.get("/api/v1/openapi.json", HTTP_HOST=HOST).json()
    ids = seeded["ids"]
    closed = [(method, path) for path, operations in document["paths"].items()
              for method, operation in operations.items() if operation.get("security")]
    assert len(closed) > 50
    unauthenticated = uk("Authentication required: a token or a signed-in session.")
    for method, path in closed:
        names = dict.fromkeys(re.findall(r"{(\w+)}", path), 1)
        url = path.format(**{**names, **ids, "fmt": "xlsx", "which": "progress", "annex": "1", "kind": "streets"})
        response = client.generic(method.upper(), url, '{"name": "x"}', content_type="application/json",
                                  HTTP_HOST=HOST)
        assert (response.status_code, response.json()) == (401, {"detail": unauthenticated}), (method, path)


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.parametrize()
@schema.given(real_ids=st.booleans())
@FUZZ_SETTINGS
def test_administrator_never_meets_a_server_error(case, real_ids, seeded):
    if real_ids:
        ids = seeded["ids"]
        for name in case.path_parameters or {}:
            if name in ids:
                case.path_parameters[name] = ids[name]
    response = _call(case, headers={"Authorization": f"Bearer {seeded['token']}"})
    case.validate_response(response, checks=CHECKS)


# --- the schema itself (quick, not marked fuzz) --------------------------------------------------------------


def test_no_two_schemas_of_the_api_share_a_name():
    """OpenAPI components are keyed by class name: a second class of the same name silently replaced the first,
    so /programmes/{id}/versions was documented with the acts' version schema."""
    names: dict[str, list[str]] = {}
    for module in (core_schemas, acts_schemas, programmes_schemas, registers_schemas, acts_api, core_api,
                   programmes_api, registers_api):
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
