"""Staff pages of connectivity and cameras: tables with filters and exports, a connection with its history, the
forms, and the maps (Leaflet from the django-leaflet package; the table under each map is its fallback)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hromada.core import audit, audit_display, exports
from hromada.core.access import require
from hromada.core.fields import format_number
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.itassets.models import Camera, Connection
from hromada.itassets.network import forms, selectors, services
from hromada.itassets.permissions import MANAGE, VIEW

PAGE_SIZE = 25
MAP_LIMIT = 2000  # points drawn at once; the filters narrow the rest


def _querystring(request) -> str:
    return urlencode({k: v for k, v in request.GET.items() if k != "page" and v})


def _attach(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _number(value) -> str:
    return "" if value is None else format_number(value)


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def owner(conn: Connection, hromada) -> str:
    return conn.institution.name if conn.institution else hromada.council_name


def map_context(points: list[dict]) -> dict:
    return {"points": points, "tiles": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}


# --- connections ------------------------------------------------------------------------------------------


def connection_header() -> list[str]:
    return [_("Institution"), _("Settlement"), _("Address"), pgettext("internet", "Provider"), _("Technology"),
            _("Contracted speed, Mbit/s"), _("Measured speed, Mbit/s"), _("Measured on"), _("Contract"),
            _("Contract until"), _("Monthly cost, UAH"), _("Corporate network"), _("In service"),
            _("On the public page"), _("Latitude"), _("Longitude")]


def connection_rows(qs, hromada):
    for c in qs.iterator(chunk_size=500):
        settlement = selectors.settlement_of(c)
        yield (owner(c, hromada), str(settlement) if settlement else "", c.address, c.provider,
               c.get_technology_display(), c.contracted_mbps, c.measured_mbps, c.measured_on, c.contract,
               c.contract_until, c.monthly_cost, _yes(c.corporate_network), _yes(c.active), _yes(c.public),
               c.latitude, c.longitude)


@require(VIEW)
def connection_list(request, fmt: str | None = None):
    hromada = request.hromada
    form = forms.ConnectionFilterForm(request.GET, hromada=hromada)
    qs = selectors.filtered_connections(hromada, form.filters())
    if fmt is not None:
        audit.record(AuditEntry.Action.EXPORT, object_type="itassets.connection",
                     object_repr=f"{Connection._meta.verbose_name_plural} ({fmt})", hromada=hromada)
        if fmt == "xlsx":
            return exports.xlsx_response("connections", _("Connections"), connection_header(),
                                         connection_rows(qs, hromada))
        return exports.csv_response("connections", connection_header(), connection_rows(qs, hromada))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = _querystring(request)
    return render(request, "itassets/network/connection_list.html", {
        "form": form, "page": page, "querystring": querystring, "filtered": bool(querystring),
        "fast": selectors.FAST_MBPS, "can_manage": can(request.user, hromada, MANAGE),
    })


@require(VIEW)
def connection_detail(request, connection_pk):
    hromada = request.hromada
    conn = selectors.connection(hromada, connection_pk)
    return render(request, "itassets/network/connection_detail.html", {
        "conn": conn, "owner": owner(conn, hromada), "settlement": selectors.settlement_of(conn),
        "band": selectors.band(conn.contracted_mbps)[1],
        "history": audit_display.history(conn, request.user), "can_manage": can(request.user, hromada, MANAGE),
    })


@require(MANAGE)
def connection_form(request, connection_pk=None):
    hromada = request.hromada
    conn = selectors.connection(hromada, connection_pk) if connection_pk is not None else None
    form = forms.ConnectionForm(request.POST if request.method == "POST" else None, instance=conn, hromada=hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_connection(form.instance, actor=request.user, hromada=hromada)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect("itassets-staff:connection-detail", saved.pk)
    return render(request, "itassets/network/connection_form.html", {"form": form, "conn": conn},
                  status=400 if request.method == "POST" else 200)


@require(MANAGE)
def connection_deactivate(request, connection_pk):
    hromada = request.hromada
    conn = selectors.connection(hromada, connection_pk)
    if request.method == "POST":
        services.deactivate_connection(conn, actor=request.user, hromada=hromada)
        messages.success(request, _("Taken out of service: %(record)s.") % {"record": conn})
        return redirect("itassets-staff:connection-detail", conn.pk)
    return render(request, "itassets/network/connection_deactivate.html", {"conn": conn})


@require(VIEW)
def connection_map(request):
    hromada = request.hromada
    form = forms.ConnectionFilterForm(request.GET, hromada=hromada)
    rows = list(selectors.filtered_connections(hromada, form.filters())[:MAP_LIMIT])
    centres = selectors.settlement_centres(hromada)
    table, points = [], []
    for conn in rows:
        lat, lon, approximate = selectors.place(conn, centres)
        table.append({"conn": conn, "owner": owner(conn, hromada), "lat": lat, "lon": lon,
                      "approximate": approximate, "settlement": selectors.settlement_of(conn)})
        if lat is not None:
            label = f"{owner(conn, hromada)}: {conn.provider}, {conn.get_technology_display()}, " \
                    f"{format_number(conn.contracted_mbps)} {_('Mbit/s')}"
            if approximate:
                label += f" ({_('approximately, at the settlement')})"
            points.append({"lat": float(lat), "lon": float(lon), "label": label, "approximate": approximate,
                           "fast": conn.contracted_mbps >= selectors.FAST_MBPS,
                           "url": reverse("itassets-staff:connection-detail", args=[conn.pk])})
    return render(request, "itassets/network/connection_map.html", {
        "form": form, "table": table, "map": map_context(points), "limit": MAP_LIMIT,
        "querystring": _querystring(request), "fast": selectors.FAST_MBPS,
    })


# --- cameras ----------------------------------------------------------------------------------------------


def equipment_url(item) -> str | None:
    """The equipment item's own page, kept by the equipment pages (None if they offer none)."""
    try:
        return reverse("itassets-staff:equipment-detail", args=[item.pk])
    except NoReverseMatch:
        return None


