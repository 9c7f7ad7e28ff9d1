"""A published version of a resource is immutable: the database refuses to change its content or delete it
(what was published on a date stays provable; the only column that may change is the link to the account that
published it, emptied when the account is erased)."""

from django.db import migrations

TABLE = "opendata_resourceversion"
FROZEN = "id, resource_id, number, created_at, source_name, file, original, format, size, sha256, row_count, " \
         "relevance_date, diff, warnings"

SQLITE = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE OF {FROZEN} ON {TABLE}
       BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: UPDATE refused'); END;""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
       BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: DELETE refused'); END;""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;"]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION opendata_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END; $$;""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OF {FROZEN} OR DELETE ON {TABLE}
       FOR EACH ROW EXECUTE FUNCTION opendata_refuse();""",
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};", "DROP FUNCTION IF EXISTS opendata_refuse();"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("opendata", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE, "postgresql": POSTGRES}),
                             _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})),
    ]
