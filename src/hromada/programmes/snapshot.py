"""The programme as plain data: frozen into every approved version, rendered by the pages and the documents.

One shape serves the current programme and each earlier approved version, so an amendment never loses what
was approved and the DOCX of version 1 is produced by the same code as today's.
Amounts are strings of Decimals (JSON has no exact decimals).
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch

from hromada.programmes.models import Indicator, Programme, Task

FORMAT = 1


def _dec(value) -> str | None:
    return None if value is None else str(value)


def freeze(programme: Programme) -> dict:
    """Everything the template asks for, in a fixed number of queries whatever the size of the annexes."""
    hromada = programme.hromada
    financing = list(programme.financing.all())
    directions = list(programme.directions.all())
    tasks = list(
        Task.objects.filter(programme=programme)
        .select_related("direction")
        .prefetch_related("departments", "financing")
        .order_by("direction__order", "direction_id", "order", "pk")
    )
    indicators = list(
        Indicator.objects.filter(programme=programme).select_related("direction")
        .prefetch_related(Prefetch("years"))
    )
    tasks_by_direction: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        tasks_by_direction[task.direction_id].append(task)
    return {
        "format": FORMAT,
        "catalogue": programme.catalogue,
        "status": programme.status,
        "version": programme.version,
        "approval_decision": programme.approval_decision,
        "approval_date": programme.approval_date.isoformat() if programme.approval_date else None,
        "passport": {
            "hromada": hromada.name,
            "katottg": hromada.katottg,
            "title": programme.title,
            "decree_title": programme.decree_title,
            "decree_date": programme.decree_date.isoformat() if programme.decree_date else None,
            "decree_number": programme.decree_number,
            "gsc_approval_date": programme.gsc_approval_date.isoformat() if programme.gsc_approval_date else None,
            "goal": programme.goal,
            "developer": programme.developer.name if programme.developer_id else "",
            "head_position": programme.head_position,
            "head_name": programme.head_name,
            "responsible": [d.name for d in programme.responsible_departments.all()]
            + [i.name for i in programme.responsible_institutions.all()]
            + ([programme.responsible_other] if programme.responsible_other else []),
            "start_year": programme.start_year,
            "end_year": programme.end_year,
            "financing": [
                {"year": row.year, "total": _dec(row.total), "local_budget": _dec(row.local_budget),
                 "other_sources": _dec(row.other_sources)}
                for row in financing
            ],
            "financing_total": {
                "total": _dec(sum((row.total for row in financing), start=0)),
                "local_budget": _dec(sum((row.local_budget for row in financing), start=0)),
                "other_sources": _dec(sum((row.other_sources for row in financing), start=0)),
            },
        },
        "sections": {key: getattr(programme, f"section_{key}") for key in ("ii", "iii", "iv", "v", "vi")},
        "directions": [
            {
                "number": index,
                "name": direction.name,
                "catalogue_key": direction.catalogue_key,
                "tasks": [
                    {
                        "number": f"{index}.{position}",
                        "id": task.pk,
                        "name": task.name,
                        "project": task.project,
                        "departments": [d.name for d in task.departments.all()],
                        "start_date": task.start_date.isoformat(),
                        "end_date": task.end_date.isoformat(),
                        "expected_result": task.expected_result,
                        "status": task.status,
                        "percent_done": task.percent_done,
                        "financing": [
                            {"year": f.year, "source": f.source, "planned": _dec(f.planned), "actual": _dec(f.actual)}
                            for f in sorted(task.financing.all(), key=lambda f: (f.year, f.source))
                        ],
                    }
                    for position, task in enumerate(tasks_by_direction[direction.pk], start=1)
                ],
            }
            for index, direction in enumerate(directions, start=1)
        ],
        "indicators": [
            {
                "number": index,
                "id": indicator.pk,
                "name": indicator.name,
                "unit": indicator.unit,
                "direction": indicator.direction.name if indicator.direction_id else "",
                "baseline_value": _dec(indicator.baseline_value),
                "baseline_year": indicator.baseline_year,
                "data_source": indicator.data_source,
                "metric_key": indicator.metric_key,
                "years": [
                    {"year": y.year, "target": _dec(y.target), "actual": _dec(y.actual),
                     "actual_source": y.actual_source,
                     "actual_as_of": y.actual_as_of.isoformat() if y.actual_as_of else None}
                    for y in sorted(indicator.years.all(), key=lambda y: y.year)
                ],
            }
            for index, indicator in enumerate(indicators, start=1)
        ],
    }
