"""All writes of connectivity and of the cameras' details: ``check_*`` validates, the verbs change state in a
transaction and log it (house rule 1).

Numbers may come as people type them («100,5», «1 234,50») — from a form, the API or an import — and are read
with core.fields.parse_number; a speed is a positive Decimal with one decimal place, a cost one with two.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.fields import NotANumber, parse_number
from hromada.core.models import AuditEntry, Institution, Settlement
from hromada.core.services import check_can, check_same_hromada, save_record
from hromada.itassets.models import Camera, Category, Connection, Equipment
from hromada.itassets.permissions import MANAGE

CONNECTION_FIELDS = ("institution", "settlement", "address", "latitude", "longitude", "provider", "technology",
                     "contracted_mbps", "measured_mbps", "measured_on", "contract", "contract_until", "monthly_cost",
                     "corporate_network", "public", "notes")
CAMERA_FIELDS = ("settlement", "location", "watched_object", "latitude", "longitude", "police_connected",
                 "police_connected_on", "retention_days", "public")


def today() -> date:
    return timezone.localdate()


def _number(value, field: str, errors: dict) -> Decimal | None:
    """A Decimal from a Decimal, an int or a text as people type it; None for empty. A bad value is an error."""
    if value is None:
        return value
    try:
        if isinstance(value, bool):
            raise NotANumber(value)
        if isinstance(value, (Decimal, int, float)):
            number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
            if not number.is_finite():
                raise NotANumber(value)
            return number
        return parse_number(str(value))
    except NotANumber:
        errors[field] = _("Enter a number, e.g. 1 234,5.")
        return None


def _normal(value: Decimal | None, places: int) -> Decimal | None:
    """«100» → 100.0 as the column keeps it (so the audit log sees no change where there is none); a value with
    more decimals than the column keeps is left for the model's validation to refuse, never rounded."""
    if value is None or not value.is_finite() or value.as_tuple().exponent < -places:
        return value
    try:
        return value.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:  # more digits than the context holds: the model's max_digits refuses it
        return value


def _in_hromada(obj, hromada) -> bool:
    return obj is None or obj.hromada_id == hromada.pk


def _coordinates(obj, errors: dict) -> None:
    """Latitude and longitude in range, both or neither (read as typed: «48,7130»)."""
    for field, low, high, message in (
            ("latitude", -90, 90, _("Latitude is between −90 and 90 degrees (about 48 in the hromada).")),
            ("longitude", -180, 180, _("Longitude is between −180 and 180 degrees (about 34 in the hromada)."))):
        value = _normal(_number(getattr(obj, field), field, errors), 6)
        setattr(obj, field, value)
        if value is not None and not low <= value <= high:
            errors[field] = message
    given = [getattr(obj, f) is not None for f in ("latitude", "longitude")]
    if given[0] != given[1] and not {"latitude", "longitude"} & set(errors):
        errors["longitude" if given[0] else "latitude"] = _("Give both the latitude and the longitude, or neither.")


# --- connections ------------------------------------------------------------------------------------------


def check_connection(conn: Connection, *, hromada, on: date | None = None) -> None:
    """The institution and settlement are this hromada's; speeds are positive; a measured speed has its date,
    which is not in the future; coordinates come in pairs and in range."""
    on = on or today()
    errors: dict[str, str] = {}
    conn.provider = (conn.provider or "").strip()
    if not conn.provider:
        errors["provider"] = _("Name the provider.")
    if conn.institution_id is not None and not _in_hromada(conn.institution, hromada):
        errors["institution"] = _("Choose an institution of this hromada.")
    if conn.settlement_id is not None and not _in_hromada(conn.settlement, hromada):
        errors["settlement"] = _("Choose a settlement of this hromada.")
    for field, places in (("contracted_mbps", 1), ("measured_mbps", 1), ("monthly_cost", 2)):
        setattr(conn, field, _normal(_number(getattr(conn, field), field, errors), places))
    if conn.contracted_mbps is None and "contracted_mbps" not in errors:
        errors["contracted_mbps"] = _("Give the contracted speed.")
    elif conn.contracted_mbps is not None and conn.contracted_mbps <= 0:
        errors["contracted_mbps"] = _("The speed must be more than zero.")
    if conn.measured_mbps is not None and conn.measured_mbps < 0:
        errors["measured_mbps"] = _("The speed cannot be negative.")
    if conn.measured_mbps is not None and conn.measured_on is None and "measured_mbps" not in errors:
        errors["measured_on"] = _("Give the date the speed was measured.")
    if conn.measured_on is not None and conn.measured_mbps is None and "measured_mbps" not in errors:
        errors["measured_mbps"] = _("Give the measured speed for this date, or clear the date.")
    if conn.measured_on is not None and conn.measured_on > on:
        errors["measured_on"] = _("The date of the measurement cannot be in the future.")
    if conn.monthly_cost is not None and conn.monthly_cost < 0:
        errors["monthly_cost"] = _("The cost cannot be negative.")
    _coordinates(conn, errors)
    if errors:
        raise ValidationError(errors)


