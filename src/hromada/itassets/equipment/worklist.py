"""What the equipment register asks of its managers now (core.worklist): the inventory checks that are due, one
line per location with the number of items and the earliest due date, and the warranties that end within 30
days, one line per item (a handful at most; beyond WARRANTY_LINES one line sends to the filtered list).
Three queries whatever the number of items."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hromada.core import worklist
from hromada.core.models import Institution
from hromada.itassets.equipment import lifecycle, selectors
from hromada.itassets.models import Equipment
from hromada.itassets.permissions import MANAGE

CHECK_DUE = "itassets.inventory_due"
WARRANTY = "itassets.warranty_ending"
WARRANTY_LINES = 10

worklist.register_kind(CHECK_DUE, gettext_lazy("Equipment due for an inventory check"), order=70)
worklist.register_kind(WARRANTY, gettext_lazy("Equipment warranty ending"), order=71)


def _list_url(**query) -> str:
    return reverse("itassets-staff:equipment-list") + "?" + urlencode(query)


@worklist.provider("itassets.equipment", capability=MANAGE)
def equipment(ctx: worklist.Context) -> list[worklist.Item]:
    today = ctx.today
    items: list[worklist.Item] = []
    due = (Equipment.objects.filter(hromada=ctx.hromada).filter(selectors.HELD, next_check_due__lte=today)
           .values("institution_id").annotate(n=Count("pk"), first=Min("next_check_due")).order_by("institution_id"))
    rows = list(due)
    names = dict(Institution.objects.filter(hromada=ctx.hromada, pk__in=[r["institution_id"] for r in rows
                                                                         if r["institution_id"]])
                 .values_list("pk", "name"))
    for row in rows:
        place = names.get(row["institution_id"], "") if row["institution_id"] else _("the council itself")
        items.append(worklist.Item(
            kind=CHECK_DUE, title=ngettext("%(count)s item due for an inventory check: %(place)s",
                                           "%(count)s items due for an inventory check: %(place)s",
                                           row["n"]) % {"count": row["n"], "place": place},
            url=_list_url(flag="check_due", institution=row["institution_id"] or 0), deadline=row["first"],
            basis=lifecycle.AUDIT_BASIS.split(":")[0], state=worklist.state_of(row["first"], today,
                                                                                late=row["first"] < today)))
    ending = list(Equipment.objects.filter(hromada=ctx.hromada).filter(
        selectors.HELD, warranty_until__gte=today, warranty_until__lte=today + timedelta(
            days=selectors.WARRANTY_SOON_DAYS)).order_by("warranty_until", "inventory_number")[:WARRANTY_LINES + 1])
    for item in ending[:WARRANTY_LINES]:
        items.append(worklist.Item(
            kind=WARRANTY, title=_("Warranty of %(item)s ends") % {"item": item},
            url=reverse("itassets-staff:equipment-detail", args=[item.pk]), deadline=item.warranty_until,
            state=worklist.state_of(item.warranty_until, today, late=False, soon=True)))
    if len(ending) > WARRANTY_LINES:
        items.append(worklist.Item(kind=WARRANTY, title=_("More warranties end within 30 days"),
                                   url=_list_url(flag="warranty_ending"), state=worklist.SOON))
    return items
