"""Expiry reminders (60 days, 14 days, on the day — each once, to the responsible person and the managers), the
daily job that sends them, and the worklist items of software."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from hromada.core import jobs, worklist
from hromada.core.models import Notice
from hromada.itassets.software import reminders
from tests.factories import member
from tests.itassets.software_world import equipment, install, licence, seat, software

pytestmark = pytest.mark.django_db
EXPIRES = date(2026, 9, 30)


@pytest.fixture
def people(hromada_a):
    return {"manager": member(hromada_a, "programme_manager", full_name="Менеджер"),
            "admin": member(hromada_a, "hromada_admin", full_name="Адмін"),
            "responsible": member(hromada_a, "department_head", full_name="Відповідальна"),
            "clerk": member(hromada_a, "clerk")}


@pytest.fixture
def lic(hromada_a, people):
    return licence(hromada_a, software(hromada_a, name="Парус-Бюджет"), kind="subscription", seats=2,
                   expires_on=EXPIRES, responsible=people["responsible"], contract="Договір № 7")


def sent() -> list[tuple[str, str]]:
    return sorted((n.recipient.full_name, n.dedupe_key.rsplit(":", 1)[1])
                  for n in Notice.objects.filter(kind="itassets.licence_expiring").select_related("recipient"))


@pytest.mark.parametrize(("days", "stage"), [
    (61, None), (60, "60"), (15, "60"), (14, "14"), (1, "14"), (0, "0"), (-3, "0"), (-4, None)])
def test_stages(days, stage):
    assert reminders.stage(EXPIRES, EXPIRES - timedelta(days=days)) == stage


def test_each_stage_goes_once_to_the_responsible_person_and_the_managers(hromada_a, people, lic):
    assert reminders.send_due(EXPIRES - timedelta(days=61)) == 0
    assert reminders.send_due(EXPIRES - timedelta(days=60)) == 3
    assert reminders.send_due(EXPIRES - timedelta(days=59)) == 0  # the same stage: nobody is told twice
    assert reminders.send_due(EXPIRES - timedelta(days=14)) == 3
    assert reminders.send_due(EXPIRES - timedelta(days=3)) == 0
    assert reminders.send_due(EXPIRES) == 3
    assert reminders.send_due(EXPIRES + timedelta(days=1)) == 0
    assert sent() == sorted((name, stage) for name in ("Адмін", "Менеджер", "Відповідальна")
                            for stage in ("60", "14", "0"))
    notice = Notice.objects.filter(recipient=people["responsible"]).order_by("pk").first()
    assert notice.subject == "Ліцензія «Парус-Бюджет (Постачальник)» закінчується через 60 днів, 30 вересня 2026 р."
    assert notice.url == reverse("itassets-staff:licence-detail", args=[lic.pk])
    assert "Договір № 7" in notice.body
    last = Notice.objects.filter(recipient=people["responsible"]).order_by("pk").last()
    assert last.subject == "Ліцензія «Парус-Бюджет (Постачальник)» закінчується сьогодні, 30 вересня 2026 р."


def test_a_missed_day_is_caught_up_once(hromada_a, people, lic):
    assert reminders.send_due(EXPIRES - timedelta(days=30)) == 3  # first run inside the 60-day window
    assert reminders.send_due(EXPIRES + timedelta(days=2)) == 3  # the 14-day run was missed: the day's notice
    assert reminders.send_due(EXPIRES + timedelta(days=3)) == 0
    subjects = set(Notice.objects.filter(recipient=people["manager"]).values_list("subject", flat=True))
    assert "Ліцензія «Парус-Бюджет (Постачальник)» закінчилася 30 вересня 2026 р." in subjects
    assert any("через 30 днів" in subject for subject in subjects)


def test_a_renewed_licence_is_reminded_anew(hromada_a, people, lic):
    reminders.send_due(EXPIRES - timedelta(days=14))
    lic.expires_on = EXPIRES + timedelta(days=365)
    lic.save()
    assert reminders.send_due(EXPIRES - timedelta(days=14)) == 0
    assert reminders.send_due(lic.expires_on - timedelta(days=14)) == 3


def test_without_a_responsible_person_the_managers_are_told(hromada_a, hromada_b, people, lic):
    lic.responsible = None
    lic.save()
    member(hromada_b, "hromada_admin")  # another hromada's manager hears nothing of A's licence
    inactive = member(hromada_a, "programme_manager")
    inactive.is_active = False
    inactive.save()
    assert reminders.send_due(EXPIRES) == 2
    assert {name for name, _stage in sent()} == {"Адмін", "Менеджер"}


def test_licences_without_an_end_are_never_reminded(hromada_a, people):
    licence(hromada_a, software(hromada_a), expires_on=None)
    assert reminders.send_due(EXPIRES) == 0


def test_the_daily_job(hromada_a, people, lic, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: EXPIRES - timedelta(days=14))
    job = jobs.get("itassets-licence-reminders")
    assert job.cron == "15 8 * * *"
    assert job.func() == "3 licence reminders sent"
    assert job.func() == "0 licence reminders sent"


def _items(user, hromada, today):
    return [(item.kind, item.title, item.state, item.detail) for item in
            worklist.collect(worklist.Context(user, hromada, today)) if item.kind.startswith("itassets.licence")
            or item.kind == "itassets.unlicensed"]


def test_worklist_items(hromada_a, people, lic):
    title = software(hromada_a, name="Avast Free Antivirus", vendor="Avast")
    pcs = [equipment(hromada_a) for _ in range(3)]
    for item in pcs:
        install(hromada_a, item, title)
    old = licence(hromada_a, software(hromada_a, name="ESET"), expires_on=date(2026, 1, 31), contract="А-1")
    seat(hromada_a, old, equipment=pcs[0])
    licence(hromada_a, software(hromada_a, name="Бюджет"), expires_on=date(2026, 12, 31))  # outside 60 days
    items = _items(people["manager"], hromada_a, EXPIRES - timedelta(days=10))
    assert [(kind, state) for kind, _t, state, _d in items] == [
        ("itassets.licence_expired", "overdue"), ("itassets.licence_expiring", "soon"),
        ("itassets.unlicensed", "open")]
    assert items[0][3] == "1 місце досі надано: поновіть ліцензію або звільніть місця."
    assert items[2][1] == "Avast Free Antivirus (Avast)"
    assert items[2][3].startswith("3 встановлення без ліцензії.")
    # Those without the manage capability see none of it.
    assert _items(people["clerk"], hromada_a, EXPIRES) == []
    assert _items(people["responsible"], hromada_a, EXPIRES) == []
