"""The resident cabinet's pages (thin: services and selectors do the work)."""

from __future__ import annotations

import json
from functools import wraps

from allauth.account import app_settings as allauth_settings
from allauth.account.internal import flows
from allauth.account.views import SignupView as AllauthSignupView
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts import selectors, services
from hromada.accounts.forms import CorrectionForm, DeleteAccountForm, NameForm
from hromada.accounts.models import Consent
from hromada.core import audit, personal_data
from hromada.core.cabinet import SECTIONS, render_sections
from hromada.core.models import ApiToken, AuditEntry
from hromada.core.notifications import RESIDENTS
from hromada.core.notifications import views as notification_views


@login_required
def cabinet(request):
    membership = selectors.membership(request.user, request.hromada)
    sections = render_sections(request, membership) if membership else []
    return render(request, "accounts/cabinet/index.html", {"membership": membership, "sections": sections})


def _stranger(request):
    return render(request, "accounts/cabinet/index.html", {"membership": None, "sections": []})


def resident_only(view):
    """Signed in (else to sign-in) and a resident account of this hromada (else the "not a resident here" page)."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        membership = selectors.membership(request.user, request.hromada)
        if membership is None:
            return _stranger(request)
        request.membership = membership
        return view(request, *args, **kwargs)

    return wrapper


def _section_page(request, key, extra=None):
    section = SECTIONS[key]
    context = section.context(request, request.membership)
    if context is None:
        raise Http404
    return render(request, "accounts/cabinet/section.html",
                  {"section": section, "ctx": context, **(extra or {})})


@resident_only
def profile(request):
    form = NameForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        services.update_name(request.user, form.cleaned_data["full_name"])
        messages.success(request, _("Your name is saved."))
        return redirect("accounts:profile")
    return _section_page(request, "profile", {"form": form})


@resident_only
def verification(request):
    return _section_page(request, "verification")


@resident_only
def consents(request):
    return _section_page(request, "consents")


@resident_only
def sign_in_methods(request):
    return _section_page(request, "sign_in")


@resident_only
def sessions(request):
    return _section_page(request, "sessions")


@resident_only
def data(request):
    return _section_page(request, "data", {"form": CorrectionForm()})


@resident_only
def consent_withdraw(request, pk):
    consent = get_object_or_404(Consent, pk=pk, user=request.user, hromada=request.hromada,
                                withdrawn_at__isnull=True)
    if consent.purpose == Consent.Purpose.ACCOUNT:
        # Without this consent there is no resident account: withdrawing it is deleting the account.
        return render(request, "accounts/cabinet/consent_withdraw.html", {"consent": consent, "account": True})
    if request.method == "POST":
        services.withdraw_consent(request.user, request.hromada, purpose=consent.purpose)
        messages.success(request, _("Your consent is withdrawn."))
        return redirect("accounts:consents")
    return render(request, "accounts/cabinet/consent_withdraw.html", {"consent": consent, "account": False})


@resident_only
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    if request.method == "POST":
        services.revoke_token(request.user, token.pk)
        messages.success(request, _("The token is revoked."))
        return redirect("accounts:sessions")
    return render(request, "accounts/cabinet/token_revoke.html", {"token": token})


@resident_only
def data_download(request):
    content = {
        "hromada": request.hromada.name,
        "exported_at": timezone.now().isoformat(),
        "data": personal_data.export(request.user, request.hromada),
    }
    audit.record(AuditEntry.Action.EXPORT, request.user, hromada=request.hromada,
                 changes={"what": "personal data (Art. 8)"})
    response = HttpResponse(json.dumps(content, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@resident_only
def correction(request):
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_correction(request.user, request.hromada, wrong=form.cleaned_data["wrong"],
                                    right=form.cleaned_data["right"])
        messages.success(request, _("Your request is sent. The hromada answers within 30 calendar days."))
        return redirect("accounts:data")
    return _section_page(request, "data", {"form": form})


@resident_only
def delete_account(request):
    has_password = request.user.has_usable_password()
    form = DeleteAccountForm(request.POST or None, user=request.user)
    staff_error = ""
    try:
        services.check_deletable(request.user)
    except ValidationError as exc:
        staff_error = exc.messages[0]
    if request.method == "POST" and not staff_error and form.is_valid():
        services.delete_account(request.user, request.hromada)
        logout(request)
        return redirect("accounts:deleted")
    return render(request, "accounts/cabinet/delete.html",
                  {"form": form, "has_password": has_password, "staff_error": staff_error})


def deleted(request):
    return render(request, "accounts/cabinet/deleted.html")


# The person's notices and notification settings: core's pages for the residents' kinds, under /cabinet/.
CABINET_PAGES = {"base_template": "base.html", "audience": RESIDENTS, "namespace": "accounts"}
notices = resident_only(notification_views.inbox_page)
notice_read = resident_only(notification_views.notice_read_action)
notices_read_all = resident_only(notification_views.notices_read_all_action)
notification_preferences = resident_only(notification_views.preferences_page)


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
