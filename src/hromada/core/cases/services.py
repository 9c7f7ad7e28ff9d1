"""Every write to a case (house rule 1): registration, assignment, extension, forwarding, answer, closing.

Each step checks the actor's capability and the case's state, changes the row inside a transaction, appends
a timeline event and an audit entry, and tells the people it concerns through the notification service
(after commit). Modules call these with their kind; the clock comes from ``kinds`` and ``clock``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hromada.core import audit, enqueue
from hromada.core.cases import clock, kinds, numbering
from hromada.core.deadlines import calendar_for
from hromada.core.filetypes import MIME_TYPES, extension_matches, sniff
from hromada.core.hromada_settings import get_setting
from hromada.core.models import (
    AuditEntry,
    Case,
    CaseAttachment,
    CaseCategory,
    CaseChannel,
    CaseEvent,
    CaseExecutor,
    CaseOutcome,
    CaseStatus,
    Department,
    RoleAssignment,
)
from hromada.core.models.cases import OPEN_STATUSES
from hromada.core.roles import STAFF_ROLES, Role, can
from hromada.core.services import check_can
from hromada.core.ukrtext import normalise
from hromada.core.validators import normalize_phone, validate_phone

Event = CaseEvent.Kind
MAX_SUBJECT = 300
MAX_TEXT = 20_000
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10
SELF_CHANNELS = (CaseChannel.PORTAL, CaseChannel.API)
# Applicant details masked in the audit log: the log proves what changed, not who complained.
PERSONAL_FIELDS = ("applicant_name", "applicant_email", "applicant_phone", "applicant_address", "text",
                   "answer_text")
for _name in PERSONAL_FIELDS:
    audit.mask_field(Case, _name)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _now() -> datetime:
    return timezone.now()


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _event(case: Case, kind: str, actor=None, *, note: str = "", data: dict | None = None,
           public: bool = True, at: datetime | None = None) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=_actor(actor), at=at or _now(), note=note,
                                    data=data or {}, public=public)


def _audit(action: str, case: Case, actor, changes: dict) -> None:
    audit.record(action, case, actor=_actor(actor), hromada=case.hromada, changes=changes)


def _after_commit(func, *args, **kwargs) -> None:
    transaction.on_commit(lambda: func(*args, **kwargs))


def format_due(case: Case) -> str:
    if case.due_at is not None:
        return date_format(timezone.localtime(case.due_at), "j E Y р., H:i")
    return date_format(case.due_date, "j E Y р.")


# --- reading the clock -------------------------------------------------------------------------------------


def term_of(case: Case) -> kinds.Term:
    """The statutory term of a new case, or the hromada's own shorter service term of its category."""
    spec = kinds.get(case.kind)
    term = spec.term(case)
    hours = case.category.term_hours if case.category_id and case.category else None
    if hours:
        own = kinds.Term(hours, "hours", _("service standard of the hromada for «%(category)s»")
                         % {"category": case.category.name})
        cal = calendar_for(case.hromada)
        if clock.due_for(cal, case.received_at, own)[0] <= clock.due_for(cal, case.received_at, term)[0]:
            return own
    return term


def _set_clock(case: Case, term: kinds.Term) -> None:
    case.term_unit, case.term_amount, case.term_basis = term.unit, term.amount, str(term.basis)[:300]
    case.due_date, case.due_at = clock.due_for(calendar_for(case.hromada), case.received_at, term)


def is_overdue(case: Case, now: datetime | None = None) -> bool:
    return case.status in OPEN_STATUSES and clock.is_overdue(case.due_date, case.due_at, now or _now())


def was_late(case: Case) -> bool:
    return clock.late(case.answered_at, case.due_date, case.due_at)


# --- registration ------------------------------------------------------------------------------------------


@dataclass
class Upload:
    """A file to attach: its name and bytes (from a form's UploadedFile or the API)."""

    name: str
    data: bytes


