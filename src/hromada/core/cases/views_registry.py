"""Staff pages under /staff/case-registry/: registering a case brought on paper, categories, journal, report.

Thin views: the forms read the input, ``services.register_case`` and ``categories`` write, ``reports`` builds
the journal and the report. The journal carries applicants' personal data, so its files are audited as EXPORT.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.core import audit
from hromada.core.access import require
from hromada.core.cases import categories as category_services
from hromada.core.cases import kinds, reports, selectors, services
from hromada.core.cases.forms_registry import (
    PRIORITY_GROUNDS,
    REGISTRY_KINDS,
    CategoryForm,
    PeriodForm,
    RegistrationForm,
    matching_resident,
)
from hromada.core.models import AuditEntry, CaseCategory

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _case_url(pk: int) -> str:
    """The staff page of the case (another module's page; registration works before it is mounted)."""
    try:
        return reverse("cases:detail", args=[pk])
    except NoReverseMatch:
        return ""


# --- registration -----------------------------------------------------------------------------------------


@require("cases.register")
@require_http_methods(["GET", "POST"])
def new(request):
    kind = request.GET.get("kind", "")
    if kind not in REGISTRY_KINDS or kind not in kinds.REGISTRY:
        return render(request, "cases/registry/choose.html",
                      {"choices": [(key, kinds.get(key).label) for key in REGISTRY_KINDS if key in kinds.REGISTRY]})
    hromada = request.hromada
    if request.method == "POST":
        form = RegistrationForm(request.POST, request.FILES, hromada=hromada, kind=kind)
        if form.is_valid():
            values = form.service_kwargs()
            account = None
            if form.cleaned_data.get("link_account") and not values.get("anonymous"):
                account = matching_resident(hromada, email=values["applicant_email"],
                                            phone=values["applicant_phone"])
            try:
                case = services.register_case(hromada, kind=kind, actor=request.user, applicant=account,
                                              **values)
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                return redirect("case-registry:done", pk=case.pk)
        account = None
        if form.data.get("applicant_email") or form.data.get("applicant_phone"):
            account = matching_resident(hromada, email=form.data.get("applicant_email", ""),
                                        phone=form.data.get("applicant_phone", ""))
        return render(request, "cases/registry/new.html", _new_context(form, kind, account, had_files=bool(
            request.FILES)), status=400)
    form = RegistrationForm(hromada=hromada, kind=kind)
    return render(request, "cases/registry/new.html", _new_context(form, kind, None, had_files=False))


@require("cases.register")
def account_hint(request):
    """The offer to link, shown as the registrar types the contact (htmx; without it, after submitting)."""
    account = matching_resident(request.hromada, email=request.GET.get("applicant_email", "")[:254],
                                phone=request.GET.get("applicant_phone", "")[:32])
    return render(request, "cases/registry/_account_hint.html", {"account": account})


def _attach_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, problems in error.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


def _error_summary(form) -> dict:
    """The errors at the top of a form, each linking to its field (the summary names the fields)."""
    return {"errors": [(form.fields[name].label if name in form.fields else "", name, problems[0])
                       for name, problems in form.errors.items() if name != "__all__"],
            "general_errors": form.non_field_errors()}


def _new_context(form, kind: str, account, *, had_files: bool) -> dict:
    return {"form": form, "kind": kind, "kind_label": kinds.get(kind).label, "account": account,
            "had_files": had_files, "priority_grounds": PRIORITY_GROUNDS} | _error_summary(form)


@require("cases.register")
def done(request, pk):
    case = selectors.visible_case(request.user, request.hromada, pk)
    return render(request, "cases/registry/done.html", {
        "case": case, "kind_label": reports.kind_label(case.kind), "due": services.format_due(case),
        "case_url": _case_url(case.pk),
        "closing_reason": kinds.get(case.kind).refusal_label(case.refusal_ground) if case.refusal_ground else "",
    })


# --- categories -------------------------------------------------------------------------------------------


def _category(request, pk) -> CaseCategory:
    try:
        return CaseCategory.objects.select_related("department").get(hromada=request.hromada, pk=int(pk))
    except (CaseCategory.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@require("cases.categories")
def category_list(request):
    query = request.GET.get("q", "").strip()[:200]
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    rows = CaseCategory.objects.filter(hromada=request.hromada).select_related("department")
    if query:
        rows = rows.filter(Q(name__icontains=query) | Q(department__name__icontains=query))
    if state == "active":
        rows = rows.filter(active=True)
    elif state == "inactive":
        rows = rows.filter(active=False)
    else:
        state = ""
    if kind in kinds.REGISTRY:
        # «every kind» (empty) serves this kind too; kinds are few short keys, so the match is on the list.
        rows = rows.filter(Q(kinds="") | Q(kinds=kind) | Q(kinds__startswith=f"{kind},")
                           | Q(kinds__endswith=f",{kind}") | Q(kinds__contains=f",{kind},"))
    else:
        kind = ""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.kind_names = ", ".join(reports.kind_label(key) for key in row.kinds.split(",") if key)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "cases/registry/categories.html", {
        "page": page, "q": query, "state": state, "kind": kind, "querystring": params.urlencode(),
        "kind_choices": kinds.choices(),
        "filtered": bool(query or state or kind),
    })


@require("cases.categories")
@require_http_methods(["GET", "POST"])
def category_form(request, pk=None):
    category = _category(request, pk) if pk is not None else None
    data = request.POST if request.method == "POST" else None
    form = CategoryForm(data, instance=category, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = category_services.save_category(form.instance, actor=request.user, hromada=request.hromada)
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect("case-registry:categories")
    return render(request, "cases/registry/category_form.html",
                  {"form": form, "category": category, "had_files": None} | _error_summary(form),
                  status=400 if request.method == "POST" else 200)


@require("cases.categories")
@require_http_methods(["GET", "POST"])
def category_deactivate(request, pk):
    category = _category(request, pk)
    if request.method == "POST":
        category_services.set_active(category, actor=request.user, hromada=request.hromada, active=False)
        messages.success(request, _("The category «%(name)s» is no longer in use.") % {"name": category.name})
        return redirect("case-registry:categories")
    in_use = category.cases.count()
    return render(request, "cases/registry/category_deactivate.html", {"category": category, "in_use": in_use})


@require("cases.categories")
@require_POST
def category_activate(request, pk):
    category = _category(request, pk)
    category_services.set_active(category, actor=request.user, hromada=request.hromada, active=True)
    messages.success(request, _("The category «%(name)s» is in use again.") % {"name": category.name})
    return redirect("case-registry:categories")


# --- journal and report -----------------------------------------------------------------------------------


def _period(request) -> PeriodForm:
    return PeriodForm(request.GET if request.GET else None)


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require("cases.reports")
def journal(request):
    form = _period(request)
    count = None
    if form.is_valid():
        start, end, kind = form.period()
        count = reports.period_cases(request.hromada, start, end, kind).count()
    return render(request, "cases/registry/journal.html", {
        "form": form, "count": count, "querystring": request.GET.urlencode()},
        status=200 if form.is_valid() else 400)


@require("cases.reports")
def journal_export(request, fmt: str):
    form = _period(request)
    if not form.is_valid():
        return render(request, "cases/registry/journal.html", {"form": form, "count": None}, status=400)
    start, end, kind = form.period()
    hromada = request.hromada
    build = reports.journal_xlsx if fmt == "xlsx" else reports.journal_docx
    content = build(hromada, start, end, kind)
    audit.record(AuditEntry.Action.EXPORT, object_type="core.case", hromada=hromada, actor=request.user,
                 object_repr=f"{_('Registration journal')} {start.isoformat()}–{end.isoformat()} "
                             f"{kind or '*'} ({fmt})")
    name = f"journal-{kind or 'all'}-{start.isoformat()}-{end.isoformat()}.{fmt}"
    return _file(content, XLSX if fmt == "xlsx" else DOCX, name)


@require("cases.reports")
def report(request):
    form = _period(request)
    figures = None
    if form.is_valid():
        figures = reports.period_report(request.hromada, *form.period())
    return render(request, "cases/registry/report.html", {
        "form": form, "report": figures, "querystring": request.GET.urlencode()},
        status=200 if form.is_valid() else 400)


@require("cases.reports")
def report_export(request, fmt: str):
    form = _period(request)
    if not form.is_valid():
        return render(request, "cases/registry/report.html", {"form": form, "report": None}, status=400)
    figures = reports.period_report(request.hromada, *form.period())
    build = reports.report_xlsx if fmt == "xlsx" else reports.report_docx
    name = f"report-{figures.kind or 'all'}-{figures.start.isoformat()}-{figures.end.isoformat()}.{fmt}"
    return _file(build(request.hromada, figures), XLSX if fmt == "xlsx" else DOCX, name)
