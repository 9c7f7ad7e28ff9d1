"""Staff pages of cases of every kind: the list, a case with its timeline, and one POST URL per step.

Thin views over the engine (house rule 1): reads through ``selectors`` (another hromada's case, or one the person
may not see, is a 404), every change through ``services``, whose PermissionDenied becomes the 403 page and whose
ValidationError comes back onto the form with nothing changed. Applicant details are masked on every page and
shown only on request, after ``services.log_read`` wrote the VIEW entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as When_
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hromada.core import audit
from hromada.core.access import require
from hromada.core.cases import clock, forms, kinds, selectors, services
from hromada.core.deadlines import calendar_for
from hromada.core.exports import csv_response, xlsx_response
from hromada.core.models import AuditEntry, Case, CaseCategory, CaseOutcome, CaseStatus, Department
from hromada.core.models.cases import OPEN_STATUSES
from hromada.core.roles import can
from hromada.core.worklist import long_date

PAGE_SIZE = 25
MASK = "•••"
view_required = require("cases.view")


# --- showing a case ----------------------------------------------------------------------------------------


def initials(name: str) -> str:
    """«Петренко Ірина Олегівна» → «П. І. О.»: enough to tell cases apart, no personal data on a list."""
    return " ".join(f"{part[0].upper()}." for part in (name or "").replace("-", " ").split() if part[0].isalpha())


def masked_applicant(case: Case) -> str:
    if case.anonymous:
        return _("anonymous")
    return initials(case.applicant_name) or "—"


def moment(value: datetime | None) -> str:
    """«21 листопада 2026 р., 14:05» in Kyiv time."""
    return date_format(timezone.localtime(value), "j E Y р., H:i") if value else ""


def kind_label(case: Case) -> str:
    try:
        spec = kinds.get(case.kind)
    except KeyError:
        return case.kind
    label = str(spec.label)
    return f"{label}: {spec.subkind_label(case.subkind)}" if case.subkind else label


def days_left_text(days: int) -> str:
    if days == 0:
        return _("due today")
    if days < 0:
        return ngettext("%(n)s working day overdue", "%(n)s working days overdue", -days) % {"n": -days}
    return ngettext("%(n)s working day left", "%(n)s working days left", days) % {"n": days}


@dataclass
class Clock:
    """What a page shows about a case's term: the date, its basis, the badge and the working days left."""

    due: str
    basis: str
    badge: str  # "overdue", "today" or ""
    left: str

    @classmethod
    def of(cls, case: Case, cal, today, now) -> Clock:
        badge, left = "", ""
        if case.status in OPEN_STATUSES:
            if services.is_overdue(case, now):
                badge = "overdue"
            elif case.due_date == today:
                badge = "today"
            left = days_left_text(clock.working_days_left(cal, today, case.due_date))
        return cls(due=services.format_due(case), basis=case.term_basis, badge=badge, left=left)


# --- the list ----------------------------------------------------------------------------------------------


def _ordered(rows: QuerySet[Case]) -> QuerySet[Case]:
    """Open cases first; among them priority and urgent ones, then the nearest due date (selectors.priority_first)."""
    rows = selectors.priority_first(rows).annotate(_closed=When_(
        When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()))
    return rows.order_by("_closed", "_first", "due_date", "due_at", "id")


def _state_filter(state: str, cal, today, now) -> Q:
    open_ = Q(status__in=OPEN_STATUSES)
    late = Q(due_at__isnull=False, due_at__lt=now) | Q(due_at__isnull=True, due_date__lt=today)
    if state == "overdue":
        return open_ & late
    if state == "today":
        return open_ & Q(due_date=today) & ~late
    if state == "soon":
        return open_ & Q(due_date__gt=today, due_date__lte=cal.add_working_days(today, clock.SOON_WORKING_DAYS))
    if state == "open":
        return open_
    return ~open_


