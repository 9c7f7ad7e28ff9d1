"""All writes of the participatory budget except ballots (``voting.py``) and results (``results.py``).
CONTRACT: the signatures below are what views, API, demo and tests call; bodies by the budget-core work.

Errors as in petitions: ``ValidationError`` (field → Ukrainian message) changes nothing; ``PermissionDenied``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hromada.participation.models import Category, Edition, Milestone, Phase, Project, ProjectPhoto


def phase_of(edition: Edition, today: date | None = None) -> Phase:
    """The phase on ``today`` (Kyiv) from the edition's dates; RESULTS runs from the day after the voting until
    the results are published, IMPLEMENTATION after that."""
    raise NotImplementedError


def create_edition(hromada, *, actor, year: int, title: str, total_budget: Decimal, submission_starts: date,
                   submission_ends: date, review_ends: date, voting_starts: date, voting_ends: date,
                   results_on: date, implementation_ends: date, ballot_changes_allowed: bool = False,
                   official_method: str = "greedy", tie_rule: str = "earlier", regulation=None,
                   regulation_reference: str = "") -> Edition:
    """Seed and pseudonym secret generated; one edition per year."""
    raise NotImplementedError


def update_edition(edition: Edition, *, actor, hromada, **fields) -> Edition:
    """Dates and rules; the voting rules (categories' votes, changes allowed, method) freeze once voting starts."""
    raise NotImplementedError


def add_category(edition: Edition, *, actor, hromada, name: str, budget: Decimal, max_cost: Decimal,
                 min_cost: Decimal = Decimal(0), votes_per_voter: int = 1, starosta_district=None,
                 order: int = 0) -> Category:
    raise NotImplementedError


def update_category(category: Category, *, actor, hromada, **fields) -> Category:
    raise NotImplementedError


def delete_category(category: Category, *, actor, hromada) -> None:
    """Only a category without projects."""
    raise NotImplementedError


def submit_project(edition: Edition, *, author, hromada, category: Category, title: str, summary: str,
                   description: str, cost_items: list[dict], address: str = "", latitude=None, longitude=None,
                   photos: list = (), photo_captions: list[str] = ()) -> Project:
    """During the submission phase, by a person eligible to vote; ``cost_items`` are dicts with name, quantity,
    unit, amount; the cost is their sum and must lie within the category's limits; photos content-checked."""
    raise NotImplementedError


def withdraw_project(project: Project, *, author, hromada) -> Project:
    raise NotImplementedError


def start_review(project: Project, *, actor, hromada, department) -> Project:
    raise NotImplementedError


def review_project(project: Project, *, actor, hromada, admitted: bool, reviewed_cost: Decimal | None,
                   reason: str) -> Project:
    """The department's decision with reasons and its cost estimate; the author is notified."""
    raise NotImplementedError


def add_photo(project: Project, *, actor, hromada, upload, caption: str, stage: str = "proposal") -> ProjectPhoto:
    raise NotImplementedError


def update_implementation(project: Project, *, actor, hromada, progress: int, spent: Decimal,
                          implemented_on: date | None = None, note: str = "") -> Project:
    """A winner's progress; 100 % with a date marks it implemented; the author is notified."""
    raise NotImplementedError


def add_milestone(project: Project, *, actor, hromada, title: str, due_on: date | None = None) -> Milestone:
    raise NotImplementedError


def complete_milestone(milestone: Milestone, *, actor, hromada, done_on: date, note: str = "") -> Milestone:
    raise NotImplementedError
