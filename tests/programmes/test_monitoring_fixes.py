"""Fixes to monitoring as staff and residents meet it: progress figures, snapshot dates, running totals."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hromada.programmes import progress, reports
from hromada.programmes.models import Indicator
from hromada.programmes.services import monitoring
from hromada.programmes.services import programme as svc
from tests.factories import InstitutionFactory
from tests.programmes.builders import approved_programme, manager

D = Decimal
WEBSITES = "Частка комунальних закладів із власним вебсайтом"


def dec(value):
    return None if value is None else D(value)


# --- 1. progress of an indicator --------------------------------------------------------------------------


@pytest.mark.parametrize(("baseline", "target", "actual", "expected"), [
    ("25", "50", "0", "0.0"),  # the demo's websites: below the baseline is no progress, not −100 %
    ("25", "50", "30", "20.0"),
    ("25", "50", "75", "100.0"),  # beyond the target: reached
    ("0", "8", "5", "62.5"),  # a zero baseline is a real start
    ("10", "0", "4", "60.0"),  # lower is better: a target below the baseline, falling towards it
    ("10", "0", "12", "0.0"),  # ... and rising away from it
    ("10", "0", "0", "100.0"),  # ... a zero target reached
    ("5", "5", "5", "100.0"),  # keep the level: kept
    ("5", "5", "6", None),  # ... not kept, and which side is better is unknown
    ("0", "0", "0", "100.0"),
    (None, "50", "20", None),  # no baseline: the way's start is unknown
    (None, "0", "3", None),
    ("25", None, "30", None),  # no target
    ("25", "50", None, None),  # no actual value
])
def test_share_of_the_way_has_no_nonsense_figures(baseline, target, actual, expected):
    assert progress.share_of_way(dec(baseline), dec(target), dec(actual)) == dec(expected)
    assert reports.achievement(dec(baseline), dec(target), dec(actual)) == expected


def _bar_value(page: str, name: str) -> str:
    match = re.search(re.escape(f'<span class="bar-label">{name}</span>') + r'.*?<span class="bar-value">(.*?)</span>',
                      page, re.S)
    assert match, name
    return match.group(1)


def _table_achievement(page: str, name: str) -> str:
    match = re.search(r"<tr><th scope=\"row\">" + re.escape(name) + r"</th>.*?</tr>", page, re.S)
    assert match, name
    return re.findall(r'<td class="num">(.*?)</td>', match.group(0))[-1]


@pytest.mark.django_db
def test_websites_indicator_below_its_baseline_reads_0_on_all_three_pages(client_a, hromada_a):
    """The demo's indicator: 25 % in 2025, target 50 % in 2026, the register has no institution with a website."""
    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    InstitutionFactory.create_batch(4, hromada=hromada_a, website="")
    svc.start_amendment(programme, actor=actor, hromada=hromada_a)
    svc.save_indicator(Indicator(programme=programme, name=WEBSITES, unit="%", baseline_value=D(25),
                                 baseline_year=2025, metric_key="core.institutions_with_website"),
                       actor=actor, hromada=hromada_a, targets={2026: D(50), 2027: D(75), 2028: D(100)})
    programme = svc.transition(programme, actor=actor, hromada=hromada_a, to="review")
    programme = svc.transition(programme, actor=actor, hromada=hromada_a, to="approved",
                               decision="Рішення сесії № 14/2", decided_on=date(2026, 1, 20))
    period = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    monitoring.take_snapshots(period, actor=actor, hromada=hromada_a, today=date(2026, 4, 2))
    assert programme.indicators.get(name=WEBSITES).years.get(year=2026).actual == D(0)

    client_a.force_login(actor)
    pages = {
        "dashboard": client_a.get(reverse("programmes:detail", args=[programme.pk])).content.decode(),
        "indicators": client_a.get(reverse("programmes:indicators", args=[programme.pk])).content.decode(),
    }
    client_a.logout()
    pages["portal"] = client_a.get(reverse("programmes_public:detail", args=[programme.pk])).content.decode()
    for name, page in pages.items():
        assert _bar_value(page, WEBSITES) == "0%", name
        assert _table_achievement(page, WEBSITES) == "0", name
        assert "-100" not in page and "−100" not in page, name
    data = reports.build(programme, 2026)
    section = next(s for s in data["effectiveness"]["sections"] if s["key"] == "indicators")
    row = next(r for r in section["rows"] if r["name"] == WEBSITES)
    assert (row["baseline"], row["target"], row["actual"], row["achievement"]) == ("25.000", "50.000", "0.000", "0.0")


