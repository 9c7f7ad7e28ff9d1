"""Daily job: delete staff import uploads (of every app: registers, acts, …) and their reports once no longer needed."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from hromada.core.import_flow import purge_old_imports


class Command(BaseCommand):
    help = "Delete staff import uploads and reports untouched for longer than --days (default 14)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, choices=range(1, 3651), metavar="1..3650")

    def handle(self, *args, **options):
        removed = purge_old_imports(timedelta(days=options["days"]))
        self.stdout.write(f"Imports purged: {removed}.")
