"""Field kinds shared by the programme models."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Financing is in thousand UAH with three decimals (i.e. to the hryvnia), never floats.
MONEY_MAX = Decimal("999999999.999")


def money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=3, default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONEY_MAX)], **kwargs,
    )


def value_field(verbose_name, **kwargs):
    """An indicator value: exact, up to three decimals, may be negative (e.g. a change)."""
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=3, null=True, blank=True, **kwargs)


def year_field(verbose_name, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name, validators=[MinValueValidator(2000), MaxValueValidator(2099)], **kwargs
    )


class Source(models.TextChoices):
    """Sources of financing as passport item 10 of the template names them."""

    LOCAL = "local", _("local budget")
    OTHER = "other", _("other sources")
