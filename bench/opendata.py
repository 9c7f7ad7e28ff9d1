"""Open data (issue 14).

1. CKAN ``package_search`` over 10 000 datasets of one hromada, through the whole Django stack (the test client
   calling /api/3/action/package_search with q, fq and paging): p50/p95 of 200 queries drawn from 20. Raw
   baseline: the same word-form filter, count and first page as plain SQL over the same table.
2. A live resource of 100 000 rows: generating its version (rows from the registry → the normalised CSV →
   the row API's rows) and downloading it streamed as CSV and as JSON — time and peak Python memory
   (tracemalloc). Raw baseline: the same rows dumped from the table to a CSV file by a plain SELECT with
   csv.writer (and COPY … TO STDOUT on PostgreSQL) in the same run.

``python bench/opendata.py`` runs only this on a fresh database (SQLite in a temp data dir, PostgreSQL when
HROMADA_DATABASE_URL is set); ``bench_opendata(report)`` is the entry for ``bench/run.py``.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc

from django.db import connection

DATASETS = int(os.environ.get("HROMADA_BENCH_DATASETS", "10000"))
ROWS = int(os.environ.get("HROMADA_BENCH_ROWS", "100000"))
MOHYLIV = "UA12020110000034205"
WORDS = ["бюджет", "програма", "земельна ділянка", "оренда", "майно", "договори", "школа", "транспорт",
         "зупинки", "розклад", "петиції", "голосування", "депутати", "паспорти", "звіти", "ремонт доріг",
         "благоустрій", "освіта", "реєстр", "перелік"]
TOPICS = ["бюджетних програм", "земельних ділянок в оренді", "об’єктів комунального майна", "укладених договорів",
          "закладів освіти", "зупинок громадського транспорту", "електронних петицій", "поіменного голосування",
          "депутатів ради", "ремонту доріг", "об’єктів благоустрою", "регуляторних актів"]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _make_datasets(hromada, n: int) -> None:
    from hromada.core.ukrlemma import index_text
    from hromada.opendata.models import Dataset, Resource

    rng = random.Random(14)
    batch, resources = [], []
    existing = Dataset.objects.filter(hromada=hromada, slug__startswith="bench-").count()
    for i in range(existing, n):
        title = f"Перелік {rng.choice(TOPICS)} {2000 + i % 27} року № {i}"
        description = (f"Набір даних про {rng.choice(TOPICS)} і {rng.choice(TOPICS)}: оновлюється за потреби; "
                       f"підготовлено для навантажувального тесту.")
        keywords = [rng.choice(WORDS), rng.choice(WORDS)]
        dataset = Dataset(hromada=hromada, slug=f"bench-{i}", identifier=f"bench-{i}", title=title,
                          description=description, keywords=keywords, frequency="monthly", status="published",
                          contact_name="Бенч", contact_email="bench@rada.gov.ua", basis="Постанова № 835",
                          topic=rng.choice(["finansy", "derzhava", "transport"]))
        dataset.search_lemmas = f" {index_text(' '.join([title, description, *keywords]))} "
        batch.append(dataset)
        if len(batch) >= 1000:
            Dataset.objects.bulk_create(batch)
            batch = []
    if batch:
        Dataset.objects.bulk_create(batch)
    for dataset in Dataset.objects.filter(hromada=hromada, slug__startswith="bench-", resources=None):
        resources.append(Resource(dataset=dataset, key="data", title="Дані", kind="upload", format="csv"))
        if len(resources) >= 1000:
            Resource.objects.bulk_create(resources)
            resources = []
    if resources:
        Resource.objects.bulk_create(resources)


def _raw_search(hromada_id: int, lemmas: list[tuple[str, ...]]) -> None:
    where = " AND ".join("(" + " OR ".join(["search_lemmas LIKE %s"] * len(group)) + ")" for group in lemmas)
    params = [f"% {lemma} %" for group in lemmas for lemma in group]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM opendata_dataset WHERE hromada_id = %s AND status = 'published' "  # noqa: S608
                       f"AND {where}", [hromada_id, *params])
        cursor.fetchone()
        cursor.execute(f"SELECT id, title FROM opendata_dataset WHERE hromada_id = %s AND status = 'published' "  # noqa: S608
                       f"AND {where} ORDER BY last_modified_at DESC, id LIMIT 10", [hromada_id, *params])
        cursor.fetchall()


def bench_search(report, hromada) -> None:
    from django.test import Client

    from hromada.core.ukrlemma import query_groups

    start = time.perf_counter()
    _make_datasets(hromada, DATASETS)
    print(f"open data: {DATASETS} datasets made in {time.perf_counter() - start:.1f} s, {connection.vendor}",
          flush=True)
    client = Client(HTTP_HOST="mohyliv.localhost")
    rng = random.Random(7)
    queries = [rng.choice(WORDS) for _ in range(200)]
    fqs = ["", "res_format:CSV", "metadata_modified:[2020-01-01T00:00:00Z TO *]"]
    ours, raw = [], []
    for i, q in enumerate(queries):
        params = {"q": q, "rows": 10, "start": (i % 3) * 10}
        if fqs[i % 3]:
            params["fq"] = fqs[i % 3]
        t0 = time.perf_counter()
        response = client.get("/api/3/action/package_search", params)
        ours.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.content[:300]
        t0 = time.perf_counter()
        _raw_search(hromada.pk, query_groups(q))
        raw.append(time.perf_counter() - t0)
    report(f"open data: package_search over {DATASETS} datasets, p50", statistics.median(ours),
           statistics.median(raw))
    report(f"open data: package_search over {DATASETS} datasets, p95", percentile(ours, 95), percentile(raw, 95))


def _bench_table(n: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_opendata_rows")
        cursor.execute("CREATE TABLE bench_opendata_rows (id INTEGER PRIMARY KEY, name VARCHAR(200), "
                       "settlement VARCHAR(100), area NUMERIC(12, 2), since DATE)")
        step = 5000
        for first in range(0, n, step):
            values = [(i, f"Об’єкт комунального майна № {i}", ["Могилів", "Новопідкряж", "Цибульківка"][i % 3],
                       f"{(i % 997) + 0.5:.2f}", f"20{10 + i % 15}-0{1 + i % 9}-1{i % 9}")
                      for i in range(first + 1, min(n, first + step) + 1)]
            cursor.executemany("INSERT INTO bench_opendata_rows VALUES (%s, %s, %s, %s, %s)", values)


def _register_bench_dataset():
    from hromada.core import datasets as registry

    def rows(hromada):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, name, settlement, area, since FROM bench_opendata_rows ORDER BY id")
            while True:
                chunk = cursor.fetchmany(2000)
                if not chunk:
                    break
                yield from chunk

    key = "bench.rows"
    registry.REGISTRY[key] = registry.LiveDataset(
        key=key, title="Навантажувальний набір", description="Сто тисяч рядків для вимірювань.",
        frequency="daily", basis="Постанова КМУ від 21.10.2015 № 835", resources=(registry.LiveResource(
            key="rows", title="Рядки", primary_key=("id",), rows=rows,
            fields=(registry.Field("id", "Ідентифікатор", "integer"), registry.Field("name", "Назва"),
                    registry.Field("settlement", "Населений пункт"), registry.Field("area", "Площа", "number"),
                    registry.Field("since", "Дата", "date"))),))
    return key


def _raw_dump(path: str) -> None:
    with connection.cursor() as cursor, open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "name", "settlement", "area", "since"])
        cursor.execute("SELECT id, name, settlement, area, since FROM bench_opendata_rows ORDER BY id")
        while True:
            chunk = cursor.fetchmany(2000)
            if not chunk:
                break
            writer.writerows(chunk)


def _measure(fn):
    tracemalloc.start()
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak, result


def bench_large_resource(report, hromada) -> None:
    from django.test import Client

    from hromada.core.models import User
    from hromada.opendata import publishing, services

    start = time.perf_counter()
    _bench_table(ROWS)
    key = _register_bench_dataset()
    print(f"open data: {ROWS} source rows made in {time.perf_counter() - start:.1f} s", flush=True)
    manager = User.objects.get(email="programme@mohyliv.example")
    dataset = services.create_dataset(hromada, manager, live_key=key)
    tmp = tempfile.mkdtemp(prefix="hromada-bench-od-")
    raw_time, raw_peak, _ = _measure(lambda: _raw_dump(os.path.join(tmp, "raw.csv")))
    gen_time, gen_peak, outcome = _measure(lambda: publishing.publish_live(dataset))
    assert outcome.ok and outcome.published[0].row_count == ROWS
    report(f"open data: generate a {ROWS}-row live version (CSV + row API)", gen_time, raw_time)
    report(f"open data: generate a {ROWS}-row version, peak Python memory", gen_peak / 2**20, raw_peak / 2**20,
           unit="MB")
    client = Client(HTTP_HOST="mohyliv.localhost")
    url = f"/opendata/{dataset.slug}/rows/data."

    def download(fmt):
        response = client.get(url + fmt)
        assert response.status_code == 200
        size = 0
        for chunk in response.streaming_content:
            size += len(chunk)
        return size

    for fmt in ("csv", "json"):
        elapsed, peak, size = _measure(lambda fmt=fmt: download(fmt))
        report(f"open data: download {ROWS} rows as {fmt.upper()} ({size / 2**20:.1f} MB), streamed", elapsed,
               raw_time)
        report(f"open data: download {ROWS} rows as {fmt.upper()}, peak Python memory", peak / 2**20,
               raw_peak / 2**20, unit="MB")
    if connection.vendor == "postgresql":
        def copy():
            sql = ("COPY (SELECT id, name, settlement, area, since FROM bench_opendata_rows ORDER BY id) "
                   "TO STDOUT WITH CSV HEADER")
            with connection.cursor() as cursor, open(os.path.join(tmp, "copy.csv"), "wb") as out, \
                    cursor.cursor.copy(sql) as copy_:
                for data in copy_:
                    out.write(data)

        copy_time, _peak, _ = _measure(copy)
        report(f"open data: (raw COPY … TO STDOUT of the {ROWS} rows, for scale)", copy_time, raw_time)


def bench_opendata(report) -> None:
    from hromada.core.models import Hromada

    hromada = Hromada.objects.get(katottg=MOHYLIV)
    bench_search(report, hromada)
    bench_large_resource(report, hromada)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    import run
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.DEMO_PASSWORD = "bench-password"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    bench_opendata(run.report)
