"""Live metrics: figures the platform computes from its own data, for programme indicators and strategy results.

Each app declares its metrics in its ``metrics.py`` (imported when the app is ready) with ``@metric(...)``.
A metric computes a value for a hromada at a date. Where the data carries no history (the list of
institutions, say) the value is the current state, and ``dated`` is False: the programme module snapshots
such values at each monitoring date so that the history is kept there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from hromada.core.collation import uk_sort_key


@dataclass(frozen=True)
class Metric:
    key: str
    name: str  # lazy translation
    unit: str  # lazy translation
    source: str  # lazy translation: where the figure comes from, shown beside every snapshot
    compute: Callable[[object, date], Decimal | int]
    dated: bool = False  # True when compute() honours the date, False when it reads the current state

    def value(self, hromada, at: date) -> Decimal:
        return as_decimal(self.compute(hromada, at))


REGISTRY: dict[str, Metric] = {}


def metric(key: str, *, name, unit, source, dated: bool = False):
    """Register the decorated function ``compute(hromada, at) -> number`` as a live metric."""

    def register(compute):
        if key in REGISTRY and REGISTRY[key].compute is not compute:
            raise ValueError(f"metric {key!r} is registered twice")
        REGISTRY[key] = Metric(key=key, name=name, unit=unit, source=source, compute=compute, dated=dated)
        return compute

    return register


def get_metric(key: str) -> Metric:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(_("Unknown metric: %(key)s") % {"key": key}) from None


def choices() -> list[tuple[str, str]]:
    """(key, «name, unit») pairs sorted by name, for forms."""
    return sorted(((m.key, f"{m.name}, {m.unit}") for m in REGISTRY.values()),
                  key=lambda pair: uk_sort_key(str(pair[1])))


def as_decimal(value) -> Decimal:
    """Metrics are exact numbers with three decimals: counts stay whole, shares are rounded half up."""
    return Decimal(value).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal:
    """A percentage with one decimal place; 0 when there is nothing to divide by."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
