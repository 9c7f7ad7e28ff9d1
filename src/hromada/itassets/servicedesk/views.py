"""Staff pages of the IT service desk: «Мої заявки» and the report form for any member of staff, the IT officer's
queue (filters, search, pages, XLSX/CSV), one request with its log and the forms that act on it, the figures,
and the requests of one equipment item. Thin: the forms read, the services decide, the selectors scope."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hromada.core import audit, audit_display, exports
from hromada.core.access import pk_or_404 as _pk
from hromada.core.access import require
from hromada.core.models import AuditEntry, Department, Institution
from hromada.core.roles import can
from hromada.itassets.models import ServiceRequest
from hromada.itassets.permissions import MANAGE, REPORT, VIEW
from hromada.itassets.servicedesk import forms, selectors, services

Status = ServiceRequest.Status
PAGE_SIZE = 25
report_required = require(REPORT)
view_required = require(VIEW)
manage_required = require(MANAGE)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _querystring(request, drop=("page", "export")) -> str:
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


def equipment_url(request, item) -> str:
    """The item's own page for those who see the register («» for the others, and without the equipment pages)."""
    if item is None or not can(request.user, request.hromada, VIEW):
        return ""
    try:
        return reverse("itassets-staff:equipment-detail", args=[item.pk])
    except NoReverseMatch:
        return ""


# --- my requests and the report form --------------------------------------------------------------------


@report_required
def mine(request):
    rows = selectors.mine(request.hromada, request.user)
    show = request.GET.get("show", "")
    if show == "open":
        rows = rows.filter(status__in=services.OPEN)
    page = Paginator(rows.order_by("-received_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "itassets/servicedesk/mine.html", {
        "page": page, "show": show, "querystring": urlencode({"show": show}) if show else "",
        "today": timezone.localdate(), "can_manage": can(request.user, request.hromada, MANAGE)})


@report_required
def new(request):
    hromada = request.hromada
    items = selectors.own_items(hromada, request.user)
    initial = {}
    wanted = request.GET.get("item", "")
    if wanted.isdigit() and 0 < int(wanted) < 2**63:  # «report a problem with this item» from the item's page
        chosen = next((item for item in items if item.pk == int(wanted)), None)
        if chosen is not None:
            initial["equipment"] = chosen.pk
        else:
            other = selectors.Equipment.objects.filter(hromada=hromada, pk=int(wanted)).first()
            if other is not None:
                initial["inventory_number"] = other.inventory_number
    form = forms.ReportForm(request.POST if request.method == "POST" else None, hromada=hromada, items=items,
                            initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filed = services.report(hromada, actor=request.user, subject=data["subject"],
                                    description=data["description"], kind=data["kind"], priority=data["priority"],
                                    equipment=data.get("item"), contact=data["contact"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Request %(number)s is filed; it is due by %(due)s") % {
                "number": filed.number, "due": date_format(filed.due_date, "j E Y р.")})
            return redirect("itassets-staff:request-detail", filed.pk)
    return render(request, "itassets/servicedesk/new.html", {"form": form, "items": items},
                  status=400 if request.method == "POST" else 200)


# --- the queue ------------------------------------------------------------------------------------------


EXPORT_HEADER = (
    "number", "received", "subject", "kind", "priority", "status", "due date", "overdue", "reported by",
    "contact", "institution", "department", "inventory number", "item", "assigned to", "resolved", "closed",
    "what was done",
)


def _export_rows(rows, today):
    for r in rows.iterator(chunk_size=1000):
        yield (r.number, r.received_at, r.subject, r.get_kind_display(), r.get_priority_display(),
               r.get_status_display(), r.due_date, _("yes") if services.is_overdue(r, today) else "",
               r.reporter_name, r.contact, r.institution.name if r.institution_id else "",
               r.department.name if r.department_id else "",
               r.equipment.inventory_number if r.equipment_id else "", r.equipment.name if r.equipment_id else "",
               (r.assignee.full_name or r.assignee.login) if r.assignee_id else "", r.resolved_at, r.closed_at,
               r.resolution)


@view_required
def queue(request):
    hromada = request.hromada
    form = forms.QueueFilterForm(request.GET or None, people=services.assignable(hromada),
                                 institutions=Institution.objects.filter(hromada=hromada).order_by("name"),
                                 departments=Department.objects.filter(hromada=hromada).order_by("name"))
    filters = form.filters()
    today = timezone.localdate()
    rows = selectors.queue(hromada, request.user, filters, today)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        audit.record(AuditEntry.Action.EXPORT, object_type=ServiceRequest._meta.label_lower,
                     object_repr=f"{ServiceRequest._meta.verbose_name_plural} ({export})", hromada=hromada)
        header = [str(_(name)) for name in EXPORT_HEADER]
        if export == "csv":
            return exports.csv_response("it-requests", header, _export_rows(rows, today))
        return exports.xlsx_response("it-requests", _("IT service requests"), header, _export_rows(rows, today))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "itassets/servicedesk/queue.html", {
        "form": form, "page": page, "querystring": _querystring(request), "today": today,
        "counts": selectors.counts(selectors.visible(hromada, request.user), today),
        "can_manage": can(request.user, hromada, MANAGE), "filtered": bool(_querystring(request)),
    })


