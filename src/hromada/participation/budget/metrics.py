"""Live indicators of the participatory budget for the informatization programme."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from hromada.accounts import eligibility
from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.hromada_settings import get_setting
from hromada.core.metrics import metric, share
from hromada.participation.models import Edition, Project, ProjectStatus


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def eligible_residents(hromada, at: dt.date) -> int:
    """Register records of the hromada with a status allowed to vote and of the minimum age on ``at``."""
    from hromada.registers.models import Resident

    minimum = int(get_setting(hromada, "eligibility.vote.min_age"))
    return Resident.objects.filter(hromada=hromada, status__in=eligibility.allowed_statuses(hromada, "vote"),
                                   birth_date__lte=_years_before(at, minimum)).count()


@metric("participation.budget_participation", name=_("Participation in the participatory budget"),
        unit=UNIT_PERCENT, source=_("Ballots of the year's edition per residents eligible to vote"), dated=True)
def budget_participation(hromada, at):
    edition = Edition.objects.filter(hromada=hromada, year=at.year).first()
    if edition is None:
        return share(0, 0)
    return share(edition.ballots_count, eligible_residents(hromada, at))


@metric("participation.budget_implemented", name=_("Participatory budget projects implemented"),
        unit=UNIT_COUNT, source=_("Winning projects implemented in the year"), dated=True)
def budget_implemented(hromada, at):
    return Project.objects.filter(hromada=hromada, status=ProjectStatus.IMPLEMENTED,
                                  implemented_on__gte=dt.date(at.year, 1, 1), implemented_on__lte=at).count()
