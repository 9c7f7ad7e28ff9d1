"""Writes of monitoring (template §VI): periods, unit reports, live-indicator snapshots, reminders, consolidation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.collation import uk
from hromada.core.fields import format_number
from hromada.core.metrics import REGISTRY as METRICS
from hromada.core.models import AuditEntry, Department, RoleAssignment
from hromada.core.roles import Role, can, roles_of
from hromada.core.services import check_can
from hromada.core.ukformat import end_sentence, long_date
from hromada.programmes import deadlines, reports
from hromada.programmes.models import (
    AnnualReport,
    IndicatorSnapshot,
    IndicatorYear,
    MonitoringPeriod,
    Programme,
    ReminderLog,
    Source,
    Task,
    TaskFinancing,
    TaskProgress,
    UnitReport,
)

log = logging.getLogger(__name__)
MANAGE = "programmes.manage"
REPORT = "programmes.report"
Status = Programme.Status
MONITORED = (Status.APPROVED, Status.EXECUTION, Status.DRAFT)


def responsible_departments(programme: Programme):
    """Units named on at least one task that is not cancelled: they owe a report each period."""
    return (Department.objects.filter(programme_tasks__programme=programme)
            .exclude(programme_tasks__status=Task.Status.CANCELLED).distinct().order_by(uk("name")))


def open_period(programme: Programme, *, actor, hromada, kind: str, year: int, quarter: int | None = None
                ) -> MonitoringPeriod:
    check_can(actor, hromada, MANAGE)
    if programme.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    return _open(programme, actor=actor, hromada=hromada, kind=kind, year=year, quarter=quarter)


def _open(programme: Programme, *, actor, hromada, kind: str, year: int, quarter: int | None) -> MonitoringPeriod:
    """Open a period with a report of every responsible unit; ``actor`` is None when the scheduled job opens it."""
    errors = {}
    if programme.version == 0 or programme.status not in MONITORED:
        raise ValidationError(_("Monitoring starts once the programme is approved and ends when it is completed."))
    if year not in programme.years:
        errors["year"] = _("%(year)s is outside the programme's term.") % {"year": year}
    if kind == MonitoringPeriod.Kind.QUARTER and quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Choose a quarter from 1 to 4.")
    if kind not in MonitoringPeriod.Kind.values:
        errors["kind"] = _("Choose a quarter or a year.")
    if errors:
        raise ValidationError(errors)
    if kind == MonitoringPeriod.Kind.YEAR:
        quarter = None
    if MonitoringPeriod.objects.filter(programme=programme, kind=kind, year=year, quarter=quarter).exists():
        raise ValidationError(_("This period is already open."))
    if kind == MonitoringPeriod.Kind.QUARTER:
        period_end = deadlines.quarter_end(year, quarter)
        due, consolidation = deadlines.quarterly_due(hromada, year, quarter), None
    else:
        period_end = date(year, 12, 31)
        due = deadlines.annual_units_due(hromada, year)
        consolidation = deadlines.consolidation_due(hromada, year)
    with transaction.atomic():
        period = MonitoringPeriod.objects.create(
            programme=programme, kind=kind, year=year, quarter=quarter, period_end=period_end, due_date=due,
            consolidation_due=consolidation,
        )
        for department in responsible_departments(programme):
            UnitReport.objects.create(period=period, department=department)
        audit.record(AuditEntry.Action.CREATE if actor else AuditEntry.Action.SYSTEM, period, actor=actor,
                     hromada=hromada,
                     changes={"period": [None, str(period)], "due_date": [None, due.isoformat()]})
    return period


@dataclass(frozen=True)
class DuePeriod:
    """A period that has ended with no monitoring period opened for it."""

    kind: str
    year: int
    quarter: int | None
    period_end: date
    due_date: date

    def __str__(self) -> str:
        return str(MonitoringPeriod(kind=self.kind, year=self.year, quarter=self.quarter))


def unopened_periods(programme: Programme, today: date | None = None) -> list[DuePeriod]:
    """Quarters and years of the term that have ended since the programme was first approved, not yet opened.

    Monitoring starts with the first approval: a quarter that ended before it is not owed. Nothing is owed
    for a programme never approved or already completed.
    """
    today = today or timezone.localdate()
    if programme.version == 0 or programme.status not in MONITORED:
        return []
    first = programme.versions.order_by("number").values_list("approval_date", flat=True).first()
    start = first or programme.approval_date
    opened = {(kind, year, quarter) for kind, year, quarter in
              programme.periods.values_list("kind", "year", "quarter")}
    due: list[DuePeriod] = []
    for year in programme.years:
        ends = [(MonitoringPeriod.Kind.QUARTER, q, deadlines.quarter_end(year, q)) for q in (1, 2, 3, 4)]
        ends.append((MonitoringPeriod.Kind.YEAR, None, date(year, 12, 31)))
        for kind, quarter, end in ends:
            if end >= today or (start and end < start) or (kind, year, quarter) in opened:
                continue
            reports_due = (deadlines.quarterly_due(programme.hromada, year, quarter) if quarter
                           else deadlines.annual_units_due(programme.hromada, year))
            due.append(DuePeriod(kind, year, quarter, end, reports_due))
    return due


def open_due_periods(today: date | None = None) -> list[MonitoringPeriod]:
    """Open every period that has ended unopened, in every hromada (the daily job ``programme-open-periods``).

    Idempotent: a period already open is skipped, and a parallel run opening the same one is caught by the
    database's unique constraint, so a second run opens nothing twice.
    """
    today = today or timezone.localdate()
    opened = []
    programmes = (Programme.objects.filter(version__gt=0, status__in=MONITORED)
                  .select_related("hromada").order_by("hromada_id", "pk"))
    for programme in programmes:
        for due in unopened_periods(programme, today):
            try:
                with transaction.atomic():
                    opened.append(_open(programme, actor=None, hromada=programme.hromada, kind=due.kind,
                                        year=due.year, quarter=due.quarter))
            except (ValidationError, IntegrityError):
                log.info("period %s of programme %s was opened meanwhile", due, programme.pk)
    return opened


def can_report_for(actor, hromada, department) -> bool:
    """Managers report for any unit; a department head only for the unit the role names."""
    if not can(actor, hromada, REPORT):
        return False
    if can(actor, hromada, MANAGE):
        return True
    return RoleAssignment.objects.filter(user=actor, hromada=hromada, role=Role.DEPARTMENT_HEAD,
                                         department=department).exists()


def report_tasks(report: UnitReport):
    return (Task.objects.filter(programme=report.period.programme_id, departments=report.department)
            .exclude(status=Task.Status.CANCELLED).order_by("direction__order", "order", "pk").distinct())


def previous_progress(report: UnitReport) -> dict[int, TaskProgress]:
    """Per task: what the unit last submitted for an earlier quarter of the same year (none for the first).

    Actual financing is a running total since January, so these are the figures a new quarter starts from and
    below which it may not go without a correction. A year's report follows the year's last submitted quarter.
    """
    period = report.period
    earlier = (TaskProgress.objects
               .filter(report__department=report.department, report__status=UnitReport.Status.SUBMITTED,
                       report__period__programme=period.programme_id, report__period__year=period.year,
                       report__period__kind=MonitoringPeriod.Kind.QUARTER,
                       report__period__period_end__lte=period.period_end)
               .exclude(report__period=period)
               .select_related("report__period").order_by("report__period__period_end"))
    return {row.task_id: row for row in earlier}  # the latest quarter wins


def _clean_progress(report: UnitReport, progress: dict[int, dict]) -> tuple[dict[int, dict], dict[str, str]]:
    tasks = {task.pk: task for task in report_tasks(report)}
    previous = previous_progress(report)
    errors: dict[str, str] = {}
    cleaned: dict[int, dict] = {}
    for task_id, row in progress.items():
        if task_id not in tasks:
            errors[f"task-{task_id}"] = _("This task is not one of the unit's tasks in the programme.")
            continue
        task = tasks[task_id]
        status, percent = row.get("status"), row.get("percent_done")
        correction = (row.get("correction") or "").strip()
        if status not in Task.Status.values:
            errors[f"task-{task_id}-status"] = _("Choose a status.")
        if not isinstance(percent, int) or not 0 <= percent <= 100:
            errors[f"task-{task_id}-percent_done"] = _("Give a whole percentage from 0 to 100.")
        elif status == Task.Status.DONE and percent != 100:
            # xgettext:no-python-format
            errors[f"task-{task_id}-percent_done"] = _("A task that is done is 100% done.")
        for field in ("actual_local", "actual_other"):
            value = row.get(field, Decimal(0))
            if not isinstance(value, Decimal) or value < 0 or value.as_tuple().exponent < -3:
                errors[f"task-{task_id}-{field}"] = _(
                    "Give an amount in thousand UAH, not negative, with at most three decimals.")
            elif task_id in previous and value < getattr(previous[task_id], field) and not correction:
                before = previous[task_id]
                errors[f"task-{task_id}-{field}"] = _(
                    "«%(task)s»: the amount is a running total since January and cannot be lower than the "
                    "%(amount)s reported for %(period)s. If that figure was wrong, explain the correction in "
                    "the «Correction» field of this task."
                ) % {"task": task, "amount": format_number(getattr(before, field), 3),
                     "period": before.report.period}
        cleaned[task_id] = {"status": status, "percent_done": percent,
                            "actual_local": row.get("actual_local", Decimal(0)),
                            "actual_other": row.get("actual_other", Decimal(0)),
                            "comment": (row.get("comment") or "").strip(), "correction": correction}
    return cleaned, errors


def save_unit_report(report: UnitReport, *, actor, hromada, summary: str, progress: dict[int, dict],
                     submit: bool = False) -> UnitReport:
    """Save a unit's report; on submission its figures become the tasks' status and actual financing."""
    period = report.period
    if period.programme.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    if not can_report_for(actor, hromada, report.department):
        raise PermissionDenied(_("You do not have permission for this action."))
    if report.status == UnitReport.Status.SUBMITTED:
        raise ValidationError(_("The report has been submitted; the programme manager can return it for changes."))
    cleaned, errors = _clean_progress(report, progress)
    if submit:
        missing = [t for t in report_tasks(report) if t.pk not in cleaned]
        if missing:
            errors["progress"] = _("Report on every task of the unit before submitting (%(count)s missing).") % {
                "count": len(missing)}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = UnitReport.objects.select_for_update().get(pk=report.pk)
        if report.status == UnitReport.Status.SUBMITTED:
            raise ValidationError(_("The report has been submitted meanwhile."))
        report.summary = summary.strip()
        for task_id, row in cleaned.items():
            TaskProgress.objects.update_or_create(report=report, task_id=task_id, defaults=row)
        if submit:
            report.status = UnitReport.Status.SUBMITTED
            report.submitted_at, report.submitted_by = timezone.now(), actor
            _apply(report, cleaned)
        report.save()
        audit.record(AuditEntry.Action.UPDATE, report, actor=actor, hromada=hromada,
                     changes={"status": [None, report.status], "tasks": [None, len(cleaned)]})
    return report


def _apply(report: UnitReport, cleaned: dict[int, dict]) -> None:
    """A submitted report is the latest word on its tasks: status, percentage and the year's actual financing."""
    year = report.period.year
    for task_id, row in cleaned.items():
        Task.objects.filter(pk=task_id).update(status=row["status"], percent_done=row["percent_done"])
        for source, field in ((Source.LOCAL, "actual_local"), (Source.OTHER, "actual_other")):
            TaskFinancing.objects.update_or_create(task_id=task_id, year=year, source=source,
                                                   defaults={"actual": row[field]})


