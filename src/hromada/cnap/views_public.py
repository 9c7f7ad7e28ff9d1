"""Public ЦНАП pages: the catalogue, a service's card, the offices, booking a visit, the kiosk and the board."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts import eligibility
from hromada.cnap import forms
from hromada.cnap.catalogue import cards
from hromada.cnap.catalogue import selectors as catalogue
from hromada.cnap.models import TicketSource
from hromada.cnap.queue import booking as booking_service
from hromada.cnap.queue import live
from hromada.cnap.queue import selectors as queue
from hromada.cnap.queue.schedule import reception
from hromada.core import ratelimit
from hromada.core.access import pk_or_404 as _pk
from hromada.core.hromada_settings import get_setting

PAGE_SIZE = 20
WEEKDAYS = ("понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота", "неділя")


@ratelimit.limit_page("search", methods=("GET",), when=lambda request: bool(request.GET.get("q")))
def index(request):
    hromada = request.hromada
    offices = list(catalogue.offices(hromada))
    form = forms.CatalogueFilterForm(request.GET or None, categories=catalogue.categories(hromada),
                                     situations=catalogue.life_situations(hromada), offices=offices)
    values = form.cleaned_data if form.is_valid() else {}
    rows = catalogue.public_services(hromada, q=values.get("q", ""), category=values.get("category"),
                                     situation=values.get("situation"), office_id=values.get("office"),
                                     online=values.get("online", False))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({k: v for k, v in values.items() if v not in (None, "", False)})
    return render(request, "cnap/index.html", {
        "form": form, "page": page, "querystring": querystring, "filtered": bool(querystring),
        "situations": catalogue.life_situations(hromada), "offices": offices,
    })


def detail(request, pk):
    service = catalogue.public_service(request.hromada, _pk(pk))
    card = service.card
    return render(request, "cnap/detail.html", {
        "service": service, "card": card, "offices": catalogue.offices_of(service),
        "situations": service.life_situations.all(), "actions": cards.ACTIONS, "delivery": cards.DELIVERY,
        "weekdays": WEEKDAYS, "bookable": service.windows.filter(is_active=True, bookable=True).exists(),
    })


def _week(office, hours) -> list[dict]:
    by_day = {h.weekday: h for h in hours}
    return [{"name": WEEKDAYS[n], "hours": by_day.get(n)} for n in range(7)]


def compliance(office, hromada) -> list[str]:
    """How the office's regular hours compare with the law's minimum reception hours (Art. 12)."""
    hours = list(office.hours.all())
    notes = []
    days = int(get_setting(hromada, "cnap.min_days_per_week"))
    per_day = int(get_setting(hromada, "cnap.min_hours_per_day"))
    late = str(get_setting(hromada, "cnap.late_day_until"))
    if len(hours) < days:
        notes.append(_("Receives %(n)s days a week; the law asks for at least %(min)s.") % {"n": len(hours),
                                                                                           "min": days})
    short = [WEEKDAYS[h.weekday] for h in hours if (h.closes.hour * 60 + h.closes.minute) - (
        h.opens.hour * 60 + h.opens.minute) < per_day * 60 or (h.break_starts and h.break_ends)]
    if short:
        notes.append(_("Fewer than %(n)s hours without a break on: %(days)s.") % {"n": per_day,
                                                                                  "days": ", ".join(short)})
    if not any(h.closes.strftime("%H:%M") >= late for h in hours):
        notes.append(_("No day with reception until %(time)s.") % {"time": late})
    return notes


def offices(request):
    rows = list(catalogue.offices(request.hromada).prefetch_related("hours", "days"))
    today = timezone.localdate()
    items = []
    for office in rows:
        visits = [d for d in office.days.all() if d.day >= today and not d.closed][:10]
        items.append({"office": office, "week": _week(office, office.hours.all()), "visits": visits,
                      "today": reception(office, today),
                      "compliance": compliance(office, request.hromada) if office.kind != "mobile" else []})
    return render(request, "cnap/offices.html", {"items": items})


def book(request, pk):
    """Choose a day and a time for a service; booking itself needs a signed-in, verified resident."""
    hromada = request.hromada
    service = catalogue.public_service(hromada, _pk(pk))
    offices = catalogue.offices_of(service)
    form = forms.DayForm(request.GET or None, offices=offices)
    today = timezone.localdate()
    last = booking_service.horizon(hromada)
    day, office_id = None, None
    if form.is_valid():
        day, office_id = form.cleaned_data["date"], form.cleaned_data["office"]
    if day is None:  # the first day with a free time, not an empty today
        day = queue.first_free_day(hromada, service_id=service.pk, until=last, office_id=office_id) or today
    day = min(max(day, today), last)
    times = queue.by_time(queue.free_slots(hromada, service_id=service.pk, day=day, office_id=office_id))
    decision = eligibility.check(request.user, hromada, "book") if request.user.is_authenticated else None
    days = [today + timedelta(days=n) for n in range((last - today).days + 1)]
    moving = None
    if request.GET.get("move") and request.user.is_authenticated:
        moving = queue.own_booking(hromada, request.user, _pk(request.GET["move"]))
    return render(request, "cnap/book.html", {
        "moving": moving,
        "service": service, "form": form, "day": day, "times": times, "days": days, "eligibility": decision,
        "office_id": office_id,
    })


@require_POST
@ratelimit.limit_page("booking")
def book_submit(request, pk):
    hromada = request.hromada
    service = catalogue.public_service(hromada, _pk(pk))
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("cnap:book", args=[service.pk]))
    form = forms.BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a time."))
        return redirect("cnap:book", service.pk)
    moving = request.POST.get("move", "")
    try:
        if moving:
            made = booking_service.move(hromada=hromada, user=request.user, booking_id=_pk(moving),
                                        slot_id=form.cleaned_data["slot"])
        else:
            made = booking_service.book(hromada=hromada, user=request.user, slot_id=form.cleaned_data["slot"],
                                        service_id=service.pk)
    except booking_service.Refused as refused:
        messages.error(request, refused.message)
        return redirect(reverse("cnap:book", args=[service.pk]) + (f"?move={_pk(moving)}" if moving else ""))
    messages.success(request, _("Booked. Your code is %(code)s; we have sent the details.") % {"code": made.code})
    return redirect("cnap-cabinet:index")


def _office(request, pk):
    return catalogue.office(request.hromada, _pk(pk))


KIOSK_COOKIE = "cnap_kiosk"
KIOSK_SALT = "hromada.cnap.kiosk"


def is_kiosk(request, office) -> bool:
    """Whether this browser is the office's terminal: staff enrol it from the console (a signed cookie), so a
    ticket cannot be taken from anywhere on the internet."""
    try:
        value = signing.loads(request.COOKIES.get(KIOSK_COOKIE, ""), salt=KIOSK_SALT)
    except signing.BadSignature:
        return False
    return value == {"office": office.pk, "hromada": office.hromada_id}


def kiosk(request, office_pk):
    """The touch-screen kiosk of an office: take a ticket, or check in with a booking code."""
    office = _office(request, office_pk)
    enrolled = is_kiosk(request, office)
    services = list(office.services.filter(is_active=True, card__isnull=False).order_by("title"))
    ticket_form = forms.TicketForm(services=services)
    checkin_form = forms.CheckInForm()
    status = 200
    if request.method == "POST" and not enrolled:
        messages.error(request, _("Tickets are given at the office's terminal. Come to the office, or book a visit "
                                  "online."))
        status = 403
    elif request.method == "POST":
        try:
            if "code" in request.POST:
                checkin_form = forms.CheckInForm(request.POST)
                if checkin_form.is_valid():
                    ticket = live.check_in(office, checkin_form.cleaned_data["code"])
                    return redirect("cnap:ticket", office.pk, ticket.pk)
            else:
                ticket_form = forms.TicketForm(request.POST, services=services)
                if ticket_form.is_valid():
                    chosen = next((s for s in services if s.pk == ticket_form.cleaned_data["service"]), None)
                    ticket = live.issue(office, service=chosen, purpose=ticket_form.cleaned_data["purpose"],
                                        source=TicketSource.KIOSK)
                    return redirect("cnap:ticket", office.pk, ticket.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        status = 400
    return render(request, "cnap/kiosk.html", {"office": office, "ticket_form": ticket_form,
                                               "checkin_form": checkin_form, "enrolled": enrolled}, status=status)


def ticket(request, office_pk, pk):
    office = _office(request, office_pk)
    found = office.tickets.filter(pk=_pk(pk), day=timezone.localdate()).select_related("service").first()
    if found is None:
        raise Http404
    ahead = office.tickets.filter(live.waiting(office, found.day), queue_at__lt=found.queue_at).count()
    return render(request, "cnap/ticket.html", {"office": office, "ticket": found, "ahead": ahead,
                                                "minutes": live.estimated_wait(office, found)})


def board(request, office_pk):
    office = _office(request, office_pk)
    return render(request, "cnap/board.html", {"office": office,
                                               **queue.board(office, timezone.localdate())})


def card_docx(request, pk):
    """The service's cards as a Word document in the official structure."""
    from hromada.cnap.catalogue.exports import card_docx as render_docx

    service = catalogue.public_service(request.hromada, _pk(pk))
    card = service.card
    approval = _("APPROVED: %(act)s") % {"act": card.act_reference or (str(card.act) if card.act_id else "")}
    data = render_docx(service, card, catalogue.offices_of(service), approval=approval)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument."
                                               "wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="card-{service.code or service.pk}.docx"'
    return response


def _open_data_services(request):
    return catalogue.public_services(request.hromada).prefetch_related("offices").order_by("code", "title")


def open_data_csv(request):
    from hromada.cnap.catalogue.exports import OPEN_DATA_HEADER, open_data_rows
    from hromada.core.exports import csv_response

    base = request.build_absolute_uri(reverse("cnap:index"))
    return csv_response("cnap-services", OPEN_DATA_HEADER, open_data_rows(_open_data_services(request), base))


def open_data_json(request):
    from hromada.cnap.catalogue.exports import OPEN_DATA_HEADER, open_data_rows

    base = request.build_absolute_uri(reverse("cnap:index"))
    rows = [dict(zip(OPEN_DATA_HEADER, row, strict=True)) for row in open_data_rows(_open_data_services(request),
                                                                                  base)]
    return JsonResponse({"services": rows}, json_dumps_params={"ensure_ascii": False})
