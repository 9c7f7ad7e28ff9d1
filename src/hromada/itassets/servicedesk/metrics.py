"""Live indicators of the IT service desk for the informatization programme: how fast and how reliably IT
requests are resolved. Both are dated: they count the requests resolved in the twelve months up to the date
(from the day after the same date a year earlier, Kyiv time), each in one aggregate query."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.itassets.models import ServiceRequest

UNIT_HOURS = _("hours")
Status = ServiceRequest.Status


def _year_to(at: date):
    """Requests resolved in (at − 1 year, at], Kyiv days."""
    zone = timezone.get_default_timezone()
    try:
        first = at.replace(year=at.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        first = date(at.year - 1, 3, 1)
    return (ServiceRequest.objects.filter(
        status__in=(Status.RESOLVED, Status.CLOSED), resolved_at__isnull=False,
        resolved_at__gte=datetime.combine(first, time.min, tzinfo=zone),
        resolved_at__lt=datetime.combine(at + timedelta(days=1), time.min, tzinfo=zone)).order_by())


@metric("itassets.requests_mean_close_hours", name=_("Mean time to close an IT service request"),
        unit=UNIT_HOURS, dated=True,
        source=_("IT service requests resolved in the twelve months up to the date: the mean of the calendar "
                 "hours from receipt to resolution"))
def requests_mean_close_hours(hromada, at):
    mean = _year_to(at).filter(hromada=hromada).aggregate(mean=Avg(ExpressionWrapper(
        F("resolved_at") - F("received_at"), output_field=DurationField())))["mean"]
    if mean is None:
        return 0
    if isinstance(mean, timedelta):
        micro = (mean.days * 86_400 + mean.seconds) * 1_000_000 + mean.microseconds
    else:  # a backend that averages durations as microseconds
        micro = Decimal(str(mean))
    return Decimal(micro) / Decimal(3_600_000_000)


@metric("itassets.requests_on_time_share", name=_("Share of IT service requests resolved on time"),
        unit=UNIT_PERCENT, dated=True,
        source=_("IT service requests resolved in the twelve months up to the date: those resolved by the due "
                 "date of their priority's term"))
def requests_on_time_share(hromada, at):
    zone = timezone.get_default_timezone()
    figures = (_year_to(at).filter(hromada=hromada).annotate(day=TruncDate("resolved_at", tzinfo=zone))
               .aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(day__lte=F("due_date")))))
    return share(figures["on_time"], figures["total"])
