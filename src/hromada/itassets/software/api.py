"""Software and licences in the API under /api/v1/itassets/ (staff tokens): titles, licences with their seats,
installations with their compliance, and the writes an inventory agent or a script needs — record or remove an
installation, give or release a seat.

``itassets.view`` reads, ``itassets.manage`` writes. Another hromada's record in the path is a 404; an id in a
body that names no record of this hromada is a 400 on that field. The services refuse what they refuse with a
Ukrainian message per field, and nothing changes.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut
from hromada.itassets.models import Equipment, Installation, Licence, Seat, Software
from hromada.itassets.permissions import MANAGE, VIEW
from hromada.itassets.software import selectors, services
from hromada.itassets.software.schemas import (
    InstallationIn,
    InstallationOut,
    InstallationPage,
    LicenceDetailOut,
    LicenceOut,
    ReleaseIn,
    SeatIn,
    SeatOut,
    SoftwareDetailOut,
    SoftwareOut,
)

router = Router(tags=["IT assets: software and licences"])
READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2_000_000_000)


def _require(request, capability: str) -> None:
    if not can(request.auth, request.hromada, capability):
        raise PermissionDenied


def _text_ok(*values: str | None) -> bool:
    return not any(value and "\x00" in value for value in values)


def _in_range(value: int | None) -> bool:
    return value is not None and 0 < value <= MAX_ID


# --- titles -----------------------------------------------------------------------------------------------


@router.get("/software", response={200: list[SoftwareOut], **READ}, summary="Software titles (q, kind, free)")
@paginate(Page)
def software_list(request, q: str = Query("", max_length=200), kind: str = "", free: bool | None = None):
    _require(request, VIEW)
    if not _text_ok(q, kind):
        return Software.objects.none()
    qs = selectors.search_titles(selectors.titles(request.hromada), q)
    if kind:
        qs = qs.filter(kind=kind)
    if free is not None:
        qs = qs.filter(free=free)
    return qs.order_by("name_key", "pk")


@router.get("/software/{software_id}", response={200: SoftwareDetailOut, **READ},
            summary="One title with its installations counted by compliance")
def software_detail(request, software_id: int):
    _require(request, VIEW)
    title = selectors.title(request.hromada, software_id)
    at = selectors.today()
    counts = selectors.title_counts(request.hromada, at, [title.pk]).get(title.pk, {})
    seats = selectors.seats_by_title(request.hromada, at, [title.pk]).get(title.pk)
    return {**{f: getattr(title, f) for f in ("id", "name", "vendor", "kind", "free", "current_version",
                                               "minimum_version", "support_ends_on")},
            "installations": counts.get("installations", 0), "licensed": counts.get("licensed", 0),
            "unlicensed": counts.get("unlicensed", 0), "outdated": counts.get("outdated", 0),
            "seats_short": selectors.shortage(counts, seats, title.free)}


# --- licences ---------------------------------------------------------------------------------------------


def _seat(seat: Seat) -> dict:
    person = seat.user.full_name or seat.user.login if seat.user_id else seat.person_name
    return {"id": seat.pk, "licence_id": seat.licence_id, "equipment_id": seat.equipment_id,
            "inventory_number": seat.equipment.inventory_number if seat.equipment_id else None,
            "user_id": seat.user_id, "person": person if not seat.equipment_id else "",
            "assigned_on": seat.assigned_on, "released_on": seat.released_on}


def _licence(lic: Licence) -> dict:
    limited = lic.seats is not None and lic.kind not in selectors.FREE_KINDS
    return {"id": lic.pk, "software_id": lic.software_id, "software": str(lic.software), "kind": lic.kind,
            "seats": lic.seats, "seats_used": lic.used, "seats_free": max(0, lic.seats - lic.used) if limited else None,
            "starts_on": lic.starts_on, "expires_on": lic.expires_on, "cost": lic.cost,
            "funding_source": lic.funding_source, "supplier": lic.supplier, "contract": lic.contract,
            "institution_id": lic.institution_id, "responsible_id": lic.responsible_id,
            "has_document": bool(lic.document)}


@router.get("/licences", response={200: list[LicenceOut], **READ},
            summary="Licences (expiring_within_days, expired, kind, software)")
@paginate(Page)
def licence_list(request, expiring_within_days: int | None = Query(None, ge=0, le=3650), expired: bool = False,
                 kind: str = "", software: int | None = Query(None, ge=1, le=MAX_ID)):
    _require(request, VIEW)
    if not _text_ok(kind):
        return []
    at = selectors.today()
    qs = selectors.with_seat_counts(selectors.licences(request.hromada))
    if expiring_within_days is not None:
        qs = qs.filter(expires_on__gte=at, expires_on__lte=at + timedelta(days=expiring_within_days))
    if expired:
        qs = qs.filter(expires_on__lt=at)
    if kind:
        qs = qs.filter(kind=kind)
    if software is not None:
        qs = qs.filter(software_id=software)
    return [_licence(lic) for lic in qs.order_by("software__name_key", "expires_on", "pk")]


@router.get("/licences/{licence_id}", response={200: LicenceDetailOut, **READ},
            summary="One licence with the seats held now")
def licence_detail(request, licence_id: int):
    _require(request, VIEW)
    lic = selectors.with_seat_counts(selectors.licences(request.hromada)).filter(pk=selectors._pk(licence_id)).first()
    if lic is None:
        raise Http404
    return {**_licence(lic), "key_reference": lic.key_reference, "notes": lic.notes,
            "seats_held": [_seat(seat) for seat in selectors.open_seats(lic)]}


def _field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


@router.post("/licences/{licence_id}/seats", response={201: SeatOut, **WRITE},
             summary="Give a seat of the licence to a computer (equipment_id), an account (user_id) or a person")
def seat_assign(request, licence_id: int, payload: SeatIn):
    _require(request, MANAGE)
    hromada = request.hromada
    lic = selectors.licence(hromada, licence_id)
    equipment = user = None
    if payload.equipment_id is not None:
        equipment = (Equipment.objects.filter(hromada=hromada, pk=payload.equipment_id).first()
                     if _in_range(payload.equipment_id) else None)
        if equipment is None:
            raise _field_error("equipment_id", _("There is no such computer in the hromada."))
    if payload.user_id is not None:
        user = (get_user_model().objects.filter(pk=payload.user_id, role_assignments__hromada=hromada).first()
                if _in_range(payload.user_id) else None)
        if user is None:
            raise _field_error("user_id", _("Choose a member of the hromada's staff."))
    seat = services.assign_seat(lic, actor=request.auth, hromada=hromada, equipment=equipment, user=user,
                                person_name=payload.person_name, on=payload.assigned_on)
    return Status(201, _seat(seat))


@router.post("/licences/{licence_id}/seats/{seat_id}/release", response={200: SeatOut, **WRITE},
             summary="Release a seat (from released_on, today when left out)")
def seat_release(request, licence_id: int, seat_id: int, payload: ReleaseIn):
    _require(request, MANAGE)
    lic = selectors.licence(request.hromada, licence_id)
    seat = selectors.seat(request.hromada, seat_id)
    if seat.licence_id != lic.pk:
        raise Http404
    released = services.release_seat(seat, actor=request.auth, hromada=request.hromada, on=payload.released_on)
    return _seat(released)


# --- installations ----------------------------------------------------------------------------------------


def _installation(row: Installation, state: dict) -> dict:
    return {"id": row.pk, "equipment_id": row.equipment_id, "inventory_number": row.equipment.inventory_number,
            "software_id": row.software_id, "software": str(row.software), "version": row.version,
            "installed_on": row.installed_on, "source": row.source, "licensed": bool(state["licensed"]),
            "free": bool(state["free"]), "version_state": state["version_state"],
            "unsupported": state["unsupported"]}


@router.get("/installations", response={200: InstallationPage, 400: ValidationErrorOut, **READ},
            summary="Installations on computers in use with their compliance "
                    "(equipment, software, status=unlicensed|outdated|unsupported|unjudged|licensed)")
def installation_list(request, equipment: int | None = Query(None, ge=1, le=MAX_ID),
                      software: int | None = Query(None, ge=1, le=MAX_ID), status: str = "",
                      limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=2_000_000_000)):
    _require(request, VIEW)
    hromada = request.hromada
    if status and status not in selectors.STATUSES:
        raise _field_error("status", _("One of: %(values)s.") % {"values": ", ".join(selectors.STATUSES)})
    at = selectors.today()
    judgement = selectors.judge_versions(hromada)
    qs = selectors.with_licensed(selectors.installations(hromada), hromada, at)
    if equipment is not None:
        qs = qs.filter(equipment_id=equipment)
    if software is not None:
        qs = qs.filter(software_id=software)
    if status:
        qs = qs.filter(selectors.status_q(hromada, at, status, judgement))
    qs = qs.select_related("equipment", "software").order_by("equipment__inventory_number", "software__name_key",
                                                             "pk")
    rows = list(qs[offset:offset + limit])
    return {"count": qs.count(),
            "items": [_installation(row, selectors.describe(row, judgement, at)) for row in rows]}


@router.post("/installations", response={201: InstallationOut, **WRITE},
             summary="Record a title on a computer (once per computer)")
def installation_create(request, payload: InstallationIn):
    _require(request, MANAGE)
    hromada = request.hromada
    errors = {}
    item = Equipment.objects.filter(hromada=hromada, pk=payload.equipment_id).first()
    if item is None:
        errors["equipment_id"] = _("There is no such computer in the hromada.")
    title = Software.objects.filter(hromada=hromada, pk=payload.software_id).first()
    if title is None:
        errors["software_id"] = _("Choose the software.")
    if errors:
        raise ValidationError(errors)
    inst = Installation(hromada=hromada, equipment=item, software=title, version=payload.version,
                        installed_on=payload.installed_on)
    try:
        saved = services.save_installation(inst, actor=request.auth, hromada=hromada)
    except ValidationError as error:
        raise ValidationError({{"equipment": "equipment_id", "software": "software_id"}.get(k, k): v
                               for k, v in error.message_dict.items()}) from None
    return Status(201, _one(hromada, saved.pk))


def _one(hromada, pk: int) -> dict:
    at = selectors.today()
    qs = selectors.with_licensed(Installation.objects.filter(hromada=hromada, pk=pk), hromada, at)
    row = qs.select_related("equipment", "software").get()
    judgement = selectors.judge_versions(hromada, Installation.objects.filter(pk=pk))
    return _installation(row, selectors.describe(row, judgement, at))


@router.delete("/installations/{installation_id}", response={204: None, **READ},
               summary="Remove a title from a computer (it was uninstalled)")
def installation_delete(request, installation_id: int):
    _require(request, MANAGE)
    inst = selectors.installation(request.hromada, installation_id)
    services.remove_installation(inst, actor=request.auth, hromada=request.hromada)
    return Status(204, None)

