"""Exceptions to the working-day calendar: extra days off and working Saturdays."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarException(models.Model):
    """A day that differs from the statutory calendar, for one hromada or (hromada empty) for all."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("extra day off")
        WORKING_DAY = "working_day", _("working day")

    hromada = models.ForeignKey(
        "core.Hromada", null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_exceptions",
        verbose_name=_("hromada"),
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=250)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "date"], name="core_calendar_unique_day",
                violation_error_message=_("This date already has an exception."),
            ),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(hromada__isnull=True), name="core_calendar_unique_national_day",
                violation_error_message=_("This date already has an exception."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"