def _prepare_connection(conn: Connection) -> None:
    """Derived values: the settlement of an institution's connection is the institution's, unless given."""
    if conn.settlement_id is None and conn.institution_id is not None and conn.institution.settlement_id:
        conn.settlement_id = conn.institution.settlement_id


def save_connection(conn: Connection, *, actor, hromada) -> Connection:
    """Create or change a connection (the fields already set on it)."""
    check_can(actor, hromada, MANAGE)
    if conn.pk is None:
        conn.hromada = hromada
    check_same_hromada(conn, hromada)
    check_connection(conn, hromada=hromada)
    _prepare_connection(conn)
    return save_record(conn, actor=actor, hromada=hromada, capability=MANAGE)


def _only(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})


def create_connection(hromada, *, actor, **fields) -> Connection:
    _only(fields, CONNECTION_FIELDS)
    return save_connection(Connection(hromada=hromada, **fields), actor=actor, hromada=hromada)


def update_connection(conn: Connection, *, actor, hromada, **fields) -> Connection:
    _only(fields, CONNECTION_FIELDS)
    check_same_hromada(conn, hromada)
    for name, value in fields.items():
        setattr(conn, name, value)
    return save_connection(conn, actor=actor, hromada=hromada)


def deactivate_connection(conn: Connection, *, actor, hromada) -> Connection:
    """The connection is no longer in service (the contract ended): it stays with its history, off the map, the
    public page and the figures."""
    check_can(actor, hromada, MANAGE)
    check_same_hromada(conn, hromada)
    if not conn.active:
        return conn
    conn.active = False
    return save_record(conn, actor=actor, hromada=hromada, capability=MANAGE)


# --- cameras ----------------------------------------------------------------------------------------------


def check_camera(item: Equipment, camera: Camera, *, hromada, on: date | None = None) -> None:
    on = on or today()
    errors: dict[str, str] = {}
    if item.category != Category.CAMERA:
        raise ValidationError(_("Camera details are kept only for an item of the category «%(category)s».")
                              % {"category": Category.CAMERA.label})
    if camera.settlement_id is not None and not _in_hromada(camera.settlement, hromada):
        errors["settlement"] = _("Choose a settlement of this hromada.")
    camera.location = (camera.location or "").strip()
    camera.watched_object = (camera.watched_object or "").strip()
    _coordinates(camera, errors)
    if camera.police_connected_on is not None:
        if not camera.police_connected:
            errors["police_connected_on"] = _("Tick «connected to the police», or clear the date.")
        elif camera.police_connected_on > on:
            errors["police_connected_on"] = _("The date of the connection cannot be in the future.")
    if camera.retention_days is not None and not 1 <= camera.retention_days <= 3650:
        errors["retention_days"] = _("Recordings are kept from 1 to 3650 days.")
    if errors:
        raise ValidationError(errors)


def save_camera(item: Equipment, *, actor, hromada, **fields) -> Camera:
    """Create or change the camera details beside an equipment item of the category camera."""
    check_can(actor, hromada, MANAGE)
    if item.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    _only(fields, CAMERA_FIELDS)
    stored = Camera.objects.filter(equipment=item).first()
    camera = stored or Camera(equipment=item)
    before = audit.snapshot(camera) if stored else {}
    for name, value in fields.items():
        setattr(camera, name, value)
    check_camera(item, camera, hromada=hromada)
    camera.full_clean(exclude=["equipment"])
    with transaction.atomic():
        camera.save()
        changes = audit.diff(before, audit.snapshot(camera))
        if stored is None or changes:
            audit.record(AuditEntry.Action.UPDATE if stored else AuditEntry.Action.CREATE, camera, actor=actor,
                         hromada=hromada, changes=changes)
    return camera


def institution_of(hromada, pk) -> Institution | None:
    return Institution.objects.filter(hromada=hromada, pk=pk).first()


def settlement_of(hromada, pk) -> Settlement | None:
    return Settlement.objects.filter(hromada=hromada, pk=pk).first()
