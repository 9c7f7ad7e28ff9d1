"""The registers API: CRUD of each register, search, masking and logging per persona, bad input, tenancy, templates."""

from __future__ import annotations

import codecs
import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest

from hromada.core import imports
from hromada.core.models import AuditEntry
from hromada.registers import services
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street, StreetRename
from tests.apiclient import ApiClient, field_errors, ok, uk
from tests.factories import InstitutionFactory, SettlementFactory, member
from tests.registers.identifiers import rnokpp_for, unzr_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/registers"
NOT_FOUND = {"detail": "Не знайдено."}
FORBIDDEN = {"detail": "У вас немає прав на цю дію."}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("streets", "buildings", "residents", "land", "property")


def decimals_message(whole: int, places: int) -> str:
    return uk("Invalid value: %(reason)s", reason=uk(
        "Give a number with at most %(whole)s digits before the decimal point and at most %(places)s after it.",
        whole=whole, places=places))


class Api(ApiClient):
    base = BASE


def items(response) -> list[dict]:
    return ok(response)["items"]


@pytest.fixture
def keeper(hromada_a):
    return member(hromada_a, "hromada_admin")


@pytest.fixture
def api(keeper):
    return Api(keeper)


@pytest.fixture
def town(hromada_a):
    return SettlementFactory(hromada=hromada_a, name="Могилів")


@pytest.fixture
def street(hromada_a, keeper, town):
    return services.save_street(Street(settlement=town, kind="vulytsia", name="Шевченка"), actor=keeper,
                                hromada=hromada_a)


@pytest.fixture
def house(hromada_a, keeper, street):
    return services.save_building(Building(street=street, number="12а"), actor=keeper, hromada=hromada_a)


def make_resident(hromada, actor, house, **fields) -> Resident:
    values = {"last_name": "Шевченко", "first_name": "Тарас", "patronymic": "Григорович",
              "birth_date": date(1990, 3, 9), "sex": "m", "building": house} | fields
    return services.save_resident(Resident(**values), actor=actor, hromada=hromada)


@pytest.fixture
def taras(hromada_a, keeper, house):
    born = date(1990, 3, 9)
    return make_resident(hromada_a, keeper, house, rnokpp=rnokpp_for(born, "m"), unzr=unzr_for(born),
                         phone="+380501234567", email="taras@example.org", registered_on=date(2010, 5, 1),
                         apartment="5")


# --- streets ---------------------------------------------------------------------------------------------


def test_streets_crud_and_search_by_a_former_name(hromada_a, api, town):
    other_town = SettlementFactory(hromada=hromada_a, name="Озерне")
    created = ok(api.post("/streets", {"settlement_id": town.pk, "name": "  Шевченка "}), 201)
    sid = created["id"]
    assert created == {"id": sid, "settlement_id": town.pk, "settlement": "Могилів", "kind": "vulytsia",
                       "name": "Шевченка", "title": "вул. Шевченка", "former_names": []}
    ok(api.post("/streets", {"settlement_id": other_town.pk, "kind": "provulok", "name": "Шкільний"}), 201)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_id=str(sid)).count() == 1

    renamed = ok(api.patch(f"/streets/{sid}", {"name": "Героїв Дніпра", "decision": " Рішення № 5/2024 ",
                                               "renamed_on": "2024-03-01"}))
    assert (renamed["name"], renamed["kind"], renamed["settlement_id"]) == ("Героїв Дніпра", "vulytsia", town.pk)
    assert renamed["former_names"] == [{"kind": "vulytsia", "name": "Шевченка", "title": "вул. Шевченка",
                                        "decision": "Рішення № 5/2024", "renamed_on": "2024-03-01"}]
    assert ok(api.get(f"/streets/{sid}")) == renamed

    # Found by the former name, by the current one, and by settlement.
    assert [row["id"] for row in items(api.get("/streets", {"q": "шевченка"}))] == [sid]
    assert [row["id"] for row in items(api.get("/streets", {"q": "ГЕРОЇВ"}))] == [sid]
    listed = ok(api.get("/streets"))
    assert listed["count"] == 2
    assert [row["name"] for row in listed["items"]] == ["Героїв Дніпра", "Шкільний"]
    assert "former_names" not in listed["items"][0]
    assert [row["name"] for row in items(api.get("/streets", {"settlement_id": other_town.pk}))] == ["Шкільний"]
    assert items(api.get("/streets", {"q": "шевченка", "settlement_id": other_town.pk})) == []
    page = ok(api.get("/streets", {"limit": 1, "offset": 1}))
    assert (page["count"], [row["name"] for row in page["items"]]) == (2, ["Шкільний"])

    # PATCH without a change of name keeps no former name; a change of kind does.
    ok(api.patch(f"/streets/{sid}", {"settlement_id": town.pk}))
    assert StreetRename.objects.filter(street_id=sid).count() == 1
    assert len(ok(api.patch(f"/streets/{sid}", {"kind": "prospekt"}))["former_names"]) == 2

    assert ok(api.delete(f"/streets/{sid}"), 204) is None
    assert not Street.objects.filter(pk=sid).exists()
    assert api.get(f"/streets/{sid}").json() == NOT_FOUND


