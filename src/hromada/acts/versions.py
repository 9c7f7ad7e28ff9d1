"""What a version of an act holds, and a readable difference between two versions.

A version stores the act as a reader sees it (unit and topic names, not ids), so an old version stays
readable after a unit is renamed or a topic removed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hromada.acts.models import Act, ActRelation, RelationKind

TEXT_FIELDS = ("title", "text")
FIELDS = ("number", "date", "type", "status", "title", "text", "convocation", "session", "author_unit",
          "control_unit", "consideration_date", "internal", "topics", "attachments", "relations")
# Fields added after versions were first stored: an old version reads as having the empty value.
_DEFAULTS = {"relations": []}


def normalized(data: dict | None) -> dict | None:
    """A stored snapshot with the fields added since filled in, comparable with a fresh one."""
    return None if data is None else {**_DEFAULTS, **data}


def _relations(act: Act) -> list[dict]:
    # Read afresh: a caller's act may hold a prefetched list from before the change.
    rows = ActRelation.objects.filter(source_id=act.pk).select_related("target").order_by("kind", "target__date",
                                                                                         "target_id")
    return [{"kind": r.kind, "id": r.target_id, "number": r.target.number, "date": r.target.date.isoformat(),
             "effective_from": r.effective_from.isoformat()} for r in rows]


def relations_text(items, visible=None) -> str:
    """«repeals № 12 of 01.02.2026; …»; `visible`, a set of act ids, leaves the others out (the portal)."""
    parts = []
    for item in items or ():
        if not isinstance(item, dict) or (visible is not None and item.get("id") not in visible):
            continue
        kind = RelationKind(item["kind"]).label if item.get("kind") in RelationKind.values else item.get("kind", "")
        try:
            day = dt.date.fromisoformat(item.get("date", "")).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            day = item.get("date", "")
        parts.append(f"{kind} № {item.get('number', '')} {_('of')} {day}")
    return "; ".join(parts)


def snapshot(act: Act, relations: list | None = None) -> dict:
    """The act as a version stores it; `relations` given by a caller that knows them (a bulk import)."""
    return {
        "number": act.number,
        "date": act.date.isoformat(),
        "type": act.type,
        "status": act.status,
        "title": act.title,
        "text": act.text,
        "convocation": act.convocation,
        "session": act.session,
        "author_unit": act.author_unit.name if act.author_unit_id else "",
        "control_unit": act.control_unit.name if act.control_unit_id else "",
        "consideration_date": act.consideration_date.isoformat() if act.consideration_date else None,
        "internal": act.internal,
        "topics": sorted(t.name for t in act.topics.all()) if act.pk else [],
        "attachments": [{"name": a.original_name, "sha256": a.sha256} for a in act.attachments.all()]
        if act.pk else [],
        "relations": relations if relations is not None else _relations(act) if act.pk else [],
    }


def changed_fields(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return []
    before, after = normalized(before), normalized(after)
    return [name for name in FIELDS if before.get(name) != after.get(name)]


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: str
    before: object
    after: object
    segments: tuple[Segment, ...] = ()  # word-level difference for the long text fields


_TOKEN_RE = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> tuple[Segment, ...]:
    """Word-level difference, whitespace kept, runs of one kind merged."""
    a, b = _TOKEN_RE.findall(before or ""), _TOKEN_RE.findall(after or "")
    segments: list[Segment] = []

    def add(kind: str, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if segments and segments[-1].kind == kind:
            segments[-1] = Segment(kind, segments[-1].text + text)
        else:
            segments.append(Segment(kind, text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            add("same", a[i1:i2])
        else:
            add("removed", a[i1:i2])
            add("added", b[j1:j2])
    return tuple(segments)


def diff(before: dict | None, after: dict) -> list[FieldDiff]:
    """The fields that differ, the title and text with their word-level difference."""
    before, after = normalized(before or {}), normalized(after)
    result = []
    for name in FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        segments = word_diff(old or "", new or "") if name in TEXT_FIELDS else ()
        result.append(FieldDiff(name, old, new, segments))
    return result
