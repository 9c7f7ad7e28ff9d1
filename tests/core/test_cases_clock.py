"""The case clock against the calendar's rules, for any day of receipt (hypothesis), in both martial-law modes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.core.cases import clock
from hromada.core.cases.kinds import Term
from hromada.core.workcalendar import WorkCalendar

KYIV = ZoneInfo("Europe/Kyiv")
CALENDARS = st.sampled_from([WorkCalendar(force_martial_law=True), WorkCalendar(force_martial_law=False),
                             WorkCalendar()])
DAYS = st.dates(min_value=date(2022, 1, 1), max_value=date(2030, 12, 31))
MOMENTS = st.builds(lambda day, minutes: datetime.combine(day, time(0), KYIV) + timedelta(minutes=minutes),
                    DAYS, st.integers(min_value=0, max_value=24 * 60 - 1))


@settings(max_examples=300, deadline=None)
@given(cal=CALENDARS, received=MOMENTS, days=st.integers(min_value=1, max_value=20))
def test_a_working_day_term_ends_on_the_nth_working_day_after_receipt(cal, received, days):
    due, moment = clock.due_for(cal, received, Term(days, "working_days", "ст. 20"))
    assert moment is None
    assert cal.is_working_day(due)
    assert cal.working_days_between(received.date(), due) == days


@settings(max_examples=300, deadline=None)
@given(cal=CALENDARS, received=MOMENTS, days=st.integers(min_value=1, max_value=45))
def test_a_calendar_day_term_moves_only_past_days_off(cal, received, days):
    due, _moment = clock.due_for(cal, received, Term(days, "calendar_days", "ст. 20"))
    nominal = received.date() + timedelta(days=days)
    assert due >= nominal and cal.is_working_day(due)
    assert all(not cal.is_working_day(nominal + timedelta(days=i)) for i in range((due - nominal).days))


@settings(max_examples=200, deadline=None)
@given(cal=CALENDARS, received=MOMENTS)
def test_a_month_term_ends_on_the_same_date_or_the_next_working_day(cal, received):
    due, _moment = clock.due_for(cal, received, Term(1, "months", "ст. 20"))
    day = received.date()
    month = day.month % 12 + 1
    year = day.year + (day.month == 12)
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    nominal = date(year, month, min(day.day, last))
    assert due >= nominal and cal.is_working_day(due)
    assert all(not cal.is_working_day(nominal + timedelta(days=i)) for i in range((due - nominal).days))


@settings(max_examples=200, deadline=None)
@given(cal=CALENDARS, received=MOMENTS, hours=st.integers(min_value=1, max_value=72))
def test_an_hour_term_ends_at_the_hour_whatever_the_calendar(cal, received, hours):
    due, moment = clock.due_for(cal, received, Term(hours, "hours", "ст. 20 ч. 2"))
    assert moment - received == timedelta(hours=hours)
    assert due == moment.astimezone(KYIV).date()


@settings(max_examples=200, deadline=None)
@given(cal=CALENDARS, today=DAYS, offset=st.integers(min_value=-30, max_value=30))
def test_working_days_left_is_signed_and_zero_on_the_day(cal, today, offset):
    due = today + timedelta(days=offset)
    left = clock.working_days_left(cal, today, due)
    assert (left > 0) <= (due > today) and (left < 0) <= (due < today)
    if due == today:
        assert left == 0


def test_overdue_and_late_compare_the_day_or_the_hour():
    due_day = date(2026, 11, 27)
    assert not clock.is_overdue(due_day, None, datetime(2026, 11, 27, 23, 59, tzinfo=KYIV))
    assert clock.is_overdue(due_day, None, datetime(2026, 11, 28, 0, 1, tzinfo=KYIV))
    due_at = datetime(2026, 11, 22, 15, 30, tzinfo=KYIV)
    assert not clock.late(due_at, due_at.date(), due_at)
    assert clock.late(due_at + timedelta(minutes=1), due_at.date(), due_at)
    assert not clock.late(None, due_day, None)


def test_an_hour_term_across_the_autumn_clock_change_is_24_real_hours():
    # Kyiv leaves summer time at 04:00 on 25 October 2026: 24 hours from 18:20 the day before end at 17:20 local.
    received = datetime(2026, 10, 24, 18, 20, tzinfo=KYIV)
    due, moment = clock.due_for(WorkCalendar(), received, Term(24, "hours", "ст. 20 ч. 2"))
    assert (due, moment) == (date(2026, 10, 25), datetime(2026, 10, 25, 15, 20, tzinfo=UTC))
    assert clock.due_for(WorkCalendar(), received.astimezone(UTC), Term(24, "hours", "ст. 20 ч. 2"))[1] == moment
