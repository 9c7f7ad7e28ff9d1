"""Benchmarks of the registers: the residents import and the name search, each against a raw baseline."""

from __future__ import annotations

import csv
import random
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from django.db import connection, transaction

SURNAMES = ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Мельник", "Бойко", "Коваль",
            "Кур'ята", "Ґудзь", "Лисенко", "Руденко", "Петренко", "Марченко", "Мороз", "Павленко", "Гончаренко"]
NAMES = ["Олександр", "Іван", "Микола", "Сергій", "Андрій", "Олена", "Наталія", "Тетяна", "Ірина", "Марія"]


PATRONYMICS = ["Олександрович", "Іванович", "Миколайович", "Сергійович", "Андрійович", "Петрович", "Васильович",
               "Олександрівна", "Іванівна", "Миколаївна", "Сергіївна", "Андріївна", "Петрівна", "Василівна"]


def _write_csv(path: Path, rows: int, settlements: list[str]) -> None:
    """Realistic rows: common names (repeating, as in any register) made unique per person by the birth date."""
    rng = random.Random(7)  # benchmark data
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["прізвище", "ім'я", "по батькові", "дата народження", "стать", "населений пункт", "вулиця",
                      "будинок", "квартира", "статус"])
        combos = len(SURNAMES) * len(NAMES) * len(PATRONYMICS)
        for index in range(rows):
            surname = SURNAMES[index % len(SURNAMES)]
            name = NAMES[(index // len(SURNAMES)) % len(NAMES)]
            patronymic = PATRONYMICS[(index // (len(SURNAMES) * len(NAMES))) % len(PATRONYMICS)]
            birth = date(1940, 1, 1) + timedelta(days=index // combos * 7 + rng.randint(0, 6))
            out.writerow([surname, name, patronymic, birth.strftime("%d.%m.%Y"), rng.choice("чж"),
                          settlements[index % len(settlements)], f"вул. Вулиця {index % 300}", str(index % 120 + 1),
                          "", "зареєстрований"])


def bench_residents_import(report, rows: int = 100_000) -> None:
    from hromada.core import imports
    from hromada.core.models import Hromada, Settlement
    from hromada.registers.importers import ResidentImporter
    from hromada.registers.models import Resident

    hromada = Hromada.objects.get(is_default=True)
    # The demo's settlements (the list-page benchmark adds 1 000 synthetic ones that no file would name).
    settlements = list(Settlement.objects.filter(hromada=hromada).exclude(name__startswith="Бенч")
                       .values_list("name", flat=True))
    path = Path(tempfile.mkdtemp(prefix="hromada-bench-")) / "residents.csv"
    _write_csv(path, rows, settlements)
    before = Resident.objects.count()
    last_before = Resident.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    start = time.perf_counter()
    result = imports.run_import(ResidentImporter(), path, hromada=hromada)
    ours = time.perf_counter() - start
    # The whole process's peak (Django, the demo data and the import): an upper bound of the import's own.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert result.status == "done", result.errors[:3]
    assert Resident.objects.count() - before == rows

    # Raw baseline: exactly the rows the import stored, deleted and inserted again with one executemany.
    columns = [f.column for f in Resident._meta.concrete_fields if not f.primary_key]
    stored = list(Resident.objects.filter(pk__gt=last_before).values_list(*[f.attname for f in
                  Resident._meta.concrete_fields if not f.primary_key]))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registers_resident WHERE id > %s", [last_before])
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    values = [[connection.ops.adapt_datefield_value(v) if isinstance(v, date) and not hasattr(v, "hour") else
               connection.ops.adapt_datetimefield_value(v) if hasattr(v, "hour") else v for v in row]
              for row in stored]
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO registers_resident ({names}) VALUES ({marks})", values)  # noqa: S608
    raw = time.perf_counter() - start
    report(f"import {rows} residents from CSV ({rows / ours:,.0f} rows/s) vs executemany", ours, raw)
    print(f"{'  peak resident memory of the whole process':58} {peak / 2**20:10.1f} MiB", flush=True)


def bench_resident_search(report, samples: int = 200) -> None:
    from hromada.core.models import Hromada
    from hromada.registers import selectors

    hromada = Hromada.objects.get(is_default=True)
    total = selectors.residents(hromada).count()
    with connection.cursor() as cursor:
        # Fresh planner statistics after the bulk load, as autovacuum (PostgreSQL) or a periodic ANALYZE would have.
        cursor.execute("ANALYZE")
    rng = random.Random(11)
    queries = [f"{rng.choice(NAMES)[:4]} {rng.choice(SURNAMES)[:5]}" for _ in range(samples)]
    timings = []
    for query in queries:
        start = time.perf_counter()
        list(selectors.residents(hromada, query)[:25])
        timings.append(time.perf_counter() - start)
    raw_timings = []
    operator = "GLOB %s" if connection.vendor == "sqlite" else "LIKE %s"
    wildcard = "*" if connection.vendor == "sqlite" else "%"
    for query in queries:
        lead = max(query.lower().split(), key=len)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            # The same index range the selector starts from, without the ORM and the other words' checks.
            cursor.execute(f"SELECT id FROM registers_resident WHERE hromada_id = %s AND name_key {operator} "  # noqa: S608
                           "LIMIT 25", [hromada.pk, lead + wildcard])
            cursor.fetchall()
        raw_timings.append(time.perf_counter() - start)
    p50, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[18]
    raw50, raw95 = statistics.median(raw_timings), statistics.quantiles(raw_timings, n=20)[18]
    report(f"resident name search over {total} residents, p50", p50 * 1000, raw50 * 1000, "ms")
    report(f"resident name search over {total} residents, p95", p95 * 1000, raw95 * 1000, "ms")
