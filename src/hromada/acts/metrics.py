"""Live metrics of the registry of acts for programme indicators: is the public told on time?

Both look at the twelve months up to the date (the day a year before not included, the date itself
included) and judge each act by its statutory publication deadline (acts.deadlines, the hromada's
working-day calendar and terms). An act published after the date counts as unpublished at that date. An
unpublished act whose deadline has not yet passed is left out; one whose deadline has passed counts as late.
Each metric reads the calendar and the settings once, whatever the number of acts.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from hromada.acts.deadlines import adopted_public_since, publication_deadline, publication_terms
from hromada.acts.lifecycle import ADOPTED_STATUSES, ADOPTED_TYPES, DRAFT_STATUSES, DRAFT_TERM_TYPES
from hromada.acts.models import Act, ActStatus
from hromada.core.core_metrics import UNIT_PERCENT
from hromada.core.deadlines import calendar_for
from hromada.core.metrics import metric, share

FIELDS = ("pk", "type", "status", "date", "consideration_date", "published_at", "internal")


def year_before(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def on_time_share(hromada, at: date, acts) -> Decimal:
    """The share of the acts published within their deadline, as of `at` (see the module's rules)."""
    cal, terms = calendar_for(hromada), publication_terms(hromada)
    on_time = judged = 0
    acts = list(acts)
    since = adopted_public_since(a.pk for a in acts if a.published_at is not None and a.status in ADOPTED_STATUSES
                                 and a.type in ADOPTED_TYPES)
    for act in acts:
        deadline = publication_deadline(act, cal, today=at, terms=terms, adopted_since=since.get(act.pk))
        if deadline is None:
            continue
        published_on = deadline.published_on
        if published_on is not None and published_on > at:
            published_on = None  # not yet published at that date
        if published_on is None:
            if at <= deadline.due:
                continue  # still within its term
            judged += 1  # overdue
            continue
        judged += 1
        on_time += published_on <= deadline.due
    return share(on_time, judged)


def _rows(hromada):
    return Act.objects.filter(hromada=hromada, internal=False).only(*FIELDS).order_by()


@metric("acts.adopted_published_on_time", name=_("Adopted acts published on time"), unit=UNIT_PERCENT,
        source=_("Registry of acts: publication of adopted acts within the statutory term, last 12 months"),
        dated=True)
def adopted_published_on_time(hromada, at):
    acts = _rows(hromada).filter(type__in=ADOPTED_TYPES, date__gt=year_before(at), date__lte=at).exclude(
        status__in=DRAFT_STATUSES)
    return on_time_share(hromada, at, acts)


@metric("acts.drafts_published_ahead", name=_("Drafts of acts published ahead of consideration"),
        unit=UNIT_PERCENT,
        source=_("Registry of acts: drafts considered in the last 12 months, published the statutory number "
                 "of working days ahead"),
        dated=True)
def drafts_published_ahead(hromada, at):
    acts = _rows(hromada).filter(status=ActStatus.DRAFT, type__in=DRAFT_TERM_TYPES,
                                 consideration_date__gt=year_before(at), consideration_date__lte=at)
    return on_time_share(hromada, at, acts)

