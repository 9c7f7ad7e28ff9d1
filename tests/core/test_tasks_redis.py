"""Scale-out by settings only: the same jobs through the RQ backend of the tasks API against a real Redis.

`.ci/run` installs and starts Debian's redis-server; under CI=true a Redis that does not answer fails this test.
Elsewhere it is skipped with a loud reason. HROMADA_TEST_REDIS_URL names the server (databases 8–15 by default, one per
test process, so a developer's own data in database 0 is never touched; the test empties its database first).
"""

from __future__ import annotations

import contextlib
import os

import pytest
from django.core.management import call_command

from hromada.core import jobs
from hromada.core.models import JobRun


def _redis_url() -> str:
    """A Redis database of its own for each test process: the SQLite and PostgreSQL passes run side by side, each
    maybe with xdist workers, and this test empties its database."""
    if "HROMADA_TEST_REDIS_URL" in os.environ:
        return os.environ["HROMADA_TEST_REDIS_URL"]
    postgres = os.environ.get("HROMADA_DATABASE_URL", "").startswith("postgres")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    return f"redis://127.0.0.1:6379/{8 + 4 * postgres + int(worker or 0) % 4}"


REDIS_URL = _redis_url()
QUEUES = ["default", "imports", "notifications"]


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture
def redis_tasks(settings, monkeypatch):
    """Switch the tasks backend to RQ over the test Redis, as HROMADA_TASKS_BACKEND=redis does."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        server = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        server.ping()
    except RedisError as error:
        reason = f"no Redis answers at {REDIS_URL} ({error})"
        if _ci():
            pytest.fail(f"The Redis backend test is mandatory under CI=true, but {reason}", pytrace=False)
        pytest.skip(f"!!! Redis backend test SKIPPED: {reason}; start redis-server (CI=true makes this a failure)")
    server.flushdb()
    # An RQ worker listens for remote commands on a pub/sub thread that sleeps up to 60 s between reads, and a
    # burst run joins it on exit: a whole minute per test. The tests send no commands, so nothing listens.
    from rq.worker.base import BaseWorker
    monkeypatch.setattr(BaseWorker, "subscribe", lambda self: None)
    monkeypatch.setattr(BaseWorker, "unsubscribe", lambda self: None)
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600} for name in QUEUES}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}
    settings.TASKS_BACKEND = "redis"
    yield server
    server.flushdb()
    server.close()


@pytest.mark.django_db
def test_a_scheduled_job_runs_through_rq_and_redis(redis_tasks, monkeypatch, django_capture_on_commit_callbacks):
    import django_rq
    from django_tasks import default_task_backend, task_backends
    from django_tasks.base import TaskResultStatus
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    monkeypatch.setattr(jobs, "REGISTRY", {})
    jobs.scheduled("through-redis", cron="0 8 * * *", label="x")(lambda: "ran through Redis")

    assert type(task_backends["default"]).__name__ == "RQBackend"
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.enqueue_now("through-redis", started_by="test")
    queue = django_rq.get_queue("default")
    assert queue.count == 1  # the task waits in Redis, not in the database
    [job_id] = queue.job_ids

    # An RQ worker (in this process, so it shares the test's database connection) takes it from Redis.
    worker = django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job)
    worker.work(burst=True)

    run.refresh_from_db()
    assert (run.status, run.output) == ("succeeded", "ran through Redis")
    assert default_task_backend.get_result(job_id).status == TaskResultStatus.SUCCESSFUL
    assert JobRun.objects.count() == 1


@pytest.mark.django_db
def test_with_the_redis_cache_away_searches_and_sign_in_still_answer(settings, client, hromada_a):
    """The default cache (rate limits, codes) in a Redis that is stopped: the search counted by the rate limit
    and the sign-in form answer as without a cache instead of 500."""
    from django.core.cache import caches

    from tests.factories import UserFactory

    port = _closed_port()
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "hromada.core.cache.ResilientRedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    settings.RATE_LIMIT_EXEMPT = ()
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "search": "1/m/ip"}
    # (Django builds the cache aliases again when the CACHES setting changes.)
    client.defaults["HTTP_HOST"] = "a.localhost"
    assert [client.get("/acts/?q=благоустрій").status_code for _ in range(3)] == [200, 200, 200]
    UserFactory(email="resident-away@example.org", password="довгий-пароль-2026")
    signed = client.post("/login/", {"username": "resident-away@example.org", "password": "довгий-пароль-2026"})
    assert signed.status_code == 302
    assert type(caches["default"]).__name__ == "ResilientRedisCache"
    assert caches["default"].get("anything", "default") == "default"


@pytest.mark.django_db(transaction=True)  # the RQ worker command closes the database connection when it starts
def test_the_worker_command_drains_the_redis_queues(redis_tasks, monkeypatch, django_capture_on_commit_callbacks):
    import django_rq

    monkeypatch.setattr(jobs, "REGISTRY", {})
    jobs.scheduled("drained", cron="0 8 * * *", label="x")(lambda: "drained")
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.enqueue_now("drained")
    call_command("worker", "--batch", "--no-scheduler", "--worker-class", "rq.worker.SimpleWorker")
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert django_rq.get_queue("default").count == 0


def test_rate_limit_counts_are_shared_through_redis_by_separate_processes(tmp_path):
    """With HROMADA_CACHE=redis a count made by one server process holds in another (a search limited to one a
    minute: the second process's search is refused)."""
    import subprocess
    import sys

    from redis import Redis
    from redis.exceptions import RedisError

    try:
        server = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
        server.ping()
    except RedisError as error:
        reason = f"no Redis answers at {REDIS_URL} ({error})"
        if _ci():
            pytest.fail(f"The Redis cache test is mandatory under CI=true, but {reason}", pytrace=False)
        pytest.skip(f"!!! Redis cache test SKIPPED: {reason}; start redis-server (CI=true makes this a failure)")
    server.flushdb()
    script = ("from django.test import RequestFactory; from django.contrib.auth.models import AnonymousUser; "
              "from hromada.core import ratelimit; request = RequestFactory().get('/acts/?q=x'); "
              "request.user = AnonymousUser(); "
              "from django.core.cache import caches; print(type(caches['default']).__name__, "
              "ratelimit.retry_after(request, 'search'))")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HROMADA_", "DJANGO_"))}
    environment.update(HROMADA_DATA_DIR=str(tmp_path), HROMADA_CACHE="redis", HROMADA_REDIS_URL=REDIS_URL,
                       HROMADA_RATE_SEARCH="1/m/ip")
    answers = [subprocess.run([sys.executable, "-m", "hromada", "shell", "-c", script], env=environment,
                              capture_output=True, text=True, timeout=120) for _ in range(2)]
    assert [a.returncode for a in answers] == [0, 0], [a.stderr for a in answers]
    first, second = (a.stdout.strip().splitlines()[-1].split() for a in answers)
    assert first == ["ResilientRedisCache", "None"]
    assert second[0] == "ResilientRedisCache" and 1 <= int(second[1]) <= 60
    server.flushdb()
    server.close()



@pytest.mark.django_db(transaction=True)
def test_a_batch_worker_does_not_start_rqs_command_listener(redis_tasks, monkeypatch,
                                                            django_capture_on_commit_callbacks):
    from rq.worker.base import BaseWorker

    # RQ's listener sleeps up to 60 s between reads and is joined on exit: a batch run must not start it.
    subscribed = []
    monkeypatch.setattr(BaseWorker, "subscribe", lambda self: subscribed.append(self))
    monkeypatch.setattr(jobs, "REGISTRY", {})
    jobs.scheduled("batch-exit", cron="0 8 * * *", label="x")(lambda: "done")
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.enqueue_now("batch-exit")
    call_command("worker", "--batch", "--no-scheduler")
    run.refresh_from_db()
    assert run.status == "succeeded"
    assert subscribed == []


def _redis_away(settings) -> None:
    """The queues point at a port where nothing listens: Redis stopped."""
    port = _closed_port()
    settings.RQ_QUEUES = {name: {"URL": f"redis://127.0.0.1:{port}/0", "DEFAULT_TIMEOUT": 600} for name in QUEUES}


@pytest.mark.django_db
def test_with_redis_away_a_run_is_recorded_and_queued_again_when_it_is_back(redis_tasks, settings, monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    """Stop Redis: the staff's "run now" still answers (the run is recorded), and the scheduler's next tick after
    Redis returns puts the run on the queue; the worker runs it once."""
    from datetime import timedelta

    import django_rq
    from django.utils import timezone
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    monkeypatch.setattr(jobs, "REGISTRY", {})
    jobs.scheduled("while-away", cron="0 8 * * *", label="x")(lambda: "ran after Redis came back")
    live = settings.RQ_QUEUES
    _redis_away(settings)
    with django_capture_on_commit_callbacks(execute=True):
        run = jobs.enqueue_now("while-away", started_by="test")  # no exception: the queue's absence is logged
    run.refresh_from_db()
    assert run.status == "queued"
    settings.RQ_QUEUES = live
    assert jobs.requeue_waiting_runs(timezone.now()) == 0  # not yet: it may simply be waiting its turn
    ticked = timezone.now() + jobs.REQUEUE_AFTER + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.tick(ticked)  # also records today's 08:00 slot
    assert django_rq.get_queue("default").count == 2
    run.refresh_from_db()
    assert run.enqueued_at == ticked  # queued again now, so the next ticks leave it alone for REQUEUE_AFTER
    with django_capture_on_commit_callbacks(execute=True):
        jobs.requeue_waiting_runs(ticked + timedelta(minutes=1))
    run.refresh_from_db()
    assert run.enqueued_at == ticked
    django_rq.get_worker("default", worker_class=SimpleWorker, job_class=Job).work(burst=True)
    run.refresh_from_db()
    assert (run.status, run.output) == ("succeeded", "ran after Redis came back")
    assert JobRun.objects.filter(status="succeeded").count() == JobRun.objects.count() == 2


@pytest.mark.django_db
def test_with_redis_away_a_notice_is_recorded_and_sent_when_it_is_back(redis_tasks, settings, hromada_a,
                                                                      django_capture_on_commit_callbacks):
    """A notice's e-mail delivery is recorded, its queueing fails quietly (the request that caused it succeeds),
    and the requeue job sends it once Redis is back."""
    from datetime import timedelta

    import django_rq
    from django.core import mail
    from django.utils import timezone
    from django_tasks_rq import Job
    from rq.worker import SimpleWorker

    from hromada.core.models import Channel, Delivery
    from hromada.core.notifications import STAFF, notify, register_kind
    from hromada.core.notifications import kinds as kind_registry
    from hromada.core.notifications import tasks as notification_tasks
    from tests.factories import member

    register_kind("tests.away", label="Тест", audience=STAFF, default_channels={Channel.EMAIL})
    try:
        clerk = member(hromada_a, "clerk", email="clerk-away@example.org")
        live = settings.RQ_QUEUES
        _redis_away(settings)
        with django_capture_on_commit_callbacks(execute=True):
            notice = notify(clerk, "tests.away", hromada=hromada_a, subject="Тема", body="Текст")
        delivery = notice.deliveries.get(channel=Channel.EMAIL)
        assert delivery.status == Delivery.Status.QUEUED and not mail.outbox
        settings.RQ_QUEUES = live
        Delivery.objects.filter(pk=delivery.pk).update(created_at=timezone.now() - timedelta(hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            notification_tasks.requeue_stalled()
        django_rq.get_worker("notifications", worker_class=SimpleWorker, job_class=Job).work(burst=True)
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.SENT and [m.to for m in mail.outbox] == [["clerk-away@example.org"]]
    finally:
        kind_registry.unregister_kind("tests.away")


@pytest.mark.django_db(transaction=True)  # the worker is a process of its own on the test database
def test_a_worker_started_while_redis_is_away_waits_for_it_and_then_runs_the_tasks(tmp_path, settings):
    """`hromada worker` does not die with Redis: it starts again until Redis answers, then takes the queue —
    the drill "stop Redis" of `make bench-load` found a worker that had exited for good."""
    import shutil
    import subprocess
    import sys
    import time

    from tests.core.test_import_worker import database_url

    server_binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(server_binary):
        if _ci():
            pytest.fail("redis-server is needed under CI=true", pytrace=False)
        pytest.skip("!!! redis-server not installed")
    port = _closed_port()
    url = f"redis://127.0.0.1:{port}/0"
    log = tmp_path / "worker.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HROMADA_")} | {
        "HROMADA_DATABASE_URL": database_url(), "HROMADA_DATA_DIR": str(tmp_path / "data"),
        "HROMADA_TASKS_BACKEND": "redis", "HROMADA_REDIS_URL": url}
    with log.open("wb") as output:
        worker = subprocess.Popen([sys.executable, "-m", "hromada", "worker", "--no-scheduler"], env=env,
                                  stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    redis = None
    try:
        deadline = time.monotonic() + 60
        while "starts again" not in log.read_text(errors="replace") and time.monotonic() < deadline:
            assert worker.poll() is None, log.read_text(errors="replace")[-2000:]
            time.sleep(0.2)
        assert worker.poll() is None and "starts again" in log.read_text(errors="replace")
        redis = subprocess.Popen([server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
        settings.RQ_QUEUES = {name: {"URL": url, "DEFAULT_TIMEOUT": 600} for name in QUEUES}
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": QUEUES}}
        settings.TASKS_BACKEND = "redis"
        run = None
        while run is None and time.monotonic() < deadline:
            try:
                from redis import Redis

                Redis.from_url(url).ping()
                run = jobs.enqueue_now("purge-imports", started_by="test")
            except Exception:
                time.sleep(0.2)
        assert run is not None
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status == "succeeded":
                break
            time.sleep(0.2)
        assert run.status == "succeeded", log.read_text(errors="replace")[-2000:]
    finally:
        import signal

        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        if redis is not None:
            redis.kill()
            redis.wait(timeout=30)
