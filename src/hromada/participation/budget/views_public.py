"""Public pages of the participatory budget: editions, projects, submission, the ballot, results, the ballot
log, implementation, open data.

Votes per project are shown once the voting has closed (results phase and after): a live count during the
voting would steer the voters, and the Положення usually forbids publishing it early.
"""

from __future__ import annotations

import json
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.accounts import eligibility
from hromada.core import ratelimit
from hromada.core.cases.forms import add_service_errors
from hromada.core.exports import csv_response
from hromada.core.models import StarostaDistrict
from hromada.participation.budget import exports, forms, services, voting
from hromada.participation.budget import selectors as q
from hromada.participation.models import Phase, ProjectPhoto, ProjectStatus

PAGE_SIZE = 20
PHASES = (Phase.SUBMISSION, Phase.REVIEW, Phase.VOTING, Phase.RESULTS, Phase.IMPLEMENTATION)


def phase(edition, today=None):
    return services.phase_of(edition, today)


def votes_public(edition) -> bool:
    return phase(edition) in q.CLOSED_PHASES or bool(edition.results_published_at)


def timeline(edition) -> list[dict]:
    current = phase(edition)
    spans = {
        Phase.SUBMISSION: (edition.submission_starts, edition.submission_ends),
        Phase.REVIEW: (None, edition.review_ends),
        Phase.VOTING: (edition.voting_starts, edition.voting_ends),
        Phase.RESULTS: (None, edition.results_on),
        Phase.IMPLEMENTATION: (None, edition.implementation_ends),
    }
    labels = dict(Phase.choices)
    return [{"key": key, "label": labels[key], "starts": spans[key][0], "ends": spans[key][1],
             "current": key == current} for key in PHASES]


def index(request):
    rows = [(e, phase(e)) for e in q.editions(request.hromada)]
    labels = dict(Phase.choices)
    return render(request, "participation/budget/index.html", {
        "editions": [{"edition": e, "phase": p, "phase_label": labels[p]} for e, p in rows],
    })


def _districts(request, categories):
    ids = {c.starosta_district_id for c in categories if c.starosta_district_id}
    return list(StarostaDistrict.objects.filter(hromada=request.hromada, pk__in=ids).order_by("name")) if ids else []


