"""What the backups register asks of staff now (core.worklist): systems whose backup or restore test is overdue —
for the person who answers for the system, and for the register's keepers (every system)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hromada.core import worklist
from hromada.itassets.backups import schedule, selectors
from hromada.itassets.permissions import MANAGE, REPORT

BACKUP = "itassets.backup_overdue"
RESTORE = "itassets.restore_test_overdue"

worklist.register_kind(BACKUP, gettext_lazy("Backup overdue"), order=70)
worklist.register_kind(RESTORE, gettext_lazy("Restore test overdue"), order=71)


@worklist.provider("itassets.backups", capability=REPORT)
def overdue_backups(ctx: worklist.Context) -> list[worklist.Item]:
    """One query: the overdue systems, narrowed to the person's own unless they keep the register."""
    qs = selectors.overdue(ctx.hromada, now=timezone.now())
    if not ctx.can(MANAGE):
        qs = qs.filter(responsible=ctx.user)
    grace = schedule.grace(ctx.hromada)
    items = []
    for target in qs:
        url = reverse("itassets-staff:backup-detail", args=[target.pk])
        unit = target.institution.name if target.institution else ""
        who = str(target.responsible) if target.responsible else _("no one is responsible")
        if target.backup_overdue:
            due = schedule.backup_due_at(target, grace)
            items.append(worklist.Item(
                kind=BACKUP, title=target.name, url=url, unit=unit, state=worklist.OVERDUE,
                deadline=timezone.localdate(due) if due else None,
                basis=_("schedule: %(frequency)s") % {"frequency": target.get_frequency_display()},
                detail=_("Responsible: %(who)s") % {"who": who}))
        if target.restore_overdue:
            due = schedule.restore_due_at(target)
            items.append(worklist.Item(
                kind=RESTORE, title=target.name, url=url, unit=unit, state=worklist.OVERDUE,
                deadline=timezone.localdate(due) if due else None,
                basis=ngettext("a restore test every %(months)s month", "a restore test every %(months)s months",
                               target.restore_test_months) % {"months": target.restore_test_months},
                detail=_("Responsible: %(who)s") % {"who": who}))
    return items
