"""Scheduled work of the backups register: tell the responsible person when a system becomes overdue."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.jobs import scheduled


def recipients(target) -> list:
    """The person who answers for the system; without one (or an inactive one), the register's keepers."""
    if target.responsible is not None and target.responsible.is_active:
        return [target.responsible]
    from hromada.core.selectors import capability_holders
    from hromada.itassets.permissions import MANAGE

    return capability_holders(target.hromada, MANAGE)


def notify_overdue(now: datetime | None = None) -> int:
    """One notice per person each time a system becomes overdue (the dedupe key names the system, what is late
    and the day it fell due, so a second run — or the next hour's — sends nothing again); how many were sent."""
    from hromada.core.models import Hromada
    from hromada.core.notifications import notify
    from hromada.itassets.backups import schedule, selectors
    from hromada.itassets.backups.notifications import BACKUP_OVERDUE
    from hromada.itassets.models import BackupTarget

    now = now or timezone.now()
    sent = 0
    hromadas = Hromada.objects.filter(pk__in=BackupTarget.objects.filter(active=True).values("hromada_id"))
    for hromada in hromadas.order_by("pk"):
        grace = schedule.grace(hromada)
        for target in selectors.overdue(hromada, now=now).select_related("hromada"):
            url = reverse("itassets-staff:backup-detail", args=[target.pk])
            late = []
            if target.backup_overdue:
                late.append(("backup", schedule.backup_due_at(target, grace)))
            if target.restore_overdue:
                late.append(("restore", schedule.restore_due_at(target)))
            for what, due in late:
                day = timezone.localdate(due) if due else timezone.localdate(now)
                with translation.override(settings.LANGUAGE_CODE):
                    subject = (_("Backup of «%(name)s» is overdue") if what == "backup"
                               else _("Restore test of «%(name)s» is overdue")) % {"name": target.name}
                    body = (_("No successful backup has been recorded within the schedule (%(frequency)s). Make a "
                              "copy and record it in the register.") % {"frequency": target.get_frequency_display()}
                            if what == "backup" else
                            _("No restore test has been recorded in the last %(months)s months. Restore a copy on a "
                              "test machine, check it and record the test in the register.")
                            % {"months": target.restore_test_months})
                for person in recipients(target):
                    if notify(person, BACKUP_OVERDUE.key, hromada=hromada, subject=subject, body=body, url=url,
                              dedupe_key=f"itassets:backup:{target.pk}:{what}:{day.isoformat()}"):
                        sent += 1
    return sent


@scheduled("itassets-backups-overdue", cron="25 * * * *",
           label=gettext_lazy("Tell the responsible people about overdue backups and restore tests"))
def backups_overdue() -> str:
    return f"{notify_overdue()} notices about overdue backups sent"
