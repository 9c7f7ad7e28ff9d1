"""Online booking of a slot: the rules (horizon, monthly limit, no-show block, eligibility) and the one write
that makes double booking impossible.

The seat is taken by ``UPDATE slot SET booked = booked + 1 WHERE id = … AND booked < capacity``: PostgreSQL
re-checks the condition on the row it has locked and SQLite runs writers one at a time, so of any number of
parallel requests for a slot's last seat exactly one updates a row; the others get 0 rows and a 409. The
database's CHECK (booked <= capacity) is the second guard. A person's own bookings are counted under a lock on
their account row, so two parallel requests of one person cannot both pass the monthly limit.
"""

from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.accounts import eligibility
from hromada.cnap.models import Booking, BookingStatus, Service, Slot
from hromada.core import audit
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry

CODE_DIGITS = 6


class Refused(Exception):
    """A booking rule refused the request; ``status`` is the HTTP answer (400, 403, 409)."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SlotTaken(Refused):
    status = 409


class NotAllowed(Refused):
    status = 403


def horizon(hromada, now: datetime | None = None):
    """The last day open for booking now: N days ahead once the day's opening hour has passed, else N - 1."""
    local = timezone.localtime(now or timezone.now())
    days = int(get_setting(hromada, "cnap.booking_days_ahead"))
    if local.hour < int(get_setting(hromada, "cnap.booking_opens_hour")):
        days -= 1
    return local.date() + timedelta(days=days)


