"""What software asks of the IT asset managers now (core.worklist): licences expiring within 60 days, expired
licences whose seats are still assigned, and titles with unlicensed installations (one item a title, not one an
installation). Three queries whatever the number of licences and installations."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hromada.core import worklist
from hromada.itassets.models import Seat
from hromada.itassets.permissions import MANAGE
from hromada.itassets.software import selectors

EXPIRING = "itassets.licence_expiring"
EXPIRED = "itassets.licence_expired"
UNLICENSED = "itassets.unlicensed"

worklist.register_kind(EXPIRING, gettext_lazy("Software licence to renew"), order=72)
worklist.register_kind(EXPIRED, gettext_lazy("Expired licence still in use"), order=73)
worklist.register_kind(UNLICENSED, gettext_lazy("Unlicensed software"), order=74)

BASIS = "Ліцензійний договір"


@worklist.provider("itassets.software", capability=MANAGE)
def software(ctx: worklist.Context) -> list[worklist.Item]:
    today = ctx.today
    items: list[worklist.Item] = []
    window = selectors.licences(ctx.hromada).filter(expires_on__gte=today,
                                                    expires_on__lte=today + timedelta(days=selectors.EXPIRY_WINDOW))
    for lic in window.order_by("expires_on", "pk"):
        items.append(worklist.Item(
            kind=EXPIRING, title=str(lic), url=reverse("itassets-staff:licence-detail", args=[lic.pk]),
            deadline=lic.expires_on, basis=BASIS, detail=lic.contract,
            state=worklist.state_of(lic.expires_on, today, late=False,
                                    soon=(lic.expires_on - today).days <= 14)))
    in_use = Seat.objects.filter(hromada=ctx.hromada, released_on__isnull=True, licence__expires_on__lt=today)
    expired = (selectors.licences(ctx.hromada).filter(pk__in=in_use.values("licence_id"))
               .order_by("expires_on", "pk"))
    for lic in selectors.with_seat_counts(expired):
        items.append(worklist.Item(
            kind=EXPIRED, title=str(lic), url=reverse("itassets-staff:licence-detail", args=[lic.pk]),
            deadline=lic.expires_on, basis=BASIS, state=worklist.OVERDUE,
            detail=ngettext("%(count)s seat still assigned: renew the licence or release the seats.",
                            "%(count)s seats still assigned: renew the licence or release the seats.",
                            lic.used) % {"count": lic.used}))
    compliance = reverse("itassets-staff:software-compliance")
    for row in selectors.unlicensed_by_title(ctx.hromada, today):
        name = row["software__name"] + (f" ({row['software__vendor']})" if row["software__vendor"] else "")
        items.append(worklist.Item(
            kind=UNLICENSED, title=name,
            url=f"{compliance}?{urlencode({'status': selectors.UNLICENSED, 'software': row['software_id']})}",
            detail=ngettext("%(count)s installation without a licence", "%(count)s installations without a licence",
                            row["n"]) % {"count": row["n"]} + ". " + _("Assign seats, buy licences or remove it.")))
    return items