def edition(request, year):
    ed = q.edition_by_year(request.hromada, year)
    categories = q.categories(ed)
    form = forms.ProjectFilterForm(request.GET or None, categories=categories,
                                   districts=_districts(request, categories))
    filters = {"category": "", "status": "", "district": "", "q": ""}
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    rows = q.projects(ed, category=filters["category"], status=filters["status"],
                             district=filters["district"], q=filters["q"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    current = phase(ed)
    return render(request, "participation/budget/edition.html", {
        "edition": ed, "phase": current, "phase_label": dict(Phase.choices)[current], "timeline": timeline(ed),
        "categories": categories, "form": form, "page": page, "q": filters["q"],
        "querystring": urlencode({k: v for k, v in filters.items() if v}),
        "votes_public": votes_public(ed),
    })


def project(request, year, number):
    ed = q.edition_by_year(request.hromada, year)
    item = q.project_by_number(ed, number)
    photos = list(item.photos.all())
    return render(request, "participation/budget/project.html", {
        "edition": ed, "project": item, "votes_public": votes_public(ed), "phase": phase(ed),
        "cost_items": list(item.cost_items.all()), "milestones": list(item.milestones.all()),
        "proposal_photos": [p for p in photos if p.stage == ProjectPhoto.Stage.PROPOSAL],
        "implementation_photos": [p for p in photos if p.stage == ProjectPhoto.Stage.IMPLEMENTATION],
        "map": _map_data(ed, [item]),
        "reviewed": item.status in (ProjectStatus.ADMITTED, ProjectStatus.REJECTED, *q.WINNER_STATUSES,
                                    ProjectStatus.NOT_SELECTED) and bool(item.reviewed_at or item.review_reason),
    })


def _map_data(ed, projects) -> dict | None:
    points = [{"lat": float(p.latitude), "lon": float(p.longitude), "label": f"№ {p.number} {p.title}",
               "url": reverse("budget:project", args=[ed.year, p.number])}
              for p in projects if p.latitude is not None and p.longitude is not None]
    if not points:
        return None
    return {"points": points, "tiles": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}


def photo(request, year, number, pk):
    ed = q.edition_by_year(request.hromada, year)
    item = q.project_by_number(ed, number)
    found = ProjectPhoto.objects.filter(project=item, pk=q.as_id(pk)).first()
    if found is None or not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    kind = mimetypes.guess_type(found.file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


# Submission.

def _more_rows_initial(data, prefix: str, fields: tuple) -> list[dict]:
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), forms.MAX_COST_ROWS)
    except ValueError:
        total = 0
    rows = [{name: data.get(f"{prefix}-{i}-{name}", "") for name in fields} for i in range(max(total, 0))]
    return [row for row in rows if any(row.values())]


@require_http_methods(["GET", "POST"])
def submit(request, year):
    ed = q.edition_by_year(request.hromada, year)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    categories = q.categories(ed)
    open_now = phase(ed) == Phase.SUBMISSION
    decision = eligibility.check(request.user, request.hromada, "vote")
    context = {"edition": ed, "open_now": open_now, "eligibility": decision, "categories": categories}
    if not open_now or not decision:
        return render(request, "participation/budget/submit.html", context, status=200 if request.method == "GET"
                      else 403)
    if request.method == "POST" and "more" in request.POST:
        # Another three rows for cost items, without JavaScript: the form comes back with what was typed.
        initial = {k: request.POST.get(k, "") for k in ("category", "title", "summary", "description", "address",
                                                         "latitude", "longitude")}
        form = forms.ProjectForm(initial=initial, categories=categories)
        items = forms.CostItems(prefix="cost", initial=_more_rows_initial(request.POST, "cost",
                                                                          ("name", "quantity", "unit", "amount")))
        photos = forms.Photos(prefix="photo")
        context.update(form=form, items=items, photos=photos, more=True)
        return render(request, "participation/budget/submit.html", context)
    if request.method == "POST":
        form = forms.ProjectForm(request.POST, categories=categories)
        items = forms.CostItems(request.POST, prefix="cost")
        photos = forms.Photos(request.POST, request.FILES, prefix="photo")
        if form.is_valid() & items.is_valid() & photos.is_valid():
            data = form.cleaned_data
            chosen = [(f.cleaned_data["photo"], f.cleaned_data["caption"]) for f in photos.forms
                      if f.cleaned_data.get("photo")]
            try:
                created = services.submit_project(
                    ed, author=request.user, hromada=request.hromada, category=data["category"],
                    title=data["title"], summary=data["summary"], description=data["description"],
                    cost_items=items.items(), address=data["address"], latitude=data["latitude"],
                    longitude=data["longitude"], photos=[p for p, _c in chosen],
                    photo_captions=[c for _p, c in chosen])
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You may not submit a project."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The project № %(number)s is submitted. The departments will review "
                                            "it; you will be told their decision.") % {"number": created.number})
                return redirect("budget:project", ed.year, created.number)
        context.update(form=form, items=items, photos=photos)
        return render(request, "participation/budget/submit.html", context, status=400)
    context.update(form=forms.ProjectForm(categories=categories), items=forms.CostItems(prefix="cost"),
                   photos=forms.Photos(prefix="photo"))
    return render(request, "participation/budget/submit.html", context)


# The ballot.

def _ballot_context(request, ed, *, error_messages=(), chosen=None):
    current = phase(ed)
    ballot = voting.ballot_of(ed, request.user, request.hromada) if request.user.is_authenticated else None
    mine = q.choices_of(ballot)
    chosen_ids = set(chosen) if chosen is not None else {p.pk for p in mine}
    decision = eligibility.check(request.user, request.hromada, "vote") if request.user.is_authenticated else None
    return {
        "edition": ed, "phase": current, "open_now": current == Phase.VOTING, "ballot": ballot, "mine": mine,
        "eligibility": decision, "groups": q.admitted_by_category(ed) if current == Phase.VOTING else [],
        "chosen": {str(i) for i in chosen_ids}, "may_change": ed.ballot_changes_allowed,
        "changing": request.GET.get("change") == "1" or chosen is not None, "errors": list(error_messages),
    }


