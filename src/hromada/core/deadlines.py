"""The working-day calendar of a hromada: statutory rules + national and local exceptions + martial law.

Modules compute every legal deadline through ``calendar_for(hromada)`` (house rule 5).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from hromada.core.hromada_settings import get_setting
from hromada.core.models import CalendarException
from hromada.core.workcalendar import MAX_YEAR, MIN_YEAR, WorkCalendar

_FORCE = {"auto": None, "on": True, "off": False}


def calendar_for(hromada) -> WorkCalendar:
    rows = CalendarException.objects.filter(hromada__isnull=True)
    if hromada is not None:
        rows = rows | CalendarException.objects.filter(hromada=hromada)
    days_off, working = set(), set()
    # A hromada's own exception wins over a national one on the same date.
    for row in rows.order_by(F("hromada_id").asc(nulls_first=True)):
        (days_off if row.kind == CalendarException.Kind.DAY_OFF else working).add(row.date)
        (working if row.kind == CalendarException.Kind.DAY_OFF else days_off).discard(row.date)
    mode = get_setting(hromada, "calendar.martial_law") if hromada is not None else "auto"
    return WorkCalendar(
        force_martial_law=_FORCE[mode],
        extra_days_off=frozenset(days_off),
        extra_working_days=frozenset(working),
    )


UNITS = ("working_days", "calendar_days", "months")


def deadline(cal: WorkCalendar, start: date, amount: int, unit: str) -> date:
    """The last day of a term of `amount` units from `start`; a ValidationError when it leaves the calendar."""
    compute = {
        "working_days": cal.add_working_days,
        "calendar_days": cal.add_calendar_days,
        "months": cal.add_calendar_months,
    }[unit]
    try:
        return compute(start, amount)
    except (ValueError, OverflowError):  # OverflowError: a date past 9999-12-31, before the range is even checked
        raise ValidationError(
            _("The calendar covers the years %(first)s–%(last)s; this term falls outside them."),
            code="calendar_range", params={"first": MIN_YEAR, "last": MAX_YEAR},
        ) from None
