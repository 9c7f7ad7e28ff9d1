"""The resident cabinet's pages (thin: services and selectors do the work)."""

from __future__ import annotations

from allauth.account import app_settings as allauth_settings
from allauth.account.internal import flows
from allauth.account.views import SignupView as AllauthSignupView
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts import selectors, services
from hromada.core.cabinet import render_sections


@login_required
def cabinet(request):
    membership = selectors.membership(request.user, request.hromada)
    sections = render_sections(request, membership) if membership else []
    return render(request, "accounts/cabinet/index.html", {"membership": membership, "sections": sections})


@login_required
@require_POST
def join(request):
    if not request.POST.get("consent"):
        messages.error(request, _("Without consent to the processing of personal data we cannot open an account "
                                  "(Law «Про захист персональних даних», Art. 11)."))
        return redirect("accounts:cabinet")
    services.join_hromada(request.user, request.hromada, consent_version=services.CONSENT_VERSION)
    messages.success(request, _("Your resident account here is open."))
    return redirect("accounts:cabinet")


class SignupView(AllauthSignupView):
    """allauth's sign-up, except that an account with a phone only verifies the phone, not an e-mail."""

    def form_valid(self, form):
        self.user, response = form.try_save(self.request)
        if response:
            return response
        verification = None if self.user.email else allauth_settings.EmailVerificationMethod.NONE
        try:
            return flows.signup.complete_signup(self.request, user=self.user, redirect_url=self.get_success_url(),
                                                email_verification=verification, by_passkey=form.by_passkey)
        except ImmediateHttpResponse as exc:
            return exc.response


signup = SignupView.as_view()
