"""Reads of e-petitions, tenant-scoped (house rule 2): another hromada's petition is a 404."""

from __future__ import annotations

import math
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hromada.core.ukrtext import unify_apostrophes
from hromada.participation.models import Petition, PetitionStatus, Signature

# Statuses the public sees (drafts, moderation and refusals stay with the author and the moderators).
PUBLIC_STATUSES: tuple[str, ...] = (PetitionStatus.COLLECTING, PetitionStatus.CONSIDERATION,
                                    PetitionStatus.ANSWERED, PetitionStatus.NOT_REACHED)
ORDERS = {"new": ("-published_at", "-id"), "ending": ("ends_on", "id"), "popular": ("-signatures_count", "-id")}


def _search(qs: QuerySet, q: str) -> QuerySet:
    q = unify_apostrophes((q or "").strip())[:200]
    if not q:
        return qs
    if q.isdigit():
        return qs.filter(Q(number=int(q)) | Q(title__icontains=q))
    return qs.filter(Q(title__icontains=q) | Q(text__icontains=q) | Q(author_name__icontains=q))


def public_petitions(hromada, *, status: str = "", q: str = "", order: str = "new") -> QuerySet[Petition]:
    qs = Petition.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES)
    if status in PUBLIC_STATUSES:
        qs = qs.filter(status=status)
    return _search(qs, q).order_by(*ORDERS.get(order, ORDERS["new"]))


def public_petition(hromada, pk: int) -> Petition:
    """A published petition of this hromada, or Http404."""
    petition = (Petition.objects.select_related("case", "agenda_item__session", "decision")
                .filter(hromada=hromada, status__in=PUBLIC_STATUSES, pk=pk).first())
    if petition is None:
        raise Http404
    return petition


def signable_petition(hromada, pk: int) -> Petition:
    """A published petition of this hromada without its related rows (the signing path), or Http404."""
    petition = (Petition.objects.filter(hromada=hromada, status__in=PUBLIC_STATUSES, pk=pk).order_by()
                .only("id", "hromada_id", "status", "ends_on", "threshold", "signatures_count", "last_hash",
                      "reached_at").first())
    if petition is None:
        raise Http404
    return petition


def staff_petitions(hromada, *, status: str = "", q: str = "") -> QuerySet[Petition]:
    qs = Petition.objects.filter(hromada=hromada).exclude(status=PetitionStatus.DRAFT)
    if status in PetitionStatus.values:
        qs = qs.filter(status=status)
    return _search(qs, q).select_related("case").order_by("-submitted_at", "-id")


def staff_petition(hromada, pk: int) -> Petition:
    petition = (Petition.objects.select_related("case", "agenda_item__session", "decision", "moderated_by")
                .filter(hromada=hromada, pk=pk).exclude(status=PetitionStatus.DRAFT).first())
    if petition is None:
        raise Http404
    return petition


def authored(hromada, user) -> QuerySet[Petition]:
    return Petition.objects.filter(hromada=hromada, author=user).order_by("-created_at", "-id")


def authored_petition(hromada, user, pk: int) -> Petition:
    """One of this person's own petitions in any status, or Http404."""
    petition = authored(hromada, user).filter(pk=pk).first()
    if petition is None:
        raise Http404
    return petition


def signed_by(hromada, user) -> QuerySet:
    """This person's signatures (with their petitions), newest first."""
    return (Signature.objects.filter(hromada=hromada, signer=user).select_related("petition")
            .order_by("-signed_at", "-id"))


def has_signed(petition: Petition, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Signature.objects.filter(petition=petition, signer=user).exists()


def signatures(petition: Petition) -> QuerySet:
    """The public list (seq, name, time, hashes) in order."""
    return petition.signatures.order_by("seq").only("seq", "signer_name", "signed_at", "kep_subject",
                                                    "prev_hash", "hash", "petition_id")


def days_left(petition: Petition, today: date | None = None) -> int | None:
    if petition.status != PetitionStatus.COLLECTING or petition.ends_on is None:
        return None
    today = today or timezone.localdate()
    return max(0, (petition.ends_on - today).days + 1)


def per_day_needed(petition: Petition, today: date | None = None) -> int | None:
    """Signatures per day still needed to reach the threshold by ``ends_on`` (None when reached or closed)."""
    left = days_left(petition, today)
    if not left or petition.threshold is None or petition.signatures_count >= petition.threshold:
        return None
    return math.ceil((petition.threshold - petition.signatures_count) / left)
