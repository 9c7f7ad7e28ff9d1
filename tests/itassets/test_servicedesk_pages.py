"""The IT service desk's staff pages: who sees what (anonymous, clerk, department head, IT officer, admin), tenant
isolation on every URL, the report form, the detail page's forms, the queue's filters, search and exports, the
figures page and an item's requests — and garbage typed or posted anywhere answers without a 500, changing
nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hromada.core.models import AuditEntry
from hromada.itassets.models import RequestWork, ServiceRequest
from hromada.itassets.servicedesk import services
from tests.itassets.builders import equipment
from tests.itassets.servicedesk_world import cast, clock_at

pytestmark = pytest.mark.django_db
Status = ServiceRequest.Status
NS = "itassets-staff:"


@pytest.fixture
def world(hromada_a, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 4, 10, 0)  # Wednesday
    return cast(hromada_a)


def url(name: str, *args) -> str:
    return reverse(NS + name, args=args)


def page(client, name, *args, **query):
    return client.get(url(name, *args), query)


def text(response) -> str:
    return response.content.decode()


def request_urls(pk: int) -> list[str]:
    return [url(name, pk) for name in ("request-detail", "request-triage", "request-assign", "request-work",
                                       "request-parts", "request-note", "request-status", "request-resolve",
                                       "request-cancel", "request-close", "request-reopen")]


LIST_URLS = ("request-list", "request-mine", "request-new", "request-figures")


# --- who sees what --------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(client_a, world):
    request = world.report()
    item = equipment(world.hromada)
    for address in [*[url(n) for n in LIST_URLS], *request_urls(request.pk), url("request-item-history", item.pk)]:
        for method in (client_a.get, client_a.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith("/accounts/login/") or "login" in response["Location"], address
    assert RequestWork.objects.count() == 1


def test_a_clerk_sees_only_the_own_requests(client_a, world):
    own, theirs = world.report(subject="Мій принтер"), world.report(who=world.other_clerk, subject="Чужий сканер")
    client_a.force_login(world.clerk)
    mine = page(client_a, "request-mine")
    assert mine.status_code == 200
    assert "Мій принтер" in text(mine) and "Чужий сканер" not in text(mine)
    assert page(client_a, "request-detail", own.pk).status_code == 200
    assert page(client_a, "request-detail", theirs.pk).status_code == 404
    for name in ("request-list", "request-figures"):
        assert page(client_a, name).status_code == 403
    assert page(client_a, "request-item-history", equipment(world.hromada).pk).status_code == 403
    for name in ("request-triage", "request-assign", "request-work", "request-parts", "request-status",
                 "request-resolve"):
        assert client_a.post(url(name, own.pk)).status_code == 403
    assert client_a.post(url("request-note", theirs.pk), {"note-text": "я теж"}).status_code == 404


def test_a_department_head_sees_the_units_requests_read_only(client_a, world, hromada_a):
    from tests.factories import DepartmentFactory

    unit = world.report(subject="Заявка підрозділу")
    elsewhere = world.report(who=world.outsider_head, subject="Заявка іншого відділу",
                             equipment=equipment(hromada_a, department=DepartmentFactory(hromada=hromada_a)))
    client_a.force_login(world.head)
    queue = page(client_a, "request-list")
    assert queue.status_code == 200
    assert "Заявка підрозділу" in text(queue) and "Заявка іншого відділу" not in text(queue)
    detail = page(client_a, "request-detail", unit.pk)
    assert detail.status_code == 200 and "Робота ІТ-фахівця" not in text(detail)
    assert page(client_a, "request-detail", elsewhere.pk).status_code == 404
    assert client_a.post(url("request-work", unit.pk), {"work-text": "x"}).status_code == 403
    assert page(client_a, "request-figures").status_code == 200


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_it_officers_see_every_request_and_its_forms(client_a, world, who):
    request = world.report(subject="Зависає 1С")
    client_a.force_login(getattr(world, who))
    queue = page(client_a, "request-list")
    assert request.number in text(queue)
    detail = text(page(client_a, "request-detail", request.pk))
    for heading in ("Робота ІТ-фахівця", "Вирішення", "Виконана робота", "Використані запчастини",
                    "Зміна стану", "Вид і пріоритет", "Історія змін"):
        assert heading in detail, heading


def test_another_hromadas_request_and_item_are_404_on_every_url(client_a, world, hromada_b):
    theirs = cast(hromada_b).report()
    item = equipment(hromada_b)
    client_a.force_login(world.officer)
    for address in [*request_urls(theirs.pk), url("request-item-history", item.pk)]:
        assert client_a.get(address).status_code == 404, address
        assert client_a.post(address, {"work-text": "x", "reason": "x", "resolve-resolution": "x"}).status_code == 404
    assert page(client_a, "request-detail", theirs.pk).status_code == 404
    assert not page(client_a, "request-list", q=theirs.number).context["page"].object_list
    assert RequestWork.objects.filter(request=theirs).count() == 1


# --- the report form ------------------------------------------------------------------------------------


def test_the_report_form_offers_the_own_items_first_and_files_the_request(client_a, world):
    mine = equipment(world.hromada, name="Мій ноутбук", category="laptop", assigned_user=world.clerk)
    units = equipment(world.hromada, name="Принтер відділу", category="printer",
                      department=world.clerk.role_assignments.get().department)
    equipment(world.hromada, name="Чужий сервер", category="server")
    client_a.force_login(world.clerk)
    form = page(client_a, "request-new")
    options = form.context["form"].fields["equipment"].choices
    assert [label for _value, label in options] == [
        "— не моє обладнання —", f"{mine.inventory_number} — Мій ноутбук",
        f"{units.inventory_number} — Принтер відділу"]
    response = client_a.post(url("request-new"), {
        "subject": "Ноутбук не вмикається", "description": "Після оновлення чорний екран.", "kind": "hardware",
        "priority": "high", "equipment": mine.pk, "contact": "каб. 12, тел. 2-13"})
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url("request-detail", request.pk)
    assert (request.number, request.equipment, request.priority, request.due_date) == (
        "ІТ-2026/00001", mine, "high", date(2026, 3, 6))
    shown = text(client_a.get(response["Location"]))
    assert "Заявку ІТ-2026/00001 подано; строк виконання — до 6 березня 2026 р." in shown


def test_any_item_is_chosen_by_its_inventory_number(client_a, world, hromada_b):
    server = equipment(world.hromada, inventory_number="СЕР-001", name="Сервер", category="server")
    equipment(hromada_b, inventory_number="ЧУЖ-1")
    client_a.force_login(world.clerk)
    data = {"subject": "Сервер гуде", "description": "Дуже гучний вентилятор.", "kind": "hardware",
            "priority": "low"}
    refused = client_a.post(url("request-new"), {**data, "inventory_number": "ЧУЖ-1"})
    assert refused.status_code == 400
    assert "У громаді немає обладнання з таким інвентарним номером." in text(refused)
    assert not ServiceRequest.objects.exists()
    client_a.post(url("request-new"), {**data, "inventory_number": "cep-001"})  # Latin look-alikes, lower case
    assert ServiceRequest.objects.get().equipment == server


@pytest.mark.parametrize("data", [
    {},
    {"subject": "", "description": "x", "kind": "other", "priority": "normal"},
    {"subject": "x", "description": "x", "kind": "coffee", "priority": "normal"},
    {"subject": "x", "description": "x", "kind": "other", "priority": "normal", "equipment": "abc"},
    {"subject": "x", "description": "x", "kind": "other", "priority": "normal", "equipment": "99999999999999999999"},
    {"subject": "a\x00b", "description": "x", "kind": "other", "priority": "normal"},
    {"subject": "x" * 201, "description": "x", "kind": "other", "priority": "normal"},
])
def test_a_bad_report_shows_the_form_again_and_files_nothing(client_a, world, data):
    client_a.force_login(world.clerk)
    response = client_a.post(url("request-new"), data)
    assert response.status_code == 400
    assert "error-summary" in text(response)
    assert not ServiceRequest.objects.exists()


def test_text_from_word_is_cleaned(client_a, world):
    client_a.force_login(world.clerk)
    client_a.post(url("request-new"), {"subject": "Не працює\x0bпошта", "description": "Рядок 1\x0bрядок 2\x07",
                                       "kind": "software", "priority": "normal"})
    request = ServiceRequest.objects.get()
    assert (request.subject, request.description) == ("Не працює\nпошта", "Рядок 1\nрядок 2")


# --- the detail page's forms ----------------------------------------------------------------------------


def test_the_officer_works_the_request_through_the_page(client_a, world):
    request = world.report()
    client_a.force_login(world.officer)

    def post(name, data):
        response = client_a.post(url(name, request.pk), data)
        assert response.status_code == 302, text(response)[:3000]
        return client_a.get(response["Location"])

    assert "Вид і пріоритет збережено" in text(post("request-triage", {"triage-kind": "hardware",
                                                                        "triage-priority": "critical"}))
    post("request-assign", {"assign-assignee": world.officer.pk})
    post("request-work", {"work-text": "Розібрано, почищено ролик", "work-minutes": "35"})
    shown = text(post("request-parts", {"parts-parts": "Ролик подачі", "parts-parts_cost": "1 250,00"}))
    assert "Ролик подачі — 1\xa0250,00 грн" in shown
    post("request-status", {"status-status": "waiting", "status-text": "Чекаємо ролик"})
    post("request-resolve", {"resolve-resolution": "Замінено ролик подачі паперу."})
    request.refresh_from_db()
    assert (request.kind, request.priority, request.status, request.assignee) == (
        "hardware", "critical", Status.RESOLVED, world.officer)
    assert list(request.log.values_list("kind", flat=True)) == [
        "status", "note", "status", "status", "work", "parts", "status", "status"]
    assert request.log.get(kind="parts").parts_cost == Decimal("1250.00")


@pytest.mark.parametrize("name, data, message", [
    ("request-parts", {"parts-parts": "Блок живлення", "parts-parts_cost": "1,2,3"}, "Введіть число"),
    ("request-parts", {"parts-parts": "", "parts-parts_cost": "100"}, "Обов"),
    ("request-work", {"work-text": "x", "work-minutes": "-5"}, "work-minutes"),
    ("request-work", {"work-text": "", "work-minutes": "5"}, "Обов"),
    ("request-resolve", {"resolve-resolution": "   "}, "Обов"),
    ("request-triage", {"triage-kind": "coffee", "triage-priority": "low"}, "triage-kind"),
    ("request-assign", {"assign-assignee": "abc"}, "assign-assignee"),
    ("request-assign", {"assign-assignee": "999999999"}, "assign-assignee"),
    ("request-status", {"status-status": "closed"}, "status-status"),
    ("request-note", {"note-text": "a\x00b"}, "note-text"),
])
def test_a_bad_form_on_the_detail_page_answers_400_and_changes_nothing(client_a, world, name, data, message):
    request = world.report()
    client_a.force_login(world.officer)
    before = (RequestWork.objects.count(), AuditEntry.objects.count())
    response = client_a.post(url(name, request.pk), data)
    assert response.status_code == 400
    assert message in text(response)
    assert (RequestWork.objects.count(), AuditEntry.objects.count()) == before
    request.refresh_from_db()
    assert (request.status, request.kind, request.priority) == (Status.NEW, "printing", "normal")


def test_assigning_someone_who_is_not_an_it_officer_is_refused(client_a, world):
    request = world.report()
    client_a.force_login(world.officer)
    response = client_a.post(url("request-assign", request.pk), {"assign-assignee": world.clerk.pk})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.assignee is None


def test_cancelling_asks_for_confirmation_and_a_reason(client_a, world):
    request = world.report()
    client_a.force_login(world.officer)
    confirm = page(client_a, "request-cancel", request.pk)
    assert confirm.status_code == 200
    assert "Цю дію не можна скасувати." in text(confirm)
    assert client_a.post(url("request-cancel", request.pk), {"reason": ""}).status_code == 400
    request.refresh_from_db()
    assert request.status == Status.NEW
    response = client_a.post(url("request-cancel", request.pk), {"reason": "Дубль заявки ІТ-2026/00002"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CANCELLED
    again = client_a.get(url("request-cancel", request.pk))
    assert again.status_code == 302  # nothing to cancel any more: back to the request with a message


def test_the_reporter_confirms_or_reopens_a_resolved_request(client_a, world):
    first, second = world.report(), world.report()
    for request in (first, second):
        services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Готово.")
    client_a.force_login(world.clerk)
    detail = text(page(client_a, "request-detail", first.pk))
    assert "Підтвердити: усунено" in detail and "Відкрити повторно: не усунено" in detail
    assert "до 11 березня 2026 р." in detail  # five working days after Wednesday 4 March
    client_a.post(url("request-close", first.pk), {"text": ""})
    client_a.post(url("request-reopen", second.pk), {"reason": "Знову не друкує"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.CLOSED, Status.IN_PROGRESS)
    assert client_a.get(url("request-reopen", first.pk)).status_code == 404  # closed: nothing to reopen


def test_the_reporter_adds_a_note_to_the_own_open_request(client_a, world):
    request = world.report()
    client_a.force_login(world.clerk)
    response = client_a.post(url("request-note", request.pk), {"note-text": "Я в кабінеті до 17:00"})
    assert response.status_code == 302
    assert request.log.filter(kind="note", text="Я в кабінеті до 17:00", author=world.clerk).exists()


# --- the queue ------------------------------------------------------------------------------------------


@pytest.fixture
def queue_world(world, monkeypatch):
    clock = clock_at(monkeypatch, 2026, 2, 2, 9, 0)  # Monday
    printer = equipment(world.hromada, inventory_number="ПР-0007", name="Принтер бухгалтерії", category="printer")
    rows = {
        "jam": world.report(subject="Принтер м’яко кажучи зминає папір", equipment=printer),
        "net": world.report(subject="Немає інтернету в старостаті", kind="network", priority="critical"),
        "ups": world.report(who=world.other_clerk, subject="Пищить ДБЖ", kind="hardware", priority="low"),
    }
    services.assign(rows["net"], actor=world.officer, hromada=world.hromada, assignee=world.officer)
    clock.advance(days=30)  # 4 March: the critical and the normal ones are overdue
    services.resolve(rows["ups"], actor=world.officer, hromada=world.hromada, resolution="Замінено батарею.")
    return world, rows


@pytest.mark.parametrize("query, expected", [
    ({}, ["ups", "net", "jam"]),
    ({"status": "overdue"}, ["net", "jam"]),
    ({"status": "open", "sort": "priority"}, ["net", "jam"]),
    ({"status": "resolved"}, ["ups"]),
    ({"priority": "critical"}, ["net"]),
    ({"kind": "printing"}, ["jam"]),
    ({"assignee": "0", "status": "new"}, ["jam"]),
    ({"q": "м'яко"}, ["jam"]),  # any apostrophe
    ({"q": "МЯКО кажучи"}, ["jam"]),
    ({"q": "IT-2026/2"}, ["net"]),  # Latin letters, no zeros
    ({"q": "00003"}, ["ups"]),
    ({"q": "пр-0007"}, ["jam"]),  # the item's inventory number
    ({"since": "2026-02-02", "until": "2026-02-02", "sort": "received"}, ["jam", "net", "ups"]),
    ({"since": "2026-02-03"}, []),
    ({"sort": "due"}, ["net", "jam", "ups"]),
    ({"status": "nonsense", "priority": "x", "assignee": "abc", "since": "31.31.2026", "page": "999"},
     ["ups", "net", "jam"]),
    ({"q": "a\x00b"}, ["ups", "net", "jam"]),  # a query that cannot be stored is ignored, as other garbage
])
def test_the_queue_filters_searches_and_sorts(client_a, queue_world, query, expected):
    world, rows = queue_world
    client_a.force_login(world.officer)
    response = page(client_a, "request-list", **query)
    assert response.status_code == 200
    numbers = {request.number: key for key, request in rows.items()}
    assert [numbers[r.number] for r in response.context["page"].object_list] == expected


def test_overdue_requests_are_flagged_in_words_not_only_colour(client_a, queue_world):
    world, rows = queue_world
    client_a.force_login(world.officer)
    body = text(page(client_a, "request-list", status="overdue"))
    assert body.count("⚠ прострочено") == 2
    assert "2 прострочені" in body
    detail = text(page(client_a, "request-detail", rows["jam"].pk))
    assert "⚠ Прострочено" in detail


def test_the_queue_exports_xlsx_and_csv_and_logs_the_export(client_a, queue_world):
    world, rows = queue_world
    client_a.force_login(world.officer)
    xlsx = client_a.get(url("request-list"), {"status": "overdue", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:3] == ("номер", "надійшло", "тема")
    assert [row[0] for row in table[1:]] == [rows["net"].number, rows["jam"].number]
    assert table[1][7] == "так"
    csv = b"".join(client_a.get(url("request-list"), {"export": "csv", "q": "ДБЖ"}).streaming_content).decode()
    assert csv.startswith("\ufeff")
    assert csv.count("\n") == 2 and "Замінено батарею." in csv
    assert AuditEntry.objects.filter(action="export", object_type="itassets.servicerequest").count() == 2


# --- figures and an item's requests ---------------------------------------------------------------------


def test_the_figures_page_shows_tables_for_the_period(client_a, queue_world):
    world, _rows = queue_world
    client_a.force_login(world.officer)
    response = page(client_a, "request-figures", since="2026-02-01", until="2026-03-31")
    assert response.status_code == 200
    body = text(response)
    assert "Надійшли 3 заявки" in body and "За місяцями" in body and "За пріоритетом" in body
    assert response.context["figures"].total.received == 3
    for bad in ({"since": "2026-03-31", "until": "2026-02-01"}, {"since": "x", "until": ""},
                {"since": "1990-01-01", "until": "2026-01-01"}):
        refused = page(client_a, "request-figures", **bad)
        assert refused.status_code == 400


def test_an_items_requests_are_listed_on_their_page(client_a, queue_world):
    world, rows = queue_world
    printer = rows["jam"].equipment
    client_a.force_login(world.officer)
    response = page(client_a, "request-item-history", printer.pk)
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].object_list] == [rows["jam"].pk]
    assert "ІТ-заявки щодо обладнання ПР-0007" in text(response)
    assert page(client_a, "request-item-history", 0).status_code == 404


def test_the_item_page_has_a_section_of_its_requests(client_a, queue_world):
    world, rows = queue_world
    printer = rows["jam"].equipment
    client_a.force_login(world.officer)
    response = client_a.get(reverse(NS + "equipment-detail", args=[printer.pk]))
    assert response.status_code == 200
    body = text(response)
    assert ">ІТ-заявки</h2>" in body
    assert rows["jam"].number in body and rows["net"].number not in body
    assert f'{url("request-new")}?item={printer.pk}' in body
    other = equipment(world.hromada, inventory_number="БЕЗ-1")
    assert "ІТ-заявок щодо цього обладнання немає." in text(client_a.get(reverse(NS + "equipment-detail",
                                                                               args=[other.pk])))
    # The report form reached from the item page has the item filled in.
    client_a.force_login(world.clerk)
    form = page(client_a, "request-new", item=printer.pk)
    assert form.context["form"].initial == {"inventory_number": "ПР-0007"}


def test_the_staff_home_lists_the_officers_requests_and_the_jobs_run(client_a, queue_world):
    from hromada.core.jobs import get

    world, rows = queue_world
    client_a.force_login(world.officer)
    response = client_a.get("/staff/", {"kind": "itassets.request_new"})
    assert response.status_code == 200
    body = text(response)
    assert f"{rows['jam'].number} Принтер м’яко кажучи зминає папір" in body
    assert "Нова ІТ-заявка без виконавця" in body
    assert get("itassets-requests-due").func() == "1 reminders sent"  # the assigned, overdue critical one
    assert get("itassets-requests-due").func() == "0 reminders sent"
    assert get("itassets-requests-close").func() == "0 requests closed"  # resolved today: the reporter may reopen
