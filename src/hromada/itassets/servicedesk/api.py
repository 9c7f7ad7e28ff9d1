"""IT service requests API under /api/v1/itassets/ (staff tokens or session): list with filters, one request with
its log, report, work, parts, notes, assignment, triage and status transitions.

Everyone with ``itassets.report`` reads the requests they may see (the own; a department head's unit's; the IT
officer's all) and reports; the IT officer acts on them. Every write goes through the services, so a refused
move or a bad field is a 400 with a Ukrainian message on that field and nothing changed; another hromada's
request, or one the caller may not see, is a 404.
"""

from contextlib import contextmanager
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut
from hromada.itassets.models import Equipment, ServiceRequest
from hromada.itassets.permissions import REPORT
from hromada.itassets.servicedesk import selectors, services
from hromada.itassets.servicedesk.schemas import (
    ServiceRequestAssignIn,
    ServiceRequestDetailOut,
    ServiceRequestIn,
    ServiceRequestLogOut,
    ServiceRequestNoteIn,
    ServiceRequestOut,
    ServiceRequestPartsIn,
    ServiceRequestStatusIn,
    ServiceRequestTriageIn,
    ServiceRequestWorkIn,
)

router = Router(tags=["IT service requests"])
WRITE_RESPONSES = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}
READ_RESPONSES = {403: ErrorOut, 404: ErrorOut}
FIELD_NAMES = {"equipment": "equipment_id", "assignee": "assignee_id", "resolution": "text", "reason": "text"}


class Page(LimitOffsetPagination):
    """`limit` (1–1000, 50 by default) and `offset`."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2_000_000_000)


def _require(request) -> None:
    if not can(request.auth, request.hromada, REPORT):
        raise PermissionDenied


@contextmanager
def _as_payload():
    """The services' field errors under the names the payload uses (equipment → equipment_id)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError({FIELD_NAMES.get(name, name): errors
                               for name, errors in error.error_dict.items()}) from None


def _one(request, request_id: int) -> ServiceRequest:
    _require(request)
    if not 0 < request_id <= MAX_ID:
        raise Http404
    return selectors.request_for(request.hromada, request.auth, request_id)


def _detail(request, request_id: int) -> ServiceRequest:
    req = _one(request, request_id)
    req.allowed_statuses = list(services.allowed_moves(req, request.auth))
    req.log_entries = selectors.log(req)
    return req


@router.get("/requests", response=list[ServiceRequestOut], summary="IT service requests the caller may see, filtered")
@paginate(Page)
def request_list(
    request,
    status: str = Query("", max_length=20, description="A status, or «open», or «overdue»."),
    priority: str = Query("", max_length=20),
    kind: str = Query("", max_length=20),
    assignee_id: int | None = Query(None, ge=0, le=MAX_ID, description="0: not assigned."),
    reporter_id: int | None = Query(None, ge=1, le=MAX_ID),
    institution_id: int | None = Query(None, ge=1, le=MAX_ID),
    department_id: int | None = Query(None, ge=1, le=MAX_ID),
    equipment_id: int | None = Query(None, ge=1, le=MAX_ID),
    received_from: date | None = None,
    received_to: date | None = None,
    q: str = Query("", max_length=200, description="A number, words of the subject or an inventory number."),
    sort: str = Query("-received", max_length=20, description="One of: " + ", ".join(selectors.SORTS)),
):
    _require(request)
    if any("\x00" in value for value in (status, priority, kind, q, sort)):
        return ServiceRequest.objects.none()
    return selectors.queue(request.hromada, request.auth, selectors.Filters(
        status=status, priority=priority, kind=kind, assignee=assignee_id, reporter=reporter_id,
        institution=institution_id, department=department_id, equipment=equipment_id, since=received_from,
        until=received_to, q=q, sort=sort))


@router.get("/requests/{request_id}", response={200: ServiceRequestDetailOut, **READ_RESPONSES},
            summary="One request with its log")
def request_detail(request, request_id: int):
    return _detail(request, request_id)