# --- 2. live snapshots are the period's figures, dated at its end -----------------------------------------


def _programme_with_dated_and_undated_live_indicators(hromada, actor):
    from tests.programmes.builders import draft_programme

    programme = draft_programme(hromada, actor)  # has «Заклади громади» on core.institutions (undated)
    svc.save_indicator(Indicator(programme=programme, name="Працівники у платформі", unit="осіб",
                                 baseline_value=D(0), baseline_year=2025, metric_key="core.staff_accounts"),
                       actor=actor, hromada=hromada, targets={2026: D(8), 2027: D(12), 2028: D(15)})
    programme = svc.transition(programme, actor=actor, hromada=hromada, to="review")
    return svc.transition(programme, actor=actor, hromada=hromada, to="approved", decision="Рішення № 1",
                          decided_on=date(2025, 12, 20))


@pytest.mark.django_db
def test_a_q2_snapshot_taken_in_july_is_dated_30_june_and_dated_metrics_are_computed_then(client_a, hromada_a):
    from datetime import datetime

    from django.utils import timezone

    from hromada.core.models import RoleAssignment
    from tests.factories import member

    actor = manager(hromada_a)
    programme = _programme_with_dated_and_undated_live_indicators(hromada_a, actor)
    RoleAssignment.objects.filter(hromada=hromada_a).update(
        granted_at=timezone.make_aware(datetime(2026, 1, 10, 9)))
    later = member(hromada_a, "clerk")  # given the role in July: not a staff account as of 30 June
    RoleAssignment.objects.filter(user=later).update(granted_at=timezone.make_aware(datetime(2026, 7, 3, 9)))
    InstitutionFactory.create_batch(3, hromada=hromada_a)
    staff_on_30_june = RoleAssignment.objects.filter(
        hromada=hromada_a, granted_at__lt=timezone.make_aware(datetime(2026, 7, 1))).values("user").distinct().count()

    period = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=2)
    assert monitoring.take_snapshots(period, actor=actor, hromada=hromada_a, today=date(2026, 7, 8)) == 2
    staff = period.snapshots.get(indicator__metric_key="core.staff_accounts")
    institutions = period.snapshots.get(indicator__metric_key="core.institutions")
    assert (staff.taken_on, institutions.taken_on) == (date(2026, 6, 30), date(2026, 6, 30))
    assert staff.value == D(staff_on_30_june)
    assert staff.source == "Облікові записи, яким станом на дату надано роль працівника, станом на 30.06.2026"
    assert institutions.value == D(3)  # the register keeps no history: the state on the day, for Q2
    assert institutions.source.endswith(", стан на день зняття 08.07.2026")
    year_row = institutions.indicator.years.get(year=2026)
    assert (year_row.actual, year_row.actual_as_of, year_row.actual_source) == (D(3), date(2026, 6, 30),
                                                                                 institutions.source)
    period.refresh_from_db()
    assert period.snapshot_taken_on == date(2026, 7, 8)

    client_a.force_login(actor)
    page = client_a.get(reverse("programmes:period", args=[programme.pk, period.pk])).content.decode()
    assert "стан на день зняття 08.07.2026" in page and "станом на 30.06.2026" in page


