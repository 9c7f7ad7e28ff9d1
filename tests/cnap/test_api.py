"""The ЦНАП API contract: the cards, offices, free slots, booking with exact codes, applications; another
hromada's records are 404."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from django.test import Client

from hromada.cnap.models import Booking, Slot
from hromada.core.services import create_token
from tests.apiclient import ApiClient, field_errors, ok, uk
from tests.cnap.world import at, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cnap):
    d = next_weekday(2)
    cnap.sync(d, days=0)
    return d


def test_the_catalogue_and_a_card(cnap, hromada_b):
    rows = ok(ApiClient().get("/services"))
    assert [r["title"] for r in rows] == ["Витяг з Державного земельного кадастру", "Декларування місця проживання"]
    assert rows[1] == {"id": cnap.residence.pk, "code": "00042", "title": "Декларування місця проживання",
                       "category": None, "online": False, "offices": [cnap.office.pk]}
    assert [r["code"] for r in ok(ApiClient().get("/services", {"q": "декларуванням"}))] == ["00042"]
    card = ok(ApiClient().get(f"/services/{cnap.residence.pk}"))["card"]
    assert card["version"] == 1 and card["approving_act"] == "Рішення виконкому від 01.02.2026 № 7"
    assert card["documents"][0] == {"title": "Заява", "requirements": "оригінал"}
    assert card["stages"][0]["action"] == "В" and card["term_unit"] == "same_day"
    assert ApiClient().get("/services/999999").status_code == 404
    assert ApiClient(host="b.localhost").get(f"/services/{cnap.residence.pk}").status_code == 404


def test_offices_and_free_slots(cnap, day):
    offices = ok(ApiClient().get("/queue/offices"))
    assert offices[0]["name"] == "ЦНАП" and offices[0]["hours"][2] == {
        "weekday": 2, "opens": "08:00", "closes": "20:00", "break_starts": None, "break_ends": None}
    slots = ok(ApiClient().get("/queue/slots", {"service": cnap.residence.pk, "date": day.isoformat()}))
    assert len(slots) == 48 * 2  # Wednesday 08:00–20:00, windows 1 and 2 serve the service
    first = slots[0]
    assert set(first) == {"id", "office", "office_name", "window", "start", "end", "available"}
    assert first["office"] == cnap.office.pk and first["available"] == 1
    assert first["start"].startswith(f"{day.isoformat()}T08:00:00+02:00")
    land = ok(ApiClient().get("/queue/slots", {"service": cnap.land.pk, "date": day.isoformat(),
                                               "office": cnap.office.pk}))
    assert {s["window"] for s in land} == {"5"}
    assert ApiClient().get("/queue/slots", {"service": cnap.residence.pk, "date": "31.12.2026"}).status_code == 422
    assert ApiClient().get("/queue/slots", {"service": 999999, "date": day.isoformat()}).status_code == 404
    far = day + timedelta(days=63)  # a Wednesday beyond the booking horizon: its slots are not offered yet
    cnap.sync(far, days=0)
    assert Slot.objects.filter(starts_at__date=far).exists()
    far = far.isoformat()
    assert ok(ApiClient().get("/queue/slots", {"service": cnap.residence.pk, "date": far})) == []


def test_booking_codes(cnap, town, day):
    slot = Slot.objects.get(window__number="1", starts_at=at(day, "10:00"))
    person = town.person()
    made = ok(ApiClient(person).post("/queue/bookings", {"slot": slot.pk, "service": cnap.residence.pk}), 201)
    assert made["start"].startswith(f"{day.isoformat()}T10:00:00+02:00") and made["status"] == "booked"
    assert made["window"] == "1" and len(made["code"]) == 6
    taken = ApiClient(town.person()).post("/queue/bookings", {"slot": slot.pk, "service": cnap.residence.pk})
    assert taken.status_code == 409 and taken.json() == {"detail": uk("This time has just been taken. Choose "
                                                                     "another one.")}
    unverified = ApiClient(town.unverified()).post("/queue/bookings", {"slot": slot.pk + 1,
                                                                        "service": cnap.residence.pk})
    assert unverified.status_code == 403
    wrong = ApiClient(person).post("/queue/bookings", {"slot": slot.pk, "service": cnap.land.pk})
    assert field_errors(wrong) == {"__all__": uk("This time is not offered for the chosen service; choose a time "
                                                 "offered for it.")}
    assert ApiClient(person).post("/queue/bookings", {"slot": 0, "service": 1}).status_code == 422
    assert ApiClient(person).post("/queue/bookings", {"slot": 2**63, "service": 1}).status_code == 422
    assert ApiClient().post("/queue/bookings", {"slot": slot.pk, "service": cnap.residence.pk}).status_code == 401
    assert [b["id"] for b in ok(ApiClient(person).get("/queue/bookings"))] == [made["id"]]
    assert ok(ApiClient(person).delete(f"/queue/bookings/{made['id']}"))["status"] == "cancelled"
    assert ApiClient(town.person()).delete(f"/queue/bookings/{made['id']}").status_code == 404
    assert Slot.objects.get(pk=slot.pk).booked == 0


def test_a_resident_scoped_app_token_books(cnap, town, day):
    person = town.person()
    _token, plain = create_token(user=person, name="app", scope="resident")
    slot = Slot.objects.get(window__number="2", starts_at=at(day, "11:00"))
    response = Client(HTTP_HOST="a.localhost").post(
        "/api/v1/queue/bookings", {"slot": slot.pk, "service": cnap.residence.pk}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 201, response.content
    assert Booking.objects.get().person == person


def test_another_hromadas_slot_is_refused_and_nothing_changes(cnap, town, day, hromada_b):
    from tests.cnap.world import build_cnap
    from tests.participation.world import build_town

    theirs = build_cnap(hromada_b, build_town(hromada_b).staff("cnap_admin"))
    theirs.sync(day, days=0)
    foreign = Slot.objects.filter(office=theirs.office, window__number="1").first()
    response = ApiClient(town.person()).post("/queue/bookings", {"slot": foreign.pk, "service": cnap.residence.pk})
    assert field_errors(response) == {"__all__": uk("There is no such time to book.")}
    assert ApiClient(host="b.localhost").get("/queue/slots", {"service": cnap.residence.pk,
                                                              "date": day.isoformat()}).status_code == 404
    assert not Booking.objects.exists()


def test_an_online_application_through_the_api(cnap, town):
    from hromada.cnap.catalogue import services as catalogue

    draft = catalogue.draft_of(cnap.residence, actor=cnap.admin, hromada=cnap.hromada)
    catalogue.save_draft(draft, {"application_fields": [{"name": "address", "label": "Адреса", "kind": "text",
                                                         "required": True}],
                                 "uploads": [{"title": "Паспорт", "required": True}]},
                         actor=cnap.admin, hromada=cnap.hromada)
    catalogue.approve(draft, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення № 9")
    cnap.residence.online = True
    cnap.residence.save()
    person = town.person()
    path = f"/services/{cnap.residence.pk}/applications"
    missing = ApiClient(person).post(path, {"answers": {}})
    assert field_errors(missing) == {"address": uk("Fill in «%(label)s».", label="Адреса"),
                                     "upload:Паспорт": uk("Attach «%(title)s».", title="Паспорт")}
    bad = ApiClient(person).post(path, {"answers": {"address": "вул. Шевченка, 3"},
                                        "files": [{"title": "Паспорт", "name": "p.pdf", "content_base64": "!!"}]})
    assert field_errors(bad) == {"files": uk("The file «%(name)s» is not valid base64.", name="p.pdf")}
    pdf = base64.b64encode(b"%PDF-1.4\n%%EOF\n").decode()
    made = ok(ApiClient(person).post(path, {"answers": {"address": "вул. Шевченка, 3"},
                                            "files": [{"title": "Паспорт", "name": "p.pdf",
                                                       "content_base64": pdf}]}), 201)
    assert made["number"].startswith("ЦН-") and made["status"] == "submitted"
    assert ApiClient(person).post(f"/services/{cnap.land.pk}/applications", {"answers": {}}).status_code == 400
