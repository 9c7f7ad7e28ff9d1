"""{% load uk_format %}: |long_date «6 липня 2026 р.», |long_datetime, |file_size «1,5 МБ», |roman «VIII»,
|entry_into_force «набрав/набирає чинності 6 липня 2026 р.»,
and {% filter end_sentence %} around a sentence that may end with a date («р.» once, never «р..»)."""

from __future__ import annotations

from django import template

from hromada.core import ukformat

register = template.Library()

register.filter("long_date", ukformat.long_date)
register.filter("long_datetime", ukformat.long_datetime)
register.filter("file_size", ukformat.file_size)
register.filter("roman", ukformat.roman)
register.filter("entry_into_force", ukformat.entry_into_force)


@register.filter
def convocation_session(act) -> str:
    """An act's or a session's «VIII скликання, 45 сесія»."""
    return ukformat.convocation_session(getattr(act, "convocation", None), getattr(act, "session", None))
register.filter("end_sentence", ukformat.end_sentence, is_safe=True)
