"""All writes of the core (house rule 1): check_* validates, verbs change state in a transaction and log it."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, rawsql
from hromada.core.models import ApiToken, AuditEntry, CalendarException, RoleAssignment, User, hash_token
from hromada.core.roles import can, forget_roles


def check_can(actor, hromada, capability: str) -> None:
    if not can(actor, hromada, capability):
        raise PermissionDenied(_("You do not have permission for this action."))


def check_same_hromada(obj: models.Model, hromada) -> None:
    """Refuse to touch another hromada's row even if a caller forgot to use a selector."""
    if getattr(obj, "hromada_id", None) != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))


def save_record(obj: models.Model, *, actor, hromada, capability: str) -> models.Model:
    """Validate and save a tenant record (new or changed), logging the difference."""
    check_can(actor, hromada, capability)
    if obj.pk is None:
        obj.hromada = hromada
    check_same_hromada(obj, hromada)
    obj.full_clean()
    with transaction.atomic():
        before = {}
        if obj.pk is not None:
            stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            check_same_hromada(stored, hromada)
            before = audit.snapshot(stored)
        creating = obj.pk is None
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            # A concurrent request saved a conflicting row between validation and saving.
            raise ValidationError(_("The record conflicts with one saved meanwhile; please check and retry.")) from None
        changes = audit.diff(before, audit.snapshot(obj))
        for stamp in obj._meta.concrete_fields:  # a timestamp moving is not a change worth a log entry
            if getattr(stamp, "auto_now", False):
                changes.pop(stamp.attname, None)
        if creating or changes:
            action = AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE
            audit.record(action, obj, changes=changes, actor=actor, hromada=hromada)
    return obj


def delete_record(obj: models.Model, *, actor, hromada, capability: str) -> None:
    check_can(actor, hromada, capability)
    check_same_hromada(obj, hromada)
    with transaction.atomic():
        snapshot = audit.snapshot(obj)
        object_type, object_id, object_repr = audit.describe(obj)
        try:
            with transaction.atomic():
                obj.delete()
        except models.ProtectedError:
            raise ValidationError(
                _("This record cannot be deleted because other records refer to it.")
            ) from None
        except IntegrityError:
            raise ValidationError(
                _("This record cannot be deleted because other records refer to it.")
            ) from None
        audit.record(
            AuditEntry.Action.DELETE, changes={k: [v, None] for k, v in snapshot.items()}, actor=actor,
            hromada=hromada, object_type=object_type, object_id=object_id, object_repr=object_repr,
        )


def update_hromada_profile(hromada, *, actor, **fields) -> None:
    check_can(actor, hromada, "hromada.edit")
    with transaction.atomic():
        before = audit.snapshot(hromada)
        for name, value in fields.items():
            setattr(hromada, name, value)
        hromada.full_clean()
        hromada.save()
        changes = audit.diff(before, audit.snapshot(hromada))
        if changes:
            audit.record(AuditEntry.Action.UPDATE, hromada, changes=changes, actor=actor, hromada=hromada)


# --- members and roles ----------------------------------------------------------------------------

def grant_role(*, actor, hromada, user: User, role: str, department=None, institution=None) -> RoleAssignment:
    check_can(actor, hromada, "members.manage")
    assignment = RoleAssignment(user=user, hromada=hromada, role=role, department=department,
                                institution=institution, granted_by=actor)
    assignment.full_clean(exclude=["granted_by"])
    with transaction.atomic():
        assignment.save()
        audit.record(
            AuditEntry.Action.PERMISSION, user, actor=actor, hromada=hromada,
            changes={"granted": [None, role], "department": [None, str(department) if department else None],
                     "institution": [None, str(institution) if institution else None]},
        )
    forget_roles(user)
    return assignment


def revoke_role(*, actor, hromada, assignment: RoleAssignment) -> None:
    check_can(actor, hromada, "members.manage")
    if assignment.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    if assignment.user_id == getattr(actor, "pk", None) and assignment.role == "hromada_admin":
        raise ValidationError(_("You cannot remove your own administrator role."))
    with transaction.atomic():
        user = assignment.user
        role = assignment.role
        assignment.delete()
        audit.record(AuditEntry.Action.PERMISSION, user, actor=actor, hromada=hromada,
                     changes={"revoked": [role, None]})
    forget_roles(user)


