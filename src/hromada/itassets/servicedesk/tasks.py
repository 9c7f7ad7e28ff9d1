"""Scheduled work of the IT service desk: the morning reminder of requests due today or overdue to their
assignees (once a day each), and the closing of resolved requests whose reopening period has passed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from hromada.core.jobs import scheduled


@scheduled("itassets-requests-due", cron="0 8 * * *",
           label=gettext_lazy("Remind IT officers of the service requests due today or overdue"))
def requests_due() -> str:
    from hromada.itassets.servicedesk.services import remind_due

    return f"{remind_due()} reminders sent"


@scheduled("itassets-requests-close", cron="30 0 * * *",
           label=gettext_lazy("Close resolved IT service requests the reporter did not reopen in time"))
def requests_close() -> str:
    from hromada.itassets.servicedesk.services import close_expired

    return f"{close_expired()} requests closed"
