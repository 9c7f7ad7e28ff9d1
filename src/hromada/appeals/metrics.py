"""Live metrics of appeals for the programme module (the strategy's «share of e-appeals» and kin).

Each figure covers the year of the date asked for, up to the end of that day (Kyiv time): cases received from
1 January to ``at``, answered by the end of ``at``. Appeals here are appeals proper and hotline calls
registered as cases; information requests are counted on their own.
"""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.appeals.case_kinds import APPEAL, HOTLINE, INFO_REQUEST
from hromada.appeals.models import HotlineCall
from hromada.core.cases import clock
from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.deadlines import calendar_for
from hromada.core.metrics import metric, share
from hromada.core.models import Case
from hromada.core.models.cases import ELECTRONIC_CHANNELS

APPEAL_KINDS = (APPEAL, HOTLINE)
UNIT_WORKING_DAYS = _("working days")


def _window(at: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From 1 January of ``at``'s year to the end of ``at`` (Kyiv time), as [since, until)."""
    zone = timezone.get_default_timezone()
    return (dt.datetime.combine(dt.date(at.year, 1, 1), dt.time.min, tzinfo=zone),
            dt.datetime.combine(at + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


def _received(hromada, at: dt.date, kinds: tuple[str, ...]):
    since, until = _window(at)
    return Case.objects.filter(hromada=hromada, kind__in=kinds, received_at__gte=since, received_at__lt=until)


def _answered(hromada, at: dt.date, kinds: tuple[str, ...]) -> list[tuple]:
    """(received_at, answered_at, due_date, due_at) of the cases received and answered by the end of ``at``."""
    until = _window(at)[1]
    return list(_received(hromada, at, kinds).filter(answered_at__isnull=False, answered_at__lt=until)
                .order_by().values_list("received_at", "answered_at", "due_date", "due_at"))


def _on_time_share(hromada, at: dt.date, kinds: tuple[str, ...]):
    rows = _answered(hromada, at, kinds)
    return share(sum(not clock.late(answered, due_date, due_at) for _received, answered, due_date, due_at in rows),
                 len(rows))


@metric("appeals.electronic_share", name=_("Share of appeals filed electronically"), unit=UNIT_PERCENT,
        source=_("Case register: appeals and hotline cases received in the year by portal, app or e-mail"),
        dated=True)
def electronic_share(hromada, at):
    rows = _received(hromada, at, APPEAL_KINDS)
    return share(rows.filter(channel__in=ELECTRONIC_CHANNELS).count(), rows.count())


@metric("appeals.on_time_share", name=_("Share of appeals answered on time"), unit=UNIT_PERCENT,
        source=_("Case register: appeals and hotline cases received in the year and answered"), dated=True)
def on_time_share(hromada, at):
    return _on_time_share(hromada, at, APPEAL_KINDS)


@metric("appeals.median_answer_working_days", name=_("Median time to answer an appeal"), unit=UNIT_WORKING_DAYS,
        source=_("Case register: appeals and hotline cases received in the year and answered"), dated=True)
def median_answer_working_days(hromada, at):
    rows = _answered(hromada, at, APPEAL_KINDS)
    if not rows:
        return 0
    calendar = calendar_for(hromada)
    return statistics.median(calendar.working_days_between(timezone.localdate(received), timezone.localdate(answered))
                             for received, answered, _due_date, _due_at in rows)


@metric("appeals.hotline_calls_per_month", name=_("Hotline calls per month"), unit=UNIT_COUNT,
        source=_("Hotline call log: calls of the year so far, averaged over its months"), dated=True)
def hotline_calls_per_month(hromada, at):
    since, until = _window(at)
    calls = HotlineCall.objects.filter(Q(received_at__gte=since) & Q(received_at__lt=until), hromada=hromada).count()
    return Decimal(calls) / Decimal(at.month)


@metric("appeals.info_requests_on_time", name=_("Share of information requests answered on time"),
        unit=UNIT_PERCENT, source=_("Case register: information requests received in the year and answered"),
        dated=True)
def info_requests_on_time(hromada, at):
    return _on_time_share(hromada, at, (INFO_REQUEST,))

