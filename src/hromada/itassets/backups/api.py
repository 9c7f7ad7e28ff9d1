"""The backups register in the API under /api/v1/itassets/ (staff tokens): the systems with their overdue flags,
their runs, and recording a run — the way an outside backup program reports its result.

``itassets.view`` lists and reads the register; the person who answers for a system reads it and records its
runs, as do the register's keepers (``itassets.manage``). Another hromada's system is a 404. A payload the
services refuse is a 400 with a Ukrainian message per field, and nothing is recorded.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut, model_constraints
from hromada.itassets.backups import selectors, services
from hromada.itassets.models import BackupRun, BackupTarget
from hromada.itassets.permissions import VIEW

router = Router(tags=["IT assets: backups"])
READ = {403: ErrorOut, 404: ErrorOut}
WRITE = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut}


class Page(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=1000)
        offset: int = Field(0, ge=0, le=2_000_000_000)


class BackupTargetOut(Schema):
    id: int
    name: str
    kind: str
    scope: str
    institution_id: int | None
    institution: str | None
    frequency: str
    destination_kind: str
    destination: str
    retention_days: int | None
    restore_test_months: int
    responsible_id: int | None
    responsible: str | None
    platform: bool
    active: bool
    last_success_at: datetime | None
    last_restore_test_at: datetime | None
    backup_overdue: bool
    restore_overdue: bool

    @staticmethod
    def resolve_institution(obj) -> str | None:
        return obj.institution.name if obj.institution else None

    @staticmethod
    def resolve_responsible(obj) -> str | None:
        return str(obj.responsible) if obj.responsible else None


class BackupRunOut(Schema):
    id: int
    target_id: int
    kind: str
    status: str
    finished_at: datetime
    size_bytes: int | None
    checksum: str
    archive: str
    note: str
    automatic: bool
    recorded_at: datetime


class BackupRunIn(Schema):
    model_config = model_constraints(BackupRun)

    kind: str = BackupRun.Kind.BACKUP
    status: str
    finished_at: datetime = Field(description="ISO 8601; without an offset it is read as Kyiv time")
    size_bytes: int | None = Field(None, description="bytes")
    checksum: str = Field("", description="SHA-256 of the copy: 64 hexadecimal characters")
    archive: str = ""
    note: str = ""


def _target(request, target_id: int) -> BackupTarget:
    target = selectors.target(request.hromada, target_id)
    if not services.may_view(request.auth, request.hromada, target):
        raise PermissionDenied
    return target


@router.get("/backups", response=list[BackupTargetOut],
            summary="Backed-up systems with their overdue flags: overdue=any|backup|restore|none")
@paginate(Page)
def backup_list(request, overdue: str = "", kind: str = "", active: str = "1",
                institution_id: int | None = Query(None, ge=1, le=MAX_ID), council: bool = False):
    if not can(request.auth, request.hromada, VIEW):
        raise PermissionDenied
    if "\x00" in overdue + kind + active:
        return BackupTarget.objects.none()
    institution = "council" if council else institution_id
    return selectors.filtered(request.hromada, overdue=overdue, kind=kind, institution=institution,
                              active=active if active in ("1", "0") else "")


@router.get("/backups/{target_id}", response={200: BackupTargetOut, **READ}, summary="One backed-up system")
def backup_detail(request, target_id: int):
    return _target(request, target_id)


@router.get("/backups/{target_id}/runs", response={200: list[BackupRunOut], **READ},
            summary="The system's runs and restore tests, newest first (at most 500)")
def run_list(request, target_id: int):
    return list(selectors.runs(_target(request, target_id))[:500])


@router.post("/backups/{target_id}/runs", response={201: BackupRunOut, **WRITE},
             summary="Record a backup or a restore test of the system (kind=backup|restore_test, "
                     "status=success|failed)")
def run_create(request, target_id: int, payload: BackupRunIn):
    target = _target(request, target_id)
    if not services.may_record(request.auth, request.hromada, target):
        raise PermissionDenied
    finished = payload.finished_at
    if timezone.is_naive(finished):
        finished = timezone.make_aware(finished, timezone.get_current_timezone())
    run = services.record_run(target, actor=request.auth, hromada=request.hromada, kind=payload.kind,
                              status=payload.status, finished_at=finished, size_bytes=payload.size_bytes,
                              checksum=payload.checksum, archive=payload.archive, note=payload.note)
    return Status(201, run)