def test_a_street_with_buildings_is_not_deleted_and_duplicates_are_refused(api, town, street, house):
    assert field_errors(api.delete(f"/streets/{street.pk}")) == {
        "__all__": uk("This record cannot be deleted because other records refer to it.")}
    assert Street.objects.filter(pk=street.pk).exists()
    assert field_errors(api.post("/streets", {"settlement_id": town.pk, "name": "шевченка"})) == {
        "__all__": uk("This settlement already has such a street.")}
    assert Street.objects.count() == 1


# --- buildings -------------------------------------------------------------------------------------------


def test_buildings_crud_and_address_search(hromada_a, api, town, street):
    lane = services.save_street(Street(settlement=town, kind="provulok", name="Тихий"),
                                actor=member(hromada_a, "hromada_admin"), hromada=hromada_a)
    created = ok(api.post("/buildings", {"street_id": street.pk, "number": "12а", "postcode": "24000",
                                         "apartments": 40, "latitude": "48.4435", "longitude": 27.797812}), 201)
    bid = created["id"]
    assert created == {"id": bid, "street_id": street.pk, "street": "вул. Шевченка", "settlement_id": town.pk,
                       "settlement": "Могилів", "number": "12-А", "address": "Могилів, вул. Шевченка, 12-А",
                       "postcode": "24000", "kind": "residential", "apartments": 40, "latitude": "48.443500",
                       "longitude": "27.797812"}
    stored = Building.objects.get(pk=bid)
    assert (stored.latitude, stored.longitude) == (Decimal("48.443500"), Decimal("27.797812"))
    second = ok(api.post("/buildings", {"street_id": street.pk, "number": "2"}), 201)
    ok(api.post("/buildings", {"street_id": lane.pk, "number": "12"}), 201)

    assert [row["number"] for row in items(api.get("/buildings", {"street_id": street.pk}))] == ["2", "12-А"]
    assert [row["id"] for row in items(api.get("/buildings", {"q": "Шевченка 12"}))] == [bid]
    assert [row["address"] for row in items(api.get("/buildings", {"q": "тихий"}))] == ["Могилів, пров. Тихий, 12"]

    changed = ok(api.patch(f"/buildings/{bid}", {"apartments": 42, "kind": "non_residential", "latitude": None}))
    assert (changed["apartments"], changed["kind"], changed["latitude"], changed["postcode"]) == (
        42, "non_residential", None, "24000")
    assert ok(api.get(f"/buildings/{bid}")) == changed
    moved = ok(api.patch(f"/buildings/{second['id']}", {"street_id": lane.pk, "number": "3 б"}))
    assert (moved["street_id"], moved["number"]) == (lane.pk, "3-Б")
    assert field_errors(api.post("/buildings", {"street_id": street.pk, "number": "12-А"})) == {
        "__all__": uk("This street already has a building with this number.")}
    assert list(field_errors(api.post("/buildings", {"street_id": street.pk, "number": "1",
                                                     "latitude": "60"}))) == ["latitude"]

    assert ok(api.delete(f"/buildings/{bid}"), 204) is None
    assert Building.objects.count() == 2


# --- residents -------------------------------------------------------------------------------------------


def test_residents_crud_and_search(hromada_a, api, house):
    code = rnokpp_for(date(1990, 3, 9), "m")
    unzr = unzr_for(date(1990, 3, 9))
    created = ok(api.post("/residents", {
        "last_name": "шевченко", "first_name": "тарас", "patronymic": "григорович", "birth_date": "1990-03-09",
        "sex": "m", "rnokpp": code, "unzr": unzr.replace("-", ""), "building_id": house.pk, "apartment": "5",
        "registered_on": "2010-05-01", "phone": "+380501234567", "email": "taras@example.org",
    }), 201)
    rid = created["id"]
    assert created == {
        "id": rid, "last_name": "Шевченко", "first_name": "Тарас", "patronymic": "Григорович",
        "full_name": "Шевченко Тарас Григорович", "birth_date": "1990-03-09", "birth_year": 1990, "sex": "m",
        "rnokpp": code, "unzr": unzr, "building_id": house.pk, "address": "Могилів, вул. Шевченка, 12-А",
        "apartment": "5", "registered_on": "2010-05-01", "phone": "+380501234567", "email": "taras@example.org",
        "status": "registered", "verification": "", "verified_on": None, "masked": False,
    }
    olena = ok(api.post("/residents", {"last_name": "Кур’ята", "first_name": "Олена", "birth_date": "1985-01-02",
                                       "sex": "f", "status": "idp", "verification": "diia",
                                       "verified_on": "2024-01-10"}), 201)

    # The list is the minimum, whoever asks.
    assert items(api.get("/residents")) == [
        {"id": olena["id"], "full_name": "Кур'ята Олена", "address": None, "status": "idp"},
        {"id": rid, "full_name": "Шевченко Тарас Григорович", "address": "Могилів, вул. Шевченка, 12-А",
         "status": "registered"},
    ]
    assert [row["id"] for row in items(api.get("/residents", {"q": "тар шевч"}))] == [rid]
    assert [row["id"] for row in items(api.get("/residents", {"q": "григ ШЕВЧЕНКО"}))] == [rid]
    assert [row["id"] for row in items(api.get("/residents", {"q": "курята"}))] == [olena["id"]]
    assert [row["id"] for row in items(api.get("/residents", {"q": code}))] == [rid]
    assert [row["id"] for row in items(api.get("/residents", {"q": "Шевченка 12"}))] == [rid]
    assert items(api.get("/residents", {"q": "Шевченка 13"})) == []
    assert [row["id"] for row in items(api.get("/residents", {"status": "idp"}))] == [olena["id"]]
    assert [row["id"] for row in items(api.get("/residents", {"verification": "diia"}))] == [olena["id"]]
    assert [row["id"] for row in items(api.get("/residents", {"verification": ""}))] == [rid]
    assert items(api.get("/residents", {"status": "left"})) == []

    changed = ok(api.patch(f"/residents/{rid}", {"status": "left", "phone": ""}))
    assert (changed["status"], changed["phone"], changed["rnokpp"], changed["apartment"]) == ("left", "", code, "5")
    moved_out = ok(api.patch(f"/residents/{rid}", {"building_id": None, "apartment": ""}))
    assert (moved_out["building_id"], moved_out["address"]) == (None, None)
    assert field_errors(api.patch(f"/residents/{rid}", {"apartment": "7"})) == {
        "apartment": uk("An apartment needs a building.")}

    assert ok(api.delete(f"/residents/{olena['id']}"), 204) is None
    assert list(Resident.objects.values_list("pk", flat=True)) == [rid]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_id=str(olena["id"])).count() == 1


