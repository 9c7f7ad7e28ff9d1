"""`make bench-load`: Hromada under load (issue 16) — a scripted mixed workload and fault drills.

Against (a) the embedded default — a fresh data directory, the demo seeded, `hromada serve --processes <cores>`
with its task worker — and (b) the regional operator's profile brought up by `scripts/cluster-up` (skipped, with
the reason printed, when the scripts are absent or fail). At each level of concurrent clients (20, 100, 200 by
default, 60 s each):

* the mixed workload: of every 10 clients, 6 browse anonymously (home, acts list and act pages, programme pages,
  petitions and the budget), 2 search the acts (several queries) and 2 are residents signed in with a session of
  their own who read their cabinet — each of them also signs the demo's collecting petition and votes in its
  open participatory budget once (through the API with a resident token; a fresh resident per client);
* anonymous pages alone, then a static file alone, from the same server for half that time: the static file's
  requests/s is the ceiling the pages are compared with.

Printed: requests/s, p50/p95/p99 latency and errors (no answer, or 4xx/5xx where a 2xx/3xx is expected) per kind,
the ratio anonymous pages / static, whether the targets are met (anonymous pages ≥ 50 % of the static ceiling,
p95 ≤ 300 ms at 100 clients, 0 errors), and the CPU the load generator took itself — it runs on the same machine
and its CPU is taken from the server. Then the drills, each under load, each printing its outcome: kill one
application process; and on the operator profile stop the replica, stop Redis, restart the PostgreSQL primary.

Only the bench's own address is exempt from the rate limits, by explicit setting (HROMADA_RATE_LIMIT_EXEMPT), as
in bench/run.py. Servers, the cluster and temporary directories are removed on exit and on Ctrl+C.

    python bench/load.py [--duration 60] [--levels 20,100,200] [--profiles embedded,cluster] [--no-drills]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import cycle
from urllib.parse import quote_plus, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import httpload

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "mohyliv.localhost"  # the demo hromada's own host, as in production
SEARCH_QUERIES = ["бюджет", "земельна ділянка", "благоустрій", "освіта", "рішення сесії", "тарифи", "школа",
                  "оренда"]
EXEMPT = "127.0.0.1"
CLUSTER_PORT = 58080  # scripts/cluster-up's plain HTTP port (hromada.core.cluster.Ports)
P95_TARGET = 0.300  # seconds, at 100 clients
CEILING_SHARE = 0.5  # anonymous pages against the static file
# Of every 10 clients: 6 anonymous browsers, 2 searchers, 2 signed-in residents.
ROLES = ("anonymous",) * 6 + ("search",) * 2 + ("resident",) * 2
LABELS = {"anonymous": "anonymous pages", "search": "search", "cabinet": "signed-in pages (cabinet)",
          "sign": "sign the petition (once per resident)", "vote": "vote in the budget (once per resident)",
          "static": "static file"}
# A redirect from the cabinet is to the sign-in page: the session was not taken. Everything else: any 2xx or 3xx.
EXPECTED = {"sign": {200, 201}, "vote": {200, 201}, "cabinet": {200}}


# --- the workload (pure: no server, no Django) ---------------------------------------------------------------

@dataclass
class Plan:
    """What the demo on the target offers: page paths, the open petition and budget, residents' credentials."""

    pages: list[str]
    static: str
    petition: int | None = None
    edition: int | None = None
    projects: list[int] = field(default_factory=list)
    residents: list[dict] = field(default_factory=list)  # {"token": …, "cookie": "sessionid=…"}
    notes: list[str] = field(default_factory=list)
    used: int = 0  # residents handed out so far: each signs and votes once

    def take_residents(self, n: int) -> list[dict]:
        taken = self.residents[self.used:self.used + n]
        self.used += len(taken)
        return taken


def role_of(index: int) -> str:
    return ROLES[index % len(ROLES)]


def anonymous_script(plan: Plan, offset: int) -> Iterator:
    pages = plan.pages[offset % len(plan.pages):] + plan.pages[:offset % len(plan.pages)]
    for path in cycle(pages):
        yield "anonymous", "GET", path, {}, None


def search_script(offset: int) -> Iterator:
    queries = SEARCH_QUERIES[offset % len(SEARCH_QUERIES):] + SEARCH_QUERIES[:offset % len(SEARCH_QUERIES)]
    for query in cycle(queries):
        yield "search", "GET", f"/acts/?q={_quote(query)}", {}, None


