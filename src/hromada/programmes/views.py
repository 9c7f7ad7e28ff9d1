"""Staff pages of the programme: list, dashboard, passport, sections, directions, Annex 1, Annex 2, lifecycle.

Views are thin: forms parse, services decide and write, selectors read within the hromada.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core import audit
from hromada.core.access import require
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.programmes import catalogue, dashboard, forms, selectors, snapshot
from hromada.programmes.models import Direction, Indicator, Programme, ProgrammeVersion, Task
from hromada.programmes.services import programme as svc

PAGE_SIZE = 25


def _ctx(request, programme: Programme, **extra) -> dict:
    return {"programme": programme, "can_manage": can(request.user, request.hromada, "programmes.manage"),
            **extra}


def _form_response(request, template: str, context: dict):
    return render(request, template, context, status=400 if request.method == "POST" else 200)


@require("programmes.view")
def programme_list(request):
    rows = selectors.programmes(request.hromada)
    form = forms.ProgrammeCreateForm(request.POST or None)
    if request.method == "POST":
        if not can(request.user, request.hromada, "programmes.manage"):
            raise PermissionDenied
        if form.is_valid():
            try:
                programme = svc.create_programme(actor=request.user, hromada=request.hromada, **form.cleaned_data)
            except ValidationError as error:
                forms.apply_errors(form, error)
            else:
                messages.success(request, _("The programme is created. Fill in its passport."))
                return redirect("programmes:passport", pk=programme.pk)
    return _form_response(request, "programmes/list.html", {
        "rows": rows, "form": form, "can_manage": can(request.user, request.hromada, "programmes.manage")})


@require("programmes.view")
def programme_detail(request, pk):
    programme = selectors.programme(request.hromada, pk)
    return render(request, "programmes/detail.html", _ctx(
        request, programme, board=dashboard.build(programme), catalogue=catalogue.load(programme.catalogue),
        problems=svc.completeness_errors(programme) if programme.status == Programme.Status.DRAFT else [],
        approval_form=forms.ApprovalForm(),
    ))


@require("programmes.manage")
def passport_edit(request, pk):
    programme = selectors.programme(request.hromada, pk)
    form = forms.PassportForm(request.POST or None, instance=programme, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields
                  if name not in ("responsible_departments", "responsible_institutions")}
        try:
            svc.update_passport(
                selectors.programme(request.hromada, pk), actor=request.user, hromada=request.hromada,
                fields=fields, departments=form.cleaned_data["responsible_departments"],
                institutions=form.cleaned_data["responsible_institutions"], financing=form.cleaned_financing(),
            )
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The passport is saved."))
            return redirect("programmes:detail", pk=pk)
    return _form_response(request, "programmes/passport_form.html", _ctx(
        request, programme, form=form, labels=catalogue.load(programme.catalogue).passport_items))


@require("programmes.manage")
def sections_edit(request, pk):
    programme = selectors.programme(request.hromada, pk)
    form = forms.SectionsForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            svc.update_sections(programme, actor=request.user, hromada=request.hromada, sections=form.cleaned_data)
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("Sections II–VI are saved."))
            return redirect("programmes:detail", pk=pk)
    return _form_response(request, "programmes/sections_form.html", _ctx(request, programme, form=form))


@require("programmes.view")
def directions(request, pk):
    programme = selectors.programme(request.hromada, pk)
    pick = forms.CatalogueDirectionsForm(request.POST if "keys" in request.POST else None, programme=programme)
    own = forms.DirectionForm(request.POST if "name" in request.POST else None)
    if request.method == "POST":
        if not can(request.user, request.hromada, "programmes.manage"):
            raise PermissionDenied
        try:
            if pick.is_bound and pick.is_valid():
                added = svc.add_catalogue_directions(programme, actor=request.user, hromada=request.hromada,
                                                     keys=pick.cleaned_data["keys"])
                messages.success(request, _("Directions added: %(count)s.") % {"count": len(added)})
                return redirect("programmes:directions", pk=pk)
            if own.is_bound and own.is_valid():
                svc.save_direction(Direction(programme=programme, name=own.cleaned_data["name"]),
                                   actor=request.user, hromada=request.hromada)
                messages.success(request, _("The direction is added."))
                return redirect("programmes:directions", pk=pk)
        except ValidationError as error:
            forms.apply_errors(own if own.is_bound else pick, error)
    rows = programme.directions.all()
    cat = catalogue.load(programme.catalogue)
    return _form_response(request, "programmes/directions.html", _ctx(
        request, programme, rows=rows, pick=pick, own=own,
        recommended={d.key: d for d in cat.directions}))


@require("programmes.manage")
def direction_delete(request, pk, direction_pk):
    programme = selectors.programme(request.hromada, pk)
    direction = selectors.direction(programme, direction_pk)
    return _confirm_delete(request, programme, direction, svc.delete_direction, "programmes:directions")


def _confirm_delete(request, programme, obj, delete, back: str):
    error = None
    if request.method == "POST":
        try:
            delete(obj, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted: %(name)s.") % {"name": obj})
            return redirect(back, pk=programme.pk)
    return render(request, "programmes/confirm_delete.html", _ctx(request, programme, object=obj, error=error,
                                                                  back=back), status=400 if error else 200)


# --- Annex 1 ---------------------------------------------------------------------------------------------


@require("programmes.view")
def task_list(request, pk):
    programme = selectors.programme(request.hromada, pk)
    state = {"q": request.GET.get("q", "").strip()[:100], "direction": request.GET.get("direction", ""),
             "status": request.GET.get("status", ""), "department": request.GET.get("department", "")}
    rows = selectors.tasks(
        programme, search=state["q"],
        direction_id=state["direction"] if state["direction"].isdigit() else None,
        status=state["status"] if state["status"] in Task.Status.values else "",
        department_id=state["department"] if state["department"].isdigit() else None,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    years = programme.years
    for task in page.object_list:
        planned = {(f.year, f.source): f.planned for f in task.financing.all()}
        task.planned_by_year = [(planned.get((y, "local"), 0), planned.get((y, "other"), 0)) for y in years]
    template = "programmes/_task_table.html" if request.htmx else "programmes/tasks.html"
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, template, _ctx(
        request, programme, page=page, state=state, years=years, querystring=query.urlencode(),
        directions=programme.directions.all(), statuses=Task.Status.choices,
        departments=selectors.responsible_units(programme)))


@require("programmes.manage")
def task_edit(request, pk, task_pk=None):
    programme = selectors.programme(request.hromada, pk)
    task = selectors.task(programme, task_pk) if task_pk else Task(programme=programme)
    form = forms.TaskForm(request.POST or None, instance=task, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            svc.save_task(form.instance, actor=request.user, hromada=request.hromada,
                          departments=form.cleaned_data["departments"], financing=form.cleaned_financing())
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect("programmes:tasks", pk=pk)
    suggestions = [t.name for d in catalogue.load(programme.catalogue).directions for t in d.tasks]
    return _form_response(request, "programmes/task_form.html", _ctx(
        request, programme, form=form, task=task, suggestions=suggestions))


@require("programmes.manage")
def task_delete(request, pk, task_pk):
    programme = selectors.programme(request.hromada, pk)
    return _confirm_delete(request, programme, selectors.task(programme, task_pk), svc.delete_task,
                           "programmes:tasks")


# --- Annex 2 ---------------------------------------------------------------------------------------------


@require("programmes.view")
def indicator_list(request, pk):
    programme = selectors.programme(request.hromada, pk)
    return render(request, "programmes/indicators.html", _ctx(
        request, programme, rows=dashboard.indicator_rows(programme), years=programme.years))


@require("programmes.manage")
def indicator_edit(request, pk, indicator_pk=None):
    programme = selectors.programme(request.hromada, pk)
    indicator = selectors.indicator(programme, indicator_pk) if indicator_pk else Indicator(programme=programme)
    form = forms.IndicatorForm(request.POST or None, instance=indicator, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            svc.save_indicator(form.instance, actor=request.user, hromada=request.hromada,
                               targets=form.cleaned_targets())
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("programmes:indicators", pk=pk)
    return _form_response(request, "programmes/indicator_form.html", _ctx(
        request, programme, form=form, indicator=indicator))


@require("programmes.manage")
def indicator_actual(request, pk, indicator_pk):
    programme = selectors.programme(request.hromada, pk)
    indicator = selectors.indicator(programme, indicator_pk)
    form = forms.ActualForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.record_actual(indicator, actor=request.user, hromada=request.hromada, year=data["year"],
                              value=data["actual"], source=data["source"], as_of=data["as_of"])
        except ValidationError as error:
            forms.apply_errors(form, error)
        else:
            messages.success(request, _("The actual value is saved."))
            return redirect("programmes:indicators", pk=pk)
    return _form_response(request, "programmes/indicator_actual.html", _ctx(
        request, programme, form=form, indicator=indicator))


@require("programmes.manage")
def indicator_delete(request, pk, indicator_pk):
    programme = selectors.programme(request.hromada, pk)
    return _confirm_delete(request, programme, selectors.indicator(programme, indicator_pk), svc.delete_indicator,
                           "programmes:indicators")


# --- lifecycle -------------------------------------------------------------------------------------------


@require_POST
@require("programmes.manage")
def transition(request, pk):
    programme = selectors.programme(request.hromada, pk)
    to = request.POST.get("to", "")
    try:
        if to == Programme.Status.APPROVED:
            form = forms.ApprovalForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            svc.transition(programme, actor=request.user, hromada=request.hromada, to=to,
                           decision=form.cleaned_data["decision"], decided_on=form.cleaned_data["decided_on"])
        elif to == "amend":
            svc.start_amendment(programme, actor=request.user, hromada=request.hromada)
        elif to in Programme.Status.values:
            svc.transition(programme, actor=request.user, hromada=request.hromada, to=to)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The status of the programme is changed."))
    return redirect("programmes:detail", pk=pk)


@require("programmes.view")
def version_detail(request, pk, number):
    programme = selectors.programme(request.hromada, pk)
    try:
        version = programme.versions.get(number=number)
    except (ProgrammeVersion.DoesNotExist, ValueError):
        raise Http404 from None
    return render(request, "programmes/version.html", _ctx(
        request, programme, version=version, doc=version.snapshot, catalogue=catalogue.load(programme.catalogue)))


# --- documents -------------------------------------------------------------------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX if filename.endswith(".docx") else XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def log_export(request, programme, what: str) -> None:
    audit.record(AuditEntry.Action.EXPORT, programme, actor=request.user, hromada=request.hromada,
                 changes={"export": [None, what]})


@require("programmes.view")
def programme_document(request, pk):
    programme = selectors.programme(request.hromada, pk)
    version = request.GET.get("version")
    if version:
        try:
            data = programme.versions.get(number=int(version)).snapshot
        except (ProgrammeVersion.DoesNotExist, ValueError):
            raise Http404 from None
    else:
        data = snapshot.freeze(programme)
    log_export(request, programme, f"programme.docx v{version or 'current'}")
    from hromada.programmes import documents

    return file_response(documents.programme_docx(data), f"programme-{programme.pk}.docx")


ANNEXES = {("1", "docx"): "annex1_docx", ("1", "xlsx"): "annex1_xlsx",
           ("2", "docx"): "annex2_docx", ("2", "xlsx"): "annex2_xlsx"}


@require("programmes.view")
def annex_document(request, pk, annex, fmt):
    from hromada.programmes import documents

    programme = selectors.programme(request.hromada, pk)
    name = ANNEXES.get((annex, fmt))
    if name is None:
        raise Http404
    render_annex = getattr(documents, name)
    log_export(request, programme, f"annex{annex}.{fmt}")
    return file_response(render_annex(snapshot.freeze(programme)), f"programme-{programme.pk}-annex{annex}.{fmt}")
