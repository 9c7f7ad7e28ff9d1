"""Reads of the e-queue, scoped to one hromada."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from hromada.cnap.models import Booking, BookingStatus, Office, Slot, Ticket, TicketStatus, Window


def day_bounds(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


def free_slots(hromada, *, service_id: int, day: date, office_id: int | None = None,
               now: datetime | None = None) -> QuerySet[Slot]:
    """Slots of the day with a free seat, at windows that serve the service, in offices that provide it."""
    now = now or timezone.now()
    lo, hi = day_bounds(day)
    qs = Slot.objects.filter(hromada=hromada, starts_at__gte=max(lo, now), starts_at__lt=hi,
                             booked__lt=F("capacity"), office__is_active=True, window__is_active=True,
                             window__services__id=service_id, office__services__id=service_id)
    if office_id:
        qs = qs.filter(office_id=office_id)
    return qs.select_related("office", "window").order_by("starts_at", "office__order", "window__number")


def first_free_day(hromada, *, service_id: int, until: date, office_id: int | None = None) -> date | None:
    """The first day up to ``until`` that has a free time for the service (one indexed read)."""
    now = timezone.now()
    _lo, hi = day_bounds(until)
    qs = Slot.objects.filter(hromada=hromada, starts_at__gte=now, starts_at__lt=hi, booked__lt=F("capacity"),
                             office__is_active=True, window__is_active=True, window__services__id=service_id,
                             office__services__id=service_id)
    if office_id:
        qs = qs.filter(office_id=office_id)
    first = qs.order_by("starts_at").values_list("starts_at", flat=True).first()
    return timezone.localtime(first).date() if first else None


def by_time(slots) -> list[dict]:
    """Free slots grouped per office and start (one choice per time, whatever the number of windows)."""
    groups: dict[tuple, dict] = {}
    for slot in slots:
        key = (slot.office_id, slot.starts_at)
        group = groups.setdefault(key, {"office": slot.office, "starts_at": slot.starts_at, "slot": slot,
                                        "available": 0})
        group["available"] += slot.available
    return list(groups.values())


def own_bookings(hromada, user, *, upcoming_only: bool = False) -> QuerySet[Booking]:
    qs = Booking.objects.filter(hromada=hromada, person=user).select_related("slot__office", "slot__window",
                                                                              "service")
    if upcoming_only:
        qs = qs.filter(status=BookingStatus.BOOKED, slot__starts_at__gte=timezone.now())
    return qs.order_by("-slot__starts_at")


def own_booking(hromada, user, pk: int) -> Booking:
    found = own_bookings(hromada, user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def day_bookings(office: Office, day: date) -> QuerySet[Booking]:
    lo, hi = day_bounds(day)
    return (Booking.objects.filter(slot__office=office, slot__starts_at__gte=lo, slot__starts_at__lt=hi)
            .exclude(status=BookingStatus.CANCELLED).select_related("slot__window", "service", "ticket")
            .order_by("slot__starts_at", "slot__window__number"))


def windows(office: Office) -> QuerySet[Window]:
    return office.windows.filter(is_active=True).prefetch_related("services")


def board(office: Office, day: date, *, shown: int = 8) -> dict:
    """What the hall's board shows: the visitors called now (ticket → window) and how many wait."""
    today = Ticket.objects.filter(office=office, day=day)
    called = list(today.filter(status__in=(TicketStatus.CALLED, TicketStatus.SERVING)).select_related("window")
                  .order_by("-called_at")[:shown])
    return {"called": called, "waiting": today.filter(status=TicketStatus.WAITING).count()}


def queue(office: Office, day: date, *, limit: int = 50) -> QuerySet[Ticket]:
    return (Ticket.objects.filter(office=office, day=day, status=TicketStatus.WAITING)
            .select_related("service", "window").order_by("queue_at", "number")[:limit])


def at_window(window: Window) -> Ticket | None:
    return (Ticket.objects.filter(window=window, status__in=(TicketStatus.CALLED, TicketStatus.SERVING))
            .select_related("service", "booking").first())
