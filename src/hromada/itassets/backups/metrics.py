"""Live metrics of the backups register (imported by itassets.metrics)."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.itassets.backups import schedule
from hromada.itassets.models import BackupTarget


@metric("itassets.backups_on_schedule_share", name=_("Share of backed-up systems on schedule"), unit=UNIT_PERCENT,
        source=_("Backups register: systems in service whose last successful backup is within their schedule"))
def backups_on_schedule_share(hromada, at):
    """Systems in service without an overdue backup, of all systems in service (the current state; restore tests
    are not counted here). One query."""
    late = schedule.backup_overdue_q(timezone.now(), schedule.grace(hromada))
    counts = BackupTarget.objects.filter(hromada=hromada, active=True).aggregate(
        total=Count("pk"), late=Count("pk", filter=late))
    return share(counts["total"] - counts["late"], counts["total"])
