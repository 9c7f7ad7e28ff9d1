"""`make bench`: speed and memory of the foundation, each against a raw baseline measured in the same run.

Runs on a throwaway SQLite database (or HROMADA_DATABASE_URL if set). Prints one line per benchmark:
the figure, the raw baseline and their ratio. Nothing here is asserted; regressions are read, not tested.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta

DATA_DIR = tempfile.mkdtemp(prefix="hromada-bench-")
os.environ.setdefault("HROMADA_DATA_DIR", DATA_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
# The load tests' own address is not rate-limited (core/ratelimit.py) — by this explicit setting only.
os.environ.setdefault("HROMADA_RATE_LIMIT_EXEMPT", "127.0.0.1")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
sys.path.insert(0, os.path.dirname(__file__))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def report(name: str, value: float, baseline: float, unit: str = "s") -> None:
    ratio = value / baseline if baseline else float("inf")
    print(f"{name:58} {value:10.4f} {unit}   raw {baseline:10.4f} {unit}   ratio {ratio:6.2f}x", flush=True)


def bench_calendar() -> None:
    from hromada.core.workcalendar import WorkCalendar

    cal = WorkCalendar()
    starts = [date(2024, 1, 1) + timedelta(days=i % 700) for i in range(20_000)]
    ours = timed(lambda: [cal.add_working_days(s, 10) for s in starts])
    raw = timed(lambda: [s + timedelta(days=14) for s in starts])
    report("calendar: 20 000 deadlines of 10 working days", ours, raw)


def bench_audit(n: int = 2000) -> None:
    from hromada.core import audit
    from hromada.core.models import AuditEntry, Hromada

    hromada = Hromada.objects.first()

    def ours():
        for i in range(n):
            audit.record(AuditEntry.Action.UPDATE, hromada, changes={"i": [i, i + 1]})

    with connection.cursor() as cursor:
        key = "SERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
        cursor.execute(f"CREATE TABLE bench_raw_audit (id {key}, at TEXT, action TEXT, "
                       "object_repr TEXT, changes TEXT, hash TEXT)")

    def raw():
        from django.db import transaction

        for i in range(n):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_raw_audit (at, action, object_repr, changes, hash) VALUES (%s, %s, %s, %s, %s)",
                    [str(django.utils.timezone.now()), "update", "x", '{"i": [1, 2]}', f"{i}"],
                )

    report(f"audit: append {n} hash-chained entries (vs plain inserts)", timed(ours, 1), timed(raw, 1))
    from hashlib import sha256

    count = AuditEntry.objects.count()
    verify = timed(lambda: audit.verify_chain(), 1)
    payloads = [str(i).encode() * 20 for i in range(count)]
    report(f"audit: verify a chain of {count} entries (vs bare SHA-256)", verify,
           timed(lambda: [sha256(p).hexdigest() for p in payloads], 1))


def bench_list_page(n: int = 1000) -> None:
    from hromada.core.models import Hromada, Settlement, User

    hromada = Hromada.objects.get(is_default=True)
    prefix = hromada.katottg[:9]
    Settlement.objects.bulk_create(
        Settlement(hromada=hromada, name=f"Бенч {i}", kind="selo", katottg=f"{prefix}90000{i:05d}",
                   population=i) for i in range(n)
    )
    client = Client(HTTP_HOST="mohyliv.localhost")
    client.force_login(User.objects.get(email="admin@mohyliv.example"))

    def ours():
        assert client.get("/staff/settlements/", {"q": "бенч 5", "sort": "-population"}).status_code == 200

    def raw():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, name, kind, katottg, population FROM core_settlement WHERE name LIKE %s "
                           "ORDER BY population DESC LIMIT 25", ["%Бенч 5%"])
            cursor.fetchall()

    report(f"staff list: search+sort page over {n} settlements", timed(ours), timed(raw))


def bench_export_memory(n: int = 20_000) -> None:
    from hromada.core.exports import xlsx_bytes

    rows = [(f"Назва {i}", i, "село", f"UA{i:017d}") for i in range(n)]
    tracemalloc.start()
    xlsx_bytes("export", ["назва", "населення", "тип", "код"], iter(rows))
    _, ours_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    _, raw_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report(f"export: peak memory of a {n}-row XLSX (vs in-memory CSV)", ours_peak / 2**20, raw_peak / 2**20, "MiB")


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    os.environ.setdefault("HROMADA_DEMO_PASSWORD", "bench-password")
    from django.conf import settings

    settings.DEMO_PASSWORD = "bench-password"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Hromada benchmarks on {connection.vendor} (data in {DATA_DIR})")
    bench_calendar()
    bench_audit()
    bench_list_page()
    bench_export_memory()
    from programmes import bench_programmes

    bench_programmes(report, timed)
    from registers import bench_resident_search, bench_residents_import

    bench_residents_import(report)
    bench_resident_search(report)
    from acts import bench_acts

    bench_acts(report)
    from cases import bench_cases

    bench_cases(report)
    from participation import bench_participation

    bench_participation(report)
    from cnap import bench_cnap

    bench_cnap(report)
    from opendata import bench_opendata

    bench_opendata(report)
    from itassets import bench_itassets

    bench_itassets(report)
    bench_acts_on_postgresql()


def bench_acts_on_postgresql() -> None:
    """The acts benchmarks a second time on PostgreSQL, when this run is on SQLite and a server answers.

    The database is HROMADA_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/hromada_bench_acts),
    dropped and created afresh; without a server the line says so and the run ends as before."""
    if connection.vendor == "postgresql":
        return
    import subprocess

    import dj_database_url
    import psycopg

    url = os.environ.get("HROMADA_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/hromada_bench_acts")
    config = dj_database_url.parse(url)
    name = config["NAME"]
    try:
        admin = psycopg.connect(host=config["HOST"] or None, port=config["PORT"] or None, user=config["USER"] or None,
                                password=config["PASSWORD"] or None, dbname="postgres", connect_timeout=3,
                                autocommit=True)
    except psycopg.Error as exc:
        print(f"acts benchmarks on PostgreSQL: skipped, no server at {config['HOST']}:{config['PORT']} "
              f"({str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__})", flush=True)
        return
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "HROMADA_DATABASE_URL": url,
           "HROMADA_DATA_DIR": tempfile.mkdtemp(prefix="hromada-bench-pg-")}
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "acts_only.py")], env=env, check=False)


if __name__ == "__main__":
    main()
