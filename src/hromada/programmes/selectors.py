"""Tenant-scoped reads of the programmes app (house rule 2): another hromada's record is a 404."""

from __future__ import annotations

import re

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hromada.core.collation import uk
from hromada.core.selectors import get_scoped, scoped
from hromada.programmes.models import (
    ActionPlan,
    Assessment,
    Direction,
    Indicator,
    MonitoringPeriod,
    Programme,
    Strategy,
    Task,
    UnitReport,
)


def programmes(hromada) -> QuerySet[Programme]:
    return scoped(Programme, hromada).annotate(
        task_count=Count("tasks", distinct=True), indicator_count=Count("indicators", distinct=True)
    ).order_by("-start_year", uk("title"), "pk")


def public_programmes(hromada) -> QuerySet[Programme]:
    return programmes(hromada).filter(version__gt=0)


def programme(hromada, pk) -> Programme:
    return get_scoped(Programme, hromada, pk)


def public_programme(hromada, pk) -> Programme:
    found = programme(hromada, pk)
    if not found.is_public:
        raise Http404
    return found


def latest_version(programme_obj: Programme):
    """The last approved version: what residents see and download."""
    return programme_obj.versions.order_by("-number").first()


# «рішення сесії № 45-3/VIII», «№45-3/VIII.»: the number after the sign, up to a space, comma or semicolon.
_DECISION_NUMBER = re.compile(r"№\s*([0-9A-Za-zА-ЩЬЮЯЄІЇҐа-щьюяєіїґ][^\s,;()«»\"]*)")


def approving_act(hromada, decision: str, decided_on):
    """The act in the hromada's public registry with the decision's number and date, if the registry has it."""
    match = _DECISION_NUMBER.search(decision or "")
    if not match or decided_on is None or not apps.is_installed("hromada.acts"):
        return None
    from hromada.acts.selectors import public_act_by_number

    return public_act_by_number(hromada, match.group(1).rstrip("."), decided_on)


def _child(model, programme_obj: Programme, pk, **extra):
    try:
        return model.objects.get(programme=programme_obj, pk=pk, **extra)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def direction(programme_obj: Programme, pk) -> Direction:
    return _child(Direction, programme_obj, pk)


def task(programme_obj: Programme, pk) -> Task:
    return _child(Task, programme_obj, pk)


def indicator(programme_obj: Programme, pk) -> Indicator:
    return _child(Indicator, programme_obj, pk)


def period(programme_obj: Programme, pk) -> MonitoringPeriod:
    return _child(MonitoringPeriod, programme_obj, pk)


def unit_report(period_obj: MonitoringPeriod, pk) -> UnitReport:
    try:
        return UnitReport.objects.select_related("department", "period__programme").get(period=period_obj, pk=pk)
    except (UnitReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tasks(programme_obj: Programme, *, search: str = "", direction_id=None, status: str = "",
          department_id=None) -> QuerySet[Task]:
    rows = (Task.objects.filter(programme=programme_obj).select_related("direction")
            .prefetch_related("departments", "financing"))
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(project__icontains=search)
                           | Q(expected_result__icontains=search))
    if direction_id:
        rows = rows.filter(direction_id=direction_id)
    if status:
        rows = rows.filter(status=status)
    if department_id:
        rows = rows.filter(departments=department_id).distinct()
    return rows.order_by("direction__order", "direction_id", "order", "pk")


def strategies(hromada) -> QuerySet[Strategy]:
    return scoped(Strategy, hromada)


def action_plans(hromada) -> QuerySet[ActionPlan]:
    return scoped(ActionPlan, hromada)


def assessments(hromada) -> QuerySet[Assessment]:
    return scoped(Assessment, hromada)


def responsible_units(programme_obj: Programme):
    """Units named on the programme's tasks, for filters."""
    from hromada.core.models import Department

    return Department.objects.filter(programme_tasks__programme=programme_obj).distinct().order_by(uk("name"))