def resident_script(plan: Plan, resident: dict | None, offset: int, writes: bool) -> Iterator:
    """Signs and votes once (when the demo has them open), then reads the cabinet between public pages."""
    if resident is None:  # no credentials on this target: an anonymous browser instead
        yield from anonymous_script(plan, offset)
        return
    bearer = {"Authorization": f"Bearer {resident['token']}"}
    if writes and plan.petition:
        yield "sign", "POST", f"/api/v1/petitions/{plan.petition}/signatures", bearer, {}
    if writes and plan.edition and plan.projects:
        yield "vote", "POST", f"/api/v1/budget/editions/{plan.edition}/ballot", bearer, {"projects": plan.projects}
    cookie = {"Cookie": resident["cookie"]}
    pages = ["/cabinet/", "/cabinet/petitions/", "/cabinet/budget/", "/cabinet/notices/"]
    public = cycle(plan.pages[offset % len(plan.pages):] + plan.pages[:offset % len(plan.pages)])
    for path in cycle(pages):
        yield "cabinet", "GET", path, cookie, None
        yield "anonymous", "GET", next(public), {}, None


def mixed_scripts(plan: Plan, clients: int, *, writes: bool = True) -> list[Iterator]:
    """One script per client, roles in the proportions of ROLES; residents taken from the plan (fresh ones)."""
    roles = [role_of(i) for i in range(clients)]
    residents = iter(plan.take_residents(roles.count("resident")) if writes else
                     plan.residents[:roles.count("resident")])
    scripts = []
    for i, role in enumerate(roles):
        if role == "anonymous":
            scripts.append(anonymous_script(plan, i))
        elif role == "search":
            scripts.append(search_script(i))
        else:
            scripts.append(resident_script(plan, next(residents, None), i, writes))
    return scripts


def uniform_scripts(label: str, paths: list[str], clients: int) -> list[Iterator]:
    def script(offset: int) -> Iterator:
        for path in cycle(paths[offset % len(paths):] + paths[:offset % len(paths)]):
            yield label, "GET", path, {}, None

    return [script(i) for i in range(clients)]


def _quote(text: str) -> str:
    return quote_plus(text)


# --- figures ---------------------------------------------------------------------------------------------------

def is_error(label: str, status: int) -> bool:
    if label in EXPECTED:
        return status not in EXPECTED[label]
    return not 200 <= status < 400


@dataclass
class Figures:
    count: int
    rate: float
    p50: float
    p95: float
    p99: float
    errors: int
    statuses: dict


def figures(records: list, elapsed: float, labels: set[str] | None = None) -> Figures:
    chosen = [r for r in records if labels is None or r[0] in labels]
    latencies = [r[2] for r in chosen]
    statuses: dict[int, int] = {}
    for record in chosen:
        statuses[record[1]] = statuses.get(record[1], 0) + 1
    return Figures(len(chosen), len(chosen) / elapsed if elapsed else 0.0, httpload.percentile(latencies, .50),
                   httpload.percentile(latencies, .95), httpload.percentile(latencies, .99),
                   sum(1 for r in chosen if is_error(r[0], r[1])), dict(sorted(statuses.items())))


def line(name: str, f: Figures) -> str:
    ms = [("—" if math.isnan(v) else f"{v * 1000:7.1f}") for v in (f.p50, f.p95, f.p99)]
    return (f"{name:58} {f.rate:8.1f} req/s   p50 {ms[0]} ms   p95 {ms[1]} ms   p99 {ms[2]} ms   "
            f"errors {f.errors}   answers {f.statuses}")


def ratio_line(name: str, pages: float, static: float) -> tuple[str, bool]:
    share = pages / static if static else 0.0
    met = share >= CEILING_SHARE
    return (f"{name:58} {share:8.2f}     anonymous pages / static file "
            f"(target ≥ {CEILING_SHARE:.2f}: {'met' if met else 'NOT met'})"), met


def verdict(profile: str, ratios: dict[int, float], p95_at: dict[int, float], errors: int,
            pages_p95_at: dict[int, float] | None = None) -> list[str]:
    """The targets of issue 16, one line each (p95 judged on the mixed workload; anonymous pages alone beside)."""
    lines = []
    if ratios:
        worst = min(ratios, key=ratios.get)
        ok = ratios[worst] >= CEILING_SHARE
        lines.append(f"{profile}: anonymous pages ≥ {CEILING_SHARE:.0%} of the static ceiling at every level — "
                     f"{'met' if ok else 'NOT met'} (lowest {ratios[worst]:.2f} at {worst} clients)")
    if 100 in p95_at:
        ok = p95_at[100] <= P95_TARGET
        pages = (pages_p95_at or {}).get(100)
        beside = "" if pages is None else (f"; anonymous pages alone {pages * 1000:.0f} ms, "
                                           f"{'met' if pages <= P95_TARGET else 'NOT met'}")
        lines.append(f"{profile}: p95 ≤ {P95_TARGET * 1000:.0f} ms at 100 clients (mixed workload) — "
                     f"{'met' if ok else 'NOT met'} ({p95_at[100] * 1000:.0f} ms{beside})")
    else:
        lines.append(f"{profile}: p95 at 100 clients — not measured (100 is not among --levels)")
    lines.append(f"{profile}: 0 errors — {'met' if errors == 0 else f'NOT met ({errors} errors)'}")
    return lines


