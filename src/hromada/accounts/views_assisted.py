"""Staff pages of assisted verification under /staff/residents-accounts/, and the public count at /assisted/."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hromada.accounts import assisted
from hromada.core.access import require
from hromada.core.validators import normalize_phone, validate_phone
from hromada.registers import services as register_services

CONSENT_LABEL = gettext_lazy("The person consented, in writing at the ЦНАП, to staff acting on their behalf")


class FilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name, e-mail or phone"), required=False, max_length=100)
    verified = forms.ChoiceField(label=gettext_lazy("verification"), required=False,
                                 choices=[("", gettext_lazy("all")), ("yes", gettext_lazy("verified")),
                                          ("no", gettext_lazy("not verified"))])


class RegisterSearchForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Surname and name in the register"), max_length=100)
    birth_date = forms.DateField(label=gettext_lazy("date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))


class VerifyForm(forms.Form):
    resident = forms.IntegerField(widget=forms.HiddenInput)
    document_kind = forms.ChoiceField(label=gettext_lazy("Document checked"),
                                      choices=[("", "—"), *assisted.DOCUMENT_KINDS.items()])
    consent = forms.BooleanField(label=CONSENT_LABEL, required=False)


class NewAccountForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("full name"), max_length=150)
    phone = forms.CharField(label=gettext_lazy("phone"), required=False, max_length=20,
                            help_text=gettext_lazy("For sign-in codes by SMS, e.g. 0501234567."))
    email = forms.EmailField(label=gettext_lazy("e-mail"), required=False)
    consent = forms.BooleanField(label=CONSENT_LABEL, required=False)

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"].strip())
        if phone:
            validate_phone(phone)
        return phone


@require(assisted.CAPABILITY)
def account_list(request):
    form = FilterForm(request.GET or None)
    query = verified = ""
    if form.is_valid():
        query, verified = form.cleaned_data["q"], form.cleaned_data["verified"]
    page = Paginator(assisted.accounts(request.hromada, query=query, verified=verified), 25).get_page(
        request.GET.get("page"))
    return render(request, "accounts/assisted/list.html", {
        "form": form, "page": page, "querystring": urlencode({"q": query, "verified": verified}),
    })


@require(assisted.CAPABILITY)
def account_detail(request, pk):
    membership = assisted.account(request.hromada, pk)
    search = RegisterSearchForm(request.GET if "name" in request.GET else None)
    candidates = None
    if search.is_valid():
        candidates = assisted.register_candidates(request.hromada, name=search.cleaned_data["name"],
                                                  birth_date=search.cleaned_data["birth_date"])
        for resident in candidates:  # reading the register is logged (house rule 4)
            register_services.log_resident_view(resident, actor=request.user, hromada=request.hromada,
                                                what="assisted verification search")
    return render(request, "accounts/assisted/account.html", {
        "membership": membership, "search": search, "candidates": candidates,
        "document_kinds": assisted.DOCUMENT_KINDS.items(), "consent_label": CONSENT_LABEL,
    })


@require(assisted.CAPABILITY)
@require_POST
def account_verify(request, pk):
    from hromada.registers.models import Resident

    membership = assisted.account(request.hromada, pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the register record and the document you checked."))
        return redirect("accounts_assisted:account", pk=membership.pk)
    resident = get_object_or_404(Resident, hromada=request.hromada, pk=form.cleaned_data["resident"])
    try:
        assisted.verify(membership, resident, staff=request.user, document_kind=form.cleaned_data["document_kind"],
                        consent=form.cleaned_data["consent"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The account is verified: %(person)s.") % {"person": resident})
    return redirect("accounts_assisted:account", pk=membership.pk)


@require(assisted.CAPABILITY)
def account_new(request):
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = assisted.NewAccount(full_name=form.cleaned_data["full_name"], phone=form.cleaned_data["phone"],
                                   email=form.cleaned_data["email"])
        try:
            membership = assisted.create_account(request.hromada, data, staff=request.user,
                                                 consent=form.cleaned_data["consent"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The account is open. Now find the person in the register and verify it."))
            return redirect("accounts_assisted:account", pk=membership.pk)
    return render(request, "accounts/assisted/new.html", {"form": form})


def public_stats(request):
    return render(request, "accounts/assisted/stats.html", {
        "months": assisted.monthly_counts(request.hromada), "actions": list(assisted.Action.LABELS.values()),
    })
