"""The equipment API under /api/v1/itassets/ (staff tokens or the staff session).

``GET /equipment`` filters as the staff list does (``?category=computer&older_than_years=5``), paginated by
``limit``/``offset``; ``GET /equipment/{id}`` adds the item's age, depreciation and assignments; ``POST`` and
``PATCH`` go through the services (a bad payload is a 400 naming the field, in Ukrainian, and changes nothing);
check-out, check-in and write-off are their own operations. Reading needs ``itassets.view``, writing
``itassets.manage``; another hromada's item is a 404 and another hromada's id in a payload a 400 on its field.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hromada.acts.models import Act
from hromada.core import selectors as core_selectors
from hromada.core.models import Department, Institution
from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut
from hromada.itassets.equipment import lifecycle, selectors, services
from hromada.itassets.equipment.schemas import (
    CheckInIn,
    CheckOutIn,
    EquipmentDetailOut,
    EquipmentIn,
    EquipmentOut,
    EquipmentPatch,
    WriteOffIn,
)
from hromada.itassets.models import Category, Equipment, FundingSource
from hromada.itassets.permissions import MANAGE, VIEW

router = Router(tags=["IT assets: equipment"])
WRITE_RESPONSES = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_RESPONSES = {403: ErrorOut, 404: ErrorOut}
# A payload's key → the item's attribute it sets.
RELATED = {"institution_id": "institution", "department_id": "department", "programme_task_id": "programme_task",
           "parent_id": "parent"}
PAYLOAD_NAME = {attr: key for key, attr in RELATED.items()}
TEXT_FIELDS = {"inventory_number", "category", "name", "manufacturer", "model", "serial_number", "specification",
               "funding_source", "room", "status", "notes"}


class Page(LimitOffsetPagination):
    """`limit` (1–1000, 50 by default) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2_000_000_000)


def _require(request, capability: str) -> None:
    if not can(request.auth, request.hromada, capability):
        raise PermissionDenied


def _item(request, item_id: int, capability: str = VIEW) -> Equipment:
    _require(request, capability)
    if not 0 < item_id <= MAX_ID:
        raise Http404
    return selectors.item(request.hromada, item_id)


def _related(request, name: str, pk: int | None):
    """The record of this hromada a payload's id names, or a 400 on that field."""
    if pk is None:
        return None
    if not 0 < pk <= MAX_ID:
        raise ValidationError({name: _("Choose a record of this hromada.")})
    hromada = request.hromada
    if name == "institution_id":
        found = core_selectors.scoped(Institution, hromada).filter(pk=pk).first()
    elif name == "department_id":
        found = core_selectors.scoped(Department, hromada).filter(pk=pk).first()
    elif name == "programme_task_id":
        from hromada.programmes.models import Task

        found = Task.objects.filter(programme__hromada=hromada, pk=pk).first()
    elif name == "parent_id":
        found = Equipment.objects.filter(hromada=hromada, pk=pk).first()
    elif name == "act_id":
        found = Act.objects.filter(hromada=hromada, pk=pk).first()
    elif name == "user_id":
        found = core_selectors.members(hromada).filter(pk=pk).first()
    else:  # pragma: no cover - a programming error
        raise KeyError(name)
    if found is None:
        raise ValidationError({name: _("Choose a record of this hromada.")})
    return found


