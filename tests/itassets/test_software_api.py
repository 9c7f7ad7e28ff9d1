"""The software and licences API: reads with filters, the writes an inventory agent needs, bad payloads (a 4xx
with a Ukrainian message, nothing changed), personas and another hromada's records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hromada.itassets.models import Installation, Licence, Seat
from tests.apiclient import ApiClient, uk
from tests.factories import member
from tests.itassets.software_world import equipment, install, licence, seat, software

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hromada_a):
    today = timezone.localdate()
    office = software(hromada_a, name="Microsoft Office", vendor="Microsoft", kind="office", minimum_version="16")
    libre = software(hromada_a, name="LibreOffice", kind="office", free=True)
    pcs = [equipment(hromada_a) for _ in range(3)]
    soon = licence(hromada_a, office, kind="subscription", seats=2, expires_on=today + timedelta(days=20))
    later = licence(hromada_a, office, seats=None, expires_on=today + timedelta(days=200))
    seat(hromada_a, soon, equipment=pcs[0])
    rows = [install(hromada_a, pcs[0], office, "16.0.1"), install(hromada_a, pcs[1], office, "15.0"),
            install(hromada_a, pcs[2], libre, "24.8")]
    return {"office": office, "libre": libre, "pcs": pcs, "soon": soon, "later": later, "rows": rows}


@pytest.fixture
def api(hromada_a):
    return ApiClient(member(hromada_a, "programme_manager"))


def test_titles(api, world):
    assert api.get("/itassets/software", {"q": "офіс microsoft"}).json()["count"] == 0
    names = [t["name"] for t in api.get("/itassets/software").json()["items"]]
    assert names == ["LibreOffice", "Microsoft Office"]
    assert [t["name"] for t in api.get("/itassets/software", {"free": "true"}).json()["items"]] == ["LibreOffice"]
    assert [t["name"] for t in api.get("/itassets/software", {"q": "MICROSOFT office"}).json()["items"]] == [
        "Microsoft Office"]
    detail = api.get(f"/itassets/software/{world['office'].pk}").json()
    assert {k: detail[k] for k in ("installations", "licensed", "unlicensed", "outdated", "seats_short")} == {
        "installations": 2, "licensed": 1, "unlicensed": 1, "outdated": 1, "seats_short": 0}


def test_licences_with_filters_and_seats(api, world):
    items = api.get("/itassets/licences").json()["items"]
    assert [(i["id"], i["seats"], i["seats_used"], i["seats_free"]) for i in items] == [
        (world["soon"].pk, 2, 1, 1), (world["later"].pk, None, 0, None)]
    assert [i["id"] for i in api.get("/itassets/licences", {"expiring_within_days": 60}).json()["items"]] == [
        world["soon"].pk]
    assert api.get("/itassets/licences", {"kind": "oem"}).json()["count"] == 0
    assert api.get("/itassets/licences", {"software": world["libre"].pk}).json()["count"] == 0
    detail = api.get(f"/itassets/licences/{world['soon'].pk}").json()
    assert [(s["equipment_id"], s["inventory_number"]) for s in detail["seats_held"]] == [
        (world["pcs"][0].pk, world["pcs"][0].inventory_number)]


def test_installations_with_status(api, world):
    page = api.get("/itassets/installations").json()
    assert page["count"] == 3
    states = {(i["software"], i["licensed"], i["version_state"]) for i in page["items"]}
    assert states == {("Microsoft Office (Microsoft)", True, "current"),
                      ("Microsoft Office (Microsoft)", False, "outdated"), ("LibreOffice (Постачальник)", True, "")}
    assert [i["id"] for i in api.get("/itassets/installations", {"status": "unlicensed"}).json()["items"]] == [
        world["rows"][1].pk]
    assert [i["id"] for i in api.get("/itassets/installations", {"status": "outdated"}).json()["items"]] == [
        world["rows"][1].pk]
    assert api.get("/itassets/installations", {"equipment": world["pcs"][2].pk}).json()["count"] == 1
    refused = api.get("/itassets/installations", {"status": "краденe"})
    assert refused.status_code == 400
    assert refused.json()["detail"][0]["message"].startswith("Одне з:")
    assert api.get("/itassets/installations", {"equipment": 2**70}).status_code == 422


def test_give_and_release_a_seat(api, hromada_a, world):
    lic, pc = world["soon"], world["pcs"][1]
    response = api.send("POST", f"/itassets/licences/{lic.pk}/seats", {"equipment_id": pc.pk})
    assert response.status_code == 201
    given = response.json()
    refused = api.send("POST", f"/itassets/licences/{lic.pk}/seats", {"person_name": "Іван Сірко"})
    assert refused.status_code == 400
    assert refused.json()["detail"][0]["message"] == uk(
        "All seats of the licence (%(seats)s) are taken: release one or add seats to the licence.", seats=2)
    released = api.send("POST", f"/itassets/licences/{lic.pk}/seats/{given['id']}/release", {})
    assert released.status_code == 200 and released.json()["released_on"] == timezone.localdate().isoformat()
    again = api.send("POST", f"/itassets/licences/{lic.pk}/seats/{given['id']}/release", {})
    assert again.status_code == 400
    assert Seat.objects.filter(licence=lic, released_on__isnull=True).count() == 1


@pytest.mark.parametrize(("payload", "status", "field"), [
    ({"equipment_id": 999999}, 400, "equipment_id"),
    ({"equipment_id": 2**70}, 400, "equipment_id"),
    ({"user_id": 999999}, 400, "user_id"),
    ({}, 400, "holder"),
    ({"person_name": "x" * 151}, 400, "person_name"),
    ({"person_name": "Іван\x00"}, 400, None),
    ({"equipment_id": "abc"}, 422, "equipment_id"),
    ({"assigned_on": "2026-02-31", "person_name": "Іван"}, 422, "assigned_on"),
])
def test_bad_seat_payloads(api, world, payload, status, field):
    response = api.send("POST", f"/itassets/licences/{world['soon'].pk}/seats", payload)
    assert response.status_code == status, response.content
    if field:
        assert field in {d["field"].rsplit(".", 1)[-1] for d in response.json()["detail"]}
    assert Seat.objects.count() == 1


def test_not_json_is_a_400(api, world):
    response = api.send("POST", f"/itassets/licences/{world['soon'].pk}/seats", raw="{не json")
    assert response.status_code == 400
    assert response.json()["detail"] == uk("The request body is not valid JSON.")


def test_record_and_remove_an_installation(api, hromada_a, world):
    pc, title = world["pcs"][2], world["office"]
    response = api.send("POST", "/itassets/installations", {"equipment_id": pc.pk, "software_id": title.pk,
                                                             "version": "16.0.2"})
    assert response.status_code == 201
    created = response.json()
    assert (created["licensed"], created["version_state"], created["source"]) == (False, "current", "manual")
    twice = api.send("POST", "/itassets/installations", {"equipment_id": pc.pk, "software_id": title.pk})
    assert twice.status_code == 400 and twice.json()["detail"][0]["field"] == "software_id"
    assert api.send("DELETE", f"/itassets/installations/{created['id']}").status_code == 204
    assert not Installation.objects.filter(pk=created["id"]).exists()


@pytest.mark.parametrize("role", ["department_head"])
def test_readers_read_but_do_not_write(hromada_a, world, role):
    reader = ApiClient(member(hromada_a, role))
    assert reader.get("/itassets/licences").status_code == 200
    response = reader.send("POST", f"/itassets/licences/{world['soon'].pk}/seats", {"person_name": "Іван"})
    assert response.status_code == 403
    assert response.json()["detail"] == uk("You do not have permission for this action.")
    assert reader.send("DELETE", f"/itassets/installations/{world['rows'][0].pk}").status_code == 403


def test_clerks_and_anonymous_are_refused(hromada_a, world):
    clerk = ApiClient(member(hromada_a, "clerk"))
    for path in ("/itassets/software", "/itassets/licences", "/itassets/installations",
                 f"/itassets/licences/{world['soon'].pk}"):
        assert clerk.get(path).status_code == 403
        assert ApiClient().get(path).status_code == 401


def test_another_hromadas_records(api, hromada_b, world):
    b_title = software(hromada_b, name="ЛИШЕБ")
    b_pc = equipment(hromada_b)
    b_licence = licence(hromada_b, b_title)
    b_seat = seat(hromada_b, b_licence, equipment=b_pc)
    b_row = install(hromada_b, b_pc, b_title)
    for path in (f"/itassets/software/{b_title.pk}", f"/itassets/licences/{b_licence.pk}"):
        assert api.get(path).status_code == 404
    for path in ("/itassets/software", "/itassets/licences", "/itassets/installations",
                 f"/itassets/installations?equipment={b_pc.pk}"):
        assert "ЛИШЕБ" not in api.get(path).content.decode()
    assert api.send("POST", f"/itassets/licences/{b_licence.pk}/seats", {"person_name": "Х"}).status_code == 404
    assert api.send("POST", f"/itassets/licences/{b_licence.pk}/seats/{b_seat.pk}/release", {}).status_code == 404
    assert api.send("POST", f"/itassets/licences/{world['soon'].pk}/seats/{b_seat.pk}/release",
                    {}).status_code == 404
    assert api.send("POST", f"/itassets/licences/{world['soon'].pk}/seats",
                    {"equipment_id": b_pc.pk}).status_code == 400
    assert api.send("POST", "/itassets/installations", {"equipment_id": b_pc.pk,
                                                         "software_id": b_title.pk}).status_code == 400
    assert api.send("DELETE", f"/itassets/installations/{b_row.pk}").status_code == 404
    assert Seat.objects.get(pk=b_seat.pk).released_on is None
    assert Installation.objects.filter(pk=b_row.pk).exists()
    assert Licence.objects.filter(hromada=hromada_b).count() == 1