@pytest.mark.django_db
def test_an_earlier_quarter_snapshotted_later_keeps_the_years_latest_value(hromada_a):
    actor = manager(hromada_a)
    programme = _programme_with_dated_and_undated_live_indicators(hromada_a, actor)
    q1 = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    q2 = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=2)
    InstitutionFactory.create_batch(2, hromada=hromada_a)
    monitoring.take_snapshots(q2, actor=actor, hromada=hromada_a, today=date(2026, 7, 2))
    InstitutionFactory.create_batch(3, hromada=hromada_a)
    monitoring.take_snapshots(q1, actor=actor, hromada=hromada_a, today=date(2026, 7, 3))  # late, for Q1
    indicator = programme.indicators.get(metric_key="core.institutions")
    assert q1.snapshots.get(indicator=indicator).value == D(5)
    assert q1.snapshots.get(indicator=indicator).taken_on == date(2026, 3, 31)
    year_row = indicator.years.get(year=2026)
    assert (year_row.actual, year_row.actual_as_of) == (D(2), date(2026, 6, 30))  # Q2's figure stays


# --- 4. a decimal comma in every numeric field of the module ----------------------------------------------


@pytest.mark.django_db
def test_passport_task_and_indicator_forms_read_a_comma_and_thousand_spaces(client_a, hromada_a):
    from hromada.programmes.models import ProgrammeFinancing, TaskFinancing
    from tests.programmes.builders import draft_programme

    actor = manager(hromada_a)
    programme = draft_programme(hromada_a, actor)
    client_a.force_login(actor)
    unit = programme.responsible_departments.first()
    passport = {
        "title": programme.title, "start_year": 2026, "end_year": 2028, "decree_title": "Про розроблення",
        "decree_date": "2025-09-01", "decree_number": "45-р", "goal": "Мета", "developer": unit.pk,
        "head_position": "Заступник", "head_name": "Тетяна Смірнова",
        "responsible_departments": [d.pk for d in programme.responsible_departments.all()],
        "financing-2026-total": "1\u00a0234,5", "financing-2026-local": "1 000,25", "financing-2026-other": "234.25",
        "financing-2027-total": "0", "financing-2027-local": "0", "financing-2027-other": "0",
        "financing-2028-total": "0", "financing-2028-local": "0", "financing-2028-other": "0",
    }
    response = client_a.post(reverse("programmes:passport", args=[programme.pk]), passport)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = ProgrammeFinancing.objects.get(programme=programme, year=2026)
    assert (row.total, row.local_budget, row.other_sources) == (D("1234.5"), D("1000.25"), D("234.25"))
    page = client_a.get(reverse("programmes:passport", args=[programme.pk])).content.decode()
    assert 'value="1234,500"' in page and 'value="1000,250"' in page  # shown the way it is read

    task = programme.tasks.first()
    page = client_a.get(reverse("programmes:task-edit", args=[programme.pk, task.pk])).content.decode()
    assert 'name="fin-2026-local" value="10,000"' in page
    form = {"direction": task.direction_id, "name": task.name, "project": task.project,
            "departments": [d.pk for d in task.departments.all()], "start_date": "2026-01-01",
            "end_date": "2026-12-31", "expected_result": "Результат", "fin-2026-local": "10,5",
            "fin-2026-other": "4,5", "fin-2027-local": "0", "fin-2027-other": "0", "fin-2028-local": "0",
            "fin-2028-other": "0"}
    response = client_a.post(reverse("programmes:task-edit", args=[programme.pk, task.pk]), form)
    assert response.status_code == 302
    assert TaskFinancing.objects.get(task=task, year=2026, source="local").planned == D("10.5")

    indicator = programme.indicators.get(name="Частка електронних звернень")
    form = {"name": indicator.name, "unit": "%", "baseline_value": "12,5", "baseline_year": "2025",
            "data_source": "", "metric_key": "", "target-2026": "20,5", "target-2027": "1 000", "target-2028": ""}
    response = client_a.post(reverse("programmes:indicator-edit", args=[programme.pk, indicator.pk]), form)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.baseline_value == D("12.5")
    assert {y.year: y.target for y in indicator.years.all()}[2027] == D(1000)
    page = client_a.get(reverse("programmes:indicator-edit", args=[programme.pk, indicator.pk])).content.decode()
    assert 'value="12,5"' in page and 'value="20,5"' in page

    form["baseline_value"] = "12,5,1"
    response = client_a.post(reverse("programmes:indicator-edit", args=[programme.pk, indicator.pk]), form)
    assert response.status_code == 400
    assert "Введіть число, наприклад 1 234,5." in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.baseline_value == D("12.5")