# --- one request ----------------------------------------------------------------------------------------


FORMS = ("triage", "assign", "work", "parts", "note", "status", "resolve")


def _request(request, pk) -> ServiceRequest:
    return selectors.request_for(request.hromada, request.user, _pk(pk))


def _forms(request, req: ServiceRequest, bound: dict) -> dict:
    hromada, user = request.hromada, request.user
    manager = services.is_manager(user, hromada)
    moves = services.allowed_moves(req, user)
    result: dict = {}
    if manager and req.status in services.OPEN:
        result["triage"] = forms.TriageForm(prefix="triage", initial={"kind": req.kind, "priority": req.priority})
        result["assign"] = forms.AssignForm(prefix="assign", people=services.assignable(hromada),
                                            initial={"assignee": req.assignee_id})
        result["work"] = forms.WorkForm(prefix="work")
        result["parts"] = forms.PartsForm(prefix="parts")
        result["resolve"] = forms.ResolveForm(prefix="resolve")
        plain = [m for m in moves if m not in (Status.RESOLVED, Status.CANCELLED, Status.CLOSED)]
        if plain:
            result["status"] = forms.StatusForm(prefix="status", moves=plain)
    if services.may_add_note(user, req):
        result["note"] = forms.NoteForm(prefix="note")
    result.update(bound)
    return result


def _detail(request, req: ServiceRequest, *, http_status: int = 200, **bound) -> object:
    hromada, user = request.hromada, request.user
    manager = services.is_manager(user, hromada)
    moves = services.allowed_moves(req, user)
    today = timezone.localdate()
    return render(request, "itassets/servicedesk/detail.html", {
        "req": req, "log": selectors.log(req), "totals": selectors.totals(req), "forms": _forms(request, req, bound),
        "manager": manager, "reporter": services.is_reporter(user, req), "moves": moves,
        "can_cancel": Status.CANCELLED in moves, "can_close": Status.CLOSED in moves,
        "can_reopen": req.status == Status.RESOLVED and Status.IN_PROGRESS in moves,
        "reopen_until": services.reopen_until(req), "overdue": services.is_overdue(req, today), "today": today,
        "term_days": services.term_days(hromada, req.priority),
        "item_url": equipment_url(request, req.equipment),
        "history": audit_display.history(req, user, limit=30, hromada=hromada) if manager else None,
        "back": "itassets-staff:request-list" if can(user, hromada, VIEW) else "itassets-staff:request-mine",
    }, status=http_status)


@report_required
def detail(request, pk):
    return _detail(request, _request(request, pk))


