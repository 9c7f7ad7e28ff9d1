"""Hotline calls: every call the operator takes, answered on the spot or registered as a case.

Appeals and information requests themselves are cases of the core engine (``hromada.core.models.Case``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import Case, CaseCategory, TenantModel


class HotlineCall(TenantModel):
    class Outcome(models.TextChoices):
        CONSULTED = "consulted", _("answered on the spot (consultation)")
        CASE = "case", _("registered as a case")
        DROPPED = "dropped", _("call dropped, no matter stated")

    received_at = models.DateTimeField(_("received"), db_index=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    caller_name = models.CharField(_("caller"), max_length=200, blank=True)
    caller_phone = models.CharField(_("phone"), max_length=32, blank=True)
    resident = models.ForeignKey("registers.Resident", verbose_name=_("resident in the register"), null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    category = models.ForeignKey(CaseCategory, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("what the caller said"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    answer = models.TextField(_("consultation given"), blank=True)
    case = models.OneToOneField(Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="hotline_call")
    duration_seconds = models.PositiveIntegerField(_("duration, seconds"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotline call")
        verbose_name_plural = _("hotline calls")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["hromada", "received_at"], name="appeals_call_day")]

    def __str__(self) -> str:
        return f"{self.received_at:%d.%m.%Y %H:%M} {self.caller_name or self.caller_phone}"
