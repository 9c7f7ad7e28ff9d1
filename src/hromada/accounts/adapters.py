"""How django-allauth fits the platform: accounts are e-mail or phone (no username), codes go out through the
notification service, signing up makes a resident account in the request's hromada, and the sign-in providers
are the ones configured for that hromada or for the installation."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from hromada.core.roles import can
from hromada.core.validators import normalize_phone, validate_phone


def _hromada(request=None):
    request = request or allauth_context.request
    return getattr(request, "hromada", None)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Accounts are made on a hromada's own site; the bare installation host has no residents.
        return _hromada(request) is not None

    def get_login_redirect_url(self, request) -> str:
        if can(request.user, _hromada(request), "staff_area.enter"):
            return reverse("staff:home")
        return reverse("accounts:cabinet")

    def save_user(self, request, user, form, commit=True):
        from hromada.accounts import services

        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data.get("full_name", "") or user.full_name
        user.email = user.email or None  # a phone-only account: NULL, so the unique e-mail allows many
        if commit:
            user.save()
            services.join_hromada(user, _hromada(request), consent_version=form.cleaned_data.get("consent_version"),
                                  channel="portal")
        return user

    # --- delivery of codes and account letters through the notification service --------------------

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from hromada.core.notifications import notify

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": _SiteName(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        notify(email, "accounts.code", hromada=_hromada(request), subject=str(message.subject),
               body=message.body)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        self._sms(phone, _("Your confirmation code: %(code)s. Do not tell it to anyone.") % {"code": code})

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        self._sms(phone, _("Someone asked for a sign-in code for this number, but it has no account here."))

    def send_account_already_exists_sms(self, phone: str) -> None:
        self._sms(phone, _("Someone tried to register this number again; it already has an account. "
                           "Sign in, or restore access with a code."))

    def _sms(self, phone: str, text: str) -> None:
        from hromada.core.notifications import notify

        notify(normalize_phone(phone), "accounts.code", hromada=_hromada(), subject=text, body=text)

    # --- phone numbers live on the account (core.User.phone / phone_verified) -----------------------

    def phone_form_field(self, **kwargs):
        kwargs["label"] = _("Mobile phone")
        kwargs.setdefault("max_length", 20)
        kwargs["widget"] = forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})
        return forms.CharField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        phone = normalize_phone(phone)
        validate_phone(phone)
        return phone

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = normalize_phone(phone)
        user.phone_verified = verified
        if user.pk:  # at sign-up allauth sets the phone before the account is first saved
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        return (user.phone, user.phone_verified) if user.phone else None

    def set_phone_verified(self, user, phone: str) -> None:
        user.phone_verified = True
        user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone: str):
        from hromada.core.models import User

        return User.objects.filter(phone=normalize_phone(phone)).first()


class _SiteName:
    """What allauth's letters call the site: the hromada's name (there is no django.contrib.sites here)."""

    def __init__(self, request) -> None:
        hromada = _hromada(request)
        self.name = hromada.name if hromada is not None else "Hromada"
        self.domain = request.get_host() if request is not None else ""

    def __str__(self) -> str:
        return self.name


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return _hromada(request) is not None

    def list_apps(self, request, provider=None, client_id=None):
        from hromada.accounts import identity_providers

        return identity_providers.apps(_hromada(request), provider=provider, client_id=client_id)

    def save_user(self, request, sociallogin, form=None):
        from hromada.accounts import services

        user = super().save_user(request, sociallogin, form)
        services.join_hromada(user, _hromada(request), consent_version=None, channel="identity provider")
        return user

    def get_connect_redirect_url(self, request, socialaccount):
        return reverse("accounts:cabinet")