def return_report(report: UnitReport, *, actor, hromada) -> UnitReport:
    check_can(actor, hromada, MANAGE)
    if report.period.programme.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    if report.status != UnitReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be returned."))
    with transaction.atomic():
        report.status = UnitReport.Status.DRAFT
        report.save(update_fields=["status", "updated_at"])
        audit.record(AuditEntry.Action.UPDATE, report, actor=actor, hromada=hromada,
                     changes={"status": [UnitReport.Status.SUBMITTED, UnitReport.Status.DRAFT]})
    return report


def take_snapshots(period: MonitoringPeriod, *, actor, hromada, today: date | None = None) -> int:
    """Compute every live indicator for the period and keep the value with its source (idempotent).

    Every snapshot is the period's figure, dated at the period's end. A metric that can (``dated``) is computed
    as of that day, whenever the snapshot is taken; a metric over data without history gives the state on the
    day it is taken, and its source line says which day that was. A snapshot of an earlier period taken later
    never replaces the year's actual value recorded for a later one.
    """
    check_can(actor, hromada, MANAGE)
    programme = period.programme
    if programme.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    today = today or timezone.localdate()
    if today < period.period_end:
        raise ValidationError(end_sentence(_("The period has not ended yet; snapshot the indicators after %(date)s.")
                                           % {"date": long_date(period.period_end)}))
    as_of = period.period_end
    count = 0
    with transaction.atomic():
        for indicator in programme.indicators.exclude(metric_key=""):
            metric = METRICS.get(indicator.metric_key)
            if metric is None:
                continue
            value = metric.value(hromada, as_of if metric.dated else today)
            with translation.override(settings.LANGUAGE_CODE):  # stored with the value and printed in reports
                if metric.dated:
                    source = _("%(source)s, as of %(date)s") % {
                        "source": metric.source, "date": as_of.strftime("%d.%m.%Y")}
                else:
                    source = _("%(source)s, the state taken on %(date)s") % {
                        "source": metric.source, "date": today.strftime("%d.%m.%Y")}
            IndicatorSnapshot.objects.update_or_create(
                indicator=indicator, period=period, defaults={"taken_on": as_of, "value": value, "source": source}
            )
            year_row = IndicatorYear.objects.filter(indicator=indicator, year=period.year).first()
            if year_row is None or year_row.actual_as_of is None or year_row.actual_as_of <= as_of:
                IndicatorYear.objects.update_or_create(
                    indicator=indicator, year=period.year,
                    defaults={"actual": value, "actual_source": source, "actual_as_of": as_of},
                )
            count += 1
        period.snapshot_taken_on = today
        period.save(update_fields=["snapshot_taken_on"])
        audit.record(AuditEntry.Action.UPDATE, period, actor=actor, hromada=hromada,
                     changes={"snapshots": [None, count]})
    return count


