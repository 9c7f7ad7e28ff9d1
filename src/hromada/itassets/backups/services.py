"""All writes of the backups register: ``check_*`` validates, the verbs change state in a transaction and log it.

Runs are a log: recorded, never edited or deleted. Recording a successful backup (or restore test) moves the
target's ``last_success_at`` (``last_restore_test_at``) forward, never back, so a run entered late for an
earlier date does not hide a newer one. The platform's own runs (``record_platform_*``) are written by
`hromada backup` / `hromada restore` for every hromada at once; they carry ``automatic=True`` and are not in
the audit log (the run row is itself the record, and a restore must leave the audit log as the archive had it).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import AuditEntry, Hromada
from hromada.core.roles import can
from hromada.core.services import check_can, check_same_hromada, save_record
from hromada.itassets.backups import selectors
from hromada.itassets.models import BackupRun, BackupTarget
from hromada.itassets.permissions import MANAGE, VIEW

SHA256 = re.compile(r"[0-9a-f]{64}")
TARGET_FIELDS = ("name", "kind", "scope", "institution", "frequency", "destination_kind", "destination",
                 "retention_days", "restore_test_months", "responsible", "notes")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)  # a year typed as 0202 is a typo
BIGINT = 2**63 - 1


# --- who may do what ------------------------------------------------------------------------------------


def may_view(user, hromada, target: BackupTarget) -> bool:
    """The register's readers, and the person who answers for this system."""
    return can(user, hromada, VIEW) or (target.responsible_id is not None and target.responsible_id == user.pk)


def may_record(user, hromada, target: BackupTarget) -> bool:
    """The register's keepers, and the person who answers for this system, record its runs."""
    return can(user, hromada, MANAGE) or (target.responsible_id is not None and target.responsible_id == user.pk)


# --- targets --------------------------------------------------------------------------------------------


def check_target(target: BackupTarget, *, hromada) -> None:
    """The institution and the responsible person belong to this hromada; the name is not blank."""
    errors: dict[str, str] = {}
    target.name = (target.name or "").strip()
    if not target.name:
        errors["name"] = _("Name the system.")
    if target.institution_id is not None and target.institution.hromada_id != hromada.pk:
        errors["institution"] = _("Choose an institution of this hromada.")
    if target.responsible_id is not None and not selectors.responsible_candidates(hromada).filter(
            pk=target.responsible_id).exists():
        errors["responsible"] = _("Choose an active staff account of this hromada.")
    if errors:
        raise ValidationError(errors)


def save_target(target: BackupTarget, *, actor, hromada) -> BackupTarget:
    """Create or change a target (the fields already set on it); the platform flag is never set here."""
    check_can(actor, hromada, MANAGE)
    if target.pk is None:
        target.hromada = hromada
        target.platform = False
    check_same_hromada(target, hromada)
    check_target(target, hromada=hromada)
    return save_record(target, actor=actor, hromada=hromada, capability=MANAGE)


def create_target(hromada, *, actor, **fields) -> BackupTarget:
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    return save_target(BackupTarget(hromada=hromada, **fields), actor=actor, hromada=hromada)


