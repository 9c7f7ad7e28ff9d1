"""Reads of the budget pages and API beyond the selectors' contract: tenant-scoped, query-lean.

Every function takes the hromada (or an edition already read through it); another hromada's row is a 404.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import Http404

from hromada.participation.models import (
    Ballot,
    BallotChoice,
    BallotLogEntry,
    Category,
    Edition,
    Milestone,
    Phase,
    Project,
    ProjectPhoto,
    ProjectStatus,
)

# What the public sees of projects: drafts and withdrawn projects are the author's own business.
PUBLIC_STATUSES = tuple(s for s in ProjectStatus.values if s not in (ProjectStatus.DRAFT, ProjectStatus.WITHDRAWN))
WINNER_STATUSES = (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED)
CLOSED_PHASES = (Phase.RESULTS, Phase.IMPLEMENTATION)


def as_id(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


def editions(hromada):
    return Edition.objects.filter(hromada=hromada).order_by("-year")


def edition(hromada, pk) -> Edition:
    found = Edition.objects.filter(hromada=hromada, pk=as_id(pk)).first()
    if found is None:
        raise Http404
    return found


def edition_by_year(hromada, year) -> Edition:
    found = Edition.objects.filter(hromada=hromada, year=as_id(year)).first()
    if found is None:
        raise Http404
    return found


def categories(edition: Edition) -> list[Category]:
    return list(Category.objects.filter(edition=edition).select_related("starosta_district").order_by("order", "id"))


def category(edition: Edition, pk) -> Category:
    found = Category.objects.filter(edition=edition, pk=as_id(pk)).first()
    if found is None:
        raise Http404
    return found


def public_projects(edition: Edition, *, category=None, status: str = "", district=None, q: str = ""):
    rows = (Project.objects.filter(edition=edition, status__in=PUBLIC_STATUSES)
            .select_related("category", "category__starosta_district"))
    if category:
        rows = rows.filter(category_id=category)
    if status:
        rows = rows.filter(status=status)
    if district:
        rows = rows.filter(category__starosta_district_id=district)
    q = (q or "").strip()
    if q:
        condition = Q(title__icontains=q) | Q(summary__icontains=q) | Q(address__icontains=q)
        if q.isdigit():
            condition |= Q(number=int(q))
        rows = rows.filter(condition)
    return rows.order_by("category__order", "category_id", "number")


def public_project(edition: Edition, number) -> Project:
    found = (Project.objects.filter(edition=edition, number=as_id(number), status__in=PUBLIC_STATUSES)
             .select_related("category", "review_department")
             .prefetch_related("cost_items", "milestones",
                               Prefetch("photos", queryset=ProjectPhoto.objects.order_by("uploaded_at", "id")))
             .first())
    if found is None:
        raise Http404
    return found


def admitted_by_category(edition: Edition) -> list[tuple[Category, list[Project]]]:
    """The ballot: each category with its admitted projects."""
    projects = (Project.objects.filter(edition=edition, status=ProjectStatus.ADMITTED).select_related("category")
                .order_by("number"))
    grouped: dict[int, list] = {}
    for project in projects:
        grouped.setdefault(project.category_id, []).append(project)
    return [(c, grouped.get(c.pk, [])) for c in categories(edition) if grouped.get(c.pk)]


def winners(edition: Edition):
    return (Project.objects.filter(edition=edition, status__in=WINNER_STATUSES)
            .select_related("category").prefetch_related("milestones").order_by("category__order", "number"))


def choices_of(ballot: Ballot | None) -> list[Project]:
    if ballot is None:
        return []
    ids = BallotChoice.objects.filter(ballot=ballot).values_list("project_id", flat=True)
    return list(Project.objects.filter(pk__in=list(ids)).select_related("category").order_by("number"))


def ballots_of_user(hromada, user):
    """The person's ballots in this hromada, newest edition first, with the chosen projects."""
    return (Ballot.objects.filter(hromada=hromada, user=user).select_related("edition")
            .prefetch_related(Prefetch("choices", queryset=BallotChoice.objects.select_related("project")
                                       .order_by("project__number")))
            .order_by("-edition__year"))


def projects_of_author(hromada, user):
    return (Project.objects.filter(hromada=hromada, author=user).select_related("edition", "category")
            .order_by("-edition__year", "number"))


def ballot_log(edition: Edition):
    return BallotLogEntry.objects.filter(edition=edition).order_by("seq")


# Staff reads.

def staff_projects(hromada, *, edition=None, status: str = "", category=None, q: str = ""):
    rows = Project.objects.filter(hromada=hromada).select_related("edition", "category", "review_department")
    if edition is not None:
        rows = rows.filter(edition=edition)
    if status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category_id=category)
    q = (q or "").strip()
    if q:
        condition = Q(title__icontains=q) | Q(author_name__icontains=q)
        if q.isdigit():
            condition |= Q(number=int(q))
        rows = rows.filter(condition)
    return rows.order_by("-edition__year", "number")


def staff_project(hromada, pk) -> Project:
    found = (Project.objects.filter(hromada=hromada, pk=as_id(pk))
             .select_related("edition", "category", "review_department", "author")
             .prefetch_related("cost_items", "milestones", "photos").first())
    if found is None:
        raise Http404
    return found


def milestone(project: Project, pk) -> Milestone:
    found = Milestone.objects.filter(project=project, pk=as_id(pk)).first()
    if found is None:
        raise Http404
    return found


def offline_ballots(edition: Edition):
    return (Ballot.objects.filter(edition=edition).exclude(channel="online")
            .select_related("resident", "entered_by").prefetch_related(
                Prefetch("choices", queryset=BallotChoice.objects.select_related("project")))
            .order_by("cast_at", "id"))
