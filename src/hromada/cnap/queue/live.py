"""The live queue of an office: tickets from the kiosk or the administrator, booked visitors checking in, the
operator's «call next», and the air-raid pause.

Order: the oldest ``queue_at`` first. A walk-in's place is the moment the ticket was issued; a booked visitor
who arrives in time keeps the slot's time, so they are called at their hour ahead of later walk-ins, and one
later than ``cnap.late_minutes`` joins the live queue at the moment of arrival (Cherkasy ЦНАП's rule). A ticket
redirected to another window keeps its place. During an air-raid alert no one is called; the order is
untouched, so serving resumes from the same position, and a booking whose time fell in the alert is not late.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.cnap.models import (
    Booking,
    BookingStatus,
    Office,
    Pause,
    QueueDay,
    Service,
    Ticket,
    TicketSource,
    TicketStatus,
    Window,
)
from hromada.core import audit
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry
from hromada.core.services import check_can

PURPOSES = ("consult", "submit", "collect")
CONSULTATION_MINUTES = 10  # a ticket without a service (a consultation, «not sure») in the wait estimate
ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)


def _today(now: datetime):
    return timezone.localtime(now).date()


def _next_number(office: Office, day) -> int:
    QueueDay.objects.get_or_create(office=office, day=day)
    row = QueueDay.objects.select_for_update().get(office=office, day=day)
    row.last_number += 1
    row.save(update_fields=["last_number"])
    return row.last_number


def issue(office: Office, *, service: Service | None = None, purpose: str = "submit", actor=None,
          source: str = TicketSource.KIOSK, now: datetime | None = None) -> Ticket:
    """A walk-in ticket (the kiosk's, or the administrator's at the desk)."""
    now = now or timezone.now()
    if source == TicketSource.ADMINISTRATOR:
        check_can(actor, office.hromada, "cnap.queue_operate")
    if purpose not in PURPOSES:
        raise ValidationError(_("Choose what you came for."))
    if service is not None and (service.hromada_id != office.hromada_id
                                or not service.offices.filter(pk=office.pk).exists()):
        raise ValidationError(_("This office does not provide the chosen service."))
    with transaction.atomic():
        number = _next_number(office, _today(now))
        ticket = Ticket.objects.create(
            hromada_id=office.hromada_id, office=office, day=_today(now), number=number,
            label=f"{office.ticket_prefix}-{number:03d}", service=service, purpose=purpose, source=source,
            queue_at=now, issued_at=now)
    return ticket


def _late_after(office: Office, booking: Booking) -> datetime:
    """Until when the booked visitor counts as on time: the slot's start plus the grace, moved past any air-raid
    pause that covered it."""
    grace = timedelta(minutes=int(get_setting(office.hromada, "cnap.late_minutes")))
    start = booking.slot.starts_at
    for pause in office.pauses.filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start), started_at__lte=start + grace):
        start = max(start, pause.ended_at or timezone.now())
    return start + grace


def check_in(office: Office, code: str, *, actor=None, now: datetime | None = None) -> Ticket:
    """A booked visitor arrives (the code at the kiosk, or the administrator finds the booking)."""
    now = now or timezone.now()
    code = "".join(ch for ch in str(code) if ch.isdigit())
    with transaction.atomic():
        booking = (Booking.objects.select_for_update().select_related("slot", "service")
                   .filter(hromada_id=office.hromada_id, code=code, status=BookingStatus.BOOKED,
                           slot__office=office).first())
        if booking is None:
            raise ValidationError(_("No booking with this code for this office is waiting. Check the code or "
                                    "take a ticket."))
        if _today(booking.slot.starts_at) != _today(now):
            raise ValidationError(_("This booking is for %(day)s, not today.")
                                  % {"day": timezone.localtime(booking.slot.starts_at).strftime("%d.%m.%Y")})
        late = now > _late_after(office, booking)
        number = _next_number(office, _today(now))
        ticket = Ticket.objects.create(
            hromada_id=office.hromada_id, office=office, day=_today(now), number=number,
            label=f"{office.ticket_prefix}-{number:03d}", service=booking.service, purpose="submit",
            booking=booking, source=TicketSource.BOOKING, queue_at=now if late else booking.slot.starts_at,
            issued_at=now)
        booking.status = BookingStatus.ARRIVED
        booking.save(update_fields=["status"])
    return ticket


def _window_for(office: Office, window_id: int) -> Window:
    window = Window.objects.filter(office=office, pk=window_id, is_active=True).first()
    if window is None:
        raise ValidationError(_("Choose a window of this office."))
    return window


def _check_not_paused(office: Office) -> None:
    if Office.objects.filter(pk=office.pk, paused_since__isnull=False).exists():
        raise ValidationError(_("Serving is paused: air-raid alert. Continue when it ends."))


def _pause_overlap(office: Office, start: datetime, end: datetime) -> int:
    seconds = 0
    for pause in office.pauses.filter(started_at__lt=end).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start)):
        lo, hi = max(pause.started_at, start), min(pause.ended_at or end, end)
        seconds += max(int((hi - lo).total_seconds()), 0)
    return seconds


def waiting(office: Office, day) -> Q:
    return Q(office=office, day=day, status=TicketStatus.WAITING)


def estimated_wait(office: Office, ticket: Ticket) -> int | None:
    """Minutes until the ticket is likely called: the usual window time of the services of the tickets ahead,
    shared by the active windows that serve the ticket's service (None while the office is paused)."""
    if office.paused_since is not None:
        return None
    windows = office.windows.filter(is_active=True)
    if ticket.service_id:
        windows = windows.filter(services__id=ticket.service_id)
    count = windows.distinct().count()
    if not count:
        return None
    durations = Ticket.objects.filter(waiting(office, ticket.day), queue_at__lt=ticket.queue_at).values_list(
        "service__duration_minutes", flat=True)
    return round(sum(d or CONSULTATION_MINUTES for d in durations) / count)


