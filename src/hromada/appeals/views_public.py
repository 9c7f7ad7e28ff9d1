"""Public pages of the appeals module: filing an appeal (signed in) or an information request (anyone), the
published information-request threads, and the clerk's confirmation of a thread's redaction."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.accounts import selectors as account_selectors
from hromada.appeals import forms, redaction
from hromada.appeals.case_kinds import APPEAL, INFO_REQUEST
from hromada.core.access import require
from hromada.core.cases import kinds, selectors, services
from hromada.core.middleware import client_ip
from hromada.core.models import Case, CaseChannel
from hromada.core.roles import can
from hromada.core.worklist import long_date

_SENT_KEY = "appeals_info_request_sent"
PAGE_SIZE = 20


def index(request):
    return render(request, "appeals/public/index.html")


def due_text(case: Case) -> str:
    """«4 січня 2027 р.», or with the hour for a term in hours."""
    if case.due_at is not None:
        return services.format_due(case)
    return long_date(case.due_date)


def residence_of(membership) -> str:
    """The place of residence from the verified register record, for the appeal form."""
    if membership is None or not membership.is_verified:
        return ""
    resident = membership.resident
    if not resident.building_id:
        return ""
    building = resident.building
    parts = [str(building.street.settlement), str(building)]
    if resident.apartment:
        parts.append(f"кв. {resident.apartment}")
    return ", ".join(parts)


# --- appeal ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def new_appeal(request):
    hromada, user = request.hromada, request.user
    categories = selectors.categories(hromada, APPEAL)
    status = 200
    if request.method == "POST":
        form = forms.AppealForm(request.POST, request.FILES, categories=categories)
        status = 400
        if form.is_valid():
            try:
                case = services.register_case(hromada, kind=APPEAL, actor=user, applicant=user,
                                              channel=CaseChannel.PORTAL, **form.case_fields())
            except ValidationError as error:
                form.add_service_errors(error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or None)
            else:
                return redirect("appeals:filed", case.pk)
    else:
        membership = account_selectors.membership(user, hromada)
        resident = membership.resident if membership and membership.is_verified else None
        form = forms.AppealForm(categories=categories, initial={
            "applicant_name": str(resident) if resident else user.full_name,
            "applicant_address": residence_of(membership),
        })
    return render(request, "appeals/public/appeal_form.html", {
        "form": form, "contact_email": user.email, "contact_phone": user.phone,
    }, status=status)


@login_required
def appeal_filed(request, pk):
    case = selectors.own_case(request.user, request.hromada, pk)
    return render(request, "appeals/public/filed.html", {
        "case": case, "due": due_text(case), "kind": kinds.get(case.kind),
    })


# --- information request -----------------------------------------------------------------------------------


def _rate_key(ip: str) -> str:
    return f"appeals:info-request:{ip}"


def rate_limit() -> tuple[int, int]:
    """(requests, seconds): how many requests one client address may send within the window."""
    return (getattr(settings, "INFO_REQUEST_RATE_LIMIT", 5),
            getattr(settings, "INFO_REQUEST_RATE_WINDOW_SECONDS", 3600))


def _is_limited(ip: str | None) -> bool:
    return bool(ip) and (cache.get(_rate_key(ip)) or 0) >= rate_limit()[0]


def _count(ip: str | None) -> None:
    if not ip:
        return
    key = _rate_key(ip)
    if not cache.add(key, 1, rate_limit()[1]):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, rate_limit()[1])


@require_http_methods(["GET", "POST"])
def new_info_request(request):
    hromada = request.hromada
    user = request.user if request.user.is_authenticated else None
    status = 200
    if request.method == "POST":
        form = forms.InfoRequestForm(request.POST)
        status = 400
        ip = client_ip(request)
        if form.is_valid():
            if _is_limited(ip):
                form.add_error(None, ValidationError(
                    _("Too many requests were sent from your address in the last hour; please try again "
                            "later or send the request by post or e-mail.")))
                status = 429
            else:
                try:
                    case = services.register_case(hromada, kind=INFO_REQUEST, actor=user, applicant=user,
                                                  channel=CaseChannel.PORTAL, **form.case_fields())
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    _count(ip)
                    request.session[_SENT_KEY] = {"hromada": hromada.pk, "case": case.pk}
                    return redirect("appeals:info-request-sent")
    else:
        initial = {}
        if user is not None:
            initial = {"applicant_name": user.full_name, "applicant_email": user.email,
                       "applicant_phone": user.phone}
        form = forms.InfoRequestForm(initial=initial)
    return render(request, "appeals/public/info_request_form.html", {"form": form}, status=status)


def info_request_sent(request):
    sent = request.session.get(_SENT_KEY)
    if not sent or sent.get("hromada") != request.hromada.pk:
        return redirect("appeals:info-request-new")
    case = Case.objects.filter(hromada=request.hromada, pk=sent.get("case"), kind=INFO_REQUEST).first()
    if case is None:
        return redirect("appeals:info-request-new")
    own = request.user.is_authenticated and case.applicant_id == request.user.pk
    return render(request, "appeals/public/info_request_sent.html", {
        "case": case, "due": due_text(case), "kind": kinds.get(case.kind), "own": own,
    })


# --- public threads ----------------------------------------------------------------------------------------


def info_request_list(request):
    form = forms.InfoRequestSearchForm(request.GET or None)
    rows = selectors.published_cases(request.hromada, INFO_REQUEST).order_by("-published_at", "-id")
    q = ""
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
    if q:
        rows = rows.filter(Q(number__icontains=q) | Q(public_text__icontains=q) | Q(public_answer__icontains=q))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({"q": q}) if q else ""
    return render(request, "appeals/public/info_request_list.html", {
        "form": form, "page": page, "q": q, "querystring": querystring,
    })


def _published(hromada, pk) -> Case:
    try:
        return selectors.published_cases(hromada, INFO_REQUEST).get(pk=int(pk))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def info_request_detail(request, pk):
    case = _published(request.hromada, pk)
    return render(request, "appeals/public/info_request_detail.html", {
        "case": case, "due": due_text(case), "late": services.was_late(case) if case.answered_at else None,
        "received": long_date(timezone.localdate(case.received_at)),
        "answered": long_date(timezone.localdate(case.answered_at)) if case.answered_at else "",
        "can_publish": request.user.is_authenticated and _can_publish(request),
    })


# --- publication (staff) -----------------------------------------------------------------------------------


def _can_publish(request) -> bool:
    return can(request.user, request.hromada, "cases.publish")


def _staff_case(request, pk) -> Case:
    case = selectors.visible_case(request.user, request.hromada, pk)
    if case.kind != INFO_REQUEST:
        raise Http404
    return case


@require("cases.publish")
@require_http_methods(["GET", "POST"])
def publish(request, pk):
    hromada = request.hromada
    case = _staff_case(request, pk)
    text_proposal, answer_proposal = redaction.propose(case)
    status = 200
    if request.method == "POST":
        form = forms.PublishForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.publish(case, actor=request.user, hromada=hromada,
                                 public_text=form.cleaned_data["public_text"],
                                 public_answer=form.cleaned_data["public_answer"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The thread is published."))
                return redirect("appeals:info-request", case.pk)
    else:
        services.log_read(case, actor=request.user, what="publication")
        form = forms.PublishForm(initial={
            "public_text": case.public_text if case.published_at else text_proposal.text,
            "public_answer": case.public_answer if case.published_at else answer_proposal.text,
        })
    return render(request, "appeals/public/publish.html", {
        "case": case, "form": form, "text_findings": text_proposal.findings,
        "answer_findings": answer_proposal.findings,
        "blocked": not case.publish_requested or case.answered_at is None,
    }, status=status)


@require("cases.publish")
@require_http_methods(["GET", "POST"])
def unpublish(request, pk):
    hromada = request.hromada
    case = _staff_case(request, pk)
    if case.published_at is None:
        return redirect("appeals:info-request-publish", case.pk)
    status = 200
    if request.method == "POST":
        form = forms.UnpublishForm(request.POST)
        status = 400
        if form.is_valid():
            services.unpublish(case, actor=request.user, hromada=hromada, reason=form.cleaned_data["reason"])
            messages.success(request, _("The thread is withdrawn from publication."))
            return redirect("appeals:info-request-publish", case.pk)
    else:
        form = forms.UnpublishForm()
    return render(request, "appeals/public/unpublish.html", {"case": case, "form": form}, status=status)
