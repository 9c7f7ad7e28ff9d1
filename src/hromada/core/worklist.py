"""The staff worklist: what is due for this person in this hromada now (the staff home page).

Each app offers the items it knows of from its own ``worklist.py``, imported when the app is ready (core's
``apps.py`` autodiscovers it, as it does ``metrics.py``). An app does two things there:

1. declares the kinds of item it offers, each with a Ukrainian label (a lazy translation) and an order::

       from hromada.core import worklist

       worklist.register_kind("cases.answer", _("Answer to an appeal"), order=40)

2. registers a provider for the capability that may see those items::

       @worklist.provider("cases.answers", capability="cases.handle")
       def answers(ctx: worklist.Context) -> list[worklist.Item]:
           rows = selectors.open_cases(ctx.hromada).select_related("department")  # one query, not one per row
           return [worklist.Item(
               kind="cases.answer", title=str(case), url=reverse("cases:detail", args=[case.pk]),
               deadline=case.due, working_days=False, basis=_("Law «Про звернення громадян», Art. 20"),
               state=worklist.state_of(case.due, ctx.today, late=case.is_overdue, soon=case.due_soon),
               unit=case.department.name,
           ) for case in rows]

The registry calls a provider only when ``can(user, hromada, capability)`` holds, so a person whose roles
cannot see the items costs the provider no query. Inside, a provider may narrow further (a department head
sees the own unit's items: ``ctx.roles``, ``ctx.can(...)``).

Rules for a provider:

* **A bounded number of queries whatever the number of items** (select_related/prefetch, aggregate in the
  database; never a query per row). ``tests/core/test_worklist.py`` compares the page's query count for a
  hromada with few items and one with many, per persona: add your kind to it.
* **Tenant-scoped reads only** (the app's selectors with ``ctx.hromada``): another hromada's record never
  shows.
* **Deadlines come from where the module computes them** (its ``deadlines.py``, the core calendar): the
  worklist reuses that code rather than recomputing. ``deadline`` is the last day (a date, or None when the
  matter has no legal term); ``working_days`` says the term runs in working days, so the page counts the
  distance in working days of the core calendar (``ctx.calendar``); ``basis`` is the short legal basis
  shown beside the date, in Ukrainian through gettext, with the figures of the hromada's settings.
* ``state`` is OVERDUE, TODAY, SOON or OPEN; :func:`state_of` maps the module's own "late" and "soon" onto it.

The page sorts the items by deadline (overdue first, then the nearest; items without a deadline last), counts
them per kind and filters by ``?kind=<key>``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from hromada.core.collation import uk_sort_key
from hromada.core.roles import can, roles_of

logger = logging.getLogger(__name__)

OVERDUE = "overdue"
TODAY = "today"
SOON = "soon"
OPEN = "open"
STATES = (OVERDUE, TODAY, SOON, OPEN)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # lazy translation
    order: int = 100


@dataclass(frozen=True)
class Item:
    """One thing due for the person: what it is, where it is, by when and on what legal basis."""

    kind: str  # a registered Kind's key
    title: str
    url: str
    deadline: date | None = None  # the last day of the legal term; None: no legal term
    basis: str = ""  # the legal basis of the deadline, short («ЗУ «Про доступ до публічної інформації», ст. 15»)
    state: str = OPEN
    working_days: bool = False  # the term runs in working days (the distance is counted in them)
    unit: str = ""  # who else it concerns (a unit of the council), if anyone
    detail: str = ""  # one more short line (the programme, who uploaded a file, …)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown worklist kind {self.kind!r}")
        if self.state not in STATES:
            raise ValueError(f"unknown worklist state {self.state!r}")


@dataclass(frozen=True)
class Provider:
    key: str
    capability: str
    collect: Callable[[Context], Iterable[Item]]


KINDS: dict[str, Kind] = {}
PROVIDERS: dict[str, Provider] = {}


def register_kind(key: str, label, *, order: int = 100) -> Kind:
    if key in KINDS and (KINDS[key].label, KINDS[key].order) != (label, order):
        raise ValueError(f"worklist kind {key!r} is registered twice")
    KINDS[key] = Kind(key, label, order)
    return KINDS[key]


def provider(key: str, *, capability: str):
    """Register the decorated ``collect(ctx) -> items``, called only for people who hold ``capability``."""

    def register(collect):
        if key in PROVIDERS and PROVIDERS[key].collect is not collect:
            raise ValueError(f"worklist provider {key!r} is registered twice")
        PROVIDERS[key] = Provider(key, capability, collect)
        return collect

    return register


class Context:
    """Who asks, in which hromada and on which day; the calendar is read once, when a provider needs it."""

    def __init__(self, user, hromada, today: date | None = None):
        self.user, self.hromada = user, hromada
        self.today = today or timezone.localdate()

    @property
    def roles(self) -> frozenset[str]:
        return roles_of(self.user, self.hromada)

    def can(self, capability: str) -> bool:
        return can(self.user, self.hromada, capability)

    @cached_property
    def calendar(self):
        from hromada.core.deadlines import calendar_for

        return calendar_for(self.hromada)


def state_of(deadline: date | None, today: date, *, late: bool, soon: bool = False) -> str:
    """The worklist state from the module's own judgement: ``late`` (past its deadline) and ``soon``."""
    if late:
        return OVERDUE
    if deadline is not None and deadline == today:
        return TODAY
    return SOON if soon else OPEN


