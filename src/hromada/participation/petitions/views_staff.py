"""Staff pages of e-petitions: the list, moderation, the answer, exports."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.acts.models import Act, AgendaItem
from hromada.core import audit
from hromada.core.cases.forms import add_service_errors
from hromada.core.exports import xlsx_response
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.participation.models import PetitionStatus
from hromada.participation.petitions import forms, selectors, services
from hromada.participation.petitions.views_public import _pk

CAPABILITIES = ("participation.petitions_moderate", "participation.petitions_answer", "participation.reports")


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not any(can(request.user, request.hromada, name) for name in CAPABILITIES):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _filtered(request):
    form = forms.StaffFilterForm(request.GET or None)
    status = q = ""
    if form.is_valid():
        status, q = form.cleaned_data["status"], form.cleaned_data["q"]
    return form, status, q, selectors.staff_petitions(request.hromada, status=status, q=q)


@staff_only
def index(request):
    form, status, q, rows = _filtered(request)
    counts = dict(selectors.staff_petitions(request.hromada).order_by().values_list("status")
                  .annotate(n=Count("id")))
    labels = dict(PetitionStatus.choices)
    return render(request, "participation/petitions/staff_list.html", {
        "form": form, "page": Paginator(rows, 30).get_page(request.GET.get("page")),
        "querystring": urlencode({k: v for k, v in (("q", q), ("status", status)) if v}),
        "counts": [(labels[key], counts.get(key, 0)) for key in PetitionStatus.values if key != "draft"],
        "today": timezone.localdate(),
    })


def _answer_form(request, data=None):
    items = (AgendaItem.objects.filter(session__hromada=request.hromada).select_related("session", "decision")
             .order_by("-session__date", "order")[:300])
    acts = Act.objects.filter(hromada=request.hromada).order_by("-date", "-id")[:300]
    return forms.AnswerForm(data, items=items, acts=acts)


def _render_detail(request, petition, *, refuse_form=None, answer_form=None, status=200):
    user, hromada = request.user, request.hromada
    return render(request, "participation/petitions/staff_detail.html", {
        "petition": petition, "refusal_grounds": services.REFUSAL_GROUNDS,
        "can_moderate": can(user, hromada, "participation.petitions_moderate")
        and petition.status == PetitionStatus.MODERATION,
        "can_answer": can(user, hromada, "participation.petitions_answer")
        and petition.status == PetitionStatus.CONSIDERATION,
        "can_export": can(user, hromada, "participation.reports") or can(user, hromada,
                                                                           "participation.petitions_answer"),
        "refuse_form": refuse_form or forms.RefuseForm(),
        "answer_form": answer_form or _answer_form(request),
    }, status=status)


@staff_only
def detail(request, pk):
    return _render_detail(request, selectors.staff_petition(request.hromada, _pk(pk)))


def _fail(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


@staff_only
@require_http_methods(["POST"])
def publish(request, pk):
    petition = selectors.staff_petition(request.hromada, _pk(pk))
    try:
        services.publish(petition, actor=request.user, hromada=request.hromada)
    except (PermissionDenied, ValidationError) as error:
        _fail(request, error)
    else:
        messages.success(request, _("The petition is published; signatures are being collected."))
    return redirect("petitions-staff:detail", petition.pk)


@staff_only
@require_http_methods(["POST"])
def refuse(request, pk):
    petition = selectors.staff_petition(request.hromada, _pk(pk))
    form = forms.RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse(petition, actor=request.user, hromada=request.hromada,
                            ground=form.cleaned_data["ground"], reason=form.cleaned_data["reason"])
        except PermissionDenied as error:
            _fail(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The petition is not published; the author is told the reasons."))
            return redirect("petitions-staff:detail", petition.pk)
    if not form.errors:
        return redirect("petitions-staff:detail", petition.pk)
    return _render_detail(request, petition, refuse_form=form, status=400)


@staff_only
@require_http_methods(["POST"])
def answer(request, pk):
    petition = selectors.staff_petition(request.hromada, _pk(pk))
    form = _answer_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        item = AgendaItem.objects.filter(pk=data["agenda_item"]).select_related("session", "decision").first() \
            if data["agenda_item"] else None
        act = Act.objects.filter(pk=data["decision"]).first() if data["decision"] else None
        try:
            services.answer(petition, actor=request.user, hromada=request.hromada, text=data["text"],
                            position=data["position"], agenda_item=item, decision=act)
        except PermissionDenied as error:
            _fail(request, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The answer is recorded and published; the author and the signers are "
                                        "told."))
            return redirect("petitions-staff:detail", petition.pk)
    if not form.errors:
        return redirect("petitions-staff:detail", petition.pk)
    return _render_detail(request, petition, answer_form=form, status=400)


@staff_only
def export(request):
    _form, _status, _q, rows = _filtered(request)
    labels = dict(PetitionStatus.choices)
    header = [_("No."), _("Title"), _("Author"), _("Status"), _("Submitted"), _("Collection started"),
              _("Collection ends"), _("Signatures"), _("Signatures needed"), _("Case"), _("Answered")]
    data = ([p.number or "", p.title, p.author_name, labels[p.status],
             timezone.localtime(p.submitted_at) if p.submitted_at else "",
             timezone.localtime(p.published_at) if p.published_at else "", p.ends_on or "", p.signatures_count,
             p.threshold or "", p.case.number if p.case_id else "",
             timezone.localtime(p.answered_at) if p.answered_at else ""] for p in rows)
    return xlsx_response("petitions.xlsx", _("E-petitions"), header, data)


@staff_only
def signers_export(request, pk):
    """The signers' list for the considering body: personal data, so the reading is logged."""
    petition = selectors.staff_petition(request.hromada, _pk(pk))
    if not (can(request.user, request.hromada, "participation.reports")
            or can(request.user, request.hromada, "participation.petitions_answer")):
        raise PermissionDenied
    audit.record(AuditEntry.Action.EXPORT, petition, actor=request.user, hromada=request.hromada,
                 changes={"signers": [None, petition.signatures_count]})
    rows = ([s.seq, s.signer_name, timezone.localtime(s.signed_at), s.kep_subject, s.hash]
            for s in selectors.signatures(petition).iterator())
    return xlsx_response(f"petition-{petition.number}-signers.xlsx", _("Signatures"),
                         [_("No."), _("Full name"), _("Signed"), _("Qualified e-signature"), _("Hash")], rows)
