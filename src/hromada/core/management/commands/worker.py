"""`hromada worker`: run background tasks and the job scheduler.

With the database tasks backend (the default) this process takes tasks from our own database; with
HROMADA_TASKS_BACKEND=redis it is an RQ worker. Either way a scheduler thread records and enqueues the slots
of the scheduled jobs (core.jobs) as they come; several workers may run — each slot is enqueued once.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from hromada.core import jobs

logger = logging.getLogger("hromada.worker")
RECONNECT_FIRST, RECONNECT_MAX = 1.0, 30.0  # seconds between attempts to reach Redis again


class SchedulerThread(threading.Thread):
    """Calls jobs.tick() every ``interval`` seconds until stopped."""

    def __init__(self, interval: float):
        super().__init__(name="hromada-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                for run in jobs.tick():
                    logger.info("scheduled %s for %s", run.job, run.scheduled_for)
            except Exception:  # the database may be briefly away; the next tick tries again
                logger.exception("scheduler tick failed")
            finally:
                connection.close()
            self.stopped.wait(self.interval)


class Command(BaseCommand):
    help = "Run background tasks (imports, e-mail, scheduled jobs) and the job scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--no-scheduler", action="store_true",
                            help="only run tasks; another worker runs the scheduler")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait for new tasks when the queue is empty (default 1)")
        parser.add_argument("--tick", type=float, default=30.0,
                            help="seconds between two looks at the job schedules (default 30)")
        parser.add_argument("--batch", action="store_true",
                            help="run what is queued now (after one scheduler pass), then exit")
        parser.add_argument("--worker-class", default=None,
                            help="with the redis backend: the RQ worker class (default: RQ's forking worker)")

    def handle(self, *args, no_scheduler, interval, tick, batch, worker_class, **options):
        scheduler = None
        if batch:
            if not no_scheduler:
                jobs.tick()
        elif not no_scheduler:
            scheduler = SchedulerThread(max(tick, 1.0))
            scheduler.start()
        self.stdout.write(f"Worker {jobs.worker_ident()} runs tasks from the {settings.TASKS_BACKEND} backend"
                          f"{'' if no_scheduler else ' and the job schedules'}.")
        try:
            if settings.TASKS_BACKEND == "redis":
                self._rq(batch, worker_class)
            else:
                self._database(interval, batch)
        finally:
            if scheduler is not None:
                scheduler.stopped.set()

    def _database(self, interval: float, batch: bool) -> None:
        from hromada.core.workers import database_worker, reap_dead_tasks, run_pending

        reap_dead_tasks()
        if batch:
            self.stdout.write(f"Tasks run: {run_pending()}.")
            return
        worker = database_worker(interval=interval)
        worker.configure_signals()
        worker.run()

    def _rq(self, batch: bool, worker_class: str | None) -> None:
        from django.core.management import call_command

        if worker_class is None and batch:
            # A batch run takes no remote commands; RQ's listener for them would hold the exit up to a minute.
            worker_class = "hromada.core.workers.BatchRQWorker"
        extra = {"worker_class": worker_class} if worker_class else {}
        # RQ runs our tasks through the tasks API's job class (it calls the Task, records its result). RQ gives up
        # when Redis stays away for more than a few seconds (django-rq exits with 1): a long-running worker waits
        # for it and starts again instead, so tasks resume when Redis returns without anyone restarting us.
        wait = RECONNECT_FIRST
        while True:
            try:
                call_command("rqworker", *settings.TASK_QUEUES, burst=batch, with_scheduler=not batch,
                             job_class="django_tasks_rq.Job", **extra)
                return
            except SystemExit as exit_:
                if batch or exit_.code in (0, None):
                    raise
            logger.warning("The task queue (Redis) is unavailable; the worker starts again in %.0f s.", wait)
            time.sleep(wait)
            wait = min(wait * 2, RECONNECT_MAX)
