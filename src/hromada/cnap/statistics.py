"""Statistics of the ЦНАП per office and month and per service for a year: the live queue (tickets, served,
missed, median wait without the air-raid pauses, pause minutes), bookings and online applications (median
processing, on time). Read in a handful of aggregate queries whatever the number of tickets."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time
from statistics import median

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.cnap.models import Application, Booking, Office, Pause, Ticket, TicketStatus
from hromada.core.access import require
from hromada.core.exports import xlsx_response

MONTHS = ("січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень",
          "жовтень", "листопад", "грудень")


def _bounds(year: int, month: int | None = None) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    if month is None:
        first, after = date(year, 1, 1), date(year + 1, 1, 1)
    else:
        first = date(year, month, 1)
        after = date(year + (month == 12), month % 12 + 1, 1)
    return datetime.combine(first, time.min, tzinfo=zone), datetime.combine(after, time.min, tzinfo=zone)


def _median_minutes(values: list[float]) -> float | None:
    return round(median(values) / 60, 1) if values else None


def per_office_month(hromada, year: int) -> list[dict]:
    waits: dict[tuple, list] = defaultdict(list)
    counts: dict[tuple, dict] = defaultdict(lambda: {"tickets": 0, "served": 0, "no_shows": 0})
    rows = Ticket.objects.filter(hromada=hromada, day__year=year).values_list(
        "office_id", "day", "status", "issued_at", "queue_at", "called_at", "paused_seconds")
    for office_id, day, status, issued, queued, called, paused in rows.iterator(chunk_size=2000):
        key = (office_id, day.month)
        counts[key]["tickets"] += 1
        counts[key]["served"] += status == TicketStatus.DONE
        counts[key]["no_shows"] += status == TicketStatus.NO_SHOW
        if called:
            waits[key].append(max((called - max(issued, queued)).total_seconds() - paused, 0))
    since, until = _bounds(year)
    pauses: dict[tuple, int] = defaultdict(int)
    for office_id, start, end in Pause.objects.filter(office__hromada=hromada, started_at__gte=since,
                                                      started_at__lt=until).values_list("office_id", "started_at",
                                                                                        "ended_at"):
        pauses[(office_id, timezone.localtime(start).month)] += int(((end or timezone.now()) - start).total_seconds())
    booked = dict(((o, m), n) for o, m, n in (
        Booking.objects.filter(hromada=hromada, slot__starts_at__gte=since, slot__starts_at__lt=until)
        .values_list("slot__office_id", "slot__starts_at__month").annotate(n=Count("id"))
        .values_list("slot__office_id", "slot__starts_at__month", "n")))
    names = dict(Office.objects.filter(hromada=hromada).values_list("pk", "name"))
    keys = sorted(set(counts) | set(booked) | set(pauses), key=lambda k: (names.get(k[0], ""), k[1]))
    return [{"office": names.get(o, ""), "month": MONTHS[m - 1], **counts[(o, m)],
             "median_wait": _median_minutes(waits[(o, m)]), "paused_minutes": round(pauses[(o, m)] / 60),
             "bookings": booked.get((o, m), 0)} for o, m in keys]


def per_service(hromada, year: int, month: int | None = None) -> list[dict]:
    since, until = _bounds(year, month)
    tickets = dict(Ticket.objects.filter(hromada=hromada, day__gte=since.date(), day__lt=until.date(),
                                         status=TicketStatus.DONE,
                                         service__isnull=False).values_list("service__title")
                   .annotate(n=Count("id")).values_list("service__title", "n"))
    bookings = dict(Booking.objects.filter(hromada=hromada, slot__starts_at__gte=since, slot__starts_at__lt=until)
                    .exclude(status="cancelled").values_list("service__title").annotate(n=Count("id"))
                    .values_list("service__title", "n"))
    applied: dict[str, list] = defaultdict(list)
    for title, filed, answered, due in Application.objects.filter(
            hromada=hromada, submitted_at__gte=since, submitted_at__lt=until).values_list(
            "service__title", "submitted_at", "case__answered_at", "case__due_date"):
        applied[title].append((filed, answered, due))
    rows = []
    for title in sorted(set(tickets) | set(bookings) | set(applied)):
        done = [(f, a, d) for f, a, d in applied.get(title, []) if a]
        rows.append({
            "service": title, "served": tickets.get(title, 0), "bookings": bookings.get(title, 0),
            "applications": len(applied.get(title, [])),
            "median_days": round(median((a - f).total_seconds() / 86400 for f, a, _d in done), 1) if done else None,
            "on_time": round(100 * sum(timezone.localdate(a) <= d for _f, a, d in done) / len(done)) if done
            else None,
        })
    return rows


@require("cnap.reports")
def page(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2000), today.year + 1)
    month = request.GET.get("month", "")
    month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else None
    offices, services = per_office_month(request.hromada, year), per_service(request.hromada, year, month)
    if request.GET.get("export") == "xlsx":
        header = (_("Office"), _("Month"), _("Tickets"), _("Served"), _("Did not come"), _("Median wait, min"),
                  _("Air-raid pauses, min"), _("Bookings"))
        return xlsx_response(f"cnap-statistics-{year}", str(year), header, (
            [r["office"], r["month"], r["tickets"], r["served"], r["no_shows"], r["median_wait"],
             r["paused_minutes"], r["bookings"]] for r in offices))
    years = list(range(today.year, today.year - 5, -1))
    return render(request, "cnap/statistics.html", {"year": year, "years": years, "offices": offices,
                                                    "services": services, "month": month,
                                                    "months": list(enumerate(MONTHS, 1))})


