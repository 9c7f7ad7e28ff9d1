"""PostgreSQL: the acts' full-text indexes become RUM indexes when the `rum` extension can be had, else stay GIN.

A GIN index holds no word positions: a phrase («"земельної ділянки"») or a ranking reads every candidate's
tsvector from the table (out of line, migration 0003) — over 100 000 acts a broad phrase took over a second.
RUM (postgrespro/rum, Debian's `postgresql-15-rum`) keeps the positions in the index, so phrases, exclusions
and the ranking distance (`<=>`) are answered from it.

The extension is used when it is already installed in the database, or is available on the server and this
user may create it (`CREATE EXTENSION` needs a superuser or a trusted extension); otherwise the GIN indexes of
migration 0002 stay. Which one is in use is read from the catalogue — whether the index
`acts_searchentry_lemmas_rum` exists (`acts.search.index_kind()`, once per process) — and the search works
with either. Installing the extension later: run
`CREATE EXTENSION rum` as a superuser and then `hromada migrate acts 0004 && hromada migrate acts`.
SQLite is unchanged (FTS5).
"""

from django.db import DatabaseError, migrations, transaction

COLUMNS = {"lemmas": "lemmas_tsv", "words": "words_tsv"}


def choose(available, create) -> str:
    """"rum" or "gin": `available` is the extension's row in pg_available_extensions — None when the server
    has no such extension, else (installed,) — and `create()` tries to create it, returning whether it could."""
    if available is None:
        return "gin"
    if available[0]:
        return "rum"
    return "rum" if create() else "gin"


def _create_extension(connection) -> bool:
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:  # a savepoint
            cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    except DatabaseError:  # not permitted (no superuser, not a trusted extension): keep GIN
        return False
    return True


def index_method(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT installed_version IS NOT NULL FROM pg_available_extensions WHERE name = 'rum'")
        available = cursor.fetchone()
    return choose(available, lambda: _create_extension(connection))


def _index(kind: str, name: str, column: str) -> str:
    opclass = " rum_tsvector_ops" if kind == "rum" else ""
    return f"CREATE INDEX acts_searchentry_{name}_{kind} ON acts_searchentry USING {kind} ({column}{opclass})"


def _rebuild(kind: str, schema_editor) -> None:
    for name, column in COLUMNS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS acts_searchentry_{name}_gin")
        schema_editor.execute(f"DROP INDEX IF EXISTS acts_searchentry_{name}_rum")
        schema_editor.execute(_index(kind, name, column))


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    if index_method(connection) == "rum":
        _rebuild("rum", schema_editor)
    _forget(connection)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    _rebuild("gin", schema_editor)  # the extension itself stays: other objects may use it
    _forget(connection)


def _forget(connection) -> None:
    from hromada.acts import search

    search.forget_index_kind(connection)


class Migration(migrations.Migration):
    dependencies = [("acts", "0004_searchentry_public")]

    operations = [migrations.RunPython(forwards, backwards)]
