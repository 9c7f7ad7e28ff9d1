"""Figures as Ukrainian readers write them: «100 000,00 грн», «0,2 %», dates «21 листопада 2026 р.»."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from hromada.core.worklist import long_date

register = template.Library()
NBSP = "\u00a0"


def format_money(value) -> str:
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    sign = "−" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + NBSP.join(groups) + "," + cents + NBSP + "грн"


@register.filter
def money(value) -> str:
    return format_money(value)


@register.filter
def uk_date(value) -> str:
    if not value:
        return ""
    if hasattr(value, "date") and callable(value.date):
        from django.utils import timezone

        value = timezone.localdate(value)
    return long_date(value)


@register.filter
def percent_of(part, whole) -> int:
    try:
        return min(100, int(int(part) * 100 / int(whole))) if int(whole) else 0
    except (TypeError, ValueError):
        return 0
