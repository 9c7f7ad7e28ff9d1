"""Live indicators of the ЦНАП for the informatization programme (applications counted in the calendar year of
``at``; the catalogue as it stands)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from statistics import median

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.cnap.models import Application, Service, Ticket, TicketStatus
from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.metrics import metric, share

UNIT_DAYS = _("days")


def _year(at: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_default_timezone()
    return (dt.datetime.combine(dt.date(at.year, 1, 1), dt.time.min, tzinfo=zone),
            dt.datetime.combine(at + dt.timedelta(days=1), dt.time.min, tzinfo=zone))


def _catalogue(hromada):
    return Service.objects.filter(hromada=hromada, is_active=True, card__isnull=False)


@metric("cnap.services_online", name=_("Administrative services available online"), unit=UNIT_COUNT,
        source=_("Services of the ЦНАП catalogue with an approved card that can be applied for online"))
def services_online(hromada, at):
    return _catalogue(hromada).filter(online=True).count()


@metric("cnap.services_online_share", name=_("Share of administrative services available online"),
        unit=UNIT_PERCENT, source=_("Online services among the services of the ЦНАП catalogue"))
def services_online_share(hromada, at):
    return share(_catalogue(hromada).filter(online=True).count(), _catalogue(hromada).count())


def _applications(hromada, at):
    since, until = _year(at)
    return Application.objects.filter(hromada=hromada, submitted_at__gte=since, submitted_at__lt=until)


@metric("cnap.applications_online_share", name=_("Share of ЦНАП applications filed online"), unit=UNIT_PERCENT,
        source=_("Online applications against online applications plus documents submitted at the windows "
                 "(live-queue tickets served for submission) in the year"), dated=True)
def applications_online_share(hromada, at):
    since, until = _year(at)
    online = _applications(hromada, at).count()
    in_person = Ticket.objects.filter(hromada=hromada, purpose="submit", status=TicketStatus.DONE,
                                      issued_at__gte=since, issued_at__lt=until).count()
    return share(online, online + in_person)


def _answered(hromada, at):
    return list(_applications(hromada, at).filter(case__answered_at__isnull=False)
                .values_list("submitted_at", "case__answered_at", "case__due_date"))


@metric("cnap.median_processing_days", name=_("Median processing time of online applications"), unit=UNIT_DAYS,
        source=_("From filing to the result or refusal, online applications of the year"), dated=True)
def median_processing_days(hromada, at):
    rows = _answered(hromada, at)
    if not rows:
        return Decimal(0)
    return Decimal(str(round(median((answered - filed).total_seconds() / 86400 for filed, answered, _d in rows),
                             1)))


@metric("cnap.applications_on_time", name=_("Share of online applications processed on time"), unit=UNIT_PERCENT,
        source=_("Online applications of the year answered by the card's term"), dated=True)
def applications_on_time(hromada, at):
    rows = _answered(hromada, at)
    return share(sum(1 for _f, answered, due in rows if timezone.localdate(answered) <= due), len(rows))