def filtered(request) -> tuple[QuerySet[Case], forms.FilterForm, dict]:
    hromada = request.hromada
    rows = selectors.visible_cases(request.user, hromada)
    years = sorted(set(rows.order_by().values_list("year", flat=True).distinct()), reverse=True)
    form = forms.FilterForm(request.GET, hromada=hromada, categories=selectors.categories(hromada, active_only=False),
                            years=years)
    values = form.values()
    for name in ("kind", "status", "channel", "year"):
        if name in values:
            rows = rows.filter(**{name: values[name]})
    if "department" in values:
        rows = rows.filter(department=values["department"])
    if "category" in values:
        rows = rows.filter(category_id=int(values["category"]))
    if "state" in values:
        now = timezone.now()
        rows = rows.filter(_state_filter(values["state"], request.calendar, timezone.localdate(now), now))
    query = values.get("q", "").strip()
    if query:
        rows = rows.filter(Q(number__icontains=query) | Q(subject__icontains=query)
                           | Q(applicant_name__icontains=query))
    return _ordered(rows), form, values


def _calendar(request):
    if not hasattr(request, "calendar"):
        request.calendar = calendar_for(request.hromada)
    return request.calendar


@view_required
def case_list(request):
    _calendar(request)
    rows, form, values = filtered(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    today = timezone.localdate(now)
    items = [{"case": case, "kind": kind_label(case), "applicant": masked_applicant(case),
              "clock": Clock.of(case, request.calendar, today, now)} for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/staff/list.html", {
        "page": page, "items": items, "form": form, "filtered": bool(values), "querystring": query.urlencode(),
    })


EXPORT_COLUMNS = (
    ("number", _("number")), ("kind", _("kind")), ("received", _("received")), ("channel", _("channel")),
    ("applicant", _("applicant")), ("category", _("category")), ("subject", _("subject")), ("status", _("status")),
    ("due", _("last day of the term")), ("basis", _("legal basis of the term")), ("overdue", _("overdue")),
    ("department", _("department")), ("executor", _("executor")), ("outcome", _("outcome")),
)


def _export_row(case: Case, now) -> list:
    return [case.number, kind_label(case), timezone.localtime(case.received_at), case.get_channel_display(),
            masked_applicant(case), case.category.name if case.category_id else "", case.subject,
            case.get_status_display(), case.due_at or case.due_date, case.term_basis,
            _("yes") if services.is_overdue(case, now) else _("no"),
            case.department.name if case.department_id else "", str(case.executor) if case.executor_id else "",
            case.get_outcome_display()]


@view_required
def export(request, fmt: str):
    _calendar(request)
    rows, _form, _values = filtered(request)
    now = timezone.now()
    header = [str(label) for _key, label in EXPORT_COLUMNS]
    audit.record(AuditEntry.Action.EXPORT, object_type="core.case", object_repr=f"{_('cases')} ({fmt})",
                 hromada=request.hromada, actor=request.user)
    data = (_export_row(case, now) for case in rows.iterator(chunk_size=500))
    if fmt == "xlsx":
        return xlsx_response("cases", _("cases"), header, data)
    return csv_response("cases", header, data)


# --- the case page -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    key: str
    capability: str
    title: str
    done: str
    confirm: bool = False


ACTIONS = {action.key: action for action in (
    Action("assign", "cases.assign", _("Assign"), _("The case is assigned.")),
    Action("extend", "cases.extend", _("Extend the term"), _("The term is extended; the applicant is told.")),
    Action("forward", "cases.forward", _("Forward to the competent body"),
           _("The case is forwarded; the applicant is told.")),
    Action("answer", "cases.handle", _("Draft the answer"), _("The answer is waiting for the signature.")),
    Action("approve", "cases.sign", _("Approve and send the answer"), _("The answer is signed and sent.")),
    Action("return", "cases.sign", _("Return the answer for changes"), _("The answer is returned to the executor.")),
    Action("dismiss", "cases.close", _("Close without consideration"), _("The case is closed without consideration."),
           confirm=True),
    Action("close", "cases.close", _("Close the answered case"), _("The case is closed.")),
    Action("reopen", "cases.close", _("Reopen"), _("The case is reopened."), confirm=True),
    Action("note", "cases.view", _("Add a note"), _("The note is added.")),
    Action("attach", "cases.register", _("Attach a file"), _("The file is attached.")),
)}


def _departments(request) -> QuerySet[Department]:
    rows = Department.objects.filter(hromada=request.hromada)
    if can(request.user, request.hromada, "cases.view_all"):
        return rows
    return rows.filter(pk__in=selectors.head_units(request.user, request.hromada))


def _categories(request, case: Case) -> QuerySet[CaseCategory]:
    fitting = [row.pk for row in selectors.categories(request.hromada, case.kind)]
    return CaseCategory.objects.filter(pk__in=fitting)


