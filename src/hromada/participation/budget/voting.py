"""Ballots: one per person per edition, online or on paper, never lost or doubled. CONTRACT (budget-core work).

The ballot row is unique per (edition, voter_key) in the database; the choices, the projects' ``votes_count``,
the edition's ``ballots_count`` and the chained log link are written in the same transaction under the
edition's row lock, so every count can be recomputed from the rows.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from hromada.participation.models import Ballot, Edition


class NotEligible(PermissionDenied):
    """The eligibility check refused (or the person may not vote in a district category); API: 403."""


class AlreadyVoted(Exception):
    """A ballot of this person is in, and the Положення does not allow changing it; API: 409."""


def voter_key(user, hromada) -> tuple[str, object | None]:
    """("r<resident id>", resident) for a verified register member, ("u<user id>", None) for a declared worker
    or student; raises NotEligible otherwise."""
    raise NotImplementedError


def check_choices(edition: Edition, project_ids: list[int], *, voter_district=None) -> dict:
    """The Положення's rules on one ballot: admitted projects of this edition, at most ``votes_per_voter`` per
    category, district categories only for their district, no repeats, at least one project. Returns
    {project_id: category}; raises ValidationError naming the broken rule (API: 400)."""
    raise NotImplementedError


def cast(edition: Edition, *, user, hromada, project_ids: list[int]) -> Ballot:
    """An online ballot during the voting phase; a second one changes the first when allowed, else
    AlreadyVoted."""
    raise NotImplementedError


def enter_paper(edition: Edition, *, actor, hromada, resident, paper_number: str, project_ids: list[int],
                assisted: bool = False, consent_note: str = "") -> Ballot:
    """Staff (``participation.budget_ballots``) enter a paper ballot with its number, or vote for a resident at
    the ЦНАП with recorded consent (assisted: counted in the public assisted-acts figures). A person who voted
    online cannot vote on paper (AlreadyVoted), a paper number is used once."""
    raise NotImplementedError


def ballot_of(edition: Edition, user, hromada) -> Ballot | None:
    raise NotImplementedError


def verify_log(edition: Edition):
    """Recompute the edition's ballot log chain (chain.ChainCheck) and compare it with the ballots."""
    raise NotImplementedError
