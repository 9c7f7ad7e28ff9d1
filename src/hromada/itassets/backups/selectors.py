"""Tenant-scoped reads of the backups register; the overdue flags are SQL (see schedule.py)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hromada.core.access import pk_or_404
from hromada.core.collation import uk
from hromada.core.models import RoleAssignment, User
from hromada.core.roles import STAFF_ROLES
from hromada.itassets.backups import schedule
from hromada.itassets.models import BackupRun, BackupTarget

OVERDUE_CHOICES = ("any", "backup", "restore", "none")


def targets(hromada, *, now: datetime | None = None) -> QuerySet[BackupTarget]:
    """Every target of the hromada with its overdue flags, its institution and responsible person."""
    qs = BackupTarget.objects.filter(hromada=hromada).select_related("institution", "responsible")
    return schedule.with_flags(qs, hromada, now)


def filtered(hromada, *, q: str = "", overdue: str = "", kind: str = "", institution=None, active: str = "1",
             responsible=None, now: datetime | None = None) -> QuerySet[BackupTarget]:
    """The register's list: ``overdue`` is any / backup / restore / none; ``institution`` an id or "council";
    ``active`` "1" (in service, the default), "0" (out of service) or "" (all)."""
    now = now or timezone.now()
    qs = targets(hromada, now=now)
    if active == "1":
        qs = qs.filter(active=True)
    elif active == "0":
        qs = qs.filter(active=False)
    q = (q or "").strip()[:200].replace("\x00", "")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(scope__icontains=q) | Q(destination__icontains=q)
                       | Q(institution__name__icontains=q))
    if kind in BackupTarget.Kind.values:
        qs = qs.filter(kind=kind)
    if institution == "council":
        qs = qs.filter(institution__isnull=True)
    elif institution:
        qs = qs.filter(institution_id=institution)
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    grace = schedule.grace(hromada)
    backup_late, restore_late = schedule.backup_overdue_q(now, grace), schedule.restore_overdue_q(now)
    if overdue == "any":
        qs = qs.filter(backup_late | restore_late)
    elif overdue == "backup":
        qs = qs.filter(backup_late)
    elif overdue == "restore":
        qs = qs.filter(restore_late)
    elif overdue == "none":
        qs = qs.exclude(backup_late | restore_late)
    return qs.order_by(uk("name"), "pk")


def target(hromada, pk, *, now: datetime | None = None) -> BackupTarget:
    try:
        return targets(hromada, now=now).get(pk=pk_or_404(pk))
    except BackupTarget.DoesNotExist:
        raise Http404 from None


def overdue(hromada, *, now: datetime | None = None) -> QuerySet[BackupTarget]:
    """Targets in service whose backup or restore test is overdue."""
    now = now or timezone.now()
    late = schedule.backup_overdue_q(now, schedule.grace(hromada)) | schedule.restore_overdue_q(now)
    return targets(hromada, now=now).filter(late).order_by(uk("name"), "pk")


def runs(target: BackupTarget) -> QuerySet[BackupRun]:
    return BackupRun.objects.filter(hromada_id=target.hromada_id, target=target).select_related("recorded_by")


def platform_target(hromada) -> BackupTarget | None:
    return BackupTarget.objects.filter(hromada=hromada, platform=True).first()


def responsible_candidates(hromada) -> QuerySet[User]:
    """Active accounts holding a staff role in the hromada: who may answer for a backup."""
    ids = RoleAssignment.objects.filter(hromada=hromada, role__in=STAFF_ROLES).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by(uk("full_name"), "email", "pk")
