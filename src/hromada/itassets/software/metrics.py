"""Live metrics of software and licences for the programme's indicators (imported by itassets.metrics).

Seed 002 (goal V.III) plans to find unlicensed software and to buy and renew licences; the share of licensed
software («частка ліцензованого ПЗ») measures it. Each metric is one aggregate statement whatever the number of
installations; the licensed test is the selectors' (the same as the pages').
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.itassets.software import selectors


def _counts(hromada, at) -> dict:
    """Installations of titles that need a licence, and those of them that are licensed on ``at``."""
    qs = selectors.installations(hromada).exclude(selectors.free_q(hromada, at))
    return qs.aggregate(total=Count("pk"), licensed=Count("pk", filter=selectors.licensed_q(hromada, at)))


@metric("itassets.software_licensed_share", name=_("Share of licensed software"), unit=UNIT_PERCENT,
        source=_("Software register: installations of titles that need a licence (not free or open source) on "
                 "computers in use, covered by a seat of a licence in force held by the computer or the person it "
                 "is assigned to"))
def software_licensed_share(hromada, at):
    counts = _counts(hromada, at)
    return share(counts["licensed"], counts["total"])


@metric("itassets.unlicensed_installations", name=_("Unlicensed software installations"), unit=UNIT_COUNT,
        source=_("Software register: installations of titles that need a licence, on computers in use, without a "
                 "seat of a licence in force"))
def unlicensed_installations(hromada, at):
    counts = _counts(hromada, at)
    return counts["total"] - counts["licensed"]


@metric("itassets.licences_expiring_60d", name=_("Software licences expiring within 60 days"), unit=UNIT_COUNT,
        source=_("Software register: licences whose term ends within 60 days of the date"))
def licences_expiring_60d(hromada, at):
    return selectors.licences(hromada).filter(expires_on__gte=at, expires_on__lte=at + timedelta(days=60)).count()
