"""Daily job: relations that repeal, suspend or amend an act from a later date take effect on that date.

Scheduled as the job ``acts-apply-relations`` (hromada worker runs it); this command runs the same work by hand.
"""

from django.core.management.base import BaseCommand

from hromada.acts.tasks import apply_relations


class Command(BaseCommand):
    help = "Apply the status effect of every repeal, suspension and amendment whose date has come (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"{apply_relations().capitalize()}.")
