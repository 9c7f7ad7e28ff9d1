"""Online booking: the seat is taken or refused cleanly, the monthly limit counts cancellations, no-shows block
until a personal visit, only verified residents book, the horizon opens a day at the set hour, and another
hromada's slots are not there."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hromada.cnap.models import Booking, BookingStatus, Slot
from hromada.cnap.queue import booking
from tests.cnap.world import at, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def monday(cnap):
    day = next_weekday(0)
    cnap.sync(day, days=0)
    return day


def _slot(cnap, day, hhmm="09:00", window="1"):
    return Slot.objects.get(office=cnap.office, window__number=window, starts_at=at(day, hhmm))


def _book(cnap, person, slot, service=None):
    return booking.book(hromada=cnap.hromada, user=person, slot_id=slot.pk, service_id=(service or cnap.residence).pk)


def test_a_verified_resident_books_and_the_seat_is_taken(cnap, town, monday):
    person, slot = town.person(), _slot(cnap, monday)
    made = _book(cnap, person, slot)
    slot.refresh_from_db()
    assert (slot.booked, made.status, made.service, len(made.code)) == (1, BookingStatus.BOOKED, cnap.residence, 6)
    assert made.name == person.full_name
    with pytest.raises(booking.SlotTaken) as taken:
        _book(cnap, town.person(), slot)
    assert taken.value.status == 409 and taken.value.message == "Цей час щойно зайняли. Оберіть інший."
    assert Booking.objects.count() == 1 and Slot.objects.get(pk=slot.pk).booked == 1


def test_cancelling_frees_the_seat_but_still_counts_towards_the_month(cnap, town, monday):
    cnap.hromada.settings = {"cnap.bookings_per_month": 2}
    cnap.hromada.save()
    person = town.person()
    first = _book(cnap, person, _slot(cnap, monday, "09:00"))
    booking.cancel(hromada=cnap.hromada, user=person, booking_id=first.pk)
    assert _slot(cnap, monday, "09:00").booked == 0
    _book(cnap, person, _slot(cnap, monday, "09:15"))
    with pytest.raises(booking.Refused) as refused:
        _book(cnap, person, _slot(cnap, monday, "09:30"))
    assert refused.value.status == 400 and "ви вже зробили 2 онлайн-записи" in refused.value.message
    assert Booking.objects.filter(person=person).count() == 2


def test_moving_keeps_the_booking_and_spends_no_limit(cnap, town, monday):
    cnap.hromada.settings = {"cnap.bookings_per_month": 1}
    cnap.hromada.save()
    person = town.person()
    made = _book(cnap, person, _slot(cnap, monday, "09:00"))
    moved = booking.move(hromada=cnap.hromada, user=person, booking_id=made.pk,
                         slot_id=_slot(cnap, monday, "14:00", window="2").pk)
    assert moved.pk == made.pk and moved.slot.starts_at == at(monday, "14:00")
    assert (_slot(cnap, monday, "09:00").booked, _slot(cnap, monday, "14:00", window="2").booked) == (0, 1)


def test_no_shows_block_online_booking_until_staff_unblock(cnap, town, monday):
    cnap.hromada.settings = {"cnap.no_show_limit": 2}
    cnap.hromada.save()
    person = town.person()
    for hhmm in ("09:00", "09:15"):
        made = _book(cnap, person, _slot(cnap, monday, hhmm))
        Booking.objects.filter(pk=made.pk).update(status=BookingStatus.NO_SHOW)
    with pytest.raises(booking.NotAllowed) as refused:
        _book(cnap, person, _slot(cnap, monday, "10:00"))
    assert refused.value.status == 403 and "після 2 пропущених візитів" in refused.value.message
    assert booking.unblock(hromada=cnap.hromada, actor=cnap.admin, person=person) == 2
    _book(cnap, person, _slot(cnap, monday, "10:00"))


def test_missed_visits_of_past_days_become_no_shows(cnap, town, monday):
    made = _book(cnap, town.person(), _slot(cnap, monday))
    assert booking.mark_no_shows(now=at(monday, "18:00")) == 0  # the day is not over
    assert booking.mark_no_shows(now=at(monday + timedelta(days=1), "00:30")) == 1
    assert Booking.objects.get(pk=made.pk).status == BookingStatus.NO_SHOW


def test_only_verified_residents_book(cnap, town, monday):
    with pytest.raises(booking.NotAllowed) as refused:
        _book(cnap, town.unverified(), _slot(cnap, monday))
    assert "не верифіковано" in refused.value.message
    assert _slot(cnap, monday).booked == 0


def test_a_time_not_offered_for_the_service_or_past_or_beyond_the_horizon(cnap, town, monday):
    person = town.person()
    with pytest.raises(booking.Refused, match="не пропонується для обраної послуги"):
        _book(cnap, person, _slot(cnap, monday, window="5"))  # the registrar's window serves land only
    with pytest.raises(booking.Refused, match="уже минув"):
        booking.book(hromada=cnap.hromada, user=person, slot_id=_slot(cnap, monday).pk,
                     service_id=cnap.residence.pk, now=at(monday, "09:30"))
    cnap.hromada.settings = {"cnap.booking_days_ahead": 1, "cnap.booking_opens_hour": 6}
    cnap.hromada.save()
    before_opening = at(monday - timedelta(days=1), "05:59")
    with pytest.raises(booking.Refused, match="ще не відкрито"):
        booking.book(hromada=cnap.hromada, user=person, slot_id=_slot(cnap, monday).pk,
                     service_id=cnap.residence.pk, now=before_opening)
    assert booking.horizon(cnap.hromada, at(monday - timedelta(days=1), "06:00")) == monday
    assert not Booking.objects.exists()


def test_cancelling_closes_an_hour_before(cnap, town, monday):
    person = town.person()
    made = _book(cnap, person, _slot(cnap, monday))
    with pytest.raises(booking.Refused, match="за 60 хвилин до"):
        booking.cancel(hromada=cnap.hromada, user=person, booking_id=made.pk, now=at(monday, "08:30"))
    assert Booking.objects.get(pk=made.pk).status == BookingStatus.BOOKED


def test_another_hromadas_slot_or_booking_is_not_there(cnap, town, monday, hromada_b):
    from django.http import Http404

    from tests.cnap.world import build_cnap
    from tests.participation.world import build_town

    other = build_town(hromada_b)
    theirs = build_cnap(hromada_b, other.staff("cnap_admin"))
    theirs.sync(monday, days=0)
    foreign = Slot.objects.filter(office=theirs.office, window__number="1").first()
    with pytest.raises(booking.Refused, match="Такого часу для запису немає"):
        _book(cnap, town.person(), foreign)
    their_booking = _book(theirs, other.person(), foreign, service=theirs.residence)
    with pytest.raises(Http404):
        booking.cancel(hromada=cnap.hromada, user=town.person(), booking_id=their_booking.pk)
    assert Booking.objects.get(pk=their_booking.pk).status == BookingStatus.BOOKED
