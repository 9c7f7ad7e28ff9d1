"""/api/v1/budget: editions, their projects, casting a ballot with a resident token (or a signed-in session).

POST /editions/{id}/ballot → 201 {ballot: {projects, cast_at, changed}}; 409 when a ballot is in and the
Положення does not allow changing it; 403 with the eligibility reason; 400 naming the broken rule; 404 for an
edition of another hromada. The ballot endpoint is on the load-test path: one tenant-scoped read of the edition,
then only the voting service's own queries.
"""

from __future__ import annotations

from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema, Status

from hromada.core import ratelimit, rawsql
from hromada.core.schemas import MAX_ID, ErrorOut, ValidationErrorOut
from hromada.participation.budget import selectors as q
from hromada.participation.budget import services, voting
from hromada.participation.budget.schemas import BallotIn, BallotOut, EditionDetailOut, EditionOut, ProjectOut
from hromada.participation.models import Edition, Project

router = Router(tags=["budget"])
PhaseFilter = Literal["announced", "submission", "review", "voting", "results", "implementation"] | None


def _hromada(request):
    hromada = getattr(request, "hromada", None)
    if hromada is None:
        raise Http404
    return hromada


def _edition(request, edition_id: int) -> Edition:
    if not 0 < edition_id <= MAX_ID:
        raise Http404
    # Every ballot of a voting day asks this first: plain SQL (core/rawsql.py).
    found = rawsql.get(Edition, id=edition_id, hromada_id=_hromada(request).pk)
    if found is None:
        raise Http404
    return found


def _item(edition: Edition, phase) -> dict:
    return {"id": edition.pk, "year": edition.year, "title": edition.title, "phase": str(phase),
            "ballots": edition.ballots_count, "total_budget": edition.total_budget,
            "voting_starts": edition.voting_starts, "voting_ends": edition.voting_ends}


class EditionFilter(Schema):
    phase: PhaseFilter = None


@router.get("/editions", response=list[EditionOut], auth=None, summary="Editions of the participatory budget")
def editions(request, filters: Query[EditionFilter]):
    rows = []
    for edition in q.editions(_hromada(request)):
        phase = services.phase_of(edition)
        if filters.phase and phase != filters.phase:
            continue
        rows.append(_item(edition, phase))
    return rows


@router.get("/editions/{edition_id}", response={200: EditionDetailOut, 404: ErrorOut}, auth=None,
            summary="One edition with its categories (budgets, cost limits, votes per voter)")
def edition(request, edition_id: int):
    ed = _edition(request, edition_id)
    categories = [{"id": c.pk, "name": c.name, "budget": c.budget, "min_cost": c.min_cost, "max_cost": c.max_cost,
                   "votes_per_voter": c.votes_per_voter,
                   "starosta_district": c.starosta_district.name if c.starosta_district_id else None}
                  for c in q.categories(ed)]
    return _item(ed, services.phase_of(ed)) | {
        "categories": categories, "ballot_changes_allowed": ed.ballot_changes_allowed,
        "official_method": ed.official_method, "tie_rule": ed.tie_rule}


class ProjectFilter(Schema):
    category: int | None = None


@router.get("/editions/{edition_id}/projects", response={200: list[ProjectOut], 404: ErrorOut}, auth=None,
            exclude_none=True, summary="Public projects of an edition; votes only once the voting has closed")
def projects(request, edition_id: int, filters: Query[ProjectFilter]):
    ed = _edition(request, edition_id)
    closed = services.phase_of(ed) in q.CLOSED_PHASES or bool(ed.results_published_at)
    rows = q.projects(ed, category=filters.category if filters.category and 0 < filters.category <= MAX_ID
                             else None)
    if filters.category is not None and not 0 < filters.category <= MAX_ID:
        rows = Project.objects.none()
    return [{"id": p.pk, "number": p.number, "title": p.title, "category": p.category_id,
             "category_name": p.category.name, "cost": p.final_cost, "status": p.status,
             "votes": p.votes_count if closed else None} for p in rows]


@router.post("/editions/{edition_id}/ballot",
             response={201: BallotOut, 400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                       429: ErrorOut},
             summary="Cast (or change, where allowed) the ballot of the token's or session's resident")
def ballot(request, edition_id: int, payload: BallotIn):
    ed = _edition(request, edition_id)
    if (limited := ratelimit.api_guard(request, "ballot")) is not None:
        return limited
    try:
        cast = voting.cast(ed, user=request.auth, hromada=request.hromada, project_ids=payload.projects)
    except voting.AlreadyVoted as error:
        return Status(409, {"detail": str(error)})
    except voting.NotEligible as error:
        return Status(403, {"detail": str(error)})
    return Status(201, {"ballot": {"projects": sorted(set(payload.projects)), "cast_at": cast.cast_at,
                                   "changed": cast.changed_at is not None}})