def test_a_building_with_residents_is_not_deleted(api, house, taras):
    assert field_errors(api.delete(f"/buildings/{house.pk}")) == {
        "__all__": uk("This record cannot be deleted because other records refer to it.")}
    assert Building.objects.filter(pk=house.pk).exists()


# --- land ------------------------------------------------------------------------------------------------


def test_land_crud_and_search_by_a_prefix_and_by_owner(hromada_a, api, town):
    created = ok(api.post("/land", {
        "cadastral_number": "1221455100 01 001 0001", "area_ha": "1.25", "purpose_code": "01.01",
        "ownership": "communal", "owner": "Громада", "settlement_id": town.pk,
    }), 201)
    pid = created["id"]
    assert created == {
        "id": pid, "cadastral_number": "1221455100:01:001:0001", "area_ha": "1.2500", "purpose_code": "01.01",
        "ownership": "communal", "owner": "Громада", "settlement_id": town.pk, "lessee": "", "lease_start": None,
        "lease_end": None, "annual_rent": None, "lease_contract_number": "", "lease_contract_date": None,
        "outline": None,
    }
    other = ok(api.post("/land", {"cadastral_number": "1221455100:02:001:0007", "area_ha": 0.3, "purpose_code": "02.01",
                                  "ownership": "private", "owner": "Петренко"}), 201)
    assert other["area_ha"] == "0.3000"
    assert LandPlot.objects.get(pk=other["id"]).area_ha == Decimal("0.3")

    assert [row["id"] for row in items(api.get("/land", {"q": "1221455100:01"}))] == [pid]
    assert [row["id"] for row in items(api.get("/land", {"q": "1221455100"}))] == [pid, other["id"]]
    assert [row["id"] for row in items(api.get("/land", {"q": "Петренко"}))] == [other["id"]]

    assert field_errors(api.patch(f"/land/{pid}", {"lessee": "ТОВ «Агро»"})) == {
        "lease_start": uk("A lease needs its start date and contract number.")}
    leased = ok(api.patch(f"/land/{pid}", {"lessee": "ТОВ «Агро»", "lease_start": "2024-01-01",
                                           "lease_end": "2030-12-31", "lease_contract_number": "15",
                                           "annual_rent": 12500.5}))
    assert (leased["lessee"], leased["annual_rent"], leased["area_ha"]) == ("ТОВ «Агро»", "12500.50", "1.2500")
    assert [row["id"] for row in items(api.get("/land", {"q": "Агро"}))] == [pid]
    assert field_errors(api.patch(f"/land/{pid}", {"lease_end": "2023-01-01"})) == {
        "lease_end": uk("The lease cannot end before it starts.")}

    assert ok(api.delete(f"/land/{other['id']}"), 204) is None
    assert list(LandPlot.objects.values_list("pk", flat=True)) == [pid]


# --- communal property -----------------------------------------------------------------------------------


