"""The IT service requests API (/api/v1/itassets/requests): list with filters, detail with the log, report,
work, parts, notes, assignment, triage and status moves — per persona, tenant-isolated, and bad payloads
answered in Ukrainian with nothing changed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hromada.core.models import AuditEntry
from hromada.itassets.models import RequestWork, ServiceRequest
from hromada.itassets.servicedesk import services
from tests.apiclient import ApiClient, field_errors, ok
from tests.itassets.builders import equipment
from tests.itassets.servicedesk_world import cast, clock_at

pytestmark = pytest.mark.django_db
BASE = "/itassets/requests"


@pytest.fixture
def world(hromada_a, monkeypatch):
    clock_at(monkeypatch, 2026, 3, 4, 10, 0)
    return cast(hromada_a)


def numbers(response) -> list[str]:
    return [row["number"] for row in ok(response)["items"]]


def test_anonymous_callers_are_refused(client_a, world):
    request = world.report()
    api = ApiClient()
    for response in (api.get(BASE), api.get(f"{BASE}/{request.pk}"), api.post(BASE, {}),
                     api.post(f"{BASE}/{request.pk}/status", {"status": "cancelled", "text": "x"})):
        assert response.status_code == 401
    assert ServiceRequest.objects.get().status == "new"


def test_a_clerk_reports_and_follows_the_own_requests(world):
    equipment(world.hromada, inventory_number="ПК-0042", name="Комп’ютер бухгалтера")
    api = ApiClient(world.clerk)
    created = ok(api.post(BASE, {"subject": "Не вмикається ПК", "description": "Блимає індикатор.",
                                 "kind": "hardware", "priority": "high", "inventory_number": "пk-0042",
                                 "contact": "каб. 3"}), 201)
    assert (created["number"], created["due_date"], created["inventory_number"], created["status"]) == (
        "ІТ-2026/00001", "2026-03-06", "ПК-0042", "new")
    assert created["allowed_statuses"] == ["cancelled"]
    assert [(e["kind"], e["status"], e["author_name"]) for e in created["log"]] == [("status", "new", "Оксана Діловод")]
    theirs = world.report(who=world.other_clerk)
    assert numbers(api.get(BASE)) == ["ІТ-2026/00001"]
    assert api.get(f"{BASE}/{theirs.pk}").status_code == 404
    assert api.post(f"{BASE}/{created['id']}/work", {"text": "сама полагодила"}).status_code == 403
    note = ok(api.post(f"{BASE}/{created['id']}/notes", {"text": "Я на місці з 8:00"}), 201)
    assert (note["kind"], note["text"]) == ("note", "Я на місці з 8:00")
    moved = ok(api.post(f"{BASE}/{created['id']}/status", {"status": "cancelled", "text": "Запрацював"}))
    assert moved["status"] == "cancelled" and moved["allowed_statuses"] == []


def test_the_officer_works_a_request_through_the_api(world):
    request = world.report()
    api = ApiClient(world.officer)
    path = f"{BASE}/{request.pk}"
    assert ok(api.post(f"{path}/triage", {"kind": "hardware", "priority": "critical"}))["due_date"] == "2026-03-05"
    assert ok(api.post(f"{path}/assign", {"assignee_id": world.admin.pk}))["assignee_name"] == "Адміністратор Громади"
    work = ok(api.post(f"{path}/work", {"text": "Замінено блок живлення", "minutes": 45}), 201)
    assert work["minutes"] == 45
    parts = ok(api.post(f"{path}/parts", {"parts": "Блок живлення 500 Вт", "parts_cost": "1 250,00"}), 201)
    assert Decimal(str(parts["parts_cost"])) == Decimal("1250.00")
    assert Decimal(str(ok(api.post(f"{path}/parts", {"parts": "Кабель", "parts_cost": 80.5}), 201)["parts_cost"])
                   ) == Decimal("80.50")
    resolved = ok(api.post(f"{path}/status", {"status": "resolved", "text": "Працює."}))
    assert (resolved["status"], resolved["allowed_statuses"]) == ("resolved", ["closed", "in_progress"])
    detail = ok(api.get(path))
    assert [e["kind"] for e in detail["log"]] == ["status", "note", "status", "status", "work", "parts", "parts",
                                                  "status"]


@pytest.mark.parametrize("query, expected", [
    ({"status": "open"}, ["ІТ-2026/00002", "ІТ-2026/00001"]),
    ({"status": "resolved"}, ["ІТ-2026/00003"]),
    ({"priority": "critical"}, ["ІТ-2026/00002"]),
    ({"q": "інтернету"}, ["ІТ-2026/00002"]),
    ({"assignee_id": 0, "status": "new"}, ["ІТ-2026/00001"]),
    ({"sort": "received"}, ["ІТ-2026/00001", "ІТ-2026/00002", "ІТ-2026/00003"]),
    ({"received_from": "2026-03-05"}, []),
    ({"limit": 1, "offset": 1}, ["ІТ-2026/00002"]),
])
def test_the_list_filters(world, query, expected):
    world.report(subject="Принтер")
    net = world.report(subject="Немає інтернету", kind="network", priority="critical")
    services.assign(net, actor=world.officer, hromada=world.hromada, assignee=world.officer)
    done = world.report(subject="Пароль")
    services.resolve(done, actor=world.officer, hromada=world.hromada, resolution="Скинуто пароль.")
    assert numbers(ApiClient(world.officer).get(BASE, query)) == expected


@pytest.mark.parametrize("query", [
    {"assignee_id": "abc"}, {"equipment_id": -1}, {"reporter_id": 2**63}, {"received_from": "2026-13-01"},
    {"limit": 0}, {"limit": 5000}, {"offset": -1}, {"q": "x" * 300},
])
def test_bad_list_parameters_are_422_in_ukrainian(world, query):
    response = ApiClient(world.officer).get(BASE, query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["message"].startswith("Неприпустиме значення")


def test_another_hromadas_requests_are_404_and_unlisted(world, hromada_b):
    theirs = cast(hromada_b).report()
    api = ApiClient(world.officer)
    path = f"{BASE}/{theirs.pk}"
    assert api.get(path).status_code == 404
    for suffix, payload in (("/work", {"text": "x"}), ("/parts", {"parts": "x"}), ("/notes", {"text": "x"}),
                            ("/assign", {"assignee_id": world.officer.pk}), ("/triage", {"kind": "other",
                                                                                         "priority": "low"}),
                            ("/status", {"status": "cancelled", "text": "x"})):
        assert api.post(path + suffix, payload).status_code == 404, suffix
    assert numbers(api.get(BASE, {"q": theirs.number})) == []
    assert ApiClient(world.officer, host="b.localhost").get(f"{BASE}/{theirs.pk}").status_code in (401, 403, 404)
    theirs.refresh_from_db()
    assert theirs.status == "new" and theirs.log.count() == 1
    item = equipment(hromada_b)
    assert field_errors(api.post(BASE, {"subject": "x", "description": "x", "equipment_id": item.pk})) == {
        "equipment_id": "Оберіть одиницю обладнання цієї громади."}


@pytest.mark.parametrize("suffix, payload, errors", [
    ("", {"subject": "", "description": "x"}, {"subject": "Коротко опишіть, що не так."}),
    ("", {"subject": "x", "description": "x", "kind": "coffee"}, {"kind": "Оберіть вид проблеми зі списку."}),
    ("", {"subject": "x", "description": "x", "inventory_number": "НЕМА-1"},
     {"inventory_number": "У громаді немає обладнання з таким інвентарним номером."}),
    ("", {"subject": "x", "description": "x", "equipment_id": 2**70},
     {"equipment_id": "Оберіть одиницю обладнання цієї громади."}),
    ("/work", {"text": "x", "minutes": 0}, {"minutes": "Від 1 до 10000 хвилин."}),
    ("/parts", {"parts": "Диск", "parts_cost": "сто"}, {"parts_cost": "Введіть число, наприклад 1 234,5."}),
    ("/parts", {"parts": "Диск", "parts_cost": -1}, {"parts_cost": "Вартість від 0 до 9 999 999 999,99 грн."}),
    ("/assign", {"assignee_id": 2**62}, {"assignee_id": "Оберіть ІТ-фахівця цієї громади (особу, яка веде облік "
                                                        "ІТ-активів)."}),
    ("/triage", {"kind": "other", "priority": "asap"}, {"priority": "Оберіть пріоритет зі списку."}),
    ("/status", {"status": "closed"}, {"status": "Заявка зі станом «нова» не може перейти в стан «закрита». "
                                                 "Можливі стани: «в роботі», «вирішена», «скасована»."}),
    ("/status", {"status": "resolved", "text": ""}, {"text": "Вкажіть, що зроблено."}),
    ("/notes", {"text": "  "}, {"text": "Напишіть примітку."}),
])
def test_bad_payloads_are_400_on_the_field_and_change_nothing(world, suffix, payload, errors):
    request = world.report()
    api = ApiClient(world.officer)
    path = BASE if not suffix else f"{BASE}/{request.pk}{suffix}"
    before = (ServiceRequest.objects.count(), RequestWork.objects.count(), AuditEntry.objects.count())
    assert field_errors(api.post(path, payload)) == errors
    assert (ServiceRequest.objects.count(), RequestWork.objects.count(), AuditEntry.objects.count()) == before
    request.refresh_from_db()
    assert (request.status, request.kind, request.priority) == ("new", "printing", "normal")


@pytest.mark.parametrize("raw", ['{"subject": ', '[]', '{"subject": "a\\u0000b", "description": "x"}',
                                 '{"subject": 5, "description": "x"}', '{"text": "x", "minutes": "many"}'])
def test_malformed_bodies_are_4xx_in_ukrainian(world, raw):
    request = world.report()
    api = ApiClient(world.officer)
    for path in (BASE, f"{BASE}/{request.pk}/work"):
        response = api.send("POST", path, raw=raw)
        assert 400 <= response.status_code < 500
        assert any("\u0400" <= ch <= "\u04ff" for ch in response.content.decode("unicode_escape", "ignore")
                   ) or response.status_code == 422
    assert RequestWork.objects.count() == 1
