"""Scheduled work of the e-queue: slots follow the schedule, reminders go out, missed visits are counted."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy

from hromada.core.jobs import scheduled


def sync_all(days: int | None = None) -> tuple[int, int]:
    """Slots of every active office from today to the booking horizon (plus a day, for the one that opens next)."""
    from hromada.cnap.models import Office
    from hromada.cnap.queue.schedule import sync_slots
    from hromada.core.hromada_settings import get_setting

    today = timezone.localtime().date()
    added = removed = 0
    for office in Office.objects.filter(is_active=True).select_related("hromada"):
        ahead = days if days is not None else int(get_setting(office.hromada, "cnap.booking_days_ahead")) + 1
        a, r = sync_slots(office, today, today + timedelta(days=ahead))
        added, removed = added + a, removed + r
    return added, removed


@scheduled("cnap-slots", cron="5 0,5 * * *", label=gettext_lazy("Open ЦНАП booking slots by the offices' schedules"))
def open_slots() -> str:
    added, removed = sync_all()
    return f"{added} slots added, {removed} free slots removed"


@scheduled("cnap-reminders", cron="0 17 * * *", label=gettext_lazy("Remind residents of tomorrow's ЦНАП visits"))
def reminders() -> str:
    from hromada.cnap.queue import notices

    return f"{notices.remind_tomorrow()} reminders sent"


@scheduled("cnap-no-shows", cron="30 0 * * *", label=gettext_lazy("Count missed ЦНАП visits of past days"))
def no_shows() -> str:
    from hromada.cnap.queue import booking

    return f"{booking.mark_no_shows()} bookings marked as missed"
