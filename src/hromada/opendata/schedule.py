"""When a dataset must next be updated, from its 835 frequency, through the hromada's working-day calendar.

A periodic dataset is due one period after its last change, as uData counts it (``next_update = last_update +
frequency``); a due date that falls on a day off moves to the next working day. "Відразу після внесення змін"
is counted from the source's change: the Mintsyfra recommendations give three working days
(data.gov.ua/pages/835-recm-budget-targeted-programs: «протягом трьох робочих днів з моменту внесення змін»).
A dataset never published is due three working days after it was chosen (the obligation exists already).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from hromada.core.workcalendar import WorkCalendar

ON_CHANGE_WORKING_DAYS = 3  # Mintsyfra recommendation to Resolution 835, see above
FIRST_PUBLICATION_WORKING_DAYS = 3
REMIND_BEFORE_WORKING_DAYS = 3  # reminders 3 working days before, on the day, and the day after

# (unit, amount) of each periodic frequency; "more than once a day" is checked daily.
PERIODS = {
    "more_than_daily": ("days", 1),
    "daily": ("days", 1),
    "weekly": ("days", 7),
    "monthly": ("months", 1),
    "quarterly": ("months", 3),
    "half_yearly": ("months", 6),
    "yearly": ("months", 12),
}


def local_date(moment) -> date:
    return timezone.localdate(moment)


def next_due(dataset, cal: WorkCalendar) -> date | None:
    """The last day by which the dataset must be (re)published; None when nothing is owed."""
    if dataset.status == "withdrawn" or dataset.frequency == "no_longer":
        return None
    if dataset.last_modified_at is None:
        start = local_date(dataset.created_at or timezone.now())
        return cal.add_working_days(start, FIRST_PUBLICATION_WORKING_DAYS)
    current = max(filter(None, (dataset.last_modified_at, dataset.checked_at)))
    if dataset.frequency == "on_change":
        changed = dataset.source_changed_at
        if changed is None or changed <= current:
            return None
        return cal.add_working_days(local_date(changed), ON_CHANGE_WORKING_DAYS)
    unit, amount = PERIODS[dataset.frequency]
    last = local_date(current)
    if unit == "days":
        return cal.add_calendar_days(last, amount)
    return cal.add_calendar_months(last, amount)


def state(due: date | None, today: date, cal: WorkCalendar) -> str:
    """«ok», «soon» (within the reminder window), «today» or «overdue»."""
    if due is None or (due > today and cal.working_days_between(today, due) > REMIND_BEFORE_WORKING_DAYS):
        return "ok"
    if due > today:
        return "soon"
    if due == today:
        return "today"
    return "overdue"
