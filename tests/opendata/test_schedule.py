"""Due dates from the 835 frequencies through the working-day calendar (holidays, martial law, the hromada's own
days off), and the reminder window."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from hromada.core.workcalendar import WorkCalendar
from hromada.opendata import schedule

KYIV = ZoneInfo("Europe/Kyiv")
PEACE = WorkCalendar(force_martial_law=False)  # statutory holidays are days off
WAR = WorkCalendar(force_martial_law=True)  # under martial law they are working days (Law No. 2136-IX, Art. 6)


def ds(frequency, *, modified=None, checked=None, changed=None, status="published", created=None):
    return SimpleNamespace(frequency=frequency, status=status, last_modified_at=modified, checked_at=checked,
                           source_changed_at=changed, created_at=created or datetime(2026, 1, 5, 9, tzinfo=KYIV))


def at(*args):
    return datetime(*args, tzinfo=KYIV)


@pytest.mark.parametrize(("frequency", "modified", "due"), [
    ("daily", at(2026, 3, 10, 9), date(2026, 3, 11)),
    ("weekly", at(2026, 3, 10, 9), date(2026, 3, 17)),
    ("monthly", at(2026, 1, 31, 9), date(2026, 3, 2)),  # 28 Feb is a Saturday: the next working day
    ("quarterly", at(2026, 1, 15, 9), date(2026, 4, 15)),
    ("half_yearly", at(2026, 1, 15, 9), date(2026, 7, 16)),  # 15 July is Statehood Day
    ("yearly", at(2025, 12, 24, 9), date(2025, 12, 24).replace(year=2026)),
])
def test_a_periodic_dataset_is_due_one_period_after_its_last_change(frequency, modified, due):
    assert schedule.next_due(ds(frequency, modified=modified), PEACE) == due


def test_a_due_date_on_a_holiday_moves_to_the_next_working_day_in_peace_but_not_under_martial_law():
    # One year after 1 January 2026 is 1 January 2027, New Year's Day, a Friday.
    dataset = ds("yearly", modified=at(2026, 1, 1, 12))
    assert schedule.next_due(dataset, PEACE) == date(2027, 1, 4)
    assert schedule.next_due(dataset, WAR) == date(2027, 1, 1)


def test_on_change_is_three_working_days_from_the_source_change():
    dataset = ds("on_change", modified=at(2026, 4, 1, 9), changed=at(2026, 4, 23, 15))  # a Thursday
    assert schedule.next_due(dataset, PEACE) == date(2026, 4, 28)  # Fri, Mon, Tue
    # Orthodox Easter 2026 is 12 April, so Monday 13 April is a day off in peace.
    dataset = ds("on_change", modified=at(2026, 4, 1, 9), changed=at(2026, 4, 10, 15))
    assert schedule.next_due(dataset, PEACE) == date(2026, 4, 16)
    assert schedule.next_due(dataset, WAR) == date(2026, 4, 15)


def test_the_hromadas_own_day_off_counts():
    cal = WorkCalendar(force_martial_law=True, extra_days_off=frozenset({date(2026, 4, 13)}))
    dataset = ds("on_change", modified=at(2026, 4, 1, 9), changed=at(2026, 4, 10, 15))
    assert schedule.next_due(dataset, cal) == date(2026, 4, 16)


def test_nothing_is_owed_when_the_source_did_not_change_after_the_publication():
    assert schedule.next_due(ds("on_change", modified=at(2026, 4, 1, 9), changed=at(2026, 3, 30, 9)), PEACE) is None
    assert schedule.next_due(ds("on_change", modified=at(2026, 4, 1, 9)), PEACE) is None


def test_a_confirmation_without_new_data_restarts_the_period():
    dataset = ds("monthly", modified=at(2026, 1, 12, 9), checked=at(2026, 2, 10, 9))
    assert schedule.next_due(dataset, PEACE) == date(2026, 3, 10)


def test_a_dataset_never_published_is_due_three_working_days_after_it_was_created():
    dataset = ds("yearly", status="draft", created=at(2026, 3, 13, 9))  # a Friday
    assert schedule.next_due(dataset, PEACE) == date(2026, 3, 18)


def test_withdrawn_and_no_longer_updated_datasets_owe_nothing():
    assert schedule.next_due(ds("monthly", modified=at(2026, 1, 1, 9), status="withdrawn"), PEACE) is None
    assert schedule.next_due(ds("no_longer", modified=at(2026, 1, 1, 9)), PEACE) is None


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 3, 9), "ok"),  # 4 working days before Friday 13 March
    (date(2026, 3, 10), "soon"),
    (date(2026, 3, 13), "today"),
    (date(2026, 3, 16), "overdue"),
])
def test_the_reminder_window_is_three_working_days(today, expected):
    assert schedule.state(date(2026, 3, 13), today, PEACE) == expected
