"""Staff pages of the live queue: the operator's console, the day's bookings, the air-raid pause."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.cnap import forms
from hromada.cnap.catalogue import selectors as catalogue
from hromada.cnap.models import TicketSource
from hromada.cnap.queue import booking as booking_service
from hromada.cnap.queue import figures, live
from hromada.cnap.queue import selectors as queue
from hromada.cnap.views_public import KIOSK_COOKIE, KIOSK_SALT, _pk
from hromada.core import audit
from hromada.core.access import require
from hromada.core.models import AuditEntry
from hromada.core.roles import can

operate = require("cnap.queue_operate")
KIOSK_DAYS = 365  # a terminal stays enrolled for a year, or until its browser data is cleared


@operate
def offices(request):
    return render(request, "cnap/staff_offices.html", {
        "offices": catalogue.offices(request.hromada, active_only=False),
        "can_manage": can(request.user, request.hromada, "cnap.catalogue_manage")})


@operate
def console(request, office_pk):
    office = catalogue.office(request.hromada, _pk(office_pk))
    windows = list(queue.windows(office))
    chosen = next((w for w in windows if str(w.pk) == request.GET.get("window", "")), None)
    today = timezone.localdate()
    services = list(office.services.filter(is_active=True).order_by("title"))
    return render(request, "cnap/console.html", {
        "office": office, "windows": windows, "window": chosen,
        "current": queue.at_window(chosen) if chosen else None, "waiting": queue.queue(office, today),
        "bookings": queue.day_bookings(office, today), "ticket_form": forms.TicketForm(services=services),
        "checkin_form": forms.CheckInForm(), "figures": figures.day(office, today),
        "pauses": office.pauses.filter(started_at__date=today),
    })


def _back(office, window_id: str = ""):
    url = redirect("cnap-staff:console", office.pk)
    if window_id:
        url["Location"] += f"?window={_pk(window_id)}"
    return url


@operate
@require_POST
def act(request, office_pk):
    """One button of the console: call next, start, complete, no-show, redirect, issue, check in, pause."""
    office = catalogue.office(request.hromada, _pk(office_pk))
    action, window_id = request.POST.get("action", ""), request.POST.get("window", "")
    user = request.user
    try:
        if action == "call":
            ticket = live.call_next(office, _pk(window_id), actor=user)
            if ticket is None:
                messages.info(request, _("No one is waiting for this window."))
            else:
                messages.success(request, _("Called %(ticket)s.") % {"ticket": ticket.label})
        elif action in ("start", "complete", "no_show"):
            getattr(live, action)(office, _pk(request.POST.get("ticket")), actor=user)
        elif action == "redirect":
            live.redirect(office, _pk(request.POST.get("ticket")), _pk(request.POST.get("to_window")), actor=user)
            messages.success(request, _("The visitor is sent to the other window and keeps the place."))
        elif action == "issue":
            form = forms.TicketForm(request.POST, services=list(office.services.all()))
            if not form.is_valid():
                raise ValidationError(_("Choose what the visitor came for."))
            service = office.services.filter(pk=form.cleaned_data["service"]).first() if form.cleaned_data[
                "service"] else None
            ticket = live.issue(office, service=service, purpose=form.cleaned_data["purpose"], actor=user,
                                source=TicketSource.ADMINISTRATOR)
            messages.success(request, _("Ticket %(ticket)s issued.") % {"ticket": ticket.label})
        elif action == "check_in":
            ticket = live.check_in(office, request.POST.get("code", ""), actor=user)
            messages.success(request, _("Checked in: ticket %(ticket)s.") % {"ticket": ticket.label})
        elif action == "pause":
            live.pause(office, actor=user)
            messages.warning(request, _("Air-raid alert: serving is paused; the queue keeps its order."))
        elif action == "resume":
            live.resume(office, actor=user)
            messages.success(request, _("Serving resumed from the same position."))
        elif action == "kiosk":
            response = redirect("cnap:kiosk", office.pk)
            response.set_cookie(KIOSK_COOKIE, signing.dumps({"office": office.pk, "hromada": office.hromada_id},
                                                            salt=KIOSK_SALT),
                                max_age=KIOSK_DAYS * 86400, httponly=True, samesite="Lax",
                                secure=request.is_secure())
            audit.record(AuditEntry.Action.UPDATE, office, actor=user, hromada=request.hromada,
                         changes={"kiosk_enrolled": [None, request.META.get("REMOTE_ADDR", "")]})
            return response
        elif action == "cancel_booking":
            form = forms.CancelForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            if not reason.strip():
                raise ValidationError(_("Give the reason: the resident is told it."))
            booking_service.cancel(hromada=request.hromada, user=user, booking_id=_pk(request.POST.get("booking")),
                                   staff=True, reason=reason.strip())
            messages.success(request, _("The booking is cancelled and the resident is told."))
        elif action == "unblock":
            person = get_user_model().objects.filter(pk=_pk(request.POST.get("person"))).first()
            if person is None or not person.cnap_bookings.filter(hromada=request.hromada).exists():
                raise ValidationError(_("No such resident has booked here."))
            count = booking_service.unblock(hromada=request.hromada, actor=user, person=person)
            messages.success(request, _("Online booking unblocked (%(n)s missed visits forgiven).") % {"n": count})
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except booking_service.Refused as refused:
        messages.error(request, refused.message)
    return _back(office, window_id)
