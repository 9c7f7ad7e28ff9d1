"""The staff second factor (TOTP through allauth.mfa) on top of our password /login/ page.

/login/ is Django's LoginView, not allauth's, so allauth's own second-factor stage never runs there. This
middleware adds it for staff (anyone with a staff role in the request's hromada, who can see personal data):

* a staff member with an active TOTP authenticator enters a code at /auth/2fa/ before the session counts
  (until then every page but sign-out and the code page sends them there);
* when the hromada's setting "accounts.staff_totp_required" is on and they have no TOTP yet, the staff pages
  send them to allauth's activation page (/accounts/2fa/totp/activate/).

Residents are not affected. A session is marked once the code is accepted, when allauth itself checked a
second factor (its sign-in stage), or when they open the activation pages while they have no authenticator
yet (so activating one, which proves they hold the secret, does not ask for a code again).
"""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.hromada_settings import get_setting
from hromada.core.roles import STAFF_ROLES, roles_of

SESSION_KEY = "hromada_mfa_user"
SETTING = "accounts.staff_totp_required"
# Reachable before the second factor: signing out, the code page, allauth's pages for activating TOTP (and the
# re-authentication it asks for), static files.
_OPEN_PREFIXES = ("/logout/", "/accounts/logout/", "/auth/2fa/", "/static/", "/accounts/2fa/",
                  "/accounts/reauthenticate/", "/accounts/login/")


def is_staff(user, hromada) -> bool:
    return bool(roles_of(user, hromada) & STAFF_ROLES)


def _totp(user) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def is_verified(request) -> bool:
    if request.session.get(SESSION_KEY) == request.user.pk:
        return True
    records = request.session.get("account_authentication_methods") or []
    return any(isinstance(r, dict) and r.get("method") == "mfa" for r in records)


def mark_verified(request) -> None:
    request.session[SESSION_KEY] = request.user.pk


def _with_next(url: str, request) -> str:
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class StaffSecondFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._check(request)
        return redirect if redirect is not None else self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        hromada = getattr(request, "hromada", None)
        if user is None or not user.is_authenticated or hromada is None or not is_staff(user, hromada):
            return None
        if request.path.startswith("/static/"):
            return None
        if _totp(user) is None:
            # Signed in before any second factor existed: activating one now (which proves they hold the
            # secret) keeps this session valid without asking for a code again.
            if request.path.startswith("/accounts/2fa/") and request.session.get(SESSION_KEY) != user.pk:
                mark_verified(request)
            if request.path.startswith("/staff/") and get_setting(hromada, SETTING):
                messages.warning(request, _("Your hromada requires staff to sign in with a second factor. Set up "
                                            "an authenticator app to continue."))
                return HttpResponseRedirect(_with_next(reverse("mfa_activate_totp"), request))
            return None
        if is_verified(request) or request.path.startswith(_OPEN_PREFIXES):
            return None
        return HttpResponseRedirect(_with_next(reverse("staff_mfa_code"), request))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the authenticator app"), max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def code_view(request):
    """The second step of a staff sign-in: the current code of the person's TOTP authenticator."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(_with_next(reverse("login"), request))
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = ""
    target = target or reverse("staff:home")
    authenticator = _totp(request.user)
    if authenticator is None or is_verified(request):
        return HttpResponseRedirect(target)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from allauth.mfa.totp.internal.auth import TOTP
        from django.conf import settings

        from hromada.core import throttle
        from hromada.core.middleware import client_ip

        # Wrong codes count as failed sign-ins of the account (core.throttle), so guessing codes locks the
        # account like guessing passwords does.
        identifier, ip = request.user.login, client_ip(request)
        if throttle.is_locked(identifier, ip):
            form.add_error(None, _("Too many failed attempts. Please wait %(minutes)s minutes and try again.")
                           % {"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60})
        elif TOTP(authenticator).validate_code(form.cleaned_data["code"].replace(" ", "")):
            authenticator.record_usage()
            mark_verified(request)
            return HttpResponseRedirect(target)
        else:
            throttle.note_failure(identifier, ip)
            form.add_error("code", _("The code is wrong or already used. Enter the current code from the app."))
    return render(request, "accounts/mfa_code.html", {"form": form, "next": target},
                  status=400 if request.method == "POST" else 200)
