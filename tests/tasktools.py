"""Run what tests enqueued on the tasks backend, in-process, with the django-tasks-db worker."""

from __future__ import annotations

from unittest.mock import patch

from django.core.management import call_command


def run_enqueued_tasks(*, including_later: bool = False) -> int:
    """Run every ready task on every queue until none is left; returns how many task runs finished.

    ``including_later`` also runs tasks scheduled for later (a retry's ``run_after``) — as if their time had
    come — repeatedly, until nothing is ready or scheduled.
    """
    from django_tasks_db.models import DBTaskResult, get_date_max

    finished = DBTaskResult.objects.exclude(status__in=["READY", "RUNNING"]).count()
    for _round in range(50):  # a task that re-enqueues itself forever would otherwise hang the test
        if including_later:
            DBTaskResult.objects.filter(status="READY").update(run_after=get_date_max())
        # The worker closes "obsolete" connections between tasks; inside a test's transaction that would close
        # the test's own connection, so it is left open here (the worker's loop is otherwise unchanged).
        with patch("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None):
            call_command("db_worker", batch=True, queue_name="*", interval=0, startup_delay=False, reload=False,
                         verbosity=0)
        if not including_later or not DBTaskResult.objects.filter(status="READY").exists():
            break
    return DBTaskResult.objects.exclude(status__in=["READY", "RUNNING"]).count() - finished

