"""The staff home's worklist: the registry, ordering, counts and the kind filter, the empty state, tenancy,
capabilities, how a deadline reads in Ukrainian, and a number of queries that does not grow with the items."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from hromada.core import import_flow, worklist
from hromada.core.models import RoleAssignment
from hromada.core.workcalendar import WorkCalendar
from hromada.programmes.services import monitoring
from tests.acts.builders import act, secretary
from tests.core.case_builders import case
from tests.factories import member
from tests.programmes.builders import approved_programme, manager

pytestmark = pytest.mark.django_db

REPORT, CONSOLIDATION = "programmes.report", "programmes.consolidation"
ADOPTED, DRAFT, FAILED = "acts.adopted", "acts.draft", "imports.failed"
CASES = ("cases.overdue", "cases.today", "cases.soon", "cases.open")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def today() -> date:
    return timezone.localdate()


def overdue_reports(hromada, units: int):
    """A programme whose first quarter, a year ago, has ``units`` unit reports none of which was submitted."""
    actor = manager(hromada)
    year = today().year
    programme = approved_programme(hromada, actor, start_year=year - 1, end_year=year + 1, tasks_per_unit=1,
                                   units=units)
    return monitoring.open_period(programme, actor=actor, hromada=hromada, kind="quarter", year=year - 1, quarter=1)


def unpublished_acts(hromada, count: int, *, days_ago: int = 60):
    keeper = secretary(hromada)
    adopted = today() - timedelta(days=days_ago)
    return [act(hromada, keeper, number=f"{index + 1}-р", when=adopted, title=f"Про захід {index + 1}")
            for index in range(count)]


def failed_import(hromada, *, folder: str = "acts", kind: str = "acts", filename: str = "акти.jsonl",
                  status: str = "failed", **extra) -> str:
    upload = import_flow.Upload(hromada.pk, uuid.uuid4().hex, folder)
    upload.dir.mkdir(parents=True, exist_ok=True)
    import_flow.write(upload, {"id": upload.id, "hromada": hromada.pk, "kind": kind, "status": status,
                               "filename": filename, "uploaded_by_name": "Ольга", "message": "Файл зіпсовано.",
                               "uploaded_at": timezone.now().isoformat(), **extra})
    return upload.id


def head_of(hromada, department):
    user = member(hromada, "clerk")
    RoleAssignment.objects.filter(user=user).delete()
    RoleAssignment.objects.create(user=user, hromada=hromada, role="department_head", department=department)
    return user


def home(client, **params):
    response = client.get("/staff/", params)
    assert response.status_code == 200
    return response


def kinds_of(response) -> list[str]:
    return [row["item"].kind for row in response.context["rows"]]


# --- the page ----------------------------------------------------------------------------------------------


def test_items_are_sorted_by_deadline_overdue_first_and_no_deadline_last(admin_client_a, hromada_a):
    overdue_reports(hromada_a, units=1)  # due in April of last year
    unpublished_acts(hromada_a, 1, days_ago=30)  # due a month ago
    keeper = secretary(hromada_a)
    act(hromada_a, keeper, number="9", when=today(), status="draft", title="Про проєкт",
        consideration_date=today() + timedelta(days=90))  # due in about two months
    failed_import(hromada_a)  # no deadline

    response = home(admin_client_a)

    assert kinds_of(response) == [REPORT, ADOPTED, DRAFT, FAILED]
    deadlines = [row["item"].deadline for row in response.context["rows"]]
    assert deadlines[0] < deadlines[1] < today() < deadlines[2] and deadlines[3] is None
    assert [row["item"].state for row in response.context["rows"]] == ["overdue", "overdue", "open", "open"]
    body = response.content.decode()
    assert "Нічого не чекає на вас" not in body
    assert body.index("Звіт про моніторинг") < body.index("Про захід 1") < body.index("Про проєкт") < body.index(
        "Імпорт актів з «акти.jsonl»")


def test_counts_per_kind_link_to_the_list_filtered_by_kind(admin_client_a, hromada_a):
    overdue_reports(hromada_a, units=2)
    unpublished_acts(hromada_a, 3)
    failed_import(hromada_a)

    response = home(admin_client_a)
    assert [(kind.key, count) for kind, count in response.context["counts"]] == [
        (REPORT, 2), (ADOPTED, 3), (FAILED, 1)]
    body = response.content.decode()
    assert 'href="?kind=acts.adopted">Оприлюднення прийнятого акта: 3</a>' in body
    assert 'href="/staff/" aria-current="page">Усі: 6</a>' in body

    filtered = home(admin_client_a, kind=ADOPTED)
    assert kinds_of(filtered) == [ADOPTED] * 3
    assert [(kind.key, count) for kind, count in filtered.context["counts"]] == [(REPORT, 2), (ADOPTED, 3),
                                                                                   (FAILED, 1)]
    assert 'href="?kind=acts.adopted" aria-current="page"' in filtered.content.decode()

    stale = home(admin_client_a, kind="no.such.kind")
    assert kinds_of(stale) == [REPORT] * 2 + [ADOPTED] * 3 + [FAILED]
    assert "Такого виду справ немає; показано всі." in stale.content.decode()
    assert "Такого виду справ немає" not in filtered.content.decode()
    empty_kind = home(admin_client_a, kind=DRAFT)
    assert kinds_of(empty_kind) == []
    assert "Нічого такого зараз не чекає на вас." in empty_kind.content.decode()


def test_a_long_list_is_paginated_keeping_the_kind(admin_client_a, hromada_a):
    unpublished_acts(hromada_a, 55)
    first = home(admin_client_a, kind=ADOPTED)
    assert len(first.context["rows"]) == 50
    assert 'href="?kind=acts.adopted&amp;page=2"' in first.content.decode()
    second = home(admin_client_a, kind=ADOPTED, page=2)
    assert len(second.context["rows"]) == 5
    assert home(admin_client_a, page="x").context["page"].number == 1


def test_empty_state_keeps_the_sections_of_the_person(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "clerk"))
    response = home(client_a)
    body = response.content.decode()
    assert response.context["rows"] == [] and response.context["total"] == 0
    assert "Нічого не чекає на вас." in body
    assert 'aria-labelledby="my-sections"' in body
    assert 'href="/staff/calendar/"' in body and 'href="/staff/acts/"' in body
    assert 'href="/staff/members/"' not in body  # the sections the role has, not more


def test_every_section_of_the_old_grid_is_still_linked(admin_client_a):
    from hromada.core.navigation import staff_menu

    response = home(admin_client_a)
    body = response.content.decode()
    section = body[body.index('id="my-sections"'):]
    for entry in staff_menu(response.wsgi_request):
        if entry["url"] != "/staff/":
            assert f'href="{entry["url"]}"' in section, entry


def test_another_hromadas_items_never_appear(admin_client_a, hromada_a, hromada_b):
    overdue_reports(hromada_b, units=2)
    unpublished_acts(hromada_b, 2)
    failed_import(hromada_b)
    failed_import(hromada_b, folder="", kind="streets", filename="вулиці.csv")
    response = home(admin_client_a)
    assert response.context["total"] == 0
    assert "Нічого не чекає на вас." in response.content.decode()


@pytest.mark.parametrize("role, kinds", [
    ("clerk", []),
    ("department_head", []),  # heads another unit: none of these
    ("programme_manager", [REPORT]),
    ("council_secretary", [ADOPTED, FAILED]),
    ("cnap_admin", [FAILED]),  # keeps the registers: their failed import, not the acts'
    ("hromada_admin", [REPORT, ADOPTED, FAILED, FAILED]),
])
def test_each_role_sees_only_the_kinds_its_capabilities_open(client_a, hromada_a, role, kinds):
    overdue_reports(hromada_a, units=1)
    unpublished_acts(hromada_a, 1)
    failed_import(hromada_a, filename="акти.jsonl")
    failed_import(hromada_a, folder="", kind="streets", filename="вулиці.csv")
    client_a.force_login(member(hromada_a, role))
    assert sorted(kinds_of(home(client_a))) == sorted(kinds)


def test_failed_imports_are_those_failed_or_whose_run_died(admin_client_a, hromada_a):
    failed = failed_import(hromada_a, filename="зіпсований.jsonl")
    died = failed_import(hromada_a, filename="перерваний.jsonl", status="running", pid=-1)
    failed_import(hromada_a, filename="готовий.jsonl", status="done")
    failed_import(hromada_a, filename="перевірений.jsonl", status="checked")
    failed_import(hromada_a, folder="", kind="streets", filename="вулиці.csv")
    failed_import(hromada_a, folder="", kind="streets", filename="будинки.csv", status="cancelled")

    rows = home(admin_client_a, kind=FAILED).context["rows"]
    acts_urls = {row["item"].url for row in rows if row["item"].url.startswith("/staff/acts/")}
    assert acts_urls == {f"/staff/acts/import/{uuid.UUID(failed)}/result/",
                         f"/staff/acts/import/{uuid.UUID(died)}/result/"}
    titles = sorted(row["item"].title for row in rows)
    assert titles == ["Імпорт «вулиці.csv» до реєстру «вулиці»", "Імпорт актів з «зіпсований.jsonl»",
                      "Імпорт актів з «перерваний.jsonl»"]
    registers = next(row["item"] for row in rows if "вулиці" in row["item"].title)
    assert registers.url.startswith("/staff/registers/imports/") and registers.url.endswith("/result/")
    assert all(row["item"].deadline is None and row["item"].state == "open" for row in rows)
    assert "Завантажено" in rows[0]["item"].detail and "Ольга" in rows[0]["item"].detail


def test_a_provider_the_role_cannot_see_is_not_asked(hromada_a):
    overdue_reports(hromada_a, units=1)
    unpublished_acts(hromada_a, 1)
    resident = member(hromada_a, "resident")  # a clerk has cases to handle (cases.due), a resident none here
    ctx = worklist.Context(resident, hromada_a)
    assert ctx.roles == {"resident"}  # roles read once per request, before the providers
    with CaptureQueriesContext(connection) as queries:
        assert worklist.collect(ctx) == []
    assert len(queries) == 0


# --- queries do not grow with the items ---------------------------------------------------------------


PERSONAS = ["programme_manager", "department_head", "council_secretary", "hromada_admin"]


def _build(hromada, *, units: int, quarters: int, count: int) -> dict:
    """``units`` × ``quarters`` overdue reports (a head of one unit: ``quarters``), ``count`` unpublished acts,
    ``count`` failed imports of acts and of registers each and ``count`` overdue cases of the head's unit."""
    actor = manager(hromada)
    year = today().year
    programme = approved_programme(hromada, actor, start_year=year - 3, end_year=year - 1, tasks_per_unit=1,
                                   units=units)
    for index in range(quarters):
        period = monitoring.open_period(programme, actor=actor, hromada=hromada, kind="quarter",
                                        year=year - 3 + index // 4, quarter=index % 4 + 1)
    unpublished_acts(hromada, count)
    for _ in range(count):
        failed_import(hromada)
        failed_import(hromada, folder="", kind="streets", filename="вулиці.csv")
    personas = {role: member(hromada, role) for role in PERSONAS if role != "department_head"}
    personas["department_head"] = head_of(hromada, period.reports.first().department)
    for index in range(count):  # overdue cases of the head's unit (cases.overdue)
        case(hromada, due=today() - timedelta(days=1 + index % 5), department=period.reports.first().department)
    return personas


def test_the_number_of_queries_does_not_grow_with_the_items(client, hromada_a, hromada_b):
    few = _build(hromada_a, units=3, quarters=1, count=3)
    many = _build(hromada_b, units=5, quarters=12, count=60)

    def measure(host, user) -> tuple[int, int]:
        client.defaults["HTTP_HOST"] = host
        client.force_login(user)
        client.get("/staff/")  # warm the per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/staff/")
        assert response.status_code == 200
        return len(queries), response.context["total"]

    expected_items = {"programme_manager": (3, 60), "department_head": (1 + 3, 12 + 60), "council_secretary": (6, 120),
                      "hromada_admin": (12 + 3, 240 + 60)}
    for role in PERSONAS:
        few_queries, few_items = measure("a.localhost", few[role])
        many_queries, many_items = measure("b.localhost", many[role])
        assert (few_items, many_items) == expected_items[role], role
        assert few_queries == many_queries, f"{role}: {few_queries} queries for few items, {many_queries} for many"


# --- the registry and how an item reads ---------------------------------------------------------------


def test_an_item_of_an_unknown_kind_or_state_is_refused():
    with pytest.raises(ValueError):
        worklist.Item(kind="no.such.kind", title="x", url="/")
    with pytest.raises(ValueError):
        worklist.Item(kind=FAILED, title="x", url="/", state="urgent")


def test_a_provider_key_is_registered_once():
    with pytest.raises(ValueError):
        worklist.provider("acts.publication", capability="acts.publish")(lambda ctx: [])


def test_kinds_of_every_app_are_registered():
    assert {REPORT, CONSOLIDATION, ADOPTED, DRAFT, FAILED, *CASES} <= set(worklist.KINDS)
    assert {"programmes.reports", "programmes.consolidation", "acts.publication", "acts.imports",
            "registers.imports", "cases.due"} <= set(worklist.PROVIDERS)


def test_state_from_the_modules_judgement():
    day = date(2026, 7, 6)
    assert worklist.state_of(day, day, late=True) == "overdue"
    assert worklist.state_of(day, day, late=False) == "today"
    assert worklist.state_of(day, date(2026, 7, 3), late=False, soon=True) == "soon"
    assert worklist.state_of(day, date(2026, 7, 3), late=False, soon=False) == "open"
    assert worklist.state_of(None, day, late=False) == "open"


def test_a_deadline_reads_as_a_ukrainian_date():
    with translation.override("uk"):
        assert worklist.long_date(date(2026, 7, 6)) == "6 липня 2026 р."
        assert worklist.long_date(date(2026, 3, 1)) == "1 березня 2026 р."


@pytest.mark.parametrize("deadline, working, expected", [
    (date(2026, 7, 6), True, "сьогодні"),
    (date(2026, 7, 3), True, "прострочено на 1 робочий день"),  # Friday; Monday the 6th is the working day past
    (date(2026, 6, 30), True, "прострочено на 4 робочі дні"),
    (date(2026, 6, 26), True, "прострочено на 6 робочих днів"),
    (date(2026, 6, 5), True, "прострочено на 21 робочий день"),
    (date(2026, 7, 3), False, "прострочено на 3 дні"),
    (date(2026, 7, 5), False, "прострочено на 1 день"),
    (date(2026, 6, 21), False, "прострочено на 15 днів"),
    (date(2026, 7, 7), True, "через 1 робочий день"),
    (date(2026, 7, 13), True, "через 5 робочих днів"),
    (date(2026, 7, 9), False, "через 3 дні"),
    (date(2026, 7, 27), False, "через 21 день"),
])
def test_distance_to_the_deadline_in_ukrainian_plurals(deadline, working, expected):
    calendar = WorkCalendar(force_martial_law=True)  # no holiday moves a working day in these weeks
    item = worklist.Item(kind=FAILED, title="x", url="/", deadline=deadline, working_days=working)
    with translation.override("uk"):
        assert worklist.distance(item, date(2026, 7, 6), calendar) == expected


def test_overdue_on_the_weekend_after_a_friday_deadline():
    calendar = WorkCalendar(force_martial_law=True)
    item = worklist.Item(kind=FAILED, title="x", url="/", deadline=date(2026, 7, 3), working_days=True)
    with translation.override("uk"):
        assert worklist.distance(item, date(2026, 7, 4), calendar) == "прострочено"
