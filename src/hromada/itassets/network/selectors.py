"""Tenant-scoped reads of connectivity and cameras, with the filters of the pages and the API (bounded queries:
related rows are joined, never read per row)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hromada.core.access import pk_or_404
from hromada.core.collation import uk
from hromada.itassets.models import Camera, Category, Connection, Equipment

FAST_MBPS = Decimal(100)  # the programme's «high-speed» threshold (seed 002: ≥ 100 Mbit/s to every institution)

# Contracted speed bands shown to the public instead of the exact figure of a contract.
BANDS = (
    ("lt10", Decimal(0), Decimal(10), _("under 10 Mbit/s")),
    ("10-30", Decimal(10), Decimal(30), _("10 to 30 Mbit/s")),
    ("30-100", Decimal(30), Decimal(100), _("30 to 100 Mbit/s")),
    ("100-1000", Decimal(100), Decimal(1000), _("100 Mbit/s to 1 Gbit/s")),
    ("1000+", Decimal(1000), None, _("1 Gbit/s or more")),
)


def band(mbps: Decimal | None) -> tuple[str, str]:
    """(code, label) of a contracted speed's band; the lower bound belongs to the band."""
    for code, low, high, label in BANDS:
        if mbps is not None and mbps >= low and (high is None or mbps < high):
            return code, str(label)
    return "", ""


# --- connections ------------------------------------------------------------------------------------------


