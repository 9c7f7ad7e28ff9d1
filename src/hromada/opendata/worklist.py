"""What open data asks of staff now (core.worklist): datasets due soon or overdue, and datasets held back by
the personal-data guard — for the person responsible, the unit's staff, and the managers (every dataset)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import worklist
from hromada.opendata import schedule
from hromada.opendata.models import Dataset, DatasetStatus
from hromada.opendata.permissions import MANAGE, PUBLISH, unit_ids

DUE = "opendata.due"
BLOCKED = "opendata.blocked"

worklist.register_kind(DUE, gettext_lazy("Open dataset to update"), order=60)
worklist.register_kind(BLOCKED, gettext_lazy("Open dataset held back (personal data)"), order=61)

BASIS = "Постанова КМУ № 835"


@worklist.provider("opendata.datasets", capability=PUBLISH)
def datasets(ctx: worklist.Context) -> list[worklist.Item]:
    qs = (Dataset.objects.filter(hromada=ctx.hromada).exclude(status=DatasetStatus.WITHDRAWN)
          .filter(Q(next_due__isnull=False) | ~Q(blocked_reason="")).select_related("department"))
    if not ctx.can(MANAGE):
        qs = qs.filter(Q(responsible=ctx.user) | Q(department_id__in=unit_ids(ctx.user, ctx.hromada)))
    items = []
    for dataset in qs.order_by("next_due", "pk"):
        url = reverse("opendata-staff:dataset", args=[dataset.pk])
        unit = dataset.department.name if dataset.department else ""
        if dataset.blocked_reason:
            items.append(worklist.Item(kind=BLOCKED, title=dataset.title, url=url, unit=unit,
                                       detail=_("The latest data was not published: personal data found."),
                                       state=worklist.OVERDUE))
        if dataset.next_due is None:
            continue
        state = schedule.state(dataset.next_due, ctx.today, ctx.calendar)
        if state == "ok":
            continue
        items.append(worklist.Item(
            kind=DUE, title=dataset.title, url=url, deadline=dataset.next_due, basis=BASIS, unit=unit,
            detail=dataset.get_frequency_display(),
            state=worklist.state_of(dataset.next_due, ctx.today, late=state == "overdue", soon=state == "soon")))
    return items
