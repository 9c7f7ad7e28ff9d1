"""Writes of resident identity: joining a hromada, consents. Verification lives in verification.py."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hromada.accounts.models import Consent, Membership
from hromada.core.models import RoleAssignment
from hromada.core.roles import Role, forget_roles

# The version of the consent text residents agree to (templates/accounts/consent_text.html). Change it with
# the text, so every consent records which words the person agreed to.
CONSENT_VERSION = getattr(settings, "ACCOUNTS_CONSENT_VERSION", "2026-12-04")


@transaction.atomic
def join_hromada(user, hromada, *, consent_version: str | None, channel: str = "portal",
                 recorded_by=None) -> Membership:
    """Make the account a resident account of the hromada (idempotent); record consent when given."""
    membership, _created = Membership.objects.get_or_create(user=user, hromada=hromada)
    RoleAssignment.objects.get_or_create(user=user, hromada=hromada, role=Role.RESIDENT)
    forget_roles(user)
    if consent_version:
        give_consent(user, hromada, purpose=Consent.Purpose.ACCOUNT, version=consent_version, channel=channel,
                     recorded_by=recorded_by)
    return membership


def give_consent(user, hromada, *, purpose: str, version: str = CONSENT_VERSION, channel: str = "portal",
                 recorded_by=None) -> Consent:
    return Consent.objects.create(user=user, hromada=hromada, purpose=purpose, text_version=version,
                                  channel=channel, recorded_by=recorded_by)


def withdraw_consent(user, hromada, *, purpose: str) -> int:
    return Consent.objects.filter(user=user, hromada=hromada, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now())
