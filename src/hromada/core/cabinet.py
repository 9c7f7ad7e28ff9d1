"""The resident cabinet's sections: each module registers its own ("my appeals", "my signatures", …).

A section is a title, an order, and a function that, given the request, returns the context its template
shows on the cabinet page (or None to leave the section out, e.g. for an unverified person). A module calls
``register`` from its ``cabinet_sections.py``; core's cabinet page asks each in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # lazy translation
    template: str
    context: Callable  # (request, membership) -> dict | None
    order: int = 100
    url_name: str = ""  # the section's own page, when it has more than the cabinet shows


SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    if section.key in SECTIONS:
        raise ValueError(f"cabinet section {section.key!r} is registered twice")
    SECTIONS[section.key] = section
    return section


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.key))


def render_sections(request, membership) -> list[dict]:
    """The sections to show this person, each with its title, template and context."""
    shown = []
    for section in sections():
        context = section.context(request, membership)
        if context is None:
            continue
        shown.append({"section": section, "context": context})
    return shown
