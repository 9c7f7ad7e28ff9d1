"""The applicant's own cases in the resident cabinet: the list, one case with its public timeline and answer,
the files of the case, and the rating of the answer. Another person's case is a 404 (house rule 2)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hromada.core.cases import kinds, selectors, services
from hromada.core.models import CaseAttachment, CaseStatus
from hromada.core.models.cases import OPEN_STATUSES
from hromada.core.worklist import long_date

PAGE_SIZE = 20
# What the applicant may download: their own files, scans of their paper original, the answer (once sent).
APPLICANT_ROLES = (CaseAttachment.Role.APPLICANT, CaseAttachment.Role.SCAN)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Number or subject"), max_length=200, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", gettext_lazy("all")), ("open", gettext_lazy("open")),
                                        *CaseStatus.choices])


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=gettext_lazy("Your rating of the answer"), coerce=int,
                                    widget=forms.RadioSelect, choices=[(n, str(n)) for n in range(5, 0, -1)],
                                    help_text=gettext_lazy("5 — fully satisfied, 1 — not satisfied at all."))
    comment = forms.CharField(label=gettext_lazy("Comment"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


def due_text(case) -> str:
    if case.due_at is not None:
        return services.format_due(case)
    return long_date(case.due_date)


def _rows(case) -> dict:
    return {"case": case, "due": due_text(case), "kind": kinds.get(case.kind).label,
            "overdue": services.is_overdue(case)}


@login_required
def case_list(request):
    rows = selectors.own_cases(request.user, request.hromada).order_by("-received_at", "-id")
    form = CaseFilterForm(request.GET or None)
    params = {}
    if form.is_valid():
        q, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
        if q:
            rows = rows.filter(Q(number__icontains=q) | Q(subject__icontains=q))
            params["q"] = q
        if status == "open":
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif status:
            rows = rows.filter(status=status)
        if status:
            params["status"] = status
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/cabinet/list.html", {
        "form": form, "page": page, "items": [_rows(case) for case in page.object_list],
        "querystring": urlencode(params), "filtered": bool(params),
    })


def _answered(case) -> bool:
    return case.answered_at is not None and case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED)


@login_required
def case_detail(request, pk):
    case = selectors.own_case(request.user, request.hromada, pk)
    return _detail(request, case, RatingForm(), status=200)


def _detail(request, case, form, *, status):
    answered = _answered(case)
    roles = APPLICANT_ROLES + ((CaseAttachment.Role.ANSWER,) if answered else ())
    spec = kinds.get(case.kind)
    return render(request, "cases/cabinet/detail.html", {
        "case": case, "kind": spec, "subkind": spec.subkind_label(case.subkind) if case.subkind else "",
        "due": due_text(case), "overdue": services.is_overdue(case), "answered": answered,
        "received": long_date(timezone.localdate(case.received_at)),
        "answered_on": long_date(timezone.localdate(case.answered_at)) if case.answered_at else "",
        "late": services.was_late(case) if answered else False,
        "refusal": spec.refusal_label(case.refusal_ground) if case.refusal_ground else "",
        "events": selectors.timeline(case, public_only=True),
        "files": case.attachments.filter(role__in=roles),
        "form": form if answered and case.rating is None else None,
    }, status=status)


@login_required
@require_POST
def rate(request, pk):
    case = selectors.own_case(request.user, request.hromada, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate(case, user=request.user, hromada=request.hromada, rating=form.cleaned_data["rating"],
                          comment=form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Thank you: your rating is saved."))
            return redirect("my-cases:detail", case.pk)
    case.refresh_from_db()
    if not _answered(case):
        form = RatingForm()
        messages.error(request, _("The answer can be rated once it is given."))
        return redirect("my-cases:detail", case.pk)
    return _detail(request, case, form, status=400)


@login_required
def attachment(request, pk, attachment_pk):
    case = selectors.own_case(request.user, request.hromada, pk)
    roles = APPLICANT_ROLES + ((CaseAttachment.Role.ANSWER,) if _answered(case) else ())
    item = case.attachments.filter(pk=attachment_pk, role__in=roles).first()
    if item is None:
        raise Http404
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
