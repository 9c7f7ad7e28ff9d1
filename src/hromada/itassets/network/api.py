"""Connectivity and cameras in the API under /api/v1/itassets/ (staff tokens).

``itassets.view`` reads, ``itassets.manage`` writes; every write goes through network.services, every read
through the tenant-scoped selectors, so another hromada's id is a 404 and an institution or settlement id that
is not this hromada's is a 400 on that field. Speeds and costs may be sent as numbers or as text people type
(«100,5»).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut, model_constraints
from hromada.itassets.models import Camera, Connection, Equipment
from hromada.itassets.network import selectors, services
from hromada.itassets.permissions import MANAGE, VIEW

router = Router(tags=["IT assets: connectivity and cameras"])
READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}
Number = Decimal | str


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2_000_000_000)


class ConnectionOut(Schema):
    id: int
    institution_id: int | None
    institution: str
    settlement_id: int | None
    settlement: str | None
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    provider: str
    technology: str
    contracted_mbps: Decimal
    speed_band: str
    measured_mbps: Decimal | None
    measured_on: date | None
    contract: str
    contract_until: date | None
    monthly_cost: Decimal | None
    corporate_network: bool
    active: bool
    public: bool
    notes: str

    @staticmethod
    def resolve_institution(obj, context) -> str:
        return obj.institution.name if obj.institution else context["request"].hromada.council_name

    @staticmethod
    def resolve_settlement_id(obj) -> int | None:
        settlement = selectors.settlement_of(obj)
        return settlement.pk if settlement else None

    @staticmethod
    def resolve_settlement(obj) -> str | None:
        settlement = selectors.settlement_of(obj)
        return str(settlement) if settlement else None

    @staticmethod
    def resolve_speed_band(obj) -> str:
        return selectors.band(obj.contracted_mbps)[0]


class ConnectionIn(Schema):
    model_config = model_constraints(Connection)

    institution_id: int | None = Field(None, description="empty for the council's own connection")
    settlement_id: int | None = None
    address: str = ""
    latitude: Number | None = None
    longitude: Number | None = None
    provider: str
    technology: str
    contracted_mbps: Number = Field(description="Mbit/s, more than zero; «100,5» or 100.5")
    measured_mbps: Number | None = None
    measured_on: date | None = Field(None, description="required with measured_mbps; not in the future")
    contract: str = ""
    contract_until: date | None = None
    monthly_cost: Number | None = None
    corporate_network: bool = False
    public: bool = True
    notes: str = ""


class ConnectionPatch(Schema):
    model_config = model_constraints(Connection)

    institution_id: int | None = None
    settlement_id: int | None = None
    address: str | None = None
    latitude: Number | None = None
    longitude: Number | None = None
    provider: str | None = None
    technology: str | None = None
    contracted_mbps: Number | None = None
    measured_mbps: Number | None = None
    measured_on: date | None = None
    contract: str | None = None
    contract_until: date | None = None
    monthly_cost: Number | None = None
    corporate_network: bool | None = None
    public: bool | None = None
    notes: str | None = None


def _details(item):
    try:
        return item.camera
    except Camera.DoesNotExist:
        return None


def _detail(name: str):
    def resolve(obj):
        cam = _details(obj)
        return getattr(cam, name) if cam is not None else None

    return staticmethod(resolve)


class CameraOut(Schema):
    """An item of the category camera with its camera details (null until they are filled in)."""

    id: int = Field(description="the equipment item's id")
    inventory_number: str
    name: str
    status: str
    details: bool
    settlement_id: int | None
    settlement: str | None
    location: str | None
    watched_object: str | None
    latitude: Decimal | None
    longitude: Decimal | None
    police_connected: bool | None
    police_connected_on: date | None
    retention_days: int | None
    public: bool | None

    resolve_settlement_id = _detail("settlement_id")
    resolve_location = _detail("location")
    resolve_watched_object = _detail("watched_object")
    resolve_latitude = _detail("latitude")
    resolve_longitude = _detail("longitude")
    resolve_police_connected = _detail("police_connected")
    resolve_police_connected_on = _detail("police_connected_on")
    resolve_retention_days = _detail("retention_days")
    resolve_public = _detail("public")

    @staticmethod
    def resolve_details(obj) -> bool:
        return _details(obj) is not None

    @staticmethod
    def resolve_settlement(obj) -> str | None:
        cam = _details(obj)
        return str(cam.settlement) if cam is not None and cam.settlement else None


def _require(request, capability: str) -> None:
    if not can(request.auth, request.hromada, capability):
        raise PermissionDenied


def _text_ok(*values) -> bool:
    return not any(isinstance(v, str) and "\x00" in v for v in values)


def _fields(request, data: dict) -> dict:
    """The payload as service fields: ids resolved within the hromada (another hromada's id is unknown here)."""
    errors: dict[str, str] = {}
    fields = {}
    for name, value in data.items():
        if name == "institution_id":
            fields["institution"] = None if value is None else services.institution_of(request.hromada, value)
            if value is not None and fields["institution"] is None:
                errors[name] = _("Choose a record of this hromada.")
        elif name == "settlement_id":
            fields["settlement"] = None if value is None else services.settlement_of(request.hromada, value)
            if value is not None and fields["settlement"] is None:
                errors[name] = _("Choose a record of this hromada.")
        else:
            fields[name] = value
    for name in ("provider", "technology"):
        if name in fields and fields[name] is None:
            errors[name] = _("This field cannot be null.")
    for name in ("address", "contract", "notes", "corporate_network", "public"):
        if name in fields and fields[name] is None:
            fields.pop(name)
    if errors:
        raise ValidationError(errors)
    return fields


def _renamed(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    names = {"institution": "institution_id", "settlement": "settlement_id"}
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


@router.get("/connections", response=list[ConnectionOut],
            summary="Internet connections: technology, provider, slow=true (below 100 Mbit/s), corporate=yes|no, "
                    "institution_kind (or council), settlement_id, active=1|0|all, q")
@paginate(Page)
def connection_list(request, q: str = "", technology: str = "", provider: str = "", slow: bool = False,
                    corporate: str = "", institution_kind: str = "", active: str = "1",
                    settlement_id: int | None = Query(None, ge=1, le=MAX_ID)):
    _require(request, VIEW)
    if not _text_ok(q, technology, provider, corporate, institution_kind, active):
        return Connection.objects.none()
    filters = selectors.ConnectionFilters(
        q=q, technology=technology, provider=provider, slow=slow, corporate=corporate,
        institution_kind=institution_kind, settlement=settlement_id,
        active="" if active == "all" else active if active in ("1", "0") else "1")
    return selectors.filtered_connections(request.hromada, filters)


@router.get("/connections/{connection_id}", response={200: ConnectionOut, **READ}, summary="One connection")
def connection_detail(request, connection_id: int):
    _require(request, VIEW)
    return selectors.connection(request.hromada, connection_id)


@router.post("/connections", response={201: ConnectionOut, **WRITE}, summary="Add a connection")
def connection_create(request, payload: ConnectionIn):
    _require(request, MANAGE)
    try:
        conn = services.create_connection(request.hromada, actor=request.auth, **_fields(request, payload.dict()))
    except ValidationError as error:
        raise _renamed(error) from None
    return Status(201, selectors.connection(request.hromada, conn.pk))


@router.patch("/connections/{connection_id}", response={200: ConnectionOut, **WRITE},
              summary="Change a connection; fields left out keep their values")
def connection_update(request, connection_id: int, payload: ConnectionPatch):
    _require(request, MANAGE)
    conn = selectors.connection(request.hromada, connection_id)
    try:
        services.update_connection(conn, actor=request.auth, hromada=request.hromada,
                                   **_fields(request, payload.dict(exclude_unset=True)))
    except ValidationError as error:
        raise _renamed(error) from None
    return selectors.connection(request.hromada, conn.pk)


@router.get("/cameras", response=list[CameraOut],
            summary="Video-surveillance cameras (items of the category camera with their details): settlement_id, "
                    "police=yes|no, retention=none|short|long, public=yes|no, status, q")
@paginate(Page)
def camera_list(request, q: str = "", police: str = "", retention: str = "", public: str = "", status: str = "",
                settlement_id: int | None = Query(None, ge=1, le=MAX_ID)):
    _require(request, VIEW)
    if not _text_ok(q, police, retention, public, status):
        return Equipment.objects.none()
    filters = selectors.CameraFilters(q=q, settlement=settlement_id, police=police, retention=retention,
                                      public=public, status=status)
    return selectors.filtered_cameras(request.hromada, filters)


@router.get("/cameras/{camera_id}", response={200: CameraOut, **READ},
            summary="One camera by its equipment item's id (an item of another category is a 404)")
def camera_detail(request, camera_id: int):
    _require(request, VIEW)
    return selectors.camera_item(request.hromada, camera_id)