def say(text: str = "") -> None:
    print(text, flush=True)


# --- CPU accounting (Linux /proc; elsewhere the figures are left out) -----------------------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def tree_cpu(root: int | None) -> float | None:
    """CPU seconds of a process and its descendants (what they used while alive), from /proc."""
    if root is None or not os.path.isdir("/proc"):
        return None
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(name))
        times[int(name)] = (int(fields[11]) + int(fields[12])) / TICK
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += times.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


def machine_cpu() -> float | None:
    """Busy CPU seconds of the whole machine (all processes, every helper's) from /proc/stat."""
    try:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return None
    return (sum(values) - values[3] - (values[4] if len(values) > 4 else 0)) / TICK


class CpuMeter:
    def __init__(self, server_pid: int | None):
        self.server_pid = server_pid

    def __enter__(self):
        self.start = (time.perf_counter(), own_cpu(), tree_cpu(self.server_pid), machine_cpu())
        return self

    def __exit__(self, *exc):
        self.end = (time.perf_counter(), own_cpu(), tree_cpu(self.server_pid), machine_cpu())

    def summary(self) -> str:
        wall = self.end[0] - self.start[0]
        parts = [f"load generator {(self.end[1] - self.start[1]) / wall:.2f}"]
        if self.start[2] is not None and self.end[2] is not None:
            parts.append(f"server processes {(self.end[2] - self.start[2]) / wall:.2f}")
        if self.start[3] is not None:
            parts.append(f"whole machine {(self.end[3] - self.start[3]) / wall:.2f}")
        return f"    CPU (cores busy, of {os.cpu_count()}): " + ", ".join(parts)


# --- preparing the target (a child process with the target's Django settings) ----------------------------------

