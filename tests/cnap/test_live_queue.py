"""The live queue: walk-ins in order, booked visitors at their hour, late ones in the live queue, skills and
redirects, and the air-raid pause that keeps the order and leaves the day's waiting figures clean."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hromada.cnap.models import BookingStatus, Pause, Slot, TicketStatus
from hromada.cnap.queue import booking, figures, live
from tests.cnap.world import at, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cnap):
    d = next_weekday(1)
    cnap.sync(d, days=0)
    return d


def _window(cnap, number):
    return next(w for w in cnap.windows if w.number == number)


def _call(cnap, number, now):
    return live.call_next(cnap.office, _window(cnap, number).pk, actor=cnap.admin, now=now)


def _serve(cnap, ticket, now):
    live.complete(cnap.office, ticket.pk, actor=cnap.admin, now=now)


def test_walk_ins_are_called_in_order_with_numbered_tickets(cnap, day):
    first = live.issue(cnap.office, service=cnap.residence, now=at(day, "08:01"))
    second = live.issue(cnap.office, service=cnap.residence, now=at(day, "08:02"))
    assert (first.label, second.label) == ("А-001", "А-002")
    assert _call(cnap, "1", at(day, "08:05")) == first
    assert _call(cnap, "2", at(day, "08:05")) == second
    assert _call(cnap, "6", at(day, "08:05")) is None
    with pytest.raises(ValidationError):
        _call(cnap, "1", at(day, "08:06"))  # window 1 has a visitor still


def test_a_window_calls_only_the_services_it_serves(cnap, day):
    land = live.issue(cnap.office, service=cnap.land, now=at(day, "08:01"))
    residence = live.issue(cnap.office, service=cnap.residence, now=at(day, "08:02"))
    assert _call(cnap, "1", at(day, "08:05")) == residence
    assert _call(cnap, "5", at(day, "08:05")) == land


def test_a_booked_visitor_on_time_goes_at_the_hour_a_late_one_joins_the_live_queue(cnap, town, day):
    slot = Slot.objects.get(window__number="1", starts_at=at(day, "09:00"))
    late_slot = Slot.objects.get(window__number="2", starts_at=at(day, "09:00"))
    on_time = booking.book(hromada=cnap.hromada, user=town.person(), slot_id=slot.pk, service_id=cnap.residence.pk)
    late = booking.book(hromada=cnap.hromada, user=town.person(), slot_id=late_slot.pk,
                        service_id=cnap.residence.pk)
    walk_in = live.issue(cnap.office, service=cnap.residence, now=at(day, "08:50"))
    booked_ticket = live.check_in(cnap.office, on_time.code, now=at(day, "08:55"))
    late_ticket = live.check_in(cnap.office, late.code, now=at(day, "09:10"))  # 10 minutes late (grace 5)
    assert booked_ticket.queue_at == at(day, "09:00") and late_ticket.queue_at == at(day, "09:10")
    assert _call(cnap, "1", at(day, "08:56")) == walk_in  # the booking's hour has not come
    _serve(cnap, walk_in, at(day, "09:05"))
    assert _call(cnap, "1", at(day, "09:11")) == booked_ticket
    assert _call(cnap, "2", at(day, "09:11")) == late_ticket
    assert booking.Booking.objects.get(pk=on_time.pk).status == BookingStatus.ARRIVED
    with pytest.raises(ValidationError):
        live.check_in(cnap.office, on_time.code, now=at(day, "09:12"))  # checked in already


def test_a_redirected_visitor_keeps_the_place_and_goes_to_that_window_first(cnap, day):
    first = live.issue(cnap.office, service=cnap.residence, now=at(day, "08:01"))
    live.issue(cnap.office, service=cnap.land, now=at(day, "08:02"))
    assert _call(cnap, "1", at(day, "08:05")) == first
    live.redirect(cnap.office, first.pk, _window(cnap, "5").pk, actor=cnap.admin, service=cnap.land)
    assert _call(cnap, "5", at(day, "08:20")) == first


def test_the_air_raid_pause_stops_calls_keeps_the_order_and_the_figures_leave_it_out(cnap, town, day):
    slot = Slot.objects.get(window__number="1", starts_at=at(day, "10:00"))
    made = booking.book(hromada=cnap.hromada, user=town.person(), slot_id=slot.pk, service_id=cnap.residence.pk)
    a = live.issue(cnap.office, service=cnap.residence, now=at(day, "09:40"))
    b = live.issue(cnap.office, service=cnap.residence, now=at(day, "09:45"))
    live.pause(cnap.office, actor=cnap.admin, now=at(day, "09:50"))
    with pytest.raises(ValidationError):
        _call(cnap, "1", at(day, "10:00"))
    with pytest.raises(ValidationError):
        live.pause(cnap.office, actor=cnap.admin, now=at(day, "10:01"))
    c = live.issue(cnap.office, service=cnap.residence, now=at(day, "10:20"))  # a ticket taken in the shelter
    live.resume(cnap.office, actor=cnap.admin, now=at(day, "10:40"))
    # The booked visitor comes after the alert: the 10:00 time fell in it, so they are not late.
    booked = live.check_in(cnap.office, made.code, now=at(day, "10:43"))
    order = []
    for minute in ("10:44", "10:45", "10:46", "10:47"):
        ticket = _call(cnap, "1", at(day, minute))
        order.append(ticket)
        _serve(cnap, ticket, at(day, minute))
    assert order == [a, b, booked, c]
    served_a = live.Ticket.objects.get(pk=a.pk)
    assert served_a.paused_seconds == 50 * 60  # 09:50–10:40
    stats = figures.day(cnap.office, day)
    assert (stats["tickets"], stats["served"], stats["paused_minutes"]) == (4, 4, 50)
    # a: 64 min from issue to call, less the 50 of the alert = 14; b: 60 - 50 = 10; booked: 3 (arrived 10:43);
    # c: 27 - 20 = 7.
    assert stats["median_wait"] == 8.5
    assert live.Ticket.objects.get(pk=booked.pk).paused_seconds == 0
    pause = Pause.objects.get(office=cnap.office)
    assert (pause.started_at, pause.ended_at) == (at(day, "09:50"), at(day, "10:40"))


def test_no_show_at_the_window_and_only_operators_run_the_queue(cnap, town, day):
    ticket = live.issue(cnap.office, service=cnap.residence, now=at(day, "08:01"))
    with pytest.raises(PermissionDenied):
        live.call_next(cnap.office, _window(cnap, "1").pk, actor=town.person(), now=at(day, "08:02"))
    _call(cnap, "1", at(day, "08:02"))
    live.no_show(cnap.office, ticket.pk, actor=cnap.admin, now=at(day, "08:05"))
    assert live.Ticket.objects.get(pk=ticket.pk).status == TicketStatus.NO_SHOW
    with pytest.raises(PermissionDenied):
        live.pause(cnap.office, actor=town.person())
