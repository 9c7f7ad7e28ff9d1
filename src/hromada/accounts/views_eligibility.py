"""A person whose identity is verified but who is not in the register declares work or study in the hromada
(/cabinet/work-or-study/), where the participatory budget's Положення allows it (eligibility.declare_tie)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts import eligibility, selectors
from hromada.core.hromada_settings import get_setting


class TieForm(forms.Form):
    tie = forms.ChoiceField(label=gettext_lazy("I declare that I"), widget=forms.RadioSelect,
                            choices=[("work", gettext_lazy("work in the hromada")),
                                     ("study", gettext_lazy("study in the hromada"))])


@login_required
def declare(request):
    membership = selectors.membership(request.user, request.hromada)
    if membership is None or not get_setting(request.hromada, "eligibility.vote.allow_declared_work_study"):
        raise Http404
    form = TieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            eligibility.declare_tie(membership, form.cleaned_data["tie"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Your declaration is recorded: you may vote for participatory budget "
                                        "projects."))
            return redirect("accounts:cabinet")
    return render(request, "accounts/declare_tie.html", {"form": form, "membership": membership})
