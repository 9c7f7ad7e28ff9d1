"""Reads of the participatory budget, tenant-scoped (house rule 2): another hromada's row is a 404."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from hromada.core.ukrtext import unify_apostrophes
from hromada.participation.models import (
    Ballot,
    BallotChannel,
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

# Statuses the public sees (withdrawn and drafts stay with the author and staff).
PUBLIC_STATUSES: tuple[str, ...] = (
    ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW, ProjectStatus.ADMITTED, ProjectStatus.REJECTED,
    ProjectStatus.WINNER, ProjectStatus.NOT_SELECTED, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED)
WINNER_STATUSES = (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTING, ProjectStatus.IMPLEMENTED)
CLOSED_PHASES = (Phase.RESULTS, Phase.IMPLEMENTATION)


def as_id(value) -> int:
    """An id or number from a URL or form as an int; anything else is a 404, never a 500."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


def editions(hromada) -> QuerySet[Edition]:
    """The hromada's editions, newest year first."""
    return Edition.objects.filter(hromada=hromada).order_by("-year")


def edition(hromada, pk: int) -> Edition:
    row = Edition.objects.filter(hromada=hromada, pk=as_id(pk)).first()
    if row is None:
        raise Http404
    return row


def edition_by_year(hromada, year: int) -> Edition:
    row = Edition.objects.filter(hromada=hromada, year=as_id(year)).first()
    if row is None:
        raise Http404
    return row


def current_edition(hromada) -> Edition | None:
    """The newest edition (the one the portal leads with), or None."""
    return editions(hromada).first()


def categories(edition_row: Edition) -> QuerySet[Category]:
    return Category.objects.filter(edition=edition_row).select_related("starosta_district").order_by("order", "id")


def category(edition_row: Edition, pk) -> Category:
    row = Category.objects.filter(edition=edition_row, pk=as_id(pk)).first()
    if row is None:
        raise Http404
    return row


def _search(qs: QuerySet, q: str) -> QuerySet:
    q = unify_apostrophes((q or "").strip())[:200]
    if not q:
        return qs
    match = Q(title__icontains=q) | Q(summary__icontains=q) | Q(address__icontains=q) | Q(author_name__icontains=q)
    if q.isdigit():
        match |= Q(number=int(q))
    return qs.filter(match)


def projects(edition_row: Edition, *, category=None, status: str = "", q: str = "", district=None,
             public: bool = True) -> QuerySet[Project]:
    """Projects of an edition with filters: category (pk or row), status, text (q), starosta district (pk or row:
    the district categories of that district). ``public`` hides withdrawn projects."""
    qs = Project.objects.filter(edition=edition_row).select_related("category", "category__starosta_district")
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    if category not in (None, ""):
        try:
            qs = qs.filter(category_id=int(getattr(category, "pk", category)))
        except (TypeError, ValueError):
            return qs.none()
    if status:
        qs = qs.filter(status=status) if status in ProjectStatus.values else qs.none()
    if district not in (None, ""):
        try:
            qs = qs.filter(category__starosta_district_id=int(getattr(district, "pk", district)))
        except (TypeError, ValueError):
            return qs.none()
    return _search(qs, q).order_by("category__order", "category_id", "number")


def project(edition_row: Edition, pk: int, *, public: bool = True) -> Project:
    qs = Project.objects.filter(edition=edition_row, pk=as_id(pk))
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    row = qs.select_related("category", "edition", "review_department").prefetch_related(
        "cost_items", "photos", "milestones").first()
    if row is None:
        raise Http404
    return row


def project_by_number(edition_row: Edition, number: int, *, public: bool = True) -> Project:
    qs = Project.objects.filter(edition=edition_row, number=as_id(number))
    if public:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    row = qs.select_related("category", "edition", "review_department").prefetch_related(
        "cost_items", "milestones", Prefetch("photos", queryset=ProjectPhoto.objects.order_by("uploaded_at", "id"))
    ).first()
    if row is None:
        raise Http404
    return row


