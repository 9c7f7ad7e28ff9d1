"""The informatization programme on the Mintsyfra template: passport, sections II–VI, Annex 1 and Annex 2."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.models import TenantModel
from hromada.programmes.models.fields import Source, money_field, value_field, year_field

SECTIONS = ("ii", "iii", "iv", "v", "vi")


class Programme(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("under expert review")
        APPROVED = "approved", _("approved")
        EXECUTION = "execution", _("in execution")
        COMPLETED = "completed", _("completed")

    title = models.CharField(_("title of the programme"), max_length=500)
    catalogue = models.CharField(_("template"), max_length=50, default="mintsyfra-2024")
    # Passport item 3
    decree_title = models.CharField(_("title of the decree on drafting"), max_length=500, blank=True)
    decree_date = models.DateField(_("date of the decree on drafting"), null=True, blank=True)
    decree_number = models.CharField(_("number of the decree on drafting"), max_length=50, blank=True)
    # Passport item 4
    gsc_approval_date = models.DateField(
        _("date of approval by the General State Customer"), null=True, blank=True,
        help_text=_("General State Customer of the National Informatization Programme (Mintsyfra)."),
    )
    goal = models.TextField(_("goal of the programme"), blank=True)  # item 5
    developer = models.ForeignKey(  # item 6
        "core.Department", verbose_name=_("developer"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("The structural unit of the council that drafts the programme."),
    )
    head_position = models.CharField(_("position of the head of the programme"), max_length=250, blank=True)
    head_name = models.CharField(_("name of the head of the programme"), max_length=150, blank=True)  # item 7
    responsible_departments = models.ManyToManyField(  # item 8
        "core.Department", verbose_name=_("responsible structural units"), blank=True, related_name="+",
    )
    responsible_institutions = models.ManyToManyField(
        "core.Institution", verbose_name=_("responsible institutions and enterprises"), blank=True,
        related_name="+",
    )
    responsible_other = models.CharField(_("other responsible organisations"), max_length=500, blank=True)
    start_year = year_field(_("first year"))  # item 9
    end_year = year_field(_("last year"))
    section_ii = models.TextField(_("II. General provisions"), blank=True)
    section_iii = models.TextField(_("III. Analysis of the state of informatization"), blank=True)
    section_iv = models.TextField(_("IV. Goal, priority directions and tasks"), blank=True)
    section_v = models.TextField(_("V. Expected results"), blank=True)
    section_vi = models.TextField(_("VI. Monitoring and evaluation"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approval_decision = models.CharField(_("approval decision"), max_length=300, blank=True)
    approval_date = models.DateField(_("date of approval"), null=True, blank=True)
    version = models.PositiveIntegerField(_("approved version"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("informatization programme")
        verbose_name_plural = _("informatization programmes")
        ordering = ["-start_year", uk("title")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")),
                                   name="programmes_programme_term_order"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_public(self) -> bool:
        """Residents see a programme once it has been approved at least once."""
        return self.version > 0

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class ProgrammeFinancing(models.Model):
    """Passport item 10: the total and its sources for one year of the term (thousand UAH)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="financing")
    year = year_field(_("year"))
    total = money_field(_("total, thousand UAH"))
    local_budget = money_field(_("local budget, thousand UAH"))
    other_sources = money_field(_("other sources, thousand UAH"))

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programmes_financing_unique_year"),
            models.CheckConstraint(
                condition=models.Q(total=models.F("local_budget") + models.F("other_sources")),
                name="programmes_financing_sources_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.year}"


class Direction(models.Model):
    """A priority direction of section IV: from the template's catalogue or the hromada's own."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="directions")
    catalogue_key = models.CharField(_("catalogue entry"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("priority direction")
        verbose_name_plural = _("priority directions")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="programmes_direction_unique_name",
                                    violation_error_message=_("The programme already has this direction.")),
        ]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A row of Annex 1: a task, project or work for the three years."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    direction = models.ForeignKey(Direction, verbose_name=_("priority direction"), on_delete=models.PROTECT,
                                  related_name="tasks")
    catalogue_key = models.CharField(_("catalogue entry"), max_length=60, blank=True)
    name = models.CharField(_("task"), max_length=1000)
    project = models.CharField(_("project or work"), max_length=500, blank=True)
    departments = models.ManyToManyField("core.Department", verbose_name=_("responsible units"),
                                         related_name="programme_tasks")
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    expected_result = models.TextField(_("expected result"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    percent_done = models.PositiveSmallIntegerField(
        _("done, %"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["direction__order", "direction_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="programmes_task_term_order"),
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="programmes_task_percent"),
        ]

    def __str__(self) -> str:
        return self.project or self.name


class TaskFinancing(models.Model):
    """Planned and actual financing of a task for one year from one source (thousand UAH)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="financing")
    year = year_field(_("year"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    planned = money_field(_("planned, thousand UAH"))
    actual = money_field(_("actual, thousand UAH"))

    class Meta:
        ordering = ["year", "source"]
        constraints = [
            models.UniqueConstraint(fields=["task", "year", "source"], name="programmes_taskfin_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.year} {self.source}"


class Indicator(models.Model):
    """A row of Annex 2: entered by hand or bound to a live metric of the platform."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    direction = models.ForeignKey(Direction, verbose_name=_("priority direction"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=500)
    unit = models.CharField(_("unit"), max_length=60)
    baseline_value = value_field(_("baseline value"))
    baseline_year = year_field(_("baseline year"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    metric_key = models.CharField(
        _("live metric"), max_length=80, blank=True,
        help_text=_("When chosen, the actual value is computed by the platform at each monitoring date."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return bool(self.metric_key)


class IndicatorYear(models.Model):
    """Target and actual value of an indicator for one year of the term."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="years")
    year = year_field(_("year"))
    target = value_field(_("target"))
    actual = value_field(_("actual"))
    actual_source = models.CharField(_("source of the actual value"), max_length=300, blank=True)
    actual_as_of = models.DateField(_("actual as of"), null=True, blank=True)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="programmes_indicatoryear_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.year}"


class ProgrammeVersion(models.Model):
    """A frozen copy of the programme as approved; amendments keep the earlier ones viewable."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    approval_decision = models.CharField(_("approval decision"), max_length=300)
    approval_date = models.DateField(_("date of approval"))
    snapshot = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="programmes_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} v{self.number}"


__all__ = ["SECTIONS", "Direction", "Indicator", "IndicatorYear", "Programme", "ProgrammeFinancing",
           "ProgrammeVersion", "Source", "Task", "TaskFinancing"]
