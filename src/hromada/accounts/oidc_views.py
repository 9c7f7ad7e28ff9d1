"""allauth's OpenID Connect views, with a provider that cannot be reached or answers something other than
OpenID Connect (discovery, token or user-info) ending on allauth's error page inside the site, never a 500."""

from __future__ import annotations

import logging

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.base import AuthError
from allauth.socialaccount.providers.openid_connect import views as allauth_views

logger = logging.getLogger(__name__)

# What a far side that is down, slow or not speaking OpenID Connect raises inside allauth's views.
FAR_SIDE_ERRORS = (requests.RequestException, ValueError, KeyError, TypeError)


def _guarded(view):
    @login_not_required
    def wrapped(request, provider_id):
        try:
            return view(request, provider_id)
        except FAR_SIDE_ERRORS as exc:
            logger.warning("OIDC provider %s failed: %r", provider_id, exc)
            from allauth.socialaccount.adapter import get_adapter

            try:
                provider = get_adapter().get_provider(request, provider_id)
            except Exception:
                provider = None
            return render_authentication_error(request, provider, error=AuthError.UNKNOWN, exception=exc)

    return wrapped


login = _guarded(allauth_views.login)
callback = _guarded(allauth_views.callback)
