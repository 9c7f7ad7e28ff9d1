"""What a version of an act holds, and a readable difference between two versions.

A version stores the act as a reader sees it (unit and topic names, not ids), so an old version stays
readable after a unit is renamed or a topic removed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from hromada.acts.models import Act

TEXT_FIELDS = ("title", "text")
FIELDS = ("number", "date", "type", "status", "title", "text", "convocation", "session", "author_unit",
          "control_unit", "consideration_date", "internal", "topics", "attachments")


def snapshot(act: Act) -> dict:
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
    }


def changed_fields(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return []
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
    before = before or {}
    result = []
    for name in FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        segments = word_diff(old or "", new or "") if name in TEXT_FIELDS else ()
        result.append(FieldDiff(name, old, new, segments))
    return result
