"""Live metrics the registers offer the programme module (seed 002 goals II.II and V.II)."""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.core.models import Settlement
from hromada.registers.models import LandPlot, PropertyObject, Resident

LIVING = (Resident.Status.REGISTERED, Resident.Status.DECLARED, Resident.Status.IDP)


def _living(hromada):
    return Resident.objects.filter(hromada=hromada, status__in=LIVING)


@metric("registers.residents_vs_population", name=_("Residents in the register against the official population"),
        unit=UNIT_PERCENT, source=_("Residents register and the population of the settlements"))
def residents_vs_population(hromada, at):
    population = Settlement.objects.filter(hromada=hromada).aggregate(total=Sum("population"))["total"] or 0
    return share(_living(hromada).count(), population)


@metric("registers.verified_residents", name=_("Share of verified residents"), unit=UNIT_PERCENT,
        source=_("Residents register: verification state"))
def verified_residents(hromada, at):
    living = _living(hromada)
    return share(living.exclude(verification="").filter(verified_on__lte=at).count(), living.count())


@metric("registers.property_objects", name=_("Communal property objects entered in the register"),
        unit=UNIT_COUNT, source=_("Communal property register"))
def property_objects(hromada, at):
    return PropertyObject.objects.filter(hromada=hromada).count()


@metric("registers.property_leased", name=_("Share of communal property in lease"), unit=UNIT_PERCENT,
        source=_("Communal property register: use"))
def property_leased(hromada, at):
    rows = PropertyObject.objects.filter(hromada=hromada)
    return share(rows.filter(use=PropertyObject.Use.LEASED).count(), rows.count())


@metric("registers.land_plots", name=_("Land plots with cadastral numbers"), unit=UNIT_COUNT,
        source=_("Land plots register"))
def land_plots(hromada, at):
    return LandPlot.objects.filter(hromada=hromada).count()