@require_http_methods(["GET", "POST"])
@ratelimit.limit_page("ballot")
def ballot(request, year):
    ed = q.edition_by_year(request.hromada, year)
    if request.method == "GET":
        return render(request, "participation/budget/ballot.html", _ballot_context(request, ed))
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("budget:ballot", args=[ed.year]))
    raw = request.POST.getlist("projects")
    ids = []
    for value in raw:
        if not value.isdigit() or len(value) > 18:
            return render(request, "participation/budget/ballot.html", _ballot_context(
                request, ed, error_messages=[_("Choose projects from the ballot.")], chosen=[]), status=400)
        ids.append(int(value))
    try:
        voting.cast(ed, user=request.user, hromada=request.hromada, project_ids=ids)
    except voting.AlreadyVoted:
        messages.info(request, _("You have voted in this edition already; the Положення does not allow changing "
                                 "the ballot."))
        return redirect("budget:ballot", ed.year)
    except PermissionDenied as error:
        return render(request, "participation/budget/ballot.html", _ballot_context(
            request, ed, error_messages=[str(error) or _("You may not vote in this edition.")], chosen=ids),
            status=403)
    except ValidationError as error:
        return render(request, "participation/budget/ballot.html", _ballot_context(
            request, ed, error_messages=error.messages, chosen=ids), status=400)
    return redirect("budget:ballot-done", ed.year)


def ballot_done(request, year):
    ed = q.edition_by_year(request.hromada, year)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = _ballot_context(request, ed)
    if context["ballot"] is None:
        return redirect("budget:ballot", ed.year)
    return render(request, "participation/budget/ballot_done.html", context)


# Results, the ballot log, Pabulib.

def _outcomes(ed) -> list[dict]:
    """Per category: both rules' outcomes and a row per project (results.comparison)."""
    from hromada.participation.budget import results

    return results.comparison(ed)


def results_page(request, year):
    ed = q.edition_by_year(request.hromada, year)
    current = phase(ed)
    shown = current in q.CLOSED_PHASES or bool(ed.results_published_at)
    return render(request, "participation/budget/results.html", {
        "edition": ed, "phase": current, "shown": shown, "published": bool(ed.results_published_at),
        "outcomes": _outcomes(ed) if shown else None,
        "official": ed.get_official_method_display(), "tie_rule": ed.get_tie_rule_display(),
    })


def pabulib(request, year):
    ed = q.edition_by_year(request.hromada, year)
    if not votes_public(ed):
        raise Http404
    body = exports.pabulib_zip(ed)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="budget-{ed.year}-pabulib.zip"'
    return response


def ballot_log(request, year, fmt):
    if fmt not in ("csv", "json"):
        raise Http404
    ed = q.edition_by_year(request.hromada, year)
    rows = exports.ballot_log_rows(ed)
    if fmt == "json":
        body = {"edition": ed.pk, "year": ed.year, "ballots": ed.ballots_count, "last_hash": ed.last_hash,
                "fields_hashed": list(exports.LOG_HASHED), "log": [dict(zip(exports.LOG_COLUMNS, row, strict=True))
                                                                   for row in rows]}
        response = HttpResponse(json.dumps(body, ensure_ascii=False, indent=1),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="budget-{ed.year}-ballots.json"'
        return response
    return csv_response(f"budget-{ed.year}-ballots", exports.LOG_COLUMNS, rows)


def implementation(request, year):
    ed = q.edition_by_year(request.hromada, year)
    rows = list(q.winners(ed))
    return render(request, "participation/budget/implementation.html", {
        "edition": ed, "projects": rows, "map": _map_data(ed, rows),
        "spent": sum((p.spent for p in rows), start=type(ed.total_budget)(0)),
    })


def open_data(request, what, fmt):
    if what not in ("editions", "projects") or fmt not in ("csv", "json"):
        raise Http404
    if what == "editions":
        columns, rows = exports.EDITION_COLUMNS, exports.edition_rows(request.hromada)
    else:
        columns, rows = exports.PROJECT_COLUMNS, exports.project_rows(request.hromada)
    if fmt == "json":
        return HttpResponse(json.dumps([dict(zip(columns, row, strict=True)) for row in rows], ensure_ascii=False,
                                       indent=1, default=str), content_type="application/json; charset=utf-8")
    return csv_response(f"budget-{what}", columns, rows)


