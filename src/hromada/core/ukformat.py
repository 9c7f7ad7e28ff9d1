"""Dates, file sizes and convocations as Ukrainian documents write them — one place for every app.

«6 липня 2026 р.» (no leading zero, «р.» once even where a sentence ends after it), «1,5 МБ» (not «Мб»,
«MB» or bytes), «VIII скликання». The template filters are in core/templatetags/uk_format.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

# «… 2026 р..» — a sentence that ends right after a date: the abbreviation's period ends it too.
_DOUBLE_PERIOD = re.compile(r"(\d[\s\u00a0]р)\.\.(?!\.)")


def end_sentence(text: str) -> str:
    """«Подано 6 липня 2026 р..» → «Подано 6 липня 2026 р.» (an ellipsis «р...» stays)."""
    return _DOUBLE_PERIOD.sub(r"\1.", text)


def _day(value) -> date:
    if isinstance(value, datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def long_date(value) -> str:
    """«6 липня 2026 р.»; a datetime is read as the hromada's (Kyiv) day; None → ""."""
    if not value:
        return ""
    return formats.date_format(_day(value), "DATE_FORMAT")


def long_datetime(value) -> str:
    """«6 липня 2026 р., 13:05» in the hromada's time."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


_UNITS = ("КБ", "МБ", "ГБ", "ТБ")


def file_size(size) -> str:
    """«512 байтів», «1,5 КБ», «23 МБ»: binary units with Ukrainian symbols, a decimal comma, one decimal
    below ten."""
    try:
        size = int(size)
    except (TypeError, ValueError):
        return ""
    if size < 1024:
        return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    value = Decimal(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            break
    shown = value.quantize(Decimal("0.1") if value < 10 else Decimal(1), rounding=ROUND_HALF_UP)
    if shown == 1024 and unit != _UNITS[-1]:  # 1023.6 KB rounds to the next unit
        shown, unit = Decimal("1.0"), _UNITS[_UNITS.index(unit) + 1]
    return f"{shown}".replace(".", ",") + "\u00a0" + unit


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(number) -> str:
    """8 → «VIII» (convocations of councils are numbered so); anything but a positive whole number as it is."""
    try:
        left = int(number)
    except (TypeError, ValueError):
        return "" if number is None else str(number)
    if left <= 0 or left >= 4000:
        return str(number)
    out = []
    for value, letters in _ROMAN:
        count, left = divmod(left, value)
        out.append(letters * count)
    return "".join(out)


def convocation_session(convocation, session) -> str:
    """«VIII скликання, 45 сесія», or either half alone; "" when neither is known."""
    parts = []
    if convocation:
        parts.append(gettext("%(convocation)s convocation") % {"convocation": roman(convocation)})
    if session:
        parts.append(gettext("session %(session)s") % {"session": session})
    return ", ".join(parts)


def entry_into_force(day, today: date | None = None) -> str:
    """«набрав чинності 6 липня 2026 р.» once the day has come, «набирає чинності 6 липня 2026 р.» before it."""
    if not day:
        return ""
    day = _day(day)
    today = today or timezone.localdate()
    if day <= today:
        return gettext("took effect on %(date)s") % {"date": long_date(day)}
    return gettext("takes effect on %(date)s") % {"date": long_date(day)}