def _form(request, key: str, case: Case, data=None, files=None):
    args = (data, files) if data is not None else ()
    if key == "assign":
        return forms.AssignForm(*args, hromada=request.hromada, case=case, departments=_departments(request),
                                categories=_categories(request, case))
    if key == "answer":
        return forms.AnswerForm(*args, case=case)
    if key == "dismiss":
        return forms.DismissForm(*args, case=case)
    classes = {"extend": forms.ExtendForm, "forward": forms.ForwardForm, "return": forms.ReturnForm,
               "close": forms.CloseForm, "reopen": forms.ReopenForm, "note": forms.NoteForm,
               "attach": forms.AttachForm}
    return classes.get(key, Form)(*args)  # approving takes no input


def _may(request, key: str, case: Case) -> bool:
    """Whether the step's form is offered on the page: the capability, the case's state and the service's scope."""
    user, hromada = request.user, request.hromada
    if not can(user, hromada, ACTIONS[key].capability):
        return False
    spec = kinds.get(case.kind)
    open_ = case.status in OPEN_STATUSES
    view_all = can(user, hromada, "cases.view_all")
    units = request.head_units
    if key == "assign":
        return open_ and (view_all or (bool(units) and case.department_id in (None, *units)))
    if key == "extend":
        return open_ and spec.extension_limit is not None
    if key == "forward":
        return open_
    if key == "answer":
        if case.status not in (CaseStatus.REGISTERED, CaseStatus.IN_PROGRESS):
            return False
        try:
            services.check_handles(user, case)
        except PermissionDenied:
            return False
        return True
    if key in ("approve", "return"):
        return case.status == CaseStatus.AWAITING_APPROVAL and (view_all or case.department_id in units)
    if key == "dismiss":
        return open_ and bool(spec.closing_grounds)
    if key == "close":
        return case.status == CaseStatus.ANSWERED
    if key == "reopen":
        return not open_
    return True


def _detail_context(request, case: Case, *, bound: dict | None = None, revealed: bool = False) -> dict:
    request.head_units = selectors.head_units(request.user, request.hromada)
    cal = _calendar(request)
    now = timezone.now()
    today = timezone.localdate(now)
    spec = kinds.get(case.kind)
    bound = bound or {}
    shown = {key: bound.get(key) or _form(request, key, case) for key in ACTIONS
             if key in bound or _may(request, key, case)}
    extension = None
    if "extend" in shown and spec.extension_limit is not None:
        limit = spec.extension_limit(case)
        extension = {"latest": long_date(clock.due_for(cal, case.received_at, limit)[0]), "basis": limit.basis}
    forward_due = services.forward_due(case) if "forward" in shown else None
    executors = list(case.executors.select_related("user", "department"))
    events = [{"event": event, "when": moment(event.at), "who": _who(event, case, revealed)}
              for event in selectors.timeline(case)]
    attachments = list(case.attachments.all())
    contact = {
        "name": case.applicant_name if revealed else masked_applicant(case),
        "email": case.applicant_email if revealed else (MASK if case.applicant_email else ""),
        "phone": case.applicant_phone if revealed else (MASK if case.applicant_phone else ""),
        "address": case.applicant_address if revealed else (MASK if case.applicant_address else ""),
    }
    return {
        "case": case, "kind": kind_label(case), "spec": spec, "clock": Clock.of(case, cal, today, now),
        "received": moment(case.received_at), "initial_due": long_date(case.initial_due_date),
        "resolution_due": long_date(case.resolution_due) if case.resolution_due else "",
        "answered": moment(case.answered_at), "closed": moment(case.closed_at),
        "refusal": spec.refusal_label(case.refusal_ground) if case.refusal_ground else "",
        "revealed": revealed, "contact": contact, "has_contact": any(
            [case.applicant_name, case.applicant_email, case.applicant_phone, case.applicant_address]),
        "executors": executors, "events": events, "attachments": attachments,
        "steps": [(ACTIONS[key], form) for key, form in shown.items()], "extension": extension,
        "forward_due": long_date(forward_due) if forward_due else "",
        "confidence": round(case.suggestion_confidence * 100) if case.suggestion_confidence is not None else None,
    }