def prepare(residents: int, out: str) -> None:
    """`bench/load.py prepare`: runs with the target's HROMADA_* settings; writes the Plan as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    sys.path.insert(0, os.path.join(ROOT, "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.templatetags.static import static
    from django.utils import timezone
    from participation import MOHYLIV, make_residents

    from hromada.acts import selectors as acts
    from hromada.core.models import Hromada, User
    from hromada.participation.models import Edition, Petition, PetitionStatus, Project, ProjectStatus
    from hromada.programmes import selectors as programmes

    notes = []
    hromada = Hromada.objects.filter(katottg=MOHYLIV).first()
    if hromada is None:
        call_command("seed_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        hromada = Hromada.objects.get(katottg=MOHYLIV)
    act_ids = list(acts.acts(hromada, public=True).order_by("-pk").values_list("pk", flat=True)[:12])
    programme_ids = list(programmes.public_programmes(hromada).order_by("pk").values_list("pk", flat=True)[:4])
    pages = ["/", "/acts/", *[f"/acts/{pk}/" for pk in act_ids], "/programmes/",
             *[f"/programmes/{pk}/" for pk in programme_ids], "/petitions/", "/budget/"]
    petition = Petition.objects.filter(hromada=hromada, status=PetitionStatus.COLLECTING).order_by("pk").first()
    today = timezone.localdate()
    edition = (Edition.objects.filter(hromada=hromada, voting_starts__lte=today, voting_ends__gte=today)
               .order_by("pk").first())
    projects = []
    if edition is not None:
        project = (Project.objects.filter(edition=edition, status=ProjectStatus.ADMITTED,
                                          category__starosta_district__isnull=True).order_by("number").first())
        projects = [project.pk] if project else []
        pages.append(f"/budget/{edition.year}/")
    else:
        notes.append("the demo has no budget edition in voting: no votes in the workload")
    if petition is not None:
        pages.append(f"/petitions/{petition.pk}/")
    else:
        notes.append("the demo has no collecting petition: no signatures in the workload")
    people = make_residents(hromada, residents) if residents else []
    credentials = []
    for user_pk, token in people:
        user = User.objects.get(pk=user_pk)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        credentials.append({"token": token, "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"})
    try:
        static_path = static("hromada/hromada.css")
    except ValueError:  # a manifest storage without collectstatic
        static_path = settings.STATIC_URL + "hromada/hromada.css"
    plan = {"pages": pages, "static": static_path, "petition": petition.pk if petition else None,
            "edition": edition.pk if edition else None, "projects": projects, "residents": credentials,
            "notes": notes}
    with open(out, "w") as file:
        json.dump(plan, file)


def task_probe(timeout: float, queue_wait: float = 0.0) -> None:
    """`bench/load.py task-probe`: record and queue a harmless platform job; print its outcome after at most
    timeout s. With queue_wait, first wait that long for the task queue (Redis) to answer — as after a restart.
    A run the queue could not take stays recorded as queued (core/enqueue.py): printed as "recorded"."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.settings")
    sys.path.insert(0, os.path.join(ROOT, "src"))
    import django

    django.setup()
    from django.conf import settings

    from hromada.core import jobs
    from hromada.core.models import JobRun

    if queue_wait and getattr(settings, "TASKS_BACKEND", "") == "redis":
        import django_rq

        until = time.monotonic() + queue_wait
        while time.monotonic() < until:
            try:
                django_rq.get_connection("default").ping()
                break
            except Exception:
                time.sleep(0.5)
    try:
        run = jobs.enqueue_now("purge-imports", started_by="bench-load")
    except Exception as exc:
        print(f"failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        return
    deadline = time.monotonic() + timeout
    started = time.monotonic()
    while time.monotonic() < deadline:
        run = JobRun.objects.get(pk=run.pk)
        if run.status in (JobRun.Status.SUCCEEDED, JobRun.Status.FAILED):
            print(f"{run.status} in {time.monotonic() - started:.1f} s")
            return
        time.sleep(0.5)
    print(f"recorded, still {run.status} after {timeout:.0f} s")


def django_child(command: list[str], env: dict, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, os.path.abspath(__file__), *command], env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


# --- servers and clean-up --------------------------------------------------------------------------------------

class Cleanup:
    """Everything started or made, undone in reverse order on exit, Ctrl+C or SIGTERM."""

    def __init__(self):
        self.steps: list = []

    def add(self, step) -> None:
        self.steps.append(step)

    def run(self) -> None:
        while self.steps:
            step = self.steps.pop()
            with contextlib.suppress(Exception):
                step()


def stop_group(process: subprocess.Popen) -> None:
    """Stop a server started in its own process group, with everything it started (workers, the task worker)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_answering(port: int, path: str, host: str, seconds: float, process: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path, headers={"Host": host})
            if conn.getresponse().status < 500:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def warm_up(port: int, host: str, plan: Plan) -> None:
    """Every page once per process (each opens its database connections), pages that fail left out of the
    workload with a note."""
    paths = [*plan.pages, plan.static]
    _, answers = httpload.run(port, [("GET", p, {}, None) for p in paths * 4], 8, host=host)
    failing = sorted({p for p, (status, _) in zip(paths * 4, answers, strict=True) if not 200 <= status < 400})
    if failing:
        plan.notes.append(f"left out, not answering 2xx/3xx before the load: {', '.join(failing)}")
        plan.pages = [p for p in plan.pages if p not in failing] or ["/"]


def server_children(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(name))
            except OSError:
                continue
    return found


def web_workers(server_pid: int) -> list[int]:
    """granian's worker processes under `hromada serve` (not the task worker `hromada worker`)."""
    workers = []
    for pid in server_children(server_pid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                args = cmd.read().split(b"\0")
        except OSError:
            continue
        command = b" ".join(args)
        if b"worker" not in args and b"resource_tracker" not in command and b"semaphore_tracker" not in command:
            workers.append(pid)  # not the task worker, nor multiprocessing's helpers
    return workers


# --- the measurements --------------------------------------------------------------------------------------------

def measure(profile: str, port: int, host: str, plan: Plan, levels: list[int], duration: float,
            server_pid: int | None) -> list[str]:
    ratios: dict[int, float] = {}
    p95_at: dict[int, float] = {}
    pages_p95_at: dict[int, float] = {}
    errors = 0
    short = max(3.0, duration / 2)
    for clients in levels:
        with CpuMeter(server_pid) as cpu:
            elapsed, records = httpload.run_for(port, mixed_scripts(plan, clients), duration, host=host)
        mixed = figures(records, elapsed)
        errors += mixed.errors
        p95_at[clients] = mixed.p95
        say(line(f"{profile} · {clients} clients · mixed workload, {duration:.0f} s", mixed))
        for label in ("anonymous", "search", "cabinet", "sign", "vote"):
            part = figures(records, elapsed, {label})
            if part.count:
                say(line(f"    {LABELS[label]}", part))
        say(cpu.summary())
        elapsed, records = httpload.run_for(port, uniform_scripts("anonymous", plan.pages, clients), short,
                                            host=host)
        pages = figures(records, elapsed)
        errors += pages.errors
        pages_p95_at[clients] = pages.p95
        say(line(f"{profile} · {clients} clients · anonymous pages only, {short:.0f} s", pages))
        with CpuMeter(server_pid) as cpu:
            elapsed, records = httpload.run_for(port, uniform_scripts("static", [plan.static], clients), short,
                                                host=host)
        static = figures(records, elapsed)
        errors += static.errors
        say(line(f"{profile} · {clients} clients · static file (the ceiling), {short:.0f} s", static))
        say(cpu.summary())
        text, _ = ratio_line(f"{profile} · {clients} clients · pages / ceiling", pages.rate, static.rate)
        say(text)
        ratios[clients] = pages.rate / static.rate if static.rate else 0.0
    return verdict(profile, ratios, p95_at, errors, pages_p95_at)


def drill(name: str, port: int, host: str, plan: Plan, clients: int, seconds: float, action, *,
          grace: float = 5.0) -> dict:
    """Read load (anonymous, search, cabinet) for ``seconds``; ``action`` runs a third of the way in. Returns
    the failures before, in the ``grace`` seconds after, and later than that, and the last failure's time."""
    event = seconds / 3
    outcome: dict = {}

    def fire():
        started = time.perf_counter()
        try:
            outcome["action"] = action()
        except Exception as exc:
            outcome["action"] = f"failed: {exc}"
        outcome["action_seconds"] = time.perf_counter() - started

    timer = threading.Timer(event, fire)
    probe = OutsiderProbe(port, host)
    timer.start()
    probe.start()
    try:
        elapsed, records = httpload.run_for(port, mixed_scripts(plan, clients, writes=False), seconds, host=host,
                                            timeout=15)
    finally:
        timer.cancel()
        timer.join(timeout=120)
        probe.stop()
    failed = [r for r in records if is_error(r[0], r[1])]
    acted = event + outcome.get("action_seconds", 0.0)
    # The window after the event: ``grace`` seconds, less in a short drill so that some time is left after it.
    window_end = acted + min(grace, max(0.0, (elapsed - acted) / 2))
    outcome.update(
        requests=len(records), ok=len(records) - len(failed),
        before=sum(1 for r in failed if r[3] < event),
        during=sum(1 for r in failed if event <= r[3] < window_end),
        after=sum(1 for r in failed if r[3] >= window_end),
        last_failure=max((r[3] - event for r in failed), default=None),
        ok_after=sum(1 for r in records if r[3] >= window_end and not is_error(r[0], r[1])),
        statuses=figures(records, elapsed).statuses,
        outsider=probe.summary(window_end))
    return outcome


class OutsiderProbe(threading.Thread):
    """A visitor the rate limits do apply to (from 127.0.0.2, not the exempt 127.0.0.1): one acts search a second
    during a drill, so the code paths of the limits (their counts in Redis) are under the drill too. A 5xx or no
    answer after the drill's window is a failure; a 429 would be the limits working, and at this pace none come."""

    SOURCE = "127.0.0.2"  # any 127/8 address reaches the loopback on Linux

    def __init__(self, port: int, host: str, every: float = 1.0):
        super().__init__(daemon=True)
        self.port, self.host, self.every = port, host, every
        self.answers: list[tuple[float, int]] = []  # (seconds since start, status; 0 = no answer)
        self.started = time.perf_counter()
        self._stop_event = threading.Event()

    def run(self) -> None:
        queries = cycle(SEARCH_QUERIES)
        while not self._stop_event.is_set():
            status = 0
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                  source_address=(self.SOURCE, 0))
                conn.request("GET", f"/acts/?q={_quote(next(queries))}", headers={"Host": self.host})
                status = conn.getresponse().status
                conn.close()
            except OSError:
                status = 0
            self.answers.append((time.perf_counter() - self.started, status))
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=15)

    def summary(self, window_end: float) -> dict:
        """Counts; ``window_end`` in seconds from the start, as the drill's own records."""
        after = [status for at, status in self.answers if at >= window_end]
        return {"count": len(self.answers), "failed_after": sum(1 for s in after if s == 0 or s >= 500),
                "ok_after": sum(1 for s in after if 200 <= s < 400), "limited": sum(1 for _, s in self.answers
                                                                                  if s == 429)}


