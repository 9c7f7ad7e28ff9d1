"""Benchmarks of the registry of acts: relevance on the demo, indexing of 100 000 acts, and search over them.

* Relevance: the labelled queries of data/acts_relevance.json (written with other word forms than the
  acts use) against the demo acts — recall@10 and MRR.
* Indexing: lemmatising and indexing 100 000 generated acts, against inserting the same rows raw.
* Search: the API call p50/p95 over those acts, against the raw full-text query underneath (the same match
  expression and ranking, no parsing, filters, snippets or JSON).
"""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

from django.db import connection, transaction
from django.test import Client

DATA = Path(__file__).parent / "data" / "acts_relevance.json"
BATCH = 2000


def demo_hromada(slug: str):
    """A demo hromada by its short host name («mohyliv», «slobozhanska»)."""
    from hromada.core.models import HromadaHost

    return HromadaHost.objects.select_related("hromada").get(host=f"{slug}.localhost").hromada


def bench_relevance(report, labelled: list[dict] | None = None) -> None:
    """recall@10 and MRR of the labelled queries; the partial-match ones (labelled "partial": no act has
    every word) are reported again on their own."""
    labelled = labelled if labelled is not None else json.loads(DATA.read_text(encoding="utf-8"))
    partial = [case for case in labelled if case.get("partial")]
    _relevance(labelled, f"relevance: {len(labelled)} labelled queries")
    if partial:
        _relevance(partial, f"relevance: {len(partial)} of them matching not all the words")


def _relevance(labelled: list[dict], title: str) -> None:
    from hromada.acts import search
    from hromada.acts.models import Act
    recalls, reciprocal = [], []
    misses = []
    for case in labelled:
        hromada = demo_hromada(case["hromada"])
        wanted = set()
        for ref in case["relevant"]:
            wanted |= set(Act.objects.filter(hromada=hromada, number=ref["number"], date=ref["date"])
                          .values_list("pk", flat=True))
        found = [hit.act.pk for hit in search.search(hromada, case["query"], limit=10).hits]
        recalls.append(len(wanted & set(found)) / len(wanted) if wanted else 0.0)
        rank = next((i + 1 for i, pk in enumerate(found) if pk in wanted), None)
        reciprocal.append(1 / rank if rank else 0.0)
        if recalls[-1] < 1:
            misses.append(case["query"])
    print(f"{title + ', recall@10':58} {statistics.mean(recalls):10.3f}", flush=True)
    print(f"{title + ', MRR':58} {statistics.mean(reciprocal):10.3f}", flush=True)
    if misses:
        print(f"  queries below full recall: {'; '.join(misses)}", flush=True)


def _make_acts(hromada, count: int) -> list[int]:
    """Insert `count` generated acts (published) without indexing them; returns their ids."""
    from django.utils import timezone

    from hromada.acts import numbers
    from hromada.acts.demo_corpus import generate
    from hromada.acts.models import Act

    published = timezone.now()
    ids = []
    batch = []
    for record in generate(count, seed=5):
        batch.append(Act(hromada=hromada, number=record["number"], number_key=numbers.number_key(record["number"]),
                         date=record["date"], type=record["type"], status=record["status"], title=record["title"],
                         text=record["text"], convocation=record.get("convocation"), session=record.get("session"),
                         published_at=published))
        if len(batch) == BATCH:
            ids += [a.pk for a in Act.objects.bulk_create(batch)]
            batch = []
    if batch:
        ids += [a.pk for a in Act.objects.bulk_create(batch)]
    return ids


