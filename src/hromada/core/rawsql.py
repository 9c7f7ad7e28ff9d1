"""Plain SQL for the few statements every request of a peak runs: the tenant, the API token, the resident's
facts, a ballot, a signature.

Composing a query with the ORM costs a millisecond of CPU or more (five joined tables: more), running it against
a local database a tenth of that; on a voting day it is the ORM, not the database, that sets how many requests
a core can answer (bench/participation.py, docs/decisions/0011-hot-path-sql.md). These helpers build each
statement from the models' own field lists — a new column is picked up without editing SQL — and convert the
values both ways exactly as the ORM would (``get_db_prep_save`` on the way in, the backend's and the field's
converters on the way out), so what comes back are ordinary model instances. ``ON CONFLICT ... DO NOTHING
RETURNING`` lets a unique constraint decide who was first without a savepoint. Every statement here runs on
PostgreSQL and on SQLite (3.35 and newer).

Everything else keeps using the ORM: this is for hot paths measured in bench/, each with a comment saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections

try:
    import psycopg
except ImportError:  # an installation on SQLite only
    psycopg = None
else:
    class _PreparingCursor(psycopg.Cursor):
        """A server-side binding cursor whose statements are prepared on their connection."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)


def run(sql: str, params: Sequence = (), *, returns: bool = False) -> list[tuple]:
    """Execute one statement; with ``returns`` the rows it gives back (a SELECT, or RETURNING).

    On PostgreSQL the statement is prepared on the connection (psycopg's server-side binding, ``prepare=True``):
    the connections live across requests (CONN_MAX_AGE), so a join is planned once per connection instead of on
    every request. The ORM's own statements keep Django's client-side binding."""
    db = connections[DEFAULT_DB_ALIAS]  # once: every attribute of the ``connection`` proxy is a context lookup
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if returns else []
    db.ensure_connection()
    # Django's own cursor wrapper around it: errors translated, queries logged and counted as any other.
    with db._prepare_cursor(_PreparingCursor(db.connection)) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returns else []


def run_together(statements: Sequence[tuple[str, Sequence]]) -> None:
    """Several writes to different tables as one statement on PostgreSQL (all but the last as data-modifying
    ``WITH`` parts: one round trip while a hot row's lock is held), one after another elsewhere."""
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        for sql, params in statements:
            run(sql, params)
        return
    *parts, (last, last_params) = statements
    prefix = ", ".join(f"w{i} AS ({sql})" for i, (sql, _) in enumerate(parts))
    run(f"WITH {prefix} {last}" if parts else last, [p for _, params in parts for p in params] + list(last_params))


def one(sql: str, params: Sequence = ()) -> tuple | None:
    found = run(sql, params, returns=True)
    return found[0] if found else None


def for_update() -> str:
    """The row lock of a writer that keeps the key: `` FOR NO KEY UPDATE`` on PostgreSQL (it lets the foreign-key
    checks of other transactions' new rows through, as a plain UPDATE would), nothing on SQLite, whose IMMEDIATE
    transaction holds the whole database already."""
    features = connections[DEFAULT_DB_ALIAS].features
    if features.has_select_for_no_key_update:
        return " FOR NO KEY UPDATE"
    return " FOR UPDATE" if features.has_select_for_update else ""


@cache
def q(name: str) -> str:
    """A quoted table or column name (PostgreSQL and SQLite quote alike)."""
    return connection.ops.quote_name(name)


# --- reading model instances ----------------------------------------------------------------------------------

@cache
def _reader(model, vendor: str) -> tuple[list[str], list[str], list[tuple], int]:
    """The model's concrete fields: attribute names, column names and, per column, its expression and value
    converters (what the ORM's compiler would apply)."""
    del vendor  # part of the cache key only: converters differ per backend
    fields = model._meta.concrete_fields
    converters = []
    for field in fields:
        column = field.get_col(model._meta.db_table)
        converters.append((column, connection.ops.get_db_converters(column) + column.get_db_converters(connection)))
    names = [f.attname for f in fields]
    return names, [f.column for f in fields], converters, names.index(model._meta.pk.attname)


@cache
def _columns(model, alias: str, vendor: str) -> str:
    return ", ".join(f"{alias}.{q(column)}" for column in _reader(model, vendor)[1])


