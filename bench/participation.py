"""Load of e-petitions and the participatory budget through HTTP against `hromada serve` (issue 13).

1 000 distinct verified residents with resident API tokens (bulk-made), a budget edition in voting and a
collecting petition; then, with concurrent HTTP clients: a burst of 1 000 ballots, a burst of 1 000 signatures,
and the same 1 000 residents signing again all at once (every answer must be 409). Reported: requests per
second sustained, p50/p95 latency, and the recount from the database (0 lost, 0 doubled, the chains verify).
The raw baseline is the same rows inserted with plain SQL ``executemany`` into a table of the same shape on the
same database, in the same run.

``python bench/participation.py`` runs only this on a fresh database (SQLite in a temp data dir, PostgreSQL
when HROMADA_DATABASE_URL is set); ``bench_participation(report)`` is the entry for ``bench/run.py``.
HROMADA_BENCH_VOTERS (default 1 000), HROMADA_BENCH_CONCURRENCY (default 24) and HROMADA_BENCH_THREADS (threads per
server process, default 2) tune it.
"""

from __future__ import annotations

import http.client
import math
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

VOTERS = int(os.environ.get("HROMADA_BENCH_VOTERS", "1000"))
CONCURRENCY = int(os.environ.get("HROMADA_BENCH_CONCURRENCY", "24"))
# Threads per server process: two measured best on 2 cores for this CPU-bound burst (more threads only queue
# for the interpreter lock, and a thread holding a row lock waits for it too).
THREADS = os.environ.get("HROMADA_BENCH_THREADS", "2")
MOHYLIV = "UA12020110000034205"


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


# --- setup (bulk, straight to the tables: this is not what is measured) -----------------------------------

def make_residents(hromada, n: int) -> list[tuple[int, str]]:
    """n verified residents (register record, account, membership, consent, resident-scoped token)."""
    from django.contrib.auth.hashers import make_password

    from hromada.accounts.models import Consent, Membership, VerificationMethod
    from hromada.accounts.services import CONSENT_VERSION
    from hromada.core.models import ApiToken, RoleAssignment, User
    from hromada.core.models.accounts import hash_token
    from hromada.core.roles import Role
    from hromada.registers.models import Building, Resident

    building = Building.objects.filter(street__settlement__hromada=hromada).order_by("pk").first()
    now = timezone.now()
    stamp = int(time.time())
    records = Resident.objects.bulk_create([
        Resident(hromada=hromada, last_name=f"Навантаженко{i}", first_name="Петро", patronymic="Іванович",
                 birth_date=timezone.localdate().replace(year=1980), sex="m", building=building,
                 status="registered") for i in range(n)])
    if records and records[0].pk is None:  # backends without RETURNING on bulk insert
        records = list(Resident.objects.filter(hromada=hromada, last_name__startswith="Навантаженко")
                       .order_by("pk"))[-n:]
    unusable = make_password(None)
    emails = [f"bench{stamp}-{i}@load.example" for i in range(n)]
    User.objects.bulk_create([User(email=e, full_name=f"Навантаженко{i} Петро Іванович", password=unusable)
                              for i, e in enumerate(emails)])
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    ordered = [users[e] for e in emails]
    Membership.objects.bulk_create([Membership(user=u, hromada=hromada, resident=r, verified_at=now,
                                               verification_method=VerificationMethod.IDGOVUA, created_at=now)
                                    for u, r in zip(ordered, records, strict=True)])
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, hromada=hromada, role=Role.RESIDENT)
                                        for u in ordered])
    Consent.objects.bulk_create([Consent(user=u, hromada=hromada, purpose=Consent.Purpose.ACCOUNT,
                                         text_version=CONSENT_VERSION, given_at=now) for u in ordered])
    tokens = [ApiToken.generate() for _ in ordered]
    ApiToken.objects.bulk_create([ApiToken(user=u, name="bench", prefix=t[:12], digest=hash_token(t),
                                           scope="resident") for u, t in zip(ordered, tokens, strict=True)])
    return [(u.pk, t) for u, t in zip(ordered, tokens, strict=True)]


