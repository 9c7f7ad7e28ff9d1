"""Software titles, licences and their seats, installations per computer, and standard sets per job profile.

A licence's seats are counted from its open Seat rows; an installation is licensed when its computer (or the
person the computer is assigned to) holds an open seat of a licence of that title in force on the day, or when
the title is free or open source. The comparison lives in the selectors, so it is the same for pages, API,
metrics and reminders.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel
from hromada.itassets.models.equipment import FundingSource


class Software(TenantModel):
    class Kind(models.TextChoices):
        OS = "os", _("operating system")
        OFFICE = "office", _("office suite")
        ACCOUNTING = "accounting", _("accounting")
        ANTIVIRUS = "antivirus", _("antivirus")
        EDMS = "edms", _("document management (EDMS)")
        BROWSER = "browser", _("browser")
        DATABASE = "database", _("database")
        GRAPHICS = "graphics", _("graphics and design")
        SIGNATURE = "signature", _("e-signature")
        REGISTRY = "registry", _("state registry client")
        OTHER = "other", _("other")

    name = models.CharField(_("title"), max_length=200)
    name_key = models.CharField(max_length=400, db_index=True, editable=False)
    vendor = models.CharField(_("vendor"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    free = models.BooleanField(_("free or open source — needs no licence"), default=False)
    current_version = models.CharField(_("current version"), max_length=50, blank=True)
    minimum_version = models.CharField(_("oldest supported version"), max_length=50, blank=True,
                                       help_text=_("Installations of an older version are counted as outdated."))
    support_ends_on = models.DateField(_("vendor support ends"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("software title")
        verbose_name_plural = _("software")
        ordering = ["name_key", "pk"]
        constraints = [models.UniqueConstraint(fields=["hromada", "name", "vendor"], name="itassets_software_name",
                                               violation_error_message=_("This title of this vendor exists."))]

    def __str__(self) -> str:
        return f"{self.name} ({self.vendor})" if self.vendor else self.name


class Licence(TenantModel):
    class Kind(models.TextChoices):
        PERPETUAL = "perpetual", _("perpetual")
        SUBSCRIPTION = "subscription", _("subscription")
        OEM = "oem", _("OEM (with the computer)")
        FREE = "free", _("free")
        OPEN_SOURCE = "open_source", _("open source")

    software = models.ForeignKey(Software, verbose_name=_("software"), on_delete=models.PROTECT,
                                 related_name="licences")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True,
                                        help_text=_("Leave empty for an unlimited licence."))
    starts_on = models.DateField(_("valid from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    cost = models.DecimalField(_("cost, UAH"), max_digits=14, decimal_places=2, null=True, blank=True,
                               validators=[MinValueValidator(Decimal(0))])
    funding_source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices,
                                      blank=True)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    contract = models.CharField(_("contract or invoice"), max_length=200, blank=True)
    key_reference = models.CharField(_("where the key is kept"), max_length=200, blank=True)  # never the key
    document = models.FileField(_("licence document"), upload_to="itassets/licences/%Y/", blank=True)
    institution = models.ForeignKey("core.Institution", verbose_name=_("licensee institution"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="+")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["software__name_key", "expires_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_on__isnull=True) | models.Q(starts_on__isnull=True)
                                   | models.Q(expires_on__gte=models.F("starts_on")),
                                   name="itassets_licence_term_order"),
        ]

    def __str__(self) -> str:
        return f"{self.software} — {self.get_kind_display()}"


class Seat(TenantModel):
    """A seat of a licence given to a computer or a person; released seats stay as history."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="seat_assignments")
    equipment = models.ForeignKey("itassets.Equipment", verbose_name=_("computer"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    person_name = models.CharField(_("person"), max_length=150, blank=True)
    assigned_on = models.DateField(_("assigned on"))
    released_on = models.DateField(_("released on"), null=True, blank=True)

    class Meta:
        verbose_name = _("licence seat")
        verbose_name_plural = _("licence seats")
        ordering = ["-assigned_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(equipment__isnull=False) | ~models.Q(person_name="")
                                   | models.Q(user__isnull=False), name="itassets_seat_holder"),
            models.UniqueConstraint(fields=["licence", "equipment"],
                                    condition=models.Q(released_on__isnull=True, equipment__isnull=False),
                                    name="itassets_seat_once_per_computer"),
        ]
        # The compliance test looks seats up by the name of the person a computer is assigned to.
        indexes = [models.Index(fields=["person_name"], name="itassets_seat_person")]


class Installation(TenantModel):
    """A title found or entered on a computer."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered")
        IMPORT = "import", _("imported")

    equipment = models.ForeignKey("itassets.Equipment", verbose_name=_("computer"), on_delete=models.CASCADE,
                                  related_name="installations")
    software = models.ForeignKey(Software, verbose_name=_("software"), on_delete=models.PROTECT,
                                 related_name="installations")
    version = models.CharField(_("version"), max_length=50, blank=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    seen_at = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installations")
        ordering = ["equipment__inventory_number", "software__name_key"]
        constraints = [models.UniqueConstraint(fields=["equipment", "software"], name="itassets_installation_once")]


class SoftwareProfile(TenantModel):
    """A standard configuration for a job (seed 002): the computer it needs and the software it must have."""

    name = models.CharField(_("job profile"), max_length=150)
    hardware = models.TextField(_("standard hardware configuration"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("job profile")
        verbose_name_plural = _("job profiles")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="itassets_profile_name")]

    def __str__(self) -> str:
        return self.name


class SoftwareProfileItem(models.Model):
    profile = models.ForeignKey(SoftwareProfile, on_delete=models.CASCADE, related_name="items")
    software = models.ForeignKey(Software, verbose_name=_("software"), on_delete=models.PROTECT, related_name="+")
    minimum_version = models.CharField(_("at least version"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("software of a profile")
        verbose_name_plural = _("software of a profile")
        constraints = [models.UniqueConstraint(fields=["profile", "software"], name="itassets_profile_item_once")]

    def __str__(self) -> str:
        return f"{self.profile} — {self.software}"
