"""When an office receives, and the bookable slots that follow from it.

A day's reception is the office's hours for the weekday minus its break, unless an ``OfficeDay`` row says
otherwise (closed, other hours, the mobile office's visiting day). Public holidays and the hromada's days off of
the core calendar close every office (under martial law the holidays are working days, as the calendar says); a
weekend is closed only when the office has no hours for it. The mobile office receives only on its visiting days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hromada.cnap.models import Office, OfficeDay, OfficeKind, Slot, Window
from hromada.core.deadlines import calendar_for

WEEKEND_REASON = "вихідний день"


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=timezone.get_default_timezone())


def reception(office: Office, day: date, *, calendar=None, hours=None, special=None) -> list[tuple[datetime, datetime]]:
    """The office's reception periods on ``day`` (Kyiv time), breaks left out; [] when it is closed."""
    calendar = calendar or calendar_for(office.hromada)
    hours = hours if hours is not None else {h.weekday: h for h in office.hours.all()}
    special = OfficeDay.objects.filter(office=office, day=day).first() if special is None else special.get(day)
    if special is not None:
        if special.closed:
            return []
        if special.opens and special.closes and special.opens < special.closes:
            return [(_at(day, special.opens), _at(day, special.closes))]
    if office.kind == OfficeKind.MOBILE:
        return []  # the mobile office receives on its visiting days only
    reason = calendar.day_off_reason(day)
    if reason is not None and reason != WEEKEND_REASON:
        return []  # a public holiday or the hromada's day off
    regular = hours.get(day.weekday())
    if regular is None:
        return []
    opens, closes = _at(day, regular.opens), _at(day, regular.closes)
    if regular.break_starts and regular.break_ends and opens < _at(day, regular.break_starts) < _at(
            day, regular.break_ends) < closes:
        return [(opens, _at(day, regular.break_starts)), (_at(day, regular.break_ends), closes)]
    return [(opens, closes)]


def slot_starts(office: Office, periods: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    step = timedelta(minutes=max(office.slot_minutes, 5))
    starts = []
    for opens, closes in periods:
        moment = opens
        while moment + step <= closes:
            starts.append((moment, moment + step))
            moment += step
    return starts


def bookable_windows(office: Office) -> list[Window]:
    return [w for w in office.windows.filter(is_active=True, bookable=True).prefetch_related("services")
            if w.services.all()]


def plan(office: Office, first: date, last: date) -> set[tuple[int, datetime, datetime]]:
    """(window id, start, end) of every slot the schedule gives from ``first`` to ``last`` inclusive."""
    calendar = calendar_for(office.hromada)
    hours = {h.weekday: h for h in office.hours.all()}
    special = {d.day: d for d in OfficeDay.objects.filter(office=office, day__range=(first, last))}
    windows = bookable_windows(office)
    wanted = set()
    day = first
    while day <= last:
        for start, end in slot_starts(office, reception(office, day, calendar=calendar, hours=hours,
                                                        special=special)):
            wanted.update((w.pk, start, end) for w in windows)
        day += timedelta(days=1)
    return wanted


def sync_slots(office: Office, first: date, last: date) -> tuple[int, int]:
    """Make the office's slots from ``first`` to ``last`` follow its schedule: add what is missing, remove the
    free slots no longer in it. A slot someone booked is never removed here (staff cancel it, the resident is
    told). Returns (added, removed)."""
    wanted = plan(office, first, last)
    zone = timezone.get_default_timezone()
    lower = datetime.combine(first, time.min, tzinfo=zone)
    upper = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    with transaction.atomic():
        existing = {(s.window_id, s.starts_at): s for s in Slot.objects.filter(
            office=office, starts_at__gte=lower, starts_at__lt=upper)}
        keys = {(w, start) for w, start, _end in wanted}
        stale = [s.pk for key, s in existing.items() if key not in keys and s.booked == 0]
        Slot.objects.filter(pk__in=stale, booked=0).delete()
        new = [Slot(hromada_id=office.hromada_id, office=office, window_id=w, starts_at=start, ends_at=end)
               for w, start, end in sorted(wanted) if (w, start) not in existing]
        Slot.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new), len(stale)
