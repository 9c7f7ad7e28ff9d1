"""Rebuild the full-text index of acts — after an upgrade that changes how text is lemmatised or indexed."""

import contextlib

from django.core.management.base import BaseCommand
from django.db import connection, transaction

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
        with rum_indexes_set_aside():
            for first in range(0, len(ids), BATCH):
                with transaction.atomic():
                    acts = Act.objects.filter(pk__in=ids[first:first + BATCH]).prefetch_related("attachments",
                                                                                               "topics")
                    search.index_many([(act, search.extra_texts(act)) for act in acts])
                self.stdout.write(f"{min(first + BATCH, len(ids))}/{len(ids)}", ending="\r")
        search.optimize_index()
        self.stdout.write(f"Acts reindexed: {len(ids)}.")


@contextlib.contextmanager
def rum_indexes_set_aside():
    """On PostgreSQL with RUM, drop the acts' RUM indexes for the rebuild and create them again after it.

    Inserting into a RUM index (positions kept) is several times slower than building it once over the loaded
    table (~220 acts/s against ~30 s per index for 100 000 acts); searches keep working meanwhile, unindexed.
    The definitions are read back from the catalogue, so they stay whatever the migration created.
    """
    if connection.vendor != "postgresql" or search.index_kind() != "rum":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes "
                       "WHERE tablename = 'acts_searchentry' AND indexdef ILIKE '%% USING rum %%'")
        definitions = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in definitions:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            # Inside an outer transaction (tests) deferred foreign-key checks would block CREATE INDEX.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in definitions:
                cursor.execute(definition)