def outsider_ok(outcome: dict) -> bool:
    """The rate-limited visitor got answers after the window and no failure (no probe made: nothing to judge)."""
    probe = outcome.get("outsider")
    return probe is None or probe["count"] == 0 or (probe["failed_after"] == 0 and probe["ok_after"] > 0)


def drill_line(name: str, outcome: dict, passed: bool, claim: str) -> str:
    last = outcome["last_failure"]
    passed = passed and outsider_ok(outcome)
    probe = outcome.get("outsider") or {}
    outsider = (f"; a rate-limited visitor's searches: {probe['count']}, after the window {probe['ok_after']} "
                f"answered, {probe['failed_after']} failed, {probe['limited']} limited") if probe else ""
    return (f"drill · {name:42} {'PASS' if passed else 'FAIL'} — {claim}; {outcome['requests']} requests, "
            f"failed {outcome['before']} before / {outcome['during']} in the window / {outcome['after']} after"
            f"{'' if last is None else f' (last {last:.1f} s after the event)'}; 2xx/3xx after the window "
            f"{outcome['ok_after']}{outsider}; action: {outcome.get('action', 'not run')}")


def kill_one_drill(profile: str, port: int, host: str, plan: Plan, clients: int, seconds: float,
                   kill) -> None:
    outcome = drill("kill one application process", port, host, plan, clients, seconds, kill)
    # A killed process takes down only the requests it was serving: at most one per client connection.
    passed = outcome["before"] == 0 and outcome["after"] == 0 and outcome["during"] <= clients \
        and outcome["ok_after"] > 0
    say(drill_line(f"{profile}: kill one application process", outcome, passed,
                   f"no failures beyond those in flight (≤ {clients})"))


