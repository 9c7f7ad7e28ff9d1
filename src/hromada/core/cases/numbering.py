"""Case numbers per hromada, series and year in the hromada's pattern, e.g. «З-2026/000123».

The counter row is locked while a number is taken, so parallel registrations never share a number and a
rolled-back registration gives its number back.
"""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.models import CaseCounter

_FIELDS = {"year", "seq"}


def check_pattern(pattern: str) -> None:
    """A pattern names {seq} (with an optional format such as {seq:06d}) and may name {year}; nothing else."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
        pattern.format(year=2026, seq=1)
    except (ValueError, KeyError, IndexError):
        names = {"?"}
    if "seq" not in names or not names <= _FIELDS or len(pattern) > 30 or not re.search(r"\S", pattern):
        raise ValidationError(_("A number pattern holds {seq} and may hold {year}, e.g. «З-{year}/{seq:06d}»."),
                              code="pattern")


def next_number(hromada, series: str, pattern: str, year: int) -> tuple[str, int]:
    check_pattern(pattern)
    with transaction.atomic():
        CaseCounter.objects.get_or_create(hromada=hromada, series=series, year=year)
        counter = CaseCounter.objects.select_for_update().get(hromada=hromada, series=series, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return pattern.format(year=year, seq=counter.last), counter.last
