"""Staff pages of monitoring: periods, unit reports, live-indicator snapshots, annual reports and their files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core.access import require
from hromada.core.roles import can
from hromada.core.ukformat import end_sentence, long_date
from hromada.programmes import dashboard, forms, selectors
from hromada.programmes.models import AnnualReport
from hromada.programmes.services import monitoring
from hromada.programmes.views import _ctx, _form_response, file_response, log_export


@require("programmes.view")
def monitoring_home(request, pk):
    programme = selectors.programme(request.hromada, pk)
    form = forms.PeriodForm(request.POST or None, programme=programme)
    if request.method == "POST":
        if not can(request.user, request.hromada, "programmes.manage"):
            raise PermissionDenied
        if form.is_valid():
            try:
                period = monitoring.open_period(programme, actor=request.user, hromada=request.hromada,
                                                **form.cleaned_data)
            except ValidationError as error:
                forms.apply_errors(form, error)
            else:
                messages.success(request, end_sentence(_("The period is open; reports are due %(date)s.")
                                                       % {"date": long_date(period.due_date)}))
                return redirect("programmes:period", pk=pk, period_pk=period.pk)
    today = timezone.localdate()
    return _form_response(request, "programmes/monitoring.html", _ctx(
        request, programme, form=form, boards=dashboard.period_boards(programme, limit=40, today=today),
        my_units=monitoring.user_departments(request.user, request.hromada),
        unopened=monitoring.unopened_periods(programme, today), today=today))


@require("programmes.view")
def period_detail(request, pk, period_pk):
    programme = selectors.programme(request.hromada, pk)
    period = selectors.period(programme, period_pk)
    board = dashboard.period_boards(programme, limit=40)
    board = next((b for b in board if b.period.pk == period.pk), None)
    return render(request, "programmes/period.html", _ctx(
        request, programme, period=period, board=board,
        snapshots=period.snapshots.select_related("indicator"),
        my_units=monitoring.user_departments(request.user, request.hromada)))


@require_POST
@require("programmes.manage")
def period_snapshots(request, pk, period_pk):
    programme = selectors.programme(request.hromada, pk)
    period = selectors.period(programme, period_pk)
    try:
        count = monitoring.take_snapshots(period, actor=request.user, hromada=request.hromada)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Live indicators snapshotted: %(count)s.") % {"count": count})
    return redirect("programmes:period", pk=pk, period_pk=period_pk)


@require("programmes.report")
def unit_report(request, pk, period_pk, report_pk):
    programme = selectors.programme(request.hromada, pk)
    period = selectors.period(programme, period_pk)
    report = selectors.unit_report(period, report_pk)
    may_edit = monitoring.can_report_for(request.user, request.hromada, report.department)
    if not may_edit and not can(request.user, request.hromada, "programmes.view"):
        raise PermissionDenied
    form = forms.UnitReportForm(request.POST or None, report=report, tasks=monitoring.report_tasks(report),
                                previous=monitoring.previous_progress(report))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                monitoring.save_unit_report(report, actor=request.user, hromada=request.hromada,
                                            summary=form.cleaned_data["summary"],
                                            progress=form.cleaned_progress(), submit="submit" in request.POST)
            except ValidationError as error:
                forms.apply_errors(form, error)
            else:
                messages.success(request, _("The report is submitted.") if "submit" in request.POST
                                 else _("The draft report is saved."))
                return redirect("programmes:period", pk=pk, period_pk=period_pk)
    return _form_response(request, "programmes/unit_report.html", _ctx(
        request, programme, period=period, report=report, form=form, may_edit=may_edit,
        is_submitted=report.status == report.Status.SUBMITTED))


@require_POST
@require("programmes.manage")
def unit_report_return(request, pk, period_pk, report_pk):
    programme = selectors.programme(request.hromada, pk)
    report = selectors.unit_report(selectors.period(programme, period_pk), report_pk)
    try:
        monitoring.return_report(report, actor=request.user, hromada=request.hromada)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The report is returned to the unit for changes."))
    return redirect("programmes:period", pk=pk, period_pk=period_pk)


@require("programmes.view")
def annual_report(request, pk, year):
    programme = selectors.programme(request.hromada, pk)
    if year not in programme.years:
        raise Http404
    if request.method == "POST":
        if not can(request.user, request.hromada, "programmes.manage"):
            raise PermissionDenied
        try:
            monitoring.consolidate_year(programme, actor=request.user, hromada=request.hromada, year=year)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The annual reports for %(year)s are consolidated.") % {"year": year})
        return redirect("programmes:annual", pk=pk, year=year)
    report = AnnualReport.objects.filter(programme=programme, year=year).first()
    year_period = programme.periods.filter(kind="year", year=year).first()
    return render(request, "programmes/annual.html", _ctx(
        request, programme, year=year, report=report, data=report.data if report else None,
        year_period=year_period))


RENDERERS = {"docx": "report_docx", "xlsx": "report_xlsx"}


@require("programmes.view")
def annual_document(request, pk, year, which, fmt):
    programme = selectors.programme(request.hromada, pk)
    report = AnnualReport.objects.filter(programme=programme, year=year).first()
    if report is None or which not in ("progress", "effectiveness") or fmt not in RENDERERS:
        raise Http404
    log_export(request, programme, f"annual {year} {which}.{fmt}")
    from hromada.programmes import documents

    content = getattr(documents, RENDERERS[fmt])(report.data, which)
    return file_response(content, f"programme-{programme.pk}-{year}-{which}.{fmt}")
