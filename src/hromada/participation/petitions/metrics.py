"""Live indicators of e-petitions for the informatization programme (counted in the calendar year of ``at``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.participation.models import Petition


def _window(at: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    return (dt.datetime.combine(dt.date(at.year, 1, 1), dt.time.min, tzinfo=zone),
            dt.datetime.combine(at + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


def _submitted(hromada, at):
    since, until = _window(at)
    return Petition.objects.filter(hromada=hromada, submitted_at__gte=since, submitted_at__lt=until)


@metric("participation.petitions_filed", name=_("E-petitions filed"), unit=UNIT_COUNT,
        source=_("E-petitions submitted in the year"), dated=True)
def petitions_filed(hromada, at):
    return _submitted(hromada, at).count()


@metric("participation.petitions_reached", name=_("E-petitions that collected the signatures"), unit=UNIT_COUNT,
        source=_("E-petitions that reached the threshold in the year"), dated=True)
def petitions_reached(hromada, at):
    since, until = _window(at)
    return Petition.objects.filter(hromada=hromada, reached_at__gte=since, reached_at__lt=until).count()


@metric("participation.petitions_answered_on_time", name=_("Share of e-petitions answered on time"),
        unit=UNIT_PERCENT, source=_("E-petitions considered in the year: answered by the case's due date"),
        dated=True)
def petitions_answered_on_time(hromada, at):
    since, until = _window(at)
    rows = list(Petition.objects.filter(hromada=hromada, case__isnull=False, case__received_at__gte=since,
                                        case__received_at__lt=until)
                .values_list("answered_at", "case__due_date"))
    on_time = sum(1 for answered, due in rows if answered and timezone.localdate(answered) <= due)
    return share(on_time, len(rows))
