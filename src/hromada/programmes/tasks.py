"""Scheduled jobs of the programme module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.jobs import scheduled


@scheduled("programme-reminders", cron="0 8 * * *",
           label=_("Remind units of monitoring reports due soon or overdue"))
def programme_reminders() -> str:
    from hromada.programmes.services.monitoring import send_reminders

    return f"reminders sent: {send_reminders(None)}"