# --- 3. running totals carry over from the previous quarter ----------------------------------------------


def _report_form(tasks, **per_task) -> dict:
    form = {"summary": "Звіт", "submit": "1"}
    for task in tasks:
        form |= {f"task-{task.pk}-status": "in_progress", f"task-{task.pk}-percent_done": "50",
                 f"task-{task.pk}-actual_local": "0", f"task-{task.pk}-actual_other": "0",
                 f"task-{task.pk}-comment": "", f"task-{task.pk}-correction": ""}
        form |= {f"task-{task.pk}-{name}": value for name, value in per_task.items()}
    return form


@pytest.fixture
def two_quarters(hromada_a):
    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    q1 = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    report = q1.reports.order_by("department__name").first()
    tasks = list(monitoring.report_tasks(report))
    monitoring.save_unit_report(report, actor=actor, hromada=hromada_a, summary="I квартал", submit=True, progress={
        t.pk: {"status": "in_progress", "percent_done": 25, "actual_local": D("2.5"), "actual_other": D("1.25"),
               "comment": "Закуплено"} for t in tasks})
    q2 = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=2)
    from tests.programmes.builders import head_of

    head = head_of(hromada_a, report.department)
    return {"programme": programme, "q1": q1, "q2": q2, "tasks": tasks, "head": head,
            "report": q2.reports.get(department=report.department), "actor": actor}


def test_a_new_quarter_starts_from_the_previous_quarters_running_totals(client_a, two_quarters):
    world = two_quarters
    programme, q2, report = world["programme"], world["q2"], world["report"]
    client_a.force_login(world["head"])
    url = reverse("programmes:unit-report", args=[programme.pk, q2.pk, report.pk])
    page = client_a.get(url).content.decode()
    task = world["tasks"][0]
    assert f'name="task-{task.pk}-actual_local" value="2,500"' in page
    assert f'name="task-{task.pk}-actual_other" value="1,250"' in page
    assert "Подано за 1 квартал 2026 року: 2,500" in page

    # Submitting the defaults keeps the totals; nothing lowers the programme's actual financing.
    form = _report_form(world["tasks"], actual_local="2,500", actual_other="1,250")
    for t in world["tasks"]:
        form[f"task-{t.pk}-actual_local"] = client_a.get(url).context["form"][f"task-{t.pk}-actual_local"].value()
    assert client_a.post(url, form).status_code == 302
    from hromada.programmes.models import TaskFinancing

    assert TaskFinancing.objects.get(task=task, year=2026, source="local").actual == D("2.5")


def test_the_first_quarter_of_a_year_starts_from_zero(client_a, two_quarters, hromada_a):
    world = two_quarters
    q1_2027 = monitoring.open_period(world["programme"], actor=world["actor"], hromada=hromada_a, kind="quarter",
                                     year=2027, quarter=1)
    report = q1_2027.reports.get(department=world["report"].department)
    client_a.force_login(world["head"])
    page = client_a.get(reverse("programmes:unit-report", args=[world["programme"].pk, q1_2027.pk, report.pk]))
    task = world["tasks"][0]
    assert f'name="task-{task.pk}-actual_local" value="0,000"' in page.content.decode()
    assert "Подано за" not in page.content.decode()