def details(item) -> Camera | None:
    try:
        return item.camera
    except Camera.DoesNotExist:
        return None


def camera_header() -> list[str]:
    return [_("Inventory number"), pgettext("equipment", "Name"), _("Status"), _("Settlement"), _("Location"),
            _("Object watched"), _("Latitude"), _("Longitude"), _("Connected to the police"), _("Connected on"),
            _("Recordings kept, days"), _("On the public map")]


def camera_rows(qs):
    for item in qs.iterator(chunk_size=500):
        cam = details(item)
        yield (item.inventory_number, item.name, item.get_status_display(),
               str(cam.settlement) if cam and cam.settlement else "", cam.location if cam else "",
               cam.watched_object if cam else "", cam.latitude if cam else None, cam.longitude if cam else None,
               _yes(cam.police_connected) if cam else "", cam.police_connected_on if cam else None,
               cam.retention_days if cam else None, _yes(cam.public) if cam else "")


@require(VIEW)
def camera_list(request, fmt: str | None = None):
    hromada = request.hromada
    form = forms.CameraFilterForm(request.GET, hromada=hromada)
    qs = selectors.filtered_cameras(hromada, form.filters())
    if fmt is not None:
        audit.record(AuditEntry.Action.EXPORT, object_type="itassets.camera",
                     object_repr=f"{Camera._meta.verbose_name_plural} ({fmt})", hromada=hromada)
        if fmt == "xlsx":
            return exports.xlsx_response("cameras", _("Cameras"), camera_header(), camera_rows(qs))
        return exports.csv_response("cameras", camera_header(), camera_rows(qs))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = _querystring(request)
    return render(request, "itassets/network/camera_list.html", {
        "form": form, "page": page, "rows": [(item, details(item)) for item in page.object_list],
        "querystring": querystring, "filtered": bool(querystring), "can_manage": can(request.user, hromada, MANAGE),
    })


@require(VIEW)
def camera_detail(request, camera_pk):
    hromada = request.hromada
    item = selectors.camera_item(hromada, camera_pk)
    cam = details(item)
    return render(request, "itassets/network/camera_detail.html", {
        "item": item, "cam": cam, "equipment_url": equipment_url(item),
        "history": audit_display.history(cam, request.user, hromada=hromada) if cam else [],
        "can_manage": can(request.user, hromada, MANAGE),
    })


@require(MANAGE)
def camera_form(request, camera_pk):
    hromada = request.hromada
    item = selectors.camera_item(hromada, camera_pk)
    cam = details(item)
    form = forms.CameraForm(request.POST if request.method == "POST" else None,
                            instance=cam or Camera(equipment=item), hromada=hromada)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data.get(name) for name in services.CAMERA_FIELDS}
        try:
            services.save_camera(item, actor=request.user, hromada=hromada, **fields)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": item})
            return redirect("itassets-staff:camera-detail", item.pk)
    return render(request, "itassets/network/camera_form.html", {"form": form, "item": item, "cam": cam},
                  status=400 if request.method == "POST" else 200)


@require(VIEW)
def camera_map(request):
    hromada = request.hromada
    form = forms.CameraFilterForm(request.GET, hromada=hromada)
    rows = [(item, details(item)) for item in selectors.filtered_cameras(hromada, form.filters())[:MAP_LIMIT]]
    points = []
    for item, cam in rows:
        if cam is None or cam.latitude is None or cam.longitude is None:
            continue
        label = ", ".join(part for part in (item.inventory_number, cam.location, cam.watched_object) if part)
        if cam.police_connected:
            label += f" ({_('connected to the police')})"
        points.append({"lat": float(cam.latitude), "lon": float(cam.longitude), "label": label,
                       "fast": cam.police_connected, "approximate": False,
                       "url": reverse("itassets-staff:camera-detail", args=[item.pk])})
    return render(request, "itassets/network/camera_map.html", {
        "form": form, "rows": rows, "map": map_context(points), "limit": MAP_LIMIT,
        "querystring": _querystring(request),
    })
