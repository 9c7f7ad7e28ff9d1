"""The lifecycle of an equipment item: useful life and end of life, age, straight-line depreciation and the
physical inventory interval.

The defaults per category are configuration with their basis beside them (house rule 5); a hromada's own
CategoryPolicy overrides them, and an item's own useful life overrides both. Every date here is plain calendar
arithmetic with one rule for days that do not exist: 29 February plus a year is 28 February, 31 January plus a
month is the last day of February — the same as PostgreSQL's interval arithmetic, so the bulk recomputation in
SQL (:func:`end_of_life_sql`, :func:`next_check_sql`) and the Python here agree on both databases.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models.expressions import RawSQL

from hromada.itassets.models import Category, CategoryPolicy

# Where the figures come from. A budget institution sets the useful life of its fixed assets in its accounting
# policy; these are the recommended terms the platform starts from until the hromada sets its own.
LIFE_BASIS = ("НП(С)БОДС 121 «Основні засоби» (наказ Мінфіну від 12.10.2010 № 1202): строк корисного "
              "використання встановлює установа в обліковій політиці; тут — рекомендований строк для категорії")
AUDIT_BASIS = ("Положення про інвентаризацію активів та зобов’язань (наказ Мінфіну від 02.09.2014 № 879): "
               "інвентаризація основних засобів — щонайменше раз на рік, перед річною звітністю")
DEPRECIATION_BASIS = ("НП(С)БОДС 121 «Основні засоби»: прямолінійний метод, з місяця, наступного за місяцем "
                      "введення в експлуатацію; ліквідаційна вартість — нуль")


@dataclass(frozen=True)
class Default:
    useful_life_years: int
    audit_interval_months: int
    basis: str  # why this term for this kind of equipment (Ukrainian, shown on the policies page)


DEFAULT_AUDIT_MONTHS = 12
DEFAULTS: dict[str, Default] = {
    Category.COMPUTER: Default(5, 12, "Програма інформатизації (шаблон Мінцифри): показник «комп’ютери, не "
                                      "старші 5 років»; типовий строк морального старіння офісного ПК"),
    Category.LAPTOP: Default(5, 12, "Як для ПК; за інтенсивного використання (виїзна робота) громада може "
                                    "встановити 4 роки"),
    Category.MONITOR: Default(7, 12, "Монітори служать довше за системні блоки"),
    Category.PRINTER: Default(5, 12, "Принтери та БФП: ресурс механізму друку"),
    Category.SERVER: Default(6, 12, "Сервери: строк підтримки виробника (гарантія, оновлення мікропрограм)"),
    Category.NETWORK: Default(7, 12, "Комутатори, маршрутизатори, точки доступу"),
    Category.POWER: Default(5, 12, "ДБЖ і генератори; акумулятори ДБЖ замінюють раз на 3–5 років"),
    Category.CAMERA: Default(6, 12, "Камери відеоспостереження (вулична експлуатація)"),
    Category.PHONE: Default(3, 12, "Телефони і планшети: строк оновлень безпеки"),
    Category.PROJECTOR: Default(6, 12, "Проєктори та інтерактивні панелі"),
    Category.OTHER: Default(5, 12, "Інше обладнання"),
}
assert set(DEFAULTS) == set(Category.values), "every category needs its default"

MODERN_YEARS = 5  # the programme's indicator: computers not older than five years


@dataclass(frozen=True)
class Terms:
    """The useful life and the inventory interval a hromada applies to a category, and whence they come."""

    category: str
    useful_life_years: int
    audit_interval_months: int
    own: bool  # the hromada's own policy (True) or the default (False)
    default: Default


def policies(hromada) -> dict[str, Terms]:
    """The terms of every category for the hromada: its CategoryPolicy rows over the defaults (one query)."""
    own = {p.category: p for p in CategoryPolicy.objects.filter(hromada=hromada)}
    result = {}
    for category, default in DEFAULTS.items():
        policy = own.get(category)
        result[category] = Terms(
            category=category,
            useful_life_years=policy.useful_life_years if policy else default.useful_life_years,
            audit_interval_months=policy.audit_interval_months if policy else default.audit_interval_months,
            own=policy is not None, default=default)
    return result


def useful_life(item, terms: dict[str, Terms]) -> int:
    """The item's own useful life, else its category's for the hromada."""
    if item.useful_life_years:
        return item.useful_life_years
    return terms[item.category].useful_life_years


# --- dates ------------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` plus (or minus) whole months; a day past the month's end becomes its last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """`day` plus (or minus) whole years; 29 February in a common year is 28 February."""
    return add_months(day, 12 * years)


def end_of_life(purchase_date: date | None, years: int | None) -> date | None:
    """The day the useful life runs out: the purchase date plus the useful life."""
    if purchase_date is None or not years:
        return None
    return add_years(purchase_date, years)


def next_check_due(last_checked_on: date | None, purchase_date: date | None, months: int) -> date | None:
    """When the next physical check is due: the last check (or, never checked, the purchase) plus the interval."""
    start = last_checked_on or purchase_date
    return add_months(start, months) if start is not None else None


def age_cutoff(today: date, years: int) -> date:
    """The latest purchase date of an item that is `years` old or more today.

    An item is "older than N years" once the N-th anniversary of its purchase has come (the day its N-year useful
    life ends), so the list's flag and "past its end of life" agree for an N-year life. Bought on 29 February,
    the anniversary in a common year is 28 February — the cutoff then is the 29th.
    """
    cutoff = add_years(today, -years)
    following = cutoff + timedelta(days=1)
    return following if add_years(following, years) <= today else cutoff


def older_than(purchase_date: date | None, years: int, today: date) -> bool:
    return purchase_date is not None and purchase_date <= age_cutoff(today, years)


def age_years(purchase_date: date | None, today: date) -> int | None:
    """Whole years since the purchase (the anniversaries that have come)."""
    if purchase_date is None or purchase_date > today:
        return None if purchase_date is None else 0
    years = today.year - purchase_date.year
    return years if add_years(purchase_date, years) <= today else years - 1


# --- depreciation -----------------------------------------------------------------------------------------

KOPECK = Decimal("0.01")


@dataclass(frozen=True)
class Depreciation:
    cost: Decimal
    useful_life_months: int
    monthly: Decimal  # one month's charge, rounded to kopecks (the last month takes the rounding remainder)
    months: int  # months charged by the date
    accumulated: Decimal
    residual: Decimal  # the book value left: cost − accumulated, never below zero

    @property
    def fully_depreciated(self) -> bool:
        return self.months >= self.useful_life_months


def months_charged(purchase_date: date, at: date, life_months: int) -> int:
    """How many monthly charges are made by `at`: from the month after the purchase, each charged on its last day.

    Bought on 15 March: nothing by 30 April, one charge on 30 April and through May, two on 31 May; never more
    than the useful life.
    """
    months = (at.year * 12 + at.month) - (purchase_date.year * 12 + purchase_date.month) - 1
    if at.day == calendar.monthrange(at.year, at.month)[1]:
        months += 1
    return max(0, min(months, life_months))


def depreciation(cost: Decimal | None, purchase_date: date | None, years: int | None, at: date) -> Depreciation | None:
    """Straight-line depreciation of an item by `at`; None without a cost, a purchase date or a useful life.

    The accumulated depreciation is cost × months charged ÷ months of useful life, rounded half up to kopecks,
    so the whole cost is written off exactly by the end of the useful life.
    """
    if cost is None or purchase_date is None or not years:
        return None
    cost = Decimal(cost)
    life_months = years * 12
    months = months_charged(purchase_date, at, life_months)
    accumulated = (cost * months / life_months).quantize(KOPECK, rounding=ROUND_HALF_UP)
    accumulated = min(accumulated, cost)
    return Depreciation(
        cost=cost, useful_life_months=life_months,
        monthly=(cost / life_months).quantize(KOPECK, rounding=ROUND_HALF_UP),
        months=months, accumulated=accumulated, residual=max(Decimal("0.00"), cost - accumulated))


# --- the same date arithmetic in SQL, for recomputing a whole category at once ----------------------------


def _sqlite_add_months(column: str, months: int) -> str:
    """SQLite: `column` + `months` months, clamped to the month's last day (date() itself would overflow into
    the next month: date('2024-01-31', '+1 month') is 2024-03-02)."""
    month_start = f"date({column}, 'start of month', '{months:+d} months')"
    month_end = f"date({column}, 'start of month', '{months + 1:+d} months', '-1 day')"
    day = f"MIN(CAST(strftime('%%d', {column}) AS INTEGER), CAST(strftime('%%d', {month_end}) AS INTEGER))"
    return f"date({month_start}, '+' || ({day} - 1) || ' days')"


def _add_months_sql(column: str, months: int) -> str:
    months = int(months)  # never text from outside: these are numbers the services checked
    if connection.vendor == "postgresql":
        return f"({column} + make_interval(months => {months}))::date"
    return _sqlite_add_months(column, months)


def end_of_life_sql(years: int) -> RawSQL:
    """purchase_date + `years` years, as an expression for QuerySet.update()."""
    return RawSQL(_add_months_sql('"purchase_date"', 12 * int(years)), [])  # noqa: S611 (column names, int)


def next_check_sql(months: int) -> RawSQL:
    """COALESCE(last_checked_on, purchase_date) + `months` months, as an expression for QuerySet.update()."""
    return RawSQL(_add_months_sql('COALESCE("last_checked_on", "purchase_date")', int(months)), [])  # noqa: S611
