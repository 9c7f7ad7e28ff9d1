"""After every sign-in through ID.gov.ua on a hromada's site: the account is a resident account there, and it is
verified against the hromada's register when the РНОКПП/УНЗР matches a member record (accounts.verification)."""

from __future__ import annotations

from django.contrib import messages

from hromada.accounts.providers.idgovua.views import IDENTITY_KEY


def verify_after_sign_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    session = getattr(request, "session", None)
    # Whatever the sign-in, the identity kept for an ID.gov.ua sign-up form does not outlive it.
    stashed = session.pop(IDENTITY_KEY, None) if session is not None else None
    if sociallogin is None or sociallogin.account.provider != "idgovua":
        return
    identity = getattr(request, "idgovua_identity", None) or stashed
    hromada = getattr(request, "hromada", None)
    if hromada is None or not identity:
        return
    from hromada.accounts import services
    from hromada.accounts.verification import verify_by_identity

    membership = services.join_hromada(user, hromada, consent_version=None, channel="identity provider")
    outcome = verify_by_identity(membership, rnokpp=identity.get("rnokpp", ""), unzr=identity.get("unzr", ""),
                                 method=identity.get("method") or "idgovua")
    (messages.success if outcome.verified else messages.warning)(request, outcome.message)


def verify_after_connect(sender, request, sociallogin, **kwargs) -> None:
    """ID.gov.ua connected to the signed-in account (the cabinet's «Верифікуватися через ID.gov.ua»)."""
    verify_after_sign_in(sender, request, sociallogin.user, sociallogin=sociallogin)
