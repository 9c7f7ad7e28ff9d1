"""PostgreSQL: keep the search entries' texts and tsvectors out of line (TOAST), so the table itself is narrow.

A broad query («земельна ділянка» matches a third of a registry) visits every matching row to count it; with
the values inline each row is ~2 KB and the count reads the whole table, out of line it reads a few MB
(measured in bench/acts.py: 800 ms → 20 ms over 100 000 acts). Ranking still reads the values, for the rank
window only (acts.search.RANK_WINDOW).
"""

from django.db import migrations

COLUMNS = ("title_lemmas", "body_lemmas", "words", "lemmas_tsv", "words_tsv")


def _storage(kind: str, target: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        columns = ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in COLUMNS)
        schema_editor.execute(f"ALTER TABLE acts_searchentry SET (toast_tuple_target = {target}), {columns}")

    return run


class Migration(migrations.Migration):
    dependencies = [("acts", "0002_search_index_and_append_only_versions")]

    operations = [migrations.RunPython(_storage("EXTERNAL", 128), _storage("EXTENDED", 2032))]
