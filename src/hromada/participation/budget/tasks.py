"""Scheduled work of the participatory budget. Phases follow from the edition's dates (``services.phase_of``), so
nothing has to be switched on a schedule; authors are notified by the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from hromada.core.jobs import scheduled


@scheduled("participation-ballot-confirmations", cron="*/15 * * * *",
           label=gettext_lazy("Tell voters whose ballot confirmation is still due"))
def confirm_ballots() -> str:
    """The ballots a burst left behind: each web process asks for confirmations at most once a second, so the
    last ballots of a burst may wait for this (voting._confirm_soon)."""
    from hromada.participation.budget import notices

    return f"{notices.confirm_ballots.call()} ballots confirmed"