def call_next(office: Office, window_id: int, *, actor, now: datetime | None = None) -> Ticket | None:
    """Call the next visitor this window can serve: tickets redirected to it first, then by place in the queue.
    Returns None when no one is waiting for it."""
    now = now or timezone.now()
    check_can(actor, office.hromada, "cnap.queue_operate")
    window = _window_for(office, window_id)
    with transaction.atomic():
        _check_not_paused(office)
        if Ticket.objects.filter(window=window, status__in=ACTIVE).exists():
            raise ValidationError(_("Finish the visitor at this window first."))
        skills = list(window.services.values_list("pk", flat=True))
        base = Ticket.objects.filter(waiting(office, _today(now)), queue_at__lte=now).filter(
            Q(service__isnull=True) | Q(service_id__in=skills)).filter(Q(window__isnull=True) | Q(window=window))
        locking = {"skip_locked": True} if connection.vendor == "postgresql" else {}
        # A ticket redirected to this very window goes first, then the queue's order.
        targeted = base.filter(window=window).select_for_update(**locking).order_by("queue_at", "number").first()
        ticket = targeted or base.select_for_update(**locking).order_by("queue_at", "number").first()
        if ticket is None:
            return None
        ticket.status, ticket.window, ticket.called_at, ticket.operator = TicketStatus.CALLED, window, now, actor
        ticket.paused_seconds = _pause_overlap(office, max(ticket.queue_at, ticket.issued_at), now)
        ticket.save(update_fields=["status", "window", "called_at", "operator", "paused_seconds"])
    return ticket


def _own(office: Office, ticket_id: int, *states) -> Ticket:
    ticket = Ticket.objects.select_for_update().filter(office=office, pk=ticket_id).first()
    if ticket is None or (states and ticket.status not in states):
        raise ValidationError(_("This ticket is not at this stage any more."))
    return ticket


def start(office: Office, ticket_id: int, *, actor, now: datetime | None = None) -> Ticket:
    check_can(actor, office.hromada, "cnap.queue_operate")
    with transaction.atomic():
        ticket = _own(office, ticket_id, TicketStatus.CALLED)
        ticket.status, ticket.started_at = TicketStatus.SERVING, now or timezone.now()
        ticket.save(update_fields=["status", "started_at"])
    return ticket