def _who(event, case: Case, revealed: bool) -> str:
    """The timeline's actor; the applicant's own account is personal data, masked like the contact details."""
    if event.actor_id is None:
        return _("system")
    if event.actor_id == case.applicant_id and not revealed:
        return _("applicant") + f" ({masked_applicant(case)})"
    return str(event.actor)


def _render_detail(request, case: Case, *, status: int = 200, **kwargs):
    return render(request, "cases/staff/detail.html", _detail_context(request, case, **kwargs), status=status)


def _case(request, pk) -> Case:
    case = selectors.visible_case(request.user, request.hromada, pk)
    return Case.objects.select_related("category", "department", "executor", "repeat_of", "suggested_category",
                                       "suggested_department", "answered_by", "signed_by", "created_by",
                                       "applicant").get(pk=case.pk)


@view_required
def detail(request, pk):
    case = _case(request, pk)
    # The button posts ?reveal; a link with ?reveal=1 does the same: both log the read before showing anything.
    revealed = (request.POST if request.method == "POST" else request.GET).get("reveal") == "1"
    if request.method not in ("GET", "HEAD", "POST"):
        return redirect("cases:detail", pk=case.pk)
    if revealed:
        services.log_read(case, actor=request.user, what="applicant")
    return _render_detail(request, case, revealed=revealed)


def _perform(key: str, case: Case, request, data: dict) -> None:
    user, hromada = request.user, request.hromada
    common = {"actor": user, "hromada": hromada}
    if key == "assign":
        services.assign(case, department=data["department"], executor=data.get("executor"),
                        co_executors=list(data.get("co_executors") or []), resolution=data.get("resolution", ""),
                        due_date=data.get("due_date"), category=data.get("category"), **common)
    elif key == "extend":
        services.extend(case, until=data["until"], reason=data["reason"], **common)
    elif key == "forward":
        services.forward(case, to_body=data["to_body"], reason=data["reason"], **common)
    elif key == "answer":
        upload = services.read_upload(data["file"]) if data.get("file") else None
        services.draft_answer(case, text=data["text"], outcome=data["outcome"],
                              refusal_ground=data.get("refusal_ground") or "", file=upload,
                              copy_pages=data.get("copy_pages"), **common)
    elif key == "approve":
        services.approve_answer(case, **common)
    elif key == "return":
        services.return_answer(case, note=data["note"], **common)
    elif key == "dismiss":
        services.close(case, outcome=CaseOutcome.NOT_CONSIDERED, reason=data["reason"], ground=data["ground"],
                       **common)
    elif key == "close":
        services.close(case, outcome="", reason=data["reason"], **common)
    elif key == "reopen":
        services.reopen(case, reason=data["reason"], **common)
    elif key == "note":
        services.add_note(case, note=data["note"], **common)
    elif key == "attach":
        services.add_attachment(case, upload=services.read_upload(data["file"]), role=data["role"], **common)


@require_POST
@view_required
def act(request, pk, key: str):
    if key not in ACTIONS:
        raise Http404
    action = ACTIONS[key]
    case = _case(request, pk)
    if not can(request.user, request.hromada, action.capability):
        raise PermissionDenied
    request.head_units = selectors.head_units(request.user, request.hromada)
    form = _form(request, key, case, request.POST, request.FILES)
    if form.is_valid():
        if action.confirm and not form.cleaned_data.get("confirmed"):
            return render(request, "cases/staff/confirm.html", {
                "case": case, "action": action, "form": form,
                "summary": [(form[name].label, _choice_label(form, name)) for name in form.fields
                            if name != "confirmed"]})
        try:
            _perform(key, case, request, form.cleaned_data)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, action.done)
            return redirect(reverse("cases:detail", args=[case.pk]) + "#timeline")
    return _render_detail(request, case, bound={key: form}, status=400)


def _choice_label(form, name: str) -> str:
    value = form.cleaned_data.get(name)
    choices = dict(getattr(form.fields[name], "choices", ()) or ())
    return str(choices.get(value, value)) if choices else str(value or "")


@view_required
def attachment(request, pk, file_pk):
    """A case's file, to those who see the case: served through this view, never from a public media URL."""
    case = _case(request, pk)
    try:
        row = case.attachments.get(pk=int(file_pk))
    except (ValueError, TypeError, case.attachments.model.DoesNotExist):
        raise Http404 from None
    services.log_read(case, actor=request.user, what=f"file {row.pk}")
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=row.name, content_type=row.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
