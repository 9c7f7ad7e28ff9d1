"""Reads of e-petitions, tenant-scoped (house rule 2). CONTRACT: written by the petitions-core work."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from hromada.participation.models import Petition

# Statuses the public sees (drafts, moderation and refusals stay with the author and the moderators).
PUBLIC_STATUSES: tuple[str, ...] = ("collecting", "consideration", "answered", "not_reached")


def public_petitions(hromada, *, status: str = "", q: str = "", order: str = "new") -> QuerySet[Petition]:
    raise NotImplementedError


def public_petition(hromada, pk: int) -> Petition:
    """A published petition of this hromada, or Http404."""
    raise NotImplementedError


def staff_petitions(hromada, *, status: str = "", q: str = "") -> QuerySet[Petition]:
    raise NotImplementedError


def staff_petition(hromada, pk: int) -> Petition:
    raise NotImplementedError


def authored(hromada, user) -> QuerySet[Petition]:
    raise NotImplementedError


def authored_petition(hromada, user, pk: int) -> Petition:
    """One of this person's own petitions in any status, or Http404."""
    raise NotImplementedError


def signed_by(hromada, user) -> QuerySet:
    """This person's signatures (with their petitions), newest first."""
    raise NotImplementedError


def has_signed(petition: Petition, user) -> bool:
    raise NotImplementedError


def signatures(petition: Petition) -> QuerySet:
    """The public list (seq, name, time, hashes) in order."""
    raise NotImplementedError


def days_left(petition: Petition, today: date | None = None) -> int | None:
    raise NotImplementedError


def per_day_needed(petition: Petition, today: date | None = None) -> int | None:
    """Signatures per day still needed to reach the threshold by ``ends_on`` (None when reached or closed)."""
    raise NotImplementedError
