"""The software section of an equipment item's staff page (see hromada.itassets.equipment.sections)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.itassets.equipment.sections import section
from hromada.itassets.permissions import VIEW
from hromada.itassets.software import selectors


@section("software.installations", title=_("Installed software and licence seats"),
         template="itassets/software/_item.html", order=20, capability=VIEW)
def installations(request, item):
    """Only for computers, laptops and servers: their installations, the seats they hold, their profile's gaps."""
    if item.category not in selectors.COMPUTING:
        return None
    at = selectors.today()
    rows = selectors.computer_software(request.hromada, item, at)
    gaps = []
    if item.profile_id:
        installed = {row.software_id: row.version for row, _state in rows}
        gaps = selectors.missing_for(list(selectors.profile_items(item.profile)), installed)
    return {"rows": rows, "seats": list(selectors.seats_of_computer(request.hromada, item)), "gaps": gaps}
