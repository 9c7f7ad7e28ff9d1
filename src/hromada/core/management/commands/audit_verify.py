import sys

from django.core.management.base import BaseCommand

from hromada.core.audit import verify_chain


class Command(BaseCommand):
    help = "Walk the audit log's hash chain: exit 0 if intact, 1 naming the first broken row."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            self.stdout.write(report.describe())
            return
        self.stderr.write(report.describe())
        sys.exit(1)
