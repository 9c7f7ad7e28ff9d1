"""Template filters of the equipment pages."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()
NBSP = "\u00a0"


@register.filter
def hryvnias(value) -> str:
    """An amount in hryvnias to the kopeck as Ukrainians write it: «24 000,50» (no-break spaces, decimal comma)."""
    if value in (None, ""):
        return "—"
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    whole, _dot, fraction = f"{abs(number):,.2f}".partition(".")
    return ("−" if number < 0 else "") + whole.replace(",", NBSP) + "," + fraction
