"""Sign-in events go to the audit log (Django reports them through these signals, also for the admin)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hromada.core import audit
from hromada.core.models import AuditEntry


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    ctx = getattr(request, "audit_context", None)
    if ctx is not None:
        ctx.actor = user
    audit.record(AuditEntry.Action.LOGIN, user, actor=user, hromada=getattr(request, "hromada", None))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditEntry.Action.LOGOUT, user, actor=user, hromada=getattr(request, "hromada", None))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    identifier = str(credentials.get("username") or credentials.get("email") or "")[:254]
    audit.record(
        AuditEntry.Action.LOGIN_FAILED,
        object_type="core.user",
        object_repr=identifier,
        hromada=getattr(request, "hromada", None) if request is not None else None,
    )