def consolidate_year(programme: Programme, *, actor, hromada, year: int) -> AnnualReport:
    """The head of programme's two annual reports, frozen from the current data (re-run replaces them)."""
    check_can(actor, hromada, MANAGE)
    if programme.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    if year not in programme.years:
        raise ValidationError({"year": _("%(year)s is outside the programme's term.") % {"year": year}})
    if programme.version == 0:
        raise ValidationError(_("Only an approved programme is reported on."))
    data = reports.build(programme, year)
    with transaction.atomic():
        report, created = AnnualReport.objects.update_or_create(
            programme=programme, year=year,
            defaults={"data": data, "layout_version": data["layout_version"], "consolidated_by": actor},
        )
        audit.record(AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, report, actor=actor,
                     hromada=hromada, changes={"year": [None, year]})
    return report


# --- reminders ------------------------------------------------------------------------------------------


def _recipients(department) -> list:
    """The unit's heads (accounts, on their chosen channels) and the unit's own mailbox, if it has one."""
    heads = (RoleAssignment.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, user__is_active=True)
             .select_related("user").order_by("user_id"))
    recipients: list = list({a.user_id: a.user for a in heads}.values())
    emails = {user.email.lower() for user in recipients if user.email}
    if department.email and department.email.lower() not in emails:
        recipients.append(department.email)
    return recipients


