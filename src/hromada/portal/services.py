"""Writes of the portal (house rule 1): the hromada's contacts and the feedback sent through the site."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import AuditEntry, User
from hromada.core.roles import Role
from hromada.core.services import check_can, check_same_hromada
from hromada.core.validators import normalize_phone, validate_phone
from hromada.portal.models import WEEKDAYS, Contacts, FeedbackMessage

MAX_PHONES = 10
MESSAGE_MIN, MESSAGE_MAX = 10, 5000
_TIME_RE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
DAYS = [day for day, _label in WEEKDAYS]
SLOTS = ("open", "close", "break_start", "break_end")


def feedback_rate_limit() -> tuple[int, int]:
    """(messages, seconds): how many messages one client address may send within the window."""
    return (getattr(settings, "FEEDBACK_RATE_LIMIT", 5), getattr(settings, "FEEDBACK_RATE_WINDOW_SECONDS", 3600))


# --- contacts -------------------------------------------------------------------------------------

def normalize_phones(lines: list[tuple[str, str]]) -> list[dict]:
    """(label, number as typed) pairs → the stored list; a number that is not Ukrainian raises with its line."""
    result = []
    for index, (label, number) in enumerate(lines, start=1):
        normalised = normalize_phone(number)
        try:
            validate_phone(normalised)
        except ValidationError:
            raise ValidationError(
                _("Line %(line)s: “%(value)s” is not a Ukrainian phone number; write it as +380XXXXXXXXX, "
                  "0XXXXXXXXX or (0XXXX) XX-XX-XX.") % {"line": index, "value": number[:40]},
                code="phone_format") from None
        result.append({"label": label.strip()[:100], "number": normalised})
    if len(result) > MAX_PHONES:
        raise ValidationError(_("At most %(count)s phone numbers.") % {"count": MAX_PHONES}, code="too_many")
    return result


def schedule_errors(hours: dict) -> dict[tuple[str, str], str]:
    """Problems of a weekly schedule, keyed by (weekday, slot); an empty dict when it is consistent."""
    errors: dict[tuple[str, str], str] = {}
    if not isinstance(hours, dict):
        return {("1", "open"): _("The schedule is malformed.")}
    for day, value in hours.items():
        if day not in DAYS or not isinstance(value, dict) or set(value) - set(SLOTS):
            errors[(DAYS[0], "open")] = _("The schedule is malformed.")
            continue
        slots = {slot: value.get(slot) or "" for slot in SLOTS}
        bad = [slot for slot, text in slots.items() if text and not (isinstance(text, str) and _TIME_RE.match(text))]
        for slot in bad:
            errors[(day, slot)] = _("Enter a time as HH:MM.")
        if bad:
            continue
        if not slots["open"] or not slots["close"]:
            missing = "close" if slots["open"] else "open"
            errors[(day, missing)] = _("Give both the opening and the closing time, or neither for a day off.")
            continue
        if slots["open"] >= slots["close"]:
            errors[(day, "close")] = _("The closing time must be later than the opening time.")
            continue
        if bool(slots["break_start"]) != bool(slots["break_end"]):
            missing = "break_end" if slots["break_start"] else "break_start"
            errors[(day, missing)] = _("Give both the start and the end of the lunch break, or neither.")
        elif slots["break_start"] and not (
                slots["open"] < slots["break_start"] < slots["break_end"] < slots["close"]):
            errors[(day, "break_start")] = _("The lunch break must start after opening and end before closing.")
    return errors


def check_contacts(fields: dict) -> None:
    """Refuse a contacts record that the form would not have produced (the API and code call this too)."""
    for name in ("email", "feedback_email"):
        if fields.get(name):
            validate_email(fields[name])
    for entry in fields.get("phones") or []:
        if not isinstance(entry, dict) or set(entry) != {"label", "number"}:
            raise ValidationError(_("The list of phones is malformed."))
        validate_phone(entry["number"])
    for name in ("hours", "cnap_hours"):
        if schedule_errors(fields.get(name) or {}):
            raise ValidationError(_("The schedule is malformed."))


CONTACT_FIELDS = ("official_name", "postal_address", "phones", "email", "hours", "head_reception", "cnap_address",
                  "cnap_hours", "feedback_email")


def save_contacts(hromada, *, actor, **fields) -> Contacts:
    """Create or change the hromada's contacts; the change is audit-logged field by field."""
    check_can(actor, hromada, "hromada.edit")
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"unknown contact fields: {sorted(unknown)}")
    check_contacts(fields)
    with transaction.atomic():
        record = Contacts.objects.select_for_update().filter(hromada=hromada).first()
        created = record is None
        record = record or Contacts(hromada=hromada)
        names = list(CONTACT_FIELDS)
        # A new record is compared with an empty one: its audit entry lists only what was filled in.
        before = audit.snapshot(Contacts(hromada=hromada) if created else record, names)
        for name, value in fields.items():
            setattr(record, name, value)
        record.full_clean(exclude=["hromada"])
        record.save()
        changes = audit.diff(before, audit.snapshot(record, names))
        if changes:
            audit.record(AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE, record,
                         changes=changes, actor=actor, hromada=hromada)
    return record


# --- feedback -------------------------------------------------------------------------------------

def is_rate_limited(ip: str | None) -> bool:
    if not ip:
        return False
    limit, window = feedback_rate_limit()
    since = timezone.now() - timedelta(seconds=window)
    return FeedbackMessage.objects.filter(ip=ip, created_at__gte=since).count() >= limit


