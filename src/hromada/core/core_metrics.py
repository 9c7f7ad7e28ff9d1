"""The live metrics the foundation can compute: structure of the hromada and its accounts.

Later apps add theirs in their own ``metrics.py`` (share of e-appeals, published datasets, verified
residents…) in the same way.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.metrics import metric, share
from hromada.core.models import Department, Institution, RoleAssignment, Settlement
from hromada.core.roles import STAFF_ROLES, Role

UNIT_COUNT = _("units (count)")
UNIT_PERCENT = _("%")
UNIT_PEOPLE = _("people")


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


@metric("core.settlements", name=_("Settlements of the hromada"), unit=UNIT_COUNT,
        source=_("Structure register: settlements"))
def settlements(hromada, at):
    return Settlement.objects.filter(hromada=hromada).count()


@metric("core.population", name=_("Population of the settlements"), unit=UNIT_PEOPLE,
        source=_("Structure register: population of the settlements"))
def population(hromada, at):
    return Settlement.objects.filter(hromada=hromada).aggregate(total=Sum("population"))["total"] or 0


@metric("core.departments", name=_("Structural units of the council"), unit=UNIT_COUNT,
        source=_("Structure register: departments"))
def departments(hromada, at):
    return Department.objects.filter(hromada=hromada).count()


@metric("core.institutions", name=_("Communal institutions and enterprises"), unit=UNIT_COUNT,
        source=_("Structure register: institutions"))
def institutions(hromada, at):
    return Institution.objects.filter(hromada=hromada).count()


@metric("core.institutions_with_website", name=_("Share of communal institutions with a website"),
        unit=UNIT_PERCENT, source=_("Structure register: institutions with a website"))
def institutions_with_website(hromada, at):
    rows = Institution.objects.filter(hromada=hromada)
    return share(rows.exclude(website="").count(), rows.count())


def _accounts_with(hromada, at, roles) -> int:
    return (RoleAssignment.objects.filter(hromada=hromada, role__in=roles, granted_at__lte=_end_of(at),
                                          user__is_active=True)
            .values("user").distinct().count())


@metric("core.staff_accounts", name=_("Staff accounts on the platform"), unit=UNIT_COUNT,
        source=_("Accounts with a staff role granted by the date"), dated=True)
def staff_accounts(hromada, at):
    return _accounts_with(hromada, at, STAFF_ROLES)


@metric("core.resident_accounts", name=_("Residents registered on the portal"), unit=UNIT_PEOPLE,
        source=_("Accounts with the resident role granted by the date"), dated=True)
def resident_accounts(hromada, at):
    return _accounts_with(hromada, at, {Role.RESIDENT})
