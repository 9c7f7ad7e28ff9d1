"""No double booking whatever arrives at once, on the real database (SQLite and PostgreSQL runs)."""

from __future__ import annotations

import pytest

from hromada.cnap.models import Booking, BookingStatus, Slot
from hromada.cnap.queue import booking, live
from tests.cnap.world import at, build_cnap, next_weekday
from tests.parallel import at_once
from tests.participation.world import build_town

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(hromada_a):
    town = build_town(hromada_a)
    cnap = build_cnap(hromada_a, town.staff("cnap_admin"))
    day = next_weekday(1)
    cnap.sync(day, days=0)
    return town, cnap, day


def test_many_people_one_slot_exactly_the_capacity(world):
    town, cnap, day = world
    slot = Slot.objects.get(office=cnap.office, window__number="1", starts_at=at(day, "10:00"))
    Slot.objects.filter(pk=slot.pk).update(capacity=2)
    people = town.crowd(10)
    results = at_once([lambda p=p: booking.book(hromada=cnap.hromada, user=p, slot_id=slot.pk,
                                                service_id=cnap.residence.pk) for p in people])
    made = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, booking.SlotTaken)]
    assert (len(made), len(refused)) == (2, 8), results
    assert Slot.objects.get(pk=slot.pk).booked == 2 == Booking.objects.filter(slot=slot).count()


def test_one_person_at_once_cannot_pass_the_monthly_limit(world):
    town, cnap, day = world
    cnap.hromada.settings = {"cnap.bookings_per_month": 1}
    cnap.hromada.save()
    person = town.person()
    slots = list(Slot.objects.filter(office=cnap.office, window__number="1", starts_at__date=day)[:6])
    results = at_once([lambda s=s: booking.book(hromada=cnap.hromada, user=person, slot_id=s.pk,
                                                service_id=cnap.residence.pk) for s in slots])
    assert sum(isinstance(r, Booking) for r in results) == 1, results
    assert all(isinstance(r, (Booking, booking.Refused)) for r in results), results
    assert Booking.objects.filter(person=person, status=BookingStatus.BOOKED).count() == 1
    assert sum(s.booked for s in Slot.objects.filter(pk__in=[s.pk for s in slots])) == 1


def test_tickets_issued_at_once_get_distinct_numbers(world):
    _town, cnap, _day = world
    results = at_once([lambda: live.issue(cnap.office, service=cnap.residence) for _ in range(8)])
    numbers = sorted(r.number for r in results)
    assert numbers == list(range(1, 9)), results
