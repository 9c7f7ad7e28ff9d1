"""The head of programme's annual reports (template §VI): progress, and effectiveness by the four criteria.

Columns and titles come from ``data/report_layouts.json`` (one versioned place); this module only fills the
rows. Amounts are Decimal strings, so the frozen report is exact and the renderers type the cells.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core.ukrtext import xml_safe_data
from hromada.programmes.models import (
    Indicator,
    IndicatorYear,
    Programme,
    Source,
    Task,
    TaskFinancing,
    TaskProgress,
    UnitReport,
)
from hromada.programmes.progress import share_of_way

LAYOUTS = Path(__file__).resolve().parent / "data" / "report_layouts.json"
ZERO = Decimal(0)


@cache
def layout() -> dict:
    return json.loads(LAYOUTS.read_text(encoding="utf-8"))


def _pct(part: Decimal, whole: Decimal) -> str | None:
    if not whole:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _d(value) -> str | None:
    return None if value is None else str(value)


def build(programme: Programme, year: int) -> dict:
    """The reports are official Ukrainian documents whatever language the user's interface is in.

    Texts are frozen XML-safe (ukrtext.xml_safe): rows stored before input was cleaned may hold control
    characters, and a frozen report is rendered to DOCX and XLSX for years to come.
    """
    with translation.override("uk"):
        return xml_safe_data(_build(programme, year))


def _build(programme: Programme, year: int) -> dict:
    spec = layout()
    tasks = list(
        Task.objects.filter(programme=programme).select_related("direction")
        .prefetch_related("departments", Prefetch("financing", queryset=TaskFinancing.objects.filter(year=year)))
        .order_by("direction__order", "direction_id", "order", "pk")
    )
    year_tasks = [t for t in tasks if t.start_date.year <= year <= t.end_date.year]
    comments: dict[int, list[str]] = defaultdict(list)
    first_done: dict[int, object] = {}
    submitted = (TaskProgress.objects.filter(task__programme=programme, report__status=UnitReport.Status.SUBMITTED)
                 .select_related("report__period").order_by("report__period__period_end"))
    for row in submitted:
        if row.report.period.year == year and row.comment:
            comments[row.task_id].append(row.comment)
        if row.status == Task.Status.DONE and row.task_id not in first_done:
            first_done[row.task_id] = row.report.period.period_end

    numbering = _numbering(tasks)
    progress_rows = []
    for task in year_tasks:
        money = {(f.source, kind): getattr(f, kind) for f in task.financing.all() for kind in ("planned", "actual")}
        progress_rows.append({
            "number": numbering[task.pk],
            "direction": task.direction.name,
            "task": task.name,
            "project": task.project,
            "responsible": ", ".join(d.name for d in task.departments.all()),
            "term": f"{task.start_date:%d.%m.%Y}–{task.end_date:%d.%m.%Y}",
            "status": str(Task.Status(task.status).label),
            "percent_done": task.percent_done,
            "planned_local": _d(money.get((Source.LOCAL, "planned"), ZERO)),
            "planned_other": _d(money.get((Source.OTHER, "planned"), ZERO)),
            "actual_local": _d(money.get((Source.LOCAL, "actual"), ZERO)),
            "actual_other": _d(money.get((Source.OTHER, "actual"), ZERO)),
            "done": "\n".join(comments[task.pk]),
        })

    sections = {s["key"]: dict(s, rows=[]) for s in spec["effectiveness"]["sections"]}
    sections["timeliness"]["rows"] = _timeliness(year_tasks, year, first_done)
    sections["financing"]["rows"] = _financing(year_tasks)
    sections["tasks"]["rows"] = _by_direction(year_tasks)
    sections["indicators"]["rows"] = _indicators(programme, year)
    return {
        "layout_version": spec["version"],
        "layout_note": spec["note"],
        "year": year,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "programme": {
            "title": programme.title, "hromada": programme.hromada.name, "katottg": programme.hromada.katottg,
            "term": f"{programme.start_year}–{programme.end_year}", "version": programme.version,
            "head_position": programme.head_position, "head_name": programme.head_name,
        },
        "progress": {"title": spec["progress"]["title"], "columns": spec["progress"]["columns"],
                     "rows": progress_rows},
        "effectiveness": {"title": spec["effectiveness"]["title"],
                          "sections": [sections[s["key"]] for s in spec["effectiveness"]["sections"]]},
    }


def _numbering(tasks: list[Task]) -> dict[int, str]:
    """Annex 1 numbers «direction.task» as the programme document shows them."""
    numbers, direction_index, position, current = {}, 0, 0, None
    for task in tasks:
        if task.direction_id != current:
            current, direction_index, position = task.direction_id, direction_index + 1, 0
        position += 1
        numbers[task.pk] = f"{direction_index}.{position}"
    return numbers


def _timeliness(tasks: list[Task], year: int, first_done: dict) -> list[dict]:
    due = [t for t in tasks if t.end_date.year == year and t.status != Task.Status.CANCELLED]
    on_time = sum(1 for t in due if t.status == Task.Status.DONE
                  and first_done.get(t.pk, t.end_date) <= _quarter_end(t.end_date))
    late = sum(1 for t in due if t.status == Task.Status.DONE) - on_time
    not_done = len(due) - on_time - late
    active = [t for t in tasks if t.status != Task.Status.CANCELLED]
    average = (sum(t.percent_done for t in active) / len(active)) if active else 0
    rows = [
        (_("Tasks, projects and works in the year"), len(tasks)),
        (_("of them due to finish in the year"), len(due)),
        (_("finished on time"), on_time),
        (_("finished late"), late),
        (_("not finished by the term"), not_done),
        (_("cancelled"), sum(1 for t in tasks if t.status == Task.Status.CANCELLED)),
        (_("Completeness of the tasks due, %"), _pct(Decimal(on_time + late), Decimal(len(due))) or "—"),
        (_("Average level of completion, %"), str(Decimal(average).quantize(Decimal("0.1")))),
    ]
    return [{"label": label, "value": str(value)} for label, value in rows]


def _quarter_end(day):
    from hromada.programmes.deadlines import quarter_end

    return quarter_end(day.year, (day.month - 1) // 3 + 1)


def _sum(tasks: list[Task], source: str | None, kind: str) -> Decimal:
    return sum((getattr(f, kind) for t in tasks for f in t.financing.all() if source in (None, f.source)),
               start=ZERO)


def _financing(tasks: list[Task]) -> list[dict]:
    rows = []
    for label, source in ((Source.LOCAL.label, Source.LOCAL), (Source.OTHER.label, Source.OTHER),
                          (_("Total"), None)):
        planned, actual = _sum(tasks, source, "planned"), _sum(tasks, source, "actual")
        rows.append({"source": str(label), "planned": str(planned), "actual": str(actual),
                     "percent": _pct(actual, planned)})
    return rows


def _by_direction(tasks: list[Task]) -> list[dict]:
    groups: dict[str, list[Task]] = {}
    for task in tasks:
        groups.setdefault(task.direction.name, []).append(task)
    rows = []
    for name, members in groups.items():
        active = [t for t in members if t.status != Task.Status.CANCELLED]
        average = Decimal(sum(t.percent_done for t in active)) / len(active) if active else ZERO
        rows.append({
            "direction": name, "tasks": len(members),
            "done": sum(1 for t in members if t.status == Task.Status.DONE),
            "average_percent": str(average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
            "planned": str(_sum(members, None, "planned")), "actual": str(_sum(members, None, "actual")),
        })
    return rows


def achievement(baseline: Decimal | None, target: Decimal | None, actual: Decimal | None) -> str | None:
    """Share of the way from the baseline to the target that the actual value has covered, in % (0–100).

    A string for the frozen report data; the rule is :func:`hromada.programmes.progress.share_of_way`.
    """
    share = share_of_way(baseline, target, actual)
    return None if share is None else str(share)


def _indicators(programme: Programme, year: int) -> list[dict]:
    indicators = Indicator.objects.filter(programme=programme).prefetch_related(
        Prefetch("years", queryset=IndicatorYear.objects.filter(year=year), to_attr="this_year")
    )
    rows = []
    for index, indicator in enumerate(indicators, start=1):
        row = indicator.this_year[0] if indicator.this_year else None
        target, actual = (row.target, row.actual) if row else (None, None)
        rows.append({
            "number": str(index), "name": indicator.name, "unit": indicator.unit,
            "baseline": _d(indicator.baseline_value), "target": _d(target), "actual": _d(actual),
            "achievement": achievement(indicator.baseline_value, target, actual),
            "source": (row.actual_source if row and row.actual_source else indicator.data_source),
        })
    return rows
