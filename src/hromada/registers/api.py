"""Registers API: streets, buildings, residents, land plots, communal property and the import templates.

Streets, buildings, land and property are read with ``registers.view`` and changed with ``registers.manage``;
residents are personal data: ``residents.view`` reads the minimum and a masked card (every card read is
logged), ``residents.view_full`` sees the whole card, ``residents.manage`` changes them. Every write goes
through the registers' services; every read through their tenant-scoped selectors, so another hromada's id
is a 404. A foreign key (settlement_id, street_id, building_id, holder_id) naming no record of this hromada is
a 400 on that field.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hromada.core import imports
from hromada.core import selectors as core_selectors
from hromada.core.models import Institution, Settlement
from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut
from hromada.registers import selectors, services
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street, StreetRename
from hromada.registers.schemas import (
    BuildingIn,
    BuildingOut,
    BuildingPatch,
    LandIn,
    LandOut,
    LandPatch,
    PropertyIn,
    PropertyOut,
    PropertyPatch,
    ResidentIn,
    ResidentListOut,
    ResidentOut,
    ResidentPatch,
    StreetDetailOut,
    StreetIn,
    StreetOut,
    StreetPatch,
    address_of,
)

router = Router(tags=["registers"])
VIEW = "registers.view"
MANAGE = "registers.manage"
RESIDENTS_VIEW = "residents.view"
RESIDENTS_FULL = "residents.view_full"
RESIDENTS_MANAGE = "residents.manage"
IMPORT = "registers.import"
WRITE_RESPONSES = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_RESPONSES = {403: ErrorOut, 404: ErrorOut}

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A payload's foreign key → the model attribute it sets and the model it names (always within the hromada).
FOREIGN_KEYS = {"settlement_id": ("settlement", Settlement), "street_id": ("street", Street),
                "building_id": ("building", Building), "holder_id": ("holder", Institution)}
# The services and the models report a related record under the attribute; the payload names it *_id.
FIELD_NAMES = {attr: key for key, (attr, _model) in FOREIGN_KEYS.items()}
# Search keys the services derive from a typed field.
DERIVED = {"name_key": "name", "sort_key": "number"}
# Fields only residents.view_full sees; the date of birth shows only its year.
FULL_ONLY = ("rnokpp", "unzr", "phone", "email", "registered_on", "birth_date")


class Page(LimitOffsetPagination):
    """`limit` (1–1000, 50 by default) and `offset`; bounded so that no number overflows the database."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2_000_000_000)


def _require(request, capability: str) -> None:
    if not can(request.auth, request.hromada, capability):
        raise PermissionDenied


def _text(*values: str | None) -> bool:
    """Query texts the database can compare: PostgreSQL refuses NUL, and no record holds one."""
    return not any(value and "\x00" in value for value in values)


def _ordered(rows: QuerySet) -> QuerySet:
    """The model's order with the id last, so that pages never overlap or skip a row."""
    return rows.order_by(*rows.model._meta.ordering, "pk")


def _one(rows: QuerySet, pk: int):
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _related(request, model, pk: int):
    """The record of this hromada with this id, or None (another hromada's id is as unknown as a made-up one)."""
    return core_selectors.scoped(model, request.hromada).filter(pk=pk).first()


def _fill(request, obj, data: dict) -> None:
    """Set the payload's fields on `obj`: foreign keys resolved within the hromada, null only where allowed."""
    errors: dict = {}
    for name, value in data.items():
        attr, model = FOREIGN_KEYS.get(name, (name, None))
        if value is None:
            if not obj._meta.get_field(attr).null:
                errors[name] = _("This field cannot be null.")
                continue
        elif model is not None:
            value = _related(request, model, value)
            if value is None:
                errors[name] = _("Choose a record of this hromada.")
                continue
        setattr(obj, attr, value)
    if errors:
        raise ValidationError(errors)