def test_property_crud_search_and_filters(hromada_a, api, house):
    school = InstitutionFactory(hromada=hromada_a, name="Могилівський ліцей")
    council = InstitutionFactory(hromada=hromada_a, name="Виконавчий комітет")
    assert field_errors(api.post("/property", {"name": "Будівля ліцею", "kind": "building", "inventory_number": "101",
                                               "book_value": "150000.5"})) == {
        "book_value_date": uk("Give the date of the book value.")}
    created = ok(api.post("/property", {
        "name": "Будівля ліцею", "kind": "building", "inventory_number": "101", "building_id": house.pk,
        "holder_id": school.pk, "area_m2": "1200.5", "book_value": "150000.5", "book_value_date": "2025-01-01",
    }), 201)
    oid = created["id"]
    assert created == {
        "id": oid, "name": "Будівля ліцею", "kind": "building", "inventory_number": "101", "building_id": house.pk,
        "address": "Могилів, вул. Шевченка, 12-А", "address_note": "", "holder_id": school.pk,
        "holder": "Могилівський ліцей", "area_m2": "1200.50", "book_value": "150000.50",
        "book_value_date": "2025-01-01", "use": "in_use", "lease_contract": "",
    }
    bus = ok(api.post("/property", {"name": "Шкільний автобус", "kind": "transport", "inventory_number": "202",
                                    "holder_id": council.pk, "use": "leased", "lease_contract": "№ 7"}), 201)

    def ids(**params):
        return [row["id"] for row in items(api.get("/property", params))]

    assert ids() == [oid, bus["id"]]
    assert ids(q="ліцей") == [oid]
    assert ids(q="Шевченка 12") == [oid]
    assert ids(q="202") == [bus["id"]]
    assert ids(q="Виконавчий") == [bus["id"]]
    assert ids(kind="transport") == [bus["id"]]
    assert ids(use="in_use") == [oid]
    assert ids(holder_id=school.pk) == [oid]

    assert field_errors(api.patch(f"/property/{oid}", {"use": "leased"})) == {
        "lease_contract": uk("A leased object needs its lease contract.")}
    changed = ok(api.patch(f"/property/{oid}", {"holder_id": None, "building_id": None, "address_note": "корпус 2"}))
    assert (changed["holder_id"], changed["holder"], changed["address"], changed["address_note"]) == (
        None, None, None, "корпус 2")
    assert field_errors(api.post("/property", {"name": "Інше", "kind": "land", "inventory_number": "101"})) == {
        "__all__": uk("An object with this inventory number exists.")}

    assert ok(api.delete(f"/property/{bus['id']}"), 204) is None
    assert list(PropertyObject.objects.values_list("pk", flat=True)) == [oid]


# --- personas: authentication, masking, logging ----------------------------------------------------------


def _new_records(ids: dict) -> dict[str, dict]:
    """A valid payload to create one record of each register (next to those of `ids`)."""
    street = Street.objects.get(pk=ids["streets"])
    return {
        "streets": {"settlement_id": street.settlement_id, "name": "Нова"},
        "buildings": {"street_id": street.pk, "number": "99"},
        "residents": {"last_name": "Нова", "first_name": "Особа", "birth_date": "2000-01-01", "sex": "f"},
        "land": {"cadastral_number": "1221455100:05:001:0001", "area_ha": "1", "purpose_code": "01.01",
                 "ownership": "communal"},
        "property": {"name": "Нове", "kind": "equipment", "inventory_number": "999"},
    }


def _every_operation(ids: dict) -> list[tuple[str, str, object]]:
    operations = [("GET", "/imports/streets/template.csv", None), ("GET", "/imports/land/template.xlsx", None)]
    new = _new_records(ids)
    for register, pk in ids.items():
        operations += [("GET", f"/{register}", None), ("POST", f"/{register}", new[register]),
                       ("GET", f"/{register}/{pk}", None), ("PATCH", f"/{register}/{pk}", {}),
                       ("DELETE", f"/{register}/{pk}", None)]
    return operations


@pytest.fixture
def world(hromada_a, keeper, town, street, house, taras):
    plot = services.save_land_plot(LandPlot(cadastral_number="1221455100:01:001:0001", area_ha=Decimal("1.5"),
                                            purpose_code="01.01", ownership="communal"),
                                   actor=keeper, hromada=hromada_a)
    obj = services.save_property(PropertyObject(name="Клуб", kind="building", inventory_number="1"),
                                 actor=keeper, hromada=hromada_a)
    return {"streets": street.pk, "buildings": house.pk, "residents": taras.pk, "land": plot.pk,
            "property": obj.pk}


def test_without_credentials_the_api_asks_for_them(world):
    anonymous = Api()
    for method, path, payload in _every_operation(world):
        response = anonymous.send(method, path, payload)
        assert response.status_code == 401, (method, path)
        assert response.json() == {"detail": "Потрібна автентифікація: токен або сеанс після входу в систему."}
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


def test_a_resident_is_refused_everything(hromada_a, world):
    resident = member(hromada_a, "resident")
    for caller in (Api(resident), Api(resident, session=True)):
        for method, path, payload in _every_operation(world):
            response = caller.send(method, path, payload)
            assert response.status_code == 403, (method, path)
            assert response.json() == FORBIDDEN
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()
    assert (Street.objects.count(), Building.objects.count(), Resident.objects.count(), LandPlot.objects.count(),
            PropertyObject.objects.count()) == (1, 1, 1, 1, 1)


