"""All writes of e-petitions (house rule 1). CONTRACT: the signatures below are what views, API, demo and tests
call; the bodies are written by the petitions-core work.

Errors: ``ValidationError`` (a dict of field → Ukrainian message, or one message) for bad input or a wrong state,
nothing changed; ``PermissionDenied`` (Ukrainian message) for a missing capability; ``NotEligible`` (a
PermissionDenied whose message is the eligibility reason) when a person may not sign; ``AlreadySigned`` when
this person's signature is already there.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied

from hromada.core.models import Case
from hromada.participation.models import Petition, Signature


class NotEligible(PermissionDenied):
    """The eligibility check refused; ``str(error)`` is the reason for the person (API: 403)."""


class AlreadySigned(Exception):
    """This person has signed this petition already (API: 409)."""


# The statute's grounds of not publishing a petition (key, lazy label); refusal needs one of them and reasons.
REFUSAL_GROUNDS: tuple[tuple[str, str], ...] = ()


def create_draft(hromada, *, author, title: str, text: str) -> Petition:
    """A resident (eligible to sign) starts a petition; author name and e-mail taken from the account."""
    raise NotImplementedError


def update_draft(petition: Petition, *, author, hromada, title: str, text: str) -> Petition:
    """Only the author, only while a draft."""
    raise NotImplementedError


def submit(petition: Petition, *, author, hromada) -> Petition:
    """Draft → moderation; ``moderation_due`` from the calendar; moderators notified."""
    raise NotImplementedError


def publish(petition: Petition, *, actor, hromada) -> Petition:
    """Moderation → collecting: number, threshold and its basis fixed, ``published_at`` = now, ``ends_on``."""
    raise NotImplementedError


def refuse(petition: Petition, *, actor, hromada, ground: str, reason: str) -> Petition:
    """Moderation → refused with the statute's ground and reasons; the author is told."""
    raise NotImplementedError


def sign(petition: Petition, *, user, hromada, kep_signature: str = "", kep_subject: str = "") -> Signature:
    """One signature per person, chained, the count updated in the same transaction under the petition's lock.

    Raises NotEligible, AlreadySigned, or ValidationError when the petition is not collecting (or its
    collection period is over). Reaching the threshold closes nothing: collection runs to ``ends_on``, but
    ``reached_at`` is set at the signature that reaches it and the considering body is told at once.
    """
    raise NotImplementedError


def close_collection(petition: Petition, *, now: datetime | None = None) -> Petition:
    """After ``ends_on``: collecting → consideration (a ``petition`` case opened with the statute's term, the
    considering body notified) or → not_reached (the author offered to send it as an ordinary appeal)."""
    raise NotImplementedError


def close_expired(*, today: date | None = None) -> int:
    """The daily job: close every petition whose collection period ended; returns how many were closed."""
    raise NotImplementedError


def answer(petition: Petition, *, actor, hromada, text: str, position: str, agenda_item=None,
           decision=None) -> Petition:
    """Consideration → answered: answer text, position, the council session's agenda item and the adopted act
    (both of this hromada); the case is closed through the engine; the author and the signers are told."""
    raise NotImplementedError


def send_as_appeal(petition: Petition, *, author, hromada) -> Case:
    """A petition that did not collect the signatures goes on as an ordinary collective appeal (a case)."""
    raise NotImplementedError


def current_threshold(hromada, *, today: date | None = None) -> tuple[int, str]:
    """The signatures a petition published today needs, and the basis shown beside the number."""
    raise NotImplementedError
