"""Monitoring of the programme (template §VI): quarterly and yearly unit reports, snapshots, annual reports."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.programmes.models.fields import money_field, value_field, year_field
from hromada.programmes.models.programme import Indicator, Programme, Task


class MonitoringPeriod(models.Model):
    """A reporting period: a quarter (reports due on the 5th of the next month) or a year (due 31 January)."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    year = year_field(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    period_end = models.DateField(_("end of the period"))
    due_date = models.DateField(_("reports due"))
    consolidation_due = models.DateField(_("consolidated report due"), null=True, blank=True)
    snapshot_taken_on = models.DateField(_("live indicators snapshotted on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring period")
        verbose_name_plural = _("monitoring periods")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "year", "quarter"],
                                    condition=models.Q(quarter__isnull=False), name="programmes_quarter_unique"),
            models.UniqueConstraint(fields=["programme", "kind", "year"],
                                    condition=models.Q(quarter__isnull=True), name="programmes_year_unique"),
            models.CheckConstraint(
                condition=(models.Q(kind="quarter", quarter__isnull=False)
                           | models.Q(kind="year", quarter__isnull=True)),
                name="programmes_period_quarter_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}
        return _("year %(year)s") % {"year": self.year}


class UnitReport(models.Model):
    """What one responsible unit reports for one period on its tasks."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    period = models.ForeignKey(MonitoringPeriod, on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey("core.Department", verbose_name=_("unit"), on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = [uk("department__name")]
        constraints = [
            models.UniqueConstraint(fields=["period", "department"], name="programmes_unitreport_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department} — {self.period}"

    @property
    def is_late(self) -> bool:
        return bool(self.submitted_at and timezone.localtime(self.submitted_at).date() > self.period.due_date)


class TaskProgress(models.Model):
    """A unit's progress on one task in a report; actual financing is cumulative for the period's year."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="progress")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=16, choices=Task.Status.choices)
    percent_done = models.PositiveSmallIntegerField(
        _("done, %"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    actual_local = money_field(_("actual from the local budget, thousand UAH"))
    actual_other = money_field(_("actual from other sources, thousand UAH"))
    comment = models.TextField(_("what was done"), blank=True)
    correction = models.TextField(
        _("correction"), blank=True,
        help_text=_("Why a running total is lower than the unit reported for an earlier quarter of the year."),
    )

    class Meta:
        ordering = ["task__order", "task_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="programmes_progress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.percent_done}%"


class IndicatorSnapshot(models.Model):
    """The value of a live indicator as computed at a monitoring date, with where it came from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    period = models.ForeignKey(MonitoringPeriod, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("as of"))
    value = value_field(_("value"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="programmes_snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class ReminderLog(models.Model):
    """One reminder e-mail per unit, period and kind, so a rerun of the reminder job sends nothing twice."""

    period = models.ForeignKey(MonitoringPeriod, on_delete=models.CASCADE, related_name="reminders")
    department = models.ForeignKey("core.Department", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # "before" the deadline or "overdue"
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "department", "kind"], name="programmes_reminder_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department} — {self.period} ({self.kind})"


class AnnualReport(models.Model):
    """The head of programme's consolidated reports for a year: progress and effectiveness, frozen as data."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="annual_reports")
    year = year_field(_("year"))
    layout_version = models.CharField(_("layout"), max_length=40)
    data = models.JSONField()
    consolidated_at = models.DateTimeField(_("consolidated"), auto_now=True)
    consolidated_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programmes_annual_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.year}"