def _fill(request, item: Equipment, data: dict) -> None:
    errors: dict = {}
    for key, value in data.items():
        try:
            if key in RELATED:
                setattr(item, RELATED[key], _related(request, key, value))
            elif value is None and key in TEXT_FIELDS:
                errors[key] = _("This field cannot be null.")
            else:
                setattr(item, key, value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


@contextmanager
def _as_payload():
    """The services' field errors under the payload's names (institution → institution_id)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError({PAYLOAD_NAME.get(field, field): errors
                               for field, errors in error.error_dict.items()}) from None


def _detail(request, item: Equipment) -> Equipment:
    """The item with what its page computes: age, the end of life reached, depreciation to today."""
    today = timezone.localdate()
    years = lifecycle.useful_life(item, lifecycle.policies(request.hromada))
    value = lifecycle.depreciation(item.cost, item.purchase_date, years, today)
    item.age_years = lifecycle.age_years(item.purchase_date, today)
    item.useful_life = years
    item.past_end_of_life = bool(item.end_of_life and item.end_of_life <= today)
    item.depreciation_monthly = value.monthly if value else None
    item.accumulated_depreciation = value.accumulated if value else None
    item.book_value = value.residual if value else None
    item.assignment_rows = list(selectors.assignments(item))
    return item


@router.get("/equipment", response=list[EquipmentOut],
            summary="Equipment: the staff list's filters, e.g. ?category=computer&older_than_years=5")
@paginate(Page)
def equipment_list(request, q: str = Query("", max_length=200), category: str = "", status: str = "",
                   institution_id: int | None = Query(None, ge=0, le=MAX_ID,
                                                      description="0: the council's own equipment"),
                   department_id: int | None = Query(None, ge=1, le=MAX_ID), funding_source: str = "",
                   older_than_years: int | None = Query(None, ge=1, le=50), past_end_of_life: bool = False,
                   check_due: bool = False, warranty_expired: bool = False, warranty_ending: bool = False,
                   written_off: bool = Query(True, description="false: leave written-off items out"),
                   sort: str = ""):
    _require(request, VIEW)
    if "\x00" in q:
        return Equipment.objects.none()
    errors = {}
    for name, value, allowed in (("category", category, Category.values), ("status", status, Equipment.Status.values),
                                 ("funding_source", funding_source, FundingSource.values),
                                 ("sort", sort.lstrip("-"), selectors.SORTS)):
        if value and value not in allowed:
            errors[name] = _("Unknown value; expected one of: %(values)s.") % {"values": ", ".join(allowed)}
    if errors:
        raise ValidationError(errors)
    filters = selectors.Filters(
        q=q, category=category, status=status, institution=institution_id, department=department_id,
        funding_source=funding_source, older_than_years=older_than_years, past_end_of_life=past_end_of_life,
        check_due=check_due, warranty_expired=warranty_expired, warranty_ending=warranty_ending,
        include_written_off=written_off, sort=sort)
    return selectors.filtered(request.hromada, filters, today=timezone.localdate())


@router.get("/equipment/{item_id}", response={200: EquipmentDetailOut, **READ_RESPONSES})
def equipment_detail(request, item_id: int):
    return _detail(request, _item(request, item_id))


@router.post("/equipment", response={201: EquipmentDetailOut, **WRITE_RESPONSES})
def equipment_create(request, payload: EquipmentIn):
    _require(request, MANAGE)
    item = Equipment(hromada=request.hromada)
    _fill(request, item, payload.dict())
    with _as_payload():
        services.save_item(item, actor=request.auth, hromada=request.hromada)
    return Status(201, _detail(request, selectors.item(request.hromada, item.pk)))


@router.patch("/equipment/{item_id}", response={200: EquipmentDetailOut, **WRITE_RESPONSES},
              summary="Change an item; fields left out keep their values")
def equipment_update(request, item_id: int, payload: EquipmentPatch):
    item = _item(request, item_id, MANAGE)
    _fill(request, item, payload.dict(exclude_unset=True))
    with _as_payload():
        services.save_item(item, actor=request.auth, hromada=request.hromada)
    return _detail(request, selectors.item(request.hromada, item.pk))


@router.post("/equipment/{item_id}/check-out", response={200: EquipmentDetailOut, **WRITE_RESPONSES},
             summary="Check the item out to a person (an account or a name), a place or another item")
def equipment_check_out(request, item_id: int, payload: CheckOutIn):
    item = _item(request, item_id, MANAGE)
    data = payload.dict()
    errors: dict = {}
    related = {}
    for key in ("user_id", "institution_id", "department_id", "parent_id"):
        try:
            related[key] = _related(request, key, data[key])
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with _as_payload():
        services.check_out(item, actor=request.auth, hromada=request.hromada,
                           on=data["checked_out_on"] or timezone.localdate(), user=related["user_id"],
                           person_name=data["person_name"], institution=related["institution_id"],
                           department=related["department_id"], room=data["room"], parent=related["parent_id"],
                           note=data["note"])
    return _detail(request, selectors.item(request.hromada, item.pk))


@router.post("/equipment/{item_id}/check-in", response={200: EquipmentDetailOut, **WRITE_RESPONSES})
def equipment_check_in(request, item_id: int, payload: CheckInIn):
    item = _item(request, item_id, MANAGE)
    services.check_in(item, actor=request.auth, hromada=request.hromada,
                      on=payload.checked_in_on or timezone.localdate(), note=payload.note)
    return _detail(request, selectors.item(request.hromada, item.pk))


@router.post("/equipment/{item_id}/write-off", response={200: EquipmentDetailOut, **WRITE_RESPONSES},
             summary="Write the item off: the reason, the date (today when left out), the act of the registry")
def equipment_write_off(request, item_id: int, payload: WriteOffIn):
    item = _item(request, item_id, MANAGE)
    act = _related(request, "act_id", payload.act_id)
    try:
        services.write_off(item, actor=request.auth, hromada=request.hromada, reason=payload.reason, act=act,
                           on=payload.written_off_on or timezone.localdate())
    except ValidationError as error:
        if hasattr(error, "error_dict") and "act" in error.error_dict:
            error.error_dict["act_id"] = error.error_dict.pop("act")
        raise
    return _detail(request, selectors.item(request.hromada, item.pk))
