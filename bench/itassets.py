"""IT assets (issue 15): the equipment register at 50 000 items.

1. The staff list, first page, filtered as the programme's question asks (``?category=computer&older_than_years=5``),
   through the whole Django stack (the test client, a signed-in programme manager): wall time and the number of SQL
   queries, which must not grow with the items — it is counted at the demo's few hundred items and again at 50 000
   and the two must be equal. Raw baseline: the same count and first page (with the institution and department
   joined) as plain SQL.
2. The four equipment metrics of the programme (core.metrics): wall time and queries, against one plain SQL
   aggregate computing the same figures.
3. The book value of the whole register (straight-line depreciation to the kopeck, streamed through one cursor),
   against the plain SELECT of the same four columns.

``python bench/itassets.py`` runs only this on a fresh database (SQLite in a temp data dir, PostgreSQL when
HROMADA_DATABASE_URL is set); ``bench_itassets(report)`` is the entry for ``bench/run.py``.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

ITEMS = int(os.environ.get("HROMADA_BENCH_EQUIPMENT", "50000"))
MOHYLIV = "UA12020110000034205"
LIST_URL = "/staff/it/equipment/"
FILTER = {"category": "computer", "older_than_years": "5"}
CATEGORIES = ["computer"] * 40 + ["laptop"] * 10 + ["monitor"] * 25 + ["printer"] * 10 + ["network"] * 5 + \
    ["power"] * 7 + ["server", "phone", "projector"]


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _make_items(hromada, n: int) -> None:
    """Items spread over the hromada's institutions and departments, bought over fifteen years (bulk inserts; the
    derived dates and search keys computed by the services' own function)."""
    from django.utils import timezone

    from hromada.core.models import Department, Institution
    from hromada.itassets.equipment import lifecycle, services
    from hromada.itassets.models import Equipment

    rng = random.Random(15)
    terms = lifecycle.policies(hromada)
    institutions = [None, *Institution.objects.filter(hromada=hromada)]
    departments = [None, *Department.objects.filter(hromada=hromada)]
    today = timezone.localdate()
    existing = Equipment.objects.filter(hromada=hromada, inventory_number__startswith="Б-").count()
    batch = []
    for i in range(existing, n):
        category = rng.choice(CATEGORIES)
        item = Equipment(
            hromada=hromada, inventory_number=f"Б-{i:06d}", category=category, name=f"Обладнання {i}",
            manufacturer=rng.choice(["Lenovo", "HP", "Dell", "Canon", "APC", "TP-Link"]), model=f"M{i % 97}",
            serial_number=f"SN{i:08d}", purchase_date=today - timedelta(days=rng.randrange(30, 15 * 365)),
            cost=Decimal(rng.randrange(1500, 60000)) + Decimal("0.50"), funding_source="local",
            institution=rng.choice(institutions), department=rng.choice(departments), room=f"{i % 40}",
            status=rng.choice(["in_use"] * 8 + ["in_stock", "to_write_off"]))
        services.derive(item, terms)
        batch.append(item)
        if len(batch) >= 5000:
            Equipment.objects.bulk_create(batch)
            batch = []
    if batch:
        Equipment.objects.bulk_create(batch)


def _raw_list(hromada_id: int, cutoff) -> None:
    where = "e.hromada_id = %s AND e.category = %s AND e.purchase_date <= %s"
    params = [hromada_id, "computer", cutoff]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM itassets_equipment e WHERE {where}", params)  # noqa: S608
        cursor.fetchone()
        page = ("SELECT e.id, e.inventory_number, e.name, e.model, e.purchase_date, e.end_of_life, e.status, "  # noqa: S608
                "e.room, e.assigned_name, i.name, d.name FROM itassets_equipment e LEFT JOIN core_institution i ON "
                "i.id = e.institution_id LEFT JOIN core_department d ON d.id = e.department_id WHERE " + where +
                " ORDER BY e.inventory_number, e.id LIMIT 50")
        cursor.execute(page, params)
        cursor.fetchall()


def _raw_metrics(hromada_id: int, cutoff, today) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(CASE WHEN purchase_date > %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status = 'to_write_off' OR end_of_life <= %s THEN 1 ELSE 0 END) "
            "FROM itassets_equipment WHERE hromada_id = %s AND category IN ('computer', 'laptop') "
            "AND status <> 'written_off'", [cutoff, today, hromada_id])
        cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM itassets_equipment WHERE hromada_id = %s AND category IN "
                       "('computer', 'laptop') AND status = 'written_off' AND written_off_on <= %s",
                       [hromada_id, today])
        cursor.fetchone()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST_URL, FILTER)
    assert response.status_code == 200, response.status_code
    return len(captured)


def bench_itassets(report) -> None:
    from django.test import Client
    from django.utils import timezone

    from hromada.core.metrics import get_metric
    from hromada.core.models import Hromada, User
    from hromada.itassets.equipment import lifecycle, selectors

    hromada = Hromada.objects.get(katottg=MOHYLIV)
    client = Client(HTTP_HOST="mohyliv.localhost")
    client.force_login(User.objects.get(email="programme@mohyliv.example"))
    today = timezone.localdate()
    cutoff = lifecycle.age_cutoff(today, 5)
    few_items = selectors.items(hromada).count()
    few = _list_queries(client)
    start = time.perf_counter()
    _make_items(hromada, ITEMS)
    total = selectors.items(hromada).count()
    print(f"IT assets: {total - few_items} equipment items made in {time.perf_counter() - start:.1f} s, "
          f"{connection.vendor}", flush=True)
    many = _list_queries(client)
    print(f"IT assets: staff list queries — {few} at {few_items} items, {many} at {total} items", flush=True)
    assert many == few, f"the list's queries grow with the items: {few} → {many}"
    report(f"IT assets: staff list of {total} items, computers older than 5 years, first page",
           _best(lambda: client.get(LIST_URL, FILTER)), _best(lambda: _raw_list(hromada.pk, cutoff)))

    keys = ("itassets.computers_modern_share", "itassets.computers_total", "itassets.computers_to_write_off",
            "itassets.computers_written_off")

    def metrics():
        return [get_metric(key).value(hromada, today) for key in keys]

    with CaptureQueriesContext(connection) as captured:
        values = metrics()
    print(f"IT assets: metrics {dict(zip(keys, (str(v) for v in values), strict=True))} in {len(captured)} queries",
          flush=True)
    report(f"IT assets: the 4 equipment metrics over {total} items", _best(metrics),
           _best(lambda: _raw_metrics(hromada.pk, cutoff, today)))

    def book_value():
        return selectors.depreciation_totals(selectors.items(hromada), hromada, at=today)

    def raw_columns():
        with connection.cursor() as cursor:
            cursor.execute("SELECT category, cost, purchase_date, useful_life_years FROM itassets_equipment "
                           "WHERE hromada_id = %s AND cost IS NOT NULL AND purchase_date IS NOT NULL", [hromada.pk])
            while cursor.fetchmany(5000):
                pass

    with CaptureQueriesContext(connection) as captured:
        totals = book_value()
    print(f"IT assets: book value {totals.residual} UAH of {totals.cost} UAH ({totals.items} items) in "
          f"{len(captured)} queries", flush=True)
    report(f"IT assets: book value of {total} items, depreciated in Decimal", _best(book_value, 1),
           _best(raw_columns, 1))


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
    bench_itassets(run.report)