@contextmanager
def _fields_as_payload():
    """Report the services' and models' field errors under the names the payload uses (street → street_id)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed: dict = {}
        for field, errors in error.error_dict.items():
            # A derived search key that is too long is the typed name's problem, reported once on the name.
            field = DERIVED.get(field, FIELD_NAMES.get(field, field))
            if field not in renamed:
                renamed[field] = errors
        raise ValidationError(renamed) from None


def _save(save, request, obj, **kwargs):
    with _fields_as_payload():
        return save(obj, actor=request.auth, hromada=request.hromada, **kwargs)


def _binary(content_type: str) -> dict:
    return {"responses": {200: {"description": "File",
                                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}}}}}


# --- streets ---------------------------------------------------------------------------------------------


def _street(request, street_id: int, capability: str = VIEW) -> Street:
    _require(request, capability)
    return _one(selectors.streets(request.hromada).prefetch_related("renames"), street_id)


@router.get("/streets", response=list[StreetOut], summary="Streets: q finds the current or a former name")
@paginate(Page)
def street_list(request, q: str = "", settlement_id: int | None = Query(None, ge=1, le=MAX_ID)):
    _require(request, VIEW)
    if not _text(q):
        return Street.objects.none()
    rows = selectors.streets(request.hromada, q)
    if settlement_id is not None:
        rows = rows.filter(settlement_id=settlement_id)
    return _ordered(rows)


@router.get("/streets/{street_id}", response={200: StreetDetailOut, **READ_RESPONSES},
            summary="A street with its former names")
def street_detail(request, street_id: int):
    return _street(request, street_id)


@router.post("/streets", response={201: StreetDetailOut, **WRITE_RESPONSES})
def street_create(request, payload: StreetIn):
    _require(request, MANAGE)
    street = Street()
    _fill(request, street, payload.dict())
    street = _save(services.save_street, request, street)
    return Status(201, _street(request, street.pk))


@router.patch("/streets/{street_id}", response={200: StreetDetailOut, **WRITE_RESPONSES},
              summary="Change a street; a new name keeps the former one with the decision that changed it")
def street_update(request, street_id: int, payload: StreetPatch):
    street = _street(request, street_id, MANAGE)
    data = payload.dict(exclude_unset=True)
    decision = (data.pop("decision", "") or "").strip()
    renamed_on = data.pop("renamed_on", None)
    try:
        StreetRename._meta.get_field("decision").run_validators(decision)
    except ValidationError as error:
        raise ValidationError({"decision": error.messages}) from None
    _fill(request, street, data)
    _save(services.save_street, request, street, decision=decision, renamed_on=renamed_on)
    return _street(request, street.pk)


@router.delete("/streets/{street_id}", response={204: None, **WRITE_RESPONSES})
def street_delete(request, street_id: int):
    street = _street(request, street_id, MANAGE)
    services.delete(street, actor=request.auth, hromada=request.hromada)
    return Status(204, None)


# --- buildings -------------------------------------------------------------------------------------------


def _building(request, building_id: int, capability: str = VIEW) -> Building:
    _require(request, capability)
    return _one(selectors.buildings(request.hromada), building_id)


@router.get("/buildings", response=list[BuildingOut], summary="Buildings: q is an address («Шевченка 12»)")
@paginate(Page)
def building_list(request, q: str = "", street_id: int | None = Query(None, ge=1, le=MAX_ID)):
    _require(request, VIEW)
    if not _text(q):
        return Building.objects.none()
    rows = selectors.buildings(request.hromada, q)
    if street_id is not None:
        rows = rows.filter(street_id=street_id)
    return _ordered(rows)


@router.get("/buildings/{building_id}", response={200: BuildingOut, **READ_RESPONSES})
def building_detail(request, building_id: int):
    return _building(request, building_id)


@router.post("/buildings", response={201: BuildingOut, **WRITE_RESPONSES})
def building_create(request, payload: BuildingIn):
    _require(request, MANAGE)
    building = Building()
    _fill(request, building, payload.dict())
    building = _save(services.save_building, request, building)
    return Status(201, _building(request, building.pk))


@router.patch("/buildings/{building_id}", response={200: BuildingOut, **WRITE_RESPONSES},
              summary="Change a building; fields left out keep their values")
def building_update(request, building_id: int, payload: BuildingPatch):
    building = _building(request, building_id, MANAGE)
    _fill(request, building, payload.dict(exclude_unset=True))
    _save(services.save_building, request, building)
    return _building(request, building.pk)


@router.delete("/buildings/{building_id}", response={204: None, **WRITE_RESPONSES})
def building_delete(request, building_id: int):
    building = _building(request, building_id, MANAGE)
    services.delete(building, actor=request.auth, hromada=request.hromada)
    return Status(204, None)


# --- residents -------------------------------------------------------------------------------------------


def _resident(request, resident_id: int, capability: str = RESIDENTS_VIEW) -> Resident:
    _require(request, capability)
    return _one(selectors.residents(request.hromada), resident_id)


def _card(request, resident: Resident, *, log: bool = True) -> dict:
    """The card as the caller may see it; reading it is logged (house rule 4)."""
    full = can(request.auth, request.hromada, RESIDENTS_FULL)
    if log:
        services.log_resident_view(resident, actor=request.auth, hromada=request.hromada,
                                   what="card" if full else "masked card")
    card = {name: getattr(resident, name) for name in (
        "id", "last_name", "first_name", "patronymic", "birth_date", "sex", "rnokpp", "unzr", "building_id",
        "apartment", "registered_on", "phone", "email", "status", "verification", "verified_on")}
    card.update(full_name=str(resident), birth_year=resident.birth_date.year, address=address_of(resident.building),
                masked=not full)
    if not full:
        card.update(dict.fromkeys(FULL_ONLY))
    return card


@router.get("/residents", response=list[ResidentListOut],
            summary="Residents, the minimum: q is a name in any order, a РНОКПП or an address")
@paginate(Page)
def resident_list(request, q: str = "", status: str | None = None, verification: str | None = None):
    _require(request, RESIDENTS_VIEW)
    if not _text(q, status, verification):
        return Resident.objects.none()
    rows = selectors.residents(request.hromada, q)
    if status is not None:
        rows = rows.filter(status=status)
    if verification is not None:
        rows = rows.filter(verification=verification)
    return _ordered(rows)


@router.get("/residents/{resident_id}", response={200: ResidentOut, **READ_RESPONSES},
            summary="A resident's card; read logged, masked without residents.view_full")
def resident_detail(request, resident_id: int):
    return _card(request, _resident(request, resident_id))


@router.post("/residents", response={201: ResidentOut, **WRITE_RESPONSES})
def resident_create(request, payload: ResidentIn):
    _require(request, RESIDENTS_MANAGE)
    resident = Resident()
    _fill(request, resident, payload.dict())
    resident = _save(services.save_resident, request, resident)
    # The caller has just written all of it: the creation is in the audit log, no separate read.
    return Status(201, _card(request, _resident(request, resident.pk, RESIDENTS_MANAGE), log=False))


@router.patch("/residents/{resident_id}", response={200: ResidentOut, **WRITE_RESPONSES},
              summary="Change a resident; fields left out keep their values (the card returned is a logged read)")
def resident_update(request, resident_id: int, payload: ResidentPatch):
    resident = _resident(request, resident_id, RESIDENTS_MANAGE)
    _fill(request, resident, payload.dict(exclude_unset=True))
    _save(services.save_resident, request, resident)
    # The answer shows fields the caller did not send: it is a read of the card, logged as one.
    return _card(request, _resident(request, resident.pk, RESIDENTS_MANAGE))


@router.delete("/residents/{resident_id}", response={204: None, **WRITE_RESPONSES})
def resident_delete(request, resident_id: int):
    resident = _resident(request, resident_id, RESIDENTS_MANAGE)
    services.delete(resident, actor=request.auth, hromada=request.hromada)
    return Status(204, None)


# --- land ------------------------------------------------------------------------------------------------


def _plot(request, plot_id: int, capability: str = VIEW) -> LandPlot:
    _require(request, capability)
    return _one(selectors.land_plots(request.hromada), plot_id)


@router.get("/land", response=list[LandOut],
            summary="Land plots: q is a cadastral number or its beginning, or an owner or lessee")
@paginate(Page)
def land_list(request, q: str = ""):
    _require(request, VIEW)
    if not _text(q):
        return LandPlot.objects.none()
    return _ordered(selectors.land_plots(request.hromada, q))


@router.get("/land/{plot_id}", response={200: LandOut, **READ_RESPONSES})
def land_detail(request, plot_id: int):
    return _plot(request, plot_id)


@router.post("/land", response={201: LandOut, **WRITE_RESPONSES})
def land_create(request, payload: LandIn):
    _require(request, MANAGE)
    plot = LandPlot()
    _fill(request, plot, payload.dict())
    plot = _save(services.save_land_plot, request, plot)
    return Status(201, _plot(request, plot.pk))


@router.patch("/land/{plot_id}", response={200: LandOut, **WRITE_RESPONSES},
              summary="Change a land plot; fields left out keep their values")
def land_update(request, plot_id: int, payload: LandPatch):
    plot = _plot(request, plot_id, MANAGE)
    _fill(request, plot, payload.dict(exclude_unset=True))
    _save(services.save_land_plot, request, plot)
    return _plot(request, plot.pk)


@router.delete("/land/{plot_id}", response={204: None, **WRITE_RESPONSES})
def land_delete(request, plot_id: int):
    plot = _plot(request, plot_id, MANAGE)
    services.delete(plot, actor=request.auth, hromada=request.hromada)
    return Status(204, None)


# --- communal property -----------------------------------------------------------------------------------


def _property(request, object_id: int, capability: str = VIEW) -> PropertyObject:
    _require(request, capability)
    return _one(selectors.property_objects(request.hromada), object_id)


@router.get("/property", response=list[PropertyOut],
            summary="Communal property: q is a name, an address, a balance holder or an inventory number")
@paginate(Page)
def property_list(request, q: str = "", kind: str | None = None, use: str | None = None,
                  holder_id: int | None = Query(None, ge=1, le=MAX_ID)):
    _require(request, VIEW)
    if not _text(q, kind, use):
        return PropertyObject.objects.none()
    rows = selectors.property_objects(request.hromada, q)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if use is not None:
        rows = rows.filter(use=use)
    if holder_id is not None:
        rows = rows.filter(holder_id=holder_id)
    return _ordered(rows)


@router.get("/property/{object_id}", response={200: PropertyOut, **READ_RESPONSES})
def property_detail(request, object_id: int):
    return _property(request, object_id)


@router.post("/property", response={201: PropertyOut, **WRITE_RESPONSES})
def property_create(request, payload: PropertyIn):
    _require(request, MANAGE)
    obj = PropertyObject()
    _fill(request, obj, payload.dict())
    obj = _save(services.save_property, request, obj)
    return Status(201, _property(request, obj.pk))


@router.patch("/property/{object_id}", response={200: PropertyOut, **WRITE_RESPONSES},
              summary="Change a property object; fields left out keep their values")
def property_update(request, object_id: int, payload: PropertyPatch):
    obj = _property(request, object_id, MANAGE)
    _fill(request, obj, payload.dict(exclude_unset=True))
    _save(services.save_property, request, obj)
    return _property(request, obj.pk)


@router.delete("/property/{object_id}", response={204: None, **WRITE_RESPONSES})
def property_delete(request, object_id: int):
    obj = _property(request, object_id, MANAGE)
    services.delete(obj, actor=request.auth, hromada=request.hromada)
    return Status(204, None)


# --- import templates ------------------------------------------------------------------------------------


def _importer(request, kind: str):
    _require(request, IMPORT)
    try:
        importer = imports.get(kind)
    except imports.UnknownKind:
        raise Http404 from None
    if importer.__module__ != "hromada.registers.importers":  # another app's import is not a register's
        raise Http404
    return importer


def _template(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.get("/imports/{kind}/template.csv", response=READ_RESPONSES, openapi_extra=_binary(CSV),
            summary="The CSV template of a register's import (streets, buildings, residents, land, property)")
def import_template_csv(request, kind: str):
    importer = _importer(request, kind)
    return _template(imports.template_csv(importer), CSV, f"{importer.kind}-template.csv")


@router.get("/imports/{kind}/template.xlsx", response=READ_RESPONSES, openapi_extra=_binary(XLSX),
            summary="The XLSX template of a register's import, with a sheet describing its columns")
def import_template_xlsx(request, kind: str):
    importer = _importer(request, kind)
    return _template(imports.template_xlsx(importer), XLSX, f"{importer.kind}-template.xlsx")
