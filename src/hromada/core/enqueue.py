"""Putting a task on the queue once the transaction commits, without failing what already happened.

With Redis as the queue (HROMADA_TASKS_BACKEND=redis) the queue can be away while the database is not: a resident's
signature or a staff member's decision is committed, and only the notice or the follow-up task cannot be queued.
The request must still succeed. Each caller's work is recorded in the database first (a delivery, a job run, an
import's state), and what could not be queued is queued again by its sweeper when the queue is back
(notifications-requeue for deliveries, the scheduler's tick for job runs); a caller may also say what to do at once
(``on_failure``: an import shows the staff that it could not start).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)


def now_or_log(task, *args, on_failure: Callable[[], None] | None = None, **kwargs):
    """``task.enqueue(*args, **kwargs)``; None, logged (and ``on_failure`` called), when the queue is away."""
    try:
        return task.enqueue(*args, **kwargs)
    except Exception:
        logger.warning("The task queue is unavailable: %s was not queued (queued again when it is back).",
                       getattr(task, "name", task), exc_info=True)
        if on_failure is not None:
            on_failure()
        return None


def after_commit(task, *args, on_failure: Callable[[], None] | None = None, using: str | None = None,
                 **kwargs) -> None:
    """Queue the task when the current transaction commits (at once outside one), never raising."""
    transaction.on_commit(lambda: now_or_log(task, *args, on_failure=on_failure, **kwargs), using=using)
