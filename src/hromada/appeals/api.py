"""The cases API under /api/v1/cases/: residents file and follow their cases; staff take the steps.

- ``POST /appeals`` files an appeal (Law «Про звернення громадян») in the caller's own name: a resident token
  (the mobile app's) or a signed-in session. The place of residence comes from the payload, or from the
  account's verified register record.
- ``POST /info-requests`` files a public-information request. Anyone may: without a token the requester gives
  a name and an e-mail, a phone or a postal address; anonymous filing is rate-limited per client address
  (settings.API_RATE_LIMITS["api_info_request"]): 429 with Retry-After.
- ``GET /mine`` and ``GET /{id}``: the caller's own cases in this hromada; staff read the cases they may see
  (``selectors.visible_case``), and each such read of the applicant's data is logged. Anyone else: 404.
- ``GET /`` and ``POST /{id}/assign|extend|forward|answer|approve|close|reopen``: the staff's list and steps.
  The capability is checked first (a resident-scoped token holds none of them: 403 whatever the id), then
  the case must be one the caller sees (404), then the engine's services check the rest.

Every write goes through ``hromada.core.cases.services``; their field errors are reported under the names the
payload uses (``applicant_address`` → ``address``, ``subkind`` → ``kind``).
"""

from contextlib import contextmanager
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.utils import check_csrf

from hromada.accounts import selectors as account_selectors
from hromada.appeals.case_kinds import APPEAL, APPEAL_SUBKINDS, INFO_REQUEST
from hromada.appeals.schemas import (
    CaseAnswerIn,
    CaseAppealIn,
    CaseAssignIn,
    CaseCloseIn,
    CaseDetailOut,
    CaseExtendIn,
    CaseFiledOut,
    CaseForwardIn,
    CaseInfoRequestIn,
    CaseItemOut,
    CaseReopenIn,
)
from hromada.core import ratelimit
from hromada.core.cases import kinds, selectors, services
from hromada.core.models import Case, CaseAttachment, CaseCategory, CaseChannel, CaseStatus, Department, User
from hromada.core.models.cases import OPEN_STATUSES
from hromada.core.roles import can
from hromada.core.schemas import MAX_ID, BoundedPages, ErrorOut, ValidationErrorOut
from hromada.registers.schemas import address_of

router = Router(tags=["cases"])