def complete(office: Office, ticket_id: int, *, actor, now: datetime | None = None) -> Ticket:
    now = now or timezone.now()
    check_can(actor, office.hromada, "cnap.queue_operate")
    with transaction.atomic():
        ticket = _own(office, ticket_id, *ACTIVE)
        ticket.status, ticket.finished_at = TicketStatus.DONE, now
        ticket.started_at = ticket.started_at or ticket.called_at
        ticket.save(update_fields=["status", "finished_at", "started_at"])
        if ticket.booking_id:
            Booking.objects.filter(pk=ticket.booking_id).update(status=BookingStatus.SERVED)
    return ticket


def no_show(office: Office, ticket_id: int, *, actor, now: datetime | None = None) -> Ticket:
    """The called visitor did not come to the window."""
    check_can(actor, office.hromada, "cnap.queue_operate")
    with transaction.atomic():
        ticket = _own(office, ticket_id, TicketStatus.CALLED)
        ticket.status, ticket.finished_at = TicketStatus.NO_SHOW, now or timezone.now()
        ticket.save(update_fields=["status", "finished_at"])
    return ticket


def redirect(office: Office, ticket_id: int, to_window_id: int, *, actor, service: Service | None = None) -> Ticket:
    """Send the visitor to another window (another service); they keep their place in the queue."""
    check_can(actor, office.hromada, "cnap.queue_operate")
    target = _window_for(office, to_window_id)
    with transaction.atomic():
        ticket = _own(office, ticket_id, *ACTIVE)
        if target.pk == ticket.window_id:
            raise ValidationError(_("Choose another window."))
        ticket.redirected_from, ticket.window = ticket.window, target
        ticket.status, ticket.called_at, ticket.started_at = TicketStatus.WAITING, None, None
        if service is not None:
            ticket.service = service
        ticket.save(update_fields=["redirected_from", "window", "status", "called_at", "started_at", "service"])
    return ticket


def pause(office: Office, *, actor, now: datetime | None = None) -> Pause:
    """Air-raid alert: stop calling; the queue keeps its order."""
    now = now or timezone.now()
    check_can(actor, office.hromada, "cnap.queue_operate")
    with transaction.atomic():
        locked = Office.objects.select_for_update().get(pk=office.pk)
        if locked.paused_since is not None:
            raise ValidationError(_("The office is already paused for an air-raid alert."))
        locked.paused_since = now
        locked.save(update_fields=["paused_since"])
        record = Pause.objects.create(office=locked, started_at=now, started_by=actor)
        audit.record(AuditEntry.Action.UPDATE, locked, actor=actor, hromada=locked.hromada,
                     changes={"air_raid_pause": [None, now.isoformat()]})
    office.paused_since = now
    from hromada.cnap.queue import notices

    transaction.on_commit(lambda: notices.paused(office.pk, record.pk))
    return record


def resume(office: Office, *, actor, now: datetime | None = None) -> Pause:
    now = now or timezone.now()
    check_can(actor, office.hromada, "cnap.queue_operate")
    with transaction.atomic():
        locked = Office.objects.select_for_update().get(pk=office.pk)
        record = Pause.objects.filter(office=locked, ended_at__isnull=True).first()
        if locked.paused_since is None or record is None:
            raise ValidationError(_("The office is not paused."))
        locked.paused_since = None
        locked.save(update_fields=["paused_since"])
        record.ended_at, record.ended_by = now, actor
        record.save(update_fields=["ended_at", "ended_by"])
        audit.record(AuditEntry.Action.UPDATE, locked, actor=actor, hromada=locked.hromada,
                     changes={"air_raid_pause": [record.started_at.isoformat(), now.isoformat()]})
    office.paused_since = None
    from hromada.cnap.queue import notices

    transaction.on_commit(lambda: notices.resumed(office.pk, record.pk))
    return record
