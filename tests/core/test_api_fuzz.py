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
The schema itself and what the fuzzing found are pinned by the quick tests in tests/core/test_api_schema.py.
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
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

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
from tests.apiclient import uk

HOST = "mohyliv.localhost"
BASE_URL = f"http://{HOST}"
ADMIN_LOGIN = "admin@mohyliv.example"
SEED = 20261203
# 20 examples an operation: the boundary values come from the explicit phase and the real ids; 30 cost CI a
# third more time (the two fuzz modules were the longest in both passes) without a finding in the last runs.
EXAMPLES = 20

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
# Operations fuzzed by a module of their own (same seed, same settings), so that pytest-xdist, which hands out
# whole modules, can run them on another worker: tests/itassets/test_api_fuzz.py.
OWN_MODULES = r"^/api/v1/itassets/"


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
            seed_demo(skip_apps=frozenset({"acts", "opendata"}))
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
    from hromada.itassets import models as it

    firsts.update({
        "item_id": it.Equipment.objects.filter(hromada=hromada),
        "software_id": it.Software.objects.filter(hromada=hromada),
        "licence_id": it.Licence.objects.filter(hromada=hromada, seats__isnull=False),
        "seat_id": it.Seat.objects.filter(hromada=hromada, released_on__isnull=True),
        "installation_id": it.Installation.objects.filter(hromada=hromada),
        "connection_id": it.Connection.objects.filter(hromada=hromada),
        "camera_id": it.Camera.objects.filter(equipment__hromada=hromada),
        "target_id": it.BackupTarget.objects.filter(hromada=hromada),
        "request_id": it.ServiceRequest.objects.filter(hromada=hromada, status="new"),
    })
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
@schema.exclude(path_regex=OWN_MODULES).parametrize()
@schema.given(real_ids=st.booleans())
@FUZZ_SETTINGS
def test_administrator_never_meets_a_server_error(case, real_ids, seeded):
    fuzz_as_administrator(case, real_ids, seeded)


def fuzz_as_administrator(case, real_ids, seeded) -> None:
    if real_ids:
        ids = seeded["ids"]
        for name in case.path_parameters or {}:
            if name in ids:
                case.path_parameters[name] = ids[name]
    response = _call(case, headers={"Authorization": f"Bearer {seeded['token']}"})
    case.validate_response(response, checks=CHECKS)
