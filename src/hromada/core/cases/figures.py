"""Public responsiveness figures of cases: how many came in, how many were answered, how fast and on time.

Per month of receipt, per department and per category (and per month within each of them for the data files),
for the cases of some kinds received in one year. The database counts the cases received (GROUP BY month, unit,
category); the times to answer need percentiles, so the few timestamps of the answered cases are read in one
more query and the medians and 95th percentiles computed here. Nothing personal is read: no applicant, no text.

Time to answer is counted in calendar days (the answer's Kyiv date minus the receipt's) and in working days of
the hromada's calendar (working days after the day of receipt up to the day of the answer, as terms are
counted). «On time» is the engine's own judgement (``clock.late``: the hour for terms in hours, else the day).
The 95th percentile is the nearest-rank one: the smallest time within which 95 % of the answers came.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from hromada.core.cases import clock
from hromada.core.deadlines import calendar_for
from hromada.core.metrics import share
from hromada.core.models import Case, CaseCategory, Department

CACHE_SECONDS = 300


def percentile(values: list, fraction: float):
    """The nearest-rank percentile of ``values`` (None for none)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def median(values: list):
    return statistics.median(values) if values else None


@dataclass
class Cell:
    """Raw figures of one group: the count received and the answered cases' times."""

    received: int = 0
    on_time: int = 0
    days: list[int] = field(default_factory=list)
    working_days: list[int] = field(default_factory=list)

    def add(self, other: Cell) -> None:
        self.received += other.received
        self.on_time += other.on_time
        self.days.extend(other.days)
        self.working_days.extend(other.working_days)


@dataclass(frozen=True)
class Row:
    label: str
    received: int
    answered: int
    on_time: int
    median_days: float | None
    p95_days: int | None
    median_working_days: float | None
    p95_working_days: int | None

    @property
    def on_time_share(self):
        """Per cent of the answered cases answered on time (None when none was answered)."""
        return share(self.on_time, self.answered) if self.answered else None

    @classmethod
    def of(cls, label: str, cell: Cell) -> Row:
        return cls(label=label, received=cell.received, answered=len(cell.days), on_time=cell.on_time,
                   median_days=median(cell.days), p95_days=percentile(cell.days, 0.95),
                   median_working_days=median(cell.working_days),
                   p95_working_days=percentile(cell.working_days, 0.95))


@dataclass
class Figures:
    year: int
    kinds: tuple[str, ...]
    total: Row
    by_month: list[tuple[int, Row]]  # (month number, row) for all twelve months
    by_department: list[Row]
    by_category: list[Row]
    # (month, row) per department and per category: the data files' detail
    department_months: list[tuple[int, Row]] = field(default_factory=list)
    category_months: list[tuple[int, Row]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.total.received == 0


def year_bounds(year: int) -> tuple[datetime, datetime]:
    zone = timezone.get_default_timezone()
    return (datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
            datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone))


def year_cases(hromada, year: int, kinds: tuple[str, ...]):
    since, until = year_bounds(year)
    return Case.objects.filter(hromada=hromada, kind__in=kinds, received_at__gte=since, received_at__lt=until)


def _cells(hromada, year: int, kinds: tuple[str, ...]) -> dict[tuple, Cell]:
    """(month, department id, category id) -> Cell, in two queries whatever the number of cases."""
    zone = timezone.get_default_timezone()
    rows = year_cases(hromada, year, kinds).order_by()
    cells: dict[tuple, Cell] = defaultdict(Cell)
    received = (rows.annotate(month=TruncMonth("received_at", tzinfo=zone))
                .values("month", "department_id", "category_id").annotate(n=Count("id"))
                .values_list("month", "department_id", "category_id", "n"))
    for month, department, category, count in received:
        cells[(_month_number(month), department, category)].received += count
    calendar = calendar_for(hromada)
    answered = rows.filter(answered_at__isnull=False).values_list(
        "received_at", "answered_at", "due_date", "due_at", "department_id", "category_id")
    for received_at, answered_at, due_date, due_at, department, category in answered.iterator(chunk_size=5000):
        start, end = timezone.localdate(received_at), timezone.localdate(answered_at)
        cell = cells[(start.month, department, category)]
        cell.days.append((end - start).days)
        cell.working_days.append(calendar.working_days_between(start, end))
        cell.on_time += not clock.late(answered_at, due_date, due_at)
    return cells


def _month_number(value) -> int:
    if isinstance(value, datetime):
        return timezone.localtime(value).month if timezone.is_aware(value) else value.month
    if isinstance(value, date):
        return value.month
    return int(str(value)[5:7])  # a backend returning text


def _grouped(cells: dict[tuple, Cell], key) -> dict:
    groups: dict = defaultdict(Cell)
    for cell_key, cell in cells.items():
        groups[key(cell_key)].add(cell)
    return groups


def _sorted_rows(groups: dict, names: dict, empty: str) -> list[Row]:
    rows = [Row.of(names.get(key, empty) if key is not None else empty, cell) for key, cell in groups.items()]
    return sorted(rows, key=lambda row: (-row.received, row.label))


def month_name(month: int) -> str:
    return str(MONTHS[month])


def compute(hromada, year: int, kinds: tuple[str, ...]) -> Figures:
    cells = _cells(hromada, year, kinds)
    department_ids = {key[1] for key in cells if key[1] is not None}
    category_ids = {key[2] for key in cells if key[2] is not None}
    departments = dict(Department.objects.filter(hromada=hromada, pk__in=department_ids).values_list("pk", "name")) \
        if department_ids else {}
    categories = dict(CaseCategory.objects.filter(hromada=hromada, pk__in=category_ids).values_list("pk", "name")) \
        if category_ids else {}
    no_department, no_category = _("department not assigned yet"), _("no category")
    total = Cell()
    for cell in cells.values():
        total.add(cell)
    months = _grouped(cells, lambda key: key[0])
    figures = Figures(
        year=year, kinds=tuple(kinds), total=Row.of(_("Total"), total),
        by_month=[(month, Row.of(month_name(month), months.get(month, Cell()))) for month in range(1, 13)],
        by_department=_sorted_rows(_grouped(cells, lambda key: key[1]), departments, no_department),
        by_category=_sorted_rows(_grouped(cells, lambda key: key[2]), categories, no_category),
    )
    for target, index, names, empty in ((figures.department_months, 1, departments, no_department),
                                        (figures.category_months, 2, categories, no_category)):
        detail = _grouped(cells, lambda key, index=index: (key[0], key[index]))
        rows = [(month, Row.of(names.get(group, empty) if group is not None else empty, cell))
                for (month, group), cell in detail.items()]
        target.extend(sorted(rows, key=lambda pair: (pair[0], -pair[1].received, pair[1].label)))
    return figures


def cache_key(hromada, year: int, kinds: tuple[str, ...]) -> str:
    # The labels are translated when computed: one entry per language.
    return f"cases-figures:{hromada.pk}:{year}:{','.join(kinds)}:{translation.get_language()}"


def figures(hromada, year: int, kinds: tuple[str, ...]) -> Figures:
    """The figures, kept in the cache for a few minutes (a public page: a crawler must not recompute them)."""
    key = cache_key(hromada, year, kinds)
    found = cache.get(key)
    if found is None:
        found = compute(hromada, year, kinds)
        cache.set(key, found, CACHE_SECONDS)
    return found


def years(hromada, kinds: tuple[str, ...]) -> list[int]:
    """The years in which cases of these kinds were received, newest first (and always the current one)."""
    found = set(Case.objects.filter(hromada=hromada, kind__in=kinds).order_by().values_list("year", flat=True)
                .distinct())
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)