@router.post("/requests", response={201: ServiceRequestDetailOut, **WRITE_RESPONSES}, summary="Report a problem")
def request_create(request, payload: ServiceRequestIn):
    _require(request)
    equipment = None
    if payload.equipment_id is not None and payload.inventory_number:
        raise ValidationError({"inventory_number": _("Choose one item: by id or by its inventory number.")})
    if payload.equipment_id is not None:
        equipment = (Equipment.objects.filter(hromada=request.hromada, pk=payload.equipment_id).first()
                     if 0 < payload.equipment_id <= MAX_ID else None)
        if equipment is None:
            raise ValidationError({"equipment_id": _("Choose an item of this hromada.")})
    elif payload.inventory_number:
        equipment = services.find_equipment(request.hromada, payload.inventory_number)
        if equipment is None:
            raise ValidationError({"inventory_number": _("No item of this hromada has this inventory number.")})
    with _as_payload():
        req = services.report(request.hromada, actor=request.auth, subject=payload.subject,
                              description=payload.description, kind=payload.kind, priority=payload.priority,
                              equipment=equipment, contact=payload.contact)
    return Status(201, _detail(request, req.pk))


@router.post("/requests/{request_id}/work", response={201: ServiceRequestLogOut, **WRITE_RESPONSES},
             summary="Record work (what was done, minutes); a new or assigned request goes in progress")
def request_work(request, request_id: int, payload: ServiceRequestWorkIn):
    req = _one(request, request_id)
    with _as_payload():
        entry = services.record_work(req, actor=request.auth, hromada=request.hromada, text=payload.text,
                                     minutes=payload.minutes)
    return Status(201, entry)


@router.post("/requests/{request_id}/parts", response={201: ServiceRequestLogOut, **WRITE_RESPONSES},
             summary="Record parts used and their cost")
def request_parts(request, request_id: int, payload: ServiceRequestPartsIn):
    req = _one(request, request_id)
    with _as_payload():
        entry = services.record_parts(req, actor=request.auth, hromada=request.hromada, parts=payload.parts,
                                      cost=payload.parts_cost, text=payload.text)
    return Status(201, entry)


@router.post("/requests/{request_id}/notes", response={201: ServiceRequestLogOut, **WRITE_RESPONSES},
             summary="Add a note (the IT officer; or the reporter on an open request)")
def request_note(request, request_id: int, payload: ServiceRequestNoteIn):
    req = _one(request, request_id)
    with _as_payload():
        entry = services.add_note(req, actor=request.auth, hromada=request.hromada, text=payload.text)
    return Status(201, entry)


@router.post("/requests/{request_id}/assign", response={200: ServiceRequestDetailOut, **WRITE_RESPONSES},
             summary="Assign to an IT officer of this hromada")
def request_assign(request, request_id: int, payload: ServiceRequestAssignIn):
    req = _one(request, request_id)
    person = next((p for p in services.assignable(request.hromada) if p.pk == payload.assignee_id), None)
    with _as_payload():
        services.assign(req, actor=request.auth, hromada=request.hromada, assignee=person)
    return _detail(request, req.pk)


@router.post("/requests/{request_id}/triage", response={200: ServiceRequestDetailOut, **WRITE_RESPONSES},
             summary="Set the kind and priority (the due date is recounted from the day of receipt)")
def request_triage(request, request_id: int, payload: ServiceRequestTriageIn):
    req = _one(request, request_id)
    with _as_payload():
        services.triage(req, actor=request.auth, hromada=request.hromada, kind=payload.kind,
                        priority=payload.priority)
    return _detail(request, req.pk)


@router.post("/requests/{request_id}/status", response={200: ServiceRequestDetailOut, **WRITE_RESPONSES},
             summary="Move the request: in_progress, waiting, resolved (text required), closed, cancelled "
                     "(text required); in_progress after resolved reopens it (text required)")
def request_status(request, request_id: int, payload: ServiceRequestStatusIn):
    req = _one(request, request_id)
    with _as_payload():
        services.change_status(req, actor=request.auth, hromada=request.hromada, status=payload.status,
                               text=payload.text)
    return _detail(request, req.pk)
