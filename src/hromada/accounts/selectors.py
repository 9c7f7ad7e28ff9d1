"""Reads of resident identity, always within the request's hromada."""

from __future__ import annotations

from hromada.accounts.models import Consent, Membership


def membership(user, hromada) -> Membership | None:
    """The person's resident account in this hromada, or None (a stranger here)."""
    if user is None or not user.is_authenticated or hromada is None:
        return None
    return Membership.objects.select_related("resident", "resident__building").filter(
        user=user, hromada=hromada).first()


def active_consent(user, hromada, purpose: str = Consent.Purpose.ACCOUNT) -> Consent | None:
    return Consent.objects.filter(user=user, hromada=hromada, purpose=purpose, withdrawn_at__isnull=True).first()
