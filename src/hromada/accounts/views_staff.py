"""Staff pages of resident identity: the data subjects' requests (Art. 8) under /staff/data-requests/."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts import selectors, services
from hromada.accounts.models import DataRequest
from hromada.core.access import require
from hromada.core.worklist import long_date

LEGAL_BASIS = gettext_lazy("Law «Про захист персональних даних», Art. 8: an answer within 30 calendar days")


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("status"), required=False,
                               choices=[("open", gettext_lazy("open")), ("", gettext_lazy("all"))]
                               + [c for c in DataRequest.Status.choices if c[0] != "open"])
    kind = forms.ChoiceField(label=gettext_lazy("kind"), required=False,
                             choices=[("", gettext_lazy("all")), *DataRequest.Kind.choices])


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Decision"), widget=forms.RadioSelect,
                                choices=[(DataRequest.Status.DONE, gettext_lazy("done: the data is corrected")),
                                         (DataRequest.Status.REFUSED, gettext_lazy("refused"))])
    answer = forms.CharField(label=gettext_lazy("Answer to the person"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 4}))


def _row(data_request):
    due = services.data_request_due(data_request)
    return {"request": data_request, "due": due, "due_text": long_date(due)}


@require("data_requests.handle")
def data_request_list(request):
    form = FilterForm(request.GET or None)
    status, kind = "open", ""
    if form.is_valid():
        status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
    page = Paginator(selectors.data_requests(request.hromada, status=status, kind=kind), 25).get_page(
        request.GET.get("page"))
    return render(request, "accounts/staff/data_requests.html", {
        "form": form, "page": page, "rows": [_row(r) for r in page.object_list], "basis": LEGAL_BASIS,
        "querystring": urlencode({"status": status, "kind": kind}),
    })


@require("data_requests.handle")
def data_request_detail(request, pk):
    data_request = selectors.data_request(request.hromada, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.handle_data_request(data_request, request.user, outcome=form.cleaned_data["outcome"],
                                         answer=form.cleaned_data["answer"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The answer is recorded and the person is told."))
            return redirect("accounts_staff:data-requests")
    return render(request, "accounts/staff/data_request.html",
                  {"row": _row(data_request), "form": form, "basis": LEGAL_BASIS})