def month_start(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    return datetime.combine(local.date().replace(day=1), time.min, tzinfo=local.tzinfo)


def bookings_this_month(hromada, person, now: datetime | None = None) -> int:
    """Bookings the person made this calendar month, cancelled ones included (they count, as in «Е-запис»)."""
    return Booking.objects.filter(hromada=hromada, person=person, created_at__gte=month_start(now)).count()


def no_shows(hromada, person) -> int:
    return Booking.objects.filter(hromada=hromada, person=person, status=BookingStatus.NO_SHOW,
                                  no_show_forgiven=False).count()


def is_blocked(hromada, person) -> bool:
    return no_shows(hromada, person) >= int(get_setting(hromada, "cnap.no_show_limit"))


def check_rules(hromada, person, *, now=None) -> None:
    """The person's own limits; raises Refused naming the rule."""
    limit = int(get_setting(hromada, "cnap.no_show_limit"))
    if no_shows(hromada, person) >= limit:
        raise NotAllowed(ngettext(
            "Online booking is blocked after %(n)s missed visit. Come to the ЦНАП in person to have it unblocked.",
            "Online booking is blocked after %(n)s missed visits. Come to the ЦНАП in person to have it unblocked.",
            limit) % {"n": limit})
    per_month = int(get_setting(hromada, "cnap.bookings_per_month"))
    if bookings_this_month(hromada, person, now) >= per_month:
        raise Refused(ngettext(
            "You have made %(n)s online booking this month, the most allowed (cancelled ones count). Take a ticket "
            "at the office or book next month.",
            "You have made %(n)s online bookings this month, the most allowed (cancelled ones count). Take a ticket "
            "at the office or book next month.", per_month) % {"n": per_month})


def _new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def _person_name(user) -> str:
    return (user.full_name or "").strip() or str(user)


def book(*, hromada, user, slot_id: int, service_id: int, now: datetime | None = None) -> Booking:
    """Book a seat of the slot for the service; Refused (400/403/409) names the rule that stops it."""
    now = now or timezone.now()
    decision = eligibility.check(user, hromada, "book")
    if not decision:
        raise NotAllowed(decision.reason)
    slot = Slot.objects.filter(hromada=hromada, pk=slot_id).select_related("window", "office").first()
    service = Service.objects.filter(hromada=hromada, pk=service_id, is_active=True, card__isnull=False).first()
    if slot is None or not slot.office.is_active:
        raise Refused(_("There is no such time to book."))
    if service is None:
        raise Refused(_("There is no such service in the catalogue."))
    if slot.starts_at <= now:
        raise Refused(_("This time has passed; choose a later one."))
    if timezone.localtime(slot.starts_at).date() > horizon(hromada, now):
        raise Refused(_("Booking for this day is not open yet."))
    if not slot.window.services.filter(pk=service.pk).exists():
        raise Refused(_("This time is not offered for the chosen service; choose a time offered for it."))
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one person, one at a time
        check_rules(hromada, user, now=now)
        if Booking.objects.filter(slot=slot, person=user, status=BookingStatus.BOOKED).exists():
            raise SlotTaken(_("You have booked this time already."))
        if not Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
            raise SlotTaken(_("This time has just been taken. Choose another one."))
        booking = _insert(hromada, slot, service, user)
        audit.record(AuditEntry.Action.CREATE, booking, actor=user, hromada=hromada,
                     changes={"slot": [None, slot.starts_at.isoformat()], "service": [None, service.title]})
    from hromada.cnap.queue import notices

    transaction.on_commit(lambda: notices.booked(booking.pk))
    return booking


def _insert(hromada, slot: Slot, service: Service, user) -> Booking:
    for _attempt in range(8):
        try:
            with transaction.atomic():
                return Booking.objects.create(hromada=hromada, slot=slot, service=service, person=user,
                                              name=_person_name(user), code=_new_code())
        except IntegrityError as error:
            if "code" not in str(error) and "cnap_booking_code" not in str(error):
                raise
    raise RuntimeError("no free booking code")


def _check_changeable(booking: Booking, now: datetime) -> None:
    if booking.status != BookingStatus.BOOKED:
        raise Refused(_("This booking is no longer active."))
    minutes = int(get_setting(booking.hromada, "cnap.cancel_until_minutes"))
    if booking.slot.starts_at - timedelta(minutes=minutes) <= now:
        raise Refused(ngettext("A booking can be changed until %(n)s minute before its time.",
                               "A booking can be changed until %(n)s minutes before its time.", minutes)
                      % {"n": minutes})


def _locked_own(hromada, user, booking_id: int, *, staff: bool = False) -> Booking:
    qs = Booking.objects.select_for_update().filter(hromada=hromada, pk=booking_id)
    if not staff:
        qs = qs.filter(person=user)
    booking = qs.first()
    if booking is None:
        from django.http import Http404

        raise Http404
    booking.slot = Slot.objects.get(pk=booking.slot_id)
    return booking


def cancel(*, hromada, user, booking_id: int, staff: bool = False, reason: str = "",
           now: datetime | None = None) -> Booking:
    """Cancel a booking (the resident's own, or by staff); the seat is free again at once."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_own(hromada, user, booking_id, staff=staff)
        if staff:
            if booking.status != BookingStatus.BOOKED:
                raise Refused(_("This booking is no longer active."))
        else:
            _check_changeable(booking, now)
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, now
        booking.save(update_fields=["status", "cancelled_at"])
        Slot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
        audit.record(AuditEntry.Action.UPDATE, booking, actor=user, hromada=hromada,
                     changes={"status": ["booked", "cancelled"]} | ({"reason": [None, reason]} if reason else {}))
    if staff:
        from hromada.cnap.queue import notices

        transaction.on_commit(lambda: notices.cancelled_by_office(booking.pk, reason))
    return booking


def move(*, hromada, user, booking_id: int, slot_id: int, now: datetime | None = None) -> Booking:
    """Move one's booking to another time for the same service (not a new booking: the limit is not spent)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked_own(hromada, user, booking_id)
        _check_changeable(booking, now)
        slot = Slot.objects.filter(hromada=hromada, pk=slot_id).select_related("window", "office").first()
        if slot is None or not slot.office.is_active:
            raise Refused(_("There is no such time to book."))
        if slot.starts_at <= now:
            raise Refused(_("This time has passed; choose a later one."))
        if timezone.localtime(slot.starts_at).date() > horizon(hromada, now):
            raise Refused(_("Booking for this day is not open yet."))
        if not slot.window.services.filter(pk=booking.service_id).exists():
            raise Refused(_("This time is not offered for the chosen service; choose a time offered for it."))
        if slot.pk == booking.slot_id:
            return booking
        if not Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
            raise SlotTaken(_("This time has just been taken. Choose another one."))
        Slot.objects.filter(pk=booking.slot_id, booked__gt=0).update(booked=F("booked") - 1)
        old = booking.slot.starts_at
        booking.slot = slot
        booking.save(update_fields=["slot"])
        audit.record(AuditEntry.Action.UPDATE, booking, actor=user, hromada=hromada,
                     changes={"slot": [old.isoformat(), slot.starts_at.isoformat()]})
    from hromada.cnap.queue import notices

    transaction.on_commit(lambda: notices.booked(booking.pk, moved=True))
    return booking


def unblock(*, hromada, actor, person) -> int:
    """Lift the no-show block after a personal visit (staff); returns how many no-shows stop counting."""
    from hromada.core.services import check_can

    check_can(actor, hromada, "cnap.queue_operate")
    with transaction.atomic():
        count = Booking.objects.filter(hromada=hromada, person=person, status=BookingStatus.NO_SHOW,
                                       no_show_forgiven=False).update(no_show_forgiven=True)
        audit.record(AuditEntry.Action.UPDATE, person, actor=actor, hromada=hromada,
                     changes={"cnap_no_shows_forgiven": [None, count]})
    return count


def mark_no_shows(*, now: datetime | None = None) -> int:
    """Bookings whose day has ended with no arrival become no-shows (run nightly by the scheduler)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    start_of_today = datetime.combine(today, time.min, tzinfo=timezone.get_default_timezone())
    ids = list(Booking.objects.filter(status=BookingStatus.BOOKED, slot__starts_at__lt=start_of_today)
               .values_list("pk", flat=True)[:5000])
    return Booking.objects.filter(pk__in=ids, status=BookingStatus.BOOKED).update(status=BookingStatus.NO_SHOW)


def validation_error(error: Refused) -> ValidationError:
    return ValidationError(error.message)
