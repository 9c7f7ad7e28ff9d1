"""Reads of the IT service desk, tenant-scoped (house rule 2): who sees which requests, the queue's filters,
search and order, one request with its log, the requests of an item, and the figures.

Who sees what: the IT officer (``itassets.manage``) every request of the hromada; a department head
(``itassets.view``) the requests of the own department and the own; anyone else with ``itassets.report`` only
the own requests. Another hromada's request, or one a person may not see, is a 404.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from hromada.core.deadlines import calendar_for
from hromada.core.metrics import share
from hromada.core.models import RoleAssignment
from hromada.core.roles import can
from hromada.core.ukrtext import search_key
from hromada.itassets.models import Equipment, Priority, RequestWork, ServiceRequest
from hromada.itassets.permissions import MANAGE, VIEW
from hromada.itassets.servicedesk.services import OPEN, inventory_variants

Status = ServiceRequest.Status

SORTS = {
    "-received": ("-received_at", "-pk"),
    "received": ("received_at", "pk"),
    "due": ("due_date", "received_at", "pk"),
    "-due": ("-due_date", "-received_at", "-pk"),
    "priority": ("priority_rank", "due_date", "pk"),
    "number": ("received_at", "pk"),  # numbers follow receipt within a year
    "-number": ("-received_at", "-pk"),
}
PRIORITY_RANK = Case(*(When(priority=p, then=Value(i)) for i, p in enumerate(Priority.values)),
                     default=Value(len(Priority.values)), output_field=IntegerField())
# «ІТ-2026/00012», «it 2026/12» (Latin look-alikes), «2026/12»: year and sequence.
_NUMBER = re.compile(r"(?:^|\D)(\d{4})\s*[/\\.\-]\s*(\d{1,6})\s*$")


def requests(hromada) -> QuerySet[ServiceRequest]:
    return (ServiceRequest.objects.filter(hromada=hromada)
            .select_related("equipment", "assignee", "reporter", "institution", "department"))


def department_ids(user, hromada) -> list[int]:
    return list(RoleAssignment.objects.filter(user=user, hromada=hromada, department__isnull=False)
                .values_list("department_id", flat=True))


def visible(hromada, user) -> QuerySet[ServiceRequest]:
    """The requests this person may see (see the module's docstring)."""
    rows = requests(hromada)
    if can(user, hromada, MANAGE):
        return rows
    condition = Q(reporter=user)
    if can(user, hromada, VIEW):
        units = department_ids(user, hromada)
        if units:
            condition |= Q(department_id__in=units)
    return rows.filter(condition)


def mine(hromada, user) -> QuerySet[ServiceRequest]:
    return requests(hromada).filter(reporter=user)


def request_for(hromada, user, pk: int) -> ServiceRequest:
    try:
        return visible(hromada, user).get(pk=pk)
    except (ServiceRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def log(request: ServiceRequest) -> list[RequestWork]:
    return list(request.log.select_related("author").order_by("created_at", "pk"))


def totals(request: ServiceRequest) -> dict:
    """Minutes of work and the cost of parts recorded on the request."""
    minutes = cost = 0
    for entry in request.log.filter(kind__in=(RequestWork.Kind.WORK, RequestWork.Kind.PARTS)).only(
            "kind", "minutes", "parts_cost"):
        minutes += entry.minutes or 0
        cost += entry.parts_cost or 0
    return {"minutes": minutes, "cost": Decimal(cost).quantize(Decimal("0.01"))}


# --- the queue ------------------------------------------------------------------------------------------


@dataclass
class Filters:
    status: str = ""  # a status, "open" or "overdue"
    priority: str = ""
    kind: str = ""
    assignee: int | None = None  # 0: nobody
    reporter: int | None = None
    institution: int | None = None
    department: int | None = None
    equipment: int | None = None
    since: date | None = None  # received on or after
    until: date | None = None  # received on or before
    q: str = ""
    sort: str = ""


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def search(rows: QuerySet, query: str) -> QuerySet:
    """By number («ІТ-2026/00012», «2026/12», «12»), by words of the subject, or by an item's inventory number."""
    query = (query or "").replace("\x00", "").strip()[:200]
    if not query:
        return rows
    condition = Q(equipment__inventory_number__in=inventory_variants(query))
    key = search_key(query)
    if key:
        condition |= Q(subject_key__contains=key)
    match = _NUMBER.search(query)
    if match:
        year, seq = match.groups()
        condition |= Q(number__endswith=f"-{year}/{int(seq):05d}")
    elif query.isdigit() and len(query) <= 6:
        condition |= Q(number__endswith=f"/{int(query):05d}")
    return rows.filter(condition)


def apply(rows: QuerySet, filters: Filters, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    if filters.status == "open":
        rows = rows.filter(status__in=OPEN)
    elif filters.status == "overdue":
        rows = rows.filter(status__in=OPEN, due_date__lt=today)
    elif filters.status in Status.values:
        rows = rows.filter(status=filters.status)
    if filters.priority in Priority.values:
        rows = rows.filter(priority=filters.priority)
    if filters.kind in ServiceRequest.Kind.values:
        rows = rows.filter(kind=filters.kind)
    if filters.assignee == 0:
        rows = rows.filter(assignee__isnull=True)
    elif filters.assignee:
        rows = rows.filter(assignee_id=filters.assignee)
    for name in ("reporter", "institution", "department", "equipment"):
        value = getattr(filters, name)
        if value:
            rows = rows.filter(**{f"{name}_id": value})
    if filters.since:
        rows = rows.filter(received_at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(received_at__lt=_day_start(filters.until + timedelta(days=1)))
    rows = search(rows, filters.q)
    order = SORTS.get(filters.sort, SORTS["-received"])
    if "priority_rank" in order:
        rows = rows.annotate(priority_rank=PRIORITY_RANK)
    return rows.order_by(*order)


def queue(hromada, user, filters: Filters, today: date | None = None) -> QuerySet[ServiceRequest]:
    return apply(visible(hromada, user), filters, today)


def counts(rows: QuerySet, today: date | None = None) -> dict:
    """Open, overdue and new-unassigned requests among ``rows``, in one query."""
    today = today or timezone.localdate()
    return rows.order_by().aggregate(
        open=Count("pk", filter=Q(status__in=OPEN)),
        overdue=Count("pk", filter=Q(status__in=OPEN, due_date__lt=today)),
        unassigned=Count("pk", filter=Q(status=Status.NEW, assignee__isnull=True)),
    )


# --- equipment for the report form ----------------------------------------------------------------------


def own_items(hromada, user, limit: int = 200) -> list[Equipment]:
    """The items assigned to the person or to the person's department (not written off), the person's first."""
    units = department_ids(user, hromada)
    condition = Q(assigned_user=user)
    if units:
        condition |= Q(department_id__in=units)
    return list(Equipment.objects.filter(hromada=hromada).filter(condition)
                .exclude(status=Equipment.Status.WRITTEN_OFF)
                .annotate(own=Case(When(assigned_user=user, then=Value(0)), default=Value(1),
                                   output_field=IntegerField()))
                .order_by("own", "category", "inventory_number")[:limit])


def item(hromada, pk: int) -> Equipment:
    try:
        return Equipment.objects.select_related("institution", "department").get(hromada=hromada, pk=pk)
    except (Equipment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def item_requests(hromada, equipment: Equipment) -> QuerySet[ServiceRequest]:
    return requests(hromada).filter(equipment=equipment).order_by("-received_at", "-pk")


# --- figures --------------------------------------------------------------------------------------------


def _round(value, places: str = "0.1") -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


@dataclass
class Cell:
    received: int = 0
    hours: list[float] = field(default_factory=list)  # calendar hours from receipt to resolution
    working_days: list[int] = field(default_factory=list)
    on_time: int = 0

    @property
    def resolved(self) -> int:
        return len(self.hours)


@dataclass(frozen=True)
class Row:
    label: str
    received: int
    resolved: int
    on_time: int
    mean_hours: Decimal | None
    median_hours: Decimal | None
    mean_working_days: Decimal | None
    median_working_days: Decimal | None

    @property
    def on_time_share(self) -> Decimal | None:
        return share(self.on_time, self.resolved) if self.resolved else None

    @classmethod
    def of(cls, label: str, cell: Cell) -> Row:
        hours, days = cell.hours, cell.working_days
        return cls(
            label=label, received=cell.received, resolved=cell.resolved, on_time=cell.on_time,
            mean_hours=_round(statistics.fmean(hours)) if hours else None,
            median_hours=_round(statistics.median(hours)) if hours else None,
            mean_working_days=_round(statistics.fmean(days)) if days else None,
            median_working_days=_round(statistics.median(days)) if days else None,
        )


@dataclass
class Figures:
    since: date
    until: date
    total: Row
    by_month: list[tuple[date, Row]]  # (first day of the month, row), every month of the period
    by_kind: list[Row]
    by_priority: list[Row]

    @property
    def empty(self) -> bool:
        return self.total.received == 0 and self.total.resolved == 0


def months_between(since: date, until: date) -> list[date]:
    months, day = [], since.replace(day=1)
    while day <= until:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def _month_of(value) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return date(value.year, value.month, 1)
    if isinstance(value, date):
        return value.replace(day=1)
    text = str(value)
    return date(int(text[:4]), int(text[5:7]), 1)


def figures(hromada, since: date, until: date) -> Figures:
    """Requests received and resolved in [since, until], per month, kind and priority, in two queries (and the
    calendar's): received are counted by the database; the resolved ones' times are read to compute means and
    medians. Time to close runs from receipt to resolution — in calendar hours, and in working days of the core
    calendar after the day of receipt up to the day of resolution; «on time» is resolved by the due date.
    Cancelled requests count as received, never as resolved."""
    zone = timezone.get_default_timezone()
    start, end = _day_start(since), _day_start(until + timedelta(days=1))
    rows = ServiceRequest.objects.filter(hromada=hromada).order_by()
    months: dict[date, Cell] = {month: Cell() for month in months_between(since, until)}
    kinds: dict[str, Cell] = defaultdict(Cell)
    priorities: dict[str, Cell] = defaultdict(Cell)
    received = (rows.filter(received_at__gte=start, received_at__lt=end)
                .annotate(month=TruncMonth("received_at", tzinfo=zone))
                .values("month", "kind", "priority").annotate(n=Count("pk"))
                .values_list("month", "kind", "priority", "n"))
    for month, kind, priority, count in received:
        months.setdefault(_month_of(month), Cell()).received += count
        kinds[kind].received += count
        priorities[priority].received += count
    calendar = calendar_for(hromada)
    resolved = (rows.filter(resolved_at__gte=start, resolved_at__lt=end,
                            status__in=(Status.RESOLVED, Status.CLOSED))
                .values_list("received_at", "resolved_at", "due_date", "kind", "priority"))
    for received_at, resolved_at, due_date, kind, priority in resolved.iterator(chunk_size=5000):
        hours = max((resolved_at - received_at).total_seconds(), 0) / 3600
        first, last = timezone.localdate(received_at), timezone.localdate(resolved_at)
        working = calendar.working_days_between(first, last)
        on_time = last <= due_date
        for cell in (months.setdefault(_month_of(resolved_at), Cell()), kinds[kind], priorities[priority]):
            cell.hours.append(hours)
            cell.working_days.append(working)
            cell.on_time += on_time
    total = Cell()
    for cell in months.values():
        total.received += cell.received
        total.hours.extend(cell.hours)
        total.working_days.extend(cell.working_days)
        total.on_time += cell.on_time
    return Figures(
        since=since, until=until, total=Row.of("", total),
        by_month=[(month, Row.of("", months[month])) for month in sorted(months)],
        by_kind=[Row.of(str(label), kinds[value]) for value, label in ServiceRequest.Kind.choices
                 if value in kinds],
        by_priority=[Row.of(str(label), priorities[value]) for value, label in Priority.choices
                     if value in priorities],
    )


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months: from the first day of the month eleven months back to today."""
    today = today or timezone.localdate()
    month = today.year * 12 + today.month - 1 - 11
    return date(month // 12, month % 12 + 1, 1), today
