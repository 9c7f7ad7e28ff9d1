"""Staff pages of the participatory budget: editions and categories, review of projects, paper and assisted
ballots, results, implementation, Excel reports. Capabilities from participation/permissions.py."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.core import audit
from hromada.core.cases.forms import add_service_errors
from hromada.core.exports import xlsx_response
from hromada.core.models import AuditEntry, Department, StarostaDistrict
from hromada.core.roles import can
from hromada.participation.budget import exports, forms, services, voting
from hromada.participation.budget import selectors as q
from hromada.participation.budget.views_public import _outcomes, phase
from hromada.participation.models import Phase, ProjectStatus
from hromada.registers import services as register_services

MANAGE, REVIEW = "participation.budget_manage", "participation.budget_review"
BALLOTS, IMPLEMENT = "participation.budget_ballots", "participation.budget_implementation"
AREA = (MANAGE, REVIEW, BALLOTS, IMPLEMENT)


def capable(*names):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(can(request.user, request.hromada, name) for name in names):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _may(request) -> dict:
    return {key: can(request.user, request.hromada, cap) for key, cap in
            (("manage", MANAGE), ("review", REVIEW), ("ballots", BALLOTS), ("implement", IMPLEMENT))}


def _fail(request, error) -> None:
    messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))


def _districts(request):
    return list(StarostaDistrict.objects.filter(hromada=request.hromada).order_by("name"))


# Editions and categories.

@capable(*AREA)
def index(request):
    labels = dict(Phase.choices)
    return render(request, "participation/budget/staff_index.html", {
        "editions": [(e, labels[phase(e)]) for e in q.editions(request.hromada)], "may": _may(request),
    })


@capable(*AREA)
def edition_detail(request, pk):
    ed = q.edition(request.hromada, pk)
    return render(request, "participation/budget/staff_edition.html", {
        "edition": ed, "phase": phase(ed), "phase_label": dict(Phase.choices)[phase(ed)],
        "categories": q.categories(ed), "may": _may(request),
    })


@capable(MANAGE)
@require_http_methods(["GET", "POST"])
def edition_edit(request, pk=None):
    ed = q.edition(request.hromada, pk) if pk is not None else None
    form = forms.EditionForm(request.POST or None, instance=ed)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            if ed is None:
                ed = services.create_edition(request.hromada, actor=request.user, **data)
            else:
                data.pop("year", None)  # an edition's year is fixed once it is created
                services.update_edition(q.edition(request.hromada, pk), actor=request.user, hromada=request.hromada,
                                        **data)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You do not have permission for this action."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The edition is saved."))
            return redirect("budget-staff:edition", ed.pk)
    return render(request, "participation/budget/staff_form.html", {
        "form": form, "edition": ed, "title": _("Edit the edition") if ed else _("New edition"),
        "back": ("budget-staff:edition", ed.pk) if ed else ("budget-staff:index",),
    }, status=400 if form.errors else 200)


@capable(MANAGE)
@require_http_methods(["GET", "POST"])
def category_edit(request, pk, category_pk=None):
    ed = q.edition(request.hromada, pk)
    category = q.category(ed, category_pk) if category_pk is not None else None
    initial = None
    if category is not None:
        initial = {"name": category.name, "order": category.order, "budget": category.budget,
                   "min_cost": category.min_cost, "max_cost": category.max_cost,
                   "votes_per_voter": category.votes_per_voter,
                   "starosta_district": str(category.starosta_district_id or "")}
    form = forms.CategoryForm(request.POST or None, initial=initial, districts=_districts(request))
    if request.method == "POST" and form.is_valid():
        try:
            if category is None:
                services.add_category(ed, actor=request.user, hromada=request.hromada, **form.cleaned_data)
            else:
                services.update_category(category, actor=request.user, hromada=request.hromada, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You do not have permission for this action."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The category is saved."))
            return redirect("budget-staff:edition", ed.pk)
    return render(request, "participation/budget/staff_form.html", {
        "form": form, "edition": ed, "title": _("Edit the category") if category else _("New category"),
        "back": ("budget-staff:edition", ed.pk),
    }, status=400 if form.errors else 200)


@capable(MANAGE)
@require_http_methods(["GET", "POST"])
def category_delete(request, pk, category_pk):
    ed = q.edition(request.hromada, pk)
    category = q.category(ed, category_pk)
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None, label=forms.DELETE_LABEL)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_category(category, actor=request.user, hromada=request.hromada)
        except (PermissionDenied, ValidationError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The category is deleted."))
        return redirect("budget-staff:edition", ed.pk)
    return render(request, "participation/budget/staff_confirm.html", {
        "form": form, "edition": ed, "title": _("Delete the category «%(name)s»") % {"name": category.name},
        "text": _("Only a category without projects can be deleted."), "button": _("Delete"),
    }, status=400 if form.errors else 200)


# Projects: the list, review, implementation.

@capable(*AREA)
def projects(request):
    editions = list(q.editions(request.hromada))
    form = forms.StaffProjectFilterForm(request.GET or None, editions=editions)
    filters = {"q": "", "edition": "", "status": ""}
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    edition = next((e for e in editions if str(e.pk) == filters["edition"]), None)
    rows = q.staff_projects(request.hromada, edition=edition, status=filters["status"], q=filters["q"])
    if request.GET.get("format") == "xlsx":
        header, data = exports.staff_project_sheet(rows)
        return xlsx_response("budget-projects", _("Projects"), header, data)
    querystring = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "participation/budget/staff_projects.html", {
        "form": form, "page": Paginator(rows, 30).get_page(request.GET.get("page")), "querystring": querystring,
    })


def _departments(request):
    return list(Department.objects.filter(hromada=request.hromada).order_by("name"))


def _render_project(request, project, *, review_form=None, implementation_form=None, milestone_form=None,
                    photo_form=None, status=200):
    return render(request, "participation/budget/staff_project.html", {
        "project": project, "may": _may(request), "cost_items": list(project.cost_items.all()),
        "milestones": list(project.milestones.all()), "photos": list(project.photos.all()),
        "reviewable": project.status in (ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW),
        "implementable": project.status in q.WINNER_STATUSES,
        "review_form": review_form or forms.ReviewForm(departments=_departments(request), initial={
            "department": str(project.review_department_id or ""), "reviewed_cost": project.reviewed_cost}),
        "implementation_form": implementation_form or forms.ImplementationForm(initial={
            "progress": project.progress, "spent": project.spent, "implemented_on": project.implemented_on}),
        "milestone_form": milestone_form or forms.MilestoneForm(),
        "photo_form": photo_form or forms.StaffPhotoForm(),
    }, status=status)


@capable(*AREA)
def project_detail(request, pk):
    return _render_project(request, q.hromada_project(request.hromada, pk))


@capable(REVIEW)
@require_POST
def review(request, pk):
    project = q.hromada_project(request.hromada, pk)
    form = forms.ReviewForm(request.POST, departments=_departments(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the department and the decision together, or neither
                if data["department"] is not None and project.status == ProjectStatus.SUBMITTED:
                    project = services.start_review(project, actor=request.user, hromada=request.hromada,
                                                    department=data["department"])
                services.review_project(project, actor=request.user, hromada=request.hromada,
                                        admitted=data["decision"] == "admit", reviewed_cost=data["reviewed_cost"],
                                        reason=data["reason"])
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You do not have permission for this action."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review decision is recorded; the author is told."))
            return redirect("budget-staff:project", project.pk)
    return _render_project(request, q.hromada_project(request.hromada, pk), review_form=form, status=400)


@capable(IMPLEMENT)
@require_POST
def implementation(request, pk):
    project = q.hromada_project(request.hromada, pk)
    form = forms.ImplementationForm(request.POST)
    if form.is_valid():
        try:
            services.update_implementation(project, actor=request.user, hromada=request.hromada, **form.cleaned_data)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You do not have permission for this action."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The progress is saved."))
            return redirect("budget-staff:project", project.pk)
    return _render_project(request, project, implementation_form=form, status=400)


@capable(IMPLEMENT)
@require_POST
def milestone_add(request, pk):
    project = q.hromada_project(request.hromada, pk)
    form = forms.MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.add_milestone(project, actor=request.user, hromada=request.hromada, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            add_service_errors(form, error) if isinstance(error, ValidationError) else form.add_error(None, str(error))
        else:
            messages.success(request, _("The milestone is added."))
            return redirect("budget-staff:project", project.pk)
    return _render_project(request, project, milestone_form=form, status=400)


@capable(IMPLEMENT)
@require_POST
def milestone_done(request, pk, milestone_pk):
    project = q.hromada_project(request.hromada, pk)
    milestone = q.milestone(project, milestone_pk)
    form = forms.MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the milestone was done."))
        return redirect("budget-staff:project", project.pk)
    try:
        services.complete_milestone(milestone, actor=request.user, hromada=request.hromada, **form.cleaned_data)
    except (PermissionDenied, ValidationError) as error:
        _fail(request, error)
    else:
        messages.success(request, _("The milestone is marked done."))
    return redirect("budget-staff:project", project.pk)


@capable(IMPLEMENT, REVIEW)
@require_POST
def photo_add(request, pk):
    project = q.hromada_project(request.hromada, pk)
    form = forms.StaffPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        stage = "implementation" if project.status in q.WINNER_STATUSES else "proposal"
        try:
            services.add_photo(project, actor=request.user, hromada=request.hromada, upload=form.cleaned_data["photo"],
                               caption=form.cleaned_data["caption"], stage=stage)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You do not have permission for this action."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("budget-staff:project", project.pk)
    return _render_project(request, project, photo_form=form, status=400)


# Paper and assisted ballots.

@capable(BALLOTS)
def ballots_home(request):
    editions = [e for e in q.editions(request.hromada) if phase(e) == Phase.VOTING]
    return render(request, "participation/budget/staff_ballots_home.html", {"editions": editions})


@capable(BALLOTS)
@require_http_methods(["GET", "POST"])
def paper_ballot(request, pk):
    ed = q.edition(request.hromada, pk)
    search = forms.PaperBallotSearchForm(request.GET if "name" in request.GET else None)
    candidates = None
    if search.is_valid():
        candidates = _candidates(request, search.cleaned_data["name"], search.cleaned_data["birth_date"])
    admitted = [p for _c, rows in q.admitted_by_category(ed) for p in rows]
    form = forms.PaperBallotForm(request.POST or None, projects=admitted)
    resident = None
    if request.method == "POST":
        resident = _resident(request, request.POST.get("resident"))
        if resident is None:
            form.add_error(None, _("Choose a resident from the register of this hromada."))
        elif form.is_valid():
            data = form.cleaned_data
            assisted_mode = data["channel"] == "assisted"
            try:
                voting.enter_paper(ed, actor=request.user, hromada=request.hromada, resident=resident,
                                   paper_number=data["paper_number"], project_ids=[int(i) for i in data["projects"]],
                                   assisted=assisted_mode, consent_note=data["consent_note"])
            except voting.AlreadyVoted as error:
                form.add_error(None, str(error))
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("This person may not vote in this edition."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The ballot is entered and counted."))
                return redirect("budget-staff:paper-ballot", ed.pk)
    elif request.GET.get("resident"):
        resident = _resident(request, request.GET.get("resident"))
        if resident is not None:
            form = forms.PaperBallotForm(initial={"resident": resident.pk}, projects=admitted)
    return render(request, "participation/budget/staff_paper_ballot.html", {
        "edition": ed, "open_now": phase(ed) == Phase.VOTING, "search": search, "candidates": candidates,
        "resident": resident, "form": form,
    }, status=400 if form.errors else 200)


def _candidates(request, name, birth_date):
    from hromada.registers import selectors as register_selectors

    rows = list(register_selectors.residents(request.hromada, name).filter(birth_date=birth_date)[:20])
    for resident in rows:  # reading the register is logged (house rule 4)
        register_services.log_resident_view(resident, actor=request.user, hromada=request.hromada,
                                            what="participatory budget paper ballot")
    return rows


def _resident(request, value):
    from hromada.registers.models import Resident

    if not (value or "").isdigit() or len(value) > 18:
        return None
    return Resident.objects.filter(hromada=request.hromada, pk=int(value)).first()


@capable(BALLOTS, MANAGE)
def ballots_export(request, pk):
    ed = q.edition(request.hromada, pk)
    header, data = exports.offline_ballot_sheet(ed)
    # The sheet names the residents who voted on paper: reading it is logged (house rule 4).
    audit.record(AuditEntry.Action.EXPORT, ed, actor=request.user, hromada=request.hromada,
                 changes={"offline_ballots": [None, ed.ballots.exclude(channel="online").count()]})
    return xlsx_response(f"budget-{ed.year}-offline-ballots", _("Paper ballots"), header, data)


# Results.

@capable(MANAGE)
@require_http_methods(["GET", "POST"])
def results(request, pk):
    ed = q.edition(request.hromada, pk)
    closed = phase(ed) in q.CLOSED_PHASES
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None, label=forms.PUBLISH_LABEL)
    if request.method == "POST" and form.is_valid():
        from hromada.participation.budget import results as results_service

        try:
            results_service.publish(ed, actor=request.user, hromada=request.hromada)
        except (PermissionDenied, ValidationError) as error:
            _fail(request, error)
        else:
            messages.success(request, _("The results are published; the winners are marked."))
        return redirect("budget-staff:results", ed.pk)
    return render(request, "participation/budget/staff_results.html", {
        "edition": ed, "closed": closed, "outcomes": _outcomes(ed) if closed else None, "form": form,
        "official": ed.get_official_method_display(), "tie_rule": ed.get_tie_rule_display(),
    }, status=400 if form.errors else 200)


@capable(MANAGE)
def results_export(request, pk):
    ed = q.edition(request.hromada, pk)
    if phase(ed) not in q.CLOSED_PHASES:
        return redirect("budget-staff:results", ed.pk)
    data = []
    for block in _outcomes(ed):
        for line in block["rows"]:
            data.append([block["category"].name, line["number"], line["title"], line["votes"], line["cost"],
                         _("yes") if line["greedy"] else _("no"), _("yes") if line["equal_shares"] else _("no"),
                         _("yes") if line["official"] else _("no")])
    header = [_("Category"), _("No."), _("Title"), _("Votes"), _("Cost, UAH"), _("Most votes first"),
              _("Method of Equal Shares"), _("Wins by the official rule")]
    return xlsx_response(f"budget-{ed.year}-results", _("Results"), header, data)
