"""What monitoring of the programme puts on the staff worklist: unit reports due or overdue, years to consolidate,
for each persona — with the dashboard's judgement of lateness and the reminder job's "soon"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hromada.core import worklist
from hromada.programmes import dashboard, deadlines
from hromada.programmes.services import monitoring
from hromada.programmes.services import programme as svc
from tests.factories import member
from tests.programmes.builders import approved_programme, head_of, manager

pytestmark = pytest.mark.django_db

REPORT, CONSOLIDATION = "programmes.report", "programmes.consolidation"
QUARTER_BASIS = "Типова програма інформатизації Мінцифри (2024), розд. VI: до 5 числа місяця після кварталу"


@pytest.fixture
def setup(hromada_a):
    """An approved programme of two units with the first quarter of 2026 open; nothing is reported yet."""
    boss = manager(hromada_a)
    programme = approved_programme(hromada_a, boss, start_year=2026, end_year=2028, units=2, tasks_per_unit=1)
    period = monitoring.open_period(programme, actor=boss, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    reports = list(period.reports.order_by("department__name"))
    return {"manager": boss, "programme": programme, "period": period, "reports": reports,
            "head": head_of(hromada_a, reports[0].department)}


def items(user, hromada, today, kind=REPORT):
    return [item for item in worklist.collect(worklist.Context(user, hromada, today=today)) if item.kind == kind]


def test_the_manager_sees_every_units_overdue_report(setup, hromada_a):
    period, reports = setup["period"], setup["reports"]
    found = items(setup["manager"], hromada_a, period.due_date + timedelta(days=1))
    assert [(item.unit, item.state, item.deadline) for item in found] == [
        (reports[0].department.name, "overdue", period.due_date),
        (reports[1].department.name, "overdue", period.due_date)]
    first = found[0]
    assert first.title == "Звіт про моніторинг за 1 квартал 2026 року"
    assert first.url == f"/staff/programmes/{setup['programme'].pk}/monitoring/{period.pk}/reports/{reports[0].pk}/"
    assert first.basis == QUARTER_BASIS
    assert first.detail == setup["programme"].title
    assert first.working_days is False


def test_the_manager_is_not_given_reports_that_are_not_due_yet(setup, hromada_a):
    period = setup["period"]
    assert items(setup["manager"], hromada_a, period.due_date) == []
    assert items(setup["manager"], hromada_a, period.due_date - timedelta(days=20)) == []


def test_lateness_is_the_dashboards(setup, hromada_a):
    period, programme = setup["period"], setup["programme"]
    for today in (period.due_date - timedelta(days=1), period.due_date, period.due_date + timedelta(days=1)):
        missing = {row["report"].department.name for board in dashboard.period_boards(programme, today=today)
                   for row in board.rows if row["state"] == "missing"}
        assert {item.unit for item in items(setup["manager"], hromada_a, today)} == missing


def test_a_department_head_sees_the_own_units_report_due_soon_today_and_overdue(setup, hromada_a):
    period, head, own = setup["period"], setup["head"], setup["reports"][0]
    reminder = deadlines.reminder_date(hromada_a, period.due_date)
    expected = {
        period.due_date - timedelta(days=40): "open",
        reminder - timedelta(days=1): "open",
        reminder: "soon",
        period.due_date: "today",
        period.due_date + timedelta(days=3): "overdue",
    }
    for today, state in expected.items():
        found = items(head, hromada_a, today)
        assert [(item.unit, item.state) for item in found] == [(own.department.name, state)], today


def test_a_submitted_report_leaves_the_list(setup, hromada_a):
    period, head, own = setup["period"], setup["head"], setup["reports"][0]
    tasks = monitoring.report_tasks(own)
    monitoring.save_unit_report(own, actor=head, hromada=hromada_a, summary="Виконано",
                                progress={t.pk: {"status": "done", "percent_done": 100} for t in tasks}, submit=True)
    after = period.due_date + timedelta(days=1)
    assert items(head, hromada_a, after) == []
    assert [item.unit for item in items(setup["manager"], hromada_a, after)] == [setup["reports"][1].department.name]


def test_a_completed_programme_asks_for_nothing(setup, hromada_a):
    programme = svc.transition(setup["programme"], actor=setup["manager"], hromada=hromada_a, to="execution")
    svc.transition(programme, actor=setup["manager"], hromada=hromada_a, to="completed")
    assert items(setup["manager"], hromada_a, setup["period"].due_date + timedelta(days=1)) == []


def test_years_to_consolidate_are_the_managers(setup, hromada_a):
    year = monitoring.open_period(setup["programme"], actor=setup["manager"], hromada=hromada_a, kind="year",
                                  year=2026)
    after = year.consolidation_due + timedelta(days=1)
    found = items(setup["manager"], hromada_a, after, kind=CONSOLIDATION)
    assert [(item.title, item.deadline, item.state) for item in found] == [
        ("Звести річні звіти за 2026 рік", year.consolidation_due, "overdue")]
    assert found[0].url == f"/staff/programmes/{setup['programme'].pk}/reports/2026/"
    assert found[0].basis == "Типова програма інформатизації Мінцифри (2024), розд. VI: річні звіти до 1 березня"
    assert items(setup["manager"], hromada_a, year.consolidation_due - timedelta(days=30),
                 kind=CONSOLIDATION)[0].state == "open"
    assert items(setup["head"], hromada_a, after, kind=CONSOLIDATION) == []
    # The year's unit reports are due by 31 January.
    annual = items(setup["head"], hromada_a, year.due_date)
    assert [(item.deadline, item.state) for item in annual if item.deadline == year.due_date] == [
        (year.due_date, "today")]
    assert annual[-1].basis == "Типова програма інформатизації Мінцифри (2024), розд. VI: звіти підрозділів до 31 січня"

    monitoring.consolidate_year(setup["programme"], actor=setup["manager"], hromada=hromada_a, year=2026)
    assert items(setup["manager"], hromada_a, after, kind=CONSOLIDATION) == []


def test_the_basis_follows_the_hromadas_setting(setup, hromada_a):
    hromada_a.settings = {"programmes.quarterly_due_day": 10}
    hromada_a.save()
    found = items(setup["manager"], hromada_a, setup["period"].due_date + timedelta(days=1))
    assert found[0].basis == QUARTER_BASIS.replace("до 5 числа", "до 10 числа")


@pytest.mark.parametrize("role", ["clerk", "council_secretary", "cnap_admin", "resident"])
def test_roles_that_do_not_report_see_none(setup, hromada_a, role):
    user = member(hromada_a, role)
    assert items(user, hromada_a, setup["period"].due_date + timedelta(days=1)) == []


def test_another_hromadas_reports_never_appear(setup, hromada_a, hromada_b):
    after = setup["period"].due_date + timedelta(days=1)
    assert items(manager(hromada_b), hromada_b, after) == []
    assert items(member(hromada_b, "hromada_admin"), hromada_b, after) == []


def test_the_hromada_admin_sees_what_the_manager_sees(setup, hromada_a):
    after = setup["period"].due_date + timedelta(days=1)
    assert items(member(hromada_a, "hromada_admin"), hromada_a, after) == items(setup["manager"], hromada_a, after)
