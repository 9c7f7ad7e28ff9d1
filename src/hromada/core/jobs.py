"""Scheduled jobs: declared once beside the work they do, run by the task worker on a cron schedule.

An app declares its periodic work in its ``tasks.py`` (autodiscovered when the apps are ready)::

    @scheduled("acts-apply-relations", cron="10 0 * * *", label=_("Apply relations that take effect today"))
    def apply_relations() -> str:
        ...
        return f"{n} relations applied"   # kept as the run's result

How a run goes: the scheduler (a thread of every ``hromada worker``) looks at each job's cron expression in the
hromada's time zone; when a slot has come that has no run yet, it records a :class:`~hromada.core.models.JobRun`
for that slot — the database allows one per job and slot, so several workers on several machines enqueue it
once — and enqueues :data:`run_job_task` through Django's tasks API (the database backend, or RQ over Redis:
settings only). The worker claims the run, calls the job inside one transaction and records the outcome: a job
that raises, or whose worker dies, has written nothing and its run is failed. Missed slots (the worker was down)
are caught up once, the latest only, if it is not older than ``CATCH_UP``.

Jobs must be idempotent — running one twice on a day changes nothing twice — because a run may be repeated by
hand (``hromada jobs run NAME``, the staff jobs page) or after a failure.
"""

from __future__ import annotations

import logging
import os
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from croniter import croniter
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from hromada.core import enqueue
from hromada.core.processes import process_alive

logger = logging.getLogger(__name__)

CATCH_UP = timedelta(hours=24)  # a missed slot older than this is skipped, not run late
STALE_AFTER = timedelta(hours=6)  # a run on another machine silent this long is taken for dead
# A run still queued this long was most likely never put on the queue (Redis was away, core/enqueue.py): queue it
# again. Harmless if it was: the first worker to claim it runs it, the other finds it claimed.
REQUEUE_AFTER = timedelta(minutes=10)
OUTPUT_LIMIT = 10_000


@dataclass(frozen=True)
class Job:
    name: str
    cron: str  # five fields, in the installation's time zone (Europe/Kyiv)
    label: str  # lazy translation
    func: Callable[[], object]

    def slots_before(self, moment: datetime) -> datetime:
        """The latest slot at or before ``moment`` (aware, in the local time zone)."""
        local = timezone.localtime(moment)
        # croniter's get_prev is strict; a slot exactly at `moment` is due at `moment`.
        return croniter(self.cron, local + timedelta(seconds=1)).get_prev(datetime)

    def next_after(self, moment: datetime) -> datetime:
        return croniter(self.cron, timezone.localtime(moment)).get_next(datetime)


REGISTRY: dict[str, Job] = {}


def scheduled(name: str, *, cron: str, label):
    """Register the decorated function (no arguments; returns a short result or None) as a scheduled job."""
    if not croniter.is_valid(cron) or len(cron.split()) != 5:
        raise ValueError(f"job {name!r}: {cron!r} is not a five-field cron expression")

    def register(func):
        existing = REGISTRY.get(name)
        if existing is not None and existing.func is not func:
            raise ValueError(f"job {name!r} is registered twice")
        REGISTRY[name] = Job(name=name, cron=cron, label=label, func=func)
        return func

    return register


def get(name: str) -> Job:
    try:
        return REGISTRY[name]
    except KeyError:
        raise LookupError(name) from None


def describe(cron: str) -> str:
    """The schedule in words for the common shapes («щодня о 08:00»); the expression itself otherwise."""
    from django.utils.translation import gettext as _

    minute, hour, day, month, weekday = cron.split()
    if minute.isdigit() and hour.isdigit() and day == month == "*":
        at = f"{int(hour):02d}:{int(minute):02d}"
        if weekday == "*":
            return _("daily at %(time)s") % {"time": at}
        days = {"1": _("on Mondays"), "2": _("on Tuesdays"), "3": _("on Wednesdays"), "4": _("on Thursdays"),
                "5": _("on Fridays"), "6": _("on Saturdays"), "0": _("on Sundays"), "7": _("on Sundays"),
                "1-5": _("on working days")}
        if weekday in days:
            return _("%(days)s at %(time)s") % {"days": days[weekday], "time": at}
    return cron


def worker_ident() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# --- running ------------------------------------------------------------------------------------------


@task(queue_name="default")
def run_job_task(run_id: int) -> None:
    """The task the scheduler and the "run now" button enqueue: run one recorded JobRun."""
    execute(run_id)


