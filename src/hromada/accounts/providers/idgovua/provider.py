"""ID.gov.ua (ІСЕІ) as an allauth OAuth2 provider; the protocol is in docs/identity.md, "ID.gov.ua"."""

from __future__ import annotations

import hashlib

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from django.conf import settings

from hromada.accounts.providers.idgovua.views import IdGovUaError, IdGovUaOAuth2Adapter

# Every way ID.gov.ua identifies a person: a qualified e-signature, BankID НБУ, Дія.Підпис.
DEFAULT_AUTH_TYPES = "dig_sign,bank_id,diia_id"
# auth_type in the answer → how the membership was verified (accounts.models.VerificationMethod).
METHODS = {"dig_sign": "idgovua", "bank_id": "bankid", "diia_id": "diia"}
# The uid is a hash of the РНОКПП (or УНЗР), never the number itself. The salt must never change: a new one
# would make every ID.gov.ua account a stranger to its own person.
UID_SALT = getattr(settings, "IDGOVUA_UID_SALT", "hromada.idgovua.uid.v1")
# What is kept with the social account: the register numbers are not.
KEPT_FIELDS = ("lastname", "givenname", "middlename", "email", "phone", "auth_type")


def digits(value) -> str:
    return "".join(ch for ch in str(value or "") if ch.isdigit())


def full_name(data: dict) -> str:
    parts = (data.get("lastname"), data.get("givenname"), data.get("middlename"))
    return " ".join(str(p).strip() for p in parts if p and str(p).strip())


def method(data: dict) -> str:
    return METHODS.get(str(data.get("auth_type") or "").strip().lower(), "idgovua")


class IdGovUaAccount(ProviderAccount):
    def to_str(self) -> str:
        return full_name(self.account.extra_data) or super().to_str()


class IdGovUaProvider(OAuth2Provider):
    id = "idgovua"
    name = "ID.gov.ua"
    account_class = IdGovUaAccount
    oauth2_adapter_class = IdGovUaOAuth2Adapter

    def get_default_scope(self):
        return []

    def get_auth_params(self) -> dict:
        params = super().get_auth_params()
        params.setdefault("auth_type", self.app.settings.get("auth_type") or DEFAULT_AUTH_TYPES)
        return params

    def extract_uid(self, data) -> str:
        rnokpp, unzr = digits(data.get("drfocode")), digits(data.get("unzr"))
        if rnokpp:
            key = f"rnokpp:{rnokpp}"
        elif unzr:
            key = f"unzr:{unzr}"
        else:
            raise IdGovUaError("ID.gov.ua did not send the person's РНОКПП or УНЗР.")
        return hashlib.sha256(f"{UID_SALT}:{key}".encode()).hexdigest()

    def extract_extra_data(self, data) -> dict:
        return {key: data[key] for key in KEPT_FIELDS if data.get(key)}

    def extract_common_fields(self, data) -> dict:
        # The phone stays in extra_data only: allauth would put it on the account as a way to sign in, and one
        # not confirmed by a code must not be (it would also stop the sign-in at the phone-code page).
        return {"full_name": full_name(data), "email": str(data.get("email") or "").strip() or None}

    def extract_email_addresses(self, data) -> list:
        email = str(data.get("email") or "").strip()
        if not email:
            return []
        # The address comes with the person's qualified identification (e-signature certificate, bank, Дія).
        verified = bool(self.app.settings.get("verified_email", True))
        return [EmailAddress(email=email, verified=verified, primary=True)]


provider_classes = [IdGovUaProvider]
