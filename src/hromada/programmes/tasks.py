"""Scheduled jobs of the programme module."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.jobs import scheduled


@scheduled("programme-reminders", cron="0 8 * * *",
           label=_("Remind units of monitoring reports due soon or overdue"))
def programme_reminders() -> str:
    from hromada.programmes.services.monitoring import send_reminders

    return f"reminders sent: {send_reminders(None)}"


@scheduled("programme-open-periods", cron="10 6 * * *",
           label=_("Open the monitoring periods of programmes whose quarter or year has ended"))
def programme_open_periods() -> str:
    from hromada.programmes.services.monitoring import open_due_periods

    opened = open_due_periods(None)
    if not opened:
        return "periods opened: 0"
    names = ", ".join(f"{p.programme.hromada.katottg or p.programme.hromada_id} #{p.programme_id} {p.kind} "
                      f"{p.year}{f' Q{p.quarter}' if p.quarter else ''}" for p in opened[:20])
    more = f" (+{len(opened) - 20} more)" if len(opened) > 20 else ""
    return f"periods opened: {len(opened)}: {names}{more}"
