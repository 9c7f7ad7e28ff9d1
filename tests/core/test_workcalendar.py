
"""Tests for the pure-Python working-day calendar (hromada.core.workcalendar / holidays)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.core.holidays import HOLIDAY_RULES, HolidayRule
from hromada.core.workcalendar import (
    UKRAINE_MARTIAL_LAW_PERIODS,
    WorkCalendar,
    orthodox_easter,
)

# No example database on disk: these tests must not leave files in the repository.
HSETTINGS = settings(database=None, deadline=None, max_examples=150)

PEACE = WorkCalendar(force_martial_law=False)
WAR = WorkCalendar(force_martial_law=True)
DEFAULT = WorkCalendar()

TRANSFER = "перенесений вихідний"
WEEKEND = "вихідний день"
EXTRA_OFF = "додатковий вихідний"


# --- Easter ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2005, date(2005, 5, 1)),
        (2021, date(2021, 5, 2)),
        (2023, date(2023, 4, 16)),
        (2024, date(2024, 5, 5)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 12)),
    ],
)
def test_orthodox_easter_known_dates(year, expected):
    assert orthodox_easter(year) == expected


@pytest.mark.parametrize("year", [1899, 2100, 0, -5])
def test_orthodox_easter_outside_range_raises(year):
    with pytest.raises(ValueError, match="1900-2099"):
        orthodox_easter(year)


@pytest.mark.parametrize("year", [2024.0, "2024", True])
def test_orthodox_easter_rejects_non_int(year):
    with pytest.raises(TypeError):
        orthodox_easter(year)


@HSETTINGS
@given(st.integers(1900, 2099))
def test_orthodox_easter_is_a_sunday_between_4_april_and_8_may(year):
    easter = orthodox_easter(year)
    assert easter.weekday() == 6
    assert easter.year == year
    assert date(year, 4, 4) <= easter <= date(year, 5, 8)


# --- holiday rules -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "is_holiday"),
    [
        (date(2023, 1, 7), True),
        (date(2024, 1, 7), False),
        (date(2016, 12, 25), False),
        (date(2017, 12, 25), True),
        (date(2023, 12, 25), True),
        (date(2014, 10, 14), False),
        (date(2015, 10, 14), True),
        (date(2022, 10, 14), True),
        (date(2023, 10, 14), False),
        (date(2022, 10, 1), False),
        (date(2023, 10, 1), True),
        (date(2022, 5, 9), True),
        (date(2023, 5, 9), False),
        (date(2022, 5, 8), False),
        (date(2023, 5, 8), True),
        (date(2017, 5, 2), True),
        (date(2018, 5, 2), False),
        (date(2021, 7, 28), False),
        (date(2022, 7, 28), True),
        (date(2023, 7, 28), False),
        (date(2022, 7, 15), False),
        (date(2023, 7, 15), True),
        (date(2024, 5, 5), True),  # Easter
        (date(2024, 6, 23), True),  # Trinity = Easter + 49
        (date(2000, 1, 1), True),
        (date(2099, 8, 24), True),
    ],
)
def test_rule_switches(day, is_holiday):
    assert (day in DEFAULT.holidays(day.year)) is is_holiday


def test_holidays_2024_exact():
    assert DEFAULT.holidays(2024) == {
        date(2024, 1, 1): "Новий рік",
        date(2024, 3, 8): "Міжнародний жіночий день",
        date(2024, 5, 1): "День праці",
        date(2024, 5, 5): "Пасха (Великдень)",
        date(2024, 5, 8): "День пам’яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років",
        date(2024, 6, 23): "Трійця",
        date(2024, 6, 28): "День Конституції України",
        date(2024, 7, 15): "День Української Державності",
        date(2024, 8, 24): "День незалежності України",
        date(2024, 10, 1): "День захисників і захисниць України",
        date(2024, 12, 25): "Різдво Христове",
    }


def test_holidays_2017_has_both_christmases_and_two_may_days():
    names = DEFAULT.holidays(2017)
    assert names[date(2017, 1, 7)] == "Різдво Христове"
    assert names[date(2017, 12, 25)] == "Різдво Христове"
    assert names[date(2017, 5, 1)] == names[date(2017, 5, 2)] == "День праці"
    assert names[date(2017, 10, 14)] == "День захисника України"
    assert len(names) == 12


def test_defenders_day_renamed_in_2021():
    assert DEFAULT.holidays(2020)[date(2020, 10, 14)] == "День захисника України"
    assert DEFAULT.holidays(2021)[date(2021, 10, 14)] == "День захисників і захисниць України"


def test_coinciding_holidays_are_joined():
    # Easter 2005 fell on 1 May; names are joined in rule (Art. 73) order.
    assert DEFAULT.holidays(2005)[date(2005, 5, 1)] == "Пасха (Великдень); День праці"


def test_holidays_do_not_depend_on_martial_law_and_return_a_copy():
    assert PEACE.holidays(2023) == WAR.holidays(2023) == DEFAULT.holidays(2023)
    got = DEFAULT.holidays(2023)
    got.clear()
    assert DEFAULT.holidays(2023)


def test_holidays_outside_range_raise():
    with pytest.raises(ValueError):
        DEFAULT.holidays(2100)


def test_rules_are_frozen_data_with_legal_refs():
    assert isinstance(HOLIDAY_RULES, tuple)
    for rule in HOLIDAY_RULES:
        assert isinstance(rule, HolidayRule)
        assert dataclasses.is_dataclass(rule)
        assert rule.legal_ref.strip()
        assert "73" in rule.legal_ref
        with pytest.raises(dataclasses.FrozenInstanceError):
            rule.name = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"month": 1, "day": 1, "easter_offset": 0},
        {"month": 1},
        {"month": 2, "day": 30},
        {"month": 2, "day": 29},
        {"month": 1, "day": 1, "valid_from": date(2020, 1, 1), "valid_to": date(2019, 1, 1)},
    ],
)
def test_holiday_rule_validation(kwargs):
    with pytest.raises(ValueError):
        HolidayRule("x", "ref", **kwargs)


# --- martial law -------------------------------------------------------------------------------------------


def test_default_martial_law_periods():
    assert ((date(2022, 2, 24), None),) == UKRAINE_MARTIAL_LAW_PERIODS
    assert DEFAULT.martial_law_periods == UKRAINE_MARTIAL_LAW_PERIODS
    assert DEFAULT.is_martial_law(date(2022, 2, 23)) is False
    assert DEFAULT.is_martial_law(date(2022, 2, 24)) is True
    assert DEFAULT.is_martial_law(date(2035, 1, 1)) is True
    assert PEACE.is_martial_law(date(2024, 1, 1)) is False
    assert WAR.is_martial_law(date(2010, 1, 1)) is True


def test_martial_law_period_end_is_inclusive():
    cal = WorkCalendar(martial_law_periods=((date(2022, 2, 24), date(2025, 6, 30)),))
    assert cal.is_martial_law(date(2025, 6, 30))
    assert not cal.is_martial_law(date(2025, 7, 1))


def test_default_calendar_follows_the_periods():
    # Before martial law: New Year 2022 (Saturday) transferred to Monday 3 Jan; 7 Jan (Friday) off.
    assert DEFAULT.day_off_reason(date(2022, 1, 3)) == f"{TRANSFER} (Новий рік, 01.01.2022)"
    assert DEFAULT.day_off_reason(date(2022, 1, 7)) == "Різдво Христове"
    # Under martial law: holidays on weekdays are working days.
    for day in (date(2022, 3, 8), date(2022, 5, 9), date(2023, 8, 24), date(2024, 1, 1), date(2025, 12, 25)):
        assert DEFAULT.is_working_day(day)
        assert DEFAULT.day_off_reason(day) is None


def test_peacetime_transfer_independence_day_2019():
    assert PEACE.day_off_reason(date(2019, 8, 24)) == "День незалежності України"
    assert PEACE.day_off_reason(date(2019, 8, 26)) == f"{TRANSFER} (День незалежності України, 24.08.2019)"
    assert not PEACE.is_working_day(date(2019, 8, 26))
    assert PEACE.is_working_day(date(2019, 8, 27))


def test_peacetime_two_transfers_in_a_row_may_2021():
    # 1 May 2021 Saturday, Easter 2 May Sunday -> Monday 3 and Tuesday 4 May off.
    assert PEACE.day_off_reason(date(2021, 5, 3)) == f"{TRANSFER} (День праці, 01.05.2021)"
    assert PEACE.day_off_reason(date(2021, 5, 4)) == f"{TRANSFER} (Пасха (Великдень), 02.05.2021)"
    assert PEACE.is_working_day(date(2021, 5, 5))


def test_transfer_skips_a_holiday_easter_2005():
    # 1 May 2005 = Sunday (Labour Day + Easter), 2 May Monday is itself a holiday -> transfer to 3 May.
    assert PEACE.day_off_reason(date(2005, 5, 2)) == "День праці"
    assert PEACE.day_off_reason(date(2005, 5, 3)).startswith(TRANSFER)
    assert PEACE.is_working_day(date(2005, 5, 4))


def test_easter_and_trinity_give_a_monday_off_in_peacetime_only():
    assert PEACE.day_off_reason(date(2024, 5, 6)) == f"{TRANSFER} (Пасха (Великдень), 05.05.2024)"
    assert PEACE.day_off_reason(date(2024, 6, 24)).startswith(TRANSFER)
    assert WAR.is_working_day(date(2024, 5, 6))
    assert WAR.is_working_day(date(2024, 6, 24))


def test_martial_law_no_holidays_and_no_transfers():
    assert WAR.is_working_day(date(2023, 8, 24))  # Thursday
    assert WAR.day_off_reason(date(2023, 8, 24)) is None
    assert WAR.day_off_reason(date(2024, 8, 24)) == WEEKEND  # Saturday: just a weekend
    assert WAR.is_working_day(date(2024, 8, 26))  # no transfer
    assert WAR.is_working_day(date(2019, 8, 26))  # forced mode also applies to the past
    assert PEACE.day_off_reason(date(2023, 8, 24)) == "День незалежності України"


def test_no_transfer_when_the_holiday_itself_was_under_martial_law():
    # 24 Aug 2025 is a Sunday.
    ends_on_holiday = WorkCalendar(martial_law_periods=((date(2022, 2, 24), date(2025, 8, 24)),))
    assert ends_on_holiday.is_working_day(date(2025, 8, 25))
    ends_before = WorkCalendar(martial_law_periods=((date(2022, 2, 24), date(2025, 8, 23)),))
    assert ends_before.day_off_reason(date(2025, 8, 24)) == "День незалежності України"
    assert ends_before.day_off_reason(date(2025, 8, 25)).startswith(TRANSFER)


# --- caller exceptions -------------------------------------------------------------------------------------


def test_extra_working_saturday():
    saturday = date(2024, 3, 9)
    cal = WorkCalendar(extra_working_days=frozenset({saturday}))
    assert DEFAULT.day_off_reason(saturday) == WEEKEND
    assert cal.is_working_day(saturday)
    assert cal.day_off_reason(saturday) is None
    assert cal.add_working_days(date(2024, 3, 8), 1) == saturday
    assert cal.working_days_between(date(2024, 3, 8), date(2024, 3, 11)) == 2


def test_extra_day_off():
    monday = date(2024, 3, 11)
    cal = WorkCalendar(extra_days_off=frozenset({monday}))
    assert not cal.is_working_day(monday)
    assert cal.day_off_reason(monday) == EXTRA_OFF
    assert cal.next_working_day(date(2024, 3, 9)) == date(2024, 3, 12)
    assert cal.add_working_days(date(2024, 3, 8), 1) == date(2024, 3, 12)
    # An extra day off counts even under martial law.
    assert WorkCalendar(force_martial_law=True, extra_days_off={monday}).day_off_reason(monday) == EXTRA_OFF


def test_extra_working_day_overrides_everything():
    new_year = date(2019, 1, 1)  # Tuesday holiday in peacetime
    transferred = date(2019, 8, 26)
    both = date(2019, 1, 2)
    cal = WorkCalendar(
        force_martial_law=False,
        extra_working_days=frozenset({new_year, transferred, both}),
        extra_days_off=frozenset({both}),
    )
    for day in (new_year, transferred, both):
        assert cal.is_working_day(day)
        assert cal.day_off_reason(day) is None


def test_holiday_name_wins_over_extra_day_off():
    cal = WorkCalendar(force_martial_law=False, extra_days_off=frozenset({date(2019, 1, 1)}))
    assert cal.day_off_reason(date(2019, 1, 1)) == "Новий рік"


def test_constructor_normalises_and_validates():
    cal = WorkCalendar(
        martial_law_periods=[(date(2022, 2, 24), None)],  # type: ignore[arg-type]
        extra_days_off={date(2024, 1, 2)},  # type: ignore[arg-type]
        extra_working_days=[date(2024, 1, 6)],  # type: ignore[arg-type]
    )
    assert cal.martial_law_periods == UKRAINE_MARTIAL_LAW_PERIODS
    assert cal.extra_days_off == frozenset({date(2024, 1, 2)})
    assert cal.extra_working_days == frozenset({date(2024, 1, 6)})
    assert hash(cal) == hash(
        WorkCalendar(
            extra_days_off=frozenset({date(2024, 1, 2)}), extra_working_days=frozenset({date(2024, 1, 6)})
        )
    )
    with pytest.raises(ValueError, match="before it starts"):
        WorkCalendar(martial_law_periods=((date(2024, 1, 2), date(2024, 1, 1)),))
    with pytest.raises(TypeError):
        WorkCalendar(extra_days_off=frozenset({datetime(2024, 1, 2, 10, 0)}))
    with pytest.raises(TypeError):
        WorkCalendar(force_martial_law=1)  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        cal.force_martial_law = True  # type: ignore[misc]


# --- deadlines ---------------------------------------------------------------------------------------------


def test_add_working_days_from_friday_over_weekend():
    friday = date(2025, 1, 10)
    assert DEFAULT.add_working_days(friday, 1) == date(2025, 1, 13)
    assert DEFAULT.add_working_days(friday, 5) == date(2025, 1, 17)
    assert DEFAULT.add_working_days(friday, 6) == date(2025, 1, 20)
    # Peacetime: Friday 23 Aug 2019, Saturday holiday transferred to Monday 26 Aug.
    assert PEACE.add_working_days(date(2019, 8, 23), 1) == date(2019, 8, 27)
    # Start on a weekend: the start day never counts.
    assert DEFAULT.add_working_days(date(2025, 1, 11), 1) == date(2025, 1, 13)


def test_add_calendar_months_month_end():
    assert DEFAULT.add_calendar_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert date(2025, 2, 28).weekday() == 4
    assert DEFAULT.add_calendar_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert DEFAULT.add_calendar_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert DEFAULT.add_calendar_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert DEFAULT.add_calendar_months(date(2024, 11, 15), 3) == date(2025, 2, 17)  # 15 Feb is a Saturday
    assert DEFAULT.add_calendar_months(date(2024, 11, 15), 3, roll_forward=False) == date(2025, 2, 15)


def test_add_calendar_months_rolls_forward_from_weekend_month_end():
    # 31 May 2025 is a Saturday, 31 Aug 2025 a Sunday.
    assert DEFAULT.add_calendar_months(date(2025, 3, 31), 2) == date(2025, 6, 2)
    assert DEFAULT.add_calendar_months(date(2025, 3, 31), 2, roll_forward=False) == date(2025, 5, 31)
    assert DEFAULT.add_calendar_months(date(2025, 7, 31), 1) == date(2025, 9, 1)
    assert DEFAULT.add_calendar_months(date(2025, 7, 31), 1, roll_forward=False) == date(2025, 8, 31)
    assert DEFAULT.add_calendar_months(date(2025, 5, 31), 0, roll_forward=False) == date(2025, 5, 31)


def test_add_calendar_days_with_and_without_roll_forward():
    start = date(2025, 1, 1)
    assert DEFAULT.add_calendar_days(start, 10) == date(2025, 1, 13)  # 11 Jan = Saturday
    assert DEFAULT.add_calendar_days(start, 10, roll_forward=False) == date(2025, 1, 11)
    assert DEFAULT.add_calendar_days(start, 9) == date(2025, 1, 10)
    assert DEFAULT.add_calendar_days(date(2025, 1, 11), 0) == date(2025, 1, 13)
    # Peacetime: 24 Aug 2019 Sat (holiday), 25 Sun, 26 transferred day off -> Tuesday 27 Aug.
    assert PEACE.add_calendar_days(date(2019, 8, 14), 10) == date(2019, 8, 27)
    assert PEACE.add_calendar_days(date(2019, 8, 14), 10, roll_forward=False) == date(2019, 8, 24)


def test_working_days_between_examples():
    assert DEFAULT.working_days_between(date(2025, 1, 10), date(2025, 1, 13)) == 1
    assert DEFAULT.working_days_between(date(2025, 1, 10), date(2025, 1, 10)) == 0
    assert DEFAULT.working_days_between(date(2025, 1, 13), date(2025, 1, 10)) == 0
    assert DEFAULT.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 261
    assert PEACE.working_days_between(date(2018, 12, 31), date(2019, 12, 31)) == 261 - 11
    assert PEACE.working_days_between(date(2019, 8, 23), date(2019, 8, 27)) == 1


def test_next_working_day():
    assert DEFAULT.next_working_day(date(2025, 1, 10)) == date(2025, 1, 10)
    assert DEFAULT.next_working_day(date(2025, 1, 11)) == date(2025, 1, 13)
    assert PEACE.next_working_day(date(2019, 8, 24)) == date(2019, 8, 27)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: DEFAULT.add_calendar_days(date(2025, 1, 1), -1), "days must not be negative"),
        (lambda: DEFAULT.add_calendar_months(date(2025, 1, 1), -1), "months must not be negative"),
        (lambda: DEFAULT.add_working_days(date(2025, 1, 1), -3), "days must be >= 1"),
        (lambda: DEFAULT.add_working_days(date(2025, 1, 1), 0), "days must be >= 1"),
        (lambda: DEFAULT.is_working_day(date(2100, 1, 1)), "1900-2099"),
        (lambda: DEFAULT.day_off_reason(date(1899, 12, 31)), "1900-2099"),
        (lambda: DEFAULT.add_working_days(date(2099, 12, 30), 5), "1900-2099"),
    ],
)
def test_invalid_arguments_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: DEFAULT.add_calendar_days(date(2025, 1, 1), 1.5),
        lambda: DEFAULT.add_calendar_months(date(2025, 1, 1), True),
        lambda: DEFAULT.is_working_day(datetime(2025, 1, 1, 12, 0)),
        lambda: DEFAULT.add_working_days("2025-01-01", 1),
    ],
)
def test_invalid_types_raise_type_error(call):
    with pytest.raises(TypeError):
        call()


def test_module_does_not_import_django():
    code = (
        "import sys, hromada.core.workcalendar; "
        "assert not any(m.split('.')[0] == 'django' for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-B", "-c", code], check=True)


# --- hypothesis invariants ---------------------------------------------------------------------------------

# Start dates stop at 2096 so that 400 working days or 36 months (+ roll-forward) stay within the
# supported range 1900-2099 (beyond it the calendar raises ValueError by design).
START_DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2096, 12, 31))
ANY_DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
DAYS = st.integers(1, 400)
MONTHS = st.integers(0, 36)


@st.composite
def calendars_and_start(draw, start=START_DATES):
    """A calendar (martial mode: periods / forced on / forced off) with extras near the start date."""
    day = draw(start)
    offsets = st.integers(-10, 600)

    def near(offset: int) -> date:
        return min(day + timedelta(days=offset), date(2099, 12, 31))

    extra_off = {near(o) for o in draw(st.lists(offsets, max_size=8))}
    extra_work = {near(o) for o in draw(st.lists(offsets, max_size=8))}
    force = draw(st.sampled_from([None, True, False]))
    return WorkCalendar(
        force_martial_law=force,
        extra_days_off=frozenset(extra_off),
        extra_working_days=frozenset(extra_work),
    ), day


@HSETTINGS
@given(calendars_and_start(), DAYS)
def test_add_working_days_invariants(cal_start, n):
    cal, start = cal_start
    result = cal.add_working_days(start, n)
    assert result > start
    assert cal.is_working_day(result)
    assert cal.working_days_between(start, result) == n
    assert cal.working_days_between(start, result - timedelta(days=1)) == n - 1
    assert cal.add_working_days(start, n + 1) > result


@HSETTINGS
@given(calendars_and_start(), st.integers(1, 60), st.integers(1, 60))
def test_add_working_days_monotone_and_composable(cal_start, a, b):
    cal, start = cal_start
    assert cal.add_working_days(start, a + b) == cal.add_working_days(cal.add_working_days(start, a), b)
    assert (a < b) == (cal.add_working_days(start, a) < cal.add_working_days(start, b))


@HSETTINGS
@given(calendars_and_start(), st.integers(0, 800))
def test_working_days_between_matches_brute_force(cal_start, span):
    cal, start = cal_start
    end = start + timedelta(days=span)
    expected = sum(cal.is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    assert cal.working_days_between(start, end) == expected
    assert cal.working_days_between(end, start) == 0


@HSETTINGS
@given(calendars_and_start(), DAYS)
def test_add_calendar_days_invariants(cal_start, n):
    cal, start = cal_start
    raw = cal.add_calendar_days(start, n, roll_forward=False)
    assert raw == start + timedelta(days=n)
    result = cal.add_calendar_days(start, n)
    assert result >= raw
    assert cal.is_working_day(result)
    day = raw
    while day < result:
        assert not cal.is_working_day(day)
        day += timedelta(days=1)
    assert result == cal.next_working_day(raw)


@HSETTINGS
@given(calendars_and_start(), MONTHS)
def test_add_calendar_months_invariants(cal_start, m):
    cal, start = cal_start
    raw = cal.add_calendar_months(start, m, roll_forward=False)
    assert raw.month == (start.month - 1 + m) % 12 + 1
    assert raw.year == start.year + (start.month - 1 + m) // 12
    assert raw.day == start.day or (raw.day < start.day and (raw + timedelta(days=1)).day == 1)
    result = cal.add_calendar_months(start, m)
    assert result >= raw
    assert cal.is_working_day(result)
    day = raw
    while day < result:
        assert not cal.is_working_day(day)
        day += timedelta(days=1)


@HSETTINGS
@given(calendars_and_start(start=ANY_DATES))
def test_forced_martial_law_only_extra_days_off_on_weekdays(cal_start):
    cal, day = cal_start
    war = dataclasses.replace(cal, force_martial_law=True)
    for offset in range(14):
        d = day + timedelta(days=offset)
        if d.year > 2099:
            break
        if d.weekday() < 5:
            expected_off = d in war.extra_days_off and d not in war.extra_working_days
            assert war.is_working_day(d) is not expected_off
            assert war.day_off_reason(d) == (EXTRA_OFF if expected_off else None)


@HSETTINGS
@given(calendars_and_start(start=ANY_DATES))
def test_working_day_xor_reason(cal_start):
    cal, day = cal_start
    for offset in range(14):
        d = day + timedelta(days=offset)
        if d.year > 2099:
            break
        reason = cal.day_off_reason(d)
        assert cal.is_working_day(d) is (reason is None)
        if reason is not None:
            assert isinstance(reason, str)
            assert reason


@HSETTINGS
@given(ANY_DATES)
def test_holidays_never_working_in_peacetime_and_weekdays_working_under_martial_law(day):
    holidays = PEACE.holidays(day.year)
    if day in holidays:
        assert not PEACE.is_working_day(day)
        assert PEACE.day_off_reason(day) == holidays[day]
    if day.weekday() < 5:
        assert WAR.is_working_day(day)
    else:
        assert WAR.day_off_reason(day) == WEEKEND