def test_a_lower_running_total_is_refused_unless_corrected(client_a, two_quarters):
    from hromada.programmes.models import TaskFinancing, TaskProgress, UnitReport

    world = two_quarters
    programme, q2, report, tasks = world["programme"], world["q2"], world["report"], world["tasks"]
    client_a.force_login(world["head"])
    url = reverse("programmes:unit-report", args=[programme.pk, q2.pk, report.pk])
    response = client_a.post(url, _report_form(tasks, actual_local="1,5", actual_other="1,25"))
    assert response.status_code == 400
    form = response.context["form"]
    for task in tasks:
        assert form.errors[f"task-{task.pk}-actual_local"] == [
            f"«{task}»: це сума з початку року, вона не може бути меншою за 2,500, подані за 1 квартал 2026 року. "
            "Якщо ту суму вказано помилково, поясніть це в полі «Уточнення» цього завдання."]
        assert f"task-{task.pk}-actual_other" not in form.errors
    summary = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S).group(0)
    items = re.findall(r"<li><a [^>]*>(.*?): «", summary)
    assert items == [f"{t}: фактично з місцевого бюджету, тис. грн" for t in tasks]
    report.refresh_from_db()
    assert report.status == UnitReport.Status.DRAFT and not TaskProgress.objects.filter(report=report).exists()
    assert TaskFinancing.objects.get(task=tasks[0], year=2026, source="local").actual == D("2.5")

    form = _report_form(tasks, actual_local="1,5", actual_other="1,25",
                        correction="Повернено невикористаний аванс 1 тис. грн")
    assert client_a.post(url, form).status_code == 302
    row = TaskProgress.objects.get(report=report, task=tasks[0])
    assert (row.actual_local, row.correction) == (D("1.5"), "Повернено невикористаний аванс 1 тис. грн")
    assert TaskFinancing.objects.get(task=tasks[0], year=2026, source="local").actual == D("1.5")
    page = client_a.get(url).content.decode()
    assert "Уточнення" in page and "Повернено невикористаний аванс" in page


def test_unit_report_reads_a_comma_and_refuses_a_fraction_of_a_percent(client_a, two_quarters):
    from hromada.programmes.models import TaskProgress

    world = two_quarters
    programme, q2, report, tasks = world["programme"], world["q2"], world["report"], world["tasks"]
    client_a.force_login(world["head"])
    url = reverse("programmes:unit-report", args=[programme.pk, q2.pk, report.pk])
    response = client_a.post(url, _report_form(tasks, actual_local="1\u00a0045,5", actual_other="1,25",
                                               percent_done="45,5"))
    assert response.status_code == 400
    assert response.context["form"].errors[f"task-{tasks[0].pk}-percent_done"] == ["Введіть ціле число."]
    assert client_a.post(url, _report_form(tasks, actual_local="1\u00a0045,5", actual_other="1,25",
                                           percent_done="45")).status_code == 302
    assert TaskProgress.objects.get(report=report, task=tasks[0]).actual_local == D("1045.5")


# --- 5. periods that ended unopened: flagged, opened by the daily job, on the head's worklist ---------------


def test_ended_quarters_without_a_period_are_listed_and_opened_once(hromada_a):
    from hromada.programmes.models import MonitoringPeriod, UnitReport

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)  # 2026–2028, approved 20.12.2025
    monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    due = monitoring.unopened_periods(programme, date(2026, 7, 1))
    assert [(d.kind, d.year, d.quarter, d.period_end, d.due_date) for d in due] == [
        ("quarter", 2026, 2, date(2026, 6, 30), date(2026, 7, 6))]  # 5 July 2026 is a Sunday
    assert monitoring.unopened_periods(programme, date(2026, 6, 30)) == []  # the quarter's last day: not yet

    opened = monitoring.open_due_periods(date(2027, 1, 2))
    assert [str(p) for p in opened] == ["2 квартал 2026 року", "3 квартал 2026 року", "4 квартал 2026 року",
                                        "2026 рік"]
    assert monitoring.open_due_periods(date(2027, 1, 2)) == []  # a second run opens nothing twice
    assert MonitoringPeriod.objects.filter(programme=programme).count() == 5
    assert UnitReport.objects.filter(period__programme=programme).count() == 5 * 2
    year = MonitoringPeriod.objects.get(programme=programme, kind="year")
    assert (year.due_date, year.consolidation_due) == (date(2027, 2, 1), date(2027, 3, 1))  # 31.01.2027: Sunday