def bench_indexing(report, count: int = 100_000):
    from hromada.acts import search
    from hromada.acts.models import Act, SearchEntry
    hromada = demo_hromada("slobozhanska")
    with transaction.atomic():
        ids = _make_acts(hromada, count)
    start = time.perf_counter()
    for first in range(0, len(ids), BATCH):
        with transaction.atomic():
            acts = list(Act.objects.filter(pk__in=ids[first:first + BATCH]))
            search.index_many([(act, []) for act in acts])
    search.optimize_index()  # what `hromada acts-reindex` ends with; part of the cost
    ours = time.perf_counter() - start

    # Raw baseline: the same acts' title and text copied into the index columns unlemmatised, one INSERT per
    # batch through the same triggers (FTS5) or generated columns (PostgreSQL).
    stored = list(SearchEntry.objects.filter(act_id__in=ids[:20_000]).values_list("act_id", flat=True))
    rows = list(Act.objects.filter(pk__in=stored).values_list("pk", "hromada_id", "title", "text"))
    SearchEntry.objects.filter(act_id__in=stored).delete()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany("INSERT INTO acts_searchentry (act_id, hromada_id, title_lemmas, body_lemmas, words) "
                           "VALUES (%s, %s, %s, %s, %s)", [(pk, h, t, x, x) for pk, h, t, x in rows])
    raw = (time.perf_counter() - start) * len(ids) / len(rows)
    # Put the real entries back for the search benchmark.
    SearchEntry.objects.filter(act_id__in=stored).delete()
    for first in range(0, len(stored), BATCH):
        with transaction.atomic():
            search.index_many([(act, []) for act in Act.objects.filter(pk__in=stored[first:first + BATCH])])
    search.optimize_index()
    report(f"index {count} acts ({count / ours:,.0f} acts/s) vs raw insert", ours, raw)
    return hromada


QUERIES = ["земельна ділянка", "оренди землі", "бюджету громади", "ремонт дороги", "матеріальної допомоги",
           "вуличного освітлення", "комунального майна", "проекту землеустрою", "технічна документація",
           "правил благоустрою", "внесення змін до бюджету", "передачі на баланс", "тарифів на воду",
           "програми підтримки", "учасникам бойових дій", "надання дозволу", "приватизація майна",
           "звіт про виконання", "місцевих податків", "ставки орендної плати", '"земельної ділянки"',
           "земельна ділянка -оренда", "№ 154", "відпустки", "преміювання працівників"]


def _raw_search(hromada_id: int, q: str) -> None:
    """The full-text query the API runs for its page, alone: the same match and ranking, limit 20 — without
    parsing the request, the count, loading the acts, snippets or JSON."""
    from hromada.acts import query, search

    filters = search.Filters(published_only=True)
    where, params = search._filter_sql(hromada_id, filters)
    build = search._postgres_sql if connection.vendor == "postgresql" else search._sqlite_sql
    sql = build(query.parse(q), hromada_id, filters, where, params, True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql.key}, {sql.score} AS score{sql.base} ORDER BY {sql.order} LIMIT 20",
                       sql.params)
        cursor.fetchall()


def bench_search(report, hromada, samples: int = 200) -> None:
    from hromada.acts import search
    from hromada.acts.models import Act
    from hromada.core.models import HromadaHost

    total = Act.objects.filter(hromada=hromada).count()
    print(f"full-text index: {search.index_kind()}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    host = HromadaHost.objects.filter(hromada=hromada).values_list("host", flat=True).first()
    client = Client(HTTP_HOST=host)
    rng = random.Random(3)
    queries = [rng.choice(QUERIES) for _ in range(samples)]
    for q in QUERIES:  # warm the lemma cache and the database pages once, as a running server would be
        client.get("/api/v1/acts/search", {"q": q})
    timings, raw_timings = [], []
    for q in queries:
        start = time.perf_counter()
        response = client.get("/api/v1/acts/search", {"q": q})
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, response.content[:300]
        start = time.perf_counter()
        _raw_search(hromada.pk, q)
        raw_timings.append(time.perf_counter() - start)
    p50, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[18]
    raw50, raw95 = statistics.median(raw_timings), statistics.quantiles(raw_timings, n=20)[18]
    report(f"acts search API over {total} acts, p50", p50 * 1000, raw50 * 1000, "ms")
    report(f"acts search API over {total} acts, p95", p95 * 1000, raw95 * 1000, "ms")


def bench_acts(report) -> None:
    bench_relevance(report)
    hromada = bench_indexing(report)
    bench_search(report, hromada)