def read_upload(uploaded) -> Upload:
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file «%(name)s» is larger than %(mb)s MB.")
                              % {"name": uploaded.name, "mb": MAX_ATTACHMENT_BYTES // 2**20})
    return Upload(name=(uploaded.name or "file").rsplit("/", 1)[-1][-200:], data=uploaded.read())


def check_upload(upload: Upload) -> str:
    """The file's format by its content; a ValidationError naming the file otherwise."""
    if len(upload.data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("The file «%(name)s» is larger than %(mb)s MB.")
                              % {"name": upload.name, "mb": MAX_ATTACHMENT_BYTES // 2**20})
    if not upload.data:
        raise ValidationError(_("The file «%(name)s» is empty.") % {"name": upload.name})
    fmt = sniff(upload.data[:1024 * 1024] if len(upload.data) > 8 * 1024 * 1024 else upload.data)
    if fmt is None:
        raise ValidationError(_("The file «%(name)s» is not a PDF, DOCX, ODT, RTF document or a JPEG/PNG scan.")
                              % {"name": upload.name})
    if not extension_matches(upload.name, fmt):
        raise ValidationError(_("The extension of «%(name)s» does not match its content (%(format)s).")
                              % {"name": upload.name, "format": fmt.upper()})
    return fmt


def _store(case: Case, upload: Upload, fmt: str, role: str, actor) -> CaseAttachment:
    attachment = CaseAttachment(case=case, role=role, name=upload.name, size=len(upload.data),
                                content_type=MIME_TYPES[fmt], uploaded_by=_actor(actor))
    digest = hashlib.sha256(upload.data).hexdigest()[:12]
    attachment.file.save(f"{digest}.{fmt}", ContentFile(upload.data), save=False)
    attachment.save()
    return attachment


def _clean_contact(case: Case, errors: dict) -> None:
    # Every channel (portal, API, paper, hotline) stores names and addresses in one form: Latin look-alikes
    # and odd apostrophes from old systems and phones fixed, invisible characters dropped, single spaces.
    case.applicant_name = normalise(case.applicant_name or "")[:200]
    case.applicant_address = normalise(case.applicant_address or "")[:300]
    case.applicant_email = (case.applicant_email or "").strip().lower()
    if case.applicant_email:
        try:
            validate_email(case.applicant_email)
        except ValidationError:
            errors["applicant_email"] = _("Enter a valid e-mail address.")
    if case.applicant_phone:
        phone = normalize_phone(case.applicant_phone)
        try:
            validate_phone(phone)
            case.applicant_phone = phone
        except ValidationError as error:
            errors["applicant_phone"] = error.messages[0]


def check_case(case: Case, *, spec: kinds.CaseKind) -> dict:
    """Field errors of a case about to be registered (the kind adds its own through ``extra['check']``)."""
    errors: dict = {}
    case.subject = " ".join((case.subject or "").split())
    case.text = (case.text or "").strip()
    if not case.subject:
        errors["subject"] = _("State the subject in a few words.")
    elif len(case.subject) > MAX_SUBJECT:
        errors["subject"] = _("The subject is longer than %(n)s characters.") % {"n": MAX_SUBJECT}
    if not case.text:
        errors["text"] = _("Write the text.")
    elif len(case.text) > MAX_TEXT:
        errors["text"] = _("The text is longer than %(n)s characters.") % {"n": MAX_TEXT}
    if spec.subkinds and case.subkind not in dict(spec.subkinds):
        errors["subkind"] = _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(str(label) for _key, label in spec.subkinds)}
    if case.channel not in CaseChannel.values:
        errors["channel"] = _("Choose how the case arrived.")
    _clean_contact(case, errors)
    if case.category_id:
        category = case.category
        if category.hromada_id != case.hromada_id or not category.active or not category.fits(case.kind):
            errors["category"] = _("Choose a category of this hromada for this kind of case.")
    if case.received_at > _now():
        errors["received_at"] = _("The date of receipt cannot be in the future.")
    if case.signatories < 1:
        errors["signatories"] = _("A case has at least one signatory.")
    if case.priority and not case.priority_ground.strip():
        errors["priority_ground"] = _("Name the ground of priority (the benefit the applicant holds).")
    check = spec.extra.get("check")
    if check is not None:
        errors |= {key: value for key, value in check(case).items() if key not in errors}
    return errors


def _can_file_for_self(actor, applicant, channel: str) -> bool:
    return applicant is not None and _actor(actor) == applicant and channel in SELF_CHANNELS


@transaction.atomic
def register_case(hromada, *, kind: str, actor, channel: str, subject: str, text: str, applicant=None,
                  applicant_name: str = "", applicant_email: str = "", applicant_phone: str = "",
                  applicant_address: str = "", subkind: str = "", category: CaseCategory | None = None,
                  priority: bool = False, priority_ground: str = "", urgent: bool = False,
                  urgent_ground: str = "", collective: bool = False, signatories: int = 1,
                  anonymous: bool = False, received_at: datetime | None = None,
                  publish_requested: bool = False, attachments: list[Upload] = (),
                  department: Department | None = None) -> Case:
    """Register a case: its number, its clock, its first event; the applicant is told the number and term.

    A resident files their own case on the portal or through the API (``actor`` is ``applicant``); a kind
    that lets anyone file (``extra['anyone_may_file']``, information requests) accepts ``actor=None``; staff
    with ``cases.register`` register cases brought on paper, by e-mail, post or phone.
    """
    spec = kinds.get(kind)
    self_filed = _can_file_for_self(actor, applicant, channel)
    if not self_filed:
        if _actor(actor) is None:
            if not (spec.extra.get("anyone_may_file") and channel in SELF_CHANNELS):
                raise PermissionDenied(_("Sign in to file this."))
        else:
            check_can(actor, hromada, "cases.register")
    if applicant is not None and not applicant_name:
        applicant_name = applicant.full_name
    if applicant is not None and not applicant_email and not applicant_phone:
        applicant_email, applicant_phone = applicant.email or "", applicant.phone or ""
    case = Case(
        hromada=hromada, kind=kind, subkind=subkind, channel=channel, applicant=applicant,
        applicant_name=applicant_name, applicant_email=applicant_email, applicant_phone=applicant_phone,
        applicant_address=applicant_address, anonymous=anonymous, collective=collective or signatories > 1,
        signatories=signatories or 1, category=category, subject=subject, text=text, priority=priority,
        priority_ground=priority_ground.strip()[:200], urgent=urgent, urgent_ground=urgent_ground.strip()[:300],
        received_at=received_at or _now(), publish_requested=publish_requested, department=department,
        created_by=_actor(actor),
    )
    errors = check_case(case, spec=spec)
    if len(attachments) > MAX_ATTACHMENTS:
        errors["attachments"] = _("Attach at most %(n)s files.") % {"n": MAX_ATTACHMENTS}
    formats = []
    for upload in attachments:
        try:
            formats.append(check_upload(upload))
        except ValidationError as error:
            errors.setdefault("attachments", error.messages[0])
    if department is not None and department.hromada_id != hromada.pk:
        errors["department"] = _("Choose a department of this hromada.")
    _raise(errors)
    if case.department_id is None and category is not None and category.department_id:
        case.department = category.department
    _set_clock(case, term_of(case))
    case.initial_due_date = case.due_date
    case.year = timezone.localdate(case.received_at).year
    pattern = get_setting(hromada, spec.number_setting)
    case.number, case.seq = numbering.next_number(hromada, kind, pattern, case.year)
    case.repeat_of = find_repeat(case, spec)
    case.save()
    for upload, fmt in zip(attachments, formats, strict=True):
        role = CaseAttachment.Role.APPLICANT if self_filed or _actor(actor) is None else CaseAttachment.Role.SCAN
        _store(case, upload, fmt, role, actor)
    _event(case, Event.REGISTERED, actor, at=case.received_at if case.received_at < _now() else None,
           data={"channel": channel, "due_date": case.due_date.isoformat(), "basis": case.term_basis})
    _audit(AuditEntry.Action.CREATE, case, actor, {"number": [None, case.number], "kind": [None, kind],
                                                   "channel": [None, channel]})
    closing = spec.extra.get("close_on_registration")
    reason = closing(case) if closing else None
    if reason:
        ground, note = reason
        _close(case, actor=None, outcome=CaseOutcome.NOT_CONSIDERED, reason=note, ground=ground)
    else:
        _after_commit(_notify_applicant, case.pk, "registered")
        # Routing help is computed by the worker: a model trained afresh takes seconds, which neither the
        # person filing nor the numbering lock should wait for.
        _after_commit(_enqueue_suggestion, case.pk)
    return case


def find_repeat(case: Case, spec: kinds.CaseKind) -> Case | None:
    """The applicant's earlier case on the same matter within the law's window (a repeated appeal)."""
    window = spec.repeat_window_days
    window = window(case) if callable(window) else window
    if not window or case.anonymous:
        return None
    who = Q()
    if case.applicant_id:
        who |= Q(applicant_id=case.applicant_id)
    if case.applicant_email:
        who |= Q(applicant_email=case.applicant_email)
    if case.applicant_phone:
        who |= Q(applicant_phone=case.applicant_phone)
    if not who:
        return None
    since = case.received_at - timedelta(days=window)
    same = Q(subject__iexact=case.subject)
    if case.category_id:
        same |= Q(category_id=case.category_id)
    return (Case.objects.filter(who, same, hromada=case.hromada, kind=case.kind, received_at__gte=since,
                                received_at__lte=case.received_at)
            .order_by("-received_at").first())


def _enqueue_suggestion(case_id: int) -> None:
    from hromada.core.cases import routing

    enqueue.now_or_log(routing.suggest_for_case, case_id)  # a suggestion only: staff route the case anyway


# --- the staff's steps -------------------------------------------------------------------------------------


def check_open(case: Case) -> None:
    if case.status not in OPEN_STATUSES:
        raise ValidationError(_("The case is closed; reopen it first."))


def _locked(case: Case, hromada) -> Case:
    if case.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    return Case.objects.select_for_update(of=("self",)).select_related("hromada", "category").get(pk=case.pk)


def heads_of(hromada, department_id: int | None) -> list:
    if department_id is None:
        return []
    return [row.user for row in RoleAssignment.objects.filter(
        hromada=hromada, role=Role.DEPARTMENT_HEAD, department_id=department_id).select_related("user")]


def check_department_scope(actor, case: Case, department_id: int | None) -> None:
    """A department head acts within the own unit; registrars and administrators anywhere."""
    if can(actor, case.hromada, "cases.view_all"):
        return
    units = set(RoleAssignment.objects.filter(user=actor, hromada=case.hromada, role=Role.DEPARTMENT_HEAD)
                .values_list("department_id", flat=True))
    if department_id not in units or (case.department_id not in units and case.department_id is not None):
        raise PermissionDenied(_("You act on the cases of your own department."))


@transaction.atomic
def assign(case: Case, *, actor, hromada, department: Department, executor=None, co_executors=(),
           resolution: str = "", due_date: date | None = None, category: CaseCategory | None = None) -> Case:
    """Send the case to a department and its executor(s) with a resolution (резолюція) and its own due date."""
    check_can(actor, hromada, "cases.assign")
    case = _locked(case, hromada)
    check_open(case)
    errors: dict = {}
    if department is None or department.hromada_id != hromada.pk:
        errors["department"] = _("Choose a department of this hromada.")
    people = [person for person in [executor, *co_executors] if person is not None]
    if len({person.pk for person in people}) != len(people):
        errors["co_executors"] = _("The main executor is not also a co-executor.")
    staff_ids = set(RoleAssignment.objects.filter(hromada=hromada, user__in=people, role__in=STAFF_ROLES)
                    .values_list("user_id", flat=True))
    if any(person.pk not in staff_ids for person in people):
        errors["executor"] = _("Executors are staff of this hromada.")
    if due_date is not None and (due_date > case.due_date or due_date < timezone.localdate()):
        errors["due_date"] = _("The resolution's date falls between today and the case's due date (%(due)s).") % {
            "due": date_format(case.due_date, "j E Y р.")}
    if category is not None and (category.hromada_id != hromada.pk or not category.fits(case.kind)):
        errors["category"] = _("Choose a category of this hromada for this kind of case.")
    _raise(errors)
    check_department_scope(actor, case, department.pk)
    before = audit.snapshot(case, ["department_id", "executor_id", "resolution", "category_id"])
    case.department = department
    case.executor = executor
    case.resolution = (resolution or "").strip()
    case.resolution_due = due_date or case.due_date
    if category is not None:
        case.category = category
    if case.status == CaseStatus.REGISTERED:
        case.status = CaseStatus.IN_PROGRESS
    case.save()
    case.executors.exclude(user__in=people).delete()
    for person in people:
        CaseExecutor.objects.update_or_create(
            case=case, user=person, defaults={"department": department, "main": person == executor,
                                              "due_date": case.resolution_due, "assigned_by": _actor(actor)})
    names = ", ".join(person.full_name or person.login for person in people)
    _event(case, Event.ASSIGNED, actor, note=department.name + (f": {names}" if names else ""),
           data={"department": department.pk, "executors": [person.pk for person in people]}, public=False)
    if case.resolution:
        _event(case, Event.RESOLUTION, actor, note=case.resolution,
               data={"due_date": case.resolution_due.isoformat()}, public=False)
    _audit(AuditEntry.Action.UPDATE, case, actor, audit.diff(before, audit.snapshot(
        case, ["department_id", "executor_id", "resolution", "category_id"])))
    recipients = people or heads_of(hromada, department.pk)
    _after_commit(_notify_staff, case.pk, [person.pk for person in recipients], "assigned")
    return case


@transaction.atomic
def extend(case: Case, *, actor, hromada, until: date, reason: str) -> Case:
    """Extend the term within the law's limit, with a reason; the applicant is told (Art. 20 of either law)."""
    check_can(actor, hromada, "cases.extend")
    case = _locked(case, hromada)
    check_open(case)
    spec = kinds.get(case.kind)
    errors: dict = {}
    if not (reason or "").strip():
        errors["reason"] = _("State the reason of the extension.")
    if spec.extension_limit is None:
        errors["until"] = _("The term of this kind of case cannot be extended.")
        _raise(errors)
    cal = calendar_for(hromada)
    limit = spec.extension_limit(case)
    latest, _moment = clock.due_for(cal, case.received_at, limit)
    if until is None or until <= case.due_date:
        errors["until"] = _("The new date comes after the current due date (%(due)s).") % {
            "due": date_format(case.due_date, "j E Y р.")}
    elif until > latest:
        errors["until"] = _("The law allows at most %(latest)s (%(basis)s).") % {
            "latest": date_format(latest, "j E Y р."), "basis": limit.basis}
    if spec.extension_window is not None:
        window = spec.extension_window(case)
        last_day, _moment = clock.due_for(cal, case.received_at, window)
        if timezone.localdate() > last_day:
            errors["until"] = _("An extension had to be decided and announced by %(day)s (%(basis)s).") % {
                "day": date_format(last_day, "j E Y р."), "basis": window.basis}
    _raise(errors)
    previous = case.due_date
    case.due_date, case.due_at = until, None
    case.term_basis = str(limit.basis)[:300]
    case.extension_reason = reason.strip()
    if case.resolution_due and case.resolution_due == previous:
        case.resolution_due = until
    case.save()
    _event(case, Event.EXTENDED, actor, note=case.extension_reason,
           data={"from": previous.isoformat(), "to": until.isoformat()})
    _audit(AuditEntry.Action.UPDATE, case, actor, {"due_date": [previous.isoformat(), until.isoformat()]})
    _after_commit(_notify_applicant, case.pk, "extended")
    return case


@transaction.atomic
def forward(case: Case, *, actor, hromada, to_body: str, reason: str) -> Case:
    """Send the case to the body competent to consider it and tell the applicant (Art. 7 / Art. 22)."""
    check_can(actor, hromada, "cases.forward")
    case = _locked(case, hromada)
    check_open(case)
    errors = {}
    if not (to_body or "").strip():
        errors["to_body"] = _("Name the body the case is forwarded to.")
    if not (reason or "").strip():
        errors["reason"] = _("State why the case is not in the hromada's competence.")
    _raise(errors)
    case.forwarded_to = to_body.strip()[:300]
    _event(case, Event.FORWARDED, actor, note=f"{case.forwarded_to}: {reason.strip()}",
           data={"to": case.forwarded_to, "in_term": not _forward_late(case)})
    _close(case, actor=actor, outcome=CaseOutcome.FORWARDED, reason=reason.strip())
    return case


def forward_due(case: Case) -> date | None:
    spec = kinds.get(case.kind)
    if spec.forward_term is None:
        return None
    return clock.due_for(calendar_for(case.hromada), case.received_at, spec.forward_term(case))[0]


def _forward_late(case: Case) -> bool:
    due = forward_due(case)
    return due is not None and timezone.localdate() > due


@transaction.atomic
def draft_answer(case: Case, *, actor, hromada, text: str, outcome: str, refusal_ground: str = "",
                 file: Upload | None = None, copy_pages: int | None = None) -> Case:
    """The executor writes the answer; it waits for the official who signs."""
    case = _locked(case, hromada)
    check_open(case)
    check_handles(actor, case)
    spec = kinds.get(case.kind)
    errors: dict = {}
    allowed = spec.extra.get("outcomes", [CaseOutcome.SATISFIED, CaseOutcome.EXPLAINED, CaseOutcome.REJECTED])
    if outcome not in allowed:
        errors["outcome"] = _("Choose the outcome of the answer.")
    if not (text or "").strip():
        errors["text"] = _("Write the answer.")
    if outcome == CaseOutcome.REFUSED:
        if refusal_ground not in dict(spec.refusal_grounds):
            errors["refusal_ground"] = _("A refusal names its statutory ground.")
    elif refusal_ground:
        refusal_ground = ""
    fmt = None
    if file is not None:
        try:
            fmt = check_upload(file)
        except ValidationError as error:
            errors["file"] = error.messages[0]
    if copy_pages is not None and copy_pages < 0:
        errors["copy_pages"] = _("The number of pages cannot be negative.")
    _raise(errors)
    case.answer_text, case.outcome, case.refusal_ground = text.strip(), outcome, refusal_ground
    case.answered_by = _actor(actor)
    case.status = CaseStatus.AWAITING_APPROVAL
    if copy_pages is not None:
        case.copy_pages = copy_pages
        fee = spec.extra.get("copy_fee")
        case.copy_fee = fee(case) if fee else None
    case.save()
    if file is not None:
        case.attachments.filter(role=CaseAttachment.Role.ANSWER).delete()
        _store(case, file, fmt, CaseAttachment.Role.ANSWER, actor)
    _event(case, Event.ANSWER_DRAFTED, actor, data={"outcome": outcome}, public=False)
    _audit(AuditEntry.Action.UPDATE, case, actor, {"status": [None, case.status], "outcome": [None, outcome]})
    _after_commit(_notify_staff, case.pk, [person.pk for person in heads_of(hromada, case.department_id)],
                  "to_sign")
    return case


def check_handles(actor, case: Case) -> None:
    """The case's executors, its unit's head, registrars and administrators may write the answer."""
    check_can(actor, case.hromada, "cases.handle")
    if can(actor, case.hromada, "cases.view_all"):
        return
    if case.executors.filter(user=actor).exists():
        return
    heads = {person.pk for person in heads_of(case.hromada, case.department_id)}
    if _actor(actor) is None or actor.pk not in heads:
        raise PermissionDenied(_("The case is not assigned to you."))


@transaction.atomic
def approve_answer(case: Case, *, actor, hromada) -> Case:
    """The official who signs approves the answer; it is sent to the applicant and the clock stops."""
    check_can(actor, hromada, "cases.sign")
    case = _locked(case, hromada)
    if case.status != CaseStatus.AWAITING_APPROVAL:
        raise ValidationError(_("There is no answer waiting for a signature."))
    if not can(actor, hromada, "cases.view_all"):
        heads = {person.pk for person in heads_of(hromada, case.department_id)}
        if actor.pk not in heads:
            raise PermissionDenied(_("The answer is signed by the head of the case's department."))
    case.signed_by = actor
    case.answered_at = _now()
    case.status = CaseStatus.ANSWERED
    case.save()
    case.executors.filter(done_at__isnull=True).update(done_at=case.answered_at)
    late = was_late(case)
    _event(case, Event.ANSWERED, actor, data={"outcome": case.outcome, "late": late})
    _audit(AuditEntry.Action.UPDATE, case, actor, {"status": [CaseStatus.AWAITING_APPROVAL, case.status]})
    _after_commit(_notify_applicant, case.pk, "answered")
    return case


@transaction.atomic
def record_body_answer(case: Case, *, actor, hromada, text: str, outcome: str) -> Case:
    """Record the answer a collegial body adopted (the council's decision on an e-petition): the decision is
    the signed act, so there is no executor's draft and no head's signature. Only kinds that declare
    ``extra['answered_by_body']`` take it; the module checks who may record it."""
    case = _locked(case, hromada)
    check_open(case)
    if not kinds.get(case.kind).extra.get("answered_by_body"):
        raise ValidationError(_("This case is answered by its executors."))
    if outcome not in (CaseOutcome.SATISFIED, CaseOutcome.EXPLAINED, CaseOutcome.REJECTED):
        raise ValidationError({"outcome": _("Choose the outcome of the answer.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the answer.")})
    case.answer_text, case.outcome = text.strip(), outcome
    case.answered_by = case.signed_by = _actor(actor)
    case.answered_at = _now()
    case.status = CaseStatus.ANSWERED
    case.save()
    _event(case, Event.ANSWERED, actor, data={"outcome": outcome, "late": was_late(case)})
    _audit(AuditEntry.Action.UPDATE, case, actor, {"status": [None, case.status], "outcome": [None, outcome]})
    _after_commit(_notify_applicant, case.pk, "answered")
    return case


@transaction.atomic
def return_answer(case: Case, *, actor, hromada, note: str) -> Case:
    """The signer sends the draft back to the executor with a remark."""
    check_can(actor, hromada, "cases.sign")
    case = _locked(case, hromada)
    if case.status != CaseStatus.AWAITING_APPROVAL:
        raise ValidationError(_("There is no answer waiting for a signature."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what to change in the answer.")})
    case.status = CaseStatus.IN_PROGRESS
    case.save(update_fields=["status", "updated_at"])
    _event(case, Event.NOTE, actor, note=note.strip(), data={"returned": True}, public=False)
    recipients = [row.user_id for row in case.executors.all()] or ([case.answered_by_id]
                                                                   if case.answered_by_id else [])
    _after_commit(_notify_staff, case.pk, recipients, "returned")
    return case


def _close(case: Case, *, actor, outcome: str, reason: str, ground: str = "") -> None:
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closure_reason = reason
    if ground:
        case.refusal_ground = ground
    case.closed_at = _now()
    if outcome in (CaseOutcome.FORWARDED, CaseOutcome.NOT_CONSIDERED, CaseOutcome.RETURNED) and not case.answered_at:
        case.answered_at = case.closed_at  # the applicant's notice is the answer the law requires
    case.save()
    _event(case, Event.CLOSED, actor, note=reason, data={"outcome": outcome, "ground": ground})
    _audit(AuditEntry.Action.UPDATE, case, actor, {"status": [None, CaseStatus.CLOSED], "outcome": [None, outcome]})
    _after_commit(_notify_applicant, case.pk, "closed")


@transaction.atomic
def close(case: Case, *, actor, hromada, outcome: str, reason: str, ground: str = "") -> Case:
    """Close an answered case, or close one without consideration on a ground the kind's law gives."""
    check_can(actor, hromada, "cases.close")
    case = _locked(case, hromada)
    spec = kinds.get(case.kind)
    errors: dict = {}
    if case.status == CaseStatus.CLOSED:
        errors["outcome"] = _("The case is already closed.")
    elif case.status == CaseStatus.ANSWERED:
        outcome = case.outcome
    elif outcome in (CaseOutcome.NOT_CONSIDERED, CaseOutcome.RETURNED):
        if ground not in dict(spec.closing_grounds):
            errors["ground"] = _("Name the ground the law gives for not considering it.")
    else:
        errors["outcome"] = _("An open case is answered first, or closed without consideration on a ground.")
    if not (reason or "").strip():
        errors["reason"] = _("State the reason.")
    _raise(errors)
    _close(case, actor=actor, outcome=outcome, reason=reason.strip(), ground=ground)
    return case


@transaction.atomic
def reopen(case: Case, *, actor, hromada, reason: str) -> Case:
    """Reopen an answered or closed case (a complaint about the answer, a mistake); the clock keeps its date."""
    check_can(actor, hromada, "cases.close")
    case = _locked(case, hromada)
    if case.status in OPEN_STATUSES:
        raise ValidationError(_("The case is open."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("State the reason.")})
    case.status = CaseStatus.IN_PROGRESS if case.department_id else CaseStatus.REGISTERED
    case.closed_at = None
    case.answered_at = None
    case.signed_by = None
    case.outcome = ""
    case.save()
    _event(case, Event.REOPENED, actor, note=reason.strip())
    _audit(AuditEntry.Action.UPDATE, case, actor, {"status": [None, case.status]})
    return case


@transaction.atomic
def rate(case: Case, *, user, hromada, rating: int, comment: str = "") -> Case:
    """The applicant rates the answer (1–5) once it is given."""
    case = _locked(case, hromada)
    if case.applicant_id is None or _actor(user) is None or case.applicant_id != user.pk:
        raise PermissionDenied(_("Only the applicant rates the answer."))
    if case.answered_at is None or case.status not in (CaseStatus.ANSWERED, CaseStatus.CLOSED):
        raise ValidationError({"rating": _("The answer can be rated once it is given.")})
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Rate from 1 to 5.")})
    case.rating, case.rating_comment = rating, (comment or "").strip()[:2000]
    case.save(update_fields=["rating", "rating_comment", "updated_at"])
    _event(case, Event.RATED, user, data={"rating": rating}, note=case.rating_comment, public=True)
    return case


@transaction.atomic
def add_attachment(case: Case, *, actor, hromada, upload: Upload, role: str) -> CaseAttachment:
    check_can(actor, hromada, "cases.register")
    case = _locked(case, hromada)
    if role not in CaseAttachment.Role.values:
        raise ValidationError({"role": _("Choose what the file is.")})
    fmt = check_upload(upload)
    if case.attachments.count() >= MAX_ATTACHMENTS * 2:
        raise ValidationError(_("The case holds as many files as it may."))
    attachment = _store(case, upload, fmt, role, actor)
    _event(case, Event.ATTACHED, actor, note=upload.name, public=role != CaseAttachment.Role.INTERNAL)
    return attachment


@transaction.atomic
def attach_for_module(case: Case, *, actor, hromada, upload: Upload,
                      role: str = CaseAttachment.Role.ANSWER) -> CaseAttachment:
    """A file of a case a module answers itself (``extra['answered_by_body']``): a ЦНАП service's result, or a
    document the applicant adds on request. The module checks who may attach it, as for ``record_body_answer``;
    the applicant sees an answer file in the cabinet once the case is answered."""
    case = _locked(case, hromada)
    if not kinds.get(case.kind).extra.get("answered_by_body"):
        raise ValidationError(_("This case is answered by its executors."))
    fmt = check_upload(upload)
    if case.attachments.count() >= MAX_ATTACHMENTS * 2:
        raise ValidationError(_("The case holds as many files as it may."))
    if role not in (CaseAttachment.Role.ANSWER, CaseAttachment.Role.APPLICANT):
        raise ValueError(role)
    attachment = _store(case, upload, fmt, role, actor)
    _event(case, Event.ATTACHED, actor, note=upload.name)
    return attachment


@transaction.atomic
def add_note(case: Case, *, actor, hromada, note: str) -> CaseEvent:
    check_can(actor, hromada, "cases.view")
    case = _locked(case, hromada)
    if not (note or "").strip():
        raise ValidationError({"note": _("Write the note.")})
    return _event(case, Event.NOTE, actor, note=note.strip()[:5000], public=False)


@transaction.atomic
def publish(case: Case, *, actor, hromada, public_text: str, public_answer: str) -> Case:
    """Publish a request and its answer after the clerk confirmed the redaction of personal data."""
    check_can(actor, hromada, "cases.publish")
    case = _locked(case, hromada)
    errors = {}
    if not case.publish_requested:
        errors["public_text"] = _("The applicant did not agree to publish this case.")
    if case.answered_at is None:
        errors["public_answer"] = _("A case is published with its answer.")
    if not (public_text or "").strip():
        errors["public_text"] = _("The published text cannot be empty.")
    _raise(errors)
    case.public_text, case.public_answer = public_text.strip(), (public_answer or "").strip()
    case.published_at = _now()
    case.save(update_fields=["public_text", "public_answer", "published_at", "updated_at"])
    _event(case, Event.PUBLISHED, actor)
    _audit(AuditEntry.Action.UPDATE, case, actor, {"published_at": [None, case.published_at.isoformat()]})
    return case


@transaction.atomic
def unpublish(case: Case, *, actor, hromada, reason: str) -> Case:
    check_can(actor, hromada, "cases.publish")
    case = _locked(case, hromada)
    case.published_at = None
    case.save(update_fields=["published_at", "updated_at"])
    _event(case, Event.NOTE, actor, note=reason.strip() or _("withdrawn from publication"), public=False)
    return case


def log_read(case: Case, *, actor, what: str = "case") -> None:
    """Reading an applicant's personal data is logged (house rule 4)."""
    audit.record(AuditEntry.Action.VIEW, case, actor=_actor(actor), hromada=case.hromada,
                 changes={"viewed": [None, what]})


# --- notices -----------------------------------------------------------------------------------------------


def _notify_applicant(case_id: int, what: str) -> None:
    from hromada.core.cases import notices

    notices.to_applicant(case_id, what)


def _notify_staff(case_id: int, user_ids: list[int], what: str) -> None:
    from hromada.core.cases import notices

    notices.to_staff(case_id, user_ids, what)
