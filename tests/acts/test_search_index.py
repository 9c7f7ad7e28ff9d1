"""Which full-text index answers the search: FTS5 on SQLite; on PostgreSQL RUM when the `rum` extension could be
had (migration 0005), GIN otherwise — and the search gives the same answers with either."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.db import connection

from hromada.acts import search
from tests.acts.builders import act, secretary

pytestmark = pytest.mark.django_db

rum_migration = importlib.import_module("hromada.acts.migrations.0005_search_rum_index")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes")


def test_the_index_is_chosen_from_what_the_server_offers():
    def refuse():
        return False

    def allow():
        return True

    assert rum_migration.choose(None, allow) == "gin"  # the server has no rum extension
    assert rum_migration.choose((True,), refuse) == "rum"  # installed in this database already
    assert rum_migration.choose((False,), allow) == "rum"  # available and this user may create it
    assert rum_migration.choose((False,), refuse) == "gin"  # available, but creating it was refused


@pytest.fixture
def corpus(hromada_a):
    user = secretary(hromada_a)
    return {
        "land": act(hromada_a, user, number="154", when=date(2024, 3, 28),
                    title="Про надання в оренду земельних ділянок громадянам",
                    text="Надати в оренду земельну ділянку площею 0,25 га у с. Могилів."),
        "permit": act(hromada_a, user, number="2311-25/VIII", when=date(2023, 5, 4),
                      title="Про надання дозволу на розроблення проекту землеустрою",
                      text="Розробити проект землеустрою щодо відведення земельної ділянки."),
        "support": act(hromada_a, user, number="31", when=date(2025, 1, 10),
                       title="Про Програму підтримки сільгоспвиробників", text="Допомога аграріям громади."),
    }


QUERIES = ['"земельної ділянки"', "земельна ділянка -оренда", 'земельна ділянка -"в оренду"', "№ 154",
           "програма підтримки фермерів", "проект землеустрою", '-оренда "земельну ділянку"']


def answers(hromada) -> list:
    result = []
    for q in QUERIES:
        found = search.search(hromada, q)
        result.append((q, found.count, found.partial_count, sorted((hit.act.pk, hit.match) for hit in found.hits)))
    return result


@pytest.fixture
def gin_instead():
    """The fallback's indexes in place of RUM's, for one test (DDL is rolled back with the test)."""

    def swap():
        with connection.cursor() as cursor:  # the rows just written have deferred checks, which block DDL
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with connection.schema_editor(atomic=False) as editor:
            rum_migration._rebuild("gin", editor)
        search.forget_index_kind()

    yield swap
    search.forget_index_kind()


def test_sqlite_keeps_fts5():
    if connection.vendor == "sqlite":
        assert search.index_kind() == "fts5"


@postgres_only
def test_postgresql_uses_rum_when_the_extension_exists(hromada_a, corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'rum'")
        installed = cursor.fetchone()[0] == 1
        cursor.execute("SELECT c.relname, am.amname, o.opcname FROM pg_index i "
                       "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
                       "JOIN pg_opclass o ON o.oid = i.indclass[0] "
                       "WHERE i.indrelid = 'acts_searchentry'::regclass AND o.opcintype = 'tsvector'::regtype "
                       "ORDER BY c.relname")
        indexes = cursor.fetchall()
    if not installed:
        pytest.skip("the rum extension is not on this server (postgresql-15-rum)")
    assert search.index_kind() == "rum"
    assert indexes == [("acts_searchentry_lemmas_rum", "rum", "rum_tsvector_ops"),
                       ("acts_searchentry_words_rum", "rum", "rum_tsvector_ops")]
    # A phrase is answered from the RUM index (positions in it), not by re-reading every candidate's tsvector.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT act_id FROM acts_searchentry e WHERE e.words_tsv @@ "
                       "to_tsquery('simple', 'земельної <-> ділянки')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "acts_searchentry_words_rum" in plan


@postgres_only
def test_the_gin_fallback_gives_the_same_answers(hromada_a, corpus, gin_instead):
    with_rum = answers(hromada_a)
    gin_instead()
    assert search.index_kind() == "gin"
    assert answers(hromada_a) == with_rum
    assert [row[1:3] for row in with_rum] == [(1, 0), (1, 0), (1, 0), (1, 0), (0, 1), (1, 0), (0, 0)]
