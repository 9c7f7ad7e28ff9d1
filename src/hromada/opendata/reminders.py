"""Warnings before a dataset's deadline, to the person who answers for it: three working days before, on the
day, and the day after (then the worklist keeps it in view). No platform of the anchors warns publishers
beforehand; data.gov.ua marks a dataset «Не оновлений» only after the fact."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hromada.core.deadlines import calendar_for
from hromada.core.notifications import notify
from hromada.core.worklist import long_date
from hromada.opendata import schedule
from hromada.opendata.models import Dataset, DatasetStatus
from hromada.opendata.notifications import DUE_SOON, OVERDUE


def recipients(dataset: Dataset) -> list:
    """The responsible person; without one, the unit's head is not known to us — the managers are told."""
    if dataset.responsible is not None and dataset.responsible.is_active:
        return [dataset.responsible]
    from hromada.core.selectors import capability_holders

    return list(capability_holders(dataset.hromada, "opendata.manage"))


def send_due(today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    qs = (Dataset.objects.filter(next_due__isnull=False).exclude(status=DatasetStatus.WITHDRAWN)
          .select_related("hromada", "responsible"))
    calendars = {}
    for dataset in qs.iterator(chunk_size=500):
        cal = calendars.get(dataset.hromada_id) or calendars.setdefault(dataset.hromada_id,
                                                                         calendar_for(dataset.hromada))
        stage = schedule.state(dataset.next_due, today, cal)
        if stage == "ok":
            continue
        if stage == "overdue" and cal.working_days_between(dataset.next_due, today) > 1:
            continue  # told the day after; later the worklist and the compliance page keep it in view
        kind = OVERDUE if stage == "overdue" else DUE_SOON
        with override("uk"):
            due = long_date(dataset.next_due)
            subject = {
                "soon": _("Dataset «%(title)s» must be updated by %(due)s"),
                "today": _("Dataset «%(title)s» must be updated today, %(due)s"),
                "overdue": _("Dataset «%(title)s» was due on %(due)s and is not updated"),
            }[stage] % {"title": dataset.title, "due": due}
            body = _("Open the dataset, upload the new data or confirm that the published data is still current. "
                     "Frequency: %(frequency)s.") % {"frequency": dataset.get_frequency_display()}
        url = reverse("opendata-staff:dataset", args=[dataset.pk])
        for person in recipients(dataset):
            if notify(person, kind.key, hromada=dataset.hromada, subject=subject, body=body, url=url,
                      dedupe_key=f"opendata:{dataset.pk}:{dataset.next_due.isoformat()}:{stage}"):
                sent += 1
    return sent