def hromada_project(hromada, pk: int) -> Project:
    """Any project of this hromada (staff pages), or Http404."""
    row = (Project.objects.filter(hromada=hromada, pk=as_id(pk))
           .select_related("category", "edition", "review_department", "author")
           .prefetch_related("cost_items", "photos", "milestones").first())
    if row is None:
        raise Http404
    return row


def my_projects(hromada, user) -> QuerySet[Project]:
    if user is None or not user.is_authenticated:
        return Project.objects.none()
    return (Project.objects.filter(hromada=hromada, author=user).select_related("edition", "category")
            .order_by("-edition__year", "number"))


def my_ballot(edition_row: Edition, user, hromada) -> Ballot | None:
    from hromada.participation.budget.voting import ballot_of

    return ballot_of(edition_row, user, hromada)


def my_ballots(hromada, user) -> QuerySet[Ballot]:
    """The person's ballots in every edition (their account, or the register record it is linked to)."""
    if user is None or not user.is_authenticated:
        return Ballot.objects.none()
    from hromada.accounts.models import Membership

    resident_id = (Membership.objects.filter(user=user, hromada=hromada).values_list("resident_id", flat=True)
                   .first())
    match = Q(user=user) | Q(voter_key=f"u{user.pk}")
    if resident_id:
        match |= Q(voter_key=f"r{resident_id}")
    return (Ballot.objects.filter(match, hromada=hromada).select_related("edition")
            .prefetch_related("choices__project").order_by("-edition__year"))


def offline_ballots(edition_row: Edition, *, q: str = "") -> QuerySet[Ballot]:
    """Paper and assisted ballots of an edition (staff), newest first; search by paper number."""
    qs = (Ballot.objects.filter(edition=edition_row).exclude(channel=BallotChannel.ONLINE)
          .select_related("resident", "entered_by").prefetch_related("choices__project").order_by("-cast_at", "-id"))
    q = (q or "").strip()[:30]
    return qs.filter(paper_number__icontains=q) if q else qs


def ballot_log(edition_row: Edition) -> QuerySet[BallotLogEntry]:
    """The public hash-chained ballot log of an edition, in order."""
    return BallotLogEntry.objects.filter(edition=edition_row).order_by("seq")


def projects_to_review(hromada, *, department=None) -> QuerySet[Project]:
    qs = Project.objects.filter(hromada=hromada, status__in=(ProjectStatus.SUBMITTED, ProjectStatus.UNDER_REVIEW))
    if department is not None:
        qs = qs.filter(review_department=department)
    return qs.select_related("edition", "category", "review_department").order_by("edition__review_ends", "number")


def winners(edition_row: Edition) -> QuerySet[Project]:
    return (Project.objects.filter(edition=edition_row, status__in=WINNER_STATUSES)
            .select_related("category").prefetch_related("milestones").order_by("category__order", "number"))


def admitted_by_category(edition_row: Edition) -> list[tuple[Category, list[Project]]]:
    """The ballot: each category with its admitted projects."""
    rows = (Project.objects.filter(edition=edition_row, status=ProjectStatus.ADMITTED).select_related("category")
            .order_by("number"))
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(row.category_id, []).append(row)
    return [(c, grouped[c.pk]) for c in categories(edition_row) if grouped.get(c.pk)]


def choices_of(ballot: Ballot | None) -> list[Project]:
    if ballot is None:
        return []
    ids = BallotChoice.objects.filter(ballot=ballot).values_list("project_id", flat=True)
    return list(Project.objects.filter(pk__in=list(ids)).select_related("category").order_by("number"))


def staff_projects(hromada, *, edition=None, status: str = "", category=None, q: str = "") -> QuerySet[Project]:
    """Every project of the hromada (staff), filtered by edition, status, category and text."""
    rows = Project.objects.filter(hromada=hromada).select_related("edition", "category", "review_department")
    if edition is not None:
        rows = rows.filter(edition=edition)
    if status:
        rows = rows.filter(status=status)
    if category:
        rows = rows.filter(category_id=category)
    return _search(rows, q).order_by("-edition__year", "number")


def milestone(project_row: Project, pk) -> Milestone:
    row = Milestone.objects.filter(project=project_row, pk=as_id(pk)).first()
    if row is None:
        raise Http404
    return row
