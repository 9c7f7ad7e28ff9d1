"""Writing and verifying the audit log.

Every entry stores the SHA-256 of the previous entry and of its own content, so removing, editing or
reordering rows breaks the chain at the first touched row. The database refuses UPDATE and DELETE on the
table (migration 0002); the chain catches what a database owner could still do by hand.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from hromada.core.models import AuditEntry

GENESIS_HASH = "0" * 64
# Arbitrary constant for pg_advisory_xact_lock: serialises writers of the chain on PostgreSQL.
_PG_LOCK_KEY = 0x48524D41


@dataclass
class AuditContext:
    actor: Any = None
    ip: str | None = None
    request_id: str = ""
    hromada: Any = None
    extra: dict = field(default_factory=dict)


_context: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def set_context(ctx: AuditContext | None) -> contextvars.Token:
    return _context.set(ctx)


def reset_context(token: contextvars.Token) -> None:
    _context.reset(token)


def current_context() -> AuditContext:
    return _context.get() or AuditContext()


def _canonical(entry: AuditEntry) -> bytes:
    at = entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    payload = [
        entry.prev_hash, at, entry.hromada_id, entry.actor_id, entry.actor_label, entry.action,
        entry.object_type, entry.object_id, entry.object_repr, entry.changes, entry.ip, entry.request_id,
    ]
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so the write lock is already held.


def describe(obj: models.Model | None) -> tuple[str, str, str]:
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk), str(obj)[:300]


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict | None = None,
    hromada: Any = None,
    actor: Any = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one entry; actor, address, request id and hromada default to the current request's."""
    ctx = current_context()
    actor = actor if actor is not None else ctx.actor
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if hromada is None:
        hromada = getattr(obj, "hromada", None) if obj is not None and hasattr(obj, "hromada_id") else ctx.hromada
    o_type, o_id, o_repr = describe(obj)
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()
        entry = AuditEntry(
            at=timezone.now(),
            hromada=hromada,
            actor=actor,
            actor_label=(actor.login if actor is not None else "")[:254],
            action=action,
            object_type=object_type if object_type is not None else o_type,
            object_id=object_id if object_id is not None else o_id,
            object_repr=(object_repr if object_repr is not None else o_repr)[:300],
            changes=_jsonable(changes or {}),
            ip=ctx.ip,
            request_id=ctx.request_id,
            prev_hash=last or GENESIS_HASH,
        )
        entry.hash = compute_hash(entry)
        entry.save(force_insert=True)
    return entry


# Fields whose values never enter the log (secrets): model label → field names. A snapshot holds a short
# fingerprint instead, so the log still shows that the value changed.
_MASKED: dict[str, set[str]] = {}


def mask_field(model: type[models.Model], name: str) -> None:
    _MASKED.setdefault(model._meta.label_lower, set()).add(name)


def _masked(value: Any) -> str:
    if not value:
        return ""
    return "•••• " + hashlib.sha256(str(value).encode()).hexdigest()[:8]


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Field values of a record as strings, for diffing before and after a change."""
    names = list(fields) if fields is not None else [
        f.attname for f in obj._meta.concrete_fields if not f.primary_key
    ]
    masked = _MASKED.get(obj._meta.label_lower, ())
    return {name: _masked(getattr(obj, name)) if name in masked else _jsonable(getattr(obj, name))
            for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    return {k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    def describe(self) -> str:
        if self.ok:
            return f"Audit log intact: {self.checked} entries verified."
        return (f"Audit log BROKEN at entry id={self.broken_id}: {self.reason} "
                f"({self.checked} entries before it verified).")


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def verify_chain() -> ChainReport:
    previous = GENESIS_HASH
    checked = 0
    for entry in _entries():
        if entry.prev_hash != previous:
            return ChainReport(checked, entry.id, "previous-hash mismatch: a row before it was removed or changed")
        if compute_hash(entry) != entry.hash:
            return ChainReport(checked, entry.id, "content does not match its hash: the row was altered")
        previous = entry.hash
        checked += 1
    return ChainReport(checked)
