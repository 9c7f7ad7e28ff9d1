"""The ЦНАП pages as residents and staff meet them: the catalogue with search and filters, a card and its Word
document, booking and the cabinet, the kiosk, the board, the operator's console with the air-raid pause, the
online application and its processing, the journal export; permissions per persona."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from hromada.cnap.catalogue import services as catalogue
from hromada.cnap.models import Application, Booking, BookingStatus, Office, Slot, Ticket
from tests.apiclient import uk
from tests.cnap.world import at, next_weekday

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def day(cnap):
    d = next_weekday(3)
    cnap.sync(d, days=0)
    return d


def _text(response) -> str:
    return response.content.decode()


def test_catalogue_search_filters_and_empty_states(client_a, cnap):
    page = _text(client_a.get("/services/"))
    assert "Декларування місця проживання" in page and "Витяг з Державного земельного кадастру" in page
    found = _text(client_a.get("/services/", {"q": "декларуванні"}))
    assert "Декларування місця проживання" in found and "Витяг з Державного" not in found
    assert uk("Nothing found. Try other words or fewer filters.") in _text(client_a.get("/services/",
                                                                                        {"q": "космодром"}))
    assert client_a.get("/services/", {"category": "x", "page": "zzz"}).status_code == 200
    assert client_a.get("/services/999999/").status_code == 404


def test_a_card_page_and_its_word_document(client_a, cnap):
    page = _text(client_a.get(f"/services/{cnap.residence.pk}/"))
    assert "Рішення виконкому від 01.02.2026 № 7" in page and "Прийом заяви" in page
    response = client_a.get(f"/services/{cnap.residence.pk}/card.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Декларування місця проживання" in "\n".join(p.text for p in doc.paragraphs)
    assert any("Заява — оригінал" in c for c in cells) and "Адміністратор ЦНАП, ЦНАП" in cells
    data = client_a.get("/services/open-data.json").json()["services"]
    assert {s["code"] for s in data} == {"00042", "00100"}
    assert client_a.get("/services/open-data.csv").status_code == 200


def test_offices_page_shows_hours_against_the_law(client_a, cnap):
    page = _text(client_a.get("/services/offices/"))
    assert "20:00" in page
    assert uk("Fewer than %(n)s hours without a break on: %(days)s.", n=7,
              days="понеділок, вівторок, четвер, пʼятниця") in page


def test_booking_from_the_page_to_the_cabinet_and_cancel_with_confirmation(client_a, cnap, town, day):
    person = town.person()
    client_a.force_login(person)
    page = _text(client_a.get(f"/services/{cnap.residence.pk}/book/", {"date": day.isoformat()}))
    slot = Slot.objects.filter(window__number="1", starts_at=at(day, "09:00")).get()
    assert "09:00" in page
    response = client_a.post(f"/services/{cnap.residence.pk}/book/submit/", {"slot": slot.pk})
    assert response.status_code == 302 and response["Location"] == "/cabinet/services/"
    booking = Booking.objects.get(person=person)
    cabinet = _text(client_a.get("/cabinet/services/"))
    assert booking.code in cabinet
    ics = client_a.get(f"/cabinet/services/{booking.pk}/visit.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert uk("Cancel the visit?") in _text(client_a.get(f"/cabinet/services/{booking.pk}/cancel/"))
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED  # the GET asked only
    client_a.post(f"/cabinet/services/{booking.pk}/cancel/")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED
    bad = client_a.post(f"/services/{cnap.residence.pk}/book/submit/", {"slot": "abc"})
    assert bad.status_code == 302 and Booking.objects.count() == 1


def test_anonymous_booking_goes_to_sign_in(client_a, cnap, day):
    slot = Slot.objects.filter(window__number="1").first()
    response = client_a.post(f"/services/{cnap.residence.pk}/book/submit/", {"slot": slot.pk})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client_a.get("/cabinet/services/").status_code == 302


def test_kiosk_ticket_check_in_and_the_board(client_a, cnap, town, day):
    office = cnap.office
    remote = client_a.post(f"/services/queue/{office.pk}/kiosk/", {"purpose": "submit"})
    assert remote.status_code == 403 and not Ticket.objects.exists()  # not the office's terminal
    client_a.force_login(cnap.admin)
    enrol = client_a.post(f"/staff/cnap/{office.pk}/act/", {"action": "kiosk"})
    assert enrol["Location"] == f"/services/queue/{office.pk}/kiosk/"
    terminal = client_a.cookies["cnap_kiosk"].value
    client_a.logout()  # the terminal stays enrolled without anyone signed in
    client_a.cookies["cnap_kiosk"] = terminal
    response = client_a.post(f"/services/queue/{office.pk}/kiosk/", {"purpose": "submit",
                                                                      "service": cnap.residence.pk})
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/services/queue/{office.pk}/ticket/{ticket.pk}/"
    assert ticket.label in _text(client_a.get(response["Location"]))
    wrong = client_a.post(f"/services/queue/{office.pk}/kiosk/", {"code": "000000"})
    assert wrong.status_code == 400 and Ticket.objects.count() == 1
    assert client_a.post(f"/services/queue/{office.pk}/kiosk/", {"purpose": "nonsense"}).status_code == 400
    board = _text(client_a.get(f"/services/queue/{office.pk}/board/"))
    assert 'hx-trigger="every 10s"' in board


def test_the_console_calls_pauses_and_resumes(client_a, cnap, day):
    client_a.force_login(cnap.admin)
    office = cnap.office
    window = cnap.windows[0]
    act = f"/staff/cnap/{office.pk}/act/"
    client_a.post(act, {"action": "issue", "purpose": "submit", "service": cnap.residence.pk})
    ticket = Ticket.objects.get()
    client_a.post(act, {"action": "pause", "window": window.pk})
    assert Office.objects.get(pk=office.pk).paused_since is not None
    client_a.post(act, {"action": "call", "window": window.pk})
    assert Ticket.objects.get(pk=ticket.pk).status == "waiting"  # refused during the alert
    client_a.post(act, {"action": "resume", "window": window.pk})
    client_a.post(act, {"action": "call", "window": window.pk})
    assert Ticket.objects.get(pk=ticket.pk).status == "called"
    page = _text(client_a.get(f"/staff/cnap/{office.pk}/", {"window": window.pk}))
    assert ticket.label in page
    client_a.post(act, {"action": "complete", "window": window.pk, "ticket": ticket.pk})
    assert Ticket.objects.get(pk=ticket.pk).status == "done"
    assert client_a.post(act, {"action": "bogus"}).status_code == 302


def test_staff_pages_need_the_role(client_a, cnap, town):
    client_a.force_login(town.person())
    assert client_a.get(f"/staff/cnap/{cnap.office.pk}/").status_code == 403
    assert client_a.get("/staff/cnap/applications/").status_code == 403
    assert client_a.post(f"/staff/cnap/{cnap.office.pk}/act/", {"action": "pause"}).status_code == 403
    assert Office.objects.get(pk=cnap.office.pk).paused_since is None


def test_apply_online_then_staff_process_and_export_the_journal(client_a, cnap, town):
    service = cnap.residence
    draft = catalogue.draft_of(service, actor=cnap.admin, hromada=cnap.hromada)
    catalogue.save_draft(draft, {"application_fields": [{"name": "address", "label": "Адреса", "kind": "text",
                                                         "required": True}],
                                 "uploads": [{"title": "Паспорт", "required": True, "diia_sharing": True}]},
                         actor=cnap.admin, hromada=cnap.hromada)
    catalogue.approve(draft, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення № 9")
    service.online = True
    service.save()
    person = town.person()
    client_a.force_login(person)
    form = _text(client_a.get(f"/services/{service.pk}/apply/"))
    assert "Адреса" in form and uk("You may share it from Дія as a PDF copy.") in form
    empty = client_a.post(f"/services/{service.pk}/apply/", {"delivery": "cabinet"})
    assert empty.status_code == 400 and not Application.objects.exists()
    response = client_a.post(f"/services/{service.pk}/apply/", {
        "f_address": "вул. Шевченка, 3", "delivery": "cabinet",
        "upload_0": SimpleUploadedFile("pasport.pdf", PDF, content_type="application/pdf")})
    application = Application.objects.get()
    assert response["Location"] == f"/cabinet/services/applications/{application.pk}/"
    assert application.case.number in _text(client_a.get(response["Location"]))
    client_a.force_login(cnap.admin)
    listing = _text(client_a.get("/staff/cnap/applications/"))
    assert application.case.number in listing
    act = f"/staff/cnap/applications/{application.pk}/act/"
    client_a.post(act, {"action": "accept"})
    client_a.post(act, {"action": "result", "text": "Відомості внесено",
                        "file": SimpleUploadedFile("dovidka.pdf", PDF, content_type="application/pdf")})
    application.refresh_from_db()
    assert application.status == "issued"
    journal = client_a.get("/staff/cnap/applications/", {"export": "xlsx"})
    assert journal["Content-Type"].startswith("application/vnd.openxmlformats")
    files = application.case.attachments.order_by("pk")
    download = client_a.get(f"/staff/cnap/applications/{application.pk}/files/{files[0].pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_the_booking_page_opens_on_the_first_day_with_a_free_time(client_a, cnap, town, day):
    client_a.force_login(town.person())
    page = client_a.get(f"/services/{cnap.residence.pk}/book/").content.decode()
    assert f'<option value="{day.isoformat()}" selected>' in page


def test_staff_cancel_a_booking_with_a_reason_and_the_resident_is_told(client_a, cnap, town, day,
                                                                       django_capture_on_commit_callbacks):
    from hromada.cnap.queue import booking as booking_service
    from hromada.core.models import Notice

    person = town.person()
    slot = Slot.objects.filter(window__number="1", starts_at=at(day, "10:00")).get()
    made = booking_service.book(hromada=cnap.hromada, user=person, slot_id=slot.pk, service_id=cnap.residence.pk)
    client_a.force_login(cnap.admin)
    act = f"/staff/cnap/{cnap.office.pk}/act/"
    client_a.post(act, {"action": "cancel_booking", "booking": made.pk, "reason": "  "})
    assert Booking.objects.get(pk=made.pk).status == BookingStatus.BOOKED
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(act, {"action": "cancel_booking", "booking": made.pk, "reason": "Знеструмлення приміщення"})
    assert Booking.objects.get(pk=made.pk).status == BookingStatus.CANCELLED
    assert Slot.objects.get(pk=slot.pk).booked == 0
    assert "Знеструмлення приміщення" in Notice.objects.filter(recipient=person).latest("pk").body


def test_the_ticket_page_estimates_the_wait_from_the_services_ahead(client_a, cnap, day):
    from hromada.cnap.queue import live

    cnap.residence.duration_minutes = 20
    cnap.residence.save()
    for _ in range(4):
        live.issue(cnap.office, service=cnap.residence)
    mine = live.issue(cnap.office, service=cnap.residence)
    page = client_a.get(f"/services/queue/{cnap.office.pk}/ticket/{mine.pk}/").content.decode()
    # 4 × 20 minutes ahead, shared by the three active windows that serve the service (1, 2 and 6).
    assert "Приблизно 27 хвилин очікування." in page