def create_member(*, actor, hromada, email: str | None, phone: str | None, full_name: str, role: str,
                  department=None, institution=None) -> User:
    """Create an account without a usable password (the person sets it through the reset link) and a role."""
    check_can(actor, hromada, "members.manage")
    with transaction.atomic():
        user = User(email=(email or None), phone=(phone or None), full_name=full_name)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(AuditEntry.Action.CREATE, user, actor=actor, hromada=hromada,
                     changes={"full_name": [None, full_name], "login": [None, user.login]})
        grant_role(actor=actor, hromada=hromada, user=user, role=role, department=department,
                   institution=institution)
    return user


# --- API tokens -----------------------------------------------------------------------------------

def create_token(*, user: User, name: str, days: int | None = None, hromada=None,
                 scope: str = "full") -> tuple[ApiToken, str]:
    """Create a personal token; returns the stored row and the token text, which is never shown again."""
    if not name.strip():
        raise ValidationError(_("Give the token a name."))
    if days is not None and not 1 <= days <= 3650:
        raise ValidationError(_("A token may live from 1 to 3650 days."))
    plain = ApiToken.generate()
    token = ApiToken(
        user=user, name=name.strip()[:100], prefix=plain[:12], digest=hash_token(plain),
        expires_at=timezone.now() + timedelta(days=days) if days else None, scope=scope,
    )
    with transaction.atomic():
        token.save()
        audit.record(AuditEntry.Action.PERMISSION, token, actor=user, hromada=hromada,
                     changes={"api_token": [None, token.prefix]})
    return token, plain


def revoke_token(*, user: User, token: ApiToken, hromada=None) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied(_("This token is not yours."))
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(AuditEntry.Action.PERMISSION, token, actor=user, hromada=hromada,
                     changes={"api_token": [token.prefix, None]})


def authenticate_token(plain: str) -> User | None:
    token = usable_token(plain)
    return token.user if token is not None else None


def usable_token(plain: str) -> ApiToken | None:
    """The stored token (with its user) for a presented one, if it may be used now."""
    # Every API request asks this: plain SQL (core/rawsql.py), the token and its user in one statement.
    found = rawsql.fetch_one([ApiToken, User], (
        f"SELECT {rawsql.columns(ApiToken, 't')}, {rawsql.columns(User, 'u')} "  # noqa: S608
        f"FROM {rawsql.q(ApiToken._meta.db_table)} t JOIN {rawsql.q(User._meta.db_table)} u ON u.id = t.user_id "
        "WHERE t.digest = %s"), [hash_token(plain)])
    token = None
    if found is not None:
        token, token.user = found
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    # Touch at most once a minute: a busy integration must not turn every read into a write.
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = timezone.now()
        rawsql.run(f"UPDATE {rawsql.q(ApiToken._meta.db_table)} SET last_used_at = %s WHERE id = %s",  # noqa: S608
                   [ApiToken._meta.get_field("last_used_at").get_db_prep_save(token.last_used_at, connection),
                    token.pk])
    return token


# --- calendar -------------------------------------------------------------------------------------

def add_calendar_exception(*, actor, hromada, date, kind: str, reason: str) -> CalendarException:
    check_can(actor, hromada, "calendar.manage")
    exception = CalendarException(hromada=hromada, date=date, kind=kind, reason=reason)
    exception.full_clean()
    with transaction.atomic():
        exception.save()
        audit.record(AuditEntry.Action.CREATE, exception, actor=actor, hromada=hromada,
                     changes={"date": [None, str(date)], "kind": [None, kind], "reason": [None, reason]})
    return exception


def remove_calendar_exception(*, actor, hromada, exception: CalendarException) -> None:
    check_can(actor, hromada, "calendar.manage")
    check_same_hromada(exception, hromada)
    with transaction.atomic():
        object_type, object_id, object_repr = audit.describe(exception)
        exception.delete()
        audit.record(AuditEntry.Action.DELETE, actor=actor, hromada=hromada, object_type=object_type,
                     object_id=object_id, object_repr=object_repr)