def test_nothing_is_owed_before_the_first_approval_or_by_a_completed_programme(hromada_a):
    from hromada.programmes.models import Programme
    from tests.programmes.builders import draft_programme

    actor = manager(hromada_a)
    draft = draft_programme(hromada_a, actor)
    assert monitoring.unopened_periods(draft, date(2027, 1, 2)) == []
    late = approved_programme(hromada_a, actor)
    late.versions.update(approval_date=date(2026, 5, 15))  # approved in the middle of Q2
    assert [(d.year, d.quarter) for d in monitoring.unopened_periods(late, date(2026, 10, 1))] == [(2026, 2), (2026, 3)]
    Programme.objects.filter(pk=late.pk).update(status="completed")
    late.refresh_from_db()
    assert monitoring.unopened_periods(late, date(2026, 10, 1)) == []
    assert monitoring.open_due_periods(date(2026, 10, 1)) == []


def test_the_job_is_scheduled_daily_and_idempotent(hromada_a):
    from django.utils import timezone

    from hromada.core import jobs

    job = jobs.get("programme-open-periods")
    assert job.cron == "10 6 * * *"
    programme = approved_programme(hromada_a, manager(hromada_a))
    expected = len(monitoring.unopened_periods(programme, timezone.localdate()))
    first, second = jobs.run_now("programme-open-periods"), jobs.run_now("programme-open-periods")
    assert (first.status, second.status) == ("succeeded", "succeeded")
    assert first.output.startswith(f"periods opened: {expected}")
    assert second.output == "periods opened: 0"
    assert programme.periods.count() == expected


def test_the_monitoring_page_flags_ended_periods_and_the_manager_opens_one(client_a, hromada_a):
    from django.utils import timezone

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    unopened = monitoring.unopened_periods(programme, timezone.localdate())
    client_a.force_login(actor)
    url = reverse("programmes:monitoring", args=[programme.pk])
    page = client_a.get(url).content.decode()
    if not unopened:  # the programme's first quarter has not ended yet today
        assert "Періоди завершилися, а звітний період не відкрито" not in page
        return
    assert "Періоди завершилися, а звітний період не відкрито" in page
    first = unopened[0]
    assert f"Відкрити {first}" in page
    response = client_a.post(url, {"kind": first.kind, "year": first.year, "quarter": first.quarter or ""})
    assert response.status_code == 302
    assert programme.periods.filter(kind=first.kind, year=first.year, quarter=first.quarter).exists()
    assert f"Відкрити {first}<" not in client_a.get(url).content.decode()


def test_the_department_head_finds_the_units_due_report_on_the_start_page(client_a, hromada_a):
    from tests.programmes.builders import head_of

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    period = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    own, other = period.reports.order_by("department__name")
    client_a.force_login(head_of(hromada_a, own.department))
    page = client_a.get("/staff/").content.decode()
    own_url = reverse("programmes:unit-report", args=[programme.pk, period.pk, own.pk])
    other_url = reverse("programmes:unit-report", args=[programme.pk, period.pk, other.pk])
    assert own_url in page and other_url not in page
    assert "1 квартал 2026 року" in page


# --- 6. the portal offers the approved documents and links the approving decision --------------------------


def test_anonymous_visitors_download_the_approved_programme_and_its_annexes(client_a, hromada_a):
    import io

    from docx import Document
    from openpyxl import load_workbook

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    programme = svc.start_amendment(programme, actor=actor, hromada=hromada_a)
    svc.update_passport(programme, actor=actor, hromada=hromada_a, fields={"title": "Нова назва в роботі"},
                        departments=programme.responsible_departments.all())
    page = client_a.get(reverse("programmes_public:detail", args=[programme.pk])).content.decode()
    document_url = reverse("programmes_public:document", args=[programme.pk])
    annex_urls = [reverse("programmes_public:annex", args=[programme.pk, a, f]) for a in "12" for f in ("docx", "xlsx")]
    for url in [document_url, *annex_urls]:
        assert f'href="{url}"' in page
    assert "У затвердженій редакції (версія 1 від" in page

    response = client_a.get(document_url)  # anonymous
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="programme-{programme.pk}-v1.docx"'
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Програма інформатизації «Цифрова громада»" in text and "Нова назва в роботі" not in text
    for url in annex_urls:
        response = client_a.get(url)
        assert response.status_code == 200, url
    sheet = load_workbook(io.BytesIO(client_a.get(annex_urls[1]).content)).active
    assert any("Завдання 1" in str(c.value) for row in sheet.iter_rows() for c in row)
    assert client_a.get(reverse("programmes_public:annex", args=[programme.pk, "3", "docx"])).status_code == 404


