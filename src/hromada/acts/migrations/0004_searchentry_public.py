"""Search entries say whether the act is public (published, not internal) in a column of their own.

PostgreSQL checked it with a token in the lemma tsvector, which made every public search intersect its words
with a posting list as long as the registry (a narrow query: 3 → 25 ms); the column is read on the narrow
row the match visits anyway. SQLite keeps the token (FTS5 answers the whole match from its index) and gets
the column too, so the entry is the same on both.

The column is added by hand with a database default: Django would rebuild the SQLite table for a NOT NULL
column, which drops the FTS5 triggers on it. The SQLite update trigger is narrowed to the indexed columns,
so that setting the flag does not rewrite the full-text index.
"""

from django.db import migrations, models

ADD = "ALTER TABLE acts_searchentry ADD COLUMN public boolean NOT NULL DEFAULT false"
FILL = "UPDATE acts_searchentry SET public = (title_lemmas LIKE '% pub1 %' OR title_lemmas LIKE '% pub1')"
SQLITE_TRIGGER = """CREATE TRIGGER acts_searchentry_au AFTER UPDATE OF title_lemmas, body_lemmas, words
       ON acts_searchentry BEGIN
         INSERT INTO acts_fts(acts_fts, rowid, title_lemmas, body_lemmas, words)
         VALUES ('delete', old.act_id, old.title_lemmas, old.body_lemmas, old.words);
         INSERT INTO acts_fts(rowid, title_lemmas, body_lemmas, words)
         VALUES (new.act_id, new.title_lemmas, new.body_lemmas, new.words);
       END"""
SQLITE_TRIGGER_ANY = SQLITE_TRIGGER.replace("AFTER UPDATE OF title_lemmas, body_lemmas, words", "AFTER UPDATE")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS acts_searchentry_au")
        schema_editor.execute(SQLITE_TRIGGER)
    schema_editor.execute(ADD, params=None)
    schema_editor.execute(FILL, params=None)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("ALTER TABLE acts_searchentry DROP COLUMN public")
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS acts_searchentry_au")
        schema_editor.execute(SQLITE_TRIGGER_ANY)


class Migration(migrations.Migration):
    dependencies = [("acts", "0003_search_entry_out_of_line")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField("searchentry", "public", models.BooleanField(default=False))],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
