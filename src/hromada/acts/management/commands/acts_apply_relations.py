"""Daily job: relations that repeal, suspend or amend an act from a later date take effect on that date."""

from django.core.management.base import BaseCommand

from hromada.acts.services import apply_due_relations
from hromada.core.models import Hromada


class Command(BaseCommand):
    help = "Apply the status effect of every repeal, suspension and amendment whose date has come (idempotent)."

    def handle(self, *args, **options):
        total = 0
        for hromada in Hromada.objects.order_by("pk"):
            total += apply_due_relations(hromada)
        self.stdout.write(f"Relations applied: {total}.")
