"""Load of the ЦНАП e-queue (issue 18).

1. Booking under contention over HTTP against `hromada serve`: 1 000 distinct verified residents (resident
   tokens, bulk-made) POST /api/v1/queue/bookings at once for 50 slots (20 attempts per seat). Reported: requests
   per second, p50/p95, the answers (exactly 50 × 201 and 950 × 409 expected) and the recount from the database
   (bookings rows, every slot's counter). Raw baseline: the same 1 000 attempts as plain SQL — a conditional
   UPDATE of the slot's counter and, when it took a seat, an INSERT — in one process, in the same run.
2. A day of 2 000 tickets at one office: the hall's board page over HTTP (p50/p95) and the operator's «call
   next» in-process (p95 and the number of SQL queries of each, which must not grow with the tickets). Raw
   baseline: the indexed SELECT of the next waiting ticket in plain SQL.

``python bench/cnap.py`` runs only this on a fresh database (SQLite in a temp data dir, PostgreSQL when
HROMADA_DATABASE_URL is set); ``bench_cnap(report)`` is the entry for ``bench/run.py``.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta
from datetime import time as dtime

from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

ATTEMPTS = int(os.environ.get("HROMADA_BENCH_BOOKINGS", "1000"))
SLOTS = 50
TICKETS = 2000
MOHYLIV = "UA12020110000034205"


def _bench_office(hromada):
    """An office of its own with five bookable windows and one service, so the demo's slots stay apart."""
    from hromada.cnap.models import Office, Service, Slot, Window

    office = Office.objects.create(hromada=hromada, name=f"Навантажувальний ЦНАП {time.time():.0f}",
                                   ticket_prefix="Н")
    service = Service.objects.filter(hromada=hromada, card__isnull=False).order_by("pk").first()
    service.offices.add(office)
    windows = []
    for n in range(1, 6):
        window = Window.objects.create(office=office, number=str(n))
        window.services.set([service])
        windows.append(window)
    day = timezone.localdate() + timedelta(days=2)
    zone = timezone.get_default_timezone()
    slots = []
    for i in range(SLOTS):
        start = datetime.combine(day, dtime(9), tzinfo=zone) + timedelta(minutes=15 * (i // 5))
        slots.append(Slot(hromada=hromada, office=office, window=windows[i % 5], starts_at=start,
                          ends_at=start + timedelta(minutes=15)))
    Slot.objects.bulk_create(slots)
    return office, service, list(Slot.objects.filter(office=office).order_by("pk")), windows


def raw_booking_rate(slot_ids: list[int]) -> float:
    """Attempts per second of the bare protocol in plain SQL: conditional UPDATE, INSERT when a seat was taken."""
    key = "INTEGER PRIMARY KEY AUTOINCREMENT" if connection.vendor == "sqlite" else "BIGSERIAL PRIMARY KEY"
    with connection.cursor() as cursor:
        for table in ("bench_raw_slot", "bench_raw_booking"):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE bench_raw_slot (id {key}, capacity INTEGER, booked INTEGER)")
        cursor.execute(f"CREATE TABLE bench_raw_booking (id {key}, slot_id BIGINT, person INTEGER, code TEXT)")
        cursor.executemany("INSERT INTO bench_raw_slot (capacity, booked) VALUES (1, 0)", [()] * len(set(slot_ids)))
        cursor.execute("SELECT id FROM bench_raw_slot ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    start = time.perf_counter()
    for i in range(ATTEMPTS):
        with transaction.atomic(), connection.cursor() as cursor:
            slot = ids[i % len(ids)]
            cursor.execute("UPDATE bench_raw_slot SET booked = booked + 1 WHERE id = %s AND booked < capacity",
                           [slot])
            if cursor.rowcount:
                cursor.execute("INSERT INTO bench_raw_booking (slot_id, person, code) VALUES (%s, %s, %s)",
                               [slot, i, f"{i:06d}"])
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_slot")
        cursor.execute("DROP TABLE bench_raw_booking")
    return ATTEMPTS / elapsed


def _day_of_tickets(office, service, windows):
    from hromada.cnap.models import Ticket, TicketStatus

    now = timezone.now()
    today = timezone.localdate()
    rows = []
    for n in range(1, TICKETS + 1):
        issued = now - timedelta(seconds=(TICKETS - n) * 10)
        done = n <= TICKETS * 6 // 10
        rows.append(Ticket(hromada_id=office.hromada_id, office=office, day=today, number=n,
                           label=f"Н-{n:03d}", service=service, queue_at=issued, issued_at=issued,
                           status=TicketStatus.DONE if done else TicketStatus.WAITING,
                           called_at=issued + timedelta(minutes=5) if done else None,
                           started_at=issued + timedelta(minutes=6) if done else None,
                           finished_at=issued + timedelta(minutes=15) if done else None,
                           window=windows[n % len(windows)] if done else None))
    Ticket.objects.bulk_create(rows, batch_size=500)
    from hromada.cnap.models import QueueDay

    QueueDay.objects.update_or_create(office=office, day=today, defaults={"last_number": TICKETS})


def bench_cnap(report) -> None:
    import httpload
    from participation import free_port, make_residents, percentile, start_server, summary

    from hromada.cnap.models import Booking, Slot
    from hromada.cnap.queue import live
    from hromada.core.models import Hromada, User

    hromada = Hromada.objects.get(katottg=MOHYLIV)
    setup = time.perf_counter()
    people = make_residents(hromada, ATTEMPTS)
    office, service, slots, windows = _bench_office(hromada)
    print(f"ЦНАП: {ATTEMPTS} residents with tokens and {len(slots)} slots made in {time.perf_counter() - setup:.1f} s, "
          f"{connection.vendor}", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
    connection.close()
    port = free_port()
    server = start_server(port)
    try:
        elapsed, answers = httpload.run(port, [("GET", "/api/v1/queue/offices", {}, None)] * 200, 24,
                                        host="mohyliv.localhost")
        requests = [("POST", "/api/v1/queue/bookings", {"Authorization": f"Bearer {token}"},
                     {"slot": slots[i % len(slots)].pk, "service": service.pk}) for i, (_, token) in
                    enumerate(people)]
        elapsed, answers = httpload.run(port, requests, 50, host="mohyliv.localhost")
        statuses, latencies = [a[0] for a in answers], [a[1] for a in answers]
        rate = summary(f"ЦНАП: {ATTEMPTS} bookings at once for {len(slots)} slots", elapsed, statuses, latencies)
        _day_of_tickets(office, service, windows)
        board = [("GET", f"/services/queue/{office.pk}/board/", {}, None)] * 400
        elapsed, answers = httpload.run(port, board, 20, host="mohyliv.localhost")
        summary(f"ЦНАП: board page with a day of {TICKETS} tickets", elapsed, [a[0] for a in answers],
                [a[1] for a in answers])
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except Exception:
            server.kill()

    booked = Booking.objects.filter(slot__office=office).count()
    counters = list(Slot.objects.filter(office=office).values_list("booked", flat=True))
    print(f"recount: bookings {booked}, 201 answers {statuses.count(201)}, 409 answers {statuses.count(409)}, "
          f"other {len(statuses) - statuses.count(201) - statuses.count(409)}, slots over capacity "
          f"{sum(c > 1 for c in counters)}, slot counters sum {sum(counters)}", flush=True)
    raw = raw_booking_rate([s.pk for s in slots])
    report(f"ЦНАП: {ATTEMPTS} booking attempts over HTTP (s per 1 000; {rate:.0f}/s)", 1000 / rate, 1000 / raw)

    # The operator's «call next» with the day's 2 000 tickets, in-process.
    operator = User.objects.filter(email="cnap@mohyliv.example").first() or User.objects.filter(
        is_operator=True).first()
    if operator is None:
        operator = User.objects.create(email=f"bench-operator-{time.time():.0f}@load.example", is_operator=True)
    samples, queries = [], []
    for n in range(100):
        window = windows[n % len(windows)]
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            ticket = live.call_next(office, window.pk, actor=operator)
        samples.append(time.perf_counter() - start)
        queries.append(len(captured))
        live.complete(office, ticket.pk, actor=operator)
    with CaptureQueriesContext(connection) as captured:
        from django.test import Client

        Client(HTTP_HOST="mohyliv.localhost").get(f"/services/queue/{office.pk}/board/")
    board_queries = len(captured)

    def raw_next():
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM cnap_ticket WHERE office_id = %s AND day = %s AND status = 'waiting' "
                           "ORDER BY queue_at, number LIMIT 1", [office.pk, timezone.localdate()])
            return cursor.fetchone()

    raw_samples = []
    for _ in range(100):
        start = time.perf_counter()
        raw_next()
        raw_samples.append(time.perf_counter() - start)
    print(f"ЦНАП: call next with {TICKETS} tickets: p95 {percentile(samples, .95) * 1000:.1f} ms, queries "
          f"{min(queries)}–{max(queries)}; board page queries {board_queries}", flush=True)
    report(f"ЦНАП: call next, day of {TICKETS} tickets (p95)", percentile(samples, .95),
           percentile(raw_samples, .95))


def main() -> None:
    from django.core.management import call_command
    from run import DATA_DIR, report  # noqa: F401 (sets up Django on a throwaway data directory)

    call_command("migrate", verbosity=0)
    settings.DEMO_PASSWORD = "bench-password"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from hromada.core.demo.seed import seed_demo

    seed_demo(skip_apps=frozenset({"acts", "appeals", "programmes", "portal", "participation"}))
    print(f"ЦНАП load on {connection.vendor} (data in {settings.DATA_DIR})", flush=True)
    bench_cnap(report)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    import run  # noqa: F401 (sets up Django)

    main()
