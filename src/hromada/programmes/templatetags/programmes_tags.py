"""Template filters of the programme pages: Ukrainian amounts, light markup, percentages."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()
NBSP = "\u00a0"


@register.filter
def uah(value) -> str:
    """Thousand UAH as officials write them: «1 234,500» (no-break space, decimal comma)."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value)).quantize(Decimal("0.001"))
    except InvalidOperation:
        return str(value)
    whole, _dot, fraction = f"{abs(number):,.3f}".partition(".")
    sign = "−" if number < 0 else ""
    return sign + whole.replace(",", NBSP) + "," + fraction


@register.filter
def num(value) -> str:
    """An indicator value without trailing zeros: 35 not 35.000, 12,5 not 12.500."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    text = f"{number:f}"
    return text.replace(".", ",")


@register.filter
def markup(text):
    from hromada.programmes.markup import to_html

    return to_html(text or "")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def isodate(value) -> str:
    """An ISO date from frozen programme data, shown as every other date is («21 листопада 2026 р.»)."""
    from datetime import date

    from django.utils.formats import date_format

    if not value:
        return "—"
    try:
        return date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)
