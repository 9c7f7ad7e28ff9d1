"""The equipment API: the list with the staff list's filters (?category=computer&older_than_years=5), an item with
its book value, create and change through the services (a bad payload a 400 naming the field, nothing changed),
check-out, check-in and write-off; readers and writers per persona; another hromada's records a 404 or a 400."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hromada.acts.models import Act
from hromada.acts.numbers import number_key
from hromada.core.models import AuditEntry
from hromada.itassets.equipment import services
from hromada.itassets.models import Assignment, Category, Equipment
from tests.apiclient import ApiClient, field_errors, ok
from tests.factories import InstitutionFactory, member

pytestmark = pytest.mark.django_db
NOT_FOUND = {"detail": "Не знайдено."}
FORBIDDEN = {"detail": "У вас немає прав на цю дію."}


class Api(ApiClient):
    base = "/api/v1/itassets"


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager", full_name="Ірина Менеджер")


@pytest.fixture
def api(manager):
    return Api(manager)


def _item(hromada, actor, number, **fields):
    values = {"inventory_number": number, "category": Category.COMPUTER, "name": f"Комп’ютер {number}",
              "purchase_date": date(2024, 3, 1), "cost": Decimal("24000.00")}
    values.update(fields)
    return services.create_item(hromada, actor, **values)


def _state():
    return list(Equipment.objects.order_by("pk").values()), Assignment.objects.count(), AuditEntry.objects.count()


def test_the_list_filters_like_the_staff_list(api, hromada_a, hromada_b, manager):
    today = timezone.localdate()
    old = _item(hromada_a, manager, "1", purchase_date=today - timedelta(days=6 * 366))
    _item(hromada_a, manager, "2", purchase_date=today - timedelta(days=30))
    _item(hromada_a, manager, "3", category=Category.PRINTER, purchase_date=today - timedelta(days=9 * 366))
    _item(hromada_b, member(hromada_b, "hromada_admin"), "1", purchase_date=today - timedelta(days=9 * 366))
    page = ok(api.get("/equipment", {"category": "computer", "older_than_years": 5}))
    assert page["count"] == 1 and [row["id"] for row in page["items"]] == [old.pk]
    assert page["items"][0]["inventory_number"] == "1" and page["items"][0]["end_of_life"] == str(
        old.end_of_life)
    assert ok(api.get("/equipment"))["count"] == 3
    assert ok(api.get("/equipment", {"past_end_of_life": "true"}))["count"] == 2
    assert ok(api.get("/equipment", {"limit": 1, "offset": 1, "sort": "-purchase_date"}))["items"][0][
        "inventory_number"] == "1"
    assert ok(api.get("/equipment", {"institution_id": 0}))["count"] == 3
    assert field_errors(api.get("/equipment", {"category": "toaster"})) == {
        "category": "Невідоме значення; очікується одне з: computer, laptop, monitor, printer, server, network, "
                    "power, camera, phone, projector, other."}
    for bad in ({"older_than_years": "abc"}, {"older_than_years": 0}, {"limit": 5000},
                {"department_id": 2**64}):
        assert api.get("/equipment", bad).status_code == 422, bad


def test_an_item_with_its_book_value(api, hromada_a, manager):
    item = _item(hromada_a, manager, "1")
    services.check_out(item, actor=manager, hromada=hromada_a, on=date(2024, 3, 5), person_name="Бухгалтер")
    data = ok(api.get(f"/equipment/{item.pk}"))
    assert data["cost"] == "24000.00" and data["useful_life"] == 5 and data["end_of_life"] == "2029-03-01"
    assert data["depreciation_monthly"] == "400.00"
    assert Decimal(data["accumulated_depreciation"]) + Decimal(data["book_value"]) == Decimal("24000.00")
    assert data["assignments"][0]["person_name"] == "Бухгалтер" and data["assigned_name"] == "Бухгалтер"


def test_create_and_change_through_the_services(api, hromada_a):
    school = InstitutionFactory(hromada=hromada_a)
    data = ok(api.post("/equipment", {"inventory_number": "пk-0012", "category": "laptop", "name": "Ноутбук",
                                      "cost": "24000.50", "purchase_date": "2024-02-29", "institution_id": school.pk,
                                      "useful_life_years": 4}), 201)
    assert (data["inventory_number"], data["cost"], data["end_of_life"], data["institution_id"]) == (
        "ПК-0012", "24000.50", "2028-02-29", school.pk)
    item_id = data["id"]
    data = ok(api.patch(f"/equipment/{item_id}", {"room": "Кабінет 9", "useful_life_years": None}))
    assert (data["room"], data["end_of_life"], data["name"]) == ("Кабінет 9", "2029-02-28", "Ноутбук")
    assert AuditEntry.objects.filter(object_type="itassets.equipment", object_id=str(item_id)).count() == 2


@pytest.mark.parametrize(("payload", "field"), [
    ({"purchase_date": "2099-01-01"}, "purchase_date"),
    ({"inventory_number": "1"}, "inventory_number"),  # taken
    ({"category": "toaster"}, "category"),
    ({"status": "written_off"}, "status"),
    ({"cost": "12.345"}, "cost"),
    ({"cost": -1}, "cost"),
    ({"name": None}, "name"),
    ({"name": "Х" * 201}, "name"),
    ({"warranty_until": "2020-01-01"}, "warranty_until"),
    ({"parent_id": 2**62}, "parent_id"),
])
def test_a_bad_payload_names_its_field_and_changes_nothing(api, hromada_a, manager, payload, field):
    _item(hromada_a, manager, "1")
    before = _state()
    body = {"inventory_number": "2", "category": "computer", "name": "Новий", "purchase_date": "2024-03-01",
            **payload}
    response = api.post("/equipment", body)
    assert response.status_code in (400, 422)
    if response.status_code == 400:
        assert field in field_errors(response)
    assert _state() == before


def test_text_that_cannot_be_stored_is_refused(api, hromada_a, manager):
    before = _state()
    response = api.post("/equipment", {"inventory_number": "2", "category": "computer", "name": "Н\x00"})
    assert response.status_code == 400
    response = api.send("POST", "/equipment", raw="{not json")
    assert response.status_code in (400, 422)
    assert _state() == before


def test_check_out_in_and_write_off(api, hromada_a, hromada_b, manager):
    item = _item(hromada_a, manager, "1")
    clerk = member(hromada_a, "clerk", full_name="Олена Діловод")
    stranger = member(hromada_b, "clerk")
    before = _state()
    assert field_errors(api.post(f"/equipment/{item.pk}/check-out", {"user_id": stranger.pk})) == {
        "user_id": "Оберіть запис цієї громади."}
    assert field_errors(api.post(f"/equipment/{item.pk}/check-out", {"checked_out_on": "2024-03-05"})) == {
        "__all__": "Зазначте, кому або куди видається обладнання: особі, до приміщення чи до складу іншого "
                   "обладнання."}
    assert _state() == before
    data = ok(api.post(f"/equipment/{item.pk}/check-out", {"user_id": clerk.pk, "checked_out_on": "2024-03-05",
                                                          "room": "12"}))
    assert (data["assigned_user_id"], data["assigned_name"], data["room"]) == (clerk.pk, "Олена Діловод", "12")
    assert field_errors(api.post(f"/equipment/{item.pk}/check-out", {"person_name": "Інший"})) == {
        "__all__": "Обладнання вже видано (з 05.03.2024); спершу поверніть його."}
    data = ok(api.post(f"/equipment/{item.pk}/check-in", {"checked_in_on": "2024-06-01"}))
    assert data["assigned_name"] == "" and data["status"] == "in_stock"
    b_act = Act.objects.create(hromada=hromada_b, number="9", number_key=number_key("9"), date=date(2025, 1, 1),
                               type="executive_decision", status="adopted", title="Чуже")
    assert field_errors(api.post(f"/equipment/{item.pk}/write-off", {"reason": "Знос", "act_id": b_act.pk})) == {
        "act_id": "Оберіть запис цієї громади."}
    assert field_errors(api.post(f"/equipment/{item.pk}/write-off", {"reason": " "})) == {
        "reason": "Зазначте причину списання."}
    data = ok(api.post(f"/equipment/{item.pk}/write-off", {"reason": "Знос", "written_off_on": "2025-01-10"}))
    assert (data["status"], data["written_off_on"], data["write_off_reason"]) == ("written_off", "2025-01-10", "Знос")


@pytest.mark.parametrize(("role", "read", "write"), [
    ("clerk", 403, 403), ("department_head", 200, 403), ("programme_manager", 200, 201), ("hromada_admin", 200, 201),
])
def test_personas(hromada_a, manager, role, read, write):
    item = _item(hromada_a, manager, "1")
    api = Api(member(hromada_a, role))
    assert api.get("/equipment").status_code == read
    assert api.get(f"/equipment/{item.pk}").status_code == read
    before = _state()
    response = api.post("/equipment", {"inventory_number": "2", "category": "computer", "name": "Н"})
    assert response.status_code == write
    if write == 403:
        assert response.json() == FORBIDDEN
        assert api.patch(f"/equipment/{item.pk}", {"name": "Інше"}).status_code == 403
        assert api.post(f"/equipment/{item.pk}/write-off", {"reason": "Знос"}).status_code == 403
        assert _state() == before
    assert Api(None).get("/equipment").status_code == 401


def test_another_hromadas_item_is_a_404(api, hromada_a, hromada_b, manager):
    b_item = _item(hromada_b, member(hromada_b, "hromada_admin"), "ЛИШЕБ")
    _item(hromada_a, manager, "1")
    before = _state()
    assert api.get(f"/equipment/{b_item.pk}").json() == NOT_FOUND
    for method, path, payload in (("PATCH", f"/equipment/{b_item.pk}", {"name": "Зламано"}),
                                  ("POST", f"/equipment/{b_item.pk}/check-out", {"person_name": "Х"}),
                                  ("POST", f"/equipment/{b_item.pk}/check-in", {}),
                                  ("POST", f"/equipment/{b_item.pk}/write-off", {"reason": "Х"}),
                                  ("GET", f"/equipment/{2**70}", None)):
        response = api.send(method, path, payload)
        assert response.status_code == 404, (method, path)
    assert "ЛИШЕБ" not in api.get("/equipment", {"q": "ЛИШЕБ"}).content.decode()
    response = api.post("/equipment", {"inventory_number": "2", "category": "computer", "name": "Н",
                                       "parent_id": b_item.pk})
    assert field_errors(response) == {"parent_id": "Оберіть запис цієї громади."}
    assert _state() == before
