"""A day's figures of an office's live queue: tickets, waiting and service times, the air-raid pauses.

Waiting is from the ticket's place in the queue (its issue, or a booking's slot time) to the call, less the
pause that fell in between (``Ticket.paused_seconds``), so an alert does not count as the office's slowness.
"""

from __future__ import annotations

from datetime import date
from statistics import median

from django.utils import timezone

from hromada.cnap.models import Ticket, TicketStatus


def _minutes(seconds: list[float]) -> float | None:
    return round(median(seconds) / 60, 1) if seconds else None


def day(office, day: date) -> dict:
    rows = list(Ticket.objects.filter(office=office, day=day).values(
        "status", "source", "issued_at", "queue_at", "called_at", "started_at", "finished_at", "paused_seconds"))
    waits, services = [], []
    for row in rows:
        if row["called_at"]:
            begun = max(row["queue_at"], row["issued_at"])
            waits.append(max((row["called_at"] - begun).total_seconds() - row["paused_seconds"], 0))
        if row["status"] == TicketStatus.DONE and row["started_at"] and row["finished_at"]:
            services.append((row["finished_at"] - row["started_at"]).total_seconds())
    paused = 0
    now = timezone.now()
    for pause in office.pauses.filter(started_at__date=day):
        paused += int(((pause.ended_at or now) - pause.started_at).total_seconds())
    return {
        "tickets": len(rows), "served": sum(r["status"] == TicketStatus.DONE for r in rows),
        "no_shows": sum(r["status"] == TicketStatus.NO_SHOW for r in rows),
        "waiting": sum(r["status"] == TicketStatus.WAITING for r in rows),
        "booked": sum(r["source"] == "booking" for r in rows),
        "median_wait": _minutes(waits), "median_service": _minutes(services),
        "paused_minutes": round(paused / 60),
    }
