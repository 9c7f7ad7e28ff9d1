"""Staff pages of the catalogue: services, their cards (draft, versions, approval by an act)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.cnap.catalogue import cards, forms, selectors, services
from hromada.cnap.models import CardStatus
from hromada.cnap.views_public import _pk
from hromada.core import audit_display
from hromada.core.access import require

manage = require("cnap.catalogue_manage")
PAGE_SIZE = 25


@manage
def service_list(request):
    q = request.GET.get("q", "")[:200]
    rows = selectors.staff_services(request.hromada, q=q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cnap/staff_services.html", {"page": page, "q": q,
                                                        "querystring": urlencode({"q": q} if q else {})})


@manage
@require_http_methods(["GET", "POST"])
def service_edit(request, pk=None):
    service = selectors.service(request.hromada, _pk(pk)) if pk is not None else None
    form = forms.ServiceForm(request.POST or None, instance=service, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_service(form.instance, actor=request.user, hromada=request.hromada, form=form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect("cnap-staff:service", saved.pk)
    return render(request, "cnap/staff_service_form.html", {"form": form, "service": service},
                  status=400 if request.method == "POST" else 200)


@manage
def service_detail(request, pk):
    service = selectors.service(request.hromada, _pk(pk))
    versions = list(service.cards.select_related("approved_by", "act").order_by("-version"))
    draft = next((c for c in versions if c.status == CardStatus.DRAFT), None)
    return render(request, "cnap/staff_service.html", {
        "service": service, "versions": versions, "draft": draft,
        "missing": cards.missing(draft, service) if draft else [], "approve_form": forms.ApproveForm(),
        "history": audit_display.history(service, request.user),
    })


@manage
@require_POST
def draft_open(request, pk):
    service = selectors.service(request.hromada, _pk(pk))
    draft = services.draft_of(service, actor=request.user, hromada=request.hromada)
    return redirect("cnap-staff:card-edit", service.pk, draft.pk)


@manage
@require_http_methods(["GET", "POST"])
def card_edit(request, pk, card_pk):
    service = selectors.service(request.hromada, _pk(pk))
    card = selectors.card(service, _pk(card_pk))
    if card.status != CardStatus.DRAFT:
        return redirect("cnap-staff:card", service.pk, card.pk)
    form = forms.CardForm(request.POST or None, initial=forms.CardForm.initial_from(card))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(card, form.cleaned_data, actor=request.user, hromada=request.hromada)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft card is saved."))
            return redirect("cnap-staff:service", service.pk)
    return render(request, "cnap/staff_card_form.html", {"service": service, "card": card, "form": form},
                  status=400 if request.method == "POST" else 200)


@manage
def card_view(request, pk, card_pk):
    service = selectors.service(request.hromada, _pk(pk))
    card = selectors.card(service, _pk(card_pk))
    return render(request, "cnap/staff_card.html", {"service": service, "card": card, "actions": cards.ACTIONS,
                                                    "delivery": cards.DELIVERY})


@manage
@require_POST
def card_approve(request, pk, card_pk):
    service = selectors.service(request.hromada, _pk(pk))
    card = selectors.card(service, _pk(card_pk))
    form = forms.ApproveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Check the act's number and date."))
        act = form.find_act(request.hromada)
        services.approve(card, actor=request.user, hromada=request.hromada, act=act,
                         act_reference=form.cleaned_data["act_reference"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(n)s of the card is approved and published.") % {"n": card.version})
    return redirect("cnap-staff:service", service.pk)

