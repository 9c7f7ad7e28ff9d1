import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Migrate, load the demo hromadas (idempotent) and serve on http://127.0.0.1:8000 (HROMADA_PORT) with the "
            "task worker.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None)
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")
        parser.add_argument("--no-worker", action="store_true", help="serve without the task worker")

    def handle(self, *args, port, no_serve, no_worker, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        call_command("seed_demo")
        if not no_serve:
            # The demo stays one waitress process on its SQLite file, as before `serve` defaulted to one process
            # per core; HROMADA_PROCESSES still chooses more.
            processes = None if os.environ.get("HROMADA_PROCESSES") else 1
            call_command("serve", port=port, no_worker=no_worker, processes=processes)