LIMIT_APP = "hromada.cases"
FILE_RESPONSES = {400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
STEP_RESPONSES = {200: CaseItemOut, 400: ValidationErrorOut, 403: ErrorOut, 404: ErrorOut,
                  422: ValidationErrorOut}
# The engine's field → the payload's.
PAYLOAD_NAMES = {"applicant_name": "name", "applicant_email": "email", "applicant_phone": "phone",
                 "applicant_address": "address", "subkind": "kind", "publish_requested": "publish"}
APPLICANT_ROLES = (CaseAttachment.Role.APPLICANT, CaseAttachment.Role.SCAN)
PAGE_SIZE = 50
MAX_EMAIL = Case._meta.get_field("applicant_email").max_length
# Annotations of a paginated view are read in ninja's namespace, so they are real objects, not strings.
StatusFilter = Literal["registered", "in_progress", "awaiting_approval", "answered", "closed"] | None
KindFilter = Literal["appeal", "hotline", "info_request"] | None


# --- who is asking -----------------------------------------------------------------------------------------


def _hromada(request):
    hromada = getattr(request, "hromada", None)
    if hromada is None:  # the bare installation host has no cases
        raise Http404
    return hromada


def _caller(request):
    """On an operation open to everyone: the token's user (a wrong token is a 401), the signed-in user (a
    write from the browser session passes the CSRF check, or it is refused), or None."""
    if request.headers.get("Authorization"):
        from hromada.api import BearerToken  # the root API imports this module: read it when called

        user = BearerToken()(request)
        if user is None:
            raise AuthenticationError
        return user
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if check_csrf(request) is not None:
        raise PermissionDenied
    return user


def _staff(request, capability: str) -> None:
    if not can(request.auth, _hromada(request), capability):
        raise PermissionDenied


def _staff_case(request, case_id: int, capability: str) -> Case:
    """The case for a staff step: the capability first (so a resident token learns nothing of ids), then
    the case among those the caller sees."""
    _staff(request, capability)
    return selectors.visible_case(request.auth, request.hromada, case_id)


# --- rate limit of anonymous filing -----------------------------------------------------------------------


def _too_many(retry_after: int) -> HttpResponse:
    return ratelimit.too_many_json(retry_after, _("Too many requests were sent from your address in the last hour; "
                                                  "please try again later or send the request by post or e-mail."))


def _limited(request, action: str) -> int | None:
    """One use of the action by the client address; the seconds to wait when the limit is reached."""
    return ratelimit.retry_after(request, action, app=LIMIT_APP)


# --- payloads ----------------------------------------------------------------------------------------------


@contextmanager
def _as_payload():
    """Report the engine's field errors under the payload's names."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed: dict = {}
        for field, errors in error.error_dict.items():
            renamed.setdefault(PAYLOAD_NAMES.get(field, field), []).extend(errors)
        raise ValidationError(renamed) from None


def _record(model, hromada, pk: int | None, field: str, errors: dict):
    """The hromada's record with this id (another hromada's is as unknown as a made-up one), or an error."""
    if pk is None:
        return None
    row = None
    if 0 < pk <= MAX_ID:
        rows = model.objects.filter(pk=pk)
        row = rows.filter(hromada=hromada).first() if model is not User else rows.first()
    if row is None:
        errors[field] = _("No such record in this hromada.")
    return row


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _residence(membership) -> str:
    """The place of residence from the verified register record (Art. 5), or ""."""
    if membership is None or not membership.is_verified or membership.resident is None:
        return ""
    resident = membership.resident
    if not resident.building_id:
        return ""
    place = address_of(resident.building) or ""
    return f"{place}, кв. {resident.apartment}" if resident.apartment else place


def _subject_of(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= 100 else words[:99].rstrip() + "…"


def _filed(case: Case) -> dict:
    return {"id": case.pk, "number": case.number, "status": case.status, "kind": case.kind,
            "subkind": case.subkind, "subject": case.subject, "due_date": case.due_date, "due_at": case.due_at,
            "term_basis": case.term_basis}


# --- filing ------------------------------------------------------------------------------------------------


@router.post("/appeals", response={201: CaseFiledOut, **FILE_RESPONSES},
             summary="File an appeal (proposal, application or complaint) in one's own name",
             description="For a resident token or a signed-in session. `kind`: proposal, application or complaint. "
                         "`address` (the place of residence, Art. 5) may be omitted when the account is matched "
                         "to the hromada's register and the record has an address. Answers the number and the "
                         "statutory term (`due_date`, and `due_at` for a term in hours). A 400 names the refused "
                         "fields; nothing is registered then.")
def file_appeal(request, payload: CaseAppealIn):
    hromada, user = _hromada(request), request.auth
    errors: dict = {}
    kind = _text(payload.kind)
    if kind not in dict(APPEAL_SUBKINDS):
        errors["kind"] = _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(key for key, _label in APPEAL_SUBKINDS)}
    category = _record(CaseCategory, hromada, payload.category, "category", errors)
    _raise(errors)
    membership = account_selectors.membership(user, hromada)
    resident = membership.resident if membership is not None and membership.is_verified else None
    ground = _text(payload.priority_ground)
    with _as_payload():
        case = services.register_case(
            hromada, kind=APPEAL, subkind=kind, actor=user, applicant=user, channel=CaseChannel.API,
            subject=payload.subject, text=payload.text, category=category,
            applicant_name=_text(payload.name) or (str(resident) if resident else "") or user.full_name,
            applicant_address=_text(payload.address) or _residence(membership),
            priority=bool(ground), priority_ground=ground)
    return Status(201, _filed(case))


@router.post("/info-requests", auth=None, response={201: CaseFiledOut, 401: ErrorOut, 429: ErrorOut,
                                                    **FILE_RESPONSES},
             summary="File a public-information request (anyone may)",
             description="With a token (or a session) the account is the requester; without one `name` and an "
                         "`email`, a `phone` or a postal `address` are required (Art. 19). `urgent`: answered "
                         "within 48 hours, so the answer carries `due_at`; otherwise `due_date` is 5 working "
                         "days on. Filing without a token is limited per client address: 429 with Retry-After.")
def file_info_request(request, payload: CaseInfoRequestIn):
    hromada = _hromada(request)
    user = _caller(request)
    if user is None:
        wait = _limited(request, "api_info_request")
        if wait is not None:
            return _too_many(wait)
    text = payload.text or ""
    if len(_text(payload.email)) > MAX_EMAIL:  # longer than the column holds, though the syntax may pass
        raise ValidationError({"email": _("Enter a valid e-mail address.")})
    with _as_payload():
        case = services.register_case(
            hromada, kind=INFO_REQUEST, actor=user, applicant=user, channel=CaseChannel.API,
            subject=_text(payload.subject) or _subject_of(text), text=text,
            applicant_name=_text(payload.name) or (user.full_name if user else ""),
            applicant_email=_text(payload.email), applicant_phone=_text(payload.phone),
            applicant_address=_text(payload.address), urgent=bool(payload.urgent),
            urgent_ground=_text(payload.urgent_ground), publish_requested=bool(payload.publish))
    return Status(201, _filed(case))


# --- reading -----------------------------------------------------------------------------------------------


def _item(case: Case, now) -> dict:
    return {"id": case.pk, "number": case.number, "kind": case.kind, "subkind": case.subkind,
            "status": case.status, "outcome": case.outcome, "subject": case.subject,
            "received_at": case.received_at, "due_date": case.due_date, "due_at": case.due_at,
            "overdue": services.is_overdue(case, now), "priority": case.priority, "urgent": case.urgent,
            "department_id": case.department_id, "executor_id": case.executor_id}


@router.get("/mine", response=list[CaseItemOut], summary="The caller's own cases in this hromada",
            description="Newest first, paginated (`page`, `page_size`).")
@paginate(BoundedPages, page_size=PAGE_SIZE)
def my_cases(request):
    rows = selectors.own_cases(request.auth, _hromada(request)).order_by("-received_at", "-id")
    return rows


@router.get("/", response={200: list[CaseItemOut], 403: ErrorOut, 422: ValidationErrorOut},
            summary="Cases the staff member sees",
            description="Registrars and administrators see every case; a department head the unit's; others the "
                        "cases they registered or hold. Priority and urgent cases first, then by the nearest due "
                        "date. Filters: `status`, `kind`, `overdue`.")
@paginate(BoundedPages, page_size=PAGE_SIZE)
def case_list(request, status: StatusFilter = None, kind: KindFilter = None, overdue: bool | None = None):
    _staff(request, "cases.view")
    rows = selectors.visible_cases(request.auth, request.hromada)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if overdue is not None:
        now = timezone.now()
        late = Q(status__in=OPEN_STATUSES) & (Q(due_at__isnull=False, due_at__lt=now)
                                              | Q(due_at__isnull=True, due_date__lt=timezone.localdate(now)))
        rows = rows.filter(late) if overdue else rows.exclude(late)
    return selectors.priority_first(rows)


def _answered(case: Case) -> bool:
    return case.answered_at is not None and case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED)


def _detail(case: Case, *, staff: bool) -> dict:
    """The whole case as its applicant sees it in the cabinet, or (staff) with the internal timeline."""
    answered = _answered(case)
    events = selectors.timeline(case, public_only=not staff)
    files = case.attachments.all()
    if not staff:
        files = files.filter(role__in=APPLICANT_ROLES + ((CaseAttachment.Role.ANSWER,) if answered else ()))
    return {
        "id": case.pk, "number": case.number, "kind": case.kind, "subkind": case.subkind, "channel": case.channel,
        "status": case.status, "outcome": case.outcome if answered or staff or not case.is_open else "",
        "category": case.category.name if case.category_id else None, "subject": case.subject, "text": case.text,
        "received_at": case.received_at, "due_date": case.due_date, "due_at": case.due_at,
        "term_basis": case.term_basis, "overdue": services.is_overdue(case), "priority": case.priority,
        "urgent": case.urgent, "extension_reason": case.extension_reason, "forwarded_to": case.forwarded_to,
        "answer": case.answer_text if answered or (staff and case.answer_text) else None,
        "answered_at": case.answered_at, "refusal_ground": case.refusal_ground if answered or staff else "",
        "closed_at": case.closed_at, "closure_reason": case.closure_reason,
        "copy_fee": str(case.copy_fee) if case.copy_fee is not None and (answered or staff) else None,
        "rating": case.rating, "department_id": case.department_id, "executor_id": case.executor_id,
        "applicant": {"name": case.applicant_name, "email": case.applicant_email, "phone": case.applicant_phone,
                      "address": case.applicant_address},
        "timeline": [{"at": event.at, "kind": event.kind, "note": event.note, "public": event.public}
                     for event in events],
        "attachments": [{"id": row.pk, "name": row.name, "role": row.role, "size": row.size,
                         "content_type": row.content_type, "uploaded_at": row.uploaded_at} for row in files],
    }


@router.get("/{case_id}", response={200: CaseDetailOut, 404: ErrorOut},
            summary="One case: the caller's own, or one the staff member may see",
            description="To its applicant: status, term, the public timeline, the answer once signed and the files "
                        "(the answer's once given). To staff who see the case: the whole timeline and the "
                        "applicant's contact details; the read is logged in the audit log. Anyone else: 404.")
def case_detail(request, case_id: int):
    hromada, user = _hromada(request), request.auth
    own = selectors.own_cases(user, hromada).filter(pk=case_id).first() if 0 < case_id <= MAX_ID else None
    if own is not None:
        return _detail(own, staff=False)
    if not can(user, hromada, "cases.view"):
        raise Http404
    case = selectors.visible_case(user, hromada, case_id)
    services.log_read(case, actor=user, what="api")
    return _detail(case, staff=True)


# --- the staff's steps -------------------------------------------------------------------------------------


def _done(case: Case) -> dict:
    case.refresh_from_db()
    return _item(case, timezone.now())


@router.post("/{case_id}/assign", response=STEP_RESPONSES, summary="Assign to a department and executors",
             description="`department` and the executors are ids within this hromada; `due_date` (the "
                         "resolution's own) falls between today and the case's due date.")
def assign(request, case_id: int, payload: CaseAssignIn):
    case = _staff_case(request, case_id, "cases.assign")
    hromada, errors = request.hromada, {}
    department = _record(Department, hromada, payload.department, "department", errors)
    executor = _record(User, hromada, payload.executor, "executor", errors)
    co_executors = [_record(User, hromada, pk, "co_executors", errors) for pk in payload.co_executors]
    _raise(errors)
    with _as_payload():
        services.assign(case, actor=request.auth, hromada=hromada, department=department, executor=executor,
                        co_executors=co_executors, resolution=payload.resolution, due_date=payload.due_date)
    return _done(case)


@router.post("/{case_id}/extend", response=STEP_RESPONSES, summary="Extend the term within the law's limit")
def extend(request, case_id: int, payload: CaseExtendIn):
    case = _staff_case(request, case_id, "cases.extend")
    with _as_payload():
        services.extend(case, actor=request.auth, hromada=request.hromada, until=payload.until,
                        reason=payload.reason)
    return _done(case)


@router.post("/{case_id}/forward", response=STEP_RESPONSES,
             summary="Forward to the competent body (closes the case here)")
def forward(request, case_id: int, payload: CaseForwardIn):
    case = _staff_case(request, case_id, "cases.forward")
    with _as_payload():
        services.forward(case, actor=request.auth, hromada=request.hromada, to_body=payload.to_body,
                         reason=payload.reason)
    return _done(case)


@router.post("/{case_id}/answer", response=STEP_RESPONSES,
             summary="Write the answer; it waits for the signature (`approve`)")
def answer(request, case_id: int, payload: CaseAnswerIn):
    case = _staff_case(request, case_id, "cases.handle")
    with _as_payload():
        services.draft_answer(case, actor=request.auth, hromada=request.hromada, text=payload.text,
                              outcome=payload.outcome, refusal_ground=payload.refusal_ground,
                              copy_pages=payload.copy_pages)
    return _done(case)


@router.post("/{case_id}/approve", response=STEP_RESPONSES,
             summary="Sign the answer: it is sent to the applicant and the clock stops")
def approve(request, case_id: int):
    case = _staff_case(request, case_id, "cases.sign")
    services.approve_answer(case, actor=request.auth, hromada=request.hromada)
    return _done(case)


@router.post("/{case_id}/close", response=STEP_RESPONSES,
             summary="Close an answered case, or an open one without consideration on a ground of the law")
def close(request, case_id: int, payload: CaseCloseIn):
    case = _staff_case(request, case_id, "cases.close")
    if payload.ground and payload.ground not in dict(kinds.get(case.kind).closing_grounds):
        # The engine reads the ground only to close an open case; an unknown one is refused whatever the state.
        raise ValidationError({"ground": _("Name the ground the law gives for not considering it.")})
    with _as_payload():
        services.close(case, actor=request.auth, hromada=request.hromada, outcome=payload.outcome,
                       reason=payload.reason, ground=payload.ground)
    return _done(case)


@router.post("/{case_id}/reopen", response=STEP_RESPONSES, summary="Reopen an answered or closed case")
def reopen(request, case_id: int, payload: CaseReopenIn):
    case = _staff_case(request, case_id, "cases.close")
    with _as_payload():
        services.reopen(case, actor=request.auth, hromada=request.hromada, reason=payload.reason)
    return _done(case)
