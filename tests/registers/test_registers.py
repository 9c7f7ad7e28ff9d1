"""Registers through their services, search selectors and staff pages: rules, search, masking, logging, tenancy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hromada.core.models import AuditEntry
from hromada.registers import selectors, services
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street
from tests.factories import InstitutionFactory, SettlementFactory, member
from tests.registers.identifiers import rnokpp_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def keeper(hromada_a):
    return member(hromada_a, "hromada_admin")


@pytest.fixture
def street(hromada_a, keeper):
    settlement = SettlementFactory(hromada=hromada_a, name="Могилів")
    return services.save_street(Street(settlement=settlement, kind="vulytsia", name="Шевченка"), actor=keeper,
                                hromada=hromada_a)


@pytest.fixture
def house(hromada_a, keeper, street):
    return services.save_building(Building(street=street, number="12а"), actor=keeper, hromada=hromada_a)


def resident(hromada, actor, house, **fields):
    values = {"last_name": "Шевченко", "first_name": "Тарас", "patronymic": "Григорович",
              "birth_date": date(1990, 3, 9), "sex": "m", "building": house} | fields
    return services.save_resident(Resident(**values), actor=actor, hromada=hromada)


def test_building_numbers_are_normalised(house):
    assert house.number == "12-А"


def test_renamed_street_is_found_by_its_former_name(hromada_a, keeper, street):
    street.name = "Героїв Дніпра"
    services.save_street(street, actor=keeper, hromada=hromada_a, decision="Рішення № 5/2024")
    found = list(selectors.streets(hromada_a, "шевченка"))
    assert found == [street]
    assert street.renames.get().decision == "Рішення № 5/2024"


def test_resident_name_search_any_order_partial_apostrophe_and_lookalikes(hromada_a, keeper, house):
    taras = resident(hromada_a, keeper, house)
    olena = resident(hromada_a, keeper, house, last_name="Кур’ята", first_name="Олена", patronymic="Іванівна",
                     sex="f")
    assert list(selectors.residents(hromada_a, "тарас шевч")) == [taras]
    assert list(selectors.residents(hromada_a, "ШЕВЧЕНКО")) == [taras]
    assert list(selectors.residents(hromada_a, "кур'ята")) == [olena]
    assert list(selectors.residents(hromada_a, "курята олена")) == [olena]
    assert list(selectors.residents(hromada_a, "Kурята")) == [olena]  # a Latin K typed by mistake
    assert list(selectors.residents(hromada_a, "Шевченка 12")) == [olena, taras] or set(
        selectors.residents(hromada_a, "Шевченка 12")) == {olena, taras}


def test_resident_found_by_rnokpp(hromada_a, keeper, house):
    code = rnokpp_for(date(1990, 3, 9), "m")
    taras = resident(hromada_a, keeper, house, rnokpp=code)
    assert list(selectors.residents(hromada_a, code)) == [taras]


def test_rnokpp_must_match_birth_date_and_sex(hromada_a, keeper, house):
    code = rnokpp_for(date(1990, 3, 9), "f")
    with pytest.raises(ValidationError) as error:
        resident(hromada_a, keeper, house, rnokpp=code)
    assert "rnokpp" in error.value.message_dict
    assert not Resident.objects.exists()


def test_a_wrong_check_digit_is_refused_and_nothing_saved(hromada_a, keeper, house):
    code = rnokpp_for(date(1990, 3, 9), "m")
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(ValidationError):
        resident(hromada_a, keeper, house, rnokpp=wrong)
    assert not Resident.objects.exists()


def test_cadastral_number_and_lease_rules(hromada_a, keeper):
    plot = LandPlot(cadastral_number="1221455100 01 001 0001", area_ha=Decimal("1.2500"), purpose_code="01.01",
                    ownership="communal")
    services.save_land_plot(plot, actor=keeper, hromada=hromada_a)
    assert plot.cadastral_number == "1221455100:01:001:0001"
    assert list(selectors.land_plots(hromada_a, "1221455100:01")) == [plot]
    bad = LandPlot(cadastral_number="12214551:01:001:0001", area_ha=Decimal(1), purpose_code="01.01",
                   ownership="communal")
    with pytest.raises(ValidationError) as error:
        services.save_land_plot(bad, actor=keeper, hromada=hromada_a)
    assert "cadastral_number" in error.value.message_dict
    lease = LandPlot(cadastral_number="1221455100:01:001:0002", area_ha=Decimal(1), purpose_code="01.01",
                     ownership="communal", lessee="ТОВ «Агро»")
    with pytest.raises(ValidationError) as error:
        services.save_land_plot(lease, actor=keeper, hromada=hromada_a)
    assert "lease_start" in error.value.message_dict
    assert LandPlot.objects.count() == 1


def test_property_found_by_holder_and_address(hromada_a, keeper, house):
    school = InstitutionFactory(hromada=hromada_a, name="Могилівський ліцей")
    obj = services.save_property(PropertyObject(name="Будівля ліцею", kind="building", building=house, holder=school,
                                                inventory_number="101"), actor=keeper, hromada=hromada_a)
    assert list(selectors.property_objects(hromada_a, "ліцей")) == [obj]
    assert list(selectors.property_objects(hromada_a, "Шевченка 12")) == [obj]


def test_reading_a_card_is_logged_and_clerks_see_a_masked_card(client_a, hromada_a, keeper, house):
    code = rnokpp_for(date(1990, 3, 9), "m")
    taras = resident(hromada_a, keeper, house, rnokpp=code, phone="+380501234567")
    url = reverse("registers:residents-detail", args=[taras.pk])
    client_a.force_login(member(hromada_a, "clerk"))
    page = client_a.get(url).content.decode()
    assert code not in page and "+380501234567" not in page and "1990" in page
    client_a.force_login(keeper)
    assert code in client_a.get(url).content.decode()
    views = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, object_id=str(taras.pk))
    assert views.count() == 2


@pytest.mark.parametrize("role, status", [("resident", 403), ("clerk", 403), ("cnap_admin", 200),
                                          ("hromada_admin", 200)])
def test_exporting_residents_needs_the_export_right_and_is_logged(client_a, hromada_a, role, status):
    client_a.force_login(member(hromada_a, role))
    response = client_a.get(reverse("registers:residents-export-csv"))
    assert response.status_code == status
    if status == 200:
        b"".join(response.streaming_content)
        assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_another_hromadas_records_are_not_found(client_a, hromada_a, hromada_b):
    other_keeper = member(hromada_b, "hromada_admin")
    settlement = SettlementFactory(hromada=hromada_b)
    street = services.save_street(Street(settlement=settlement, name="Чужа"), actor=other_keeper, hromada=hromada_b)
    client_a.force_login(member(hromada_a, "hromada_admin"))
    assert client_a.get(reverse("registers:streets-detail", args=[street.pk])).status_code == 404
    assert list(selectors.streets(hromada_a, "чужа")) == []


def test_a_building_of_another_hromada_is_refused(hromada_a, hromada_b, keeper):
    other = services.save_street(Street(settlement=SettlementFactory(hromada=hromada_b), name="Чужа"),
                                 actor=member(hromada_b, "hromada_admin"), hromada=hromada_b)
    with pytest.raises(ValidationError):
        services.save_building(Building(street=other, number="1"), actor=keeper, hromada=hromada_a)
    assert not Building.objects.exists()


def test_a_name_that_fits_its_column_also_fits_its_search_key(hromada_a, keeper, street):
    street.name = "1а" * 100  # its key «1 а 1 а …» is half as long again
    services.save_street(street, actor=keeper, hromada=hromada_a)
    street.refresh_from_db()
    assert street.name == "1а" * 100


def test_the_map_lists_what_it_draws_and_escapes_labels(client_a, hromada_a, keeper, street):
    services.save_building(Building(street=street, number="3", latitude=Decimal("48.7"), longitude=Decimal("34.6")),
                           actor=keeper, hromada=hromada_a)
    street.name = "<script>alert(1)</script>"
    services.save_street(street, actor=keeper, hromada=hromada_a)
    client_a.force_login(keeper)
    page = client_a.get(reverse("registers:map")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "\"lat\": 48.7" in page  # the map data; the table shows the same building


def test_staff_forms_show_the_rules_beside_the_fields_and_save_nothing(client_a, hromada_a, keeper, street, house):
    client_a.force_login(keeper)
    bad_code = rnokpp_for(date(1990, 3, 9), "f")  # belongs to a woman born that day
    response = client_a.post(reverse("registers:residents-create"), {
        "last_name": "Шевченко", "first_name": "Тарас", "birth_date": "1990-03-09", "sex": "m", "rnokpp": bad_code,
        "building": house.pk, "status": "registered", "verification": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["rnokpp"]
    response = client_a.post(reverse("registers:streets-create"), {
        "settlement": street.settlement_id, "kind": "vulytsia", "name": "шевченка"})
    assert response.status_code == 400  # the same street, written differently
    assert "У цьому населеному пункті вже є така вулиця." in response.context["form"].non_field_errors()
    response = client_a.post(reverse("registers:land-create"), {
        "cadastral_number": "12345", "area_ha": "1", "purpose_code": "99.99", "ownership": "communal"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"cadastral_number", "purpose_code"} <= set(errors)
    assert not Resident.objects.exists() and Street.objects.count() == 1 and not LandPlot.objects.exists()
