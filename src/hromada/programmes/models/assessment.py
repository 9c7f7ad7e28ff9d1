"""Yearly self-assessments against a versioned methodology (IT self-audit, digital transformation index)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel
from hromada.programmes.models.fields import value_field, year_field


class Assessment(TenantModel):
    methodology = models.CharField(_("methodology"), max_length=60)
    methodology_version = models.CharField(_("methodology version"), max_length=20)
    year = year_field(_("year"))
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    is_final = models.BooleanField(_("final"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["methodology", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "methodology", "year"],
                                    name="programmes_assessment_unique",
                                    violation_error_message=_("This year has already been assessed.")),
        ]

    def __str__(self) -> str:
        return f"{self.methodology} {self.methodology_version}, {self.year}"


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator_key = models.CharField(max_length=80)
    value = value_field(_("value"))  # yes/no as 1/0, percent 0–100, or a number
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator_key"], name="programmes_answer_unique"),
        ]

    def __str__(self) -> str:
        return self.indicator_key
