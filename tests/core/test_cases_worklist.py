"""The worklist of cases: who sees which open case, in which state (the core calendar's working days), the
title's marks, tenancy, and a number of queries that does not grow with the cases."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hromada.core import worklist
from hromada.core.cases import worklist as case_worklist
from hromada.core.models import CalendarException, CaseExecutor
from tests.core.case_builders import at, case, freeze, staff
from tests.factories import DepartmentFactory, member

pytestmark = pytest.mark.django_db

WEDNESDAY, THURSDAY, FRIDAY, MONDAY, TUESDAY = (date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20),
                                                date(2026, 11, 23), date(2026, 11, 24))
NOW = at(2026, 11, 18, 10)  # Wednesday


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    freeze(monkeypatch, NOW)


@pytest.fixture
def people(hromada_a):
    roads, water = DepartmentFactory(hromada=hromada_a, name="Відділ доріг"), DepartmentFactory(
        hromada=hromada_a, name="Водоканал")
    return {
        "roads": roads, "water": water,
        "registrar": member(hromada_a, "case_registrar"), "admin": member(hromada_a, "hromada_admin"),
        "head": staff(hromada_a, "department_head", roads), "clerk": staff(hromada_a, "clerk", roads),
        "other": staff(hromada_a, "clerk", roads), "water_head": staff(hromada_a, "department_head", water),
        "operator": member(hromada_a, "hotline_operator"), "resident": member(hromada_a, "resident"),
    }


def items(user, hromada, today=WEDNESDAY) -> list[worklist.Item]:
    return worklist.collect(worklist.Context(user, hromada, today=today))


def states(user, hromada) -> dict[str, str]:
    return {item.title.split("«")[1].split("»")[0]: item.state for item in items(user, hromada)}


@pytest.fixture
def cases(hromada_a, people):
    roads = people["roads"]
    return {
        "overdue": case(hromada_a, due=MONDAY.replace(day=16), subject="прострочена", department=roads,
                        executor=people["clerk"]),
        "today": case(hromada_a, due=WEDNESDAY, subject="сьогодні", department=roads),
        "friday": case(hromada_a, due=FRIDAY, subject="пʼятниця", department=roads, executor=people["clerk"],
                       unit="working_days"),
        "monday": case(hromada_a, due=MONDAY, subject="понеділок", department=roads, executor=people["other"]),
        "later": case(hromada_a, due=date(2026, 12, 10), subject="грудень", department=people["water"]),
        "answered": case(hromada_a, due=date(2026, 11, 10), subject="відповіли", department=roads,
                         executor=people["clerk"], status="answered", answered=at(2026, 11, 9, 12)),
    }


def test_a_registrar_sees_every_open_case_due_within_two_working_days(hromada_a, people, cases):
    assert states(people["registrar"], hromada_a) == {"прострочена": "overdue", "сьогодні": "today",
                                                      "пʼятниця": "soon"}
    assert states(people["admin"], hromada_a) == states(people["registrar"], hromada_a)


def test_a_holiday_brings_monday_within_two_working_days(hromada_a, people, cases):
    CalendarException.objects.create(hromada=hromada_a, date=THURSDAY, kind=CalendarException.Kind.DAY_OFF,
                                     reason="День громади")
    assert states(people["registrar"], hromada_a) == {"прострочена": "overdue", "сьогодні": "today",
                                                      "пʼятниця": "soon", "понеділок": "soon"}


def test_an_executor_sees_the_open_cases_they_hold_in_every_state(hromada_a, people, cases):
    assert states(people["clerk"], hromada_a) == {"прострочена": "overdue", "пʼятниця": "soon"}
    CaseExecutor.objects.create(case=cases["later"], user=people["clerk"], main=False)
    assert states(people["clerk"], hromada_a)["грудень"] == "open"
    assert states(people["other"], hromada_a) == {"понеділок": "open"}


def test_a_head_sees_the_units_open_cases(hromada_a, people, cases):
    assert states(people["head"], hromada_a) == {"прострочена": "overdue", "сьогодні": "today", "пʼятниця": "soon",
                                                 "понеділок": "open"}
    assert states(people["water_head"], hromada_a) == {"грудень": "open"}


def test_roles_without_case_handling_see_none(hromada_a, people, cases):
    assert items(people["operator"], hromada_a) == []
    assert items(people["resident"], hromada_a) == []


def test_an_item_reads_with_its_kind_deadline_basis_unit_and_marks(hromada_a, people, cases):
    urgent = case(hromada_a, due=WEDNESDAY, subject="Аварія", department=people["roads"], urgent=True,
                  priority=True, unit="hours", due_at=at(2026, 11, 18, 15, 30), kind="info_request")
    with translation.override("uk"):
        found = {item.url: item for item in items(people["registrar"], hromada_a)}
    item = found[f"/staff/cases/{urgent.pk}/"]
    assert item.kind == "cases.today" and item.state == "today" and item.deadline == WEDNESDAY
    assert item.title == f"№ {urgent.number} «Аварія» — невідкладне, першочергове"
    assert item.unit == "Відділ доріг" and item.basis == "ЗУ «Про звернення громадян», ст. 20"
    assert "до 15:30" in item.detail
    friday = found[f"/staff/cases/{cases['friday'].pk}/"]
    assert friday.kind == "cases.soon" and friday.working_days is True
    assert found[f"/staff/cases/{cases['overdue'].pk}/"].kind == "cases.overdue"
    assert found[f"/staff/cases/{cases['today'].pk}/"].working_days is False


def test_a_term_in_hours_is_overdue_once_the_hour_has_passed(hromada_a, people, monkeypatch):
    freeze(monkeypatch, at(2026, 11, 18, 16))  # the hour has passed on the day
    case(hromada_a, due=WEDNESDAY, subject="Аварія", unit="hours", due_at=at(2026, 11, 18, 15, 30), urgent=True)
    assert states(people["registrar"], hromada_a) == {"Аварія": "overdue"}


def test_another_hromadas_cases_never_appear(hromada_a, hromada_b, people):
    unit = DepartmentFactory(hromada=hromada_b)
    case(hromada_b, due=WEDNESDAY, department=unit)
    assert items(people["registrar"], hromada_a) == []


def test_the_staff_home_lists_the_kinds(client_a, people, cases):
    client_a.force_login(people["registrar"])
    response = client_a.get("/staff/")
    assert [(kind.key, count) for kind, count in response.context["counts"]] == [
        ("cases.overdue", 1), ("cases.today", 1), ("cases.soon", 1)]
    body = response.content.decode()
    assert "Звернення: прострочено: 1" in body and "Звернення: строк за 2 робочі дні: 1" in body


def _many(hromada, count: int) -> dict:
    unit = DepartmentFactory(hromada=hromada)
    people = {"registrar": member(hromada, "case_registrar"), "head": staff(hromada, "department_head", unit),
              "clerk": staff(hromada, "clerk", unit)}
    for index in range(count):
        case(hromada, due=date(2026, 11, 10 + index % 10), department=unit, executor=people["clerk"])
    return people


@pytest.mark.parametrize("role", ["registrar", "head", "clerk"])
def test_the_number_of_queries_does_not_grow_with_the_cases(hromada_a, hromada_b, role):
    few, many = _many(hromada_a, 2), _many(hromada_b, 40)

    def measure(hromada, user) -> tuple[int, int]:
        user = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            found = case_worklist.due_cases(worklist.Context(user, hromada, today=WEDNESDAY))
        return len(queries), len(found)

    few_queries, few_items = measure(hromada_a, few[role])
    many_queries, many_items = measure(hromada_b, many[role])
    assert (few_items, many_items) == (2, 40)
    assert few_queries == many_queries