# --- (a) the embedded default -----------------------------------------------------------------------------------

def embedded(args, cleanup: Cleanup) -> None:
    data = tempfile.mkdtemp(prefix="hromada-load-")
    cleanup.add(lambda: shutil.rmtree(data, ignore_errors=True))
    processes = args.processes or max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                      else (os.cpu_count() or 1))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")} | {
        "HROMADA_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "hromada.settings",
        "HROMADA_DEMO_PASSWORD": "bench-password", "HROMADA_RATE_LIMIT_EXEMPT": EXEMPT,
        "HROMADA_LOG_LEVEL": "WARNING"}
    started = time.perf_counter()
    if args.from_data:  # a copy of a data directory seeded before (saves the seeding on repeated runs)
        shutil.copytree(args.from_data, data, dirs_exist_ok=True)
    seeded = subprocess.run([sys.executable, "-m", "hromada", "demo", "--no-serve"], env=env, capture_output=True,
                            text=True, check=False)  # idempotent on a copy
    if seeded.returncode:
        say(f"embedded: skipped — `hromada demo --no-serve` failed: {seeded.stderr.strip().splitlines()[-1:]}")
        return
    plan = load_plan(env, args.levels, 1800)
    if plan is None:
        return
    say(f"embedded: demo seeded and {len(plan.residents)} residents made in {time.perf_counter() - started:.0f} s "
        f"(SQLite in {data})")
    port = free_port()
    log = open(os.path.join(data, "serve.log"), "wb")  # noqa: SIM115 — a pipe nobody reads would stall the server
    cleanup.add(log.close)
    server = subprocess.Popen([sys.executable, "-m", "hromada", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--processes", str(processes), *(["--threads", str(args.threads)] if args.threads
                                                                else [])],
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    cleanup.add(lambda: stop_group(server))
    if not wait_answering(port, "/healthz", HOST, 90, server):
        say(f"embedded: skipped — `hromada serve` did not answer in 90 s (log: {log.name})")
        return
    warm_up(port, HOST, plan)
    say(f"embedded: `hromada serve --processes {processes}` with its task worker on port {port}; "
        f"{len(plan.pages)} public pages, static {plan.static}")
    for note in plan.notes:
        say(f"    note: {note}")
    results = measure("embedded", port, HOST, plan, args.levels, args.duration, server.pid)
    if not args.no_drills:
        if processes < 2:
            say("drill · embedded: kill one application process — skipped (one process: nothing would answer)")
        else:
            def kill():
                workers = web_workers(server.pid)
                if not workers:
                    return "no worker process found"
                os.kill(workers[0], signal.SIGKILL)
                return f"SIGKILL to web process {workers[0]} of {len(workers)}"

            kill_one_drill("embedded", port, HOST, plan, args.drill_clients, args.drill_seconds, kill)
    for text in results:
        say(text)


