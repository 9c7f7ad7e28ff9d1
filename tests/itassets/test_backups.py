"""The backups register: the overdue rule at its exact boundaries, recording runs, the targets' rules, the pages,
the API, the worklist, the notices and the metric — per persona, with bad input and another hromada's records."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from hromada.core import worklist
from hromada.core.metrics import get_metric
from hromada.core.models import AuditEntry, Notice
from hromada.itassets.backups import schedule, selectors, services, tasks
from hromada.itassets.models import BackupRun, BackupTarget
from tests.apiclient import ApiClient, field_errors, ok
from tests.clock import Clock
from tests.factories import InstitutionFactory, member
from tests.itassets.builders import backup_target

pytestmark = pytest.mark.django_db

KYIV = ZoneInfo("Europe/Kyiv")
T = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a night backup (02:00 in Kyiv)
US = timedelta(microseconds=1)
HASH = "a3f1" * 16


def flags(target: BackupTarget, now: datetime) -> tuple[bool, bool]:
    row = selectors.targets(target.hromada, now=now).get(pk=target.pk)
    return row.backup_overdue, row.restore_overdue


def made(hromada, created: datetime, **fields) -> BackupTarget:
    target = backup_target(hromada, **fields)
    BackupTarget.objects.filter(pk=target.pk).update(created_at=created)
    target.refresh_from_db()
    return target


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager", email="pm-a@example.org")


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, datetime(2026, 3, 10, 12, 0, tzinfo=KYIV))


# --- the overdue rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("frequency, period", [("daily", timedelta(hours=24)), ("weekly", timedelta(days=7)),
                                               ("monthly", timedelta(days=31))])
def test_a_backup_is_overdue_a_microsecond_after_its_period_and_the_grace(hromada_a, frequency, period):
    target = made(hromada_a, T - timedelta(days=90), frequency=frequency, last_success_at=T,
                  last_restore_test_at=T)
    boundary = T + period + timedelta(hours=6)
    assert flags(target, boundary)[0] is False
    assert flags(target, boundary + US)[0] is True
    assert list(selectors.filtered(hromada_a, overdue="backup", now=boundary)) == []
    assert list(selectors.filtered(hromada_a, overdue="backup", now=boundary + US)) == [target]
    assert schedule.backup_due_at(target, timedelta(hours=6)) == boundary


def test_the_grace_is_the_hromadas_setting(hromada_a):
    hromada_a.settings = {"itassets.backup_grace_hours": 0}
    hromada_a.save()
    target = made(hromada_a, T - timedelta(days=9), last_success_at=T, last_restore_test_at=T)
    assert flags(target, T + timedelta(hours=24))[0] is False
    assert flags(target, T + timedelta(hours=24) + US)[0] is True


def test_before_the_first_backup_the_registration_counts(hromada_a):
    target = made(hromada_a, T)
    assert flags(target, T + timedelta(hours=30)) == (False, False)
    assert flags(target, T + timedelta(hours=30) + US) == (True, False)


def test_a_restore_test_is_due_after_whole_calendar_months_in_kyiv_time(hromada_a):
    # 15 January 10:00 (UTC+2) + 3 months = 15 April 10:00 (UTC+3, after the clocks went forward on 29 March).
    tested = datetime(2026, 1, 15, 10, 0, tzinfo=KYIV)
    target = made(hromada_a, tested - timedelta(days=1), frequency="monthly", restore_test_months=3,
                  last_restore_test_at=tested, last_success_at=datetime(2026, 4, 14, tzinfo=KYIV))
    boundary = datetime(2026, 4, 15, 10, 0, tzinfo=KYIV)
    assert boundary.astimezone(UTC) - tested.astimezone(UTC) == timedelta(days=90, hours=-1)
    assert flags(target, boundary) == (False, False)
    assert flags(target, boundary + US) == (False, True)
    assert list(selectors.filtered(hromada_a, overdue="restore", now=boundary + US)) == [target]
    assert list(selectors.filtered(hromada_a, overdue="none", now=boundary)) == [target]
    assert schedule.restore_due_at(target) == boundary


def test_month_arithmetic_clamps_to_the_end_of_a_shorter_month():
    assert schedule.months_before(datetime(2026, 3, 31, 12, 0, tzinfo=KYIV), 1) == datetime(2026, 2, 28, 12, 0,
                                                                                            tzinfo=KYIV)
    assert schedule.months_after(datetime(2026, 11, 30, 9, 0, tzinfo=KYIV), 3) == datetime(2027, 2, 28, 9, 0,
                                                                                          tzinfo=KYIV)
    assert schedule.months_before(datetime(2026, 1, 10, 8, 0, tzinfo=KYIV), 13) == datetime(2024, 12, 10, 8, 0,
                                                                                           tzinfo=KYIV)


def test_a_system_out_of_service_is_never_overdue(hromada_a):
    target = made(hromada_a, T - timedelta(days=400), active=False)
    assert flags(target, T) == (False, False)
    assert list(selectors.overdue(hromada_a, now=T)) == []


# --- recording runs ------------------------------------------------------------------------------------------


def test_a_successful_backup_moves_the_last_success_forward_never_back(hromada_a, manager, clock):
    target = backup_target(hromada_a)
    first = services.record_run(target, actor=manager, hromada=hromada_a, status="success",
                                finished_at=clock.now - timedelta(hours=2), size_bytes=1024,
                                checksum=f"  {HASH.upper()[:32]} {HASH.upper()[32:]} ", archive=" buh.zip ")
    assert first.checksum == HASH and first.archive == "buh.zip" and first.recorded_by == manager
    target.refresh_from_db()
    assert target.last_success_at == clock.now - timedelta(hours=2)
    services.record_run(target, actor=manager, hromada=hromada_a, status="success",
                        finished_at=clock.now - timedelta(days=3))
    services.record_run(target, actor=manager, hromada=hromada_a, status="failed", finished_at=clock.now)
    target.refresh_from_db()
    assert target.last_success_at == clock.now - timedelta(hours=2)
    assert target.last_restore_test_at is None
    services.record_run(target, actor=manager, hromada=hromada_a, kind="restore_test", status="success",
                        finished_at=clock.now - timedelta(minutes=1))
    target.refresh_from_db()
    assert target.last_restore_test_at == clock.now - timedelta(minutes=1)
    assert AuditEntry.objects.filter(object_type="itassets.backuprun", action="create").count() == 4


@pytest.mark.parametrize("fields, field", [
    ({"checksum": "a" * 63}, "checksum"),
    ({"checksum": "g" * 64}, "checksum"),
    ({"checksum": "а" * 64}, "checksum"),  # Cyrillic а, a Latin look-alike
    ({"finished_at": "future"}, "finished_at"),
    ({"finished_at": datetime(202, 1, 1, tzinfo=UTC)}, "finished_at"),
    ({"finished_at": datetime(2026, 3, 1, 12, 0)}, "finished_at"),  # naive
    ({"size_bytes": -1}, "size_bytes"),
    ({"size_bytes": 2**63}, "size_bytes"),
    ({"status": "done"}, "status"),
    ({"kind": "snapshot"}, "kind"),
    ({"archive": "x" * 301}, "archive"),
])
def test_a_bad_run_is_refused_with_its_field_and_changes_nothing(hromada_a, manager, clock, fields, field):
    target = backup_target(hromada_a)
    data = {"status": "success", "finished_at": clock.now - timedelta(hours=1), **fields}
    if data["finished_at"] == "future":
        data["finished_at"] = clock.now + US
    with pytest.raises(ValidationError) as error:
        services.record_run(target, actor=manager, hromada=hromada_a, **data)
    assert field in error.value.message_dict
    assert not BackupRun.objects.exists()
    target.refresh_from_db()
    assert target.last_success_at is None


def test_runs_of_a_system_out_of_service_are_refused(hromada_a, manager, clock):
    target = backup_target(hromada_a, active=False)
    with pytest.raises(ValidationError):
        services.record_run(target, actor=manager, hromada=hromada_a, status="success", finished_at=clock.now)
    assert not BackupRun.objects.exists()


def test_the_responsible_person_records_runs_of_their_system_only(hromada_a, clock):
    clerk = member(hromada_a, "clerk")
    other = member(hromada_a, "clerk")
    own = backup_target(hromada_a, responsible=clerk)
    services.record_run(own, actor=clerk, hromada=hromada_a, status="success", finished_at=clock.now)
    with pytest.raises(PermissionDenied):
        services.record_run(own, actor=other, hromada=hromada_a, status="success", finished_at=clock.now)
    with pytest.raises(PermissionDenied):
        services.create_target(hromada_a, actor=clerk, name="Х", kind="files", frequency="daily",
                               destination_kind="nas")


# --- targets ---------------------------------------------------------------------------------------------


def test_a_target_names_only_this_hromadas_institution_and_staff(hromada_a, hromada_b, manager):
    foreign_institution = InstitutionFactory(hromada=hromada_b)
    foreign_person = member(hromada_b, "programme_manager")
    resident = member(hromada_a, "resident")
    base = {"name": "Сервер", "kind": "server", "frequency": "daily", "destination_kind": "nas"}
    for extra, field in (({"institution": foreign_institution}, "institution"),
                         ({"responsible": foreign_person}, "responsible"), ({"responsible": resident}, "responsible"),
                         ({"name": "   "}, "name"), ({"restore_test_months": 25}, "restore_test_months"),
                         ({"frequency": "hourly"}, "frequency")):
        with pytest.raises(ValidationError) as error:
            services.create_target(hromada_a, actor=manager, **{**base, **extra})
        assert field in error.value.message_dict
    assert not BackupTarget.objects.exists()
    target = services.create_target(hromada_a, actor=manager, **base, responsible=manager,
                                    institution=InstitutionFactory(hromada=hromada_a))
    assert target.platform is False and target.hromada == hromada_a
    with pytest.raises(ValidationError):
        services.create_target(hromada_a, actor=manager, **base, platform=True)


def test_deactivation_and_return_to_service_are_logged_and_the_platform_target_stays(hromada_a, manager):
    target = backup_target(hromada_a)
    services.deactivate_target(target, actor=manager, hromada=hromada_a)
    assert BackupTarget.objects.get(pk=target.pk).active is False
    services.activate_target(target, actor=manager, hromada=hromada_a)
    assert BackupTarget.objects.get(pk=target.pk).active is True
    assert AuditEntry.objects.filter(object_type="itassets.backuptarget", action="update").count() == 2
    platform = BackupTarget.objects.get(pk=services.platform_targets()[hromada_a.pk])
    with pytest.raises(ValidationError):
        services.deactivate_target(platform, actor=manager, hromada=hromada_a)
    assert BackupTarget.objects.get(pk=platform.pk).active is True


def test_one_platform_target_per_hromada_whatever_the_calls(hromada_a, hromada_b):
    first = services.platform_targets()
    assert services.platform_targets() == first
    assert BackupTarget.objects.filter(platform=True).count() == 2
    assert set(first) == {hromada_a.pk, hromada_b.pk}


# --- pages -----------------------------------------------------------------------------------------------


@pytest.fixture
def register(hromada_a, clock):
    late = made(hromada_a, clock.now - timedelta(days=30), name="Пошта", kind="mail", frequency="weekly",
                last_success_at=clock.now - timedelta(days=12), last_restore_test_at=clock.now)
    fine = made(hromada_a, clock.now - timedelta(days=30), name="Бухгалтерія", last_success_at=clock.now,
                last_restore_test_at=clock.now)
    return {"late": late, "fine": fine}


@pytest.mark.parametrize("role, status", [("clerk", 403), ("department_head", 200), ("programme_manager", 200),
                                          ("hromada_admin", 200), ("resident", 403)])
def test_the_register_is_for_its_readers(client_a, hromada_a, register, role, status):
    client_a.force_login(member(hromada_a, role))
    assert client_a.get("/staff/it/backups/").status_code == status
    assert client_a.get(f"/staff/it/backups/{register['late'].pk}/").status_code == status
    manage = 200 if role in ("programme_manager", "hromada_admin") else 403
    assert client_a.get("/staff/it/backups/new/").status_code == manage
    assert client_a.get(f"/staff/it/backups/{register['late'].pk}/runs/new/").status_code == manage


def test_anonymous_visitors_are_sent_to_sign_in(client_a, register):
    response = client_a.get("/staff/it/backups/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_list_flags_and_filters_the_overdue(admin_client_a, register):
    page = admin_client_a.get("/staff/it/backups/")
    body = page.content.decode()
    assert "Пошта" in body and "Бухгалтерія" in body
    assert page.context["overdue_count"] == 1
    overdue = admin_client_a.get("/staff/it/backups/?overdue=any")
    assert [t.name for t in overdue.context["page"].object_list] == ["Пошта"]
    assert [t.name for t in admin_client_a.get("/staff/it/backups/?overdue=none").context["page"]] == ["Бухгалтерія"]
    assert [t.name for t in admin_client_a.get("/staff/it/backups/?kind=mail").context["page"]] == ["Пошта"]
    # Unusable filter values are ignored, not a 500.
    for query in ("institution=999999999999999999999", "overdue=%00", "kind=<b>", "active=x", "page=abc"):
        assert admin_client_a.get(f"/staff/it/backups/?{query}").status_code == 200


def test_the_export_has_every_row_with_the_flags(admin_client_a, register):
    response = admin_client_a.get("/staff/it/backups/export.csv?overdue=any")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Система" and len(rows) == 2
    assert rows[1][0] == "Пошта" and rows[1][11] == "так"
    book = load_workbook(io.BytesIO(admin_client_a.get("/staff/it/backups/export.xlsx").content))
    assert book.active.max_row == 3
    assert AuditEntry.objects.filter(action="export", object_type="itassets.backuptarget").count() == 2


def test_the_detail_shows_the_runs_and_the_due_dates(admin_client_a, register, hromada_a, admin_a, clock):
    services.record_run(register["late"], actor=admin_a, hromada=hromada_a, status="failed",
                        finished_at=clock.now - timedelta(days=1), note="Немає місця")
    body = admin_client_a.get(f"/staff/it/backups/{register['late'].pk}/").content.decode()
    assert "Резервну копію прострочено." in body
    assert "Немає місця" in body
    assert "5 березня 2026 р., 18:00" in body  # 12 days ago + 7 days + 6 hours


def test_creating_and_editing_a_target_through_the_form(admin_client_a, hromada_a, admin_a):
    school = InstitutionFactory(hromada=hromada_a, name="Школа")
    response = admin_client_a.post("/staff/it/backups/new/", {
        "name": "Журнал школи", "kind": "database", "institution": school.pk, "frequency": "weekly",
        "destination_kind": "cloud", "retention_days": "1 000", "restore_test_months": "6", "responsible": admin_a.pk})
    target = BackupTarget.objects.get(name="Журнал школи")
    assert response.status_code == 302 and response["Location"] == f"/staff/it/backups/{target.pk}/"
    assert target.retention_days == 1000 and target.institution == school
    response = admin_client_a.post(f"/staff/it/backups/{target.pk}/edit/", {
        "name": "Журнал школи", "kind": "database", "frequency": "hourly", "destination_kind": "cloud",
        "restore_test_months": "6"})
    assert response.status_code == 400
    assert BackupTarget.objects.get(pk=target.pk).frequency == "weekly"


def test_a_run_typed_with_a_decimal_comma_and_units(admin_client_a, register):
    target = register["fine"]
    response = admin_client_a.post(f"/staff/it/backups/{target.pk}/runs/new/", {
        "kind": "restore_test", "status": "success", "finished_at": "09.03.2026 21:15", "size_bytes": "1,5 ГБ",
        "checksum": HASH, "archive": "buh.zip", "note": "Перевірено\x0bна тестовій машині"})
    assert response.status_code == 302
    run = BackupRun.objects.get(target=target)
    assert run.size_bytes == 1610612736 and run.kind == "restore_test"
    assert run.finished_at == datetime(2026, 3, 9, 21, 15, tzinfo=KYIV)
    assert run.note == "Перевірено\nна тестовій машині"


@pytest.mark.parametrize("fields, message", [
    ({"finished_at": "2026-03-10T12:01"}, "не може бути в майбутньому"),
    ({"finished_at": "вчора"}, ""),
    ({"size_bytes": "12 34"}, ""),
    ({"size_bytes": "5 ПБ"}, ""),
    ({"checksum": "abc"}, "64"),
    ({"status": "maybe"}, ""),
])
def test_a_bad_run_form_answers_400_and_records_nothing(admin_client_a, register, fields, message):
    target = register["fine"]
    data = {"kind": "backup", "status": "success", "finished_at": "2026-03-10T11:00", **fields}
    response = admin_client_a.post(f"/staff/it/backups/{target.pk}/runs/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BackupRun.objects.exists()


def test_a_responsible_clerk_sees_and_records_their_own_system(client_a, hromada_a, register):
    clerk = member(hromada_a, "clerk")
    BackupTarget.objects.filter(pk=register["late"].pk).update(responsible=clerk)
    client_a.force_login(clerk)
    assert client_a.get(f"/staff/it/backups/{register['late'].pk}/").status_code == 200
    assert client_a.get(f"/staff/it/backups/{register['fine'].pk}/").status_code == 403
    response = client_a.post(f"/staff/it/backups/{register['late'].pk}/runs/new/",
                             {"kind": "backup", "status": "success", "finished_at": "2026-03-10T03:00"})
    assert response.status_code == 302
    assert client_a.get(f"/staff/it/backups/{register['late'].pk}/edit/").status_code == 403


def test_deactivation_asks_first(admin_client_a, register):
    target = register["fine"]
    page = admin_client_a.get(f"/staff/it/backups/{target.pk}/deactivate/")
    assert page.status_code == 200 and "Так, вивести з експлуатації" in page.content.decode()
    assert BackupTarget.objects.get(pk=target.pk).active is True
    admin_client_a.post(f"/staff/it/backups/{target.pk}/deactivate/")
    assert BackupTarget.objects.get(pk=target.pk).active is False
    assert admin_client_a.get(f"/staff/it/backups/{target.pk}/activate/").status_code == 405
    admin_client_a.post(f"/staff/it/backups/{target.pk}/activate/")
    assert BackupTarget.objects.get(pk=target.pk).active is True


def test_another_hromadas_system_is_not_found_on_any_page(admin_client_a, hromada_b):
    foreign = backup_target(hromada_b, name="ЧУЖА")
    for url in ("", "edit/", "deactivate/", "runs/new/"):
        assert admin_client_a.get(f"/staff/it/backups/{foreign.pk}/{url}").status_code == 404
        assert admin_client_a.post(f"/staff/it/backups/{foreign.pk}/{url}", {
            "name": "ЗЛАМ", "kind": "files", "frequency": "daily", "destination_kind": "nas",
            "restore_test_months": "3", "status": "success", "finished_at": "2026-01-01T00:00"}).status_code == 404
    assert admin_client_a.post(f"/staff/it/backups/{foreign.pk}/activate/").status_code == 404
    assert "ЧУЖА" not in admin_client_a.get("/staff/it/backups/").content.decode()
    assert "ЧУЖА" not in b"".join(admin_client_a.get("/staff/it/backups/export.csv").streaming_content).decode()
    foreign.refresh_from_db()
    assert foreign.name == "ЧУЖА" and not BackupRun.objects.exists()


# --- API -------------------------------------------------------------------------------------------------


def test_the_api_lists_targets_with_their_flags(hromada_a, register, manager):
    api = ApiClient(manager)
    rows = ok(api.get("/itassets/backups"))["items"]
    assert [(r["name"], r["backup_overdue"], r["restore_overdue"]) for r in rows] == [
        ("Бухгалтерія", False, False), ("Пошта", True, False)]
    assert [r["name"] for r in ok(api.get("/itassets/backups", {"overdue": "backup"}))["items"]] == ["Пошта"]
    assert ok(api.get(f"/itassets/backups/{register['late'].pk}"))["frequency"] == "weekly"


def test_the_api_records_a_run_and_refuses_a_bad_one_in_ukrainian(hromada_a, register, manager, clock):
    api = ApiClient(manager)
    url = f"/itassets/backups/{register['late'].pk}/runs"
    run = ok(api.post(url, {"status": "success", "finished_at": "2026-03-10T03:00:00", "size_bytes": 2048,
                            "checksum": HASH}), 201)
    assert run["automatic"] is False and run["size_bytes"] == 2048
    assert BackupTarget.objects.get(pk=register["late"].pk).last_success_at == datetime(2026, 3, 10, 3, 0,
                                                                                       tzinfo=KYIV)
    errors = field_errors(api.post(url, {"status": "success", "finished_at": "2026-03-11T03:00:00+02:00",
                                         "checksum": "xyz"}))
    assert "майбутньому" in errors["finished_at"] and "64" in errors["checksum"]
    assert api.post(url, {"status": "success", "finished_at": "не дата"}).status_code == 422
    assert api.post(url, {"status": "success", "finished_at": "2026-03-10T03:00:00\x00"}).status_code in (400, 422)
    assert api.send("POST", url, raw="{not json").status_code == 400
    assert BackupRun.objects.count() == 1
    assert len(ok(api.get(url))) == 1


def test_the_api_keeps_readers_and_hromadas_apart(hromada_a, hromada_b, register):
    clerk = member(hromada_a, "clerk")
    assert ApiClient(clerk).get("/itassets/backups").status_code == 403
    assert ApiClient(clerk).post(f"/itassets/backups/{register['late'].pk}/runs",
                                 {"status": "success", "finished_at": "2026-03-10T03:00:00"}).status_code == 403
    assert ApiClient(None).get("/itassets/backups").status_code == 401
    foreign = backup_target(hromada_b)
    admin = member(hromada_a, "hromada_admin")
    api = ApiClient(admin)
    assert api.get(f"/itassets/backups/{foreign.pk}").status_code == 404
    assert api.get(f"/itassets/backups/{foreign.pk}/runs").status_code == 404
    assert api.post(f"/itassets/backups/{foreign.pk}/runs",
                    {"status": "success", "finished_at": "2026-03-10T03:00:00"}).status_code == 404
    assert api.get("/itassets/backups/99999999999999999999").status_code in (404, 422)
    assert foreign.pk not in [r["id"] for r in ok(api.get("/itassets/backups"))["items"]]
    assert not BackupRun.objects.exists()


# --- worklist, notices, metric ---------------------------------------------------------------------------


def test_the_worklist_shows_overdue_systems_to_the_keepers_and_the_responsible(hromada_a, register, manager, clock):
    clerk = member(hromada_a, "clerk")
    bystander = member(hromada_a, "clerk")
    BackupTarget.objects.filter(pk=register["late"].pk).update(responsible=clerk)
    made(hromada_a, clock.now - timedelta(days=200), name="Сайт", restore_test_months=3,
         last_success_at=clock.now)

    def kinds(user):
        return sorted((i.kind, i.title, i.deadline.isoformat()) for i in worklist.collect(
            worklist.Context(user, hromada_a)) if i.kind.startswith("itassets."))

    assert kinds(manager) == [("itassets.backup_overdue", "Пошта", "2026-03-05"),
                              ("itassets.restore_test_overdue", "Сайт", "2025-11-22")]
    assert kinds(clerk) == [("itassets.backup_overdue", "Пошта", "2026-03-05")]
    assert kinds(bystander) == []


def test_an_overdue_system_is_told_once_each_time_it_becomes_overdue(hromada_a, register, manager, clock, admin_a):
    clerk = member(hromada_a, "clerk")
    BackupTarget.objects.filter(pk=register["late"].pk).update(responsible=clerk)
    BackupTarget.objects.filter(pk=register["fine"].pk).update(frequency="monthly")
    assert tasks.notify_overdue() == 1
    assert tasks.notify_overdue() == 0
    clock.advance(hours=1)
    assert tasks.notify_overdue() == 0
    notice = Notice.objects.get(recipient=clerk)
    assert notice.subject == "Резервне копіювання «Пошта» прострочено"
    assert notice.url == f"/staff/it/backups/{register['late'].pk}/"
    # A new backup, then overdue again a week and a bit later: a new notice.
    services.record_run(register["late"], actor=manager, hromada=hromada_a, status="success",
                        finished_at=clock.now)
    assert tasks.notify_overdue() == 0
    clock.advance(days=7, hours=7)
    assert tasks.notify_overdue() == 1
    assert Notice.objects.filter(recipient=clerk).count() == 2


def test_without_a_responsible_person_the_keepers_are_told(hromada_a, register, manager):
    admin = member(hromada_a, "hromada_admin")
    assert tasks.notify_overdue() == 2
    assert set(Notice.objects.values_list("recipient", flat=True)) == {manager.pk, admin.pk}


def test_the_share_on_schedule(hromada_a, hromada_b, register, clock):
    made(hromada_a, clock.now - timedelta(days=30), name="Вимкнено", active=False)
    backup_target(hromada_b)
    assert get_metric("itassets.backups_on_schedule_share").value(hromada_a, clock.now.date()) == 50
    BackupTarget.objects.filter(pk=register["late"].pk).update(last_success_at=timezone.now())
    assert get_metric("itassets.backups_on_schedule_share").value(hromada_a, clock.now.date()) == 100
