"""Connectivity: the services' rules (decimal comma, measured speed and its date, tenants), the staff pages (filters,
export, history, deactivation, the map), the API, the metrics — per persona, with bad input and hromada B."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from hromada.core.metrics import get_metric
from hromada.core.models import AuditEntry
from hromada.itassets.models import Connection
from hromada.itassets.network import selectors, services
from tests.apiclient import ApiClient, field_errors, ok
from tests.factories import InstitutionFactory, SettlementFactory, member
from tests.itassets.builders import camera, connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager", email="pm-a@example.org")


@pytest.fixture
def place(hromada_a):
    village = SettlementFactory(hromada=hromada_a, name="Могилів")
    school = InstitutionFactory(hromada=hromada_a, name="Могилівська школа", kind="school", settlement=village)
    clinic = InstitutionFactory(hromada=hromada_a, name="Амбулаторія", kind="health", settlement=village)
    return {"village": village, "school": school, "clinic": clinic}


def create(hromada, actor, **fields):
    base = {"provider": "Оріль-Нет", "technology": "fibre", "contracted_mbps": "100"}
    return services.create_connection(hromada, actor=actor, **{**base, **fields})


# --- services ----------------------------------------------------------------------------------------------


def test_speeds_and_costs_are_read_as_people_type_them(hromada_a, manager, place):
    conn = create(hromada_a, manager, institution=place["school"], contracted_mbps="100,5",
                  measured_mbps="1 234,5", measured_on=date(2026, 1, 10), monthly_cost="1\u00a0650,00",
                  latitude="48,713012", longitude="34.64")
    conn.refresh_from_db()
    assert (conn.contracted_mbps, conn.measured_mbps, conn.monthly_cost) == (
        Decimal("100.5"), Decimal("1234.5"), Decimal("1650.00"))
    assert (conn.latitude, conn.longitude) == (Decimal("48.713012"), Decimal("34.640000"))
    assert conn.settlement == place["village"]  # taken from the institution
    entry = AuditEntry.objects.get(object_type="itassets.connection", action="create")
    assert entry.hromada == hromada_a and entry.actor == manager


@pytest.mark.parametrize("fields, field", [
    ({"contracted_mbps": "0"}, "contracted_mbps"),
    ({"contracted_mbps": "-5"}, "contracted_mbps"),
    ({"contracted_mbps": ""}, "contracted_mbps"),
    ({"contracted_mbps": "1OO"}, "contracted_mbps"),  # Latin O for zeros
    ({"contracted_mbps": "сто"}, "contracted_mbps"),
    ({"contracted_mbps": "100,55"}, "contracted_mbps"),  # one decimal place
    ({"contracted_mbps": "100.000.000"}, "contracted_mbps"),
    ({"measured_mbps": "90"}, "measured_on"),  # a measurement needs its date
    ({"measured_on": date(2026, 1, 1)}, "measured_mbps"),
    ({"measured_mbps": "-1", "measured_on": date(2026, 1, 1)}, "measured_mbps"),
    ({"measured_mbps": "90", "measured_on": "tomorrow"}, "measured_on"),
    ({"monthly_cost": "-0,01"}, "monthly_cost"),
    ({"latitude": "91", "longitude": "34"}, "latitude"),
    ({"latitude": "48", "longitude": "-180,5"}, "longitude"),
    ({"latitude": "48,7"}, "longitude"),  # a pair or nothing
    ({"provider": "   "}, "provider"),
    ({"technology": "pigeon"}, "technology"),
])
def test_a_bad_connection_is_refused_on_its_field_and_nothing_is_saved(hromada_a, manager, fields, field):
    if fields.get("measured_on") == "tomorrow":
        fields["measured_on"] = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        create(hromada_a, manager, **fields)
    assert field in error.value.message_dict, error.value.message_dict
    assert not Connection.objects.exists()
    assert not AuditEntry.objects.filter(object_type="itassets.connection").exists()


def test_only_this_hromadas_institution_and_settlement(hromada_a, hromada_b, manager):
    with pytest.raises(ValidationError) as error:
        create(hromada_a, manager, institution=InstitutionFactory(hromada=hromada_b))
    assert "institution" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(hromada_a, manager, settlement=SettlementFactory(hromada=hromada_b))
    assert "settlement" in error.value.message_dict
    foreign = connection(hromada_b)
    with pytest.raises(PermissionDenied):
        services.update_connection(foreign, actor=manager, hromada=hromada_a, provider="ЗЛАМ")
    with pytest.raises(PermissionDenied):
        services.deactivate_connection(foreign, actor=manager, hromada=hromada_a)
    foreign.refresh_from_db()
    assert foreign.provider == "Укртелеком" and foreign.active


def test_only_the_keepers_of_the_register_write(hromada_a):
    for role in ("clerk", "department_head", "council_secretary", "resident"):
        with pytest.raises(PermissionDenied):
            create(hromada_a, member(hromada_a, role))
    assert not Connection.objects.exists()


def test_update_and_deactivation_are_logged(hromada_a, manager, place):
    conn = create(hromada_a, manager, institution=place["school"])
    services.update_connection(conn, actor=manager, hromada=hromada_a, contracted_mbps="300",
                               corporate_network=True)
    services.deactivate_connection(conn, actor=manager, hromada=hromada_a)
    services.deactivate_connection(conn, actor=manager, hromada=hromada_a)  # once is enough
    conn.refresh_from_db()
    assert conn.contracted_mbps == 300 and conn.corporate_network and not conn.active
    changes = [e.changes for e in AuditEntry.objects.filter(object_type="itassets.connection", action="update")
               .order_by("id")]
    assert changes == [{"contracted_mbps": ["100.0", "300.0"], "corporate_network": [False, True]},
                       {"active": [True, False]}]


# --- selectors and metrics ---------------------------------------------------------------------------------


@pytest.fixture
def network(hromada_a, hromada_b, place):
    return {
        "council": connection(hromada_a, contracted_mbps=Decimal(500), corporate_network=True,
                              settlement=place["village"], latitude=Decimal("48.713"), longitude=Decimal("34.64")),
        "school": connection(hromada_a, institution=place["school"], contracted_mbps=Decimal(100),
                             corporate_network=True, provider="Оріль-Нет", settlement=place["village"]),
        "clinic_slow": connection(hromada_a, institution=place["clinic"], contracted_mbps=Decimal("99.9"),
                                  technology="dsl", settlement=place["village"], contract="№ 7", monthly_cost=420),
        "old": connection(hromada_a, institution=place["clinic"], contracted_mbps=Decimal(1000), active=False),
        "b": connection(hromada_b, provider="ЧУЖИЙ", contracted_mbps=Decimal(1000)),
    }


def pks(qs) -> set[int]:
    return {c.pk for c in qs}


def test_the_filters(hromada_a, network, place):
    def pick(**kw):
        return pks(selectors.filtered_connections(hromada_a, selectors.ConnectionFilters(**kw)))

    n = network
    assert pick() == {n["council"].pk, n["school"].pk, n["clinic_slow"].pk}
    assert pick(slow=True) == {n["clinic_slow"].pk}
    assert pick(technology="dsl") == {n["clinic_slow"].pk}
    assert pick(provider="Оріль-Нет") == {n["school"].pk}
    assert pick(corporate="yes") == {n["council"].pk, n["school"].pk}
    assert pick(corporate="no") == {n["clinic_slow"].pk}
    assert pick(institution_kind="council") == {n["council"].pk}
    assert pick(institution_kind="health") == {n["clinic_slow"].pk}
    assert pick(active="0") == {n["old"].pk}
    assert pick(active="", institution_kind="health") == {n["clinic_slow"].pk, n["old"].pk}
    assert pick(q="№ 7") == {n["clinic_slow"].pk}
    assert pick(settlement=place["village"].pk) == {n["council"].pk, n["school"].pk, n["clinic_slow"].pk}


def test_speed_bands_include_their_lower_bound():
    assert [selectors.band(Decimal(v))[0] for v in ("9.9", "10", "29.9", "30", "99.9", "100", "999.9", "1000")] == [
        "lt10", "10-30", "10-30", "30-100", "30-100", "100-1000", "100-1000", "1000+"]


def test_institution_metrics_count_contracted_speed_of_connections_in_service(hromada_a, network, place):
    InstitutionFactory(hromada=hromada_a, name="Бібліотека")  # no connection at all
    today = timezone.localdate()
    # school: 100 (fast, corporate); clinic: 99.9 in service (slow) and 1000 out of service; library: none.
    assert get_metric("itassets.institutions_100mbps_share").value(hromada_a, today) == Decimal("33.300")
    assert get_metric("itassets.institutions_in_corporate_network").value(hromada_a, today) == 1
    assert get_metric("itassets.institutions_in_corporate_network_share").value(hromada_a, today) == Decimal(
        "33.300")
    with CaptureQueriesContext(db) as queries:
        get_metric("itassets.institutions_100mbps_share").value(hromada_a, today)
    assert len(queries) == 1


def test_the_map_places_a_connection_without_coordinates_at_its_settlement(hromada_a, network, place):
    camera(hromada_a, settlement=place["village"], latitude=Decimal("48.715"), longitude=Decimal("34.644"))
    centres = selectors.settlement_centres(hromada_a)
    assert centres[place["village"].pk] == (Decimal("48.714"), Decimal("34.642"))
    assert selectors.place(network["school"], centres) == (Decimal("48.714000"), Decimal("34.642000"), True)
    assert selectors.place(network["council"], centres) == (Decimal("48.713"), Decimal("34.64"), False)
    lonely = connection(hromada_a)
    assert selectors.place(lonely, centres) == (None, None, False)


# --- pages -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, read, write", [
    ("clerk", 403, 403), ("department_head", 200, 403), ("cnap_admin", 403, 403),
    ("programme_manager", 200, 200), ("hromada_admin", 200, 200), ("resident", 403, 403)])
def test_pages_per_persona(client_a, hromada_a, network, role, read, write):
    client_a.force_login(member(hromada_a, role))
    pk = network["school"].pk
    for url in ("/staff/it/connections/", "/staff/it/connections/map/", f"/staff/it/connections/{pk}/",
                "/staff/it/connections/export.csv", "/staff/it/connections/export.xlsx"):
        assert client_a.get(url).status_code == read, url
    for url in ("/staff/it/connections/new/", f"/staff/it/connections/{pk}/edit/",
                f"/staff/it/connections/{pk}/deactivate/"):
        assert client_a.get(url).status_code == write, url


def test_anonymous_is_sent_to_sign_in(client_a, network):
    for url in ("/staff/it/connections/", f"/staff/it/connections/{network['school'].pk}/",
                "/staff/it/connections/map/"):
        response = client_a.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_list_filters_and_paginates(admin_client_a, network, hromada_a):
    page = admin_client_a.get("/staff/it/connections/?slow=on")
    assert [c.pk for c in page.context["page"].object_list] == [network["clinic_slow"].pk]
    assert "ЧУЖИЙ" not in admin_client_a.get("/staff/it/connections/?active=all").content.decode()
    for query in ("technology=<x>", "provider=%00", "settlement=abc", "institution_kind=zzz", "page=-1",
                  "settlement=99999999999999999999", "q=" + "я" * 500):
        assert admin_client_a.get(f"/staff/it/connections/?{query}").status_code == 200, query
    for n in range(30):
        connection(hromada_a, provider=f"П{n:02d}")
    second = admin_client_a.get("/staff/it/connections/?page=2")
    assert len(second.context["page"].object_list) == 8


def test_exports_carry_the_contract_and_cost_for_staff(admin_client_a, network):
    response = admin_client_a.get("/staff/it/connections/export.csv?slow=on")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][0] == "Амбулаторія" and rows[1][8] == "№ 7" and rows[1][10] == "420.00"
    book = load_workbook(io.BytesIO(admin_client_a.get("/staff/it/connections/export.xlsx").content))
    assert book.active.max_row == 4
    assert AuditEntry.objects.filter(action="export", object_type="itassets.connection").count() == 2


def test_the_form_reads_a_decimal_comma_and_shows_errors_in_ukrainian(admin_client_a, hromada_a, place):
    data = {"institution": place["school"].pk, "provider": "Оріль-Нет", "technology": "fibre",
            "contracted_mbps": "100,5", "measured_mbps": "97,2", "measured_on": "2026-01-10",
            "monthly_cost": "1 650,00", "corporate_network": "on", "public": "on", "notes": "рядок\x0bдругий"}
    response = admin_client_a.post("/staff/it/connections/new/", data)
    conn = Connection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/it/connections/{conn.pk}/"
    assert conn.contracted_mbps == Decimal("100.5") and conn.monthly_cost == Decimal("1650.00")
    assert conn.notes == "рядок\nдругий"
    bad = admin_client_a.post(f"/staff/it/connections/{conn.pk}/edit/",
                              {**data, "measured_on": "", "contracted_mbps": "1OO"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Введіть число" in body
    conn.refresh_from_db()
    assert conn.contracted_mbps == Decimal("100.5")
    bad = admin_client_a.post(f"/staff/it/connections/{conn.pk}/edit/", {**data, "measured_on": ""})
    assert bad.status_code == 400 and "Зазначте дату вимірювання швидкості." in bad.content.decode()


def test_the_detail_shows_the_history_and_deactivation_asks_first(admin_client_a, hromada_a, admin_a, place):
    conn = create(hromada_a, admin_a, institution=place["school"])
    services.update_connection(conn, actor=admin_a, hromada=hromada_a, contracted_mbps="200")
    body = admin_client_a.get(f"/staff/it/connections/{conn.pk}/").content.decode()
    assert "Історія змін" in body and "Могилівська школа" in body
    assert "100 Мбіт/с – 1 Гбіт/с" in body or "від 100 Мбіт/с до 1 Гбіт/с" in body
    page = admin_client_a.get(f"/staff/it/connections/{conn.pk}/deactivate/")
    assert page.status_code == 200
    assert Connection.objects.get(pk=conn.pk).active
    assert admin_client_a.post(f"/staff/it/connections/{conn.pk}/deactivate/").status_code == 302
    assert not Connection.objects.get(pk=conn.pk).active


def test_the_map_page_lists_every_place_and_works_without_points(admin_client_a, network, hromada_a):
    page = admin_client_a.get("/staff/it/connections/map/")
    assert page.status_code == 200
    points = page.context["map"]["points"]
    assert len(points) == 3  # the council's own point; the school and the clinic at the village's
    assert sum(p["approximate"] for p in points) == 2
    assert 'id="network-map"' in page.content.decode()
    empty = admin_client_a.get("/staff/it/connections/map/?technology=satellite")
    assert empty.context["map"]["points"] == [] and 'id="network-map"' not in empty.content.decode()


def test_another_hromadas_connection_is_not_found(admin_client_a, network):
    pk = network["b"].pk
    for url in ("", "edit/", "deactivate/"):
        assert admin_client_a.get(f"/staff/it/connections/{pk}/{url}").status_code == 404
        assert admin_client_a.post(f"/staff/it/connections/{pk}/{url}", {
            "provider": "ЗЛАМ", "technology": "fibre", "contracted_mbps": "1"}).status_code == 404
    network["b"].refresh_from_db()
    assert network["b"].provider == "ЧУЖИЙ" and network["b"].active
    assert admin_client_a.get("/staff/it/connections/99999999999999999999/").status_code == 404


# --- API ---------------------------------------------------------------------------------------------------


def test_the_api_lists_with_filters(hromada_a, network, manager):
    api = ApiClient(manager)
    rows = ok(api.get("/itassets/connections"))["items"]
    assert {r["id"] for r in rows} == {network["council"].pk, network["school"].pk, network["clinic_slow"].pk}
    slow = ok(api.get("/itassets/connections", {"slow": "true"}))["items"]
    assert [(r["institution"], r["speed_band"]) for r in slow] == [("Амбулаторія", "30-100")]
    council = ok(api.get("/itassets/connections", {"institution_kind": "council"}))["items"]
    assert council[0]["institution"] == hromada_a.council_name
    assert ok(api.get(f"/itassets/connections/{network['school'].pk}"))["settlement"] == "с. Могилів"
    assert api.get(f"/itassets/connections/{network['b'].pk}").status_code == 404
    assert api.get("/itassets/connections", {"settlement_id": "0"}).status_code == 422


def test_the_api_creates_and_changes_with_clear_errors(hromada_a, hromada_b, manager, place):
    api = ApiClient(manager)
    made = ok(api.post("/itassets/connections", {"institution_id": place["school"].pk, "provider": "Оріль-Нет",
                                                 "technology": "fibre", "contracted_mbps": "100,5"}), 201)
    assert made["contracted_mbps"] == "100.5" and made["settlement_id"] == place["village"].pk
    errors = field_errors(api.post("/itassets/connections", {
        "institution_id": InstitutionFactory(hromada=hromada_b).pk, "provider": "X", "technology": "fibre",
        "contracted_mbps": 0}))
    assert set(errors) == {"institution_id"}
    errors = field_errors(api.post("/itassets/connections", {"provider": "X", "technology": "fibre",
                                                             "contracted_mbps": 0, "measured_mbps": 5}))
    assert set(errors) == {"contracted_mbps", "measured_on"}
    assert "більше нуля" in errors["contracted_mbps"]
    assert api.post("/itassets/connections", {"provider": "X"}).status_code == 422
    assert api.post("/itassets/connections", {"provider": "X\x00", "technology": "fibre",
                                               "contracted_mbps": 1}).status_code == 400
    changed = ok(api.patch(f"/itassets/connections/{made['id']}", {"corporate_network": True,
                                                                   "measured_mbps": "88,8",
                                                                   "measured_on": "2026-01-02"}))
    assert changed["corporate_network"] and changed["measured_mbps"] == "88.8"
    errors = field_errors(api.patch(f"/itassets/connections/{made['id']}", {"provider": None}))
    assert set(errors) == {"provider"}
    assert Connection.objects.count() == 1
    foreign = connection(hromada_b)
    assert api.patch(f"/itassets/connections/{foreign.pk}", {"provider": "ЗЛАМ"}).status_code == 404
    clerk_api = ApiClient(member(hromada_a, "clerk"))
    assert clerk_api.get("/itassets/connections").status_code == 403
    head_api = ApiClient(member(hromada_a, "department_head"))
    assert head_api.post("/itassets/connections", {"provider": "X", "technology": "fibre",
                                                    "contracted_mbps": 1}).status_code == 403
    assert Connection.objects.filter(hromada=hromada_a).count() == 1
