"""Internet connections of the council and each institution (seed 003: institutions joined to the network)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel


class Connection(TenantModel):
    class Technology(models.TextChoices):
        FIBRE = "fibre", _("optical fibre (FTTx)")
        ETHERNET = "ethernet", _("Ethernet")
        DSL = "dsl", _("xDSL")
        CABLE = "cable", _("cable (DOCSIS)")
        RADIO = "radio", _("radio link or Wi-Fi")
        MOBILE = "mobile", _("mobile (3G/4G)")
        SATELLITE = "satellite", _("satellite")
        OTHER = "other", _("other")

    institution = models.ForeignKey("core.Institution", verbose_name=_("institution"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    help_text=_("Leave empty for the council's own building."))
    settlement = models.ForeignKey("core.Settlement", verbose_name=_("settlement"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    provider = models.CharField(_("provider"), max_length=200)
    technology = models.CharField(_("technology"), max_length=10, choices=Technology.choices)
    contracted_mbps = models.DecimalField(_("contracted speed, Mbit/s"), max_digits=8, decimal_places=1,
                                          validators=[MinValueValidator(Decimal("0.1"))])
    measured_mbps = models.DecimalField(_("measured speed, Mbit/s"), max_digits=8, decimal_places=1, null=True,
                                        blank=True, validators=[MinValueValidator(Decimal(0))])
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    contract = models.CharField(_("contract"), max_length=200, blank=True)
    contract_until = models.DateField(_("contract until"), null=True, blank=True)
    monthly_cost = models.DecimalField(_("monthly cost, UAH"), max_digits=12, decimal_places=2, null=True,
                                       blank=True, validators=[MinValueValidator(Decimal(0))])
    corporate_network = models.BooleanField(_("joined to the hromada's corporate network"), default=False)
    active = models.BooleanField(_("in service"), default=True)
    public = models.BooleanField(_("shown on the public page"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        ordering = ["institution__name", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(measured_mbps__isnull=True) | models.Q(measured_on__isnull=False),
                                   name="itassets_connection_measurement_dated"),
        ]

    def __str__(self) -> str:
        owner = self.institution or _("council")
        return f"{owner} — {self.provider}"
