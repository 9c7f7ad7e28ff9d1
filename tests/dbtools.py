"""Test-only access around the audit log's append-only triggers."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection


@contextmanager
def audit_triggers_lifted():
    """Run statements with the audit triggers off (what only a database owner could do), then restore them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks may block ALTER TABLE
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER USER")
            yield cursor
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER USER")
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='core_auditentry'")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
            yield cursor
            for _name, sql in triggers:
                cursor.execute(sql)
