"""Monitoring deadlines of the programme (template §VI), computed with the hromada's working-day calendar.

The days are settings with their basis beside them; a deadline on a day off moves to the next working day
(Civil Code Art. 254 part 5), as every statutory term does in the core calendar.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import date

from django.utils.translation import gettext_lazy as _

from hromada.core.deadlines import calendar_for
from hromada.core.hromada_settings import SettingSpec, get_setting, register

BASIS = "Mintsyfra typical programme (2024), §VI; CMU Resolution No. 119 of 02.02.2024 (to verify)"

register(SettingSpec(
    "programmes.quarterly_due_day", int, 5,
    _("Quarterly progress of the programme is reported by this day of the month after the quarter"),
    BASIS, minimum=1,
))
register(SettingSpec(
    "programmes.annual_units_due_day", int, 31,
    _("Units report the year's results by this day of January"), BASIS, minimum=1,
))
register(SettingSpec(
    "programmes.consolidation_due_day", int, 1,
    _("The head of programme submits the annual reports by this day of March"), BASIS, minimum=1,
))
register(SettingSpec(
    "programmes.reminder_working_days", int, 3,
    _("Units are reminded of a monitoring report this many working days before it is due"),
    "Hromada's own practice", minimum=1,
))


def _day_of(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, month_calendar.monthrange(year, month)[1]))


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return _day_of(year, month, 31)


def quarterly_due(hromada, year: int, quarter: int) -> date:
    next_month = quarter_end(year, quarter).month % 12 + 1
    next_year = year + 1 if quarter == 4 else year
    day = _day_of(next_year, next_month, get_setting(hromada, "programmes.quarterly_due_day"))
    return calendar_for(hromada).next_working_day(day)


def annual_units_due(hromada, year: int) -> date:
    day = _day_of(year + 1, 1, get_setting(hromada, "programmes.annual_units_due_day"))
    return calendar_for(hromada).next_working_day(day)


def consolidation_due(hromada, year: int) -> date:
    day = _day_of(year + 1, 3, get_setting(hromada, "programmes.consolidation_due_day"))
    return calendar_for(hromada).next_working_day(day)


def reminder_date(hromada, due: date, cal=None) -> date:
    """The working day that lies the configured number of working days before ``due`` (``cal``: the hromada's
    calendar when the caller has it already, e.g. for many reports at once)."""
    cal = cal or calendar_for(hromada)
    remaining = get_setting(hromada, "programmes.reminder_working_days")
    day = due
    while remaining:
        day = date.fromordinal(day.toordinal() - 1)
        if cal.is_working_day(day):
            remaining -= 1
    return day
