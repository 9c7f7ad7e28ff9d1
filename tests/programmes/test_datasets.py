"""The programmes' live open data: the list of programmes (mun-050) and the informatization programme's tasks and
indicators, on both databases."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core import datasets
from hromada.core.services import save_record
from hromada.programmes.models import Direction, Indicator, IndicatorYear, Task, TaskFinancing
from hromada.programmes.services import programme as svc
from tests.apiclient import uk
from tests.clock import Clock
from tests.factories import DepartmentFactory, HromadaFactory, member
from tests.programmes.builders import approved_programme, draft_programme, manager

pytestmark = pytest.mark.django_db

D = Decimal
ROOT = "http://a.localhost"
T0 = dt.datetime(2025, 12, 20, 9, 0, tzinfo=dt.UTC)
TITLE = "Програма інформатизації «Цифрова громада»"


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


def rows(key: str, hromada, resource: str | None = None) -> list[tuple]:
    dataset = datasets.get(key)
    return list((dataset.resource(resource) if resource else dataset.resources[0]).rows(hromada))


@pytest.fixture
def world(hromada_a, hromada_b, clock):
    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)  # «Рішення сесії № 12/3» of 20.12.2025
    draft = draft_programme(hromada_a, actor, start_year=2029, end_year=2031)  # never approved
    foreign = approved_programme(hromada_b, manager(hromada_b))
    return {"actor": actor, "programme": programme, "draft": draft, "foreign": foreign}


# --- programmes.programmes -------------------------------------------------------------------------------


def test_the_list_holds_the_approved_programmes_with_their_decision_and_links(hromada_a, world):
    pk = world["programme"].pk
    assert rows("programmes.programmes", hromada_a) == [
        (pk, TITLE, "Цифрова трансформація громади", 2026, 2028, uk("approved"), 1, "Рішення сесії № 12/3", "12/3",
         date(2025, 12, 20), None, f"{ROOT}/programmes/{pk}/", f"{ROOT}/programmes/{pk}/programme.docx"),
    ]


def test_the_decision_links_to_the_registry_once_the_act_is_public_and_changed_at_follows(hromada_a, world, clock):
    from hromada.acts import services as acts_svc
    from tests.acts.builders import act, secretary

    dataset = datasets.get("programmes.programmes")
    assert dataset.changed_at(hromada_a) == T0
    clerk = secretary(hromada_a)
    clock.advance(hours=1)
    decision = act(hromada_a, clerk, number="12/3", when=date(2025, 12, 20), title="Про програму")
    assert rows("programmes.programmes", hromada_a)[0][10] is None  # not published yet
    published = clock.advance(hours=1)
    acts_svc.publish_act(decision, actor=clerk, hromada=hromada_a)
    assert rows("programmes.programmes", hromada_a)[0][10] == f"{ROOT}/acts/{decision.pk}/"
    assert dataset.changed_at(hromada_a) == published


def test_an_amendment_approved_changes_the_row_and_changed_at(hromada_a, world, clock):
    programme, actor = world["programme"], world["actor"]
    dataset = datasets.get("programmes.programmes")
    amended = clock.advance(days=1)
    svc.start_amendment(programme, actor=actor, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == amended
    row = rows("programmes.programmes", hromada_a)[0]
    assert (row[5], row[6]) == (uk("draft"), 1)  # still public: residents see version 1 meanwhile
    programme = svc.transition(programme, actor=actor, hromada=hromada_a, to="review")
    approved = clock.advance(days=1)
    svc.transition(programme, actor=actor, hromada=hromada_a, to="approved", decision="Рішення № 14/2",
                   decided_on=date(2026, 2, 10))
    assert rows("programmes.programmes", hromada_a)[0][5:10] == (uk("approved"), 2, "Рішення № 14/2", "14/2",
                                                                 date(2026, 2, 10))
    assert dataset.changed_at(hromada_a) == approved


# --- programmes.tasks ------------------------------------------------------------------------------------


def test_tasks_are_the_public_programmes_annex_1_rows_in_order(hromada_a, world):
    programme = world["programme"]
    directions = list(Direction.objects.filter(programme=programme).order_by("order"))
    tasks = {t.name: t for t in Task.objects.filter(programme=programme).prefetch_related("departments")}

    def expected(number: int, direction: Direction) -> tuple:
        task = tasks[f"Завдання {number}"]
        return (task.pk, programme.pk, direction.name, f"Завдання {number}", f"Проєкт {number}",
                task.departments.get().name, date(2026, 1, 1), date(2026, 12, 31), D(10), D(5), D(15), "Результат",
                uk("planned"), 0)

    # Tasks 1 and 3 are in the first direction, 2 and 4 in the second (builders.draft_programme).
    assert rows("programmes.tasks", hromada_a, "tasks") == [
        expected(1, directions[0]), expected(3, directions[0]), expected(2, directions[1]),
        expected(4, directions[1]),
    ]


def test_indicators_have_baseline_target_and_the_latest_actual(hromada_a, world, clock):
    programme, actor = world["programme"], world["actor"]
    share, institutions = Indicator.objects.filter(programme=programme).order_by("order")
    assert rows("programmes.tasks", hromada_a, "indicators") == [
        (share.pk, programme.pk, None, "Частка електронних звернень", "%", D(10), 2025, D(30), 2028, None, None, None,
         None, None, None),
        (institutions.pk, programme.pk, None, "Заклади громади", "од.", D(0), 2025, D(3), 2028, None, None, None, None,
         institutions.data_source, "core.institutions"),
    ]
    assert institutions.data_source  # the metric's source, filled in by save_indicator

    svc.record_actual(share, actor=actor, hromada=hromada_a, year=2026, value=D("14.5"), source="Звіт відділу",
                      as_of=date(2026, 6, 30))
    svc.record_actual(share, actor=actor, hromada=hromada_a, year=2027, value=None)  # no value: not the latest
    assert rows("programmes.tasks", hromada_a, "indicators")[0][9:13] == (D("14.5"), 2026, date(2026, 6, 30),
                                                                          "Звіт відділу")


def test_drafts_and_other_hromadas_never_appear(hromada_a, hromada_b, world):
    programme, draft, foreign = world["programme"], world["draft"], world["foreign"]
    for resource in ("tasks", "indicators"):
        assert {row[1] for row in rows("programmes.tasks", hromada_a, resource)} == {programme.pk}
        assert {row[1] for row in rows("programmes.tasks", hromada_b, resource)} == {foreign.pk}
    assert [row[0] for row in rows("programmes.programmes", hromada_a)] == [programme.pk]
    assert [row[0] for row in rows("programmes.programmes", hromada_b)] == [foreign.pk]
    assert rows("programmes.programmes", hromada_b)[0][11] == f"http://b.localhost/programmes/{foreign.pk}/"
    assert draft.pk not in {row[0] for row in rows("programmes.programmes", hromada_a)}


def test_changed_at_of_tasks_and_indicators_moves_with_their_own_sources(hromada_a, hromada_b, world, clock):
    dataset = datasets.get("programmes.tasks")
    tasks, indicators = dataset.resource("tasks"), dataset.resource("indicators")
    assert tasks.changed_at(hromada_a) == indicators.changed_at(hromada_a) == T0

    recorded = clock.advance(hours=1)
    share = Indicator.objects.filter(programme=world["programme"]).order_by("order").first()
    svc.record_actual(share, actor=world["actor"], hromada=hromada_a, year=2026, value=D(12))
    assert (tasks.changed_at(hromada_a), indicators.changed_at(hromada_a)) == (T0, recorded)

    renamed = clock.advance(hours=1)
    unit = Task.objects.filter(programme=world["programme"]).first().departments.get()
    unit.name = "Відділ цифрового розвитку"
    save_record(unit, actor=member(hromada_a, "hromada_admin"), hromada=hromada_a, capability="structure.manage")
    assert "Відділ цифрового розвитку" in {row[5] for row in rows("programmes.tasks", hromada_a, "tasks")}
    assert (tasks.changed_at(hromada_a), indicators.changed_at(hromada_a)) == (renamed, recorded)
    assert dataset.changed_at(hromada_a) == renamed

    # Another hromada's programme changing is not this hromada's change.
    clock.advance(hours=1)
    foreign = world["foreign"]
    svc.start_amendment(foreign, actor=manager(hromada_b), hromada=hromada_b)
    assert dataset.changed_at(hromada_a) == renamed


def test_changed_at_is_none_without_a_public_programme(hromada_a, clock):
    draft_programme(hromada_a, manager(hromada_a))
    empty = HromadaFactory()
    for hromada in (hromada_a, empty):
        for key in ("programmes.programmes", "programmes.tasks"):
            assert datasets.get(key).changed_at(hromada) is None
            assert all(rows(key, hromada, r.key) == [] for r in datasets.get(key).resources)
    for key in ("programmes.programmes", "programmes.tasks"):
        assert datasets.get(key).available(hromada_a) and not datasets.get(key).available(empty)


# --- cost ------------------------------------------------------------------------------------------------


def _grow(programme, count: int) -> None:
    """Tasks and indicators written straight to the tables (the services are tested elsewhere)."""
    direction = programme.directions.first()
    unit = DepartmentFactory(hromada=programme.hromada)
    for n in range(count):
        task = Task.objects.create(programme=programme, direction=direction, name=f"Додаткове {n}",
                                   start_date=date(2026, 1, 1), end_date=date(2026, 12, 31), order=100 + n)
        task.departments.set([unit])
        TaskFinancing.objects.create(task=task, year=2026, source="local", planned=D(1))
        indicator = Indicator.objects.create(programme=programme, name=f"Показник {n}", unit="од.", order=100 + n)
        IndicatorYear.objects.create(indicator=indicator, year=2026, target=D(n), actual=D(n))


def test_the_number_of_queries_does_not_grow_with_the_rows(hromada_a, world):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for key in ("programmes.programmes", "programmes.tasks"):
                dataset = datasets.get(key)
                for resource in dataset.resources:
                    list(resource.rows(hromada_a))
                dataset.changed_at(hromada_a)
        return len(captured)

    programme = world["programme"]
    Task.objects.filter(programme=programme).exclude(name="Завдання 1").delete()
    Indicator.objects.filter(programme=programme).exclude(name="Заклади громади").delete()
    _grow(programme, 2)
    assert len(rows("programmes.tasks", hromada_a, "tasks")) == 3
    few = queries()
    _grow(programme, 27)
    assert len(rows("programmes.tasks", hromada_a, "tasks")) == 30
    assert len(rows("programmes.tasks", hromada_a, "indicators")) == 30
    assert queries() == few


def test_rows_are_lazy(hromada_a, world):
    with CaptureQueriesContext(connection) as captured:
        pending = [r.rows(hromada_a) for key in ("programmes.programmes", "programmes.tasks")
                   for r in datasets.get(key).resources]
    assert len(captured) == 0 and all(next(iter(p)) for p in pending)


# --- schemas ---------------------------------------------------------------------------------------------


def test_every_schema_is_a_valid_table_schema_and_the_rows_fit_it(hromada_a, world):
    frictionless = pytest.importorskip("frictionless")
    svc.record_actual(Indicator.objects.filter(programme=world["programme"]).first(), actor=world["actor"],
                      hromada=hromada_a, year=2026, value=D("1.5"), as_of=date(2026, 3, 31))
    for key in ("programmes.programmes", "programmes.tasks"):
        for resource in datasets.get(key).resources:
            descriptor = resource.table_schema()
            report = frictionless.Schema.validate_descriptor(descriptor)
            assert report.valid, report.flatten(["type", "note"])
            header = [f.name for f in resource.fields]
            data = frictionless.Resource(data=[header, *resource.rows(hromada_a)],
                                         schema=frictionless.Schema.from_descriptor(descriptor))
            checked = data.validate()
            assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type"])


def test_the_passports_are_complete():
    for key, obligation, frequency in (("programmes.programmes", "mun-050", "on_change"),
                                       ("programmes.tasks", "", "quarterly")):
        dataset = datasets.get(key)
        assert (dataset.obligation, dataset.frequency, dataset.topic) == (obligation, frequency, "rehionalnyi-rozvytok")
        assert len(str(dataset.description)) >= 100 and dataset.basis and dataset.purpose and dataset.keywords
        for resource in dataset.resources:
            assert resource.primary_key and all(f.name[0].islower() and f.name.isascii() for f in resource.fields)
