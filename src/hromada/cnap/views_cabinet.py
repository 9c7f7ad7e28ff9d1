"""The resident's ЦНАП visits: upcoming and past bookings, cancelling, moving, the calendar file."""

from __future__ import annotations

from datetime import UTC

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.cnap.applications import selectors as applications
from hromada.cnap.queue import booking as booking_service
from hromada.cnap.queue import selectors as queue
from hromada.cnap.views_public import _pk


@login_required
def index(request):
    rows = queue.own_bookings(request.hromada, request.user)[:200]
    return render(request, "cnap/cabinet.html", {
        "bookings": rows, "applications": applications.own(request.hromada, request.user)[:100],
        "blocked": booking_service.is_blocked(request.hromada, request.user),
        "used": booking_service.bookings_this_month(request.hromada, request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    booking = queue.own_booking(request.hromada, request.user, _pk(pk))
    if request.method == "POST":
        try:
            booking_service.cancel(hromada=request.hromada, user=request.user, booking_id=booking.pk)
        except booking_service.Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("The booking is cancelled."))
        return redirect("cnap-cabinet:index")
    return render(request, "cnap/cancel.html", {"booking": booking})


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@login_required
def ics(request, pk):
    """The visit as an iCalendar event (RFC 5545), for the phone's calendar."""
    booking = queue.own_booking(request.hromada, request.user, _pk(pk))
    stamp = "%Y%m%dT%H%M%SZ"
    office = booking.slot.office
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Hromada//ЦНАП//UK", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:cnap-booking-{booking.pk}@{request.get_host()}",
        f"DTSTAMP:{booking.created_at.astimezone(UTC).strftime(stamp)}",
        f"DTSTART:{booking.slot.starts_at.astimezone(UTC).strftime(stamp)}",
        f"DTEND:{booking.slot.ends_at.astimezone(UTC).strftime(stamp)}",
        "SUMMARY:" + _ics_text(_("ЦНАП: %(service)s") % {"service": booking.service.title}),
        "LOCATION:" + _ics_text(f"{office.name}, {office.address}"),
        "DESCRIPTION:" + _ics_text(_("Window %(window)s. Booking code: %(code)s.") % {
            "window": booking.slot.window.number, "code": booking.code}),
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H", "DESCRIPTION:" + _ics_text(_("ЦНАП visit")), "END:VALARM",
        "END:VEVENT", "END:VCALENDAR",
    ]
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cnap-{booking.pk}.ics"'
    return response
