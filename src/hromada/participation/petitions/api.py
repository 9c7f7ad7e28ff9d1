"""/api/v1/petitions: the published petitions, one petition with its answer, its public signature log, and
signing with a resident token (or a signed-in session): 201, 409 when already signed, 403 with the reason
when not eligible, 400 when signatures are not collected."""

import json
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ValidationError as PydanticValidationError

from hromada.core import ratelimit
from hromada.core.schemas import MAX_ID, BoundedPages, ErrorOut, ValidationErrorOut
from hromada.participation.petitions import selectors, services
from hromada.participation.petitions.schemas import (
    PetitionDetailOut,
    PetitionItemOut,
    SignatureOut,
    SignedOut,
    SignIn,
)

router = Router(tags=["petitions"])
StatusFilter = Literal["collecting", "consideration", "answered", "not_reached"] | None


def _hromada(request):
    hromada = getattr(request, "hromada", None)
    if hromada is None:
        raise Http404
    return hromada


def _petition(request, petition_id: int):
    if not 0 < petition_id <= MAX_ID:
        raise Http404
    return selectors.public_petition(_hromada(request), petition_id)


def _item(p) -> dict:
    return {"id": p.pk, "number": p.number, "title": p.title, "status": p.status, "author": p.author_name,
            "signatures": p.signatures_count, "threshold": p.threshold, "published_at": p.published_at,
            "ends_on": p.ends_on}


def _url(request, name: str, pk: int | None) -> str | None:
    return request.build_absolute_uri(reverse(name, args=[pk])) if pk else None


class ListFilter(Schema):
    status: StatusFilter = None
    q: str = ""


@router.get("", response=list[PetitionItemOut], auth=None, summary="Published e-petitions")
@paginate(BoundedPages, page_size=50)
def petitions(request, filters: Query[ListFilter]):
    rows = selectors.public_petitions(_hromada(request), status=filters.status or "", q=filters.q[:200])
    return [_item(p) for p in rows]


@router.get("/{petition_id}", response={200: PetitionDetailOut, 404: ErrorOut}, auth=None,
            summary="One petition with its threshold, days left and answer")
def petition(request, petition_id: int):
    p = _petition(request, petition_id)
    return _item(p) | {
        "text": p.text, "threshold_basis": p.threshold_basis, "days_left": selectors.days_left(p),
        "signatures_per_day_needed": selectors.per_day_needed(p), "last_hash": p.last_hash,
        "case_number": p.case.number if p.case_id else None, "case_due_date": p.case.due_date if p.case_id else None,
        "answer": p.answer_text, "position": p.answer_position, "answered_at": p.answered_at,
        "decision_id": p.decision_id, "agenda_item": str(p.agenda_item) if p.agenda_item_id else None,
        "decision_url": _url(request, "acts_public:detail", p.decision_id),
        "session_url": _url(request, "acts_public:session", p.agenda_item.session_id if p.agenda_item_id else None)}


@router.get("/{petition_id}/signatures", response={200: list[SignatureOut], 404: ErrorOut}, auth=None,
            summary="The public signature log (hash-chained) to recount")
@paginate(BoundedPages, page_size=500)
def signatures(request, petition_id: int):
    return [{"seq": s.seq, "name": s.signer_name, "signed_at": s.signed_at, "kep_subject": s.kep_subject,
             "prev_hash": s.prev_hash, "hash": s.hash} for s in selectors.signatures(_petition(request, petition_id))]


def _sign_payload(request) -> SignIn:
    """The body is optional (a plain POST signs); when given, it is JSON with the optional КЕП."""
    if request.content_type != "application/json" or not request.body.strip():
        return SignIn()
    try:
        data = json.loads(request.body)
        return SignIn.model_validate(data if isinstance(data, dict) else {"_": data})
    except (ValueError, PydanticValidationError):
        raise ValidationError({"kep_signature": _("The body must be JSON: {\"kep_signature\": \"…\"} or "
                                                  "nothing.")}) from None


@router.post("/{petition_id}/signatures",
             response={201: SignedOut, 400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut,
                       429: ErrorOut},
             summary="Sign a petition as the token's (or session's) resident",
             openapi_extra={"requestBody": {"required": False, "content": {"application/json": {
                 "schema": {"$ref": "#/components/schemas/SignIn"}}}}})
def sign(request, petition_id: int):
    # The petition alone (no joins): signing is the hot path of a peak.
    if not 0 < petition_id <= MAX_ID:
        raise Http404
    if (limited := ratelimit.api_guard(request, "signature")) is not None:
        return limited
    p = selectors.signable_petition(_hromada(request), petition_id)
    payload = _sign_payload(request)
    try:
        signature = services.sign(p, user=request.auth, hromada=request.hromada,
                                  kep_signature=payload.kep_signature, kep_subject=payload.kep_subject)
    except services.NotEligible as error:
        return Status(403, {"detail": str(error)})
    except services.AlreadySigned:
        return Status(409, {"detail": _("You have signed this petition already.")})
    except ValidationError:
        raise
    return Status(201, {"seq": signature.seq, "signed_at": signature.signed_at, "hash": signature.hash,
                 "signatures": p.signatures_count})
