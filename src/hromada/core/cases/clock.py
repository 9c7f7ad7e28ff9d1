"""Deadlines of cases from the core calendar (house rule 5): one place for every kind's clock.

Terms count from the day of receipt: calendar days and months end on the same date (a day off moves the last
day to the next working day, ЦКУ Art. 254 part 5); working days start the day after receipt; a term in hours
ends at the hour (48 hours of an urgent information request) and its last day is the day that hour falls on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from hromada.core.cases.kinds import Term
from hromada.core.deadlines import deadline
from hromada.core.workcalendar import WorkCalendar

SOON_WORKING_DAYS = 2  # the worklist's «due within 2 working days»


def received_on(received_at: datetime) -> date:
    return timezone.localdate(received_at)


def due_for(cal: WorkCalendar, received_at: datetime, term: Term) -> tuple[date, datetime | None]:
    """The last day of ``term`` counted from ``received_at`` and, for a term in hours, the exact moment."""
    if term.unit == "hours":
        # Elapsed hours: added in UTC, since Python adds a timedelta to a Kyiv time on the wall clock and a night
        # of the DST change would make the term an hour longer or shorter.
        moment = received_at.astimezone(UTC) + timedelta(hours=term.amount)
        return timezone.localdate(moment), moment
    return deadline(cal, received_on(received_at), term.amount, term.unit), None


def working_days_left(cal: WorkCalendar, today: date, due: date) -> int:
    """Working days from today to the due date (0 on the day; negative when overdue, counted the same way)."""
    if due >= today:
        return cal.working_days_between(today, due)
    return -cal.working_days_between(due, today)


def is_overdue(due_date: date, due_at: datetime | None, now: datetime) -> bool:
    if due_at is not None:
        return now > due_at
    return timezone.localdate(now) > due_date


def late(answered_at: datetime | None, due_date: date, due_at: datetime | None) -> bool:
    """Whether an answer (given at ``answered_at``) came after the term."""
    if answered_at is None:
        return False
    return is_overdue(due_date, due_at, answered_at)
