"""Publication deadlines of acts (Law «Про доступ до публічної інформації», Art. 15), by the core calendar.

Which term applies is told by acts.lifecycle (one story for every page):

* A draft for discussion is published not later than N working days before the date it is considered
  (`acts.draft_publication_working_days`, 10 since Law No. 890-IX): the latest day is the N-th working day
  counted back from the consideration date, that date itself not counted.
* An adopted act is published not later than M working days from its adoption
  (`acts.adopted_publication_working_days`, 5): the M-th working day after the act's date (its adoption date).
  It counts as published when the adopted text became public — the first published version in an adopted
  status — not when its draft was published for discussion.

Working drafts and internal acts are not published and have no deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from hromada.acts.lifecycle import ADOPTED_STATUSES, ADOPTED_TYPES, DRAFT_STATUSES, DRAFT_TERM_TYPES
from hromada.acts.models import Act, ActStatus, ActVersion
from hromada.core.deadlines import calendar_for
from hromada.core.hromada_settings import get_setting
from hromada.core.workcalendar import MAX_YEAR, MIN_YEAR, WorkCalendar

DUE_SOON_WORKING_DAYS = 3


def working_days_before(cal: WorkCalendar, day: date, count: int) -> date:
    """The `count`-th working day before `day` (`day` itself not counted)."""
    remaining = count
    while remaining:
        day -= timedelta(days=1)
        if cal.is_working_day(day):
            remaining -= 1
    return day


class Kind:
    DRAFT = "draft"
    ADOPTED = "adopted"


@dataclass(frozen=True)
class Deadline:
    kind: str  # Kind.DRAFT or Kind.ADOPTED
    due: date  # the last day the act may be published
    published_on: date | None
    state: str  # "on_time", "late" (published after due), "overdue" (not published, due passed), "pending"

    @property
    def is_late(self) -> bool:
        return self.state in ("late", "overdue")


def _in_range(day: date | None) -> bool:
    return day is not None and MIN_YEAR <= day.year <= MAX_YEAR


_UNKNOWN = object()


def adopted_public_since(act_ids) -> dict[int, dt.datetime]:
    """For each act published as a draft first, when its first adopted version was made; one query.

    An act published only once adopted is absent: its publication time is the act's own (which may be set
    back to a past day by an import, while its versions were made the day of the import).
    """
    ids = list(act_ids)
    if not ids:
        return {}
    drafts = Q(data__status__in=sorted(DRAFT_STATUSES))
    rows = (ActVersion.objects.filter(act_id__in=ids, published=True).values("act_id")
            .annotate(drafts=Count("pk", filter=drafts), first=Min("created_at", filter=~drafts))
            .filter(drafts__gt=0, first__isnull=False))
    return {row["act_id"]: row["first"] for row in rows}


def publication_deadline(act: Act, cal: WorkCalendar, today: date | None = None,
                         terms: tuple[int, int] | None = None, adopted_since=_UNKNOWN) -> Deadline | None:
    """The act's publication deadline and where it stands; None when the act has none.

    `adopted_since`: when the act's adopted text was first published (adopted_public_since); read when not given.
    """
    if act.internal or act.status == ActStatus.WORKING:
        return None
    draft_days, adopted_days = terms or publication_terms(act.hromada)
    published_at = act.published_at
    if act.status == ActStatus.DRAFT or act.type not in ADOPTED_TYPES:
        if act.status != ActStatus.DRAFT or act.type not in DRAFT_TERM_TYPES or \
                not _in_range(act.consideration_date):
            return None
        kind, due = Kind.DRAFT, working_days_before(cal, act.consideration_date, draft_days)
    elif act.status in ADOPTED_STATUSES and _in_range(act.date):
        kind, due = Kind.ADOPTED, cal.add_working_days(act.date, adopted_days)
        if published_at is not None:
            if adopted_since is _UNKNOWN:
                adopted_since = adopted_public_since([act.pk]).get(act.pk)
            # Published as a draft first: the adopted text became public with its first adopted version.
            if adopted_since is not None and adopted_since > published_at:
                published_at = adopted_since
    else:
        return None
    today = today or timezone.localdate()
    published_on = timezone.localtime(published_at).date() if published_at else None
    if published_on is not None:
        state = "on_time" if published_on <= due else "late"
    else:
        state = "overdue" if today > due else "pending"
    return Deadline(kind, due, published_on, state)


def publication_terms(hromada) -> tuple[int, int]:
    return (get_setting(hromada, "acts.draft_publication_working_days"),
            get_setting(hromada, "acts.adopted_publication_working_days"))


@dataclass(frozen=True)
class Row:
    act: Act
    deadline: Deadline
    working_days_left: int | None  # for pending ones: working days until the due date


def deadline_rows(hromada, acts, today: date | None = None) -> list[Row]:
    """Deadlines of the given acts of one hromada (one calendar and one settings read for all)."""
    cal, terms = calendar_for(hromada), publication_terms(hromada)
    today = today or timezone.localdate()
    acts = list(acts)
    since = adopted_public_since(a.pk for a in acts if a.published_at is not None and a.status in ADOPTED_STATUSES
                                 and a.type in ADOPTED_TYPES)
    rows = []
    for act in acts:
        act.hromada = hromada
        deadline = publication_deadline(act, cal, today, terms, adopted_since=since.get(act.pk))
        if deadline is None:
            continue
        left = cal.working_days_between(today, deadline.due) if deadline.state == "pending" else None
        rows.append(Row(act, deadline, left))
    return rows


def needs_attention(row: Row) -> bool:
    return row.deadline.is_late or (row.working_days_left is not None
                                    and row.working_days_left <= DUE_SOON_WORKING_DAYS)


def as_of(value: dt.datetime | None) -> date | None:
    return timezone.localtime(value).date() if value else None