def load_plan(env: dict, levels: list[int], timeout: float) -> Plan | None:
    needed = sum(sum(1 for i in range(n) if role_of(i) == "resident") for n in levels) + 10
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
        out = file.name
    try:
        done = django_child(["prepare", "--residents", str(needed), "--out", out], env, timeout)
        if done.returncode:
            say(f"    could not prepare the workload: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
            return None
        with open(out) as file:
            return Plan(**json.load(file))
    finally:
        with contextlib.suppress(OSError):
            os.unlink(out)


# --- (b) the operator profile -----------------------------------------------------------------------------------

def read_env_file(path: str) -> dict:
    values = {}
    with open(path) as file:
        for raw in file:
            text = raw.strip()
            if text and not text.startswith("#") and "=" in text:
                key, _, value = text.partition("=")
                values[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values


def cluster(args, cleanup: Cleanup) -> None:
    scripts = {name: os.path.join(ROOT, "scripts", name) for name in ("cluster-up", "cluster-ctl", "cluster-down")}
    missing = [name for name, path in scripts.items() if not os.access(path, os.X_OK)]
    if missing:
        say(f"operator profile: skipped — {', '.join(missing)} not in scripts/ (or not executable)")
        return
    env = os.environ | {"HROMADA_RATE_LIMIT_EXEMPT": EXEMPT}
    started = time.perf_counter()
    if args.cluster_dir:  # a profile already up: measured (and drilled), neither brought up nor removed
        directory = os.path.abspath(args.cluster_dir)
        env_file = os.path.join(directory, "cluster.env")
        if not os.path.exists(env_file):
            say(f"operator profile: skipped — no {env_file} (run scripts/cluster-up --dir {directory} first)")
            return
    else:
        if port_taken(CLUSTER_PORT):
            say(f"operator profile: skipped — port {CLUSTER_PORT} is taken (another operator profile running? "
                f"--cluster-dir DIR measures one that is up)")
            return
        directory = tempfile.mkdtemp(prefix="hromada-cluster-")
        cleanup.add(lambda: shutil.rmtree(directory, ignore_errors=True))
        # Only the bench's own address escapes the rate limits, and only by this explicit setting.
        command = [scripts["cluster-up"], "--dir", directory, "--env", f"HROMADA_RATE_LIMIT_EXEMPT={EXEMPT}"]
        if args.processes:
            command += ["--processes", str(args.processes)]
        say(f"operator profile: {' '.join(command)}")
        cleanup.add(lambda: subprocess.run([scripts["cluster-down"], "--dir", directory], env=env,
                                           capture_output=True, timeout=300, check=False))
        try:
            up = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200, check=False)
        except subprocess.TimeoutExpired:
            say("operator profile: skipped — scripts/cluster-up did not finish in 20 minutes")
            return
        env_file = os.path.join(directory, "cluster.env")
        if up.returncode or not os.path.exists(env_file):
            tail = " | ".join((up.stderr or up.stdout).strip().splitlines()[-3:])
            say(f"operator profile: skipped — scripts/cluster-up failed (exit {up.returncode}): {tail}")
            return
    values = read_env_file(env_file)
    url = values.get("CLUSTER_URL", f"http://127.0.0.1:{CLUSTER_PORT}")
    port = urlsplit(url).port or 80  # the load generator speaks plain HTTP to 127.0.0.1
    host = values.get("CLUSTER_HOST", HOST)
    say(f"operator profile: {'running in ' + directory if args.cluster_dir else 'up'} "
        f"in {time.perf_counter() - started:.0f} s at {url} (Host: {host})")
    django_env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")} | {
        k: v for k, v in values.items() if k.startswith("HROMADA_") or k == "DJANGO_SETTINGS_MODULE"}
    plan = None
    if "HROMADA_DATABASE_URL" in django_env:
        plan = load_plan(django_env, args.levels, 1800)
    else:
        say("    note: cluster.env has no HROMADA_DATABASE_URL: no residents, the workload is anonymous and search")
    if plan is None:
        plan = Plan(pages=["/", "/acts/", "/programmes/", "/petitions/", "/budget/"],
                    static="/static/hromada/hromada.css")
    if values.get("CLUSTER_STATIC_PATH"):
        plan.static = values["CLUSTER_STATIC_PATH"]
    if not wait_answering(port, "/healthz", host, 120):
        say(f"operator profile: skipped — {url}/healthz did not answer in 120 s")
        return
    warm_up(port, host, plan)
    for note in plan.notes:
        say(f"    note: {note}")
    results = measure("operator", port, host, plan, args.levels, args.duration, None)
    if not args.no_drills:
        cluster_drills(args, [scripts["cluster-ctl"], "--dir", directory], env, django_env, port, host, plan)
    for text in results:
        say(text)


