"""`hromada jobs`: the scheduled jobs with their schedule, last run, outcome and next run; `jobs run NAME` runs one."""

from __future__ import annotations

import getpass

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hromada.core import jobs


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


class Command(BaseCommand):
    help = "List the scheduled jobs (schedule, last run, outcome, next run), or run one now: jobs run NAME."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["list", "run"], default="list")
        parser.add_argument("name", nargs="?", help="the job to run (with `run`)")
        parser.add_argument("--queue", action="store_true",
                            help="with `run`: hand the run to the worker instead of running it here")

    def handle(self, *args, action, name, queue, **options):
        if action == "run":
            return self._run(name, queue)
        if name:
            raise CommandError("`jobs` lists every job; to run one: hromada jobs run NAME")
        rows = jobs.overview()
        header = ("job", "schedule", "last run", "outcome", "next run")
        table = [header]
        for row in rows:
            last = row["last"]
            table.append((row["job"].name, row["job"].cron, _when(last and (last.started_at or last.enqueued_at)),
                          last.status if last else "never", _when(row["next"])))
        widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
        for line in table:
            cells = (str(cell).ljust(width) for cell, width in zip(line, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
        self.stdout.write(f"Times are {timezone.get_current_timezone_name()}; `hromada worker` runs the schedules.")

    def _run(self, name: str | None, queue: bool) -> None:
        if not name:
            raise CommandError(f"Name the job to run: one of {', '.join(sorted(jobs.REGISTRY))}.")
        if name not in jobs.REGISTRY:
            raise CommandError(f"No job named {name!r}; the jobs are: {', '.join(sorted(jobs.REGISTRY))}.")
        who = f"command line ({getpass.getuser()})"
        if queue:
            run = jobs.enqueue_now(name, started_by=who)
            self.stdout.write(f"{name}: queued as run {run.pk}; the worker will run it.")
            return
        run = jobs.run_now(name, started_by=who)
        if run.status != run.Status.SUCCEEDED:
            raise CommandError(f"{name} failed: {run.error.splitlines()[0] if run.error else run.status}")
        self.stdout.write(f"{name}: {run.output or 'done'}.")
