import sys

from django.core.management.base import BaseCommand

from hromada.core.audit import verify_chain


class Command(BaseCommand):
    help = "Walk the audit log's hash chain: exit 0 if intact, 1 naming the first broken row."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            self.stdout.write(f"Audit log intact: {report.checked} entries verified.")
            return
        self.stderr.write(f"Audit log BROKEN at entry id={report.broken_id}: {report.reason} "
                          f"({report.checked} entries before it verified).")
        sys.exit(1)