def sort_key(item: Item) -> tuple:
    kind = KINDS[item.kind]
    return (item.deadline is None, item.deadline or date.max, kind.order, item.kind, uk_sort_key(str(item.title)),
            item.url)


def collect(ctx: Context) -> list[Item]:
    """Every provider's items for the person, sorted by deadline (none last)."""
    items: list[Item] = []
    for entry in PROVIDERS.values():
        if not ctx.can(entry.capability):
            continue
        items.extend(entry.collect(ctx))
    items.sort(key=sort_key)
    return items


def counts(items: Iterable[Item]) -> list[tuple[Kind, int]]:
    """How many items of each kind, in the kinds' order (kinds without items left out)."""
    totals: dict[str, int] = {}
    for item in items:
        totals[item.kind] = totals.get(item.kind, 0) + 1
    kinds = sorted((KINDS[key] for key in totals), key=lambda kind: (kind.order, kind.key))
    return [(kind, totals[kind.key]) for kind in kinds]


# --- how an item reads ------------------------------------------------------------------------------------


def long_date(day: date) -> str:
    """A date as Ukrainian documents write it: «6 липня 2026 р.»."""
    return date_format(day, pgettext("long date format", "N j, Y"))


def distance(item: Item, today: date, calendar) -> str:
    """«прострочено на 3 робочі дні», «сьогодні», «через 5 днів» — working days where the term runs in them."""
    if item.deadline is None:
        return ""
    if item.deadline == today:
        return _("today")
    if item.deadline < today:
        if item.working_days:
            count = calendar.working_days_between(item.deadline, today)
            if not count:  # past a deadline on a Friday, on the weekend: no working day has passed yet
                return _("overdue")
            return ngettext("overdue by %(count)s working day", "overdue by %(count)s working days",
                            count) % {"count": count}
        count = (today - item.deadline).days
        return ngettext("overdue by %(count)s day", "overdue by %(count)s days", count) % {"count": count}
    if item.working_days:
        count = calendar.working_days_between(today, item.deadline)
        if count:
            return ngettext("in %(count)s working day", "in %(count)s working days", count) % {"count": count}
    count = (item.deadline - today).days
    return ngettext("in %(count)s day", "in %(count)s days", count) % {"count": count}


def failed_imports(ctx: Context, upload_class, *, url_name: str, kinds: Iterable[str] | None = None,
                   title: Callable[[dict], str] | None = None) -> list[Item]:
    """Items for the failed imports of one app's folder, read from their state files on disk (no queries but
    the tasks backend's answer for an import still marked busy; see :mod:`hromada.core.import_flow`).

    An app with a staff import page registers a provider with its import capability that calls this with its
    :class:`~hromada.core.import_flow.Upload` class and the URL name of its result page (``<app>:import-result``).
    """
    import uuid

    from django.urls import reverse

    from hromada.core import import_flow, import_pages

    wanted = set(kinds) if kinds is not None else None
    items = []
    for state in import_flow.stored_states(upload_class, ctx.hromada.pk):
        if wanted is not None and state.get("kind") not in wanted:
            continue
        status = state.get("status")
        # Only a busy import can have died unseen; asking whether its run lives may ask the tasks backend,
        # so it is asked for busy imports only (a handful at a time), never for the finished history.
        if status in import_flow.BUSY:
            status = import_flow.shown_status(state)
        if status != import_flow.State.FAILED:
            continue
        when = import_pages.when(state.get("uploaded_at"))
        uploaded = _("Uploaded %(when)s by %(who)s") % {
            "when": long_date((timezone.localtime(when) if timezone.is_aware(when) else when).date()) if when else "—",
            "who": state.get("uploaded_by_name") or "—"}
        items.append(Item(
            kind="imports.failed",
            title=title(state) if title else _("Import of «%(file)s»") % {"file": state.get("filename", "")},
            url=reverse(url_name, args=[uuid.UUID(state["id"])]),
            detail=" ".join(part for part in (uploaded, str(state.get("message") or "")) if part),
        ))
    return items


register_kind("imports.failed", gettext_lazy("Failed import"), order=90)
