"""Sign-in, sign-out and password reset pages (Django's views with our form and templates)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from hromada.core import throttle
from hromada.core.middleware import client_ip
from hromada.core.roles import can


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or phone"), max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("Wrong e-mail/phone or password. Both are case-sensitive except the e-mail."),
        "inactive": _("This account is disabled."),
        "locked": _("Too many failed attempts. Please wait %(minutes)s minutes and try again."),
        "unconfirmed": _("This account's e-mail or phone has not been confirmed yet. Sign in with a one-time "
                         "code sent to it: that confirms it too."),
    }

    def clean(self):
        identifier = self.cleaned_data.get("username") or ""
        if identifier and throttle.is_locked(identifier, client_ip(self.request)):
            from django.conf import settings

            raise forms.ValidationError(
                self.error_messages["locked"], code="locked",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60},
            )
        return super().clean()

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if _unconfirmed(user):
            raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")


def _unconfirmed(user) -> bool:
    """An account made by sign-up (allauth) whose address was never confirmed: its e-mail addresses are all
    unverified, its phone is not verified, and it holds no staff role anywhere. Staff accounts made by an
    administrator have no allauth e-mail rows and are never refused here."""
    from allauth.account.models import EmailAddress

    from hromada.core.models import RoleAssignment
    from hromada.core.roles import STAFF_ROLES

    addresses = list(EmailAddress.objects.filter(user=user).values_list("verified", flat=True))
    if not addresses or any(addresses) or getattr(user, "phone_verified", False):
        return False
    return not RoleAssignment.objects.filter(user=user, role__in=STAFF_ROLES).exists()


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "core/auth/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self.request, "hromada", None) is not None:
            from hromada.accounts import identity_providers

            context["identity_buttons"] = identity_providers.buttons(self.request.hromada)
        return context

    def get_default_redirect_url(self):
        # Staff go to their area; residents (who have no staff pages yet) to the portal.
        if can(self.request.user, self.request.hromada, "staff_area.enter"):
            return reverse("staff:home")
        return reverse("portal:home")


class SignOutView(auth_views.LogoutView):
    template_name = "core/auth/logged_out.html"


class ResetView(auth_views.PasswordResetView):
    template_name = "core/auth/password_reset.html"
    email_template_name = "core/auth/password_reset_email.txt"
    subject_template_name = "core/auth/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/auth/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/auth/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/auth/password_reset_complete.html"
