"""Forms of resident identity (the sign-up form extends allauth's)."""

from __future__ import annotations

from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.accounts.services import CONSENT_VERSION


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data for the resident account"),
        error_messages={"required": _("Without consent to the processing of personal data we cannot open an "
                                      "account (Law «Про захист персональних даних», Art. 11).")},
    )

    field_order = ["email", "phone", "full_name", "password1", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:
            self.fields["email"].required = False
        if "password1" in self.fields:
            self.fields["password1"].required = False
            self.fields["password1"].help_text = _(
                "Optional: without a password you sign in with a one-time code.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and not cleaned.get("phone") and not self.errors.get("email") \
                and not self.errors.get("phone"):
            raise forms.ValidationError(_("Give an e-mail or a mobile phone number."), code="no_login")
        cleaned["consent_version"] = CONSENT_VERSION if cleaned.get("consent") else None
        return cleaned


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's form, asking for the one thing it needs (an empty form would otherwise fail inside allauth)."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise forms.ValidationError(_("Give an e-mail or a mobile phone number."), code="no_login")
        return cleaned


class NameForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False,
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))


class CorrectionForm(forms.Form):
    wrong = forms.CharField(label=_("What is wrong"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    right = forms.CharField(label=_("What it should be"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored"),
        error_messages={"required": _("Tick the box to confirm the deletion.")})
    password = forms.CharField(label=_("Your password"), required=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."), code="password")
        return password
