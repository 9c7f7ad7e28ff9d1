"""Benchmarks of the case engine: the worklist and the public figures over 100 000 cases, and registration.

Each figure is set against the raw SQL underneath it, measured in the same run: the worklist provider against
its own query executed bare; the figures against their two queries executed bare (the rest is Python: the
medians, percentiles and working days); ``register_case`` (number, clock, event, audit, notices) against a bulk
insert of as many rows. ``python bench/cases.py`` runs only these on a fresh database with the demo;
HROMADA_BENCH_CASES (default 100 000) and HROMADA_BENCH_REGISTER (default 10 000) scale them.
"""

from __future__ import annotations

import math
import os
import random
import time
from datetime import timedelta

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

KINDS = ("appeal", "hotline", "info_request")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def sample(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return p95(times)


def raw_queries(fn) -> list[tuple[str, tuple]]:
    """The SQL ``fn`` runs, with its parameters, to execute bare."""
    with CaptureQueriesContext(connection) as captured:
        fn()
    statements = []
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append(sql)
    return statements


def run_raw(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)  # the captured SQL has its parameters inlined (sufficient for SELECTs here)
            cursor.fetchall()


def _setup(hromada, total: int):
    """Departments, categories, staff and ``total`` cases spread across the last year, written in bulk."""
    from hromada.core.models import Case, CaseCategory, Department, RoleAssignment, User

    rng = random.Random(12)  # benchmark data
    units = [Department.objects.create(hromada=hromada, name=f"Бенч-відділ {i}") for i in range(12)]
    categories = [CaseCategory.objects.create(hromada=hromada, name=f"Бенч-категорія {i}", department=units[i % 12])
                  for i in range(24)]
    registrar = User.objects.create_user(email="bench-registrar@example.org", password=None,
                                         full_name="Реєстратор")
    head = User.objects.create_user(email="bench-head@example.org", password=None, full_name="Начальник")
    clerks = [User.objects.create_user(email=f"bench-clerk{i}@example.org", password=None,
                                       full_name=f"Виконавець {i}") for i in range(24)]
    RoleAssignment.objects.create(user=registrar, hromada=hromada, role="case_registrar")
    RoleAssignment.objects.create(user=head, hromada=hromada, role="department_head", department=units[0])
    RoleAssignment.objects.bulk_create(RoleAssignment(user=clerk, hromada=hromada, role="clerk",
                                                      department=units[i % 12]) for i, clerk in enumerate(clerks))
    now = timezone.now()
    start = now - timedelta(days=365)
    zone = timezone.get_default_timezone()

    def rows():
        for index in range(total):
            received = start + timedelta(seconds=rng.randrange(365 * 86400))
            kind = KINDS[index % 3]
            days = 5 if kind == "info_request" else 30
            due = (received + timedelta(days=days)).astimezone(zone).date()
            unit = units[index % 12]
            answered = received + timedelta(hours=rng.randrange(1, 45 * 24))
            is_open = answered > now or index % 10 == 0
            yield Case(hromada=hromada, kind=kind, number=f"Б-{index:07d}", year=received.astimezone(zone).year,
                       seq=index, channel=("portal", "email", "phone", "post")[index % 4], subject="Бенч",
                       text="Текст", status="in_progress" if is_open else "answered", received_at=received,
                       term_unit="working_days" if kind == "info_request" else "calendar_days", term_amount=days,
                       term_basis="ст. 20", due_date=due, initial_due_date=due, department=unit,
                       executor=clerks[index % 24], category=categories[index % 24],
                       answered_at=None if is_open else answered)

    with transaction.atomic():  # one commit: the disk's flush is not what is measured here
        batch = []
        for case in rows():
            batch.append(case)
            if len(batch) == 5000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)
    return registrar, head


def bench_worklist_and_figures(report, total: int) -> None:
    from hromada.core import worklist
    from hromada.core.cases import figures
    from hromada.core.cases.worklist import due_cases
    from hromada.core.models import Hromada, User

    hromada = Hromada.objects.get(is_default=True)
    started = time.perf_counter()
    registrar, head = _setup(hromada, total)
    print(f"cases: {total} cases written in bulk in {time.perf_counter() - started:.1f} s", flush=True)

    for name, user in (("registrar (every open case due within 2 working days)", registrar),
                       ("department head (the unit's open cases)", head)):
        def provider(user=user):
            fresh = User.objects.get(pk=user.pk)
            return due_cases(worklist.Context(fresh, hromada))

        count = len(provider())
        statements = [sql for sql in raw_queries(provider) if '"core_case"' in sql]
        report(f"cases: worklist p95, {name[:22]}… ({count} items)", sample(provider, 10),
               sample(lambda statements=statements: run_raw(statements), 10))

    year = timezone.localdate().year
    compute = lambda: figures.compute(hromada, year, KINDS)  # noqa: E731
    statements = [sql for sql in raw_queries(compute) if '"core_case"' in sql]
    received = figures.compute(hromada, year, KINDS).total.received
    report(f"cases: figures p95 of a year ({received} cases received)", sample(compute, 3),
           sample(lambda: run_raw(statements), 3))


def bench_registration(report, count: int) -> None:
    from hromada.core.cases import services
    from hromada.core.models import Case, Hromada, User

    hromada = Hromada.objects.get(is_default=True)
    registrar = User.objects.get(email="bench-registrar@example.org")
    moment = timezone.now()
    start = time.perf_counter()
    for index in range(count):
        with transaction.atomic():
            services.register_case(hromada, kind="appeal", subkind="application", actor=registrar, channel="post",
                                   subject=f"Звернення {index}", text="Прошу відремонтувати дорогу.",
                                   applicant_name="Іван Петренко", applicant_address="вул. Миру, 1",
                                   received_at=moment)
    ours = time.perf_counter() - start
    due = timezone.localdate() + timedelta(days=30)
    start = time.perf_counter()
    with transaction.atomic():
        Case.objects.bulk_create(
            (Case(hromada=hromada, kind="appeal", number=f"Р-{index:07d}", year=moment.year, seq=index,
                  channel="post", subject="Звернення", text="Текст", received_at=moment, term_unit="calendar_days",
                  term_amount=30, term_basis="ст. 20", due_date=due, initial_due_date=due)
             for index in range(count)), batch_size=2000)
    raw = time.perf_counter() - start
    report(f"cases: register {count} through register_case (cases/s, vs bulk)", count / ours, count / raw,
           "1/s")


def bench_cases(report) -> None:
    total = int(os.environ.get("HROMADA_BENCH_CASES", "100000"))
    register = int(os.environ.get("HROMADA_BENCH_REGISTER", "10000"))
    bench_worklist_and_figures(report, total)
    bench_registration(report, register)


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    settings.DEMO_PASSWORD = "bench-password"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Case engine benchmarks on {connection.vendor} (data in {DATA_DIR})")
    bench_cases(report)


if __name__ == "__main__":
    from run import DATA_DIR, report  # sets up Django on a throwaway data directory

    main()

