"""What the programme dashboard (staff) and the public progress page show, in a fixed number of queries.

Everything is aggregated in the database or from prefetched rows, so the number of queries does not grow
with the number of tasks, indicators or units (tests assert it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Prefetch, Q, Sum
from django.utils import timezone

from hromada.core.collation import uk
from hromada.programmes.models import (
    Indicator,
    IndicatorYear,
    MonitoringPeriod,
    Programme,
    Source,
    Task,
    TaskFinancing,
    UnitReport,
)
from hromada.programmes.reports import achievement

ZERO = Decimal(0)


@dataclass
class IndicatorRow:
    indicator: Indicator
    by_year: dict[int, IndicatorYear]
    cells: list[IndicatorYear | None] = field(default_factory=list)
    latest: IndicatorYear | None = None
    achievement: str | None = None

    @property
    def chart_percent(self) -> int:
        """Achievement clamped to 0–100 for the bar width."""
        if self.achievement is None:
            return 0
        return max(0, min(100, int(Decimal(self.achievement))))


def indicator_rows(programme: Programme) -> list[IndicatorRow]:
    indicators = (Indicator.objects.filter(programme=programme).select_related("direction")
                  .prefetch_related(Prefetch("years", queryset=IndicatorYear.objects.order_by("year"))))
    rows = []
    for indicator in indicators:
        by_year = {row.year: row for row in indicator.years.all()}
        row = IndicatorRow(indicator, by_year, cells=[by_year.get(y) for y in programme.years])
        with_actual = [r for r in by_year.values() if r.actual is not None]
        if with_actual:
            row.latest = max(with_actual, key=lambda r: r.year)
            row.achievement = achievement(indicator.baseline_value, row.latest.target, row.latest.actual)
        rows.append(row)
    return rows


def financing_table(programme: Programme) -> list[dict]:
    """Per year: passport amounts, Annex 1 planned and actual by source."""
    sums = {
        (row["year"], row["source"]): row
        for row in TaskFinancing.objects.filter(task__programme=programme)
        .exclude(task__status=Task.Status.CANCELLED)
        .values("year", "source").annotate(planned=Sum("planned"), actual=Sum("actual"))
    }
    table = []
    for passport in programme.financing.all():
        local = sums.get((passport.year, Source.LOCAL), {})
        other = sums.get((passport.year, Source.OTHER), {})
        planned = (local.get("planned") or ZERO) + (other.get("planned") or ZERO)
        table.append({
            "year": passport.year, "passport": passport,
            "planned_local": local.get("planned") or ZERO, "planned_other": other.get("planned") or ZERO,
            "actual_local": local.get("actual") or ZERO, "actual_other": other.get("actual") or ZERO,
            "planned": planned,
            "actual": (local.get("actual") or ZERO) + (other.get("actual") or ZERO),
            "matches_passport": local.get("planned", ZERO) == passport.local_budget
            and other.get("planned", ZERO) == passport.other_sources,
        })
    return table


def direction_progress(programme: Programme) -> list[dict]:
    return list(
        programme.directions.annotate(
            task_count=Count("tasks", filter=~Q(tasks__status=Task.Status.CANCELLED)),
            done_count=Count("tasks", filter=Q(tasks__status=Task.Status.DONE)),
            average=Avg("tasks__percent_done", filter=~Q(tasks__status=Task.Status.CANCELLED)),
        ).values("pk", "name", "task_count", "done_count", "average")
    )


def status_counts(programme: Programme) -> dict[str, int]:
    counts = dict(Task.objects.filter(programme=programme).values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in Task.Status.values}


@dataclass
class PeriodBoard:
    period: MonitoringPeriod
    rows: list[dict]

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r["state"] == "missing")

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r["state"] == "late")

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r["state"] in ("late", "on_time"))


def state_of(report: UnitReport, period: MonitoringPeriod, today: date) -> str:
    if report.status == UnitReport.Status.SUBMITTED:
        return "late" if report.submitted_at and timezone.localtime(report.submitted_at).date() > period.due_date \
            else "on_time"
    return "missing" if today > period.due_date else "pending"


def period_boards(programme: Programme, *, limit: int = 4, today: date | None = None) -> list[PeriodBoard]:
    today = today or timezone.localdate()
    periods = (programme.periods.order_by("-period_end")
               .prefetch_related(Prefetch("reports", queryset=UnitReport.objects.select_related("department")
                                          .order_by(uk("department__name"))))
               [:limit])
    return [PeriodBoard(p, [{"report": r, "state": state_of(r, p, today)} for r in p.reports.all()])
            for p in periods]


def build(programme: Programme) -> dict:
    return {
        "financing": financing_table(programme),
        "directions": direction_progress(programme),
        "statuses": status_counts(programme),
        "indicators": indicator_rows(programme),
        "periods": period_boards(programme),
        "versions": list(programme.versions.only("number", "approval_decision", "approval_date", "created_at")),
        "annual_reports": list(programme.annual_reports.only("year", "consolidated_at", "layout_version")),
    }
