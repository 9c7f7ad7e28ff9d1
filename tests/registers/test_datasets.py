"""Live open data of the registers: communal property (mun-002, mun-003, mun-004) and land lease (mun-028), on both
databases."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core import datasets
from hromada.core import services as core_services
from hromada.registers import services
from hromada.registers.models import Building, LandPlot, PropertyObject, Street
from tests.apiclient import uk
from tests.clock import Clock
from tests.factories import HromadaFactory, InstitutionFactory, SettlementFactory, member

pytestmark = pytest.mark.django_db

PROPERTY_KEYS = ("registers.property", "registers.property_leased", "registers.property_vacant")
KEYS = (*PROPERTY_KEYS, "registers.land_leased")
T0 = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


@pytest.fixture
def keeper(hromada_a):
    return member(hromada_a, "hromada_admin")


def rows(key: str, hromada) -> list[tuple]:
    return list(datasets.get(key).resources[0].rows(hromada))


def save_property(hromada, actor, **fields) -> PropertyObject:
    return services.save_property(PropertyObject(**fields), actor=actor, hromada=hromada)


def save_plot(hromada, actor, **fields) -> LandPlot:
    values = {"area_ha": Decimal("1.2500"), "purpose_code": "01.01", "ownership": "communal"} | fields
    return services.save_land_plot(LandPlot(**values), actor=actor, hromada=hromada)


@pytest.fixture
def world(hromada_a, hromada_b, keeper, clock):
    village = SettlementFactory(hromada=hromada_a, name="Могилів")
    street = services.save_street(Street(settlement=village, kind="vulytsia", name="Шевченка"), actor=keeper,
                                  hromada=hromada_a)
    house = services.save_building(Building(street=street, number="12а"), actor=keeper, hromada=hromada_a)
    school = InstitutionFactory(hromada=hromada_a, name="Могилівський ліцей")
    # Ukrainian order of the names: Будівля, Гараж, Ґанок, Їдальня (by code point Ї comes first, Ґ after Я).
    lyceum = save_property(hromada_a, keeper, name="Будівля ліцею", kind="building", building=house, holder=school,
                           inventory_number="101", area_m2=Decimal("1250.50"), book_value=Decimal("3500000.00"),
                           book_value_date=date(2025, 1, 1))
    canteen = save_property(hromada_a, keeper, name="Їдальня", kind="premises", building=house,
                            address_note="1 поверх", inventory_number="102", area_m2=Decimal("80.00"), use="leased",
                            lease_contract="№ 5 від 01.02.2024, ФОП Коваль І. П.")
    porch = save_property(hromada_a, keeper, name="Ґанок", kind="premises", inventory_number="103", use="vacant")
    garage = save_property(hromada_a, keeper, name="Гараж", kind="building", address_note="с. Могилів, на околиці",
                           inventory_number="104", use="privatisation", holder=school)
    other = member(hromada_b, "hromada_admin")
    save_property(hromada_b, other, name="Чужа будівля", kind="building", inventory_number="101", use="leased",
                  lease_contract="№ 1")
    save_property(hromada_b, other, name="Чуже приміщення", kind="premises", inventory_number="102", use="vacant")

    farm = save_plot(hromada_a, keeper, cadastral_number="1221455100:01:001:0002", settlement=village,
                     lessee="ТОВ «Агро»", lease_start=date(2020, 1, 1), lease_end=date(2030, 12, 31),
                     annual_rent=Decimal("15000.00"), lease_contract_number="17",
                     lease_contract_date=date(2019, 12, 20))
    garden = save_plot(hromada_a, keeper, cadastral_number="1221455100:01:001:0001", area_ha=Decimal("0.1000"),
                       purpose_code="01.03", ownership="state", lessee="Петренко Іван Іванович",
                       lease_start=date(2024, 5, 1), lease_contract_number="3")
    save_plot(hromada_a, keeper, cadastral_number="1221455100:01:001:0003", ownership="private",
              owner="Сидоренко Ганна Петрівна", lessee="Іваненко Петро", lease_start=date(2024, 1, 1),
              lease_contract_number="П-1")  # a private plot's lease is a private contract
    save_plot(hromada_a, keeper, cadastral_number="1221455100:01:001:0004")  # not leased
    save_plot(hromada_b, other, cadastral_number="1221455200:01:001:0001", lessee="Чужий орендар",
              lease_start=date(2024, 1, 1), lease_contract_number="1")
    return {"village": village, "street": street, "house": house, "school": school, "lyceum": lyceum,
            "canteen": canteen, "porch": porch, "garage": garage, "farm": farm, "garden": garden}


def expected_property(world) -> dict[str, tuple]:
    school, katottg = world["school"], world["village"].katottg
    return {
        "lyceum": (world["lyceum"].pk, "101", "Будівля ліцею", uk("building (будівля)"), "Могилів, вул. Шевченка, 12-А",
                   katottg, "Могилівський ліцей", school.edrpou, Decimal("1250.50"), Decimal("3500000.00"),
                   date(2025, 1, 1), uk("in use (використовується)")),
        "garage": (world["garage"].pk, "104", "Гараж", uk("building (будівля)"), "с. Могилів, на околиці", None,
                   "Могилівський ліцей", school.edrpou, None, None, None, uk("for privatisation (до приватизації)")),
        "porch": (world["porch"].pk, "103", "Ґанок", uk("premises (приміщення)"), None, None, None, None, None, None,
                  None, uk("vacant (вільне)")),
        "canteen": (world["canteen"].pk, "102", "Їдальня", uk("premises (приміщення)"),
                    "Могилів, вул. Шевченка, 12-А, 1 поверх", katottg, None, None, Decimal("80.00"), None, None,
                    uk("leased (в оренді)")),
    }


# --- rows ------------------------------------------------------------------------------------------------


def test_property_lists_every_object_in_ukrainian_order(hromada_a, world):
    expected = expected_property(world)
    assert rows("registers.property", hromada_a) == [expected[n] for n in ("lyceum", "garage", "porch", "canteen")]


def test_leased_property_carries_the_lease_contract(hromada_a, world):
    assert rows("registers.property_leased", hromada_a) == [
        (*expected_property(world)["canteen"], "№ 5 від 01.02.2024, ФОП Коваль І. П.")]


def test_vacant_property_is_the_vacant_and_the_privatisable(hromada_a, world):
    expected = expected_property(world)
    assert rows("registers.property_vacant", hromada_a) == [expected["garage"], expected["porch"]]


def test_leased_land_is_the_communal_and_state_plots_with_a_lessee(hromada_a, world):
    village = world["village"]
    assert rows("registers.land_leased", hromada_a) == [
        ("1221455100:01:001:0001", Decimal("0.1000"), "01.03", uk("state"), None, None, "Петренко Іван Іванович",
         date(2024, 5, 1), None, None, "3", None),
        ("1221455100:01:001:0002", Decimal("1.2500"), "01.01", uk("communal"), "с. Могилів", village.katottg,
         "ТОВ «Агро»", date(2020, 1, 1), date(2030, 12, 31), Decimal("15000.00"), "17", date(2019, 12, 20)),
    ]


def test_another_hromadas_records_never_appear(hromada_a, hromada_b, world):
    assert [row[2] for row in rows("registers.property", hromada_b)] == ["Чужа будівля", "Чуже приміщення"]
    assert [row[2] for row in rows("registers.property_leased", hromada_b)] == ["Чужа будівля"]
    assert [row[2] for row in rows("registers.property_vacant", hromada_b)] == ["Чуже приміщення"]
    assert [row[0] for row in rows("registers.land_leased", hromada_b)] == ["1221455200:01:001:0001"]
    texts = {value for key in KEYS for row in rows(key, hromada_a) for value in row if isinstance(value, str)}
    assert not {v for v in texts if v.startswith("Чуж")}
    assert "1221455200:01:001:0001" not in texts


def test_no_private_plot_and_no_owner_is_published(hromada_a, world):
    texts = {value for row in rows("registers.land_leased", hromada_a) for value in row if isinstance(value, str)}
    assert not texts & {"Сидоренко Ганна Петрівна", "Іваненко Петро", "1221455100:01:001:0003",
                        "1221455100:01:001:0004"}


def test_available_only_where_the_register_is_kept(hromada_a, world):
    empty = HromadaFactory()
    for key in KEYS:
        dataset = datasets.get(key)
        assert dataset.available(hromada_a) and not dataset.available(empty)
        assert dataset.changed_at(empty) is None and rows(key, empty) == []


# --- changed_at ------------------------------------------------------------------------------------------


def test_property_changed_at_moves_with_the_register_its_addresses_and_holders(hromada_a, hromada_b, keeper, world,
                                                                               clock):
    sets = [datasets.get(key) for key in PROPERTY_KEYS]
    assert [d.changed_at(hromada_a) for d in sets] == [T0] * 3

    # The leased object is vacant now: it leaves one part and joins another, and both parts changed.
    vacated = clock.advance(hours=1)
    canteen = world["canteen"]
    canteen.use, canteen.lease_contract = "vacant", ""
    services.save_property(canteen, actor=keeper, hromada=hromada_a)
    assert [d.changed_at(hromada_a) for d in sets] == [vacated] * 3
    assert rows("registers.property_leased", hromada_a) == []
    assert [row[2] for row in rows("registers.property_vacant", hromada_a)] == ["Гараж", "Ґанок", "Їдальня"]

    renamed = clock.advance(hours=1)
    street = world["street"]
    street.name = "Тараса Шевченка"
    services.save_street(street, actor=keeper, hromada=hromada_a)
    assert sets[0].changed_at(hromada_a) == renamed
    assert rows("registers.property", hromada_a)[0][4] == "Могилів, вул. Тараса Шевченка, 12-А"

    holder = clock.advance(hours=1)
    school = world["school"]
    school.name = "Могилівський ліцей № 1"
    core_services.save_record(school, actor=keeper, hromada=hromada_a, capability="structure.manage")
    assert sets[0].changed_at(hromada_a) == holder
    assert rows("registers.property", hromada_a)[0][6] == "Могилівський ліцей № 1"

    removed = clock.advance(hours=1)
    services.delete(world["porch"], actor=keeper, hromada=hromada_a)
    assert [d.changed_at(hromada_a) for d in sets] == [removed] * 3
    assert "Ґанок" not in [row[2] for row in rows("registers.property", hromada_a)]

    clock.advance(hours=1)
    save_property(hromada_b, member(hromada_b, "hromada_admin"), name="Ще одна", kind="premises",
                  inventory_number="200")
    assert sets[0].changed_at(hromada_a) == removed  # another hromada's change is not this one's


def test_land_changed_at_moves_with_a_plot_changed_or_deleted(hromada_a, keeper, world, clock):
    dataset = datasets.get("registers.land_leased")
    assert dataset.changed_at(hromada_a) == T0
    ended = clock.advance(days=1)
    farm = world["farm"]
    farm.lessee, farm.lease_start, farm.lease_end, farm.lease_contract_number = "", None, None, ""
    services.save_land_plot(farm, actor=keeper, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == ended
    assert [row[0] for row in rows("registers.land_leased", hromada_a)] == ["1221455100:01:001:0001"]
    removed = clock.advance(days=1)
    services.delete(world["garden"], actor=keeper, hromada=hromada_a)
    assert dataset.changed_at(hromada_a) == removed and rows("registers.land_leased", hromada_a) == []


# --- cost ------------------------------------------------------------------------------------------------


def test_the_number_of_queries_does_not_grow_with_the_rows(hromada_a, keeper):
    village = SettlementFactory(hromada=hromada_a)
    street = services.save_street(Street(settlement=village, kind="vulytsia", name="Миру"), actor=keeper,
                                  hromada=hromada_a)
    holder = InstitutionFactory(hromada=hromada_a)

    def add(numbers: range) -> None:
        for n in numbers:
            house = services.save_building(Building(street=street, number=str(n + 1)), actor=keeper,
                                           hromada=hromada_a)
            for use in ("leased", "vacant"):
                save_property(hromada_a, keeper, name=f"Об’єкт {n} {use}", kind="premises", building=house,
                              holder=holder, inventory_number=f"{use}-{n}", use=use, lease_contract="№ 1")
            save_plot(hromada_a, keeper, cadastral_number=f"1221455100:01:002:{n:04d}", settlement=village,
                      lessee=f"Орендар {n}", lease_start=date(2024, 1, 1), lease_contract_number=str(n))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for key in KEYS:
                list(datasets.get(key).resources[0].rows(hromada_a))
                datasets.get(key).changed_at(hromada_a)
        return len(captured)

    add(range(3))
    few = queries()
    add(range(3, 30))
    assert [len(rows(key, hromada_a)) for key in KEYS] == [60, 30, 30, 30]
    assert queries() == few


# --- schemas ---------------------------------------------------------------------------------------------


def test_every_schema_is_a_valid_table_schema_and_the_rows_fit_it(hromada_a, world):
    frictionless = pytest.importorskip("frictionless")
    for key in KEYS:
        resource = datasets.get(key).resources[0]
        descriptor = resource.table_schema()
        report = frictionless.Schema.validate_descriptor(descriptor)
        assert report.valid, report.flatten(["type", "note"])
        data = list(resource.rows(hromada_a))
        assert data, key
        checked = frictionless.Resource(data=[[f.name for f in resource.fields], *data],
                                        schema=frictionless.Schema.from_descriptor(descriptor)).validate()
        assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type"])


def test_passports_and_personal_data_marks():
    for key, code in zip(KEYS, ("mun-002", "mun-003", "mun-004", "mun-028"), strict=True):
        dataset = datasets.get(key)
        assert dataset.obligation == code and dataset.frequency == "on_change"
        assert len(str(dataset.description)) >= 100 and dataset.basis and dataset.purpose and dataset.keywords
        assert len(str(dataset.title)) <= 254
    assert str(datasets.get("registers.property").title) == "Перелік об’єктів комунальної власності"
    personal = {key: [f.name for f in datasets.get(key).resources[0].fields if f.public_personal] for key in KEYS}
    assert personal == {"registers.property": [], "registers.property_leased": ["leaseContract"],
                        "registers.property_vacant": [], "registers.land_leased": ["lessee"]}
    holder = {f.name: f for f in datasets.get("registers.property").resources[0].fields}["holderEdrpou"]
    assert holder.constraints == {"pattern": "^[0-9]{8}$"}