def test_drafts_and_other_hromadas_programmes_have_no_public_documents(client_a, hromada_a, hromada_b):
    from tests.programmes.builders import draft_programme

    draft = draft_programme(hromada_a, manager(hromada_a))
    foreign = approved_programme(hromada_b, manager(hromada_b))
    for programme in (draft, foreign):
        assert client_a.get(reverse("programmes_public:document", args=[programme.pk])).status_code == 404
        assert client_a.get(reverse("programmes_public:annex", args=[programme.pk, "1", "xlsx"])).status_code == 404


def test_the_approving_decision_links_to_its_act_when_the_registry_has_it(client_a, hromada_a, hromada_b):
    from hromada.acts import services as acts_svc
    from tests.acts.builders import act, secretary

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)  # «Рішення сесії № 12/3» of 20.12.2025
    url = reverse("programmes_public:detail", args=[programme.pk])
    assert "рішення в реєстрі актів" not in client_a.get(url).content.decode()

    clerk = secretary(hromada_a)
    other_date = act(hromada_a, clerk, number="12/3", when=date(2025, 11, 20), title="Інше рішення")
    acts_svc.publish_act(other_date, actor=clerk, hromada=hromada_a)
    foreign_clerk = secretary(hromada_b)
    foreign = act(hromada_b, foreign_clerk, number="12/3", when=date(2025, 12, 20), title="Рішення іншої громади")
    acts_svc.publish_act(foreign, actor=foreign_clerk, hromada=hromada_b)
    unpublished = act(hromada_a, clerk, number="12/3", when=date(2025, 12, 20), title="Про програму",
                      type="executive_decision")
    assert "рішення в реєстрі актів" not in client_a.get(url).content.decode()

    acts_svc.publish_act(unpublished, actor=clerk, hromada=hromada_a)
    page = client_a.get(url).content.decode()
    link = reverse("acts_public:detail", args=[unpublished.pk])
    assert f'<a href="{link}">рішення в реєстрі актів</a>' in page


@pytest.mark.parametrize(("decision", "number"), [
    ("Рішення сесії Могилівської сільської ради № 45-3/VIII", "45-3/VIII"),
    ("рішення №12/3, від 20.12.2025", "12/3"),
    ("Рішення № 154.", "154"),
    ("Рішення сесії без номера", None),
])
def test_the_decision_number_is_read_from_the_approval_text(decision, number, monkeypatch):
    from hromada.acts import selectors as acts_selectors
    from hromada.programmes import selectors

    seen = []
    monkeypatch.setattr(acts_selectors, "public_act_by_number", lambda h, n, d: seen.append(n))
    selectors.approving_act(None, decision, date(2025, 12, 20))
    assert seen == ([] if number is None else [number])


def test_the_api_refuses_a_lower_running_total_without_a_correction(two_quarters):
    from tests.apiclient import ApiClient, field_errors, ok

    world = two_quarters
    programme, q2, report, tasks = world["programme"], world["q2"], world["report"], world["tasks"]
    api = ApiClient(world["head"])
    url = f"/programmes/{programme.pk}/periods/{q2.pk}/reports/{report.pk}"
    rows = [{"task_id": t.pk, "status": "in_progress", "percent_done": 50, "actual_local": "2.000",
             "actual_other": "1.250"} for t in tasks]
    errors = field_errors(api.put(url, {"summary": "", "progress": rows}))
    assert set(errors) == {f"task-{t.pk}-actual_local" for t in tasks}
    assert errors[f"task-{tasks[0].pk}-actual_local"].startswith(f"«{tasks[0]}»: це сума з початку року")
    rows[0]["correction"] = rows[1]["correction"] = "Повернено аванс"
    body = ok(api.put(url, {"summary": "", "progress": rows}))
    assert [(t["actual_local"], t["correction"]) for t in body["tasks"]] == [("2.000", "Повернено аванс")] * 2
