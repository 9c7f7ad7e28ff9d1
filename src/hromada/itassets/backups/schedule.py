"""When a backed-up system is overdue — one rule for the register, the worklist, the notices and the metric.

A **backup is overdue** when the system is in service and its last successful backup (or, before the first one,
the moment the system was entered in the register) lies further back than its schedule's period plus a grace:

    daily 24 h · weekly 7 days · monthly 31 days, + the hromada's ``itassets.backup_grace_hours`` (6 by default)

A **restore test is overdue** when the last successful restore test (or the registration) lies further back
than ``restore_test_months`` calendar months (counted in Kyiv time; the 31st of a month minus one month is the
last day of the shorter month).

Exactly at the boundary a system is still on schedule; a microsecond later it is overdue. Both flags are SQL
expressions over the stored ``last_success_at`` / ``last_restore_test_at`` (kept by the services), so lists
filter and count them in the database whatever their size.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from hromada.core.hromada_settings import get_setting
from hromada.itassets.models import BackupTarget

Frequency = BackupTarget.Frequency

PERIODS = {
    Frequency.DAILY: timedelta(hours=24),
    Frequency.WEEKLY: timedelta(days=7),
    Frequency.MONTHLY: timedelta(days=31),
}
# The range the model allows for restore_test_months (its validators); a value outside it is never overdue.
RESTORE_MONTHS = range(1, 25)


def grace(hromada) -> timedelta:
    return timedelta(hours=max(0, int(get_setting(hromada, "itassets.backup_grace_hours"))))


def months_before(moment: datetime, months: int) -> datetime:
    """The same clock time ``months`` calendar months earlier in Kyiv time, the day clamped to the month's end."""
    local = timezone.localtime(moment)
    index = local.year * 12 + (local.month - 1) - months
    year, month0 = divmod(index, 12)
    day = min(local.day, calendar.monthrange(year, month0 + 1)[1])
    naive = local.replace(tzinfo=None).replace(year=year, month=month0 + 1, day=day)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def months_after(moment: datetime, months: int) -> datetime:
    return months_before(moment, -months)


def _older_than(field: str, cutoff: datetime) -> Q:
    """The reference time — ``field``, or the registration before the first run — is before ``cutoff``."""
    return Q(**{f"{field}__lt": cutoff}) | Q(**{f"{field}__isnull": True, "created_at__lt": cutoff})


def backup_overdue_q(now: datetime, grace_period: timedelta) -> Q:
    now = now.astimezone(UTC)  # periods are elapsed time: 24 h stays 24 h across a change of the clocks
    condition = Q()
    for frequency, period in PERIODS.items():
        condition |= Q(frequency=frequency) & _older_than("last_success_at", now - period - grace_period)
    return Q(active=True) & condition


def restore_overdue_q(now: datetime) -> Q:
    condition = Q()
    for months in RESTORE_MONTHS:
        condition |= Q(restore_test_months=months) & _older_than("last_restore_test_at",
                                                                   months_before(now, months))
    return Q(active=True) & condition


def with_flags(qs: QuerySet, hromada, now: datetime | None = None) -> QuerySet:
    """The targets annotated with ``backup_overdue`` and ``restore_overdue`` (booleans computed in SQL)."""
    now = now or timezone.now()
    return qs.annotate(backup_overdue=_flag(backup_overdue_q(now, grace(hromada))),
                       restore_overdue=_flag(restore_overdue_q(now)))


def _flag(condition: Q) -> Case:
    """True or False, never NULL (a comparison with an empty column is NULL in SQL)."""
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def backup_due_at(target: BackupTarget, grace_period: timedelta) -> datetime | None:
    """The moment after which the target's backup is overdue (None for a frequency we do not know)."""
    period = PERIODS.get(target.frequency)
    reference = target.last_success_at or target.created_at
    if period is None or reference is None:
        return None
    return reference.astimezone(UTC) + period + grace_period


def restore_due_at(target: BackupTarget) -> datetime | None:
    reference = target.last_restore_test_at or target.created_at
    if reference is None or target.restore_test_months not in RESTORE_MONTHS:
        return None
    return months_after(reference, target.restore_test_months)
