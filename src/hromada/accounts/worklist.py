"""What the data subjects' requests ask of staff now (core.worklist): open requests, due 30 calendar days
after they were made (Law «Про захист персональних даних», Art. 8); due soon in the last 7 days."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts import selectors, services
from hromada.core import worklist

DATA_REQUEST = "accounts.data_request"
SOON_DAYS = 7

worklist.register_kind(DATA_REQUEST, gettext_lazy("Personal data requests"), order=40)


@worklist.provider("accounts.data_requests", capability="data_requests.handle")
def data_requests(ctx: worklist.Context) -> list[worklist.Item]:
    items = []
    for data_request in selectors.data_requests(ctx.hromada, status="open"):
        due = services.data_request_due(data_request)
        late = ctx.today > due
        items.append(worklist.Item(
            kind=DATA_REQUEST,
            title=_("%(kind)s request of %(person)s") % {
                "kind": data_request.get_kind_display().capitalize(),
                "person": data_request.user.full_name or data_request.user.login if data_request.user else "—"},
            url=reverse("accounts_staff:data-request", args=[data_request.pk]),
            deadline=due,
            basis=_("Law «Про захист персональних даних», Art. 8"),
            state=worklist.state_of(due, ctx.today, late=late, soon=not late and due - ctx.today <= timedelta(
                days=SOON_DAYS)),
        ))
    return items
