"""Kinds of case and their statutory clocks, registered by the module that owns them.

A term is an amount in a unit of the core calendar with the legal basis shown beside the date. The functions a
kind gives receive the case (its subkind, urgency, category, hromada) and return the term that applies, so the
figures come from the hromada's settings (``core.hromada_settings``) with their references.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

UNITS = ("working_days", "calendar_days", "months", "hours")


@dataclass(frozen=True)
class Term:
    amount: int
    unit: str  # one of UNITS
    basis: str  # short legal basis (a translated string) shown beside the due date

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown term unit {self.unit!r}")
        if self.amount < 1:
            raise ValueError("a term is at least one unit long")


@dataclass(frozen=True)
class CaseKind:
    key: str
    label: str  # lazy translation
    # The setting that holds the number pattern of the series, e.g. «З-{year}/{seq:06d}».
    number_setting: str
    term: Callable  # (case) -> Term: the term of a newly registered case
    extension_limit: Callable | None = None  # (case) -> Term: the longest total term, counted from receipt
    extension_window: Callable | None = None  # (case) -> Term: an extension must be decided within it
    forward_term: Callable | None = None  # (case) -> Term: forwarding to the competent body within it
    subkinds: tuple[tuple[str, str], ...] = ()  # (key, lazy label)
    refusal_grounds: tuple[tuple[str, str], ...] = ()  # (key, lazy label with the article)
    closing_grounds: tuple[tuple[str, str], ...] = ()  # grounds to close without consideration
    # Same applicant and matter within this many days: a repeated case (an int, or (case) -> int).
    repeat_window_days: object = None
    basis_label: str = ""  # the law the kind lives under, for pages and reports
    extra: dict = field(default_factory=dict)

    def subkind_label(self, key: str) -> str:
        return str(dict(self.subkinds).get(key, key))

    def refusal_label(self, key: str) -> str:
        return str(dict(self.refusal_grounds + self.closing_grounds).get(key, key))


REGISTRY: dict[str, CaseKind] = {}


def register(kind: CaseKind) -> CaseKind:
    if kind.key in REGISTRY and REGISTRY[kind.key] is not kind:
        raise ValueError(f"case kind {kind.key!r} is registered twice")
    REGISTRY[kind.key] = kind
    return kind


def get(key: str) -> CaseKind:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown case kind {key!r}; registered: {sorted(REGISTRY)}") from None


def choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in REGISTRY.values()]
