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


# Rows that migrations' post_migrate handlers create and no test changes: a flush keeps them, so the handlers
# find them in place instead of inserting several hundred rows again after every transactional test.
KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})


def quick_sql_flush(original):
    """A `DatabaseOperations.sql_flush` that keeps KEPT_BY_FLUSH and, on PostgreSQL, deletes instead of truncating.

    TRUNCATE gives every table and index a new file, a few seconds for our ~200 tables after each transactional
    test, while the rows a test leaves are few; Django's foreign keys on PostgreSQL are deferred, so DELETEs in
    one transaction need no order. The append-only tables are purged first (the root conftest), as on SQLite,
    whose flush has always been DELETE.
    """

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        tables = [table for table in tables if table not in KEPT_BY_FLUSH]
        if self.connection.vendor != "postgresql" or reset_sequences or allow_cascade:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    return sql_flush


@contextmanager
def quick_flush():
    from django.db.backends.postgresql.base import DatabaseWrapper as PostgreSQL
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLite

    originals = {wrapper.ops_class: wrapper.ops_class.sql_flush for wrapper in (PostgreSQL, SQLite)}
    for cls, original in originals.items():
        cls.sql_flush = quick_sql_flush(original)
    try:
        yield
    finally:
        for cls, original in originals.items():
            cls.sql_flush = original