def make_edition_and_petition(hromada):
    from hromada.core.models import User
    from hromada.participation.models import (
        Category,
        Edition,
        Petition,
        PetitionStatus,
        Project,
        ProjectStatus,
    )

    today = timezone.localdate()
    year = 2090 + Edition.objects.filter(hromada=hromada, year__gte=2090).count()
    edition = Edition.objects.create(
        hromada=hromada, year=year, title=f"Навантажувальний бюджет {year}", total_budget=Decimal("900000"),
        submission_starts=today - timedelta(days=70), submission_ends=today - timedelta(days=40),
        review_ends=today - timedelta(days=10), voting_starts=today - timedelta(days=1),
        voting_ends=today + timedelta(days=14), results_on=today + timedelta(days=20),
        implementation_ends=today + timedelta(days=300), seed="a" * 64, pseudonym_secret="b" * 64)
    small = Category.objects.create(hromada=hromada, edition=edition, name="Малі", order=1,
                                    budget=Decimal("300000"), max_cost=Decimal("100000"), votes_per_voter=2)
    large = Category.objects.create(hromada=hromada, edition=edition, name="Великі", order=2,
                                    budget=Decimal("600000"), max_cost=Decimal("400000"), votes_per_voter=1)
    author = User.objects.filter(email="admin@mohyliv.example").first() or User.objects.first()
    projects = [Project.objects.create(
        hromada=hromada, edition=edition, category=category, number=n, title=f"Проєкт {n}", summary="Опис",
        description="Опис", author_name="Автор", cost=Decimal("50000") * (1 + (category == large)),
        status=ProjectStatus.ADMITTED, submitted_at=timezone.now()) for n, category in
        enumerate([small, small, small, large, large], start=1)]
    petition = Petition.objects.create(
        hromada=hromada, number=9000 + Petition.objects.filter(hromada=hromada).count(),
        title="Навантажувальна петиція", text="Текст", author=author, author_name="Автор",
        author_email="author@load.example", status=PetitionStatus.COLLECTING, threshold=VOTERS * 2,
        threshold_basis="bench", published_at=timezone.now(), ends_on=today + timedelta(days=30))
    return edition, projects, petition


