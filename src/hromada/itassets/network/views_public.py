"""Public pages at /it/: institutions' connectivity and the video-surveillance cameras on the map, each with a
table (the map's fallback) and CSV/JSON downloads — only when the hromada publishes them (else 404).

What they show is what the open data shows (network.datasets builds the rows for both): the institution, the
settlement, the technology, the contracted speed band and the corporate network; a camera's place, what it
watches and whether the police see it. Never a contract, a cost, a measured figure, a stream or an address in
the network.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from hromada.core.exports import csv_response
from hromada.core.hromada_settings import get_setting
from hromada.itassets.network import datasets, selectors

CONNECTIVITY = "itassets.publish_connectivity"
CAMERAS = "itassets.publish_cameras"


def published(hromada, key: str) -> bool:
    return hromada is not None and bool(get_setting(hromada, key))


def _require_published(request, key: str) -> None:
    if not published(getattr(request, "hromada", None), key):
        raise Http404


def _json(filename: str, resource, rows) -> HttpResponse:
    names = [f.name for f in resource.fields]
    body = json.dumps([dict(zip(names, row, strict=True)) for row in rows], ensure_ascii=False, default=str,
                      indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def _csv(filename: str, resource, rows):
    return csv_response(filename, [f.name for f in resource.fields], rows)


def _map(points: list[dict]) -> dict:
    return {"points": points, "tiles": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}


def connectivity(request):
    hromada = request.hromada
    _require_published(request, CONNECTIVITY)
    rows = list(datasets.connectivity_rows(hromada))
    resource = datasets.CONNECTIVITY.resources[0]
    names = [f.name for f in resource.fields]
    records = [dict(zip(names, row, strict=True)) for row in rows]
    centres = selectors.settlement_centres(hromada)
    points = []
    for conn in selectors.public_connections(hromada):
        lat, lon, approximate = selectors.place(conn, centres)
        if lat is None:
            continue
        owner = conn.institution.name if conn.institution else hromada.council_name
        label = f"{owner}: {conn.get_technology_display()}, {selectors.band(conn.contracted_mbps)[1]}"
        if approximate:
            label += f" ({_('approximately, at the settlement')})"
        points.append({"lat": float(lat), "lon": float(lon), "label": label, "approximate": approximate,
                       "fast": conn.contracted_mbps >= selectors.FAST_MBPS})
    institutions = {r["institutionEdrpou"] or r["institution"] for r in records}
    fast = {r["institutionEdrpou"] or r["institution"] for r in records if r["speedBand"] in ("100-1000", "1000+")}
    joined = {r["institutionEdrpou"] or r["institution"] for r in records if r["corporateNetwork"]}
    return render(request, "itassets/network/public_connectivity.html", {
        "records": records, "map": _map(points), "total": len(institutions), "fast": len(fast),
        "joined": len(joined), "cameras_published": published(hromada, CAMERAS),
        "bands": {code: str(label) for code, _low, _high, label in selectors.BANDS},
    })


def connectivity_download(request, fmt: str):
    _require_published(request, CONNECTIVITY)
    resource = datasets.CONNECTIVITY.resources[0]
    rows = datasets.connectivity_rows(request.hromada)
    return _json("connectivity", resource, rows) if fmt == "json" else _csv("connectivity", resource, rows)


def cameras(request):
    hromada = request.hromada
    _require_published(request, CAMERAS)
    resource = datasets.CAMERAS.resources[0]
    names = [f.name for f in resource.fields]
    records = [dict(zip(names, row, strict=True)) for row in datasets.camera_rows(hromada)]
    points = [{"lat": float(r["latitude"]), "lon": float(r["longitude"]), "approximate": False,
               "fast": r["policeConnected"],
               "label": ", ".join(p for p in (r["settlement"], r["location"], r["watchedObject"]) if p)
               + (f" ({_('connected to the police')})" if r["policeConnected"] else "")}
              for r in records if r["latitude"] is not None and r["longitude"] is not None]
    return render(request, "itassets/network/public_cameras.html", {
        "records": records, "map": _map(points), "police": sum(1 for r in records if r["policeConnected"]),
        "connectivity_published": published(hromada, CONNECTIVITY),
    })


def cameras_download(request, fmt: str):
    _require_published(request, CAMERAS)
    resource = datasets.CAMERAS.resources[0]
    rows = datasets.camera_rows(request.hromada)
    return _json("cameras", resource, rows) if fmt == "json" else _csv("cameras", resource, rows)


def links(hromada) -> list[tuple[str, str]]:
    """(url, label) of the published pages, for a page that wants to link them (the menu cannot hide items)."""
    result = []
    if published(hromada, CONNECTIVITY):
        result.append((reverse("itassets:connectivity"), _("Internet in the council and its institutions")))
    if published(hromada, CAMERAS):
        result.append((reverse("itassets:cameras"), _("Video-surveillance cameras")))
    return result