def test_a_clerk_sees_the_minimum_and_a_masked_card_and_the_read_is_logged(hromada_a, world, taras):
    clerk_user = member(hromada_a, "clerk")
    clerk = Api(clerk_user)
    assert items(clerk.get("/residents", {"q": "тарас"})) == [{
        "id": taras.pk, "full_name": "Шевченко Тарас Григорович", "address": "Могилів, вул. Шевченка, 12-А",
        "status": "registered"}]
    card = ok(clerk.get(f"/residents/{taras.pk}"))
    assert card == {
        "id": taras.pk, "last_name": "Шевченко", "first_name": "Тарас", "patronymic": "Григорович",
        "full_name": "Шевченко Тарас Григорович", "birth_date": None, "birth_year": 1990, "sex": "m",
        "rnokpp": None, "unzr": None, "building_id": taras.building_id, "address": "Могилів, вул. Шевченка, 12-А",
        "apartment": "5", "registered_on": None, "phone": None, "email": None, "status": "registered",
        "verification": "", "verified_on": None, "masked": True,
    }
    view = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (view.actor_id, view.object_id, view.object_type, view.changes) == (
        clerk_user.pk, str(taras.pk), "registers.resident", {"viewed": [None, "masked card"]})

    # A clerk reads the other registers but changes nothing.
    assert ok(clerk.get("/streets"))["count"] == 1
    assert ok(clerk.get(f"/land/{world['land']}"))["id"] == world["land"]
    writes = [("POST", "/residents", {"last_name": "Нова", "first_name": "Особа", "birth_date": "2000-01-01",
                                      "sex": "f"}),
              ("PATCH", f"/residents/{taras.pk}", {"status": "left"}), ("DELETE", f"/residents/{taras.pk}", None),
              ("POST", "/streets", {"settlement_id": Street.objects.get().settlement_id, "name": "Нова"}),
              ("PATCH", f"/buildings/{world['buildings']}", {"apartments": 3}),
              ("DELETE", f"/land/{world['land']}", None), ("PATCH", f"/property/{world['property']}", {"name": "Х"}),
              ("GET", "/imports/residents/template.csv", None)]
    for method, path, payload in writes:
        response = clerk.send(method, path, payload)
        assert response.status_code == 403, (method, path)
        assert response.json() == FORBIDDEN
    assert list(Resident.objects.values_list("last_name", "status")) == [("Шевченко", "registered")]
    assert Street.objects.count() == 1 and PropertyObject.objects.get().name == "Клуб"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count() == 1


@pytest.mark.parametrize("role", ["cnap_admin", "hromada_admin"])
@pytest.mark.parametrize("session", [False, True])
def test_keepers_see_the_full_card_and_the_read_is_logged(hromada_a, taras, role, session):
    user = member(hromada_a, role)
    card = ok(Api(user, session=session).get(f"/residents/{taras.pk}"))
    assert card["masked"] is False
    assert (card["rnokpp"], card["unzr"], card["phone"], card["email"], card["birth_date"], card["registered_on"]) == (
        taras.rnokpp, taras.unzr, "+380501234567", "taras@example.org", "1990-03-09", "2010-05-01")
    view = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (view.actor_id, view.object_id, view.changes) == (user.pk, str(taras.pk), {"viewed": [None, "card"]})


def test_a_patch_answers_with_the_card_and_logs_that_read(api, keeper, taras):
    ok(api.patch(f"/residents/{taras.pk}", {}))
    view = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert (view.actor_id, view.object_id, view.changes) == (keeper.pk, str(taras.pk), {"viewed": [None, "card"]})
    # Creating answers with what the caller has just sent: the creation is logged, not a read.
    ok(api.post("/residents", {"last_name": "Нова", "first_name": "Особа", "birth_date": "2000-01-01", "sex": "f"}),
       201)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).count() == 1


@pytest.mark.parametrize("role", ["programme_manager", "department_head", "council_secretary"])
def test_other_staff_read_the_registers_but_not_residents(hromada_a, world, role):
    caller = Api(member(hromada_a, role))
    for register in ("streets", "buildings", "land", "property"):
        assert ok(caller.get(f"/{register}"))["count"] == 1
        assert ok(caller.get(f"/{register}/{world[register]}"))["id"] == world[register]
        assert caller.patch(f"/{register}/{world[register]}", {}).status_code == 403
    assert caller.get("/residents").json() == FORBIDDEN
    assert caller.get(f"/residents/{world['residents']}").status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).exists()


# --- bad input -------------------------------------------------------------------------------------------


def test_a_wrong_rnokpp_check_digit_is_refused_and_nothing_saved(api, house):
    code = rnokpp_for(date(1990, 3, 9), "m")
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    base = {"last_name": "Шевченко", "first_name": "Тарас", "birth_date": "1990-03-09", "sex": "m"}
    assert field_errors(api.post("/residents", {**base, "rnokpp": wrong})) == {
        "rnokpp": uk("The РНОКПП check digit does not match; please check the code for typos.")}
    assert list(field_errors(api.post("/residents", {**base, "rnokpp": rnokpp_for(date(1990, 3, 9), "f")}))) == [
        "rnokpp"]
    assert list(field_errors(api.post("/residents", {**base, "rnokpp": "12345"}))) == ["rnokpp"]
    assert list(field_errors(api.post("/residents", {**base, "email": "not-an-email"}))) == ["email"]
    assert list(field_errors(api.post("/residents", {**base, "sex": "x", "status": "gone"}))) == ["sex", "status"]
    assert not Resident.objects.exists()
    assert not AuditEntry.objects.filter(object_type="registers.resident").exists()


def test_a_rnokpp_taken_by_another_resident_is_refused(api, taras):
    response = api.patch(f"/residents/{taras.pk}", {"rnokpp": ""})
    assert ok(response)["rnokpp"] == ""
    ok(api.patch(f"/residents/{taras.pk}", {"rnokpp": rnokpp_for(date(1990, 3, 9), "m")}))
    duplicate = api.post("/residents", {"last_name": "Інший", "first_name": "Тарас", "birth_date": "1990-03-09",
                                        "sex": "m", "rnokpp": rnokpp_for(date(1990, 3, 9), "m")})
    assert field_errors(duplicate) == {"__all__": uk("A resident with this РНОКПП is already in the register.")}
    assert Resident.objects.count() == 1


