"""Sections other concerns add to an item's staff page, without editing its template.

A concern that has something to show about an item (the software installed on a computer, the IT requests about
it, a camera's location) puts a module ``item_sections.py`` in its package (``hromada.itassets.<concern>``) and
registers a section there::

    from django.utils.translation import gettext_lazy as _

    from hromada.itassets.equipment.sections import section

    @section("software.installations", title=_("Installed software"), template="itassets/software/_item.html",
             order=20)
    def installations(request, item):
        rows = list(selectors.installations(item))  # a bounded number of queries, whatever the rows
        return {"installations": rows} if rows or item.category in COMPUTERS else None

The item page renders every registered section (in ``order``) whose function returns a context (None leaves the
section out) and whose ``capability`` the viewer holds: the template gets the context plus ``item``,
``request``, ``section`` and ``can_manage``. Each section is wrapped in a ``<section>`` with an ``<h2>`` of its
title by the item page, so the template starts below the heading (use ``h3`` inside).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from hromada.core.roles import can

CONCERNS = ("software", "network", "backups", "servicedesk")


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # lazy translation
    template: str
    context: Callable
    order: int = 100
    capability: str | None = None  # None: whoever sees the item


SECTIONS: dict[str, Section] = {}
_discovered = False


def section(key: str, *, title, template: str, order: int = 100, capability: str | None = None):
    """Register the decorated ``context(request, item) -> dict | None`` as a section of the item page."""

    def register(context):
        existing = SECTIONS.get(key)
        if existing is not None and existing.context.__qualname__ != context.__qualname__:
            raise ValueError(f"item section {key!r} is registered twice")
        SECTIONS[key] = Section(key, title, template, context, order, capability)
        return context

    return register


def discover() -> None:
    """Import every concern's ``item_sections`` module once."""
    global _discovered
    if _discovered:
        return
    for concern in CONCERNS:
        name = f"hromada.itassets.{concern}.item_sections"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
    _discovered = True


@dataclass(frozen=True)
class Rendered:
    key: str
    title: str
    html: SafeString


def render(request, item, *, can_manage: bool) -> list[Rendered]:
    discover()
    rendered = []
    for entry in sorted(SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if entry.capability and not can(request.user, request.hromada, entry.capability):
            continue
        context = entry.context(request, item)
        if context is None:
            continue
        html = render_to_string(entry.template, {**context, "item": item, "section": entry,
                                                 "can_manage": can_manage}, request=request)
        rendered.append(Rendered(entry.key, entry.title, html))
    return rendered
