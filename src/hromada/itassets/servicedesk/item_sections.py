"""The IT requests of an item on the item's staff page (a section of hromada.itassets.equipment.sections)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.itassets.equipment.sections import section
from hromada.itassets.servicedesk import selectors

SHOWN = 10


@section("servicedesk.requests", title=_("IT service requests"), template="itassets/servicedesk/_item_section.html",
         order=40)
def requests(request, item):
    rows = selectors.visible(request.hromada, request.user).filter(equipment=item).order_by("-received_at", "-pk")
    shown = list(rows[:SHOWN + 1])
    return {"requests": shown[:SHOWN], "more": len(shown) > SHOWN, "today": selectors.timezone.localdate()}
