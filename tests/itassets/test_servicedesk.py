"""The IT service desk's services: numbers, due dates from the core calendar, the state machine, who may do what,
parts and bad input, notifications (each once), the daily job and the audit log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hromada.core.models import AuditEntry, CalendarException, CaseCounter, Notice
from hromada.itassets.models import RequestWork, ServiceRequest
from hromada.itassets.servicedesk import services
from tests.factories import member
from tests.itassets.builders import equipment
from tests.itassets.servicedesk_world import cast, clock_at, kyiv

pytestmark = pytest.mark.django_db
Status = ServiceRequest.Status


@pytest.fixture
def world(hromada_a):
    return cast(hromada_a)


def notices(kind: str, user=None) -> list[Notice]:
    rows = Notice.objects.filter(kind=kind).order_by("pk")
    return list(rows.filter(recipient=user) if user is not None else rows)


# --- numbers --------------------------------------------------------------------------------------------


def test_numbers_run_per_hromada_and_year_without_gaps(world, hromada_b, monkeypatch):
    clock = clock_at(monkeypatch, 2026, 12, 31, 23, 50)
    first, second = world.report(), world.report(who=world.other_clerk)
    other = cast(hromada_b).report()
    assert (first.number, second.number, other.number) == ("ІТ-2026/00001", "ІТ-2026/00002", "ІТ-2026/00001")
    clock.advance(minutes=15)  # 1 January 2027, 00:05 Kyiv (still 31 December in UTC)
    assert world.report().number == "ІТ-2027/00001"
    assert world.report().number == "ІТ-2027/00002"


def test_a_refused_or_rolled_back_report_gives_its_number_back(world, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 2, 9, 0)
    with pytest.raises(ValidationError):
        world.report(subject="  ")
    with pytest.raises(RuntimeError), transaction.atomic():
        world.report()
        raise RuntimeError("the caller's transaction fails after the number was taken")
    assert ServiceRequest.objects.count() == 0
    assert world.report().number == "ІТ-2026/00001"
    assert CaseCounter.objects.get(hromada=world.hromada, series=services.SERIES, year=2026).last == 1


# --- due dates ------------------------------------------------------------------------------------------


def test_the_due_date_counts_working_days_after_the_day_of_receipt(world, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 2, 17, 45)  # Monday
    assert world.report(priority="normal").due_date == date(2026, 3, 9)  # 5 working days: Tue…Fri, Mon
    assert world.report(priority="critical").due_date == date(2026, 3, 3)
    assert world.report(priority="low").due_date == date(2026, 3, 16)


def test_a_request_filed_on_the_weekend_counts_from_monday(world, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 7, 11, 0)  # Saturday
    assert world.report(priority="critical").due_date == date(2026, 3, 9)
    assert world.report(priority="high").due_date == date(2026, 3, 10)


def test_holidays_are_days_off_only_outside_martial_law(world, monkeypatch):
    clock_at(monkeypatch, 2026, 8, 21, 10, 0)  # Friday before Independence Day, Monday 24 August
    assert world.report(priority="high").due_date == date(2026, 8, 25)  # martial law: the 24th is worked
    world.hromada.settings = {"calendar.martial_law": "off"}
    world.hromada.save()
    assert world.report(priority="high").due_date == date(2026, 8, 26)
    assert world.report(priority="critical").due_date == date(2026, 8, 25)


def test_the_hromadas_own_day_off_and_term_setting_move_the_due_date(world, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 2, 9, 0)
    CalendarException.objects.create(hromada=world.hromada, date=date(2026, 3, 3), kind="day_off",
                                     reason="Місцеве свято")
    assert world.report(priority="critical").due_date == date(2026, 3, 4)
    world.hromada.settings = {"itassets.term_normal": 3}
    world.hromada.save()
    assert world.report(priority="normal").due_date == date(2026, 3, 6)


def test_triage_recounts_the_due_date_from_the_day_of_receipt(world, monkeypatch):
    clock = clock_at(monkeypatch, 2026, 3, 2, 9, 0)
    request = world.report(priority="normal")
    clock.advance(days=3)
    services.triage(request, actor=world.officer, hromada=world.hromada, kind="hardware", priority="low")
    request.refresh_from_db()
    assert (request.kind, request.priority, request.due_date) == ("hardware", "low", date(2026, 3, 16))
    note = request.log.get(kind=RequestWork.Kind.NOTE)
    assert note.text == "Вид: несправність обладнання; пріоритет: низький; строк до 16 березня 2026 р."
    assert AuditEntry.objects.filter(object_type="itassets.servicerequest", object_id=str(request.pk),
                                     action="update").get().changes["due_date"] == ["2026-03-09", "2026-03-16"]


# --- the state machine ----------------------------------------------------------------------------------


def test_the_whole_way_from_new_to_closed_is_logged(world, monkeypatch):
    clock = clock_at(monkeypatch, 2026, 3, 2, 9, 0)
    request = world.report()
    services.assign(request, actor=world.admin, hromada=world.hromada, assignee=world.officer)
    services.change_status(request, actor=world.officer, hromada=world.hromada, status=Status.IN_PROGRESS)
    services.change_status(request, actor=world.officer, hromada=world.hromada, status=Status.WAITING,
                           text="Чекаємо картридж")
    services.change_status(request, actor=world.officer, hromada=world.hromada, status=Status.IN_PROGRESS)
    clock.advance(hours=5)
    services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Замінено картридж.")
    services.close(request, actor=world.clerk, hromada=world.hromada)
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.resolution == "Замінено картридж."
    assert request.resolved_at == kyiv(2026, 3, 2, 14, 0) == request.closed_at
    steps = list(request.log.filter(kind=RequestWork.Kind.STATUS).values_list("status", "text"))
    assert steps == [("new", ""), ("assigned", "Призначено: Іван Інформатизатор."), ("in_progress", ""),
                     ("waiting", "Чекаємо картридж"), ("in_progress", ""), ("resolved", "Замінено картридж."),
                     ("closed", "")]


@pytest.mark.parametrize("start, target, message", [
    ("new", "waiting", "Заявка зі станом «нова» не може перейти в стан «очікує запчастин або постачальника». "
                       "Можливі стани: «в роботі», «вирішена», «скасована»."),
    ("new", "closed", "Заявка зі станом «нова» не може перейти в стан «закрита». "
                      "Можливі стани: «в роботі», «вирішена», «скасована»."),
    ("new", "assigned", "Заявка стає «призначеною», коли ви обираєте виконавця."),
    ("in_progress", "closed", "Заявка зі станом «в роботі» не може перейти в стан «закрита». "
                              "Можливі стани: «очікує запчастин або постачальника», «вирішена», «скасована»."),
    ("resolved", "waiting", "Заявка зі станом «вирішена» не може перейти в стан «очікує запчастин або "
                            "постачальника». Можливі стани: «закрита», «в роботі»."),
    ("closed", "in_progress", "Заявка має стан «закрита»; її стан більше не змінюється."),
    ("cancelled", "new", "Заявка має стан «скасована»; її стан більше не змінюється."),
    ("waiting", "waiting", "Заявка вже має стан «очікує запчастин або постачальника»."),
    ("new", "lost", "Невідомий стан: lost."),
])
def test_refused_moves_say_why_and_change_nothing(world, start, target, message):
    request = world.report()
    ServiceRequest.objects.filter(pk=request.pk).update(status=start, assignee=world.officer)
    before = RequestWork.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.change_status(request, actor=world.officer, hromada=world.hromada, status=target, text="x")
    assert refused.value.message_dict == {"status": [message]}
    request.refresh_from_db()
    assert request.status == start
    assert (RequestWork.objects.count(), AuditEntry.objects.count()) == before


def test_resolving_and_cancelling_need_their_text(world):
    request = world.report()
    with pytest.raises(ValidationError) as refused:
        services.resolve(request, actor=world.officer, hromada=world.hromada, resolution=" ")
    assert refused.value.message_dict == {"resolution": ["Вкажіть, що зроблено."]}
    with pytest.raises(ValidationError) as refused:
        services.cancel(request, actor=world.officer, hromada=world.hromada, reason="")
    assert refused.value.message_dict == {"reason": ["Вкажіть причину."]}
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_taking_up_work_assigns_the_officer_and_puts_it_in_progress(world):
    request = world.report()
    services.record_work(request, actor=world.officer, hromada=world.hromada, text="Почищено ролик", minutes=20)
    request.refresh_from_db()
    assert (request.status, request.assignee) == (Status.IN_PROGRESS, world.officer)
    assert list(request.log.values_list("kind", "status", "minutes")) == [
        ("status", "new", None), ("status", "in_progress", None), ("work", "", 20)]


def test_resolving_a_new_request_at_once_makes_the_officer_its_assignee(world):
    request = world.report()
    services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Перезавантажено.")
    request.refresh_from_db()
    assert (request.status, request.assignee) == (Status.RESOLVED, world.officer)


# --- who may do what ------------------------------------------------------------------------------------


def test_staff_without_it_rights_only_report_note_cancel_confirm_and_reopen_their_own(world):
    request = world.report()
    for act in (
        lambda: services.triage(request, actor=world.clerk, hromada=world.hromada, kind="other", priority="low"),
        lambda: services.assign(request, actor=world.head, hromada=world.hromada, assignee=world.officer),
        lambda: services.record_work(request, actor=world.clerk, hromada=world.hromada, text="x"),
        lambda: services.record_parts(request, actor=world.clerk, hromada=world.hromada, parts="x"),
        lambda: services.resolve(request, actor=world.clerk, hromada=world.hromada, resolution="сам"),
        lambda: services.add_note(request, actor=world.other_clerk, hromada=world.hromada, text="я теж"),
        lambda: services.cancel(request, actor=world.other_clerk, hromada=world.hromada, reason="не моє"),
        lambda: services.cancel(request, actor=world.head, hromada=world.hromada, reason="не треба"),
    ):
        with pytest.raises(PermissionDenied):
            act()
    services.add_note(request, actor=world.clerk, hromada=world.hromada, text="Кабінет 12")
    assert services.allowed_moves(request, world.clerk) == (Status.CANCELLED,)
    services.cancel(request, actor=world.clerk, hromada=world.hromada, reason="Запрацював сам")
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    with pytest.raises(ValidationError) as refused:
        services.add_note(request, actor=world.clerk, hromada=world.hromada, text="ще")
    assert refused.value.messages == ["Заявка має стан «скасована»; примітки додають до відкритої заявки."]


def test_the_reporter_cannot_cancel_once_it_is_assigned(world):
    request = world.report()
    request = services.assign(request, actor=world.officer, hromada=world.hromada, assignee=world.officer)
    assert services.allowed_moves(request, world.clerk) == ()
    with pytest.raises(PermissionDenied):
        services.cancel(request, actor=world.clerk, hromada=world.hromada, reason="передумала")


def test_assignment_goes_only_to_it_officers_of_this_hromada(world, hromada_b):
    request = world.report()
    outsider = member(hromada_b, "programme_manager")
    for person in (world.clerk, world.head, outsider, None):
        with pytest.raises(ValidationError) as refused:
            services.assign(request, actor=world.officer, hromada=world.hromada, assignee=person)
        assert list(refused.value.message_dict) == ["assignee"]
    services.assign(request, actor=world.officer, hromada=world.hromada, assignee=world.admin)
    with pytest.raises(ValidationError) as refused:
        services.assign(request, actor=world.officer, hromada=world.hromada, assignee=world.admin)
    assert refused.value.message_dict == {"assignee": ["Заявку вже призначено: Адміністратор Громади."]}


def test_another_hromadas_request_and_item_are_refused(world, hromada_b):
    theirs = cast(hromada_b).report()
    with pytest.raises(PermissionDenied):
        services.record_work(theirs, actor=world.officer, hromada=world.hromada, text="x")
    item = equipment(hromada_b)
    with pytest.raises(ValidationError) as refused:
        world.report(equipment=item)
    assert refused.value.message_dict == {"equipment": ["Оберіть одиницю обладнання цієї громади."]}


def test_reopening_is_the_reporters_for_five_working_days_then_the_job_closes_it(world, monkeypatch):
    clock = clock_at(monkeypatch, 2026, 3, 5, 10, 0)  # Thursday
    request = world.report()
    services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Оновлено драйвер.")
    request.refresh_from_db()
    assert services.reopen_until(request) == date(2026, 3, 12)
    clock.advance(days=7)  # Thursday 12 March: the last day
    assert services.allowed_moves(request, world.clerk) == (Status.CLOSED, Status.IN_PROGRESS)
    assert services.close_expired() == 0
    clock.advance(days=1)
    with pytest.raises(ValidationError) as refused:
        services.reopen(request, actor=world.clerk, hromada=world.hromada, reason="Знову не друкує")
    assert refused.value.message_dict == {"status": [
        "Строк для повторного відкриття минув (12 березня 2026 р.); повідомте про проблему заново."]}
    assert services.close_expired() == 1
    assert services.close_expired() == 0
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert request.log.last().text == "Закрито автоматично: заявник не відкрив її повторно до 12 березня 2026 р."
    assert [n.subject for n in notices("itassets.request_progress", world.clerk)] == [
        f"Вашу ІТ-заявку {request.number} вирішено", f"Вашу ІТ-заявку {request.number} закрито"]


def test_the_reporter_reopens_a_request_that_is_not_fixed(world, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 5, 10, 0)
    request = world.report()
    services.assign(request, actor=world.admin, hromada=world.hromada, assignee=world.officer)
    services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Оновлено драйвер.")
    services.reopen(request, actor=world.clerk, hromada=world.hromada, reason="Знову зминає папір")
    request.refresh_from_db()
    assert (request.status, request.resolved_at, request.resolution) == (Status.IN_PROGRESS, None, "")
    assert request.due_date == date(2026, 3, 12)  # the term keeps its date
    [told] = notices("itassets.request_reporter_note", world.officer)
    assert told.subject == f"Заявник повторно відкрив ІТ-заявку {request.number}: не виправлено"


# --- work, parts and bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("typed, stored", [
    ("1 250,00", Decimal("1250.00")), ("1\u00a0250,5", Decimal("1250.50")), ("980.4", Decimal("980.40")),
    (Decimal("15"), Decimal("15.00")), (0, Decimal("0.00")), ("", None), (None, None),
])
def test_parts_cost_is_read_as_people_type_it(world, typed, stored):
    request = world.report()
    entry = services.record_parts(request, actor=world.officer, hromada=world.hromada, parts="Картридж HP 85A",
                                  cost=typed)
    assert entry.parts_cost == stored


@pytest.mark.parametrize("cost, message", [
    ("1,2,3", "Введіть число, наприклад 1 234,5."), ("-5", "Вартість від 0 до 9 999 999 999,99 грн."),
    ("12,345", "Не більше двох цифр після коми (копійки)."), ("NaN", "Введіть число, наприклад 1 234,5."),
    ("10000000000", "Вартість від 0 до 9 999 999 999,99 грн."), (True, "Введіть число, наприклад 1 234,5."),
])
def test_a_bad_cost_changes_nothing(world, cost, message):
    request = world.report()
    before = RequestWork.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.record_parts(request, actor=world.officer, hromada=world.hromada, parts="Блок живлення", cost=cost)
    assert refused.value.message_dict == {"parts_cost": [message]}
    assert (RequestWork.objects.count(), AuditEntry.objects.count()) == before
    request.refresh_from_db()
    assert request.status == Status.NEW


@pytest.mark.parametrize("fields, errors", [
    ({"subject": ""}, {"subject": ["Коротко опишіть, що не так."]}),
    ({"description": "  "}, {"description": ["Опишіть проблему: що відбувається, відколи, що ви вже пробували."]}),
    ({"kind": "coffee"}, {"kind": ["Оберіть вид проблеми зі списку."]}),
    ({"priority": "urgent!!"}, {"priority": ["Оберіть пріоритет зі списку."]}),
    ({"subject": "x" * 201}, {"subject": ["Не більше 200 символів."]}),
    ({"subject": "a\x00b"}, {"subject": ["Текст містить символи, які неможливо зберегти."]}),
    ({"contact": 12}, {"contact": ["Тут має бути текст."]}),
])
def test_a_bad_report_files_nothing(world, fields, errors):
    with pytest.raises(ValidationError) as refused:
        world.report(**fields)
    assert refused.value.message_dict == errors
    assert not ServiceRequest.objects.exists()
    assert not CaseCounter.objects.exists()
    assert not Notice.objects.exists()


@pytest.mark.parametrize("minutes, message", [
    (0, "Від 1 до 10000 хвилин."), (10_001, "Від 1 до 10000 хвилин."), ("abc", "Очікується ціле число."),
    (True, "Очікується ціле число."),
])
def test_bad_minutes_record_no_work(world, minutes, message):
    request = world.report()
    with pytest.raises(ValidationError) as refused:
        services.record_work(request, actor=world.officer, hromada=world.hromada, text="Налаштовано", minutes=minutes)
    assert refused.value.message_dict == {"minutes": [message]}
    assert not request.log.filter(kind="work").exists()
    request.refresh_from_db()
    assert request.status == Status.NEW


def test_an_item_is_found_by_its_inventory_number_with_look_alike_letters(world):
    item = equipment(world.hromada, inventory_number="ОС-0012")  # Cyrillic О and С
    assert services.find_equipment(world.hromada, " oc-0012 ") == item  # Latin, lower case
    assert services.find_equipment(world.hromada, "ОС-0013") is None
    request = world.report(equipment=item)
    # The council's own item without a department: the request is the reporter's department's.
    assert (request.equipment, request.institution, request.department_id) == (
        item, None, world.clerk.role_assignments.get().department_id)


def test_the_request_takes_the_items_unit_or_else_the_reporters_department(world):
    from tests.factories import DepartmentFactory, InstitutionFactory

    school = InstitutionFactory(hromada=world.hromada)
    at_school = equipment(world.hromada, institution=school)
    assert (world.report(equipment=at_school).institution, world.report(equipment=at_school).department) == (
        school, None)
    finance = DepartmentFactory(hromada=world.hromada)
    assert world.report(equipment=equipment(world.hromada, department=finance)).department == finance
    own = world.report()
    assert own.department.pk == world.clerk.role_assignments.get().department_id


# --- notifications and audit ----------------------------------------------------------------------------


def test_each_notice_goes_once_to_the_people_it_concerns(world, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 2, 9, 0)
    request = world.report(priority="critical", subject="Не працює 1С")
    filed = notices("itassets.request_filed")
    assert {n.recipient.full_name for n in filed} == {"Адміністратор Громади", "Іван Інформатизатор"}
    assert {n.subject for n in filed} == {f"КРИТИЧНА ІТ-заявка {request.number}: Не працює 1С"}
    services._tell_filed(request)  # told again (a retry): nothing new
    assert len(notices("itassets.request_filed")) == 2

    services.assign(request, actor=world.admin, hromada=world.hromada, assignee=world.officer)
    [assigned] = notices("itassets.request_assigned")
    assert (assigned.recipient, assigned.subject) == (
        world.officer, f"ІТ-заявку {request.number} призначено вам: Не працює 1С")

    services.add_note(request, actor=world.officer, hromada=world.hromada, text="Підійду о 10:00")
    services.add_note(request, actor=world.clerk, hromada=world.hromada, text="Чекаю в кабінеті 12")
    services.record_work(request, actor=world.officer, hromada=world.hromada, text="Перевстановлено", minutes=40)
    services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Відновлено базу.")
    services.close(request, actor=world.officer, hromada=world.hromada)
    to_reporter = notices("itassets.request_progress", world.clerk)
    assert [n.subject for n in to_reporter] == [
        f"Примітка до вашої ІТ-заявки {request.number}", f"Вашу ІТ-заявку {request.number} вирішено",
        f"Вашу ІТ-заявку {request.number} закрито"]
    assert [n.body for n in to_reporter] == ["Підійду о 10:00", "Відновлено базу.", "Відновлено базу."]
    [to_assignee] = notices("itassets.request_reporter_note", world.officer)
    assert (to_assignee.subject, to_assignee.body) == (
        f"Заявник додав примітку до ІТ-заявки {request.number}", "Чекаю в кабінеті 12")
    assert Notice.objects.count() == 2 + 1 + 3 + 1


def test_an_officer_reporting_is_not_told_of_the_own_request(world):
    request = world.report(who=world.officer)
    assert [n.recipient for n in notices("itassets.request_filed")] == [world.admin]
    services.assign(request, actor=world.officer, hromada=world.hromada, assignee=world.officer)
    services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Готово.")
    assert not notices("itassets.request_assigned") and not notices("itassets.request_progress")


def test_the_morning_reminder_goes_once_a_day_per_request_due_or_overdue(world, monkeypatch):
    clock = clock_at(monkeypatch, 2026, 3, 2, 9, 0)
    due_soon = world.report(priority="critical")  # due 3 March
    later = world.report(priority="low")  # due 16 March
    nobodys = world.report(priority="critical")  # not assigned: the worklist shows it to the officers
    for request in (due_soon, later):
        services.assign(request, actor=world.admin, hromada=world.hromada, assignee=world.officer)
    clock.advance(days=1)
    assert services.remind_due() == 1
    assert services.remind_due() == 0
    clock.advance(days=1)
    assert services.remind_due() == 1
    services.resolve(due_soon, actor=world.officer, hromada=world.hromada, resolution="Готово.")
    clock.advance(days=1)
    assert services.remind_due() == 0
    assert [n.subject for n in notices("itassets.request_due", world.officer)] == [
        f"ІТ-заявку {due_soon.number} треба виконати сьогодні",
        f"ІТ-заявка {due_soon.number} прострочена (строк — 3 березня 2026 р.)"]
    assert nobodys.pk and later.pk


def test_every_change_is_in_the_audit_log(world):
    request = world.report()
    services.assign(request, actor=world.officer, hromada=world.hromada, assignee=world.officer)
    services.record_parts(request, actor=world.officer, hromada=world.hromada, parts="Ролик", cost="120")
    entries = AuditEntry.objects.filter(hromada=world.hromada).order_by("pk")
    assert [(e.action, e.object_type, e.actor) for e in entries] == [
        ("create", "itassets.servicerequest", world.clerk), ("create", "itassets.requestwork", world.clerk),
        ("create", "itassets.requestwork", world.officer), ("update", "itassets.servicerequest", world.officer),
        ("create", "itassets.requestwork", world.officer), ("update", "itassets.servicerequest", world.officer),
        ("create", "itassets.requestwork", world.officer),
    ]
    [parts] = [e for e in entries if e.changes.get("kind") == [None, "parts"]]
    assert parts.changes == {
        "kind": [None, "parts"], "parts": [None, "Ролик"], "parts_cost": [None, "120.00"]}
    assert entries.filter(action="update").first().changes == {
        "assignee_id": [None, world.officer.pk], "status": ["new", "assigned"]}
