"""The resident's own petitions (drafts, submission, sending on as an appeal) and signatures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.core.cases.forms import add_service_errors
from hromada.participation.models import PetitionStatus
from hromada.participation.petitions import forms, selectors, services
from hromada.participation.petitions.views_public import _pk


@login_required
def index(request):
    return render(request, "participation/petitions/cabinet.html", {
        "petitions": selectors.authored(request.hromada, request.user),
        "signatures": selectors.signed_by(request.hromada, request.user)[:200],
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk=None):
    petition = selectors.authored_petition(request.hromada, request.user, _pk(pk)) if pk is not None else None
    if petition is not None and petition.status != PetitionStatus.DRAFT:
        return redirect("my-petitions:index")
    initial = {"title": petition.title, "text": petition.text} if petition else None
    form = forms.PetitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if petition is None:
                petition = services.create_draft(request.hromada, author=request.user, **form.cleaned_data)
            else:
                services.update_draft(petition, author=request.user, hromada=request.hromada, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not start a petition."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft is saved. Submit it when it is ready."))
            return redirect("my-petitions:index")
    return render(request, "participation/petitions/edit.html", {"form": form, "petition": petition},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    petition = selectors.authored_petition(request.hromada, request.user, _pk(pk))
    if request.method == "POST":
        try:
            services.submit(petition, author=request.user, hromada=request.hromada)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The petition is submitted for moderation."))
        return redirect("my-petitions:index")
    return render(request, "participation/petitions/confirm.html", {
        "petition": petition, "title": _("Submit the petition"),
        "text": _("After submission the petition can no longer be changed. It is published or refused within "
                  "the statute's term."), "button": _("Submit")})


@login_required
@require_http_methods(["GET", "POST"])
def send_as_appeal(request, pk):
    petition = selectors.authored_petition(request.hromada, request.user, _pk(pk))
    if request.method == "POST":
        try:
            case = services.send_as_appeal(petition, author=request.user, hromada=request.hromada)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The petition is registered as appeal %(number)s.") % {"number": case.number})
        return redirect("my-petitions:index")
    return render(request, "participation/petitions/confirm.html", {
        "petition": petition, "title": _("Send as an appeal"),
        "text": _("The petition did not collect the signatures. It can be considered as an ordinary collective "
                  "appeal under the Law «Про звернення громадян»: it will be registered with a number and a term."),
        "button": _("Send as an appeal")})
