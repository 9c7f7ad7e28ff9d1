"""Scheduled jobs of the case engine: deadline reminders and escalation (``reminders.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.jobs import scheduled


@scheduled("cases-deadline-reminders", cron="0 7 * * *",
           label=_("Remind of cases due in 2 working days or today and escalate overdue ones"))
def deadline_reminders() -> str:
    from hromada.core.cases.reminders import send_daily

    return f"notices sent: {send_daily()}"


@scheduled("cases-hourly-reminders", cron="5 * * * *",
           label=_("Remind of cases with a term in hours and escalate those past the hour"))
def hourly_reminders() -> str:
    from hromada.core.cases.reminders import send_hourly

    return f"notices sent: {send_hourly()}"
