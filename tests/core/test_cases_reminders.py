"""Deadline reminders and escalation: D-2 working days and D-0 to whoever acts on the case, overdue to the
unit's head, the executive head and the registrars; each notice once a day however often the job runs; a
staff-only event per notice; terms in hours reminded 4 hours before and escalated once passed."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core import jobs
from hromada.core.cases import reminders
from hromada.core.models import CalendarException, CaseEvent, Notice
from tests.core.case_builders import at, case, freeze, staff
from tests.factories import DepartmentFactory, member

pytestmark = pytest.mark.django_db

WEDNESDAY, FRIDAY, MONDAY = date(2026, 11, 18), date(2026, 11, 20), date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    freeze(monkeypatch, at(2026, 11, 18, 7))


@pytest.fixture
def people(hromada_a):
    roads = DepartmentFactory(hromada=hromada_a, name="Відділ доріг")
    return {
        "roads": roads,
        "registrar": member(hromada_a, "case_registrar", full_name="Реєстратор"),
        "admin": member(hromada_a, "hromada_admin", full_name="Голова громади"),
        "head": staff(hromada_a, "department_head", roads, full_name="Начальник"),
        "clerk": staff(hromada_a, "clerk", roads, full_name="Виконавець"),
        "water_head": staff(hromada_a, "department_head", DepartmentFactory(hromada=hromada_a),
                            full_name="Інший начальник"),
    }


def sent(user) -> list[str]:
    return list(Notice.objects.filter(recipient=user, kind="cases.deadline").order_by("id")
                .values_list("subject", flat=True))


def test_two_working_days_before_and_on_the_day_the_executor_is_reminded(hromada_a, people):
    friday = case(hromada_a, due=FRIDAY, department=people["roads"], executor=people["clerk"], subject="Дорога")
    today = case(hromada_a, due=WEDNESDAY, department=people["roads"], executor=people["clerk"], subject="Міст")
    case(hromada_a, due=MONDAY, department=people["roads"], executor=people["clerk"], subject="Пізніше")
    case(hromada_a, due=WEDNESDAY, department=people["roads"], executor=people["clerk"], status="answered",
         answered=at(2026, 11, 17, 9), subject="Відповіли")

    assert reminders.send_daily() == 2
    assert sent(people["clerk"]) == [f"Строк сьогодні: № {today.number} «Міст», до 18 листопада 2026 р.",
                                     f"Строк через 2 робочі дні: № {friday.number} «Дорога», до 20 листопада 2026 р."]
    for user in ("head", "admin", "registrar"):
        assert sent(people[user]) == []
    events = CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDED).order_by("case_id")
    assert [(event.case_id, event.public, event.data["what"], event.data["to"]) for event in events] == [
        (friday.pk, False, "d2", people["clerk"].pk), (today.pk, False, "d0", people["clerk"].pk)]


def test_a_holiday_moves_the_two_working_days(hromada_a, people):
    CalendarException.objects.create(hromada=hromada_a, date=date(2026, 11, 19), kind="day_off",
                                     reason="День громади")
    monday = case(hromada_a, due=MONDAY, department=people["roads"], executor=people["clerk"])
    case(hromada_a, due=FRIDAY, department=people["roads"], executor=people["clerk"])  # 1 working day: no notice
    assert reminders.send_daily() == 1
    assert CaseEvent.objects.get().case_id == monday.pk


def test_an_unassigned_case_reminds_the_units_head_or_the_registrars(hromada_a, people):
    case(hromada_a, due=WEDNESDAY, department=people["roads"], subject="Без виконавця")
    case(hromada_a, due=WEDNESDAY, subject="Без відділу")
    assert reminders.send_daily() == 2
    assert [("Без виконавця" in s) for s in sent(people["head"])] == [True]
    assert [("Без відділу" in s) for s in sent(people["registrar"])] == [True]
    assert sent(people["water_head"]) == [] and sent(people["admin"]) == []


def test_an_overdue_case_is_escalated_to_the_head_the_executive_head_and_the_registrars(hromada_a, people):
    overdue = case(hromada_a, due=date(2026, 11, 16), department=people["roads"], executor=people["clerk"],
                   subject="Прострочена")
    assert reminders.send_daily() == 4
    for user in ("clerk", "head", "admin", "registrar"):
        assert sent(people[user]) == [f"Прострочено: № {overdue.number} «Прострочена», строк був до "
                                      "16 листопада 2026 р."], user
    assert sent(people["water_head"]) == []
    events = CaseEvent.objects.filter(case=overdue, public=False)
    assert sorted((event.kind, event.data["to"]) for event in events) == sorted([
        ("reminded", people["clerk"].pk), ("escalated", people["head"].pk), ("escalated", people["admin"].pk),
        ("escalated", people["registrar"].pk)])


def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_escalates_again(hromada_a, people, monkeypatch):
    case(hromada_a, due=date(2026, 11, 16), department=people["roads"], executor=people["clerk"])
    case(hromada_a, due=FRIDAY, department=people["roads"], executor=people["clerk"])
    assert reminders.send_daily() == 5
    jobs.run_now("cases-deadline-reminders")
    assert reminders.send_daily() == 0
    assert Notice.objects.count() == 5 and CaseEvent.objects.count() == 5
    freeze(monkeypatch, at(2026, 11, 19, 7))
    assert reminders.send_daily() == 4  # the overdue one again; Friday is now one working day away
    assert reminders.send_daily() == 0


def test_another_hromadas_staff_are_not_told(hromada_a, hromada_b, people):
    member(hromada_b, "hromada_admin")
    case(hromada_a, due=date(2026, 11, 16), department=people["roads"])
    reminders.send_daily()
    assert Notice.objects.exclude(hromada=hromada_a).count() == 0


def test_a_term_in_hours_is_reminded_four_hours_before_and_escalated_when_passed(hromada_a, people, monkeypatch):
    urgent = case(hromada_a, due=WEDNESDAY, department=people["roads"], executor=people["clerk"], urgent=True,
                  unit="hours", due_at=at(2026, 11, 18, 12), kind="info_request", subject="Аварія")
    freeze(monkeypatch, at(2026, 11, 18, 7, 5))
    assert reminders.send_hourly() == 0  # five hours before
    freeze(monkeypatch, at(2026, 11, 18, 8, 5))
    assert reminders.send_hourly() == 1
    assert reminders.send_hourly() == 0
    assert sent(people["clerk"]) == [
        f"Строк спливає протягом 4 год: № {urgent.number} «Аварія», до 18 листопада 2026 р., 12:00"]
    freeze(monkeypatch, at(2026, 11, 18, 12, 5))
    assert reminders.send_hourly() == 4  # the executor, the head, the executive head, the registrars
    jobs.run_now("cases-hourly-reminders")
    assert reminders.send_hourly() == 0
    assert list(CaseEvent.objects.filter(case=urgent).order_by("id").values_list("kind", flat=True)) == [
        "reminded", "reminded", "escalated", "escalated", "escalated"]


def _overdue(hromada, count: int) -> None:
    unit = DepartmentFactory(hromada=hromada)
    staff(hromada, "department_head", unit)
    member(hromada, "hromada_admin")
    for _ in range(count):
        case(hromada, due=date(2026, 11, 16), department=unit)


def test_the_queries_to_find_whom_to_tell_do_not_grow_with_the_cases(hromada_a, hromada_b):
    _overdue(hromada_a, 2)
    _overdue(hromada_b, 20)
    reminders.send_daily()  # every notice sent once: what is left is reading the candidates and the staff
    counts = []
    for hromada in (hromada_a, hromada_b):
        with CaptureQueriesContext(connection) as queries:
            assert reminders.send_daily(hromada) == 0
        counts.append(len([query for query in queries if query["sql"].lstrip().upper().startswith("SELECT")
                           and ('"core_case"' in query["sql"] or '"core_roleassignment"' in query["sql"])]))
    assert counts == [2, 2]
