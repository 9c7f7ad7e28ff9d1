"""The ID.gov.ua exchange: redirect, code for a token, token for the person's data (docs/identity.md).

Every failure of the far side — an unreachable or slow server, an answer that is not the JSON the protocol
promises, an error it reports — ends on allauth's authentication error page with a Ukrainian message for the
person (django messages), never a 500.
"""

from __future__ import annotations

from importlib import import_module

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Client
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView
from django.conf import settings
from django.contrib import messages
from django.utils.http import urlencode
from django.utils.translation import gettext as _

# The person's data asked for. drfocode is the РНОКПП, unzr the record number of the demographic register.
USER_FIELDS = "lastname,givenname,middlename,email,phone,address,drfocode,unzr,auth_type"
# Where request.idgovua_identity is kept between the callback and the end of sign-in (accounts.adapters).
IDENTITY_KEY = "idgovua_identity"


class IdGovUaError(ProviderException):
    """A failed exchange with ID.gov.ua; str() is the Ukrainian message shown to the person."""


def fail(request, message: str) -> IdGovUaError:
    if request is not None:
        messages.error(request, message)
    return IdGovUaError(message)


def base_url(app, request=None) -> str:
    """The ID.gov.ua address as the person's browser goes to it."""
    url = str((app.settings or {}).get("url") or "").strip()
    if url.startswith("/") and request is not None:  # the development imitation on this very site
        url = request.build_absolute_uri(url)
    return url.rstrip("/")


def _server_target(app, request) -> tuple[str, dict]:
    """The address (and Host header) this server calls. The development imitation is this very site: it is
    reached on the socket that took the request, since a hromada's host (a.localhost) need not resolve here."""
    url = str((app.settings or {}).get("url") or "").strip()
    if url.startswith("/") and request is not None:
        port = request.META.get("SERVER_PORT") or "80"
        return f"http://127.0.0.1:{port}{url.rstrip('/')}", {"Host": request.get_host()}
    return url.rstrip("/"), {}


def _json(request, response, what: str) -> dict:
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise fail(request, _("ID.gov.ua answered with something that is not %(what)s. Please try again later, "
                              "or sign in another way.") % {"what": what})
    error = str(data.get("error") or "0").strip()
    if error not in ("", "0") or response.status_code >= 400:
        detail = data.get("error_description") or data.get("message") or error or response.status_code
        raise fail(request, _("ID.gov.ua refused the request (%(detail)s). Please start the sign-in again.")
                   % {"detail": detail})
    return data


def _call(request, app, path: str, params: dict, what: str, *, reply_to=None) -> dict:
    base, headers = _server_target(app, request)
    try:
        with get_adapter(request).get_requests_session() as session:
            response = session.get(base + path, params=params, headers=headers,
                                   timeout=settings.SOCIALACCOUNT_REQUESTS_TIMEOUT)
    except requests.Timeout:
        raise fail(reply_to, _("ID.gov.ua did not answer in time. Please try again in a few minutes.")) from None
    except requests.RequestException:
        raise fail(reply_to, _("ID.gov.ua could not be reached. Please try again in a few minutes.")) from None
    return _json(reply_to, response, what)


class IdGovUaClient(OAuth2Client):
    """ID.gov.ua takes the code in the query of GET <url>/get-access-token and adds user_id to the answer."""

    def get_redirect_url(self, authorization_url, scope, extra_params) -> str:
        params = {"response_type": "code", "client_id": self.consumer_key}
        params.update(extra_params)
        if self.state:
            params["state"] = self.state
        params["redirect_uri"] = self.callback_url
        return f"{authorization_url}?{urlencode(params)}"

    def get_access_token(self, code, pkce_code_verifier=None, extra_data=None):
        if not code:
            raise fail(self.request, _("ID.gov.ua did not send a sign-in code. Please start the sign-in again."))
        params = {"grant_type": "authorization_code", "client_id": self.consumer_key,
                  "client_secret": self.consumer_secret, "code": code}
        app = get_adapter(self.request).get_provider(self.request, "idgovua").app
        data = _call(self.request, app, "/get-access-token", params, _("an access token"), reply_to=self.request)
        if not data.get("access_token") or not data.get("user_id"):
            raise fail(self.request, _("ID.gov.ua did not issue an access token. Please start the sign-in again."))
        return data


