"""What the e-queue tells residents: a booking made or moved, cancelled by the office, the reminder the day
before, and the air-raid pause and resumption of the office they are booked at."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.cnap.models import Booking, BookingStatus, Office, Pause
from hromada.core.models.notifications import Channel
from hromada.core.notifications import RESIDENTS, notify, register_kind
from hromada.core.worklist import long_date

BOOKING = register_kind(
    "cnap.booking", label=gettext_lazy("ЦНАП bookings"), audience=RESIDENTS,
    default_channels={Channel.EMAIL, Channel.IN_APP},
    description=gettext_lazy("A booking made, moved or cancelled; a reminder the day before; an air-raid pause at "
                             "the office."),
)


def when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return _("%(day)s at %(time)s") % {"day": long_date(local.date()),
                                      "time": local.strftime("%H:%M")}


def _send(booking: Booking, subject: str, body: str, key: str) -> None:
    if booking.person is None:
        return
    notify(booking.person, BOOKING.key, hromada=booking.hromada, subject=subject, body=body,
           url=reverse("cnap-cabinet:index"), dedupe_key=f"cnap-booking:{booking.pk}:{key}")


def _load(booking_id: int) -> Booking:
    return Booking.objects.select_related("hromada", "person", "slot__office", "slot__window", "service").get(
        pk=booking_id)


def booked(booking_id: int, *, moved: bool = False) -> None:
    booking = _load(booking_id)
    context = {"service": booking.service.title, "office": booking.slot.office.name,
               "address": booking.slot.office.address, "when": when(booking.slot.starts_at),
               "window": booking.slot.window.number, "code": booking.code}
    body = (_("Your visit for «%(service)s» is moved to %(when)s, %(office)s (%(address)s), window %(window)s. "
              "Booking code: %(code)s.") if moved else
            _("You are booked for «%(service)s» on %(when)s, %(office)s (%(address)s), window %(window)s. Booking "
              "code: %(code)s — enter it at the kiosk when you arrive.")) % context
    key = f"moved:{booking.slot_id}" if moved else "booked"
    _send(booking, _("ЦНАП booking: %(when)s") % context, body, key)


def cancelled_by_office(booking_id: int, reason: str) -> None:
    booking = _load(booking_id)
    body = _("Your visit for «%(service)s» on %(when)s was cancelled by the ЦНАП: %(reason)s. Please book another "
             "time.") % {"service": booking.service.title, "when": when(booking.slot.starts_at),
                         "reason": reason or _("the office cannot receive at that time")}
    _send(booking, _("ЦНАП booking cancelled"), body, "cancelled")


def remind_tomorrow(now: datetime | None = None) -> int:
    """Remind everyone booked for tomorrow (the scheduler runs it each evening); once per booking."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    zone = timezone.get_default_timezone()
    lo = datetime.combine(tomorrow, time.min, tzinfo=zone)
    rows = (Booking.objects.filter(status=BookingStatus.BOOKED, reminded_at__isnull=True, slot__starts_at__gte=lo,
                                   slot__starts_at__lt=lo + timedelta(days=1))
            .select_related("hromada", "person", "slot__office", "slot__window", "service"))
    sent = 0
    for booking in rows.iterator(chunk_size=200):
        body = _("Reminder: tomorrow, %(when)s, «%(service)s» at %(office)s (%(address)s), window %(window)s. "
                 "Booking code: %(code)s. Cannot come? Cancel in your cabinet so someone else can take the time.") % {
            "when": when(booking.slot.starts_at), "service": booking.service.title,
            "office": booking.slot.office.name, "address": booking.slot.office.address,
            "window": booking.slot.window.number, "code": booking.code}
        _send(booking, _("ЦНАП visit tomorrow"), body, "reminder")
        Booking.objects.filter(pk=booking.pk).update(reminded_at=now)
        sent += 1
    return sent


def _booked_today(office: Office, after: datetime):
    end = datetime.combine(timezone.localtime(after).date() + timedelta(days=1), time.min,
                           tzinfo=timezone.get_default_timezone())
    return (Booking.objects.filter(slot__office=office, status__in=(BookingStatus.BOOKED, BookingStatus.ARRIVED),
                                   slot__starts_at__gte=after - timedelta(hours=2), slot__starts_at__lt=end)
            .select_related("hromada", "person", "slot", "service"))


def paused(office_id: int, pause_id: int) -> None:
    office, pause = Office.objects.get(pk=office_id), Pause.objects.get(pk=pause_id)
    for booking in _booked_today(office, pause.started_at):
        body = _("Air-raid alert: %(office)s has paused serving. Your place for «%(service)s» (%(when)s) is kept; "
                 "serving resumes in the same order after the alert. Go to a shelter.") % {
            "office": office.name, "service": booking.service.title, "when": when(booking.slot.starts_at)}
        _send(booking, _("ЦНАП: serving paused (air-raid alert)"), body, f"paused:{pause.pk}")


def resumed(office_id: int, pause_id: int) -> None:
    office, pause = Office.objects.get(pk=office_id), Pause.objects.get(pk=pause_id)
    for booking in _booked_today(office, pause.started_at):
        body = _("The alert is over: %(office)s serves again, in the same order. Your visit for «%(service)s» "
                 "(%(when)s) stands.") % {"office": office.name, "service": booking.service.title,
                                          "when": when(booking.slot.starts_at)}
        _send(booking, _("ЦНАП: serving resumed"), body, f"resumed:{pause.pk}")