def execute(run_id: int):
    """Claim the queued run ``run_id``, call its job in one transaction and record how it ended.

    Returns the run, or None when another worker has claimed it already (or it is gone).
    """
    from hromada.core.models import JobRun

    now = timezone.now()
    claimed = JobRun.objects.filter(pk=run_id, status=JobRun.Status.QUEUED).update(
        status=JobRun.Status.RUNNING, started_at=now, worker=worker_ident())
    if not claimed:
        return None
    run = JobRun.objects.get(pk=run_id)
    job = REGISTRY.get(run.job)
    try:
        if job is None:
            raise LookupError(f"no job named {run.job!r} in this version of the platform")
        with transaction.atomic():
            result = job.func()
    except Exception as error:
        logger.exception("job %s (run %s) failed", run.job, run.pk)
        run.status = JobRun.Status.FAILED
        run.error = (f"{type(error).__name__}: {error}\n\n" + traceback.format_exc())[:OUTPUT_LIMIT]
    else:
        run.status = JobRun.Status.SUCCEEDED
        run.output = "" if result is None else str(result)[:OUTPUT_LIMIT]
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "output", "error", "finished_at"])
    return run


def run_now(name: str, *, started_by: str = "") -> object:
    """Run a job at once in this process (``hromada jobs run``); the finished JobRun."""
    from hromada.core.models import JobRun

    get(name)
    run = JobRun.objects.create(job=name, trigger=JobRun.Trigger.MANUAL, started_by=started_by[:200])
    return execute(run.pk) or JobRun.objects.get(pk=run.pk)


def enqueue_now(name: str, *, started_by: str = "") -> object:
    """Queue a run of the job for the worker (the staff "run now" button); the queued JobRun."""
    from hromada.core.models import JobRun

    get(name)
    with transaction.atomic():
        run = JobRun.objects.create(job=name, trigger=JobRun.Trigger.MANUAL, started_by=started_by[:200])
        enqueue.after_commit(run_job_task, run.pk)
    return run


# --- scheduling ---------------------------------------------------------------------------------------


def tick(now: datetime | None = None) -> list:
    """One pass of the scheduler: record and enqueue every slot that has come; the runs it created."""
    from hromada.core.models import JobRun

    now = now or timezone.now()
    reap_dead_runs(now)
    requeue_waiting_runs(now)
    created = []
    last_slots = dict(JobRun.objects.filter(scheduled_for__isnull=False).values("job")
                      .annotate(last=Max("scheduled_for")).values_list("job", "last"))
    for job in REGISTRY.values():
        slot = job.slots_before(now)
        if now - slot > CATCH_UP:
            continue
        last = last_slots.get(job.name)
        if last is not None and last >= slot:
            continue
        try:
            with transaction.atomic():
                run = JobRun.objects.create(job=job.name, scheduled_for=slot)
                enqueue.after_commit(run_job_task, run.pk)
        except IntegrityError:  # another scheduler recorded this slot first
            continue
        created.append(run)
    return created


def requeue_waiting_runs(now: datetime | None = None) -> int:
    """Queue again the runs queued more than REQUEUE_AFTER ago that no worker has claimed; how many."""
    from hromada.core.models import JobRun

    now = now or timezone.now()
    waiting = list(JobRun.objects.filter(status=JobRun.Status.QUEUED, enqueued_at__lt=now - REQUEUE_AFTER)
                   .values_list("pk", flat=True)[:1000])
    for run_id in waiting:
        # Queued again now: a run that is only waiting behind a long task is not queued again every tick.
        JobRun.objects.filter(pk=run_id, status=JobRun.Status.QUEUED).update(enqueued_at=now)
        enqueue.now_or_log(run_job_task, run_id)
    return len(waiting)


def reap_dead_runs(now: datetime | None = None) -> int:
    """Mark failed the running runs whose worker has died; how many.

    A worker on this machine is checked by its process id. A worker elsewhere is taken for dead when its run
    has been silent for STALE_AFTER. Either way the job's transaction never committed: nothing was written.
    """
    from django.utils.translation import gettext as _

    from hromada.core.models import JobRun

    now = now or timezone.now()
    host = socket.gethostname()
    dead = []
    for run in JobRun.objects.filter(status=JobRun.Status.RUNNING).only("pk", "worker", "started_at"):
        worker_host, _sep, pid = run.worker.rpartition(":")
        if worker_host == host and pid.isdigit():
            if not process_alive(int(pid)):
                dead.append(run.pk)
        elif run.started_at is None or now - run.started_at > STALE_AFTER:
            dead.append(run.pk)
    if dead:
        JobRun.objects.filter(pk__in=dead, status=JobRun.Status.RUNNING).update(
            status=JobRun.Status.FAILED, finished_at=now,
            error=_("The worker stopped while the job was running; nothing it did was saved."))
    return len(dead)


    return True


def overview(now: datetime | None = None) -> list[dict]:
    """Every job with its schedule, last run and next run, for ``hromada jobs`` and the staff page."""
    from hromada.core.models import JobRun

    now = now or timezone.now()
    reap_dead_runs(now)
    names = list(REGISTRY)
    # Two queries whatever the history's length: the id of each job's newest run, then those runs.
    newest = JobRun.objects.filter(job__in=names).values("job").annotate(last_id=Max("id")).values_list("last_id")
    latest = {run.job: run for run in JobRun.objects.filter(pk__in=newest)}
    rows = []
    for name in sorted(names):
        job = REGISTRY[name]
        rows.append({"job": job, "last": latest.get(name), "next": job.next_after(now)})
    return rows
