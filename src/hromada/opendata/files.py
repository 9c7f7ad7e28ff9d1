"""The stored form of a tabular version: a normalised CSV (UTF-8 without BOM, comma, a header of field names),
written and read row by row so that a resource of any size passes in constant memory, and the row-level
difference between two such files."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from hromada.core.ukrtext import xml_safe_data

SAMPLES = 5  # keys of added/removed/changed rows kept to show beside the counts


def cell(value) -> str:
    """A value of a live row as its CSV text: ISO dates, Kyiv times with offset, plain decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) \
            else value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return xml_safe_data(str(value))


@dataclass
class Written:
    sha256: str
    size: int
    rows: int


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable]) -> Written:
    """Write the rows as the normalised CSV, hashing as it goes."""
    digest = hashlib.sha256()
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")

        def flush():
            text = buffer.getvalue()
            digest.update(text.encode("utf-8"))
            out.write(text)
            buffer.seek(0)
            buffer.truncate()

        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(value) for value in row])
            count += 1
            if count % 1000 == 0:
                flush()
        flush()
    return Written(digest.hexdigest(), path.stat().st_size, count)


def read_csv(handle) -> Iterator[list[str]]:
    """Rows (header first) of a normalised CSV opened in binary or text mode."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="") if "b" in getattr(handle, "mode", "b") else handle
    yield from csv.reader(text)


@dataclass
class Diff:
    added: int = 0
    removed: int = 0
    changed: int = 0
    keyed: bool = False
    samples: dict[str, list[str]] = field(default_factory=lambda: {"added": [], "removed": [], "changed": []})

    def as_json(self, previous: int) -> dict:
        return {"previous": previous, "added": self.added, "removed": self.removed, "changed": self.changed,
                "keyed": self.keyed, "samples": self.samples}


def _row_hash(row: list[str]) -> str:
    return hashlib.blake2b("\x1f".join(row).encode("utf-8"), digest_size=16).hexdigest()


def diff(old_rows: Iterator[list[str]], new_rows: Iterator[list[str]], key: list[str]) -> Diff:
    """Rows added, removed and changed between two versions (header first in both).

    With a primary key present in both headers rows are matched by it, so an edited row counts as changed; without
    one a row is its whole content (an edit is a removal and an addition). Memory: one hash per old row.
    """
    old_header, new_header = next(old_rows, []), next(new_rows, [])
    result = Diff()
    positions_old = [old_header.index(k) for k in key if k in old_header]
    positions_new = [new_header.index(k) for k in key if k in new_header]
    keyed = bool(key) and len(positions_old) == len(key) == len(positions_new)
    result.keyed = keyed
    # A changed column set makes every row differ: compare by the new header's names where the old has them.
    reorder = [old_header.index(name) if name in old_header else None for name in new_header]

    def aligned(row: list[str]) -> list[str]:
        return [row[i] if i is not None and i < len(row) else "" for i in reorder]

    def note(kind: str, label: str) -> None:
        if len(result.samples[kind]) < SAMPLES:
            result.samples[kind].append(label)

    if keyed:
        old: dict[tuple, str] = {}
        for row in old_rows:
            old[tuple(row[i] for i in positions_old)] = _row_hash(aligned(row))
        for row in new_rows:
            k = tuple(row[i] for i in positions_new)
            before = old.pop(k, None)
            label = "/".join(k)
            if before is None:
                result.added += 1
                note("added", label)
            elif before != _row_hash(row):
                result.changed += 1
                note("changed", label)
        result.removed = len(old)
        for k in list(old)[:SAMPLES]:
            note("removed", "/".join(k))
        return result
    counts: dict[str, int] = {}
    for row in old_rows:
        h = _row_hash(aligned(row))
        counts[h] = counts.get(h, 0) + 1
    for row in new_rows:
        h = _row_hash(row)
        if counts.get(h):
            counts[h] -= 1
        else:
            result.added += 1
    result.removed = sum(counts.values())
    return result
