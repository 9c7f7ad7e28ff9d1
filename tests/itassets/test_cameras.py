"""Cameras: details only beside an item of the category camera, coordinates with a decimal comma and in range, the
police connection and its date, the list's filters, the staff map, the export, the API and the metrics."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hromada.core.metrics import get_metric
from hromada.core.models import AuditEntry
from hromada.itassets.models import Camera, Category
from hromada.itassets.network import selectors, services
from tests.apiclient import ApiClient, ok
from tests.factories import SettlementFactory, member
from tests.itassets.builders import camera, equipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager", email="pm-a@example.org")


@pytest.fixture
def village(hromada_a):
    return SettlementFactory(hromada=hromada_a, name="Могилів")


def test_details_are_kept_for_a_camera_and_logged(hromada_a, manager, village):
    item = camera(hromada_a, details=False)
    cam = services.save_camera(item, actor=manager, hromada=hromada_a, settlement=village,
                               location=" вул. Центральна, 1 ", watched_object="Площа", latitude="48,713012",
                               longitude="34,640001", police_connected=True,
                               police_connected_on=timezone.localdate(), retention_days=30, public=True)
    cam.refresh_from_db()
    assert (cam.latitude, cam.longitude, cam.location) == (Decimal("48.713012"), Decimal("34.640001"),
                                                           "вул. Центральна, 1")
    services.save_camera(item, actor=manager, hromada=hromada_a, retention_days=14)
    entries = AuditEntry.objects.filter(object_type="itassets.camera", object_id=str(item.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"retention_days": [30, 14]}


def test_details_are_refused_for_an_item_of_another_category(hromada_a, manager):
    printer = equipment(hromada_a, category=Category.PRINTER)
    with pytest.raises(ValidationError) as error:
        services.save_camera(printer, actor=manager, hromada=hromada_a, location="Кабінет")
    assert "категорії" in " ".join(error.value.messages) or "category" in " ".join(error.value.messages)
    assert not Camera.objects.exists()


@pytest.mark.parametrize("fields, field", [
    ({"latitude": "90,000001", "longitude": "34"}, "latitude"),
    ({"latitude": "-91", "longitude": "34"}, "latitude"),
    ({"latitude": "48", "longitude": "180,5"}, "longitude"),
    ({"latitude": "48,7"}, "longitude"),
    ({"longitude": "34,6"}, "latitude"),
    ({"latitude": "48,7.1", "longitude": "34"}, "latitude"),
    ({"latitude": "48.1234567", "longitude": "34"}, "latitude"),  # more than six decimals
    ({"police_connected_on": "past"}, "police_connected_on"),  # a date without the connection
    ({"police_connected": True, "police_connected_on": "future"}, "police_connected_on"),
    ({"retention_days": 0}, "retention_days"),
    ({"retention_days": 3651}, "retention_days"),
])
def test_bad_camera_details_are_refused_on_their_field(hromada_a, manager, fields, field):
    item = camera(hromada_a, details=False)
    today = timezone.localdate()
    if "police_connected_on" in fields:
        fields["police_connected_on"] = today + timedelta(days=1 if fields["police_connected_on"] == "future"
                                                         else -1)
    with pytest.raises(ValidationError) as error:
        services.save_camera(item, actor=manager, hromada=hromada_a, **fields)
    assert field in error.value.message_dict, error.value.message_dict
    assert not Camera.objects.exists()


def test_tenants_and_roles(hromada_a, hromada_b, manager):
    foreign = camera(hromada_b, details=False)
    with pytest.raises(PermissionDenied):
        services.save_camera(foreign, actor=manager, hromada=hromada_a, location="ЗЛАМ")
    own = camera(hromada_a, details=False)
    with pytest.raises(ValidationError):
        services.save_camera(own, actor=manager, hromada=hromada_a, settlement=SettlementFactory(hromada=hromada_b))
    with pytest.raises(PermissionDenied):
        services.save_camera(own, actor=member(hromada_a, "department_head"), hromada=hromada_a, location="X")
    assert not Camera.objects.exists()


@pytest.fixture
def cameras(hromada_a, hromada_b, village):
    return {
        "square": camera(hromada_a, settlement=village, location="Площа", latitude=Decimal("48.713"),
                         longitude=Decimal("34.64"), police_connected=True, retention_days=30),
        "school": camera(hromada_a, settlement=village, location="Школа", latitude=Decimal("48.716"),
                         longitude=Decimal("34.636"), retention_days=14, public=False),
        "broken": camera(hromada_a, status="in_repair", settlement=village, location="Зупинка",
                         police_connected=True),
        "bare": camera(hromada_a, details=False),
        "b": camera(hromada_b, location="ЧУЖА", police_connected=True),
    }


def test_the_filters(hromada_a, cameras, village):
    def pick(**kw):
        return {i.pk for i in selectors.filtered_cameras(hromada_a, selectors.CameraFilters(**kw))}

    c = cameras
    assert pick() == {c["square"].pk, c["school"].pk, c["broken"].pk, c["bare"].pk}
    assert pick(police="yes") == {c["square"].pk, c["broken"].pk}
    assert pick(police="no") == {c["school"].pk, c["bare"].pk}
    assert pick(retention="long") == {c["square"].pk}
    assert pick(retention="short") == {c["school"].pk}
    assert pick(retention="none") == {c["broken"].pk, c["bare"].pk}  # not stated, or no details yet
    assert pick(public="no") == {c["school"].pk}
    assert pick(settlement=village.pk) == {c["square"].pk, c["school"].pk, c["broken"].pk}
    assert pick(details="missing") == {c["bare"].pk}
    assert pick(q="Зупин") == {c["broken"].pk}


def test_metrics_count_cameras_in_use(hromada_a, cameras):
    today = timezone.localdate()
    assert get_metric("itassets.cameras_total").value(hromada_a, today) == 3  # square, school, bare
    assert get_metric("itassets.cameras_police_connected").value(hromada_a, today) == 1


@pytest.mark.parametrize("role, read, write", [
    ("clerk", 403, 403), ("department_head", 200, 403), ("programme_manager", 200, 200),
    ("hromada_admin", 200, 200), ("resident", 403, 403)])
def test_pages_per_persona(client_a, hromada_a, cameras, role, read, write):
    client_a.force_login(member(hromada_a, role))
    pk = cameras["square"].pk
    for url in ("/staff/it/cameras/", "/staff/it/cameras/map/", f"/staff/it/cameras/{pk}/",
                "/staff/it/cameras/export.csv", "/staff/it/cameras/export.xlsx"):
        assert client_a.get(url).status_code == read, url
    assert client_a.get(f"/staff/it/cameras/{pk}/edit/").status_code == write


def test_the_list_the_map_and_the_export(admin_client_a, cameras):
    page = admin_client_a.get("/staff/it/cameras/?police=yes")
    assert [item.pk for item, _cam in page.context["rows"]] == sorted([cameras["square"].pk, cameras["broken"].pk])
    assert "ЧУЖА" not in admin_client_a.get("/staff/it/cameras/").content.decode()
    for query in ("settlement=x", "police=<b>", "retention=%00", "status=nope", "page=99"):
        assert admin_client_a.get(f"/staff/it/cameras/?{query}").status_code == 200
    mapped = admin_client_a.get("/staff/it/cameras/map/")
    assert len(mapped.context["map"]["points"]) == 2
    assert [p["fast"] for p in mapped.context["map"]["points"]] == [True, False]
    rows = list(csv.reader(io.StringIO(b"".join(admin_client_a.get("/staff/it/cameras/export.csv")
                                                  .streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 5 and "ЧУЖА" not in str(rows)


def test_the_form_with_a_decimal_comma_and_out_of_range_coordinates(admin_client_a, hromada_a, village):
    item = camera(hromada_a, details=False)
    data = {"settlement": village.pk, "location": "Площа", "watched_object": "Центр", "latitude": "48,713",
            "longitude": "34,64", "police_connected": "on", "police_connected_on": "2025-09-01",
            "retention_days": "30", "public": "on"}
    bad = admin_client_a.post(f"/staff/it/cameras/{item.pk}/edit/", {**data, "latitude": "148,713"})
    assert bad.status_code == 400 and not Camera.objects.exists()
    assert admin_client_a.post(f"/staff/it/cameras/{item.pk}/edit/", data).status_code == 302
    cam = Camera.objects.get()
    assert cam.latitude == Decimal("48.713") and cam.police_connected
    detail = admin_client_a.get(f"/staff/it/cameras/{item.pk}/").content.decode()
    assert "Площа" in detail and "Історія змін" in detail


def test_an_item_of_another_category_or_hromada_is_not_found(admin_client_a, hromada_a, cameras):
    printer = equipment(hromada_a, category=Category.PRINTER)
    for pk in (printer.pk, cameras["b"].pk, 99999999999999999999):
        for url in ("", "edit/"):
            assert admin_client_a.get(f"/staff/it/cameras/{pk}/{url}").status_code == 404
        assert admin_client_a.post(f"/staff/it/cameras/{pk}/edit/", {"location": "ЗЛАМ"}).status_code == 404
    assert not Camera.objects.filter(equipment=printer).exists()
    assert Camera.objects.get(equipment=cameras["b"]).location == "ЧУЖА"


def test_the_api(hromada_a, cameras, manager):
    api = ApiClient(manager)
    rows = ok(api.get("/itassets/cameras"))["items"]
    assert [r["id"] for r in rows] == sorted(c.pk for k, c in cameras.items() if k != "b")
    bare = next(r for r in rows if r["id"] == cameras["bare"].pk)
    assert bare["details"] is False and bare["location"] is None
    police = ok(api.get("/itassets/cameras", {"police": "yes"}))["items"]
    assert {r["id"] for r in police} == {cameras["square"].pk, cameras["broken"].pk}
    assert ok(api.get(f"/itassets/cameras/{cameras['square'].pk}"))["settlement"] == "с. Могилів"
    assert api.get(f"/itassets/cameras/{cameras['b'].pk}").status_code == 404
    printer = equipment(hromada_a, category=Category.PRINTER)
    assert api.get(f"/itassets/cameras/{printer.pk}").status_code == 404
    assert ApiClient(member(hromada_a, "clerk")).get("/itassets/cameras").status_code == 403