def test_a_cadastral_number_in_a_wrong_format_is_refused(api):
    base = {"area_ha": "1", "purpose_code": "01.01", "ownership": "communal"}
    message = uk("The cadastral number must look like 1234567890:12:345:6789 (10, 2, 3 and 4 digits separated by "
                 "colons).")
    for number in ("12214551:01:001:0001", "1221455100-01-001-0001", ""):
        assert field_errors(api.post("/land", {**base, "cadastral_number": number})) == {"cadastral_number": message}
    assert list(field_errors(api.post("/land", {**base, "cadastral_number": "1221455100:01:001:0001",
                                                "purpose_code": "1.1"}))) == ["purpose_code"]
    assert not LandPlot.objects.exists()


@pytest.mark.parametrize(("path", "field", "value", "whole", "places"), [
    ("/land", "area_ha", "1.00005", 8, 4),
    ("/land", "area_ha", 1.00005, 8, 4),
    ("/land", "area_ha", 0.30000000000000004, 8, 4),  # 0.1 + 0.2 in binary: not an area anyone wrote
    ("/land", "area_ha", "100000000", 8, 4),
    ("/land", "area_ha", "NaN", 8, 4),
    ("/land", "area_ha", "1,5", 8, 4),
    ("/land", "area_ha", True, 8, 4),
    ("/land", "annual_rent", "10.005", 12, 2),
    ("/property", "area_m2", "1.001", 10, 2),
    ("/property", "book_value", "1e20", 14, 2),
    ("/buildings", "latitude", "48.1234567", 3, 6),
    ("/buildings", "longitude", [27], 3, 6),
])
def test_decimals_with_too_many_digits_are_a_422(api, street, path, field, value, whole, places):
    payloads = {
        "/land": {"cadastral_number": "1221455100:01:001:0001", "area_ha": "1", "purpose_code": "01.01",
                  "ownership": "communal"},
        "/property": {"name": "Клуб", "kind": "building", "inventory_number": "1"},
        "/buildings": {"street_id": street.pk, "number": "1"},
    }
    response = api.post(path, {**payloads[path], field: value})
    assert field_errors(response, 422) == {f"payload.{field}": decimals_message(whole, places)}
    assert (LandPlot.objects.count(), PropertyObject.objects.count(), Building.objects.count()) == (0, 0, 0)


def test_decimals_at_the_edge_are_accepted(api):
    plot = ok(api.post("/land", {"cadastral_number": "1221455100:01:001:0001", "area_ha": "99999999.9999",
                                 "purpose_code": "01.01", "ownership": "communal", "annual_rent": 0.1}), 201)
    assert (plot["area_ha"], plot["annual_rent"]) == ("99999999.9999", "0.10")
    assert field_errors(api.patch(f"/land/{plot['id']}", {"area_ha": "0"})).keys() == {"area_ha"}
    assert field_errors(api.patch(f"/land/{plot['id']}", {"annual_rent": "-1"})).keys() == {"annual_rent"}
    assert LandPlot.objects.get().area_ha == Decimal("99999999.9999")


@pytest.mark.parametrize(("method", "path", "raw"), [
    ("POST", "/streets", "{не json"),
    ("POST", "/residents", "{\"last_name\": "),
    ("PATCH", "/land/{land}", "\x00\x01"),
    ("PATCH", "/residents/{residents}", "]"),
])
def test_garbage_json_is_a_400_in_ukrainian(api, world, method, path, raw):
    response = api.send(method, path.format(**world), raw=raw)
    assert response.status_code == 400
    assert response.json() == {"detail": "Тіло запиту не є коректним JSON."}
    assert Resident.objects.get().last_name == "Шевченко"


@pytest.mark.parametrize(("method", "path", "payload", "field"), [
    ("POST", "/streets", {"name": "Без села"}, "payload.settlement_id"),
    ("POST", "/streets", ["не", "об'єкт"], "payload.settlement_id"),
    ("POST", "/residents", {"last_name": "Т", "first_name": "Т", "birth_date": "09.03.1990", "sex": "m"},
     "payload.birth_date"),
    ("PATCH", "/buildings/{buildings}", {"apartments": "багато"}, "payload.apartments"),
    ("PATCH", "/streets/{streets}", {"decision": None}, "payload.decision"),
])
def test_payloads_of_the_wrong_shape_are_a_422(api, world, method, path, payload, field):
    response = api.send(method, path.format(**world), payload)
    assert response.status_code == 422
    assert field in {row["field"] for row in response.json()["detail"]}
    assert all(row["message"].startswith("Неприпустиме значення: ") for row in response.json()["detail"])


def test_text_that_cannot_be_stored_is_refused(api, world, street):
    refused = {"__all__": uk("The text contains characters that cannot be stored.")}
    raw = json.dumps({"name": "Шевченка\x00"})
    assert field_errors(api.send("PATCH", f"/streets/{street.pk}", raw=raw)) == refused
    assert field_errors(api.send("PATCH", f"/residents/{world['residents']}", raw=json.dumps({"phone": "\ud800"}))
                        ) == refused
    for register in ("streets", "buildings", "residents", "land", "property"):
        assert ok(api.get(f"/{register}", {"q": "шев\x00"}))["count"] == 0
    assert ok(api.get("/residents", {"status": "\x00"}))["count"] == 0
    assert ok(api.get("/property", {"kind": "\x00"}))["count"] == 0
    street.refresh_from_db()
    assert street.name == "Шевченка"