class IdGovUaOAuth2Adapter(OAuth2Adapter):
    provider_id = "idgovua"
    client_class = IdGovUaClient
    access_token_method = "GET"  # noqa: S105  (the protocol's HTTP method, not a secret)

    @property
    def authorize_url(self) -> str:
        return base_url(self.get_provider().app, self.request) + "/"

    @property
    def access_token_url(self) -> str:
        return base_url(self.get_provider().app, self.request) + "/get-access-token"

    def parse_token(self, data):
        try:
            return super().parse_token(data)
        except (TypeError, ValueError):  # expires_in that is not a number
            raise fail(self.request, _("ID.gov.ua answered with something that is not %(what)s. Please try again "
                                       "later, or sign in another way.") % {"what": _("an access token")}) from None

    def complete_login(self, request, app, token, **kwargs):
        response = kwargs.get("response") or {}
        params = {"access_token": token.token, "user_id": response.get("user_id", ""), "fields": USER_FIELDS}
        # The encryption certificate (Base64) asks for the DSTU-enveloped answer; see decryptor() below.
        certificate = (app.settings or {}).get("cert") or getattr(settings, "IDGOVUA_CERT", "")
        if certificate:
            params["cert"] = certificate
        data = _call(request, app, "/get-user-info", params, _("the person's data"), reply_to=request)
        if "encryptedUserInfo" in data:
            data = decryptor()(request, app).decrypt(data["encryptedUserInfo"])
        if not any(str(data.get(key) or "").strip() for key in ("drfocode", "unzr")):
            raise fail(request, _("ID.gov.ua did not send the person's РНОКПП or УНЗР, so the person cannot be "
                                  "identified. Please sign in another way or contact the ЦНАП."))
        from hromada.accounts.providers.idgovua.provider import digits, method

        request.idgovua_identity = {"rnokpp": digits(data.get("drfocode")), "unzr": str(data.get("unzr") or ""),
                                    "method": method(data)}
        if hasattr(request, "session"):  # for a sign-in that continues on the sign-up form
            request.session[IDENTITY_KEY] = request.idgovua_identity
        login = self.get_provider().sociallogin_from_response(request, data)
        _fill_account(login.user, data)
        return login


def _fill_account(user, data: dict) -> None:
    """The name of a new account from the person's data. The phone stays in the social account's data only: an
    account's phone is a way to sign in, and one it has not confirmed by a code is not copied onto it."""
    from hromada.accounts.providers.idgovua.provider import full_name

    if user.pk:
        return
    user.full_name = full_name(data)[:150] or user.full_name
    user.email = user.email or None


def logout(app, *, access_token: str, user_id: str, request=None) -> bool:
    """End the person's session at ID.gov.ua (<url>/get-user-logout); True when it reports success."""
    try:
        data = _call(request, app, "/get-user-logout", {"access_token": access_token, "user_id": user_id},
                     _("a logout answer"))
    except IdGovUaError:
        return False
    return str(data.get("error", "0")) == "0"


# --- the encrypted variant (DSTU envelope) ---------------------------------------------------------------

class UnavailableDecryptor:
    """The default: encrypted answers need the IIT end-user library, which this installation does not have."""

    def __init__(self, request, app) -> None:
        self.request = request

    def decrypt(self, envelope: str) -> dict:
        raise fail(self.request, _("Encrypted exchange is unavailable: the IIT library is not installed."))


def decryptor():
    """The class named by settings.IDGOVUA_DECRYPTOR ("module.Class"): Class(request, app).decrypt(envelope)."""
    path = getattr(settings, "IDGOVUA_DECRYPTOR", "") or ""
    if not path:
        return UnavailableDecryptor
    module, _dot, name = path.rpartition(".")
    return getattr(import_module(module), name)


oauth2_login = OAuth2LoginView.adapter_view(IdGovUaOAuth2Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(IdGovUaOAuth2Adapter)