REMINDER_KINDS = {"before": "programmes.report_due", "overdue": "programmes.report_overdue"}


def send_reminders(today: date | None = None) -> int:
    """Remind units whose report is due soon or overdue; returns how many units were reminded for the first time.

    Run daily (``hromada programme-reminders``); safe to run more often: every notice carries a deduplication
    key per unit, period and kind of reminder, so a second run on a day (or a parallel one) sends nothing twice,
    while a head given the role since the first run still gets the reminder.
    """
    from hromada.core.notifications import notify

    today = today or timezone.localdate()
    sent = 0
    a_year_ago = today.replace(year=today.year - 1, day=min(today.day, 28))
    pending = (UnitReport.objects.filter(status=UnitReport.Status.DRAFT, period__due_date__gte=a_year_ago)
               .exclude(period__programme__status=Status.COMPLETED)
               .select_related("period__programme__hromada", "department"))
    for report in pending:
        period, hromada = report.period, report.period.programme.hromada
        if today > period.due_date:
            kind = "overdue"
        elif today >= deadlines.reminder_date(hromada, period.due_date):
            kind = "before"
        else:
            continue
        recipients = _recipients(report.department)
        context = {"programme": period.programme.title, "period": str(period),
                   "due": period.due_date.strftime("%d.%m.%Y"), "unit": report.department.name}
        with translation.override(settings.LANGUAGE_CODE):
            if kind == "before":
                subject = _("Reminder: report on the programme for %(period)s is due %(due)s") % context
            else:
                subject = _("Overdue: report on the programme for %(period)s was due %(due)s") % context
            body = _(
                "%(unit)s reports to the head of the programme «%(programme)s» on its tasks for %(period)s. "
                "The report is due %(due)s. Submit it in Hromada: Programme → Monitoring."
            ) % context
        url = reverse("programmes:unit-report", args=[period.programme_id, period.pk, report.pk])
        key = f"monitoring-report:{period.pk}:{report.department_id}:{kind}"
        with transaction.atomic():
            _log, first_time = ReminderLog.objects.get_or_create(
                period=period, department=report.department, kind=kind,
                defaults={"sent_on": today, "recipients": len(recipients)})
            notices = [notify(recipient, REMINDER_KINDS[kind], hromada=hromada, subject=subject, body=body,
                              url=url, dedupe_key=key) for recipient in recipients]
            if first_time or any(notices):
                audit.record(AuditEntry.Action.SYSTEM, report, hromada=hromada,
                             changes={"reminder": [None, kind], "recipients": [None, sum(map(bool, notices))]})
        sent += first_time
    return sent


def period_board(period: MonitoringPeriod, today: date | None = None) -> list[dict]:
    """Per unit: submitted on time, submitted late, overdue (missing) or pending — for the dashboard."""
    from hromada.programmes.dashboard import state_of

    today = today or timezone.localdate()
    return [{"report": report, "state": state_of(report, period, today)}
            for report in period.reports.select_related("department").order_by(uk("department__name"))]


def user_departments(user, hromada) -> set[int]:
    if Role.DEPARTMENT_HEAD not in roles_of(user, hromada):
        return set()
    return set(RoleAssignment.objects.filter(user=user, hromada=hromada, role=Role.DEPARTMENT_HEAD)
               .values_list("department_id", flat=True))
