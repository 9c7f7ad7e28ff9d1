"""The full-text index of acts on each database, and versions the database itself refuses to rewrite.

SQLite: an FTS5 table over acts_searchentry (external content), kept by insert/delete triggers; the
tokenizer folds case only (remove_diacritics 0 keeps й and ї apart from и and і).
PostgreSQL: generated tsvector columns in the `simple` configuration — the text is already lemmatised in
Python — the title weighted A and the body B, with GIN indexes.
Both: a published version (acts_actversion.published) can be neither updated nor deleted.
"""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE acts_fts USING fts5(
         title_lemmas, body_lemmas, words,
         content='acts_searchentry', content_rowid='act_id', tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER acts_searchentry_ai AFTER INSERT ON acts_searchentry BEGIN
         INSERT INTO acts_fts(rowid, title_lemmas, body_lemmas, words)
         VALUES (new.act_id, new.title_lemmas, new.body_lemmas, new.words);
       END""",
    """CREATE TRIGGER acts_searchentry_ad AFTER DELETE ON acts_searchentry BEGIN
         INSERT INTO acts_fts(acts_fts, rowid, title_lemmas, body_lemmas, words)
         VALUES ('delete', old.act_id, old.title_lemmas, old.body_lemmas, old.words);
       END""",
    """CREATE TRIGGER acts_searchentry_au AFTER UPDATE ON acts_searchentry BEGIN
         INSERT INTO acts_fts(acts_fts, rowid, title_lemmas, body_lemmas, words)
         VALUES ('delete', old.act_id, old.title_lemmas, old.body_lemmas, old.words);
         INSERT INTO acts_fts(rowid, title_lemmas, body_lemmas, words)
         VALUES (new.act_id, new.title_lemmas, new.body_lemmas, new.words);
       END""",
    """CREATE TRIGGER acts_actversion_no_update BEFORE UPDATE ON acts_actversion WHEN old.published
       BEGIN SELECT RAISE(ABORT, 'acts_actversion: a published version cannot be changed'); END""",
    """CREATE TRIGGER acts_actversion_no_delete BEFORE DELETE ON acts_actversion WHEN old.published
       BEGIN SELECT RAISE(ABORT, 'acts_actversion: a published version cannot be deleted'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS acts_actversion_no_delete",
    "DROP TRIGGER IF EXISTS acts_actversion_no_update",
    "DROP TRIGGER IF EXISTS acts_searchentry_au",
    "DROP TRIGGER IF EXISTS acts_searchentry_ad",
    "DROP TRIGGER IF EXISTS acts_searchentry_ai",
    "DROP TABLE IF EXISTS acts_fts",
]
POSTGRES = [
    """ALTER TABLE acts_searchentry
         ADD COLUMN lemmas_tsv tsvector GENERATED ALWAYS AS (
           setweight(to_tsvector('simple'::regconfig, title_lemmas), 'A') ||
           setweight(to_tsvector('simple'::regconfig, body_lemmas), 'B')) STORED,
         ADD COLUMN words_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, words)) STORED""",
    "CREATE INDEX acts_searchentry_lemmas_gin ON acts_searchentry USING gin (lemmas_tsv)",
    "CREATE INDEX acts_searchentry_words_gin ON acts_searchentry USING gin (words_tsv)",
    """CREATE OR REPLACE FUNCTION acts_actversion_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD.published THEN
           RAISE EXCEPTION 'acts_actversion: a published version cannot be changed (%)', TG_OP
             USING ERRCODE = 'insufficient_privilege';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$""",
    """CREATE TRIGGER acts_actversion_published_immutable BEFORE UPDATE OR DELETE ON acts_actversion
       FOR EACH ROW EXECUTE FUNCTION acts_actversion_refuse()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS acts_actversion_published_immutable ON acts_actversion",
    "DROP FUNCTION IF EXISTS acts_actversion_refuse()",
    "DROP INDEX IF EXISTS acts_searchentry_words_gin",
    "DROP INDEX IF EXISTS acts_searchentry_lemmas_gin",
    "ALTER TABLE acts_searchentry DROP COLUMN IF EXISTS words_tsv, DROP COLUMN IF EXISTS lemmas_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("acts", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
