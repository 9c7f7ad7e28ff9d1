"""IT strategy (seed 002) and action plans (seed 003)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.models import TenantModel
from hromada.programmes.models.fields import value_field, year_field


class Strategy(TenantModel):
    title = models.CharField(_("title"), max_length=500)
    start_year = year_field(_("first year"))
    end_year = year_field(_("last year"))
    approval_decision = models.CharField(_("approval decision"), max_length=300, blank=True)
    approval_date = models.DateField(_("date of approval"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    is_published = models.BooleanField(_("published on the portal"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("IT strategy")
        verbose_name_plural = _("IT strategies")
        ordering = ["-start_year", uk("title")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")),
                                   name="programmes_strategy_term_order"),
        ]

    def __str__(self) -> str:
        return self.title


class StrategicDirection(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="directions")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("strategic direction")
        verbose_name_plural = _("strategic directions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "number"], name="programmes_sdirection_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class StrategicGoal(models.Model):
    direction = models.ForeignKey(StrategicDirection, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StrategyResult(models.Model):
    """An expected result with a measurable target; its progress comes from a live metric or by hand."""

    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="results")
    text = models.CharField(_("expected result"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline_value = value_field(_("baseline value"))
    target_value = value_field(_("target value"))
    current_value = value_field(_("current value"))
    current_as_of = models.DateField(_("current value as of"), null=True, blank=True)
    metric_key = models.CharField(_("live metric"), max_length=80, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(_("term as worded"), max_length=100, blank=True)
    departments = models.ManyToManyField("core.Department", verbose_name=_("responsible units"), blank=True,
                                         related_name="+")
    responsible_other = models.CharField(_("other responsible"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class ActionStep(models.Model):
    result = models.ForeignKey(StrategyResult, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("step"), max_length=500)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    is_done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class SwotItem(models.Model):
    class Quadrant(models.TextChoices):
        STRENGTH = "strength", _("strengths")
        WEAKNESS = "weakness", _("weaknesses")
        OPPORTUNITY = "opportunity", _("opportunities")
        THREAT = "threat", _("threats")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="swot")
    quadrant = models.CharField(_("quadrant"), max_length=12, choices=Quadrant.choices)
    text = models.CharField(_("text"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["quadrant", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class ActionPlan(TenantModel):
    title = models.CharField(_("title"), max_length=500)
    start_year = year_field(_("first year"))
    end_year = year_field(_("last year"))
    decision_body = models.CharField(_("approved by"), max_length=300, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    goal = models.TextField(_("goal"), blank=True)
    is_published = models.BooleanField(_("published on the portal"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-start_year", uk("title")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")),
                                   name="programmes_plan_term_order"),
        ]

    def __str__(self) -> str:
        return self.title


class PlanMeasure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("measure"), max_length=500)
    departments = models.ManyToManyField("core.Department", verbose_name=_("responsible units"), blank=True,
                                         related_name="+")
    responsible_other = models.CharField(_("other responsible"), max_length=500, blank=True)
    period_text = models.CharField(_("term as worded"), max_length=100, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    completion_indicator = models.TextField(_("indicator of completion"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="programmes_measure_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanIndicator(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("key indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    target = value_field(_("target"))
    actual = value_field(_("actual"))
    metric_key = models.CharField(_("live metric"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("key indicator")
        verbose_name_plural = _("key indicators")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name
