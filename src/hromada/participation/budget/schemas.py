"""Shapes of the participatory budget API. Money is a decimal string ("100000.00")."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class EditionOut(Schema):
    id: int
    year: int
    title: str
    phase: str
    ballots: int
    total_budget: Decimal
    voting_starts: date
    voting_ends: date


class CategoryOut(Schema):
    id: int
    name: str
    budget: Decimal
    min_cost: Decimal
    max_cost: Decimal
    votes_per_voter: int
    starosta_district: str | None


class EditionDetailOut(EditionOut):
    categories: list[CategoryOut]
    ballot_changes_allowed: bool
    official_method: str
    tie_rule: str


class ProjectOut(Schema):
    id: int
    number: int
    title: str
    category: int
    category_name: str
    cost: Decimal
    status: str
    votes: int | None = None  # only once the voting has closed


class BallotIn(Schema):
    projects: list[int]


class BallotBody(Schema):
    projects: list[int]
    cast_at: datetime
    changed: bool


class BallotOut(Schema):
    ballot: BallotBody
