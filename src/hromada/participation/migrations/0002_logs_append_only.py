"""The database refuses UPDATE and DELETE on the petition signatures and the ballot log (both are public
hash chains: a removed or altered row would break the recount anyone can make). The one column that may change
is a signature's link to the account (``signer_id``), emptied when a person erases their account."""

from django.db import migrations

TABLES = ("participation_signature", "participation_ballotlogentry")
# Columns an UPDATE may not touch (every column but the account link of a signature).
FROZEN = {
    "participation_signature": "id, hromada_id, petition_id, seq, signer_key, signer_name, signed_at, "
                               "kep_signature, kep_subject, prev_hash, hash",
    "participation_ballotlogentry": "id, hromada_id, edition_id, seq, pseudonym, action, channel, projects, at, "
                                    "prev_hash, hash",
}


def _sqlite(table):
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE OF {FROZEN[table]} ON {table}
           BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE refused'); END;""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
           BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE refused'); END;""",
    ]


def _sqlite_drop(table):
    return [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]


POSTGRES = [
    """CREATE OR REPLACE FUNCTION participation_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END; $$;""",
] + [
    f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OF {FROZEN[table]} OR DELETE ON {table}
       FOR EACH ROW EXECUTE FUNCTION participation_refuse();""" for table in TABLES
]
POSTGRES_DROP = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES] + [
    "DROP FUNCTION IF EXISTS participation_refuse();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("participation", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": [s for t in TABLES for s in _sqlite(t)], "postgresql": POSTGRES}),
            _run({"sqlite": [s for t in TABLES for s in _sqlite_drop(t)], "postgresql": POSTGRES_DROP}),
        ),
    ]
