"""Reads of cases, always within one hromada (house rule 2) and within what the person may see."""

from __future__ import annotations

from django.db.models import Case as When_
from django.db.models import IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from hromada.core.models import Case, CaseCategory, CaseEvent, RoleAssignment
from hromada.core.models.cases import OPEN_STATUSES
from hromada.core.roles import Role, can


def cases(hromada) -> QuerySet[Case]:
    return Case.objects.filter(hromada=hromada).select_related("category", "department", "executor")


def head_units(user, hromada) -> list[int]:
    return list(RoleAssignment.objects.filter(user=user, hromada=hromada, role=Role.DEPARTMENT_HEAD)
                .values_list("department_id", flat=True))


def visible_cases(user, hromada) -> QuerySet[Case]:
    """Registrars and administrators see every case; a head the unit's; others what they registered or hold."""
    rows = cases(hromada)
    if can(user, hromada, "cases.view_all"):
        return rows
    if not can(user, hromada, "cases.view"):
        return rows.none()
    mine = Q(executors__user=user) | Q(created_by=user)
    units = head_units(user, hromada)
    if units:
        mine |= Q(department_id__in=units)
    return rows.filter(pk__in=Case.objects.filter(mine, hromada=hromada).values("pk"))


def visible_case(user, hromada, pk) -> Case:
    try:
        return visible_cases(user, hromada).get(pk=int(pk))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def own_cases(user, hromada) -> QuerySet[Case]:
    """The applicant's own cases (the cabinet, ``GET /api/v1/cases/mine``)."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    return cases(hromada).filter(applicant=user)


def own_case(user, hromada, pk) -> Case:
    try:
        return own_cases(user, hromada).get(pk=int(pk))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def priority_first(rows: QuerySet[Case]) -> QuerySet[Case]:
    """Open cases with priority (Art. 20) and urgent ones first, then by the nearest due date."""
    return rows.annotate(_first=When_(When(Q(priority=True) | Q(urgent=True), then=Value(0)), default=Value(1),
                                      output_field=IntegerField())).order_by("_first", "due_date", "due_at", "id")


def open_cases(hromada) -> QuerySet[Case]:
    return cases(hromada).filter(status__in=OPEN_STATUSES)


def timeline(case: Case, *, public_only: bool = False) -> QuerySet[CaseEvent]:
    rows = case.events.select_related("actor")
    return rows.filter(public=True) if public_only else rows


def categories(hromada, kind: str | None = None, *, active_only: bool = True) -> list[CaseCategory]:
    rows = CaseCategory.objects.filter(hromada=hromada).select_related("department")
    if active_only:
        rows = rows.filter(active=True)
    return [row for row in rows if kind is None or row.fits(kind)]


def published_cases(hromada, kind: str | None = None) -> QuerySet[Case]:
    rows = cases(hromada).filter(published_at__isnull=False)
    return rows.filter(kind=kind) if kind else rows
