"""The offices' reception and the slots it gives: hours minus the break, Saturdays, public holidays and the
hromada's days off from the core calendar, an office's own closed days, the mobile office's visiting days."""

from __future__ import annotations

from datetime import date, time

import pytest

from hromada.cnap.models import Booking, Office, OfficeDay, OfficeKind, Slot
from hromada.cnap.queue.schedule import reception, sync_slots
from hromada.core.models import CalendarException
from tests.cnap.world import at

pytestmark = pytest.mark.django_db

MONDAY, WEDNESDAY, SATURDAY, SUNDAY = date(2027, 3, 1), date(2027, 3, 3), date(2027, 3, 6), date(2027, 3, 7)


def _starts(office, day):
    return [s.starts_at for s in Slot.objects.filter(office=office, starts_at__date=day, window=office.windows.get(
        number="1")).order_by("starts_at")]


def test_a_weekday_is_split_by_the_break_and_wednesday_runs_late(cnap):
    assert reception(cnap.office, MONDAY) == [(at(MONDAY, "08:00"), at(MONDAY, "12:00")),
                                              (at(MONDAY, "13:00"), at(MONDAY, "17:00"))]
    assert reception(cnap.office, WEDNESDAY) == [(at(WEDNESDAY, "08:00"), at(WEDNESDAY, "20:00"))]
    assert reception(cnap.office, SATURDAY) == [(at(SATURDAY, "08:00"), at(SATURDAY, "15:00"))]
    assert reception(cnap.office, SUNDAY) == []


def test_slots_follow_the_hours_per_bookable_window(cnap):
    sync_slots(cnap.office, MONDAY, MONDAY)
    starts = _starts(cnap.office, MONDAY)
    assert len(starts) == 32 and starts[0] == at(MONDAY, "08:00") and starts[-1] == at(MONDAY, "16:45")
    assert at(MONDAY, "12:00") not in starts and at(MONDAY, "12:45") not in starts
    # Windows 1, 2 and the registrar's 5 take bookings; window 6 serves the live queue only.
    assert Slot.objects.filter(office=cnap.office, starts_at__date=MONDAY).count() == 32 * 3
    assert not Slot.objects.filter(window__number="6").exists()


def test_a_public_holiday_closes_the_office_unless_martial_law_makes_it_a_working_day(cnap):
    independence_day = date(2027, 8, 24)  # a Tuesday
    cnap.hromada.settings = {"calendar.martial_law": "off"}
    cnap.hromada.save()
    assert reception(cnap.office, independence_day) == []
    cnap.hromada.settings = {"calendar.martial_law": "on"}
    cnap.hromada.save()
    assert reception(cnap.office, independence_day) != []


def test_the_hromadas_day_off_and_the_offices_closed_day(cnap):
    CalendarException.objects.create(hromada=cnap.hromada, date=MONDAY, kind=CalendarException.Kind.DAY_OFF)
    OfficeDay.objects.create(office=cnap.office, day=WEDNESDAY, closed=True, reason="Санітарний день")
    OfficeDay.objects.create(office=cnap.office, day=SATURDAY, opens=time(9), closes=time(11))
    assert reception(cnap.office, MONDAY) == [] and reception(cnap.office, WEDNESDAY) == []
    assert reception(cnap.office, SATURDAY) == [(at(SATURDAY, "09:00"), at(SATURDAY, "11:00"))]


def test_the_mobile_office_receives_on_its_visiting_days_only(cnap):
    mobile = Office.objects.create(hromada=cnap.hromada, name="Мобільний ЦНАП", kind=OfficeKind.MOBILE)
    OfficeDay.objects.create(office=mobile, day=MONDAY, opens=time(10), closes=time(14), place="с. Бродове, клуб")
    assert reception(mobile, MONDAY) == [(at(MONDAY, "10:00"), at(MONDAY, "14:00"))]
    assert reception(mobile, WEDNESDAY) == []


def test_resync_removes_free_slots_and_keeps_booked_ones(cnap, town):
    sync_slots(cnap.office, MONDAY, MONDAY)
    booked = Slot.objects.get(window__number="1", starts_at=at(MONDAY, "09:00"))
    Booking.objects.create(hromada=cnap.hromada, slot=booked, service=cnap.residence, person=town.person(),
                           name="Шевченко", code="123456")
    Slot.objects.filter(pk=booked.pk).update(booked=1)
    OfficeDay.objects.create(office=cnap.office, day=MONDAY, closed=True)
    added, removed = sync_slots(cnap.office, MONDAY, MONDAY)
    assert (added, removed) == (0, 32 * 3 - 1)
    assert list(Slot.objects.filter(office=cnap.office)) == [booked]
    assert sync_slots(cnap.office, MONDAY, MONDAY) == (0, 0)


def test_the_late_day_setting_takes_a_time_only():
    from django.core.exceptions import ValidationError

    from hromada.core.hromada_settings import validate_overrides

    assert validate_overrides({"cnap.late_day_until": "19:30"}) == {"cnap.late_day_until": "19:30"}
    for bad in ("8 вечора", "24:00", "7:5"):
        with pytest.raises(ValidationError):
            validate_overrides({"cnap.late_day_until": bad})
