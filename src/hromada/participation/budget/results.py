"""Results of an edition: both tally rules side by side, the official one deciding. CONTRACT (tally work).

``tally.py`` holds the pure rules (no database): the usual Ukrainian rule (most votes first within each
category's budget) and the Method of Equal Shares, each with the edition's tie rule; ``pabulib.py`` writes and
reads the Pabulib format so anyone can recompute.
"""

from __future__ import annotations

from hromada.participation.models import Edition


def compute(edition: Edition) -> dict:
    """{"greedy": tally.Outcome, "equal_shares": tally.Outcome} from the edition's admitted projects and ballots."""
    raise NotImplementedError


def publish(edition: Edition, *, actor, hromada) -> Edition:
    """After the voting closes: winners by the official rule marked WINNER, the rest NOT_SELECTED,
    ``results_published_at`` set, authors and voters notified."""
    raise NotImplementedError