def council_first():
    """The order of every list of connections: the council's own first, then the institutions by name (a NULL
    institution sorts first in SQLite and last in PostgreSQL, so it is put first explicitly)."""
    return (Case(When(institution__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()),
            uk("institution__name"), "pk")


def connections(hromada) -> QuerySet[Connection]:
    return (Connection.objects.filter(hromada=hromada)
            .select_related("institution", "institution__settlement", "settlement"))


def connection(hromada, pk) -> Connection:
    try:
        return connections(hromada).get(pk=pk_or_404(pk))
    except Connection.DoesNotExist:
        raise Http404 from None


@dataclass
class ConnectionFilters:
    q: str = ""
    technology: str = ""
    provider: str = ""
    slow: bool = False  # contracted below 100 Mbit/s
    corporate: str = ""  # "yes" / "no"
    institution_kind: str = ""  # an Institution.Kind, or "council" for the council's own connections
    settlement: int | None = None
    active: str = "1"  # "1" in service, "0" out of service, "" all


def filtered_connections(hromada, filters: ConnectionFilters) -> QuerySet[Connection]:
    qs = connections(hromada)
    if filters.active == "1":
        qs = qs.filter(active=True)
    elif filters.active == "0":
        qs = qs.filter(active=False)
    q = (filters.q or "").strip()[:200].replace("\x00", "")
    if q:
        qs = qs.filter(Q(provider__icontains=q) | Q(institution__name__icontains=q)
                       | Q(institution__short_name__icontains=q) | Q(address__icontains=q)
                       | Q(contract__icontains=q) | Q(settlement__name__icontains=q))
    if filters.technology in Connection.Technology.values:
        qs = qs.filter(technology=filters.technology)
    provider = (filters.provider or "").replace("\x00", "")
    if provider:
        qs = qs.filter(provider=provider)
    if filters.slow:
        qs = qs.filter(contracted_mbps__lt=FAST_MBPS)
    if filters.corporate == "yes":
        qs = qs.filter(corporate_network=True)
    elif filters.corporate == "no":
        qs = qs.filter(corporate_network=False)
    if filters.institution_kind == "council":
        qs = qs.filter(institution__isnull=True)
    elif filters.institution_kind:
        qs = qs.filter(institution__kind=filters.institution_kind)
    if filters.settlement:
        qs = qs.filter(Q(settlement_id=filters.settlement)
                       | Q(settlement__isnull=True, institution__settlement_id=filters.settlement))
    return qs.order_by(*council_first())


def providers(hromada) -> list[str]:
    names = Connection.objects.filter(hromada=hromada).values_list("provider", flat=True).distinct()
    return sorted(set(names), key=str.casefold)


def public_connections(hromada) -> QuerySet[Connection]:
    """What the public page and the open data show: connections in service the council has not hidden."""
    return connections(hromada).filter(active=True, public=True).order_by(*council_first())


def settlement_of(conn: Connection):
    return conn.settlement or (conn.institution.settlement if conn.institution else None)


# --- cameras ----------------------------------------------------------------------------------------------


def camera_items(hromada) -> QuerySet[Equipment]:
    """Equipment items of the category camera, each with its camera details (or none yet) joined."""
    return (Equipment.objects.filter(hromada=hromada, category=Category.CAMERA)
            .select_related("camera", "camera__settlement", "institution"))


def camera_item(hromada, pk) -> Equipment:
    """An item of the category camera of this hromada; any other item — or another hromada's — is a 404."""
    try:
        return camera_items(hromada).get(pk=pk_or_404(pk))
    except Equipment.DoesNotExist:
        raise Http404 from None


@dataclass
class CameraFilters:
    q: str = ""
    settlement: int | None = None
    police: str = ""  # "yes" / "no"
    retention: str = ""  # "none" (not stated), "short" (< 30 days), "long" (30 days or more)
    public: str = ""  # "yes" / "no"
    status: str = ""  # an Equipment.Status
    details: str = ""  # "missing": items without camera details yet


RETENTION_LONG = 30  # days: the usual minimum for recordings a police investigation may ask for


def filtered_cameras(hromada, filters: CameraFilters) -> QuerySet[Equipment]:
    qs = camera_items(hromada)
    q = (filters.q or "").strip()[:200].replace("\x00", "")
    if q:
        qs = qs.filter(Q(inventory_number__icontains=q) | Q(name__icontains=q) | Q(camera__location__icontains=q)
                       | Q(camera__watched_object__icontains=q) | Q(camera__settlement__name__icontains=q))
    if filters.settlement:
        qs = qs.filter(camera__settlement_id=filters.settlement)
    if filters.police == "yes":
        qs = qs.filter(camera__police_connected=True)
    elif filters.police == "no":
        qs = qs.filter(Q(camera__police_connected=False) | Q(camera__isnull=True))
    if filters.retention == "none":
        qs = qs.filter(camera__retention_days__isnull=True)
    elif filters.retention == "short":
        qs = qs.filter(camera__retention_days__lt=RETENTION_LONG)
    elif filters.retention == "long":
        qs = qs.filter(camera__retention_days__gte=RETENTION_LONG)
    if filters.public == "yes":
        qs = qs.filter(camera__public=True)
    elif filters.public == "no":
        qs = qs.filter(camera__public=False)
    if filters.status in Equipment.Status.values:
        qs = qs.filter(status=filters.status)
    if filters.details == "missing":
        qs = qs.filter(camera__isnull=True)
    return qs.order_by("inventory_number", "pk")


def public_cameras(hromada) -> QuerySet[Camera]:
    """Cameras in use that the council shows: their details only, never the item's network data."""
    return (Camera.objects.filter(equipment__hromada=hromada, equipment__category=Category.CAMERA,
                                  equipment__status=Equipment.Status.IN_USE, public=True)
            .select_related("settlement").order_by(uk("settlement__name"), "location", "pk"))


# --- the map ----------------------------------------------------------------------------------------------


def settlement_centres(hromada) -> dict[int, tuple[Decimal, Decimal]]:
    """An approximate point per settlement: the mean of the connections and cameras placed in it (settlements
    carry no coordinates of their own). Two queries."""
    points: dict[int, list[tuple[Decimal, Decimal]]] = {}
    rows = (Connection.objects.filter(hromada=hromada, latitude__isnull=False, longitude__isnull=False,
                                      settlement__isnull=False)
            .values("settlement_id").annotate(lat=Avg("latitude"), lon=Avg("longitude")))
    cams = (Camera.objects.filter(equipment__hromada=hromada, latitude__isnull=False, longitude__isnull=False,
                                  settlement__isnull=False)
            .values("settlement_id").annotate(lat=Avg("latitude"), lon=Avg("longitude")))
    for row in (*rows, *cams):
        points.setdefault(row["settlement_id"], []).append((Decimal(row["lat"]), Decimal(row["lon"])))
    return {pk: (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)) for pk, pts in points.items()}


def place(conn: Connection, centres: dict) -> tuple[Decimal | None, Decimal | None, bool]:
    """(latitude, longitude, approximate): the connection's own point, else its settlement's approximate one."""
    if conn.latitude is not None and conn.longitude is not None:
        return conn.latitude, conn.longitude, False
    settlement = settlement_of(conn)
    if settlement is not None and settlement.pk in centres:
        lat, lon = centres[settlement.pk]
        return lat.quantize(Decimal("0.000001")), lon.quantize(Decimal("0.000001")), True
    return None, None, False
