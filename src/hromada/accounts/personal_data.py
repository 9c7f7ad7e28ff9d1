"""What resident identity holds about a person (core.personal_data): the account, the resident account here,
the linked register record, consents, notices, data requests, assisted acts, sign-in methods, tokens.

Nothing secret is exported: no password hash, no token digests, no provider tokens or MFA secrets.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import AssistedAct, Consent, DataRequest, Membership
from hromada.core.models import ApiToken, RoleAssignment
from hromada.core.models.notifications import Notice
from hromada.core.personal_data import register
from hromada.core.roles import Role, forget_roles

RESIDENT_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "sex", "rnokpp", "unzr", "apartment",
                   "registered_on", "phone", "email", "status", "verification", "verified_on")


def _resident(resident) -> dict | None:
    if resident is None:
        return None
    data = {name: getattr(resident, name) for name in RESIDENT_FIELDS}
    data["building"] = str(resident.building) if resident.building_id else None
    return data


def export_account(user, hromada) -> dict:
    membership = Membership.objects.select_related("resident", "resident__building").filter(
        user=user, hromada=hromada).first()
    notices = Notice.objects.filter(recipient=user, hromada=hromada).prefetch_related("deliveries")
    return {
        "account": {
            "id": user.pk, "email": user.email, "phone": user.phone, "phone_verified": user.phone_verified,
            "full_name": user.full_name, "date_joined": user.date_joined, "last_login": user.last_login,
            "is_active": user.is_active, "has_password": user.has_usable_password(),
        },
        "membership": None if membership is None else {
            "registered": membership.created_at, "verified_at": membership.verified_at,
            "verification_method": membership.verification_method, "document_kind": membership.document_kind,
            "declared_tie": getattr(membership, "declared_tie", ""),
        },
        "register_record": _resident(membership.resident if membership else None),
        "roles": list(RoleAssignment.objects.filter(user=user, hromada=hromada).values_list("role", flat=True)),
        "consents": [{"purpose": c.purpose, "text_version": c.text_version, "given_at": c.given_at,
                      "withdrawn_at": c.withdrawn_at, "channel": c.channel}
                     for c in Consent.objects.filter(user=user, hromada=hromada)],
        "notices": [{"kind": n.kind, "subject": n.subject, "body": n.body, "url": n.url, "created_at": n.created_at,
                     "read_at": n.read_at,
                     "deliveries": [{"channel": d.channel, "address": d.address, "status": d.status,
                                     "created_at": d.created_at, "sent_at": d.sent_at} for d in n.deliveries.all()]}
                    for n in notices],
        "data_requests": [{"kind": r.kind, "text": r.text, "status": r.status, "created_at": r.created_at,
                           "handled_at": r.handled_at, "answer": r.answer}
                          for r in DataRequest.objects.filter(user=user, hromada=hromada)],
        "assisted_acts": [{"action": a.action, "at": a.at}
                          for a in AssistedAct.objects.filter(person=user, hromada=hromada)],
        "email_addresses": [{"email": e.email, "verified": e.verified, "primary": e.primary}
                            for e in EmailAddress.objects.filter(user=user)],
        "connected_providers": [{"provider": s.provider, "uid": s.uid, "date_joined": s.date_joined,
                                 "last_login": s.last_login} for s in SocialAccount.objects.filter(user=user)],
        "two_factor": [{"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
                       for a in Authenticator.objects.filter(user=user)],
        "api_tokens": [{"name": t.name, "prefix": t.prefix, "created_at": t.created_at, "expires_at": t.expires_at,
                        "last_used_at": t.last_used_at, "revoked_at": t.revoked_at}
                       for t in ApiToken.objects.filter(user=user)],
        "sessions": [{"ip": s.ip, "user_agent": s.user_agent, "created_at": s.created_at,
                      "last_seen_at": s.last_seen_at} for s in UserSession.objects.filter(user=user)],
    }


def erase_account(user, hromada) -> None:
    """This hromada's resident account goes; consents stay, detached (they prove consent was given)."""
    Membership.objects.filter(user=user, hromada=hromada).delete()  # the register record stays, unlinked
    RoleAssignment.objects.filter(user=user, hromada=hromada, role=Role.RESIDENT).delete()
    Consent.objects.filter(user=user, hromada=hromada).update(user=None)
    Notice.objects.filter(recipient=user, hromada=hromada).delete()
    DataRequest.objects.filter(user=user, hromada=hromada).update(user=None, text="")
    AssistedAct.objects.filter(person=user, hromada=hromada).update(person=None)
    forget_roles(user)


register("accounts", export_account, erase_account,
         keep_reason=_("consents are kept without the account: they prove the consent was given"), order=10)