def test_nulls_for_required_fields_and_overlong_texts_are_a_400(api, world, street):
    null = uk("This field cannot be null.")
    assert field_errors(api.patch(f"/streets/{street.pk}", {"name": None, "settlement_id": None})) == {
        "name": null, "settlement_id": null}
    assert field_errors(api.patch(f"/buildings/{world['buildings']}", {"street_id": None, "postcode": None})) == {
        "street_id": null, "postcode": null}
    assert field_errors(api.patch(f"/residents/{world['residents']}", {"birth_date": None, "phone": None})) == {
        "birth_date": null, "phone": null}
    assert field_errors(api.patch(f"/land/{world['land']}", {"area_ha": None})) == {"area_ha": null}
    assert field_errors(api.patch(f"/property/{world['property']}", {"kind": None})) == {"kind": null}
    assert list(field_errors(api.patch(f"/streets/{street.pk}", {"name": "Ш" * 201}))) == ["name"]
    assert list(field_errors(api.patch(f"/streets/{street.pk}", {"name": "Нова", "decision": "Р" * 301}))) == [
        "decision"]
    assert list(field_errors(api.patch(f"/streets/{street.pk}", {"kind": "alley"}))) == ["kind"]
    assert list(field_errors(api.patch(f"/buildings/{world['buildings']}", {"apartments": -1}))) == ["apartments"]
    assert list(field_errors(api.patch(f"/buildings/{world['buildings']}", {"apartments": 10**30}))) == [
        "apartments"]
    assert list(field_errors(api.patch(f"/buildings/{world['buildings']}", {"number": "№"}))) == ["number"]
    street.refresh_from_db()
    assert (street.name, street.kind, street.renames.count()) == ("Шевченка", "vulytsia", 0)
    assert Building.objects.get().apartments is None


def test_foreign_keys_of_another_hromada_or_unknown_are_a_400(hromada_a, hromada_b, api, world, street):
    b_keeper = member(hromada_b, "hromada_admin")
    b_town = SettlementFactory(hromada=hromada_b)
    b_street = services.save_street(Street(settlement=b_town, name="Чужа"), actor=b_keeper, hromada=hromada_b)
    b_house = services.save_building(Building(street=b_street, number="1"), actor=b_keeper, hromada=hromada_b)
    b_school = InstitutionFactory(hromada=hromada_b)
    choose = uk("Choose a record of this hromada.")
    for pk in (b_town.pk, 999_999, 10**30):
        assert field_errors(api.post("/streets", {"settlement_id": pk, "name": "Нова"})) == {"settlement_id": choose}
        assert field_errors(api.patch(f"/land/{world['land']}", {"settlement_id": pk})) == {"settlement_id": choose}
    for pk in (b_street.pk, 999_999):
        assert field_errors(api.post("/buildings", {"street_id": pk, "number": "1"})) == {"street_id": choose}
        assert field_errors(api.patch(f"/buildings/{world['buildings']}", {"street_id": pk})) == {"street_id": choose}
    for pk in (b_house.pk, 999_999):
        assert field_errors(api.post("/residents", {"last_name": "Н", "first_name": "О", "birth_date": "2000-01-01",
                                                    "sex": "f", "building_id": pk})) == {"building_id": choose}
        assert field_errors(api.patch(f"/property/{world['property']}", {"building_id": pk})) == {
            "building_id": choose}
    for pk in (b_school.pk, 999_999):
        assert field_errors(api.patch(f"/property/{world['property']}", {"holder_id": pk, "building_id": b_house.pk})
                            ) == {"holder_id": choose, "building_id": choose}
    assert (Street.objects.filter(hromada=hromada_a).count(), Building.objects.filter(hromada=hromada_a).count(),
            Resident.objects.count()) == (1, 1, 1)
    assert PropertyObject.objects.get().building_id is None and LandPlot.objects.get().settlement_id is None
    assert not Building.objects.filter(street=b_street).exclude(pk=b_house.pk).exists()


def test_pagination_is_bounded(api, world):
    for params in ({"limit": 0}, {"limit": 1001}, {"offset": -1}, {"offset": 10**20}, {"limit": "all"}):
        response = api.get("/streets", params)
        assert response.status_code == 422, params
    assert ok(api.get("/streets", {"offset": 2_000_000_000}))["items"] == []
    assert ok(api.get("/residents", {"limit": 1000}))["count"] == 1


# --- tenancy ---------------------------------------------------------------------------------------------


@pytest.fixture
def b_world(hromada_b):
    b_keeper = member(hromada_b, "hromada_admin")
    town = SettlementFactory(hromada=hromada_b, name="Чуже")
    street = services.save_street(Street(settlement=town, name="Шевченка"), actor=b_keeper, hromada=hromada_b)
    house = services.save_building(Building(street=street, number="12а"), actor=b_keeper, hromada=hromada_b)
    person = make_resident(hromada_b, b_keeper, house, rnokpp=rnokpp_for(date(1990, 3, 9), "m"))
    plot = services.save_land_plot(LandPlot(cadastral_number="1221455100:09:001:0001", area_ha=Decimal("2"),
                                            purpose_code="01.01", ownership="communal", owner="Шевченко"),
                                   actor=b_keeper, hromada=hromada_b)
    obj = services.save_property(PropertyObject(name="Будівля Шевченка", kind="building", inventory_number="1",
                                                building=house), actor=b_keeper, hromada=hromada_b)
    return {"streets": street.pk, "buildings": house.pk, "residents": person.pk, "land": plot.pk,
            "property": obj.pk}