def _act(request, pk, name: str, form_class, run, success: str, **form_kwargs):
    """POST of one of the detail page's forms: run the service or show the page again with the errors."""
    req = _request(request, pk)
    if request.method != "POST":
        return redirect("itassets-staff:request-detail", req.pk)
    form = form_class(request.POST, prefix=name, **form_kwargs)
    if form.is_valid():
        try:
            run(req, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("itassets-staff:request-detail", req.pk)
    req.refresh_from_db()
    return _detail(request, req, http_status=400, **{name: form})


@manage_required
def triage(request, pk):
    return _act(request, pk, "triage", forms.TriageForm, lambda req, d: services.triage(
        req, actor=request.user, hromada=request.hromada, kind=d["kind"], priority=d["priority"]),
        _("The kind and priority are saved; the due date is recounted."))


@manage_required
def assign(request, pk):
    people = services.assignable(request.hromada)

    def run(req, data):
        person = next((p for p in people if p.pk == data["assignee"]), None)
        services.assign(req, actor=request.user, hromada=request.hromada, assignee=person)

    return _act(request, pk, "assign", forms.AssignForm, run, _("The request is assigned."), people=people)


@manage_required
def work(request, pk):
    return _act(request, pk, "work", forms.WorkForm, lambda req, d: services.record_work(
        req, actor=request.user, hromada=request.hromada, text=d["text"], minutes=d["minutes"]),
        _("The work is recorded."))


@manage_required
def parts(request, pk):
    return _act(request, pk, "parts", forms.PartsForm, lambda req, d: services.record_parts(
        req, actor=request.user, hromada=request.hromada, parts=d["parts"], cost=d["parts_cost"], text=d["text"]),
        _("The parts are recorded."))


@report_required
def note(request, pk):
    return _act(request, pk, "note", forms.NoteForm, lambda req, d: services.add_note(
        req, actor=request.user, hromada=request.hromada, text=d["text"]), _("The note is added."))


@manage_required
def status(request, pk):
    req = _request(request, pk)
    moves = [m for m in services.allowed_moves(req, request.user)
             if m not in (Status.RESOLVED, Status.CANCELLED, Status.CLOSED)]
    return _act(request, pk, "status", forms.StatusForm, lambda r, d: services.change_status(
        r, actor=request.user, hromada=request.hromada, status=d["status"], text=d["text"]),
        _("The status is changed."), moves=moves)


@manage_required
def resolve(request, pk):
    return _act(request, pk, "resolve", forms.ResolveForm, lambda req, d: services.resolve(
        req, actor=request.user, hromada=request.hromada, resolution=d["resolution"]),
        _("The request is resolved; the reporter is told."))


# Confirmation pages of the moves that end or reopen a request: cancel, close, reopen.
CONFIRM = {
    "cancel": (Status.CANCELLED, forms.ReasonForm, "reason"),
    "close": (Status.CLOSED, forms.CloseForm, "text"),
    "reopen": (Status.IN_PROGRESS, forms.ReasonForm, "reason"),
}


def _confirm(request, pk, action: str):
    req = _request(request, pk)
    target, form_class, field = CONFIRM[action]
    if action == "reopen" and req.status != Status.RESOLVED:
        raise Http404
    if target not in services.allowed_moves(req, request.user):
        messages.error(request, _("This cannot be done with the request now."))
        return redirect("itassets-staff:request-detail", req.pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(req, actor=request.user, hromada=request.hromada, status=target,
                                   text=form.cleaned_data[field])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, {
                "cancel": _("The request is cancelled."), "close": _("The request is closed."),
                "reopen": _("The request is reopened; the IT officer is told."),
            }[action])
            return redirect("itassets-staff:request-detail", req.pk)
    texts = {
        "cancel": (_("Cancel the request"), _("The request will be closed without being done. Say why; the "
                                              "reason stays in its log. This cannot be undone."),
                   _("Cancel the request")),
        "close": (_("Close the request"), _("Closing confirms the problem is fixed. A closed request cannot be "
                                             "reopened; a new problem is reported anew."), _("Close")),
        "reopen": (_("Reopen the request"), _("Say what is still wrong; the request goes back to the IT officer "
                                              "with its original due date."), pgettext("IT request", "Reopen")),
    }[action]
    return render(request, "itassets/servicedesk/confirm.html", {
        "req": req, "form": form, "title": texts[0], "question": texts[1], "button": texts[2],
        "danger": action == "cancel"}, status=400 if request.method == "POST" else 200)


@report_required
def cancel(request, pk):
    return _confirm(request, pk, "cancel")


@report_required
def close(request, pk):
    return _confirm(request, pk, "close")


@report_required
def reopen(request, pk):
    return _confirm(request, pk, "reopen")


# --- figures and an item's requests ---------------------------------------------------------------------


@view_required
def figures(request):
    since, until = selectors.default_period()
    form = forms.PeriodForm(request.GET or None, initial={"since": since, "until": until})
    if request.GET and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "itassets/servicedesk/figures.html", {
        "form": form, "figures": selectors.figures(request.hromada, since, until), "since": since, "until": until,
    }, status=status)


@view_required
def item_history(request, pk):
    item = selectors.item(request.hromada, _pk(pk))
    rows = selectors.visible(request.hromada, request.user).filter(equipment=item).order_by("-received_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "itassets/servicedesk/item_history.html", {
        "item": item, "page": page, "querystring": "", "today": timezone.localdate(),
        "item_url": equipment_url(request, item)})
