"""/api/v1/services (the catalogue's cards) and /api/v1/queue (offices, free slots, a resident's bookings).

POST /queue/bookings → 201 with the booking; 409 when the slot's seats are taken; 403 when the person may not
book (not verified, blocked after no-shows); 400 naming any other broken rule (the monthly limit, a time not
offered for the service, a day not open yet). Another hromada's records are 404.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from hromada.cnap.applications import services as applications
from hromada.cnap.catalogue import selectors as catalogue
from hromada.cnap.models import Booking
from hromada.cnap.queue import booking as booking_service
from hromada.cnap.queue import selectors as queue
from hromada.cnap.schemas import (
    ApplicationIn,
    ApplicationOut,
    BookingIn,
    BookingOut,
    OfficeOut,
    ServiceDetailOut,
    ServiceOut,
    SlotOut,
)
from hromada.core import ratelimit
from hromada.core.cases.services import Upload
from hromada.core.models import CaseChannel
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut

services_router = Router(tags=["cnap"])
queue_router = Router(tags=["cnap"])


def _hromada(request):
    hromada = getattr(request, "hromada", None)
    if hromada is None:
        raise Http404
    return hromada


def _id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def _term(card) -> str:
    return str(card.get_term_unit_display()) if card.term_unit == "same_day" else (
        f"{card.term_amount} {card.get_term_unit_display()}")


def _service(service, offices: list[int]) -> dict:
    return {"id": service.pk, "code": service.code, "title": service.title,
            "category": service.category.title if service.category_id else None, "online": service.online,
            "offices": offices}


class ServiceFilter(Schema):
    q: str = ""
    category: int | None = None
    office: int | None = None
    online: bool = False


@services_router.get("", response=list[ServiceOut], auth=None, summary="Services of the catalogue (approved cards)")
def services(request, filters: Query[ServiceFilter]):
    hromada = _hromada(request)
    rows = list(catalogue.public_services(
        hromada, q=filters.q[:200], category=filters.category if filters.category and 0 < filters.category <= MAX_ID
        else None, office_id=filters.office if filters.office and 0 < filters.office <= MAX_ID else None,
        online=filters.online).prefetch_related("offices"))
    return [_service(s, sorted(o.pk for o in s.offices.all() if o.is_active)) for s in rows]


@services_router.get("/{service_id}", response={200: ServiceDetailOut, 404: ErrorOut}, auth=None,
                     summary="One service with its information and technological cards")
def service(request, service_id: int):
    found = catalogue.public_service(_hromada(request), _id(service_id))
    card = found.card
    return _service(found, sorted(o.pk for o in catalogue.offices_of(found))) | {
        "description": found.description, "duration_minutes": found.duration_minutes,
        "verification_required": found.verification_required,
        "life_situations": [s.title for s in found.life_situations.all()],
        "card": {"version": card.version, "approved_at": card.approved_at,
                 "approving_act": str(card.act) if card.act_id else card.act_reference,
                 "provider": card.provider, "provider_unit": card.provider_unit, "documents": card.documents,
                 "paid": card.paid, "fee": card.fee, "fee_basis": card.fee_basis, "fee_account": card.fee_account,
                 "term": _term(card), "term_amount": card.term_amount, "term_unit": card.term_unit,
                 "term_basis": card.term_basis, "result": card.result, "delivery": card.delivery,
                 "legal_acts": card.legal_acts, "refusal_grounds": card.refusal_grounds, "stages": card.stages}}


def _hhmm(value) -> str | None:
    return value.strftime("%H:%M") if value else None


@queue_router.get("/offices", response=list[OfficeOut], auth=None, summary="ЦНАП offices with their hours")
def offices(request):
    rows = catalogue.offices(_hromada(request)).prefetch_related("hours")
    return [{"id": o.pk, "name": o.name, "kind": o.kind, "address": o.address, "phone": o.phone, "email": o.email,
             "starosta_district": o.starosta_district.name if o.starosta_district_id else None,
             "paused": o.paused_since is not None,
             "hours": [{"weekday": h.weekday, "opens": _hhmm(h.opens), "closes": _hhmm(h.closes),
                        "break_starts": _hhmm(h.break_starts), "break_ends": _hhmm(h.break_ends)}
                       for h in o.hours.all()]} for o in rows]


class SlotFilter(Schema):
    service: int
    date: date
    office: int | None = None


@queue_router.get("/slots", response={200: list[SlotOut], 404: ErrorOut}, auth=None,
                  summary="Free slots of a day for a service (every office that provides it, or one)")
def slots(request, filters: Query[SlotFilter]):
    hromada = _hromada(request)
    found = catalogue.public_service(hromada, _id(filters.service))
    office_id = _id(filters.office) if filters.office is not None else None
    if filters.date > booking_service.horizon(hromada):
        return []  # the day is not open for booking yet
    rows = queue.free_slots(hromada, service_id=found.pk, day=filters.date, office_id=office_id)
    return [{"id": s.pk, "office": s.office_id, "office_name": s.office.name, "window": s.window.number,
             "start": localtime(s.starts_at), "end": localtime(s.ends_at), "available": s.available}
            for s in rows[:500]]


def _booking(b: Booking) -> dict:
    return {"id": b.pk, "code": b.code, "status": b.status, "service": b.service_id, "service_title": b.service.title,
            "office": b.slot.office_id, "office_name": b.slot.office.name, "window": b.slot.window.number,
            "start": localtime(b.slot.starts_at)}


@queue_router.get("/bookings", response=list[BookingOut], summary="The token's or session's resident's bookings")
def my_bookings(request):
    return [_booking(b) for b in queue.own_bookings(_hromada(request), request.auth)[:200]]


@queue_router.post("/bookings", response={201: BookingOut, 400: ValidationErrorOut, 403: ErrorOut, 409: ErrorOut,
                                           429: ErrorOut},
                   summary="Book a slot for a service")
def book(request, payload: BookingIn):
    hromada = _hromada(request)
    if (limited := ratelimit.api_guard(request, "booking")) is not None:
        return limited
    try:
        made = booking_service.book(hromada=hromada, user=request.auth, slot_id=payload.slot,
                                    service_id=payload.service)
    except booking_service.Refused as refused:
        if refused.status == 400:
            return Status(400, {"detail": [{"field": "__all__", "message": refused.message}]})
        return Status(refused.status, {"detail": refused.message})
    return Status(201, _booking(queue.own_booking(hromada, request.auth, made.pk)))


@queue_router.delete("/bookings/{booking_id}", response={200: BookingOut, 400: ValidationErrorOut, 404: ErrorOut},
                     summary="Cancel one's booking (until the office's cut-off before its time)")
def cancel(request, booking_id: int):
    hromada = _hromada(request)
    try:
        done = booking_service.cancel(hromada=hromada, user=request.auth, booking_id=_id(booking_id))
    except booking_service.Refused as refused:
        return Status(400, {"detail": [{"field": "__all__", "message": refused.message}]})
    return _booking(queue.own_booking(hromada, request.auth, done.pk))


@services_router.post("/{service_id}/applications",
                      response={201: ApplicationOut, 400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut,
                                429: ErrorOut},
                      summary="File an online application for a service (its card's fields and documents)")
def application(request, service_id: int, payload: ApplicationIn):
    hromada = _hromada(request)
    if (limited := ratelimit.api_guard(request, "application")) is not None:
        return limited
    found = catalogue.public_service(hromada, _id(service_id))
    uploads = {}
    for item in payload.files:
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError({"files": _("The file «%(name)s» is not valid base64.") % {"name": item.name}}) \
                from None
        uploads[item.title] = Upload(name=item.name.rsplit("/", 1)[-1], data=data)
    office = None
    if payload.pickup_office is not None:
        office = catalogue.offices(hromada).filter(pk=payload.pickup_office).first()
        if office is None:
            raise ValidationError({"pickup_office": _("Choose an office that provides the service.")})
    try:
        made = applications.apply(found, user=request.auth, hromada=hromada, data=payload.answers, uploads=uploads,
                                  delivery=payload.delivery, pickup_office=office, channel=CaseChannel.API)
    except PermissionDenied as error:
        return Status(403, {"detail": str(error)})
    return Status(201, {"id": made.pk, "number": made.case.number, "status": made.status, "service": found.pk,
                        "submitted_at": made.submitted_at, "due_date": made.case.due_date})
