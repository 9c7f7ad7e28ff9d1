"""Working-day calendar of Ukraine for computing legal deadlines.

Pure Python, no Django: the per-hromada exceptions stored in the database are
passed in by the caller as ``extra_days_off`` / ``extra_working_days``.

Legal model
-----------
* Weekends: Saturday and Sunday.
* Holidays: Art. 73 КЗпП, as data in :mod:`hromada.core.holidays` (with the
  years each rule applied).
* Transfer: Art. 67 part 3 КЗпП -- a holiday falling on a Saturday or Sunday
  makes the next working day a day off.  Each weekend date that is a holiday
  yields one transferred day off (two holidays on one date yield one); the
  transfer goes to the next date that is not a weekend, not a holiday and not
  already taken by an earlier transfer (so 1 May Sat + Easter 2 May Sun of 2021
  give Monday 3 and Tuesday 4 May).
* Martial law: Law No. 2136-IX of 15.03.2022 «Про організацію трудових
  відносин в умовах воєнного стану», Art. 6 (as amended) -- while martial law
  is in force, Art. 73 and Art. 67 part 3 КЗпП do not apply: holidays falling on
  weekdays are ordinary working days and nothing is transferred.  A transferred
  day off exists only if neither the holiday nor the transfer date is under
  martial law.  Periods are data (:data:`UKRAINE_MARTIAL_LAW_PERIODS`); the
  caller may force the mode on or off.
* Caller exceptions: ``extra_working_days`` override everything (a working
  Saturday, or a holiday worked by government recommendation);
  ``extra_days_off`` make a day non-working.
* Deadlines: Civil Code of Ukraine (ЦКУ) Art. 253 -- a term starts on the day
  after the event; Art. 254 parts 2-3 -- a term in months ends on the
  same-numbered day of the last month, or on that month's last day if it has no
  such day; Art. 254 part 5 -- a term ending on a non-working day ends on the
  next working day (``roll_forward``).

Supported range: 1900-2099 (the range of :func:`orthodox_easter`); calendar
look-ups outside it raise ``ValueError``.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from types import MappingProxyType

from .holidays import HOLIDAY_RULES

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "UKRAINE_MARTIAL_LAW_PERIODS",
    "WorkCalendar",
    "orthodox_easter",
]

MIN_YEAR = 1900
MAX_YEAR = 2099

_ONE_DAY = timedelta(days=1)

# Martial law in Ukraine: Decree of the President of Ukraine of 24.02.2022 No. 64/2022 «Про введення
# воєнного стану в Україні» (approved by Law No. 2102-IX of 24.02.2022 -- to verify), in force from
# 24.02.2022 and extended by later decrees; still in force, hence the open end (None).
# Periods are (first day, last day inclusive or None = still in force).
UKRAINE_MARTIAL_LAW_PERIODS: tuple[tuple[date, date | None], ...] = ((date(2022, 2, 24), None),)

_WEEKEND = "вихідний день"
_EXTRA_DAY_OFF = "додатковий вихідний"


# --- pure date helpers ------------------------------------------------------------------------------------


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday of ``year`` as a Gregorian date (valid 1900-2099).

    Meeus' Julian algorithm gives the date in the Julian calendar; between
    1 March 1900 and 28 February 2100 the Julian calendar lags the Gregorian by
    13 days.  Raises ``ValueError`` outside 1900-2099.
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an int, got {type(year).__name__}")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"orthodox_easter() supports years {MIN_YEAR}-{MAX_YEAR}, got {year}")
    a = year % 4
    b = year % 7
    c = year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    # The Julian date (22 March - 25 April) read as Gregorian numbers, then shifted by the 13-day gap.
    return date(year, month, day + 1) + timedelta(days=13)


@cache
def _holiday_map(year: int) -> Mapping[date, str]:
    """Statutory holidays of ``year`` -> name (names of coinciding holidays joined by "; ")."""
    easter = orthodox_easter(year)  # also validates the year
    names: dict[date, list[str]] = {}
    for rule in HOLIDAY_RULES:
        day = rule.date_in(year, easter)
        if day is not None:
            names.setdefault(day, []).append(rule.name)
    return MappingProxyType({day: "; ".join(names[day]) for day in sorted(names)})


def _is_statutory_holiday(day: date) -> bool:
    return MIN_YEAR <= day.year <= MAX_YEAR and day in _holiday_map(day.year)


@cache
def _transfers_from(year: int) -> Mapping[date, date]:
    """Art. 67 part 3 КЗпП transfers caused by the holidays of ``year``: transferred day off -> holiday.

    Computed without martial law and caller exceptions; those are applied at look-up time.
    """
    transfers: dict[date, date] = {}
    for holiday in _holiday_map(year):  # sorted by date
        if holiday.weekday() < 5:
            continue
        target = holiday + _ONE_DAY
        while target.weekday() >= 5 or _is_statutory_holiday(target) or target in transfers:
            target += _ONE_DAY
        transfers[target] = holiday
    return MappingProxyType(transfers)


@cache
def _transfers_into(year: int) -> Mapping[date, date]:
    """Transferred days off that fall in ``year`` (caused by holidays of ``year`` or of ``year - 1``)."""
    merged: dict[date, date] = {}
    for source_year in (year - 1, year):
        if MIN_YEAR <= source_year <= MAX_YEAR:
            merged.update((t, h) for t, h in _transfers_from(source_year).items() if t.year == year)
    return MappingProxyType(merged)


def _weekdays_upto(ordinal: int) -> int:
    """Number of Monday-Friday days with proleptic ordinal in 1..ordinal (ordinal 1 is a Monday)."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _add_months(start: date, months: int) -> date:
    """Same-numbered day ``months`` later, clamped to the last day of that month (ЦКУ Art. 254 parts 2-3)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))


def _check_date(value: object, name: str = "day") -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date (not datetime), got {type(value).__name__}")
    return value


def _check_count(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < minimum:
        if minimum == 0:
            raise ValueError(f"{name} must not be negative, got {value}")
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def _check_range(day: date) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"the work calendar supports years {MIN_YEAR}-{MAX_YEAR}, got {day.isoformat()}")


def _date_set(values: Iterable[date], name: str) -> frozenset[date]:
    return frozenset(_check_date(value, f"{name} item") for value in values)


# --- the calendar ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkCalendar:
    """Ukrainian working-day calendar; immutable, hashable and cheap to construct.

    Sets/lists passed for ``extra_days_off`` / ``extra_working_days`` and lists for
    ``martial_law_periods`` are normalised to frozensets / tuples.
    """

    martial_law_periods: tuple[tuple[date, date | None], ...] = UKRAINE_MARTIAL_LAW_PERIODS
    force_martial_law: bool | None = None  # None = follow the periods; True/False = override
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        periods = []
        for period in self.martial_law_periods:
            start, end = period
            _check_date(start, "martial law period start")
            if end is not None:
                _check_date(end, "martial law period end")
                if end < start:
                    raise ValueError(f"martial law period ends ({end}) before it starts ({start})")
            periods.append((start, end))
        if self.force_martial_law is not None and not isinstance(self.force_martial_law, bool):
            raise TypeError("force_martial_law must be None, True or False")
        object.__setattr__(self, "martial_law_periods", tuple(periods))
        object.__setattr__(self, "extra_days_off", _date_set(self.extra_days_off, "extra_days_off"))
        object.__setattr__(
            self, "extra_working_days", _date_set(self.extra_working_days, "extra_working_days")
        )

    # --- status of a single day ---

    def is_martial_law(self, day: date) -> bool:
        """Whether ``day`` is under martial law (or the forced mode, if set)."""
        if self.force_martial_law is not None:
            return self.force_martial_law
        return any(start <= day and (end is None or day <= end) for start, end in self.martial_law_periods)

    def holidays(self, year: int) -> dict[date, str]:
        """Statutory (Art. 73 КЗпП) holidays of ``year`` -> Ukrainian name, regardless of martial law."""
        return dict(_holiday_map(year))

    def _is_off(self, day: date) -> bool:
        """Fast non-working test; ``day`` must already be a validated date."""
        if day in self.extra_working_days:
            return False
        _check_range(day)
        if day in self.extra_days_off:
            return True
        if day.weekday() >= 5:
            return True
        if self.is_martial_law(day):
            return False
        if day in _holiday_map(day.year):
            return True
        holiday = _transfers_into(day.year).get(day)
        return holiday is not None and not self.is_martial_law(holiday)

    def is_working_day(self, day: date) -> bool:
        return not self._is_off(_check_date(day))

    def day_off_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (in Ukrainian), or None if it is a working day.

        Precedence: extra working day (None) > holiday name > "вихідний день" >
        "перенесений вихідний (<holiday>, <dd.mm.yyyy>)" > "додатковий вихідний".
        """
        _check_date(day)
        if day in self.extra_working_days:
            return None
        _check_range(day)
        martial = self.is_martial_law(day)
        if not martial:
            name = _holiday_map(day.year).get(day)
            if name is not None:
                return name
        if day.weekday() >= 5:
            return _WEEKEND
        if not martial:
            holiday = _transfers_into(day.year).get(day)
            if holiday is not None and not self.is_martial_law(holiday):
                return f"перенесений вихідний ({_holiday_map(holiday.year)[holiday]}, {holiday:%d.%m.%Y})"
        if day in self.extra_days_off:
            return _EXTRA_DAY_OFF
        return None

    def next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        _check_date(day)
        while self._is_off(day):
            day += _ONE_DAY
        return day

    # --- deadlines ---

    def add_calendar_days(self, start: date, days: int, *, roll_forward: bool = True) -> date:
        """End of a term of ``days`` calendar days counted from the event on ``start`` (ЦКУ Art. 253).

        With ``roll_forward`` (ЦКУ Art. 254 part 5) a non-working last day moves to the next working day.
        """
        _check_date(start, "start")
        _check_count(days, "days", 0)
        end = start + timedelta(days=days)
        return self.next_working_day(end) if roll_forward else end

    def add_calendar_months(self, start: date, months: int, *, roll_forward: bool = True) -> date:
        """End of a term of ``months`` months from ``start`` (ЦКУ Art. 254 parts 2-3; part 5 if rolling)."""
        _check_date(start, "start")
        _check_count(months, "months", 0)
        end = _add_months(start, months)
        return self.next_working_day(end) if roll_forward else end

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself never counts); ``days`` >= 1."""
        _check_date(start, "start")
        remaining = _check_count(days, "days", 1)
        day = start
        while remaining:
            day += _ONE_DAY
            if not self._is_off(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days ``d`` with ``start < d <= end``; 0 if ``end <= start``."""
        _check_date(start, "start")
        _check_date(end, "end")
        if end <= start:
            return 0
        first = start + _ONE_DAY
        _check_range(first)
        _check_range(end)
        # Count Monday-Friday in the range, then correct for every date whose status differs from that.
        total = _weekdays_upto(end.toordinal()) - _weekdays_upto(start.toordinal())
        candidates: set[date] = set()
        for year in range(first.year, end.year + 1):
            candidates.update(_holiday_map(year))
            candidates.update(_transfers_into(year))
        candidates.update(self.extra_days_off)
        candidates.update(self.extra_working_days)
        for day in candidates:
            if start < day <= end:
                total += (not self._is_off(day)) - (day.weekday() < 5)
        return total