def update_target(target: BackupTarget, *, actor, hromada, **fields) -> BackupTarget:
    unknown = set(fields) - set(TARGET_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    check_same_hromada(target, hromada)
    for name, value in fields.items():
        setattr(target, name, value)
    return save_target(target, actor=actor, hromada=hromada)


def deactivate_target(target: BackupTarget, *, actor, hromada) -> BackupTarget:
    """Take a system out of service: it stays in the register with its runs, and is never overdue."""
    check_can(actor, hromada, MANAGE)
    check_same_hromada(target, hromada)
    if target.platform:
        raise ValidationError(_("Hromada's own backup cannot be taken out of service: `hromada backup` records "
                                "it by itself."))
    if not target.active:
        return target
    target.active = False
    return save_record(target, actor=actor, hromada=hromada, capability=MANAGE)


def activate_target(target: BackupTarget, *, actor, hromada) -> BackupTarget:
    check_can(actor, hromada, MANAGE)
    check_same_hromada(target, hromada)
    if target.active:
        return target
    target.active = True
    return save_record(target, actor=actor, hromada=hromada, capability=MANAGE)


# --- runs -----------------------------------------------------------------------------------------------


def normalise_checksum(value: str | None) -> str:
    """«  AB12… » → «ab12…»; spaces inside (a hash copied in groups) go too."""
    return re.sub(r"\s+", "", value or "").lower()


def check_run(target: BackupTarget, *, kind: str, status: str, finished_at, size_bytes=None, checksum: str = "",
              archive: str = "", note: str = "", now: datetime | None = None) -> None:
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if not target.active:
        errors["__all__"] = _("The system is out of service; return it to service to record its runs.")
    if kind not in BackupRun.Kind.values:
        errors["kind"] = _("Choose a backup or a restore test.")
    if status not in BackupRun.Status.values:
        errors["status"] = _("Choose whether it succeeded or failed.")
    if not isinstance(finished_at, datetime):
        errors["finished_at"] = _("Give the date and time it finished.")
    elif timezone.is_naive(finished_at):
        errors["finished_at"] = _("Give the date and time with the time zone.")
    elif finished_at > now:
        errors["finished_at"] = _("The time it finished cannot be in the future.")
    elif finished_at < EARLIEST:
        errors["finished_at"] = _("Check the year: the time is before 2000.")
    if size_bytes is not None and (isinstance(size_bytes, bool) or not isinstance(size_bytes, int)
                                   or not 0 <= size_bytes <= BIGINT):
        errors["size_bytes"] = _("The size is a whole number of bytes, zero or more.")
    if checksum and not SHA256.fullmatch(checksum):
        errors["checksum"] = _("A SHA-256 checksum is 64 hexadecimal characters (0–9, a–f).")
    if len(archive or "") > BackupRun._meta.get_field("archive").max_length:
        errors["archive"] = _("The archive's name is too long (at most 300 characters).")
    if errors:
        raise ValidationError(errors)


def record_run(target: BackupTarget, *, actor, hromada, kind: str = BackupRun.Kind.BACKUP, status: str,
               finished_at, size_bytes=None, checksum: str = "", archive: str = "", note: str = "",
               now: datetime | None = None) -> BackupRun:
    """Record a backup or a restore test done by hand (or by an outside system through the API)."""
    check_same_hromada(target, hromada)
    if not may_record(actor, hromada, target):
        raise PermissionDenied(_("You do not have permission for this action."))
    checksum = normalise_checksum(checksum)
    archive, note = (archive or "").strip(), (note or "").strip()
    check_run(target, kind=kind, status=status, finished_at=finished_at, size_bytes=size_bytes, checksum=checksum,
              archive=archive, note=note, now=now)
    with transaction.atomic():
        locked = BackupTarget.objects.select_for_update().get(pk=target.pk)
        run = BackupRun(hromada=hromada, target=locked, kind=kind, status=status, finished_at=finished_at,
                        size_bytes=size_bytes, checksum=checksum, archive=archive, note=note, recorded_by=actor)
        run.full_clean(exclude=["recorded_by"])
        run.save()
        _advance(locked, run)
        audit.record(AuditEntry.Action.CREATE, run, actor=actor, hromada=hromada,
                     changes=audit.diff({}, audit.snapshot(run)))
    target.last_success_at, target.last_restore_test_at = locked.last_success_at, locked.last_restore_test_at
    return run


def _advance(target: BackupTarget, run: BackupRun) -> None:
    if run.status != BackupRun.Status.SUCCESS:
        return
    name = "last_success_at" if run.kind == BackupRun.Kind.BACKUP else "last_restore_test_at"
    current = getattr(target, name)
    if current is None or run.finished_at > current:
        setattr(target, name, run.finished_at)
        target.save(update_fields=[name, "updated_at"])


# --- the platform's own backups (called by the hooks in platform.py) ------------------------------------


def platform_targets() -> dict[int, int]:
    """Every hromada's platform target (hromada id → target id), creating the missing ones in one statement."""
    existing = dict(BackupTarget.objects.filter(platform=True).values_list("hromada_id", "pk"))
    missing = Hromada.objects.exclude(pk__in=list(existing)).values_list("pk", flat=True)
    if missing:
        with translation.override("uk"):
            name = _("Hromada platform: database and files")
            scope = _("The archive of `hromada backup`: the database snapshot, the uploaded files and a manifest "
                      "of SHA-256 checksums.")
        # ignore_conflicts: a backup running at the same moment may create the same targets (the partial unique
        # constraint keeps one per hromada).
        BackupTarget.objects.bulk_create(
            [BackupTarget(hromada_id=pk, platform=True, name=name, scope=scope, kind=BackupTarget.Kind.DATABASE,
                          frequency=BackupTarget.Frequency.DAILY, destination_kind=BackupTarget.Destination.LOCAL)
             for pk in missing], ignore_conflicts=True)
        existing = dict(BackupTarget.objects.filter(platform=True).values_list("hromada_id", "pk"))
    return existing


def record_platform_run(*, kind: str, finished_at: datetime, size_bytes: int, checksum: str, archive: str,
                        note: str = "") -> int:
    """One successful run in every hromada's platform target; how many were recorded. A bounded number of
    statements whatever the number of hromadas."""
    with transaction.atomic():
        targets = platform_targets()
        BackupRun.objects.bulk_create([
            BackupRun(hromada_id=hromada_id, target_id=target_id, kind=kind, status=BackupRun.Status.SUCCESS,
                      finished_at=finished_at, size_bytes=size_bytes, checksum=checksum, archive=archive[:300],
                      note=note, automatic=True)
            for hromada_id, target_id in targets.items()])
        name = "last_success_at" if kind == BackupRun.Kind.BACKUP else "last_restore_test_at"
        BackupTarget.objects.filter(platform=True).filter(
            Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lt": finished_at})).update(
            **{name: finished_at, "updated_at": timezone.now()})
    return len(targets)
