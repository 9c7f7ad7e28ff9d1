"""The public hash chains of petition signatures and budget ballots: how a link's hash is made and checked.

A link's hash is SHA-256 over its previous hash and its public fields joined by a unit separator (U+001F, which
no field may contain), in UTF-8; times as ISO 8601 in UTC with microseconds. Anyone holding the published log
(CSV or JSON) recomputes every hash and the count; ``docs/participation.md`` shows the recipe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from hromada.participation.models import GENESIS_HASH

SEPARATOR = "\x1f"


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")  # one form whatever the zone
    return "" if value is None else str(value)


def joined(fields: Sequence) -> str:
    """The fields as they enter the hashed payload: text, separated by U+001F (which no field may contain)."""
    return SEPARATOR.join(_text(field).replace(SEPARATOR, " ") for field in fields)


def link_hash(prev_hash: str, fields: Sequence) -> str:
    payload = SEPARATOR.join([prev_hash, joined(fields)]) if fields else prev_hash
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    broken_at: int | None = None  # the seq of the first bad link
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(links: Iterable[tuple[int, str, str, Sequence]]) -> ChainCheck:
    """Check (seq, prev_hash, hash, fields) links in order: numbered 1, 2, …, each chained to the one before."""
    previous, checked = GENESIS_HASH, 0
    for seq, prev_hash, stored, fields in links:
        checked += 1
        if seq != checked:
            return ChainCheck(checked, seq, "numbering gap: a link is missing")
        if prev_hash != previous:
            return ChainCheck(checked, seq, "previous-hash mismatch: a link before it was removed or changed")
        if link_hash(prev_hash, fields) != stored:
            return ChainCheck(checked, seq, "content does not match its hash: the link was altered")
        previous = stored
    return ChainCheck(checked)