def _b_state(hromada) -> str:
    return json.dumps([
        list(Street.objects.filter(hromada=hromada).values_list("pk", "name", "kind", "settlement_id")),
        list(StreetRename.objects.filter(street__hromada=hromada).values_list("pk", flat=True)),
        list(Building.objects.filter(hromada=hromada).values_list("pk", "number", "apartments", "street_id")),
        list(Resident.objects.filter(hromada=hromada).values_list("pk", "last_name", "status", "rnokpp", "phone")),
        list(LandPlot.objects.filter(hromada=hromada).values_list("pk", "cadastral_number", "area_ha", "owner")),
        list(PropertyObject.objects.filter(hromada=hromada).values_list("pk", "name", "use", "building_id")),
    ], default=str)


def test_another_hromadas_records_are_a_404_for_every_operation(hromada_b, api, world, b_world):
    before = _b_state(hromada_b)
    audit_before = AuditEntry.objects.count()
    patches = {"streets": {"name": "ЗЛАМ"}, "buildings": {"apartments": 1}, "residents": {"status": "left"},
               "land": {"owner": "ЗЛАМ"}, "property": {"name": "ЗЛАМ"}}
    for register, pk in b_world.items():
        for method, payload in (("GET", None), ("PATCH", patches[register]), ("PATCH", {}), ("DELETE", None)):
            response = api.send(method, f"/{register}/{pk}", payload)
            assert response.status_code == 404, (method, register)
            assert response.json() == NOT_FOUND
    assert _b_state(hromada_b) == before
    assert AuditEntry.objects.count() == audit_before


def test_lists_and_searches_show_only_this_hromadas_records(api, world, b_world):
    for register, params in (("streets", {"q": "шевченка"}), ("buildings", {"q": "Шевченка 12"}),
                             ("residents", {"q": "шевченко"}), ("residents", {"q": rnokpp_for(date(1990, 3, 9), "m")}),
                             ("land", {"q": "1221455100"}), ("land", {"q": "Шевченко"}),
                             ("property", {"q": "Шевченка"})):
        ids = [row["id"] for row in items(api.get(f"/{register}", params))]
        assert b_world[register] not in ids, (register, params)
    assert items(api.get("/streets", {"settlement_id": Street.objects.get(pk=b_world["streets"]).settlement_id})) == []
    assert items(api.get("/buildings", {"street_id": b_world["streets"]})) == []


def test_unknown_and_malformed_ids(api, world):
    for register in ("streets", "buildings", "residents", "land", "property"):
        assert api.get(f"/{register}/999999").json() == NOT_FOUND
        assert api.get(f"/{register}/{10**30}").status_code in (404, 422)
        assert api.get(f"/{register}/abc").status_code == 422


# --- import templates ------------------------------------------------------------------------------------


HEADERS = {
    "streets": ["населений пункт", "вулиця"],
    "buildings": ["населений пункт", "вулиця", "будинок", "індекс", "вид", "квартир", "широта", "довгота"],
    "residents": ["прізвище", "ім'я", "по батькові", "дата народження", "стать", "РНОКПП", "населений пункт",
                  "вулиця", "будинок", "квартира", "телефон", "email", "статус"],
    "land": ["кадастровий номер", "площа, га", "цільове призначення", "форма власності", "власник або користувач",
             "населений пункт", "орендар", "оренда з", "оренда до", "орендна плата на рік", "номер договору оренди",
             "дата договору оренди"],
    "property": ["інвентарний номер", "об'єкт", "вид", "балансоутримувач (ЄДРПОУ)", "населений пункт", "вулиця",
                 "будинок", "площа, м²", "балансова вартість", "дата вартості", "використання", "договір оренди"],
}


@pytest.mark.parametrize("kind", KINDS)
def test_the_import_templates_download_with_ukrainian_headers(hromada_a, api, kind):
    headers = HEADERS[kind]
    assert headers == [column.header for column in imports.get(kind).columns]

    response = api.get(f"/imports/{kind}/template.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-template.csv"'
    assert response.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == headers
    assert response.content == imports.template_csv(imports.get(kind))

    response = api.get(f"/imports/{kind}/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-template.xlsx"'
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == headers


def test_import_templates_need_the_import_right_and_a_known_kind(hromada_a, api):
    assert api.get("/imports/nothing/template.csv").json() == NOT_FOUND
    assert api.get("/imports/nothing/template.xlsx").status_code == 404
    assert api.get("/imports/streets/template.pdf").status_code == 404
    assert Api(member(hromada_a, "cnap_admin")).get("/imports/residents/template.xlsx").status_code == 200
    for role in ("clerk", "programme_manager", "resident"):
        response = Api(member(hromada_a, role)).get("/imports/streets/template.csv")
        assert response.status_code == 403, role


def test_openapi_lists_the_registers_operations(client_a):
    paths = client_a.get("/api/v1/openapi.json").json()["paths"]
    assert {f"{BASE}/streets", f"{BASE}/streets/{{street_id}}", f"{BASE}/buildings/{{building_id}}",
            f"{BASE}/residents/{{resident_id}}", f"{BASE}/land/{{plot_id}}", f"{BASE}/property/{{object_id}}",
            f"{BASE}/imports/{{kind}}/template.csv", f"{BASE}/imports/{{kind}}/template.xlsx"} <= set(paths)