def normalize_contact(value: str) -> str:
    """An e-mail address (lower-cased) or a Ukrainian phone (+380XXXXXXXXX); anything else raises."""
    value = (value or "").strip()
    if not value:
        return ""
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address, for example name@example.com."),
                                  code="contact_email") from None
        return value.lower()
    phone = normalize_phone(value)
    try:
        validate_phone(phone)
    except ValidationError:
        raise ValidationError(_("Enter an e-mail address or a Ukrainian phone number, for example "
                                "name@example.com or +380501234567."), code="contact_format") from None
    return phone


def check_feedback(*, topic: str, name: str, contact: str, message: str, page: str, consent: bool) -> dict:
    """Validate a message; returns the cleaned fields or raises ValidationError keyed by field."""
    errors: dict[str, str] = {}
    if topic not in FeedbackMessage.Topic.values:
        errors["topic"] = _("Choose what the message is about.")
    try:
        contact = normalize_contact(contact)
    except ValidationError as error:
        errors["contact"] = error.messages[0]
    message = (message or "").strip()
    if "\x00" in message or "\x00" in (name or "") or "\x00" in (contact or ""):
        errors["message"] = _("The text contains a null character; remove it and send again.")
    elif len(message) < MESSAGE_MIN:
        errors["message"] = _("Write at least %(count)s characters.") % {"count": MESSAGE_MIN}
    elif len(message) > MESSAGE_MAX:
        errors["message"] = _("Write at most %(count)s characters.") % {"count": MESSAGE_MAX}
    if len(name or "") > 200:
        errors["name"] = _("Write at most %(count)s characters.") % {"count": 200}
    if contact and not consent and "contact" not in errors:
        errors["consent"] = _("To get an answer, agree to the processing of your contact details, "
                              "or leave the contact field empty.")
    if errors:
        raise ValidationError({field: [text] for field, text in errors.items()})
    return {"topic": topic, "name": (name or "").strip(), "contact": contact, "message": message,
            "page": (page or "")[:500], "consent": bool(consent and contact)}


def _recipients(hromada, topic: str) -> list:
    """Accessibility → the administrators and the feedback mailbox; other topics → the mailbox, else the admins."""
    admins = list(User.objects.filter(role_assignments__hromada=hromada, is_active=True,
                                      role_assignments__role=Role.HROMADA_ADMIN).distinct().order_by("pk"))
    mailbox = Contacts.objects.filter(hromada=hromada).values_list("feedback_email", flat=True).first() or ""
    if topic == FeedbackMessage.Topic.ACCESSIBILITY:
        return admins + ([mailbox] if mailbox else [])
    return [mailbox] if mailbox else admins


def submit_feedback(hromada, *, ip: str | None = None, **fields) -> FeedbackMessage:
    """Store a visitor's message with the hromada's next reference number and tell the staff who handle it."""
    if is_rate_limited(ip):
        raise ValidationError(_("Too many messages were sent from your address in the last hour; please try "
                                "again later or call the council."), code="rate_limited")
    data = check_feedback(**fields)
    with transaction.atomic():
        for _attempt in range(5):
            number = (FeedbackMessage.objects.filter(hromada=hromada).aggregate(n=Max("number"))["n"] or 0) + 1
            item = FeedbackMessage(hromada=hromada, number=number, ip=ip, **data)
            try:
                with transaction.atomic():
                    item.save()
                break
            except IntegrityError:
                continue  # a parallel message took the number: take the next one
        else:
            raise ValidationError(_("The message could not be saved; please send it again."))
        _notify_staff(hromada, item)
    return item


def _notify_staff(hromada, item: FeedbackMessage) -> None:
    from hromada.core.notifications import notify

    topic = item.get_topic_display()
    subject = _("Feedback No. %(number)s about the site: %(topic)s") % {"number": item.number, "topic": topic}
    lines = [subject, "", item.message, ""]
    if item.page:
        lines.append(_("Page: %(page)s") % {"page": item.page})
    if item.contact:
        lines.append(_("Answer to: %(name)s %(contact)s") % {"name": item.name, "contact": item.contact})
    else:
        lines.append(_("The sender left no contact details."))
    url = reverse("portal_staff:feedback-detail", args=[item.pk])
    for recipient in _recipients(hromada, item.topic):
        notify(recipient, "portal.feedback", hromada=hromada, subject=subject, body="\n".join(lines), url=url,
               dedupe_key=f"feedback:{item.pk}")


def mark_feedback_handled(item: FeedbackMessage, *, actor, hromada) -> FeedbackMessage:
    check_can(actor, hromada, "feedback.handle")
    check_same_hromada(item, hromada)
    with transaction.atomic():
        item = FeedbackMessage.objects.select_for_update().get(pk=item.pk)
        if item.status == FeedbackMessage.Status.ANSWERED:
            return item
        item.status = FeedbackMessage.Status.ANSWERED
        item.handled_at = timezone.now()
        item.handled_by = actor
        item.save(update_fields=["status", "handled_at", "handled_by"])
        audit.record(AuditEntry.Action.UPDATE, item, actor=actor, hromada=hromada,
                     changes={"status": [FeedbackMessage.Status.NEW, FeedbackMessage.Status.ANSWERED]})
    return item
