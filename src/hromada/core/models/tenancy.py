"""The hromada (tenant) and its territorial and organisational structure."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.hromada_settings import validate_overrides
from hromada.core.validators import (
    katottg_hromada_prefix,
    validate_edrpou,
    validate_hromada_katottg,
    validate_katottg,
)

# Ukraine's largest city has about 3 million people: anything above this is a typo, not a population.
POPULATION_LIMIT = 10_000_000


class Hromada(models.Model):
    class Kind(models.TextChoices):
        SILSKA = "silska", _("village (сільська)")
        SELYSHCHNA = "selyshchna", _("settlement (селищна)")
        MISKA = "miska", _("city (міська)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=100)
    council_name = models.CharField(_("council"), max_length=200)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    katottg = models.CharField(
        _("KATOTTG code"), max_length=19, unique=True, validators=[validate_hromada_katottg],
        error_messages={"unique": _("A hromada with this KATOTTG code already exists.")},
    )
    oblast = models.CharField(_("oblast"), max_length=100)
    raion = models.CharField(_("raion"), max_length=100)
    area_ha = models.DecimalField(
        _("area, ha"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[MaxValueValidator(POPULATION_LIMIT)]
    )
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    admin_centre = models.ForeignKey(
        "core.Settlement", verbose_name=_("administrative centre"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    description = models.TextField(_("about the hromada"), blank=True)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    is_default = models.BooleanField(
        _("default hromada"), default=False,
        help_text=_("Served on host names that no hromada claims."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hromada")
        verbose_name_plural = _("hromadas")
        ordering = [uk("name")]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True),
                                    name="core_hromada_single_default"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            self.settings = validate_overrides(self.settings or {})
        except ValidationError as error:
            raise ValidationError({"settings": error.messages}) from None
        if self.admin_centre_id and self.admin_centre.hromada_id != self.pk:
            raise ValidationError(
                {"admin_centre": _("The administrative centre must be a settlement of this hromada.")}
            )


class HromadaHost(models.Model):
    """A host name the hromada's portal is served on (its own domain, a subdomain of the operator…)."""

    hromada = models.ForeignKey(Hromada, on_delete=models.CASCADE, related_name="hosts")
    host = models.CharField(
        _("host name"), max_length=253, unique=True,
        error_messages={"unique": _("This host name already belongs to a hromada.")},
    )

    class Meta:
        verbose_name = _("host name")
        verbose_name_plural = _("host names")
        ordering = ["host"]

    def __str__(self) -> str:
        return self.host

    def save(self, *args, **kwargs):
        self.host = self.host.strip().lower().rstrip(".")
        super().save(*args, **kwargs)


class TenantModel(models.Model):
    """Base of every row that belongs to one hromada (house rule 2)."""

    hromada = models.ForeignKey(Hromada, on_delete=models.PROTECT, verbose_name=_("hromada"), related_name="+")

    class Meta:
        abstract = True


class StarostaDistrict(TenantModel):
    name = models.CharField(_("name"), max_length=150)
    centre = models.ForeignKey(
        "core.Settlement", verbose_name=_("centre"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    starosta_name = models.CharField(_("starosta"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("starosta district")
        verbose_name_plural = _("starosta districts")
        ordering = [uk("name")]
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="core_district_unique_name")]

    def __str__(self) -> str:
        return self.name


class Settlement(TenantModel):
    class Kind(models.TextChoices):
        MISTO = "misto", _("city (місто)")
        SELYSHCHE = "selyshche", _("settlement (селище)")
        SELO = "selo", _("village (село)")

    KIND_ABBREVIATIONS = {"misto": "м.", "selyshche": "с-ще", "selo": "с."}

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    katottg = models.CharField(
        _("KATOTTG code"), max_length=19, unique=True, validators=[validate_katottg],
        error_messages={"unique": _("A settlement with this KATOTTG code already exists.")},
    )
    population = models.PositiveIntegerField(
        _("population"), null=True, blank=True, validators=[MaxValueValidator(POPULATION_LIMIT)]
    )
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    area_ha = models.DecimalField(
        _("area, ha"), max_digits=12, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    starosta_district = models.ForeignKey(
        StarostaDistrict, verbose_name=_("starosta district"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="settlements",
    )

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = [uk("name")]

    def __str__(self) -> str:
        return f"{self.KIND_ABBREVIATIONS.get(self.kind, '')} {self.name}".strip()

    def clean(self) -> None:
        errors = {}
        if self.katottg and self.hromada_id:
            hromada_code = Hromada.objects.filter(pk=self.hromada_id).values_list("katottg", flat=True).first()
            if hromada_code and katottg_hromada_prefix(self.katottg) != katottg_hromada_prefix(hromada_code):
                errors["katottg"] = _("The code does not belong to this hromada: it must begin with %(prefix)s.") % {
                    "prefix": katottg_hromada_prefix(hromada_code)
                }
        if self.population is not None and self.population_date is None:
            errors["population_date"] = _("Give the date the population figure refers to.")
        if self.starosta_district_id and self.starosta_district.hromada_id != self.hromada_id:
            errors["starosta_district"] = _("Choose a starosta district of this hromada.")
        if errors:
            raise ValidationError(errors)


class Department(TenantModel):
    """A structural unit of the council's executive committee."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    head_name = models.CharField(_("head"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = [uk("name")]
        constraints = [models.UniqueConstraint(fields=["hromada", "name"], name="core_department_unique_name")]

    def __str__(self) -> str:
        return self.name


class Institution(TenantModel):
    """A communal enterprise or institution of the hromada (school, clinic, library…)."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("communal enterprise")
        SCHOOL = "school", _("school")
        KINDERGARTEN = "kindergarten", _("kindergarten")
        HEALTH = "health", _("health care")
        CULTURE = "culture", _("culture")
        SOCIAL = "social", _("social services")
        CNAP = "cnap", _("administrative services centre (ЦНАП)")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    edrpou = models.CharField(_("ЄДРПОУ code"), max_length=8, validators=[validate_edrpou])
    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="institutions",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    head_name = models.CharField(_("head"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = [uk("name")]
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "edrpou"], name="core_institution_unique_edrpou",
                violation_error_message=_("An institution with this ЄДРПОУ code is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.settlement_id and self.settlement.hromada_id != self.hromada_id:
            raise ValidationError({"settlement": _("Choose a settlement of this hromada.")})


class Official(TenantModel):
    """A member of the hromada's leadership shown on its public profile (head, deputies, secretary, starostas)."""

    position = models.CharField(_("position"), max_length=200)
    full_name = models.CharField(_("full name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("leadership")
        ordering = ["order", uk("full_name")]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.position}"
