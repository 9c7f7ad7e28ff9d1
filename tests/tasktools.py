"""Run what tests enqueued on the tasks backend, in-process (core.workers.run_pending, the worker's own loop)."""

from __future__ import annotations

from hromada.core.workers import run_pending


def run_enqueued_tasks(*, including_later: bool = False) -> int:
    """Run every ready task on every queue until none is left; returns how many task runs finished.

    ``including_later`` also runs tasks scheduled for later (a retry's ``run_after``) — as if their time had
    come — repeatedly, until nothing is ready or scheduled.
    """
    from django_tasks_db.models import DBTaskResult, get_date_max

    ran = 0
    for _round in range(50):  # a task that re-enqueues itself forever would otherwise hang the test
        if including_later:
            DBTaskResult.objects.filter(status="READY").update(run_after=get_date_max())
        ran += run_pending()
        if not including_later or not DBTaskResult.objects.filter(status="READY").exists():
            break
    return ran
