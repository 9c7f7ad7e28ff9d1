"""Every write of the IT service desk (house rule 1): report, triage, assign, work, parts, notes, status changes.

A member of staff with ``itassets.report`` reports a problem; the IT officer (``itassets.manage``) triages it
(kind and priority — the due date follows from the priority's term in working days of the core calendar,
counted from the day of receipt), assigns it to an account that holds ``itassets.manage`` in the hromada,
records work and parts, and moves it through its states::

    new → assigned → in_progress ⇄ waiting → resolved → closed
    (any open state → cancelled, with a reason; any open state → resolved, with what was done)

The reporter confirms a resolution (closes it) or reopens it within ``itassets.reopen_working_days`` working days
(5 by default) when it is not fixed; after that the daily job closes it. A reporter may cancel the own request
while it is new, and add notes while it is open. Each change takes the request's row lock, is written to the
request's log (``RequestWork``; a change of state as a ``status`` entry) and to the audit log, and tells the
people it concerns through the notification service — all in one transaction, so a refused or rolled-back
change leaves nothing behind.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from hromada.core import audit
from hromada.core.cases import numbering
from hromada.core.deadlines import calendar_for, deadline
from hromada.core.fields import NotANumber, parse_number
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry, RoleAssignment
from hromada.core.notifications import notify
from hromada.core.roles import can
from hromada.core.selectors import capability_holders
from hromada.core.services import check_can
from hromada.core.ukrtext import search_key
from hromada.itassets.models import Equipment, Priority, RequestWork, ServiceRequest
from hromada.itassets.permissions import MANAGE, REPORT
from hromada.itassets.servicedesk import notifications as kinds

Status = ServiceRequest.Status
Kind = ServiceRequest.Kind
Entry = RequestWork.Kind

SERIES = "itassets.request"  # the CaseCounter series of request numbers
PATTERN = "ІТ-{year}/{seq:05d}"
MAX_SUBJECT = 200
MAX_TEXT = 10_000
MAX_CONTACT = 150
MAX_PARTS = 300
MAX_MINUTES = 10_000  # one entry of work: about a week of full days
MAX_COST = Decimal("9999999999.99")
OPEN = frozenset(ServiceRequest.OPEN_STATUSES)
FINAL = frozenset({Status.CLOSED, Status.CANCELLED})

# Which state may follow which. «assigned» is reached by assigning (it needs an assignee); in_progress after
# resolved is a reopening.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.IN_PROGRESS, Status.RESOLVED, Status.CANCELLED),
    Status.ASSIGNED: (Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CANCELLED),
    Status.IN_PROGRESS: (Status.WAITING, Status.RESOLVED, Status.CANCELLED),
    Status.WAITING: (Status.IN_PROGRESS, Status.RESOLVED, Status.CANCELLED),
    Status.RESOLVED: (Status.CLOSED, Status.IN_PROGRESS),
    Status.CLOSED: (),
    Status.CANCELLED: (),
}
# Moves that need a text: what was done, why it is cancelled, what is still wrong.
TEXT_REQUIRED = {Status.RESOLVED: "resolution", Status.CANCELLED: "reason"}
AUDITED = ("status", "assignee_id", "kind", "priority", "due_date", "resolved_at", "closed_at", "resolution")


# --- helpers --------------------------------------------------------------------------------------------


_QUIET: contextvars.ContextVar[bool] = contextvars.ContextVar("itassets_requests_quiet", default=False)


@contextmanager
def quiet():
    """Tell nobody of the changes made inside (the demo's history of past requests)."""
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


def _notify(recipient, kind: str, **kwargs):
    if _QUIET.get():
        return None
    return notify(recipient, kind, **kwargs)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _person(user) -> str:
    return (user.full_name or user.login) if user is not None else ""


def _actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def _url(request: ServiceRequest) -> str:
    return reverse("itassets-staff:request-detail", args=[request.pk])


def _text(value, name: str, errors: dict, *, required: bool, limit: int, message: str | None = None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        errors[name] = _("Give text here.")
        return ""
    if "\x00" in text:
        errors[name] = _("The text contains characters that cannot be stored.")
    elif required and not text:
        errors[name] = message or _("Fill in this field.")
    elif len(text) > limit:
        errors[name] = _("At most %(limit)s characters.") % {"limit": limit}
    return text


def _locked(request: ServiceRequest, hromada) -> ServiceRequest:
    if request.hromada_id != hromada.pk:
        raise PermissionDenied(_("The record belongs to another hromada."))
    return (ServiceRequest.objects.select_for_update(of=("self",))
            .select_related("hromada", "reporter", "assignee").get(pk=request.pk))


def _log(request: ServiceRequest, kind: str, actor, *, text: str = "", status: str = "", minutes=None,
         parts: str = "", parts_cost=None) -> RequestWork:
    entry = RequestWork.objects.create(request=request, kind=kind, text=text, status=status, minutes=minutes,
                                       parts=parts, parts_cost=parts_cost, author=_actor(actor))
    changes = {"kind": [None, kind]}
    for name, value in (("status", status), ("text", text[:300]), ("minutes", minutes), ("parts", parts),
                        ("parts_cost", parts_cost)):
        if value not in ("", None):
            changes[name] = [None, value]
    audit.record(AuditEntry.Action.CREATE, entry, actor=_actor(actor), hromada=request.hromada, changes=changes)
    return entry


def _audit_change(request: ServiceRequest, actor, before: dict) -> None:
    changes = audit.diff(before, audit.snapshot(request, AUDITED))
    if changes:
        audit.record(AuditEntry.Action.UPDATE, request, actor=_actor(actor), hromada=request.hromada,
                     changes=changes)


def is_manager(user, hromada) -> bool:
    return can(user, hromada, MANAGE)


def is_reporter(user, request: ServiceRequest) -> bool:
    return _actor(user) is not None and request.reporter_id == user.pk


# --- the service term -----------------------------------------------------------------------------------


def term_days(hromada, priority: str) -> int:
    return int(get_setting(hromada, f"itassets.term_{priority}"))


def due_date_for(hromada, received_at: datetime, priority: str, calendar=None) -> date:
    """The last day of the priority's term: its working days of the core calendar after the day of receipt."""
    calendar = calendar or calendar_for(hromada)
    return deadline(calendar, timezone.localdate(received_at), term_days(hromada, priority), "working_days")


def reopen_until(request: ServiceRequest, calendar=None) -> date | None:
    """The last day the reporter may reopen a resolved request (None when it is not resolved)."""
    if request.status != Status.RESOLVED or request.resolved_at is None:
        return None
    calendar = calendar or calendar_for(request.hromada)
    days = int(get_setting(request.hromada, "itassets.reopen_working_days"))
    return deadline(calendar, timezone.localdate(request.resolved_at), days, "working_days")


def is_overdue(request: ServiceRequest, today: date | None = None) -> bool:
    return request.status in OPEN and request.due_date < (today or timezone.localdate())


# --- numbers and equipment ------------------------------------------------------------------------------


def next_number(hromada, year: int) -> str:
    """«ІТ-2026/00001»: per hromada and year, without gaps (the counter row is locked until the caller commits;
    a rolled-back report gives its number back)."""
    number, _seq = numbering.next_number(hromada, SERIES, PATTERN, year)
    return number


_TO_LATIN = str.maketrans("АВЕКМНОРСТХІаеорсхі", "ABEKMHOPCTXIaeopcxi")
_TO_CYRILLIC = str.maketrans("ABEKMHOPCTXIaeopcxi", "АВЕКМНОРСТХІаеорсхі")


def inventory_variants(text: str) -> list[str]:
    """An inventory number as typed and with its look-alike letters all Latin or all Cyrillic, upper case too:
    «ОС-12» typed with a Latin O still finds «ОС-12»."""
    raw = (text or "").strip().replace("\x00", "")
    variants = {raw, raw.upper(), raw.translate(_TO_LATIN), raw.translate(_TO_CYRILLIC),
                raw.upper().translate(_TO_LATIN), raw.upper().translate(_TO_CYRILLIC)}
    return sorted(v for v in variants if v)


def find_equipment(hromada, inventory_number: str) -> Equipment | None:
    """The item of this hromada with this inventory number (look-alike letters forgiven), or None."""
    variants = inventory_variants(inventory_number)
    if not variants:
        return None
    return Equipment.objects.filter(hromada=hromada, inventory_number__in=variants).order_by("pk").first()


def _home_department(user, hromada):
    row = (RoleAssignment.objects.filter(user=user, hromada=hromada, department__isnull=False)
           .select_related("department").order_by("pk").first())
    return row.department if row else None


# --- report ---------------------------------------------------------------------------------------------


def check_report(hromada, *, subject, description, kind, priority, equipment, contact) -> dict:
    errors: dict = {}
    cleaned = {
        "subject": _text(subject, "subject", errors, required=True, limit=MAX_SUBJECT,
                         message=_("Say in a few words what is wrong.")),
        "description": _text(description, "description", errors, required=True, limit=MAX_TEXT,
                             message=_("Describe the problem: what happens, since when, what you tried.")),
        "contact": _text(contact, "contact", errors, required=False, limit=MAX_CONTACT),
    }
    if kind not in Kind.values:
        errors["kind"] = _("Choose the kind of problem from the list.")
    if priority not in Priority.values:
        errors["priority"] = _("Choose the priority from the list.")
    if equipment is not None and equipment.hromada_id != hromada.pk:
        errors["equipment"] = _("Choose an item of this hromada.")
    _raise(errors)
    return cleaned


@transaction.atomic
def report(hromada, *, actor, subject: str, description: str, kind: str = Kind.OTHER,
           priority: str = Priority.NORMAL, equipment: Equipment | None = None, contact: str = "",
           received_at: datetime | None = None) -> ServiceRequest:
    """File a request: numbered «ІТ-<year>/<seq>», received now (or at ``received_at``, a past moment: a call
    taken earlier), due by the priority's term; the IT officers are told (a critical one flagged in the subject)."""
    check_can(actor, hromada, REPORT)
    cleaned = check_report(hromada, subject=subject, description=description, kind=kind, priority=priority,
                           equipment=equipment, contact=contact)
    now = timezone.now()
    if received_at is not None:
        if received_at > now:
            raise ValidationError({"received_at": _("A request cannot be received in the future.")})
        now = received_at
    department = equipment.department if equipment is not None else None
    request = ServiceRequest(
        hromada=hromada, subject=cleaned["subject"], subject_key=search_key(cleaned["subject"])[:400],
        description=cleaned["description"], kind=kind, priority=priority, equipment=equipment,
        reporter=actor, reporter_name=_person(actor)[:150], contact=cleaned["contact"],
        institution=equipment.institution if equipment is not None else None,
        department=department or (None if equipment is not None and equipment.institution_id
                                  else _home_department(actor, hromada)),
        status=Status.NEW, received_at=now, due_date=due_date_for(hromada, now, priority),
    )
    request.number = next_number(hromada, timezone.localdate(now).year)
    request.save()
    audit.record(AuditEntry.Action.CREATE, request, actor=actor, hromada=hromada,
                 changes={name: [None, value] for name, value in audit.snapshot(
                     request, ("number", "subject", "kind", "priority", "equipment_id", "due_date")).items()})
    _log(request, Entry.STATUS, actor, status=Status.NEW)
    _tell_filed(request)
    return request


def _tell_filed(request: ServiceRequest) -> int:
    sent = 0
    with override("uk"):
        critical = request.priority == Priority.CRITICAL
        subject = (_("CRITICAL IT request %(number)s: %(subject)s") if critical
                   else _("New IT request %(number)s: %(subject)s")) % {"number": request.number,
                                                                         "subject": request.subject}
        body = _("%(who)s reported a problem (%(kind)s, priority: %(priority)s), due by %(due)s") % {
            "who": request.reporter_name or "—", "kind": request.get_kind_display(),
            "priority": request.get_priority_display(), "due": date_format(request.due_date, "j E Y р.")}
        if request.equipment_id:
            body += " " + _("Item: %(item)s.") % {"item": request.equipment}
    for person in capability_holders(request.hromada, MANAGE):
        if person.pk == request.reporter_id:
            continue
        if _notify(person, kinds.FILED.key, hromada=request.hromada, subject=subject, body=body, url=_url(request),
                  dedupe_key=f"itassets-request:{request.pk}:filed"):
            sent += 1
    return sent


# --- triage and assignment ------------------------------------------------------------------------------


def _check_open(request: ServiceRequest) -> None:
    if request.status not in OPEN:
        raise ValidationError(_("The request is «%(status)s»; this is done on an open request.") % {
            "status": request.get_status_display()})


@transaction.atomic
def triage(request: ServiceRequest, *, actor, hromada, kind: str, priority: str) -> ServiceRequest:
    """Set the kind and the priority; the due date is the new priority's term counted from the day of receipt."""
    check_can(actor, hromada, MANAGE)
    request = _locked(request, hromada)
    _check_open(request)
    errors: dict = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose the kind of problem from the list.")
    if priority not in Priority.values:
        errors["priority"] = _("Choose the priority from the list.")
    _raise(errors)
    before = audit.snapshot(request, AUDITED)
    request.kind, request.priority = kind, priority
    request.due_date = due_date_for(hromada, request.received_at, priority)
    if audit.snapshot(request, AUDITED) == before:
        return request
    request.save(update_fields=["kind", "priority", "due_date", "updated_at"])
    with override("uk"):
        text = _("Kind: %(kind)s; priority: %(priority)s; due by %(due)s") % {
            "kind": request.get_kind_display(), "priority": request.get_priority_display(),
            "due": date_format(request.due_date, "j E Y р.")}
    _log(request, Entry.NOTE, actor, text=text)
    _audit_change(request, actor, before)
    return request


def assignable(hromada) -> list:
    """The accounts a request may be assigned to: those whose roles in the hromada hold itassets.manage."""
    return sorted(capability_holders(hromada, MANAGE), key=lambda u: (_person(u).casefold(), u.pk))


@transaction.atomic
def assign(request: ServiceRequest, *, actor, hromada, assignee) -> ServiceRequest:
    """Give the request to an IT officer of this hromada; a new request becomes «assigned». The assignee is told."""
    check_can(actor, hromada, MANAGE)
    request = _locked(request, hromada)
    _check_open(request)
    if assignee is None or assignee.pk not in {u.pk for u in capability_holders(hromada, MANAGE)}:
        raise ValidationError({"assignee": _("Choose an IT officer of this hromada (a person who keeps the IT "
                                             "register).")})
    if request.assignee_id == assignee.pk:
        raise ValidationError({"assignee": _("The request is already assigned to %(name)s.") % {
            "name": _person(assignee)}})
    before = audit.snapshot(request, AUDITED)
    request.assignee = assignee
    if request.status == Status.NEW:
        request.status = Status.ASSIGNED
    request.save(update_fields=["assignee", "status", "updated_at"])
    with override("uk"):
        text = _("Assigned to %(name)s.") % {"name": _person(assignee)}
    entry = _log(request, Entry.STATUS, actor, status=request.status, text=text)
    _audit_change(request, actor, before)
    if assignee.pk != getattr(_actor(actor), "pk", None):
        with override("uk"):
            subject = _("IT request %(number)s is assigned to you: %(subject)s") % {
                "number": request.number, "subject": request.subject}
            body = _("Priority: %(priority)s; due by %(due)s; reported by %(who)s.") % {
                "priority": request.get_priority_display(), "due": date_format(request.due_date, "j E Y р."),
                "who": request.reporter_name or "—"}
        _notify(assignee, kinds.ASSIGNED.key, hromada=hromada, subject=subject, body=body, url=_url(request),
               dedupe_key=f"itassets-request:{request.pk}:assigned:{entry.pk}")
    return request


# --- work, parts and notes ------------------------------------------------------------------------------


def _take_up(request: ServiceRequest, actor) -> None:
    """Recording work on a request not yet in progress puts it in progress (and with its assignee, the actor)."""
    if request.status not in (Status.NEW, Status.ASSIGNED):
        return
    before = audit.snapshot(request, AUDITED)
    if request.assignee_id is None:
        request.assignee = actor
    request.status = Status.IN_PROGRESS
    request.save(update_fields=["assignee", "status", "updated_at"])
    _log(request, Entry.STATUS, actor, status=Status.IN_PROGRESS)
    _audit_change(request, actor, before)


def parse_minutes(value, errors: dict, *, required: bool = False) -> int | None:
    if value in (None, ""):
        if required:
            errors["minutes"] = _("State the time spent in minutes.")
        return None
    if isinstance(value, bool):
        errors["minutes"] = _("A whole number is expected.")
        return None
    try:
        minutes = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        errors["minutes"] = _("A whole number is expected.")
        return None
    if not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = _("From 1 to %(max)s minutes.") % {"max": MAX_MINUTES}
        return None
    return minutes


def parse_cost(value, errors: dict) -> Decimal | None:
    """A cost in hryvnias as people type it («1 250,00», «1250.5») or a number; None when not given."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        errors["parts_cost"] = _("Enter a number, e.g. 1 234,5.")
        return None
    try:
        cost = parse_number(value) if isinstance(value, str) else Decimal(str(value))
    except (NotANumber, ArithmeticError, ValueError):
        errors["parts_cost"] = _("Enter a number, e.g. 1 234,5.")
        return None
    if cost is None:
        return None
    if not cost.is_finite() or cost < 0 or cost > MAX_COST:
        errors["parts_cost"] = _("A cost from 0 to 9 999 999 999,99 UAH.")
        return None
    if cost != cost.quantize(Decimal("0.01")):
        errors["parts_cost"] = _("At most two digits after the comma (kopecks).")
        return None
    return cost.quantize(Decimal("0.01"))


@transaction.atomic
def record_work(request: ServiceRequest, *, actor, hromada, text: str, minutes=None) -> RequestWork:
    """What was done and how long it took; a new or assigned request goes in progress."""
    check_can(actor, hromada, MANAGE)
    request = _locked(request, hromada)
    _check_open(request)
    errors: dict = {}
    text = _text(text, "text", errors, required=True, limit=MAX_TEXT, message=_("Say what was done."))
    minutes = parse_minutes(minutes, errors)
    _raise(errors)
    _take_up(request, actor)
    return _log(request, Entry.WORK, actor, text=text, minutes=minutes)


@transaction.atomic
def record_parts(request: ServiceRequest, *, actor, hromada, parts: str, cost=None, text: str = "") -> RequestWork:
    """Parts used (a cartridge, a power supply) with their cost in hryvnias, if any."""
    check_can(actor, hromada, MANAGE)
    request = _locked(request, hromada)
    _check_open(request)
    errors: dict = {}
    parts = _text(parts, "parts", errors, required=True, limit=MAX_PARTS, message=_("Name the parts used."))
    text = _text(text, "text", errors, required=False, limit=MAX_TEXT)
    cost = parse_cost(cost, errors)
    _raise(errors)
    _take_up(request, actor)
    return _log(request, Entry.PARTS, actor, parts=parts, parts_cost=cost, text=text)


def may_add_note(user, request: ServiceRequest) -> bool:
    if is_manager(user, request.hromada):
        return True
    return is_reporter(user, request) and request.status in OPEN and can(user, request.hromada, REPORT)


@transaction.atomic
def add_note(request: ServiceRequest, *, actor, hromada, text: str) -> RequestWork:
    """A note on the request: the IT officer's (the reporter is told) or the reporter's on an open request (the
    assignee is told)."""
    request = _locked(request, hromada)
    if not may_add_note(actor, request):
        if is_reporter(actor, request):
            raise ValidationError(_("The request is «%(status)s»; notes are added to an open request.") % {
                "status": request.get_status_display()})
        raise PermissionDenied(_("You do not have permission for this action."))
    errors: dict = {}
    text = _text(text, "text", errors, required=True, limit=MAX_TEXT, message=_("Write the note."))
    _raise(errors)
    entry = _log(request, Entry.NOTE, actor, text=text)
    if is_reporter(actor, request) and not is_manager(actor, hromada):
        _tell_assignee(request, entry, gettext_lazy("The reporter added a note to IT request %(number)s"))
    else:
        _tell_reporter(request, entry, actor, gettext_lazy("A note on your IT request %(number)s"), text)
    return entry


def _tell_reporter(request: ServiceRequest, entry: RequestWork | None, actor, subject, body: str,
                   key: str | None = None) -> bool:
    reporter = request.reporter
    if reporter is None or (actor is not None and reporter.pk == getattr(actor, "pk", None)):
        return False
    with override("uk"):
        subject = str(subject) % {"number": request.number}
    return _notify(reporter, kinds.PROGRESS.key, hromada=request.hromada, subject=subject,
                  body=body or request.subject, url=_url(request),
                  dedupe_key=key or f"itassets-request:{request.pk}:log:{entry.pk}") is not None


def _tell_assignee(request: ServiceRequest, entry: RequestWork, subject) -> bool:
    assignee = request.assignee
    if assignee is None or assignee.pk == request.reporter_id:
        return False
    with override("uk"):
        subject = str(subject) % {"number": request.number}
    return _notify(assignee, kinds.REPORTER_NOTE.key, hromada=request.hromada, subject=subject,
                  body=entry.text or request.subject, url=_url(request),
                  dedupe_key=f"itassets-request:{request.pk}:log:{entry.pk}") is not None


# --- changes of state -----------------------------------------------------------------------------------


def allowed_moves(request: ServiceRequest, user, today: date | None = None) -> tuple[str, ...]:
    """The states this person may move the request to now (for the page's forms and the API's answer)."""
    moves = TRANSITIONS[request.status]
    if is_manager(user, request.hromada):
        return moves
    if not is_reporter(user, request) or not can(user, request.hromada, REPORT):
        return ()
    own = []
    if request.status == Status.NEW:
        own.append(Status.CANCELLED)
    if request.status == Status.RESOLVED:
        own.append(Status.CLOSED)
        until = reopen_until(request)
        if until is not None and (today or timezone.localdate()) <= until:
            own.append(Status.IN_PROGRESS)
    return tuple(move for move in moves if move in own)


def check_move(request: ServiceRequest, status: str, user, today: date | None = None) -> None:
    """Refuse a move the state machine or the person's rights do not allow, saying why."""
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status: %(value)s.") % {"value": status}})
    current = request.get_status_display()
    target = Status(status).label
    if status == request.status:
        raise ValidationError({"status": _("The request is already «%(status)s».") % {"status": current}})
    if status not in TRANSITIONS[request.status]:
        allowed = TRANSITIONS[request.status]
        if not allowed:
            raise ValidationError({"status": _("The request is «%(status)s»; its state no longer changes.") % {
                "status": current}})
        if status == Status.ASSIGNED:
            raise ValidationError({"status": _("A request becomes «assigned» when you choose its assignee.")})
        raise ValidationError({"status": _("A request that is «%(from)s» cannot become «%(to)s». It can become: "
                                           "%(allowed)s.") % {
            "from": current, "to": target, "allowed": ", ".join(f"«{Status(s).label}»" for s in allowed)}})
    if status not in allowed_moves(request, user, today):
        if is_reporter(user, request) and request.status == Status.RESOLVED and status == Status.IN_PROGRESS:
            raise ValidationError({"status": _(
                "The reopening period has passed (%(until)s); report the problem anew.") % {
                "until": date_format(reopen_until(request), "j E Y р.")}})
        raise PermissionDenied(_("You do not have permission for this action."))


@transaction.atomic
def change_status(request: ServiceRequest, *, actor, hromada, status: str, text: str = "",
                  expect: str | None = None) -> ServiceRequest:
    """Move the request to ``status`` if the state machine and the actor's rights allow it, with ``text``: what
    was done (resolved, required), why (cancelled, required; reopened, required) or a note (optional).
    ``expect``: the state the request must be in (checked under the row lock)."""
    if not can(actor, hromada, REPORT) and not is_manager(actor, hromada):
        raise PermissionDenied(_("You do not have permission for this action."))
    request = _locked(request, hromada)
    if expect is not None and request.status != expect:
        raise ValidationError({"status": _("Only a resolved request is reopened.")})
    check_move(request, status, actor)
    reopening = request.status == Status.RESOLVED and status == Status.IN_PROGRESS
    errors: dict = {}
    field = TEXT_REQUIRED.get(status, "reason" if reopening else "text")
    messages = {"resolution": _("Say what was done."), "reason": _("State the reason.")}
    text = _text(text, field, errors, required=field in messages, limit=MAX_TEXT, message=messages.get(field))
    _raise(errors)
    before = audit.snapshot(request, AUDITED)
    now = timezone.now()
    request.status = status
    if status in (Status.IN_PROGRESS, Status.RESOLVED) and request.assignee_id is None and is_manager(actor, hromada):
        request.assignee = actor
    if status == Status.RESOLVED:
        request.resolved_at, request.resolution = now, text
    elif status == Status.CLOSED:
        request.closed_at = now
    elif reopening:
        request.resolved_at, request.resolution = None, ""
    request.save()
    entry = _log(request, Entry.STATUS, actor, status=status, text=text)
    _audit_change(request, actor, before)
    actor = _actor(actor)
    if status == Status.RESOLVED:
        _tell_reporter(request, entry, actor, gettext_lazy("Your IT request %(number)s is resolved"), text,
                       key=f"itassets-request:{request.pk}:resolved:{entry.pk}")
    elif status == Status.CLOSED:
        _tell_reporter(request, entry, actor, gettext_lazy("Your IT request %(number)s is closed"),
                       request.resolution or text, key=f"itassets-request:{request.pk}:closed")
    elif status == Status.CANCELLED:
        _tell_reporter(request, entry, actor, gettext_lazy("Your IT request %(number)s is cancelled"), text,
                       key=f"itassets-request:{request.pk}:cancelled")
    elif reopening and actor is not None and is_reporter(actor, request):
        _tell_assignee(request, entry, gettext_lazy("The reporter reopened IT request %(number)s: not fixed"))
    return request


def resolve(request, *, actor, hromada, resolution: str) -> ServiceRequest:
    return change_status(request, actor=actor, hromada=hromada, status=Status.RESOLVED, text=resolution)


def close(request, *, actor, hromada, text: str = "") -> ServiceRequest:
    return change_status(request, actor=actor, hromada=hromada, status=Status.CLOSED, text=text)


def cancel(request, *, actor, hromada, reason: str) -> ServiceRequest:
    return change_status(request, actor=actor, hromada=hromada, status=Status.CANCELLED, text=reason)


def reopen(request, *, actor, hromada, reason: str) -> ServiceRequest:
    return change_status(request, actor=actor, hromada=hromada, status=Status.IN_PROGRESS, text=reason,
                         expect=Status.RESOLVED)


# --- the daily job's writes -----------------------------------------------------------------------------


def close_expired(today: date | None = None) -> int:
    """Close the resolved requests whose reopening period has passed (the reporter did not object)."""
    today = today or timezone.localdate()
    closed = 0
    calendars: dict[int, object] = {}
    rows = (ServiceRequest.objects.filter(status=Status.RESOLVED, resolved_at__isnull=False)
            .select_related("hromada").order_by("pk"))
    for request in rows.iterator(chunk_size=500):
        calendar = calendars.get(request.hromada_id) or calendars.setdefault(
            request.hromada_id, calendar_for(request.hromada))
        until = reopen_until(request, calendar)
        if until is None or today <= until:
            continue
        with transaction.atomic():
            locked = _locked(request, request.hromada)
            if locked.status != Status.RESOLVED:
                continue
            before = audit.snapshot(locked, AUDITED)
            locked.status, locked.closed_at = Status.CLOSED, timezone.now()
            locked.save(update_fields=["status", "closed_at", "updated_at"])
            with override("uk"):
                text = _("Closed automatically: the reporter did not reopen it by %(until)s") % {
                    "until": date_format(until, "j E Y р.")}
            entry = _log(locked, Entry.STATUS, None, status=Status.CLOSED, text=text)
            _audit_change(locked, None, before)
            _tell_reporter(locked, entry, None, gettext_lazy("Your IT request %(number)s is closed"),
                           locked.resolution or text, key=f"itassets-request:{locked.pk}:closed")
        closed += 1
    return closed


def remind_due(today: date | None = None) -> int:
    """Tell each assignee of an open request due today or overdue, once a day per request."""
    today = today or timezone.localdate()
    sent = 0
    rows = (ServiceRequest.objects.filter(status__in=OPEN, assignee__isnull=False, due_date__lte=today)
            .select_related("hromada", "assignee").order_by("due_date", "pk"))
    for request in rows.iterator(chunk_size=500):
        with override("uk"):
            due = date_format(request.due_date, "j E Y р.")
            subject = (_("IT request %(number)s is due today") if request.due_date == today
                       else _("IT request %(number)s is overdue (due %(due)s)")) % {
                "number": request.number, "due": due}
            body = _("%(subject)s. Priority: %(priority)s. Status: %(status)s.") % {
                "subject": request.subject, "priority": request.get_priority_display(),
                "status": request.get_status_display()}
        if _notify(request.assignee, kinds.DUE.key, hromada=request.hromada, subject=subject, body=body,
                  url=_url(request), dedupe_key=f"itassets-request:{request.pk}:due:{today.isoformat()}"):
            sent += 1
    return sent
