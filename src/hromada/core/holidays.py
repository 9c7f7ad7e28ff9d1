
"""Statutory public holidays of Ukraine (Art. 73 of the Labour Code, КЗпП) as data.

Every rule is a small frozen :class:`HolidayRule`; the whole list is the tuple
:data:`HOLIDAY_RULES`.  Rules changed over time, so each one carries an inclusive
``valid_from`` / ``valid_to`` window and its legal reference.  The calendar logic
(transfers, martial law, deadlines) lives in :mod:`hromada.core.workcalendar`;
this module has no logic beyond "which date does this rule give in year N".

Conventions
-----------
* ``valid_from`` / ``valid_to`` are inclusive and compared with the *holiday date*
  itself; ``None`` means "no bound".  "Always" rules have no bounds: they are taken
  as applying throughout the range the calendar supports (1900-2099).  Pre-1991
  and early-1990s history (e.g. Constitution Day exists only since the 1996
  Constitution) is deliberately not modelled; do not rely on years before ~1997.
* Boundaries of the 2017, 2022 and 2023 changes are year-granular (1 January /
  31 December), as fixed by the project specification.  Where the amending law
  entered into force in the middle of a year, the exact date is given in the
  ``legal_ref`` and in a NOTE below; all such mid-year gaps fall under martial
  law (from 24.02.2022), when Art. 73 holidays are working days anyway, so the
  choice changes :meth:`WorkCalendar.holidays` listings but not working days.
* "to verify" marks law numbers/dates that were not checked against the official
  text on zakon.rada.gov.ua.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["HOLIDAY_RULES", "KZPP_ART_73", "HolidayRule"]

KZPP_ART_73 = "ст. 73 Кодексу законів про працю України"


@dataclass(frozen=True, slots=True)
class HolidayRule:
    """One line of Art. 73 КЗпП, valid for a window of dates.

    Exactly one of (``month``, ``day``) -- a fixed date -- or ``easter_offset`` --
    days after Orthodox Easter Sunday (0 = Easter itself) -- must be given.
    """

    name: str
    legal_ref: str
    month: int | None = None
    day: int | None = None
    easter_offset: int | None = None
    valid_from: date | None = None  # inclusive; None = no lower bound
    valid_to: date | None = None  # inclusive; None = still in force

    def __post_init__(self) -> None:
        fixed = self.month is not None or self.day is not None
        if fixed == (self.easter_offset is not None):
            raise ValueError(f"{self.name}: give either month+day or easter_offset, not both/neither")
        if fixed:
            if self.month is None or self.day is None:
                raise ValueError(f"{self.name}: a fixed-date rule needs both month and day")
            if (self.month, self.day) == (2, 29):
                raise ValueError(f"{self.name}: 29 February does not exist every year")
            date(2001, self.month, self.day)  # raises ValueError for an impossible date
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError(f"{self.name}: valid_from {self.valid_from} is after valid_to {self.valid_to}")

    def date_in(self, year: int, easter: date) -> date | None:
        """The date this rule gives in ``year`` (``easter`` = that year's Orthodox Easter), or None."""
        if self.easter_offset is not None:
            day = easter + timedelta(days=self.easter_offset)
        else:
            day = date(year, self.month, self.day)  # type: ignore[arg-type]
        if self.valid_from is not None and day < self.valid_from:
            return None
        if self.valid_to is not None and day > self.valid_to:
            return None
        return day


# --- legal references -------------------------------------------------------------------------------
# Law No. 2211-VIII of 16.11.2017 «Про внесення змін до статті 73 Кодексу законів про працю України щодо
# святкових і неробочих днів»: added 25 December, dropped 2 May.  The project brief cited "No. 1905-VIII";
# two published copies of the law text give No. 2211-VIII -- to verify against zakon.rada.gov.ua.
_LAW_2017 = "Закон України від 16.11.2017 № 2211-VIII (to verify)"

# Law No. 3107-IX of 29.05.2023 «Про День пам’яті та перемоги над нацизмом у Другій світовій війні
# 1939–1945 років», in force 15.06.2023: 8 May replaces 9 May.  (The brief cited "No. 3007-IX" for this law
# and "No. 3107-IX" for the July 2023 law; published sources give 3107-IX for *this* one -- to verify.)
# NOTE: in force 15.06.2023, so legally 9 May 2023 was still in Art. 73 and 8 May 2023 not yet; the rules
# below switch at the year boundary as specified (both dates were under martial law).
_LAW_2023_MAY = "Закон України від 29.05.2023 № 3107-IX, чинний з 15.06.2023 (to verify)"

# Law «Про внесення змін до статті 73 Кодексу законів про працю України» (bill No. 9431, adopted 14.07.2023,
# signed 28.07.2023): Christmas only on 25 December, Statehood Day 15 July, Defenders' Day 1 October.
# Law number to verify (the brief cited "No. 3107-IX", which published sources attribute to the 8 May law).
# NOTE: signed 28.07.2023, so legally 28 July 2023 was still a holiday and 15 July 2023 not yet one; the
# rules below switch at the year boundary as specified (under martial law).
_LAW_2023_JULY = (
    "Закон України про зміни до ст. 73 КЗпП (законопроєкт № 9431, підписаний 28.07.2023; номер — to verify)"
)

# Statehood Day (28 July) was added to Art. 73 by the law on bill No. 5864 (adopted 31.05.2022); first and
# only observance under this rule: 28.07.2022.  The brief cited "No. 1108-IX"; IX-convocation laws of 2022
# carry numbers above 2000 (e.g. 2136-IX of 15.03.2022), so that number is doubtful -- to verify.
_LAW_2022_STATEHOOD = (
    "Закон України про доповнення ст. 73 КЗпП (законопроєкт № 5864, прийнятий 31.05.2022; номер — to verify)"
)

# Defender of Ukraine Day (14 October) was added to Art. 73 by a law adopted 03.03.2015 (number to verify);
# renamed «День захисників і захисниць України» by Law No. 1643-IX of 14.07.2021 (signed 03.08.2021).
_LAW_2015_DEFENDER = "Закон України про зміну ст. 73 КЗпП, прийнятий 03.03.2015 (номер — to verify)"
_LAW_2021_DEFENDERS = "Закон України від 14.07.2021 № 1643-IX (перейменування; to verify)"

# 9 May was renamed «День перемоги над нацизмом у Другій світовій війні (День перемоги)» in 2015
# (Law No. 315-VIII of 09.04.2015 -- to verify).
_LAW_2015_VICTORY = "Закон України від 09.04.2015 № 315-VIII (to verify)"


HOLIDAY_RULES: tuple[HolidayRule, ...] = (
    HolidayRule("Новий рік", KZPP_ART_73, month=1, day=1),
    HolidayRule(
        "Різдво Христове",
        f"{KZPP_ART_73}; виключено: {_LAW_2023_JULY}",
        month=1,
        day=7,
        valid_to=date(2023, 12, 31),  # last observed 07.01.2023
    ),
    HolidayRule("Міжнародний жіночий день", KZPP_ART_73, month=3, day=8),
    HolidayRule("Пасха (Великдень)", KZPP_ART_73, easter_offset=0),
    HolidayRule("Трійця", KZPP_ART_73, easter_offset=49),
    # Before 2018 Art. 73 read "1 і 2 травня" under a different name (pre-2018 wording -- to verify);
    # the current name «День праці» is kept for the whole period.
    HolidayRule("День праці", f"{KZPP_ART_73} (в ред. {_LAW_2017})", month=5, day=1),
    HolidayRule(
        "День праці",
        f"{KZPP_ART_73}; виключено: {_LAW_2017}",
        month=5,
        day=2,
        valid_to=date(2017, 12, 31),  # last observed 02.05.2017
    ),
    HolidayRule(
        "День пам’яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років",
        f"{KZPP_ART_73} (в ред. {_LAW_2023_MAY})",
        month=5,
        day=8,
        valid_from=date(2023, 1, 1),
    ),
    HolidayRule("День Перемоги", KZPP_ART_73, month=5, day=9, valid_to=date(2014, 12, 31)),
    HolidayRule(
        "День перемоги над нацизмом у Другій світовій війні (День перемоги)",
        f"{KZPP_ART_73} (в ред. {_LAW_2015_VICTORY}); виключено: {_LAW_2023_MAY}",
        month=5,
        day=9,
        valid_from=date(2015, 1, 1),
        valid_to=date(2022, 12, 31),
    ),
    HolidayRule("День Конституції України", KZPP_ART_73, month=6, day=28),
    HolidayRule(
        "День Української Державності",
        f"{KZPP_ART_73} (в ред. {_LAW_2023_JULY})",
        month=7,
        day=15,
        valid_from=date(2023, 1, 1),
    ),
    HolidayRule(
        "День Української Державності",
        f"{KZPP_ART_73} (в ред. {_LAW_2022_STATEHOOD}); перенесено: {_LAW_2023_JULY}",
        month=7,
        day=28,
        valid_from=date(2022, 1, 1),
        valid_to=date(2022, 12, 31),
    ),
    HolidayRule("День незалежності України", KZPP_ART_73, month=8, day=24),
    HolidayRule(
        "День захисників і захисниць України",
        f"{KZPP_ART_73} (в ред. {_LAW_2023_JULY})",
        month=10,
        day=1,
        valid_from=date(2023, 1, 1),
    ),
    HolidayRule(
        "День захисника України",
        f"{KZPP_ART_73} (в ред. {_LAW_2015_DEFENDER})",
        month=10,
        day=14,
        valid_from=date(2015, 1, 1),
        valid_to=date(2020, 12, 31),
    ),
    HolidayRule(
        "День захисників і захисниць України",
        f"{KZPP_ART_73} (в ред. {_LAW_2021_DEFENDERS}); перенесено: {_LAW_2023_JULY}",
        month=10,
        day=14,
        valid_from=date(2021, 1, 1),
        valid_to=date(2022, 12, 31),
    ),
    HolidayRule(
        "Різдво Христове",
        f"{KZPP_ART_73} (в ред. {_LAW_2017})",
        month=12,
        day=25,
        valid_from=date(2017, 1, 1),
    ),
)
