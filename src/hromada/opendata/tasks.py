"""Scheduled work of open data: live datasets follow their sources, responsible people are warned in time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from hromada.core.jobs import scheduled


def refresh_live(*, force: bool = False) -> tuple[int, int, int]:
    """Regenerate the published live datasets whose source changed since they were last confirmed (every one
    when ``force``): (datasets published anew, unchanged, held back by the personal-data guard)."""
    from hromada.core import datasets as registry
    from hromada.opendata import publishing
    from hromada.opendata.models import Dataset, DatasetStatus
    from hromada.opendata.notices import tell_blocked

    published = unchanged = blocked = 0
    qs = (Dataset.objects.filter(status=DatasetStatus.PUBLISHED).exclude(live_key="")
          .select_related("hromada", "responsible").order_by("pk"))
    for dataset in qs:
        live = registry.REGISTRY.get(dataset.live_key)
        if live is None:
            continue
        changed = live.changed_at(dataset.hromada)
        confirmed = max(filter(None, (dataset.checked_at, dataset.last_modified_at)), default=None)
        if not force and confirmed is not None and (changed is None or changed <= confirmed):
            continue
        outcome = publishing.publish_live(dataset)
        if not outcome.ok:
            blocked += 1
            tell_blocked(dataset)
        elif outcome.published:
            published += 1
        else:
            unchanged += 1
    return published, unchanged, blocked


@scheduled("opendata-refresh", cron="*/15 * * * *",
           label=gettext_lazy("Regenerate open datasets whose source registers changed"))
def refresh() -> str:
    published, unchanged, blocked = refresh_live()
    return f"{published} datasets published anew, {unchanged} unchanged, {blocked} held back"


@scheduled("opendata-nightly", cron="20 2 * * *",
           label=gettext_lazy("Regenerate every open dataset and compare (catches deletions in the sources)"))
def nightly() -> str:
    published, unchanged, blocked = refresh_live(force=True)
    return f"{published} datasets published anew, {unchanged} unchanged, {blocked} held back"


@scheduled("opendata-reminders", cron="0 8 * * *",
           label=gettext_lazy("Warn the people responsible for open datasets before their deadlines"))
def reminders() -> str:
    from hromada.opendata.reminders import send_due

    return f"{send_due()} reminders sent"
