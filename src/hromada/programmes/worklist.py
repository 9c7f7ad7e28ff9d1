"""What monitoring of the programme asks of staff now (see core.worklist).

* Unit reports not yet submitted in the open periods (of programmes not completed): a department head sees
  the own unit's, due or overdue; the programme managers every unit's overdue ones. Whether a report is
  overdue is the monitoring dashboard's judgement (:func:`hromada.programmes.dashboard.state_of`: "missing"
  once its due date has passed); it is due soon from the day the reminder job would remind the unit
  (:func:`hromada.programmes.deadlines.reminder_date`).
* Years whose annual reports the managers have yet to consolidate (a year period is open and no annual
  report of that year exists), due on the period's consolidation date.

The dates were computed by ``programmes.deadlines`` when the period was opened (the hromada's settings and
working-day calendar) and are stored on the period; they are read here, not recomputed.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import worklist
from hromada.core.hromada_settings import get_setting
from hromada.programmes import dashboard, deadlines
from hromada.programmes.models import AnnualReport, MonitoringPeriod, Programme, UnitReport
from hromada.programmes.services import monitoring

REPORT = "programmes.report"
CONSOLIDATION = "programmes.consolidation"

worklist.register_kind(REPORT, gettext_lazy("Programme monitoring report"), order=10)
worklist.register_kind(CONSOLIDATION, gettext_lazy("Programme annual reports"), order=11)


def _basis(hromada, period: MonitoringPeriod) -> str:
    if period.kind == MonitoringPeriod.Kind.QUARTER:
        return _("Mintsyfra typical programme (2024), §VI: by day %(day)s of the month after the quarter") % {
            "day": get_setting(hromada, "programmes.quarterly_due_day")}
    return _("Mintsyfra typical programme (2024), §VI: units report by %(day)s January") % {
        "day": get_setting(hromada, "programmes.annual_units_due_day")}


def _due_soon(ctx: worklist.Context, due) -> bool:
    return ctx.today >= deadlines.reminder_date(ctx.hromada, due, cal=ctx.calendar)


@worklist.provider("programmes.reports", capability="programmes.report")
def unit_reports(ctx: worklist.Context) -> list[worklist.Item]:
    reports = (UnitReport.objects.filter(period__programme__hromada=ctx.hromada, status=UnitReport.Status.DRAFT)
               .exclude(period__programme__status=Programme.Status.COMPLETED)
               .select_related("period__programme", "department"))
    units = monitoring.user_departments(ctx.user, ctx.hromada)
    manager = ctx.can("programmes.manage")
    if manager:  # every unit's overdue report (the dashboard's "missing"), and the own unit's if any
        reports = reports.filter(Q(period__due_date__lt=ctx.today) | Q(department_id__in=units))
    elif units:
        reports = reports.filter(department_id__in=units)
    else:
        return []
    items = []
    for report in reports:
        period = report.period
        late = dashboard.state_of(report, period, ctx.today) == "missing"
        if not late and report.department_id not in units:
            continue
        items.append(worklist.Item(
            kind=REPORT,
            title=_("Monitoring report for %(period)s") % {"period": period},
            url=reverse("programmes:unit-report", args=[period.programme_id, period.pk, report.pk]),
            deadline=period.due_date,
            basis=_basis(ctx.hromada, period),
            state=worklist.state_of(period.due_date, ctx.today, late=late,
                                    soon=not late and _due_soon(ctx, period.due_date)),
            unit=report.department.name,
            detail=period.programme.title,
        ))
    return items


@worklist.provider("programmes.consolidation", capability="programmes.manage")
def consolidation(ctx: worklist.Context) -> list[worklist.Item]:
    consolidated = AnnualReport.objects.filter(programme=OuterRef("programme"), year=OuterRef("year"))
    periods = (MonitoringPeriod.objects.filter(programme__hromada=ctx.hromada, kind=MonitoringPeriod.Kind.YEAR,
                                               consolidation_due__isnull=False)
               .exclude(programme__status=Programme.Status.COMPLETED)
               .exclude(Exists(consolidated))
               .select_related("programme"))
    basis = _("Mintsyfra typical programme (2024), §VI: annual reports by %(day)s March") % {
        "day": get_setting(ctx.hromada, "programmes.consolidation_due_day")}
    items = []
    for period in periods:
        due = period.consolidation_due
        late = ctx.today > due
        items.append(worklist.Item(
            kind=CONSOLIDATION,
            title=_("Consolidate the annual reports for %(year)s") % {"year": period.year},
            url=reverse("programmes:annual", args=[period.programme_id, period.year]),
            deadline=due, basis=basis,
            state=worklist.state_of(due, ctx.today, late=late, soon=not late and _due_soon(ctx, due)),
            detail=period.programme.title,
        ))
    return items
