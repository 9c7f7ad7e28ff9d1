"""Run callables at the same moment in threads (each with its own database connection), for concurrency tests."""

from __future__ import annotations

import threading

from django.db import connections


def at_once(jobs: list) -> list:
    """Start every job together behind a barrier; return each one's result or the exception it raised."""
    results, barrier = [None] * len(jobs), threading.Barrier(len(jobs))

    def worker(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
