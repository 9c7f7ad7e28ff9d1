"""Scheduled work of software and licences (imported by itassets.tasks): the daily expiry reminders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from hromada.core.jobs import scheduled


@scheduled("itassets-licence-reminders", cron="15 8 * * *",
           label=gettext_lazy("Remind of software licences expiring in 60 and 14 days and today"))
def licence_reminders() -> str:
    from hromada.itassets.software.reminders import send_due

    return f"{send_due()} licence reminders sent"