def columns(model, alias: str) -> str:
    """``alias."col", …`` for every concrete field of the model, in the order ``fetch`` reads them."""
    return _columns(model, alias, connections[DEFAULT_DB_ALIAS].vendor)


def fetch(models: Sequence, sql: str, params: Sequence = ()) -> list[tuple]:
    """Run ``sql`` whose SELECT list is ``columns(model, alias)`` for each model in turn; each row becomes a tuple
    of instances, None for a model whose primary key came back NULL (the empty side of a LEFT JOIN)."""
    db = connections[DEFAULT_DB_ALIAS]
    readers = [(model, *_reader(model, db.vendor)) for model in models]
    found = []
    for row in run(sql, params, returns=True):
        instances, start = [], 0
        for model, names, _, converters, pk_index in readers:
            values = list(row[start:start + len(names)])
            start += len(names)
            for i, (column, chain) in enumerate(converters):
                for convert in chain:
                    values[i] = convert(values[i], column, db)
            instances.append(None if values[pk_index] is None else model.from_db(db.alias, names, values))
        found.append(tuple(instances))
    return found


def fetch_one(models: Sequence, sql: str, params: Sequence = ()) -> tuple | None:
    found = fetch(models, sql, params)
    return found[0] if found else None


def get(model, **where) -> object | None:
    """The one row of ``model`` whose columns equal ``where`` (``get(Edition, id=5, hromada_id=2)``), or None."""
    table = q(model._meta.db_table)
    condition = " AND ".join(f"t.{q(column)} = %s" for column in where)
    found = fetch_one([model], f"SELECT {columns(model, 't')} FROM {table} t WHERE {condition}",  # noqa: S608
                      list(where.values()))
    return found[0] if found else None


# --- writing --------------------------------------------------------------------------------------------------

def _values(instance) -> tuple[list[str], list]:
    """The columns and database values of a new row, as ``Model.save(force_insert=True)`` would write them."""
    names, values, db = [], [], connections[DEFAULT_DB_ALIAS]
    for field in instance._meta.concrete_fields:
        if field.primary_key and getattr(instance, field.attname) is None:
            continue
        names.append(q(field.column))
        values.append(field.get_db_prep_save(field.pre_save(instance, True), db))
    return names, values


def insert_sql(instance) -> tuple[str, list]:
    """The INSERT of an unsaved instance (without RETURNING), for ``run_together``."""
    names, values = _values(instance)
    return (f"INSERT INTO {q(instance._meta.db_table)} ({', '.join(names)}) "  # noqa: S608 (names from the model)
            f"VALUES ({', '.join(['%s'] * len(values))})", values)


def add_to_sql(model, column: str, ids: Sequence[int], delta: int) -> tuple[str, list]:
    """``column = column + delta`` on the rows with these ids, for ``run_together``."""
    table, name = q(model._meta.db_table), q(column)
    return (f"UPDATE {table} SET {name} = {name} + %s "  # noqa: S608
            f"WHERE {q(model._meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})", [delta, *ids])


def insert(instance, *, unique: Sequence[str] = ()) -> int | None:
    """Insert the unsaved instance; its new id, set on the instance too. With ``unique`` (the columns of a unique
    constraint) a row that already has those values is left alone and None is returned: the caller decides what
    «already there» means (409, a change of ballot)."""
    sql, values = insert_sql(instance)
    pk = instance._meta.pk
    if unique:
        sql += f" ON CONFLICT ({', '.join(q(column) for column in unique)}) DO NOTHING"
    row = one(f"{sql} RETURNING {q(pk.column)}", values)
    if row is None:
        return None
    setattr(instance, pk.attname, row[0])
    instance._state.adding = False
    return row[0]


def insert_rows(model, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Insert plain rows (already database values) into the model's table in one statement."""
    if not rows:
        return
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    run(f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(c) for c in columns)}) "  # noqa: S608
        f"VALUES {', '.join([marks] * len(rows))}", [value for row in rows for value in row])


def add_to(model, column: str, ids: Sequence[int], delta: int) -> None:
    """``column = column + delta`` on the rows with these ids (counts kept beside the rows they count)."""
    if ids:
        run(*add_to_sql(model, column, ids, delta))
