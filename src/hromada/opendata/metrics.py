"""Live indicators of open data for the informatization programme (seed 003 counts published datasets)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.opendata.models import Dataset, DatasetStatus


@metric("opendata.datasets_published", name=_("Open datasets published"), unit=UNIT_COUNT,
        source=_("Datasets of the open-data catalogue that are published (not drafts, not withdrawn)"))
def datasets_published(hromada, at):
    return Dataset.objects.filter(hromada=hromada, status=DatasetStatus.PUBLISHED).count()


@metric("opendata.on_time_share", name=_("Share of open datasets updated on time"), unit=UNIT_PERCENT,
        source=_("Published datasets whose update is not overdue (their next due date has not passed)"))
def on_time_share(hromada, at):
    published = Dataset.objects.filter(hromada=hromada, status=DatasetStatus.PUBLISHED)
    today = timezone.localdate()
    late = published.filter(next_due__lt=today).count()
    total = published.count()
    return share(total - late, total)


@metric("opendata.obligations_met_share", name=_("Share of the chosen 835 obligations fulfilled"),
        unit=UNIT_PERCENT,
        source=_("Obligations of Resolution 835 the hromada chose as applying, with a published, valid dataset "
                 "updated on time"))
def obligations_met_share(hromada, at):
    from hromada.opendata.selectors import compliance

    _rows, total = compliance(hromada)
    return share(total.on_time, total.required)
