"""The resident's own ballots and projects in the participatory budget."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.participation.budget import selectors as q
from hromada.participation.budget import services
from hromada.participation.models import Phase, ProjectStatus


def ballots_view(request) -> list[dict]:
    rows = []
    for ballot in q.my_ballots(request.hromada, request.user):
        edition = ballot.edition
        rows.append({"ballot": ballot, "edition": edition, "projects": [c.project for c in ballot.choices.all()],
                     "may_change": edition.ballot_changes_allowed and services.phase_of(edition) == Phase.VOTING})
    return rows


@login_required
def index(request):
    return render(request, "participation/budget/cabinet.html", {
        "ballots": ballots_view(request), "projects": q.my_projects(request.hromada, request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    project = q.my_projects(request.hromada, request.user).filter(pk=q.as_id(pk)).first()
    if project is None:
        raise Http404
    if project.status not in (ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW, ProjectStatus.ADMITTED):
        return redirect("my-budget:index")
    if request.method == "POST":
        try:
            services.withdraw_project(project, author=request.user, hromada=request.hromada)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
        else:
            messages.success(request, _("The project is withdrawn."))
        return redirect("my-budget:index")
    return render(request, "participation/budget/withdraw.html", {"project": project})
