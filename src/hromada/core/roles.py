"""Roles and what each may do: the one place permission decisions are made (house rule 3).

Views, API operations, services and CLI commands ask ``can(user, hromada, capability)``; apps add their
own capabilities with ``grant`` in their ``permissions.py``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("resident")
    CLERK = "clerk", _("clerk")
    DEPARTMENT_HEAD = "department_head", _("department head")
    CNAP_ADMIN = "cnap_admin", _("ЦНАП administrator")
    PROGRAMME_MANAGER = "programme_manager", _("programme manager")
    COUNCIL_SECRETARY = "council_secretary", _("council secretary")
    HROMADA_ADMIN = "hromada_admin", _("hromada administrator")
    AGENCY = "agency", _("partner institution reader")
    # The general department's clerk who registers appeals and requests, routes them and keeps their deadlines.
    CASE_REGISTRAR = "case_registrar", _("appeals registrar")
    HOTLINE_OPERATOR = "hotline_operator", _("hotline operator")


# Staff of the council. A partner institution's reader enters the staff area but sees only what a grant shares.
STAFF_ROLES = frozenset(Role) - {Role.RESIDENT, Role.AGENCY}
# Roles that act within one department and must name it.
DEPARTMENT_ROLES = frozenset({Role.CLERK, Role.DEPARTMENT_HEAD})
# Roles that act for one partner institution and must name it.
INSTITUTION_ROLES = frozenset({Role.AGENCY})

_CAPABILITIES: dict[str, frozenset[str]] = {}


def grant(capability: str, roles: set[str] | frozenset[str]) -> None:
    """Declare which roles hold a capability (operators hold every capability everywhere)."""
    _CAPABILITIES[capability] = frozenset(_CAPABILITIES.get(capability, frozenset()) | set(roles))


def capabilities() -> dict[str, frozenset[str]]:
    return dict(_CAPABILITIES)


# What a resident-scoped API token (the mobile app's, the bots') may do, whatever its owner's roles: a staff
# member's app token must not read the registers. Apps add their resident capabilities with grant_resident_scope.
RESIDENT_SCOPE_CAPABILITIES: set[str] = set()


def grant_resident_scope(capability: str) -> None:
    RESIDENT_SCOPE_CAPABILITIES.add(capability)


grant("staff_area.enter", STAFF_ROLES | {Role.AGENCY})
grant("structure.view", STAFF_ROLES)
grant("structure.manage", {Role.HROMADA_ADMIN})
grant("hromada.edit", {Role.HROMADA_ADMIN})
grant("members.view", {Role.HROMADA_ADMIN})
grant("members.manage", {Role.HROMADA_ADMIN})
grant("audit.view", {Role.HROMADA_ADMIN})
grant("calendar.manage", {Role.HROMADA_ADMIN})
grant("calendar.view", STAFF_ROLES)
grant("api_tokens.own", STAFF_ROLES)
grant("jobs.view", set())  # the installation's background jobs serve every hromada: operators only
grant("notifications.own", STAFF_ROLES | {Role.AGENCY})  # one's own notices and notification settings
grant("notifications.view_log", {Role.HROMADA_ADMIN})


def roles_of(user, hromada) -> frozenset[str]:
    """The user's roles in the hromada, cached on the user object for the request."""
    if user is None or not user.is_authenticated or hromada is None or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_hromada_roles", {})
    if hromada.pk not in cache:
        from hromada.core.models import RoleAssignment

        cache[hromada.pk] = frozenset(
            RoleAssignment.objects.filter(user=user, hromada=hromada).values_list("role", flat=True)
        )
    return cache[hromada.pk]


def forget_roles(user) -> None:
    user.__dict__.pop("_hromada_roles", None)


def is_operator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_operator)


def can(user, hromada, capability: str) -> bool:
    if capability not in _CAPABILITIES:
        raise KeyError(f"unknown capability {capability!r}")
    # api.BearerToken marks the user of a resident-scoped token (the object lives for one request).
    if getattr(user, "token_scope", "full") == "resident" and capability not in RESIDENT_SCOPE_CAPABILITIES:
        return False
    if is_operator(user):
        return True
    return bool(roles_of(user, hromada) & _CAPABILITIES[capability])
