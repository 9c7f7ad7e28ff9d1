"""The database backend's worker, as `hromada worker` and the tests run it.

django-tasks-db's worker claims a task row under a row lock and runs it; what we add is a worker id that tells
where it runs ("host:pid", so a dead worker on this machine can be recognised) and the clean-up of tasks whose
worker died mid-run: such a task stays "running" in the queue table forever otherwise. Its own transaction
never committed, so nothing it did is in the database; the task is marked failed and whoever follows it (an
import's page, the jobs page) shows that.
"""

from __future__ import annotations

import socket

from django.db import transaction

from hromada.core.jobs import worker_ident
from hromada.core.processes import process_alive


class WorkerDied(RuntimeError):
    """Recorded as the error of a task whose worker process stopped while running it."""


def database_worker(*, interval: float = 1.0, batch: bool = False, max_tasks: int | None = None):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(queue_names=["*"], interval=interval, batch=batch, backend_name="default", startup_delay=False,
                  max_tasks=max_tasks, worker_id=worker_ident()[:64], excluded_queue_names=[])


def run_pending() -> int:
    """Run every task queued now, one after another in this thread and on this connection; how many ran.

    The worker's own loop closes "old" connections between tasks, which would close a test's connection in the
    middle of its transaction; this loop claims and runs tasks the same way without that.
    """
    from django_tasks_db.models import DBTaskResult

    worker = database_worker(interval=0, batch=True)
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


def reap_dead_tasks() -> int:
    """Mark failed the running tasks whose worker on this machine has died; how many."""
    from django.conf import settings

    if settings.TASKS_BACKEND != "database":
        return 0
    from django_tasks_db.models import DBTaskResult

    host = socket.gethostname()
    reaped = 0
    for result in DBTaskResult.objects.running():
        last = (result.worker_ids or [""])[-1]
        worker_host, _sep, pid = last.rpartition(":")
        if worker_host == host and pid.isdigit() and not process_alive(int(pid)):
            with transaction.atomic():
                result.set_failed(WorkerDied(f"worker {last} stopped while running the task"))
            reaped += 1
    return reaped


def _batch_rq_worker():
    from rq import Worker

    class BatchRQWorker(Worker):
        """An RQ worker for `hromada worker --batch`: it drains the queues and exits. RQ's pub/sub listener for
        remote commands (kill, suspend) sleeps up to 60 s between reads and is joined on exit, so a batch run
        would end a minute late; a run that drains and stops has no use for those commands."""

        def subscribe(self):
            pass

        def unsubscribe(self):
            pass

    return BatchRQWorker


def __getattr__(name):  # rq is an optional dependency (the "redis" extra): imported only when asked for
    if name == "BatchRQWorker":
        return _batch_rq_worker()
    raise AttributeError(name)
