"""Core API: the hromada, its structure, the caller, the audit log and the deadline calculator."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from hromada.core import deadlines, selectors, services
from hromada.core.deadlines import calendar_for
from hromada.core.models import Institution, Settlement
from hromada.core.roles import can
from hromada.core.schemas import (
    AuditOut,
    BoundedPages,
    DeadlineOut,
    DepartmentOut,
    ErrorOut,
    HromadaOut,
    InstitutionIn,
    InstitutionOut,
    InstitutionPatch,
    SettlementIn,
    SettlementOut,
    SettlementPatch,
    ValidationErrorOut,
)

router = Router(tags=["core"])
WRITE_RESPONSES = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}


def _require(request, capability: str) -> None:
    if not can(request.auth, request.hromada, capability):
        raise PermissionDenied


def _resolve_fk(request, model, pk):
    if pk is None:
        return None
    try:
        return selectors.scoped(model, request.hromada).get(pk=pk)
    except model.DoesNotExist:
        raise ValidationError({f"{model._meta.model_name}_id": _("No such record in this hromada.")}) from None


# GET /me (the caller in this hromada) lives in hromada.accounts.api.


@router.get("/hromada", response=HromadaOut, auth=None, summary="The hromada this host serves")
def hromada(request):
    return request.hromada


@router.get("/settlements", response=list[SettlementOut], auth=None, summary="Settlements of the hromada")
@paginate(BoundedPages, page_size=100)
def settlements(request):
    return selectors.settlements(request.hromada)


@router.get("/settlements/{settlement_id}", response={200: SettlementOut, 404: ErrorOut}, auth=None)
def settlement(request, settlement_id: int):
    return selectors.get_scoped(Settlement, request.hromada, settlement_id)


@router.post("/settlements", response={201: SettlementOut, **WRITE_RESPONSES})
def settlement_create(request, payload: SettlementIn):
    _require(request, "structure.manage")
    data = payload.dict()
    district = _resolve_fk(request, selectors.StarostaDistrict, data.pop("starosta_district_id"))
    obj = Settlement(**data, starosta_district=district)
    return 201, services.save_record(obj, actor=request.auth, hromada=request.hromada, capability="structure.manage")


@router.patch("/settlements/{settlement_id}", response={200: SettlementOut, **WRITE_RESPONSES})
def settlement_update(request, settlement_id: int, payload: SettlementPatch):
    _require(request, "structure.manage")
    obj = selectors.get_scoped(Settlement, request.hromada, settlement_id)
    data = payload.dict(exclude_unset=True)
    if "starosta_district_id" in data:
        obj.starosta_district = _resolve_fk(request, selectors.StarostaDistrict, data.pop("starosta_district_id"))
    for name, value in data.items():
        setattr(obj, name, value)
    return services.save_record(obj, actor=request.auth, hromada=request.hromada, capability="structure.manage")


@router.delete("/settlements/{settlement_id}", response={204: None, **WRITE_RESPONSES})
def settlement_delete(request, settlement_id: int):
    _require(request, "structure.manage")
    obj = selectors.get_scoped(Settlement, request.hromada, settlement_id)
    services.delete_record(obj, actor=request.auth, hromada=request.hromada, capability="structure.manage")
    return 204, None


@router.get("/departments", response=list[DepartmentOut], auth=None)
@paginate(BoundedPages, page_size=100)
def departments(request):
    return selectors.departments(request.hromada)


@router.get("/institutions", response=list[InstitutionOut], auth=None)
@paginate(BoundedPages, page_size=100)
def institutions(request):
    return selectors.institutions(request.hromada)


@router.get("/institutions/{institution_id}", response={200: InstitutionOut, 404: ErrorOut}, auth=None)
def institution(request, institution_id: int):
    return selectors.get_scoped(Institution, request.hromada, institution_id)


@router.post("/institutions", response={201: InstitutionOut, **WRITE_RESPONSES})
def institution_create(request, payload: InstitutionIn):
    _require(request, "structure.manage")
    data = payload.dict()
    settlement_obj = _resolve_fk(request, Settlement, data.pop("settlement_id"))
    obj = Institution(**data, settlement=settlement_obj)
    return 201, services.save_record(obj, actor=request.auth, hromada=request.hromada, capability="structure.manage")


@router.patch("/institutions/{institution_id}", response={200: InstitutionOut, **WRITE_RESPONSES})
def institution_update(request, institution_id: int, payload: InstitutionPatch):
    _require(request, "structure.manage")
    obj = selectors.get_scoped(Institution, request.hromada, institution_id)
    data = payload.dict(exclude_unset=True)
    if "settlement_id" in data:
        obj.settlement = _resolve_fk(request, Settlement, data.pop("settlement_id"))
    for name, value in data.items():
        setattr(obj, name, value)
    return services.save_record(obj, actor=request.auth, hromada=request.hromada, capability="structure.manage")


@router.delete("/institutions/{institution_id}", response={204: None, **WRITE_RESPONSES})
def institution_delete(request, institution_id: int):
    _require(request, "structure.manage")
    obj = selectors.get_scoped(Institution, request.hromada, institution_id)
    services.delete_record(obj, actor=request.auth, hromada=request.hromada, capability="structure.manage")
    return 204, None


@router.get("/audit", response=list[AuditOut], summary="Audit log of the hromada (administrators)")
@paginate(BoundedPages, page_size=100)
def audit_log(request, action: str | None = None):
    _require(request, "audit.view")
    qs = selectors.audit_entries(request.hromada)
    return qs.filter(action=action) if action else qs


@router.get("/calendar/deadline", response=DeadlineOut, auth=None,
            summary="A legal deadline by the hromada's working-day calendar")
def deadline(request, start: date, amount: int = Query(..., ge=1, le=3650),
             unit: Literal["working_days", "calendar_days", "months"] = "working_days"):
    cal = calendar_for(request.hromada)
    result = deadlines.deadline(cal, start, amount, unit)
    return {"start": start, "amount": amount, "unit": unit, "deadline": result,
            "martial_law": cal.is_martial_law(result)}


__all__ = ["Http404", "router"]