# --- the server and the clients -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "HROMADA_DATA_DIR": str(settings.DATA_DIR), "DJANGO_SETTINGS_MODULE": "hromada.settings"}
    if connection.vendor == "postgresql":
        env.setdefault("HROMADA_DATABASE_URL", settings.DATABASE_URL)
    # The server's log goes to a file: a pipe nobody reads would fill up and stall the server (4xx are logged).
    log = open(os.path.join(str(settings.DATA_DIR), "bench-serve.log"), "wb")  # noqa: SIM115
    # One process per core (HROMADA_PROCESSES overrides): one Python process holds one core because of the GIL.
    processes = os.environ.get("HROMADA_PROCESSES") or str(max(1, min(4, os.cpu_count() or 1)))
    process = subprocess.Popen([sys.executable, "-m", "hromada", "serve", "--host", "127.0.0.1", "--port",
                                str(port), "--no-worker", "--processes", processes,
                                "--threads", THREADS], env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/petitions?status=collecting")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"hromada serve did not answer in 60 s; its log: {log.name}")


def burst(port: int, requests: list[tuple[str, str, dict]]) -> tuple[float, list[int], list[float]]:
    """POST every (path, token, body) with CONCURRENCY keep-alive connections (bench/httpload.py)."""
    import httpload

    elapsed, answers = httpload.run(port, [("POST", path, {"Authorization": f"Bearer {token}"}, body)
                                           for path, token, body in requests], CONCURRENCY,
                                  host="mohyliv.localhost")  # the demo hromada's own host, as in production
    return elapsed, [a[0] for a in answers], [a[1] for a in answers]


def summary(name: str, elapsed: float, statuses: list[int], latencies: list[float]) -> float:
    counts: dict[int, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    rate = len(statuses) / elapsed
    print(f"{name:58} {rate:8.1f} req/s   p50 {percentile(latencies, .5) * 1000:6.1f} ms   "
          f"p95 {percentile(latencies, .95) * 1000:6.1f} ms   answers {dict(sorted(counts.items()))}", flush=True)
    return rate


# --- the raw baseline ---------------------------------------------------------------------------------------

def raw_insert_rate(rows: list[tuple], table: str, columns: str, unique: str) -> float:
    """Rows per second of a plain ``executemany`` into a fresh table of the same shape (with its unique key)."""
    key = "INTEGER PRIMARY KEY AUTOINCREMENT" if connection.vendor == "sqlite" else "BIGSERIAL PRIMARY KEY"
    names = [c.split()[0] for c in columns.split(",")]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} (id {key}, {columns}, UNIQUE ({unique}))")
    marks = ", ".join(["%s"] * len(names))
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", rows)  # noqa: S608
    elapsed = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
    return len(rows) / elapsed


# --- the benchmark ------------------------------------------------------------------------------------------

def bench_participation(report) -> None:
    from hromada.core.models import Hromada
    from hromada.participation.models import Ballot, BallotChoice, Edition, Petition, Project, Signature
    from hromada.participation.petitions import services as petitions

    hromada = Hromada.objects.get(katottg=MOHYLIV)
    setup_start = time.perf_counter()
    people = make_residents(hromada, VOTERS)
    edition, projects, petition = make_edition_and_petition(hromada)
    print(f"participation: {VOTERS} residents with tokens, an edition and a petition made in "
          f"{time.perf_counter() - setup_start:.1f} s; {CONCURRENCY} concurrent clients, {connection.vendor}",
          flush=True)
    if connection.vendor == "postgresql":
        # Statistics for the rows just bulk-made, as a running database has them (and no autovacuum pass over
        # them in the middle of a burst).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")  # the setup's writes flushed now, not by a checkpoint during a burst
    connection.close()  # the server's threads write; this process holds no lock meanwhile
    port = free_port()
    server = start_server(port)
    try:
        # A running server is warm: every thread has its database connection and has served a request.
        import httpload

        elapsed, answers = httpload.run(port, [("GET", f"/api/v1/budget/editions/{edition.pk}", {}, None)] * 400,
                                        CONCURRENCY, host="mohyliv.localhost")
        print(f"warm-up: 400 GET of the edition in {elapsed:.1f} s, answers "
              f"{sorted({status for status, _ in answers})}", flush=True)
        ballots = [(f"/api/v1/budget/editions/{edition.pk}/ballot", token,
                    {"projects": [projects[i % 3].pk, projects[3 + i % 2].pk]}) for i, (_, token) in
                   enumerate(people)]
        elapsed, statuses, latencies = burst(port, ballots)
        votes_rate = summary(f"budget: {VOTERS} ballots POSTed", elapsed, statuses, latencies)
        ballots_201 = statuses.count(201)
        signing = [(f"/api/v1/petitions/{petition.pk}/signatures", token, {}) for _, token in people]
        elapsed, statuses, latencies = burst(port, signing)
        signs_rate = summary(f"petitions: {VOTERS} signatures POSTed", elapsed, statuses, latencies)
        signs_201 = statuses.count(201)
        elapsed, statuses, latencies = burst(port, signing)
        summary(f"petitions: the same {VOTERS} signing again at once", elapsed, statuses, latencies)
        again_409 = statuses.count(409)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()

    # The recount, from the database.
    from hromada.participation.budget import voting

    edition = Edition.objects.get(pk=edition.pk)
    petition = Petition.objects.get(pk=petition.pk)
    rows = Ballot.objects.filter(edition=edition).count()
    choices = BallotChoice.objects.filter(ballot__edition=edition).count()
    votes = sum(Project.objects.filter(edition=edition).values_list("votes_count", flat=True))
    try:
        log = voting.verify_log(edition)
        log_ok = getattr(log, "ok", None) if not isinstance(log, tuple) else all(getattr(x, "ok", x) for x in log)
    except NotImplementedError:
        log_ok = "not implemented"
    check, count_ok = petitions.recount(petition)
    signature_rows = Signature.objects.filter(petition=petition).count()
    print(f"recount ballots: rows {rows}, 201 answers {ballots_201}, edition count {edition.ballots_count}, "
          f"choices {choices} = project votes {votes}, chain verifies: {log_ok} → "
          f"lost {max(0, ballots_201 - rows)}, doubled {max(0, rows - ballots_201)}", flush=True)
    print(f"recount signatures: rows {signature_rows}, 201 answers {signs_201}, petition count "
          f"{petition.signatures_count}, chain verifies: {check.ok and count_ok}; second round 409: "
          f"{again_409}/{VOTERS} → lost {max(0, signs_201 - signature_rows)}, "
          f"doubled {max(0, signature_rows - signs_201)}", flush=True)

    now = timezone.now().isoformat()
    raw_ballots = raw_insert_rate(
        [(edition.pk, f"r{i}", "online", f"p{i:014d}", now) for i in range(VOTERS)], "bench_raw_ballot",
        "edition_id BIGINT, voter_key VARCHAR(32), channel VARCHAR(10), pseudonym VARCHAR(16), cast_at TEXT",
        "edition_id, voter_key")
    raw_signatures = raw_insert_rate(
        [(petition.pk, i + 1, f"r{i}", f"Навантаженко{i} Петро Іванович", now, "0" * 64, "f" * 64)
         for i in range(VOTERS)], "bench_raw_signature",
        "petition_id BIGINT, seq INTEGER, signer_key VARCHAR(32), signer_name VARCHAR(200), signed_at TEXT, "
        "prev_hash VARCHAR(64), hash VARCHAR(64)", "petition_id, signer_key")
    # report() prints value, raw and value/raw: seconds per 1 000 rows, so the ratio is how much slower we are.
    report(f"budget: {VOTERS} ballots over HTTP (s per 1 000; {votes_rate:.0f}/s)", 1000 / votes_rate,
           1000 / raw_ballots)
    report(f"petitions: {VOTERS} signatures over HTTP (s per 1 000; {signs_rate:.0f}/s)", 1000 / signs_rate,
           1000 / raw_signatures)


def main() -> None:
    from django.core.management import call_command
    from run import DATA_DIR, report  # noqa: F401 (sets up Django on a throwaway data directory)

    call_command("migrate", verbosity=0)
    settings.DEMO_PASSWORD = "bench-password"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from hromada.core.demo.seed import seed_demo

    seed_demo(skip_apps=frozenset({"acts", "appeals", "programmes", "portal", "participation", "accounts"}))
    print(f"Participation load on {connection.vendor} (data in {settings.DATA_DIR})", flush=True)
    bench_participation(report)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    import run  # noqa: F401 (sets up Django)

    main()
