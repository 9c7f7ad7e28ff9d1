"""Test-only access around the append-only triggers (audit log, published versions of acts)."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def audit_triggers_lifted(table: str = "core_auditentry"):
    """Run statements with a table's triggers off (what only a database owner could do), then restore them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks may block ALTER TABLE
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            yield cursor
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name=%s", [table])
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield cursor
            for _name, sql in triggers:
                cursor.execute(sql)
