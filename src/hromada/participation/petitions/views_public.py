"""Public e-petition pages: the list, a petition with its signers, signing, the signature log."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts import eligibility
from hromada.core import ratelimit
from hromada.core.access import pk_or_404 as _pk
from hromada.core.cases.forms import add_service_errors
from hromada.participation.petitions import forms, selectors, services

PAGE_SIZE, SIGNERS_PAGE = 20, 50


def index(request):
    form = forms.PublicFilterForm(request.GET or None)
    status = q = ""
    order = "new"
    if form.is_valid():
        status, q, order = form.cleaned_data["status"], form.cleaned_data["q"], form.cleaned_data["order"] or "new"
    rows = selectors.public_petitions(request.hromada, status=status, q=q, order=order)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({k: v for k, v in (("q", q), ("status", status), ("order", order)) if v})
    return render(request, "participation/petitions/index.html", {
        "form": form, "page": page, "q": q, "querystring": querystring,
        "can_start": request.user.is_authenticated,
    })


def detail(request, pk, sign_form=None):
    petition = selectors.public_petition(request.hromada, _pk(pk))
    signers = Paginator(selectors.signatures(petition).order_by("-seq"), SIGNERS_PAGE).get_page(
        request.GET.get("page"))
    decision = eligibility.check(request.user, request.hromada, "sign") if request.user.is_authenticated else None
    return render(request, "participation/petitions/detail.html", {
        "petition": petition, "signers": signers, "querystring": "",
        "days_left": selectors.days_left(petition), "per_day": selectors.per_day_needed(petition),
        "signed": selectors.has_signed(petition, request.user), "eligibility": decision,
        "sign_form": sign_form or forms.SignForm(), "chain_fields": "petition id, seq, name, signed_at, kep_subject",
    }, status=400 if sign_form is not None else 200)


@require_POST
@ratelimit.limit_page("signature")
def sign(request, pk):
    petition = selectors.public_petition(request.hromada, _pk(pk))
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("petitions:detail", args=[petition.pk]))
    form = forms.SignForm(request.POST)
    if not form.is_valid():
        return detail(request, pk, sign_form=form)
    try:
        services.sign(petition, user=request.user, hromada=request.hromada,
                      kep_signature=form.cleaned_data["kep_signature"], kep_subject=form.cleaned_data["kep_subject"])
    except services.NotEligible as error:
        messages.error(request, str(error))
    except services.AlreadySigned:
        messages.info(request, _("You have signed this petition already."))
    except ValidationError as error:
        add_service_errors(form, error)
        if form.errors:
            return detail(request, pk, sign_form=form)
    else:
        messages.success(request, _("Your signature is counted. Thank you."))
    return redirect("petitions:detail", petition.pk)


LOG_COLUMNS = ("seq", "name", "signed_at", "kep_subject", "prev_hash", "hash")


def _log_rows(petition):
    for row in selectors.signatures(petition).iterator():
        signed_at = row.signed_at.astimezone(UTC).isoformat(timespec="microseconds")
        yield [row.seq, row.signer_name, signed_at, row.kep_subject, row.prev_hash, row.hash]


def signatures_file(request, pk, fmt):
    petition = selectors.public_petition(request.hromada, _pk(pk))
    name = f"petition-{petition.number}-signatures"
    if fmt == "json":
        body = {"petition": petition.pk, "number": petition.number, "title": petition.title,
                "signatures": petition.signatures_count, "last_hash": petition.last_hash,
                "fields_hashed": ["prev_hash", "petition", "seq", "name", "signed_at", "kep_subject"],
                "log": [dict(zip(LOG_COLUMNS, row, strict=True)) for row in _log_rows(petition)]}
        response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(LOG_COLUMNS)
        writer.writerows(_log_rows(petition))
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


OPEN_COLUMNS = ("id", "number", "title", "status", "author", "published_at", "ends_on", "signatures", "threshold",
                "answered_at", "position", "decision_url")


def open_data(request, fmt):
    """Every public petition as open data (CSV or JSON)."""
    rows = []
    for petition in selectors.public_petitions(request.hromada).select_related("decision"):
        rows.append([petition.pk, petition.number, petition.title, petition.status, petition.author_name,
                     petition.published_at.isoformat() if petition.published_at else "",
                     petition.ends_on.isoformat() if petition.ends_on else "", petition.signatures_count,
                     petition.threshold, petition.answered_at.isoformat() if petition.answered_at else "",
                     petition.answer_position,
                     request.build_absolute_uri(reverse("acts_public:detail", args=[petition.decision_id]))
                     if petition.decision_id else ""])
    if fmt == "json":
        response = HttpResponse(json.dumps([dict(zip(OPEN_COLUMNS, row, strict=True)) for row in rows],
                                           ensure_ascii=False, indent=1), content_type="application/json")
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(OPEN_COLUMNS)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="petitions.{fmt}"'
    return response