def cluster_drills(args, ctl: list[str], env: dict, django_env: dict, port: int, host: str, plan: Plan) -> None:
    clients, seconds = args.drill_clients, args.drill_seconds

    def control(action: str, part: str):
        def run():
            done = subprocess.run([*ctl, action, part], env=env, capture_output=True, text=True, timeout=300,
                                  check=False)
            last = (done.stdout.strip() or done.stderr.strip()).splitlines()[-1:] or [""]
            return f"cluster-ctl {action} {part} → exit {done.returncode} {last[0]}".strip()
        return run

    def restore(part: str) -> None:
        control("start", part)()
        wait_answering(port, "/healthz", host, 60)

    kill_one_drill("operator", port, host, plan, clients, seconds, control("kill-one", "app"))

    outcome = drill("stop the replica", port, host, plan, clients, seconds, control("stop", "replica"))
    restore("replica")
    say(drill_line("operator: stop the replica", outcome, outcome["after"] == 0 and outcome["ok_after"] > 0,
                   "reads fall back to the primary, pages still 200"))

    outcome = drill("stop Redis", port, host, plan, clients, seconds, control("stop", "redis"))
    during = probe(django_env, 10) if "HROMADA_DATABASE_URL" in django_env else "not probed (no database URL)"
    restore("redis")
    after = (probe(django_env, 90, queue_wait=30) if "HROMADA_DATABASE_URL" in django_env
             else "not probed (no database URL)")
    # Without a database URL only the pages are judged. While Redis is away a job is recorded (the scheduler
    # queues it again after jobs.REQUEUE_AFTER, longer than a drill); once it is back a new one runs.
    recorded = during.startswith(("recorded", "not probed"))
    resumed = after.startswith(("succeeded", "not probed"))
    say(drill_line("operator: stop Redis", outcome,
                   outcome["after"] == 0 and outcome["ok_after"] > 0 and recorded and resumed,
                   f"pages serve without Redis; a job queued while it was away: {during} (queued again by the "
                   f"scheduler later); a job after it returned: {after}"))

    outcome = drill("restart PostgreSQL primary", port, host, plan, clients, seconds, control("restart", "primary"),
                    grace=10.0)
    say(drill_line("operator: restart the PostgreSQL primary", outcome,
                   outcome["after"] == 0 and outcome["ok_after"] > 0,
                   "errors only while it restarts, then 200s without restarting the site"))


def probe(env: dict, timeout: float, queue_wait: float = 0.0) -> str:
    try:
        done = django_child(["task-probe", "--timeout", str(timeout), "--queue-wait", str(queue_wait)], env,
                            timeout + queue_wait + 60)
    except subprocess.TimeoutExpired:
        return "no answer"
    return (done.stdout.strip().splitlines() or [f"failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}"])[-1]


# --- the command line ------------------------------------------------------------------------------------------

def parse_levels(text: str) -> list[int]:
    try:
        levels = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("levels are whole numbers separated by commas, e.g. 20,100,200") from None
    if not levels or any(n < 1 or n > 2000 for n in levels):
        raise argparse.ArgumentTypeError("each level is between 1 and 2000 clients")
    return levels


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command")
    prep = sub.add_parser("prepare", help="(internal) make the residents and write the plan")
    prep.add_argument("--residents", type=int, default=0)
    prep.add_argument("--out", required=True)
    task = sub.add_parser("task-probe", help="(internal) enqueue a job and wait for it")
    task.add_argument("--timeout", type=float, default=60)
    task.add_argument("--queue-wait", type=float, default=0.0)
    p.add_argument("--duration", type=float, default=60.0, help="seconds of the mixed workload per level (60)")
    p.add_argument("--levels", type=parse_levels, default=[20, 100, 200], help="concurrent clients (20,100,200)")
    p.add_argument("--profiles", default="embedded,cluster", help="embedded, cluster or both (the default)")
    p.add_argument("--processes", type=int, default=None, help="web processes (default: one per core)")
    p.add_argument("--threads", type=int, default=None, help="threads per web process (default: serve's own)")
    p.add_argument("--no-drills", action="store_true", help="measure only")
    p.add_argument("--cluster-dir", metavar="DIR", help="operator: measure the profile already up in DIR (its "
                                                        "cluster.env) instead of bringing one up and down")
    p.add_argument("--from-data", metavar="DIR", help="embedded: start from a copy of this seeded data directory")
    p.add_argument("--drill-clients", type=int, default=20, help="clients during each drill (20)")
    p.add_argument("--drill-seconds", type=float, default=None, help="length of each drill (default 30, or "
                                                                     "twice --duration when that is shorter)")
    return p


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.command == "prepare":
        return prepare(args.residents, args.out)
    if args.command == "task-probe":
        return task_probe(args.timeout, args.queue_wait)
    if args.drill_seconds is None:
        args.drill_seconds = max(9.0, min(30.0, 2 * args.duration))
    profiles = {p.strip() for p in args.profiles.split(",") if p.strip()}
    cleanup = Cleanup()

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    start_cpu, start = own_cpu(), time.perf_counter()
    say(f"Hromada under load: levels {args.levels}, {args.duration:.0f} s each, {os.cpu_count()} cores; the load "
        f"generator runs on this machine too (its CPU is printed)")
    try:
        if "embedded" in profiles:
            embedded(args, cleanup)
            cleanup.run()  # the embedded server stopped before the operator profile starts
        if "cluster" in profiles:
            cluster(args, cleanup)
    except KeyboardInterrupt:
        say("interrupted: stopping the servers and removing the temporary directories")
    finally:
        cleanup.run()
    say(f"load generator: {own_cpu() - start_cpu:.1f} CPU-s over {time.perf_counter() - start:.0f} s of the run")


if __name__ == "__main__":
    main()
