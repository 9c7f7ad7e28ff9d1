"""Rebuild the full-text index of acts — after an upgrade that changes how text is lemmatised or indexed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from hromada.acts import search
from hromada.acts.models import Act

BATCH = 1000


class Command(BaseCommand):
    help = ("Rebuild the search index of every act (in batches; searches keep working meanwhile), then merge it. "
            "With --merge-only, only merge it (after a large import).")

    def add_arguments(self, parser):
        parser.add_argument("--merge-only", action="store_true", help="only merge the index, rebuild nothing")

    def handle(self, *args, merge_only=False, **options):
        if merge_only:
            search.optimize_index()
            self.stdout.write("Search index merged.")
            return
        ids = list(Act.objects.order_by("pk").values_list("pk", flat=True))
        for first in range(0, len(ids), BATCH):
            with transaction.atomic():
                acts = Act.objects.filter(pk__in=ids[first:first + BATCH]).prefetch_related("attachments", "topics")
                search.index_many([(act, search.extra_texts(act)) for act in acts])
            self.stdout.write(f"{min(first + BATCH, len(ids))}/{len(ids)}", ending="\r")
        search.optimize_index()
        self.stdout.write(f"Acts reindexed: {len(ids)}.")
