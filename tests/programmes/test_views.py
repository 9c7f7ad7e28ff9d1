"""The programme manager's path in the browser: empty hromada → approved programme → a quarter's reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hromada.programmes.models import (
    Direction,
    MonitoringPeriod,
    Programme,
    ProgrammeFinancing,
    Task,
    TaskFinancing,
    UnitReport,
)
from hromada.programmes.services import monitoring
from tests.factories import DepartmentFactory, member
from tests.programmes.builders import approved_programme, draft_programme, head_of, manager
from tests.tasktools import run_enqueued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client_a, hromada_a):
    user = manager(hromada_a)
    client_a.force_login(user)
    client_a.user = user
    return client_a


def test_manager_goes_from_an_empty_hromada_to_an_approved_programme(manager_client, hromada_a):
    unit = DepartmentFactory(hromada=hromada_a, name="Загальний відділ")
    response = manager_client.post(reverse("programmes:list"), {"title": "Цифрова громада", "start_year": 2026,
                                                               "end_year": 2028})
    programme = Programme.objects.get(hromada=hromada_a)
    assert response.status_code == 302
    assert list(programme.financing.values_list("year", flat=True)) == [2026, 2027, 2028]

    passport = {
        "title": "Цифрова громада", "start_year": 2026, "end_year": 2028, "decree_title": "Про розроблення",
        "decree_date": "2025-09-01", "decree_number": "45-р", "goal": "Мета", "developer": unit.pk,
        "head_position": "Заступник", "head_name": "Тетяна Смірнова", "responsible_departments": [unit.pk],
        "financing-2026-total": "100.500", "financing-2026-local": "80.000", "financing-2026-other": "20.000",
        "financing-2027-total": "0", "financing-2027-local": "0", "financing-2027-other": "0",
        "financing-2028-total": "0", "financing-2028-local": "0", "financing-2028-other": "0",
    }
    response = manager_client.post(reverse("programmes:passport", args=[programme.pk]), passport)
    assert response.status_code == 400
    assert "100.000" in response.content.decode() and "100.500" in response.content.decode()
    programme.refresh_from_db()
    assert programme.goal == ""  # nothing saved

    passport["financing-2026-total"] = "100.000"
    response = manager_client.post(reverse("programmes:passport", args=[programme.pk]), passport)
    assert response.status_code == 302
    assert ProgrammeFinancing.objects.get(programme=programme, year=2026).local_budget == Decimal("80.000")

    manager_client.post(reverse("programmes:directions", args=[programme.pk]), {"keys": ["governance"]})
    direction = Direction.objects.get(programme=programme)
    assert direction.catalogue_key == "governance"

    task_data = {
        "direction": direction.pk, "name": "Розвиток системи електронного документообігу", "project": "СЕД",
        "departments": [unit.pk], "start_date": "2025-03-01", "end_date": "2026-12-31", "expected_result": "СЕД",
        "fin-2026-local": "80", "fin-2026-other": "20", "fin-2027-local": "0", "fin-2027-other": "0",
        "fin-2028-local": "0", "fin-2028-other": "0",
    }
    response = manager_client.post(reverse("programmes:task-create", args=[programme.pk]), task_data)
    assert response.status_code == 400
    assert "2026–2028" in response.content.decode()
    assert not Task.objects.exists()
    task_data["start_date"] = "2026-03-01"
    assert manager_client.post(reverse("programmes:task-create", args=[programme.pk]), task_data).status_code == 302

    indicator = {"name": "Заклади", "unit": "од.", "metric_key": "core.institutions", "baseline_value": "0",
                 "baseline_year": 2025, "target-2026": "2", "target-2027": "3", "target-2028": "4"}
    url = reverse("programmes:indicator-create", args=[programme.pk])
    assert manager_client.post(url, indicator).status_code == 302

    transition = reverse("programmes:transition", args=[programme.pk])
    manager_client.post(transition, {"to": "review"})
    programme.refresh_from_db()
    assert programme.status == "review"
    manager_client.post(transition, {"to": "approved", "decision": "", "decided_on": "2025-12-20"})
    programme.refresh_from_db()
    assert programme.status == "review"  # the decision is required
    manager_client.post(transition, {"to": "approved", "decision": "Рішення № 12/3", "decided_on": "2025-12-20"})
    programme.refresh_from_db()
    assert (programme.status, programme.version) == ("approved", 1)
    assert programme.versions.get().snapshot["passport"]["financing_total"]["total"] == "100.000"


def test_incomplete_draft_cannot_go_to_review_and_the_page_says_why(manager_client, hromada_a):
    programme = Programme.objects.create(hromada=hromada_a, title="Порожня", start_year=2026, end_year=2028)
    response = manager_client.post(reverse("programmes:transition", args=[programme.pk]), {"to": "review"},
                                   follow=True)
    programme.refresh_from_db()
    assert programme.status == "draft"
    page = response.content.decode()
    assert "Annex 1" in page or "Додаток 1" in page


def test_a_quarter_of_reports_with_one_late_unit(manager_client, hromada_a, settings):
    programme = approved_programme(hromada_a, manager_client.user)
    period = monitoring.open_period(programme, actor=manager_client.user, hromada=hromada_a, kind="quarter",
                                    year=2026, quarter=1)
    assert period.due_date == date(2026, 4, 6)  # 5 April 2026 is a Sunday: the next working day
    reports = list(period.reports.select_related("department"))
    assert len(reports) == 2
    on_time, late = reports
    head = head_of(hromada_a, on_time.department)
    manager_client.force_login(head)
    url = reverse("programmes:unit-report", args=[programme.pk, period.pk, on_time.pk])
    tasks = list(monitoring.report_tasks(on_time))
    form = {"summary": "Усе за планом", "submit": "1"}
    for task in tasks:
        form |= {f"task-{task.pk}-status": "in_progress", f"task-{task.pk}-percent_done": "150",
                 f"task-{task.pk}-actual_local": "2.5", f"task-{task.pk}-actual_other": "0",
                 f"task-{task.pk}-comment": "Закуплено"}
    response = manager_client.post(url, form)
    assert response.status_code == 400
    on_time.refresh_from_db()
    assert on_time.status == UnitReport.Status.DRAFT
    for task in tasks:
        form[f"task-{task.pk}-percent_done"] = "40"
    assert manager_client.post(url, form).status_code == 302
    on_time.refresh_from_db()
    assert on_time.status == UnitReport.Status.SUBMITTED
    assert Task.objects.get(pk=tasks[0].pk).percent_done == 40
    assert TaskFinancing.objects.get(task=tasks[0], year=2026, source="local").actual == Decimal("2.500")

    # The other unit's head may not touch this unit's report, and vice versa.
    other_url = reverse("programmes:unit-report", args=[programme.pk, period.pk, late.pk])
    assert manager_client.post(other_url, {"summary": "x"}).status_code == 403

    # Submitted today, long after 6 April: late; the other unit has not submitted at all: missing.
    board = monitoring.period_board(period, today=date(2026, 4, 7))
    states = {row["report"].department_id: row["state"] for row in board}
    assert states == {on_time.department_id: "late", late.department_id: "missing"}
    UnitReport.objects.filter(pk=on_time.pk).update(
        submitted_at=timezone.make_aware(datetime(2026, 4, 6, 23, 30)))  # Kyiv time, the last day
    states = {row["report"].department_id: row["state"] for row in monitoring.period_board(period, date(2026, 4, 7))}
    assert states[on_time.department_id] == "on_time"
    assert {row["state"] for row in monitoring.period_board(period, date(2026, 4, 6))} == {"on_time", "pending"}


def test_reminders_go_once_before_the_deadline_and_once_when_overdue(hromada_a, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    period = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    for report in period.reports.all():
        head_of(hromada_a, report.department)

    def remind(day):
        with django_capture_on_commit_callbacks(execute=True):
            count = monitoring.send_reminders(today=day)
        run_enqueued_tasks()
        return count

    assert remind(date(2026, 3, 30)) == 0
    assert remind(date(2026, 4, 1)) == 2  # 3 working days before 6 April
    assert remind(date(2026, 4, 2)) == 0
    assert len(mailoutbox) == 2
    assert "06.04.2026" in mailoutbox[0].subject
    assert remind(date(2026, 4, 7)) == 2
    assert remind(date(2026, 4, 8)) == 0
    assert len(mailoutbox) == 4


def test_dashboard_queries_do_not_grow_with_the_number_of_tasks(manager_client, hromada_a):
    def count_for(programme):
        manager_client.get(reverse("programmes:detail", args=[programme.pk]))  # warm caches
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.get(reverse("programmes:detail", args=[programme.pk]))
        assert response.status_code == 200
        return len(queries)

    small = approved_programme(hromada_a, manager_client.user, tasks_per_unit=1, units=1)
    monitoring.open_period(small, actor=manager_client.user, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    large = approved_programme(hromada_a, manager_client.user, tasks_per_unit=15, units=4)
    monitoring.open_period(large, actor=manager_client.user, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    assert count_for(small) == count_for(large)


def test_task_list_queries_do_not_grow_with_the_page(manager_client, hromada_a):
    def count_for(programme):
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(reverse("programmes:tasks", args=[programme.pk])).status_code == 200
        return len(queries)

    small = draft_programme(hromada_a, manager_client.user, tasks_per_unit=1, units=1)
    large = draft_programme(hromada_a, manager_client.user, tasks_per_unit=10, units=2)
    assert count_for(small) == count_for(large)


@pytest.mark.parametrize("role, status", [("resident", 403), ("clerk", 200), ("department_head", 200),
                                          ("programme_manager", 200), ("hromada_admin", 200)])
def test_who_sees_the_programme_pages(client_a, hromada_a, role, status):
    programme = draft_programme(hromada_a, manager(hromada_a))
    client_a.force_login(member(hromada_a, role))
    assert client_a.get(reverse("programmes:detail", args=[programme.pk])).status_code == status
    assert client_a.get(reverse("programmes:tasks", args=[programme.pk])).status_code == status


@pytest.mark.parametrize("role, status", [("clerk", 403), ("department_head", 403), ("programme_manager", 200),
                                          ("hromada_admin", 200)])
def test_only_managers_edit_the_programme(client_a, hromada_a, role, status):
    programme = draft_programme(hromada_a, manager(hromada_a))
    client_a.force_login(member(hromada_a, role))
    assert client_a.get(reverse("programmes:passport", args=[programme.pk])).status_code == status
    response = client_a.post(reverse("programmes:transition", args=[programme.pk]), {"to": "review"})
    programme.refresh_from_db()
    assert programme.status == ("review" if status == 200 else "draft")
    assert response.status_code == (302 if status == 200 else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client_a, hromada_a):
    programme = draft_programme(hromada_a, manager(hromada_a))
    response = client_a.get(reverse("programmes:detail", args=[programme.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_portal_shows_only_approved_programmes(client_a, hromada_a):
    actor = manager(hromada_a)
    draft = draft_programme(hromada_a, actor)
    approved = approved_programme(hromada_a, actor)
    assert client_a.get(reverse("programmes_public:detail", args=[draft.pk])).status_code == 404
    page = client_a.get(reverse("programmes_public:detail", args=[approved.pk])).content.decode()
    assert approved.title in page and "Рішення сесії № 12/3" in page
    listing = client_a.get(reverse("programmes_public:list")).content.decode()
    assert listing.count(approved.title) == 1


def test_amendment_keeps_the_approved_version_for_residents(client_a, hromada_a):
    from hromada.programmes.services import programme as svc

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor)
    programme = svc.start_amendment(programme, actor=actor, hromada=hromada_a)
    svc.update_passport(programme, actor=actor, hromada=hromada_a, fields={"title": "Нова назва"},
                        departments=programme.responsible_departments.all())
    page = client_a.get(reverse("programmes_public:detail", args=[programme.pk])).content.decode()
    assert "Нова назва" not in page and "Програма інформатизації «Цифрова громада»" in page
    assert programme.versions.get(number=1).snapshot["passport"]["title"] == "Програма інформатизації «Цифрова громада»"


def test_another_hromadas_programme_is_not_found(client_a, hromada_a, hromada_b):
    foreign = approved_programme(hromada_b, manager(hromada_b))
    client_a.force_login(manager(hromada_a))
    for name in ("programmes:detail", "programmes:tasks", "programmes:monitoring", "programmes:passport"):
        assert client_a.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert client_a.get(reverse("programmes_public:detail", args=[foreign.pk])).status_code == 404
    assert MonitoringPeriod.objects.count() == 0
