"""Inter-agency access (seed 002, goal II.II): grants of chosen registers and fields to a partner institution.

A grant is read-only, limited in time, states its legal basis and can be revoked; every read through it is
logged (AccessLog for the administrator's «who read what», plus the audit log).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import AuditEntry, RoleAssignment
from hromada.core.roles import Role
from hromada.core.services import check_can
from hromada.registers import selectors
from hromada.registers.models import SHAREABLE_FIELDS, AccessGrant, AccessLog

GRANT = "registers.grant_access"
SEARCHES = {"residents": selectors.residents, "streets": selectors.streets, "buildings": selectors.buildings,
            "land": selectors.land_plots, "property": selectors.property_objects}


def check_fields(fields: dict) -> dict:
    """Only known registers and their shareable fields; at least one field in all."""
    if not isinstance(fields, dict) or not fields:
        raise ValidationError({"fields": _("Choose at least one register and field.")})
    cleaned = {}
    for register, names in fields.items():
        allowed = SHAREABLE_FIELDS.get(register)
        if allowed is None or not isinstance(names, list | tuple) or not names:
            raise ValidationError({"fields": _("Unknown register or no fields chosen: %(name)s.") % {"name": register}})
        unknown = [name for name in names if name not in allowed]
        if unknown:
            raise ValidationError({"fields": _("These fields cannot be shared: %(names)s.")
                                   % {"names": ", ".join(map(str, unknown))}})
        cleaned[register] = [name for name in allowed if name in names]
    return cleaned


def grant_access(*, actor, hromada, institution, fields: dict, starts_on: date, ends_on: date,
                 legal_basis: str) -> AccessGrant:
    check_can(actor, hromada, GRANT)
    errors = {}
    if institution is None or institution.hromada_id != hromada.pk:
        errors["institution"] = _("Choose an institution of this hromada.")
    if not (legal_basis or "").strip():
        errors["legal_basis"] = _("State the legal basis of the access.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The access cannot end before it starts.")
    try:
        fields = check_fields(fields)
    except ValidationError as error:
        errors |= {key: value[0] for key, value in error.message_dict.items()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        grant = AccessGrant.objects.create(hromada=hromada, institution=institution, fields=fields,
                                           starts_on=starts_on, ends_on=ends_on, legal_basis=legal_basis.strip(),
                                           granted_by=actor)
        audit.record(AuditEntry.Action.PERMISSION, grant, actor=actor, hromada=hromada,
                     changes={"granted": [None, fields], "period": [None, f"{starts_on}–{ends_on}"],
                              "legal_basis": [None, grant.legal_basis]})
    return grant


def revoke_access(grant: AccessGrant, *, actor, hromada) -> AccessGrant:
    check_can(actor, hromada, GRANT)
    if grant.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    if grant.revoked_at is not None:
        raise ValidationError(_("The access is already revoked."))
    with transaction.atomic():
        grant.revoked_at, grant.revoked_by = timezone.now(), actor
        grant.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(AuditEntry.Action.PERMISSION, grant, actor=actor, hromada=hromada,
                     changes={"revoked": [None, grant.revoked_at.isoformat()]})
    return grant


def institutions_of(user, hromada) -> list[int]:
    return list(RoleAssignment.objects.filter(user=user, hromada=hromada, role=Role.AGENCY)
                .values_list("institution_id", flat=True))


def active_grants(user, hromada, today: date | None = None):
    today = today or timezone.localdate()
    return (AccessGrant.objects.filter(hromada=hromada, institution_id__in=institutions_of(user, hromada),
                                       revoked_at__isnull=True, starts_on__lte=today, ends_on__gte=today)
            .select_related("institution"))


def usable_grant(user, hromada, grant_id, register: str) -> tuple[AccessGrant, list[str]]:
    """The user's active grant and the fields it opens in the register; anything else is a 404."""
    try:
        grant = active_grants(user, hromada).get(pk=grant_id)
    except (AccessGrant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    fields = grant.fields.get(register)
    if not fields:
        raise Http404
    return grant, fields


def log_read(grant: AccessGrant, *, user, register: str, obj=None, query: str = "") -> None:
    with transaction.atomic():
        AccessLog.objects.create(grant=grant, user=user, register=register, object_id=obj.pk if obj else None,
                                 query=query[:200])
        audit.record(AuditEntry.Action.VIEW, obj, actor=user, hromada=grant.hromada,
                     object_type=None if obj else f"registers.{register}",
                     object_repr=None if obj else _("search through access grant %(id)s: %(query)s")
                     % {"id": grant.pk, "query": query[:100]},
                     changes={"grant": [None, grant.pk], "register": [None, register]})


def rows(register: str, hromada, query: str):
    return SEARCHES[register](hromada, query)
