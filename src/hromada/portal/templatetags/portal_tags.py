"""Template filters of the portal."""

from django import template

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+380XXXXXXXXX → «+380 XX XXX XX XX» for reading; anything else as it is."""
    value = value or ""
    if len(value) == 13 and value.startswith("+380") and value[1:].isdigit():
        digits = value[4:]
        return f"+380 {digits[:2]} {digits[2:5]} {digits[5:7]} {digits[7:]}"
    return value
