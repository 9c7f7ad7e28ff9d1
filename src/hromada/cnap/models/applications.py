"""Online applications for a service: a case of the core engine (number, clock, events, files) with the ЦНАП's
own stages on top (accepted by the administrator, with the provider, corrections asked, result ready, issued)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted by the ЦНАП")
    WITH_PROVIDER = "with_provider", _("with the provider")
    CORRECTIONS = "corrections", _("corrections asked")
    READY = "ready", _("result ready")
    ISSUED = "issued", _("result issued")
    REFUSED = "refused", _("refused")


class Delivery(models.TextChoices):
    CABINET = "cabinet", _("into my cabinet")
    OFFICE = "office", _("pick up at a ЦНАП office")


class Application(TenantModel):
    service = models.ForeignKey("cnap.Service", verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="applications")
    card = models.ForeignKey("cnap.ServiceCard", verbose_name=_("card"), on_delete=models.PROTECT,
                             related_name="applications")
    case = models.OneToOneField("core.Case", on_delete=models.PROTECT, related_name="cnap_application")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="cnap_applications")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED)
    delivery = models.CharField(_("result delivery"), max_length=10, choices=Delivery.choices,
                                default=Delivery.CABINET)
    pickup_office = models.ForeignKey("cnap.Office", verbose_name=_("pick-up office"), null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"))
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    corrections_note = models.TextField(_("corrections asked"), blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["hromada", "status"], name="cnap_application_status")]
