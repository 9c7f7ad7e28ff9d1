"""The registers on a map: buildings with coordinates and land plots with outlines, with a table alternative."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from hromada.core.access import require
from hromada.core.collation import uk
from hromada.core.selectors import settlements
from hromada.registers.models import Building, LandPlot

LIMIT = 2000  # objects drawn at once; the filters narrow the rest


@require("registers.view")
def registers_map(request):
    hromada = request.hromada
    settlement = request.GET.get("settlement", "")
    buildings = (Building.objects.filter(hromada=hromada, latitude__isnull=False, longitude__isnull=False)
                 .select_related("street__settlement").order_by(uk("street__name"), "sort_key"))
    plots = LandPlot.objects.filter(hromada=hromada, outline__isnull=False).select_related("settlement")
    if settlement.isdigit():
        buildings = buildings.filter(street__settlement_id=settlement)
        plots = plots.filter(settlement_id=settlement)
    building_rows = list(buildings[:LIMIT])
    plot_rows = list(plots[:LIMIT])
    features = {
        "buildings": [{"lat": float(b.latitude), "lon": float(b.longitude),
                       "label": f"{b.street.settlement.name}, {b}", "kind": b.get_kind_display()}
                      for b in building_rows],
        "plots": [{"outline": p.outline, "label": f"{p.cadastral_number} — {p.get_ownership_display()}"}
                  for p in plot_rows if isinstance(p.outline, dict)],
        "tiles": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    return render(request, "registers/map.html", {
        "features": features, "buildings": building_rows, "plots": plot_rows, "limit": LIMIT,
        "settlements": settlements(hromada), "settlement": settlement,
    })
