"""Tenant-scoped reads (house rule 2): every query takes the hromada, so another hromada's row is a 404."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from django.http import Http404

from hromada.core.collation import uk
from hromada.core.models import (
    ApiToken,
    AuditEntry,
    CalendarException,
    Department,
    Institution,
    Official,
    RoleAssignment,
    Settlement,
    StarostaDistrict,
    User,
)


def scoped(model: type[Model], hromada) -> QuerySet:
    """All rows of a tenant model that belong to the hromada."""
    return model._default_manager.filter(hromada=hromada)


def get_scoped(model: type[Model], hromada, pk) -> Model:
    try:
        return scoped(model, hromada).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def settlements(hromada) -> QuerySet[Settlement]:
    return scoped(Settlement, hromada).select_related("starosta_district")


def starosta_districts(hromada) -> QuerySet[StarostaDistrict]:
    return scoped(StarostaDistrict, hromada).select_related("centre")


def departments(hromada) -> QuerySet[Department]:
    return scoped(Department, hromada)


def institutions(hromada) -> QuerySet[Institution]:
    return scoped(Institution, hromada).select_related("settlement")


def officials(hromada) -> QuerySet[Official]:
    return scoped(Official, hromada)


def members(hromada) -> QuerySet[User]:
    """Accounts holding at least one role in the hromada."""
    return User.objects.filter(role_assignments__hromada=hromada).distinct().order_by(uk("full_name"), "email")


def member(hromada, pk) -> User:
    try:
        return members(hromada).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def role_assignments(hromada, user=None) -> QuerySet[RoleAssignment]:
    qs = RoleAssignment.objects.filter(hromada=hromada).select_related("user", "department")
    return qs.filter(user=user) if user is not None else qs


def audit_entries(hromada) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(hromada=hromada).select_related("actor")


def record_history(obj: Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        hromada_id=getattr(obj, "hromada_id", None), object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("-id")


def calendar_exceptions(hromada) -> QuerySet[CalendarException]:
    return CalendarException.objects.filter(hromada=hromada)


def national_calendar_exceptions() -> QuerySet[CalendarException]:
    return CalendarException.objects.filter(hromada__isnull=True)


def api_tokens(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def capability_holders(hromada, capability: str) -> list[User]:
    """The active accounts whose roles in the hromada hold the capability (whom a module's notice concerns)."""
    from hromada.core.roles import capabilities

    roles = capabilities()[capability]
    ids = RoleAssignment.objects.filter(hromada=hromada, role__in=roles).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True))
