"""All writes of e-petitions (house rule 1): drafts, moderation, signing, closing the collection, the answer.

Errors: ``ValidationError`` (a dict of field → Ukrainian message, or one message) for bad input or a wrong state,
nothing changed; ``PermissionDenied`` for a missing capability; ``NotEligible`` (its message is the eligibility
reason) when a person may not sign; ``AlreadySigned`` when this person's signature is already there.
"""

from __future__ import annotations

import base64
import binascii
import math
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts import eligibility
from hromada.accounts.models import Membership
from hromada.core import audit, rawsql
from hromada.core.cases import services as cases
from hromada.core.deadlines import calendar_for
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry, Case, CaseChannel, CaseOutcome, Hromada
from hromada.core.services import check_can, check_same_hromada
from hromada.core.ukrtext import clean_text, normalise, unify_apostrophes
from hromada.core.worklist import long_date
from hromada.participation import chain
from hromada.participation.models import (
    Addressee,
    Petition,
    PetitionStatus,
    PetitionThreshold,
    Position,
    Signature,
)
from hromada.participation.petitions import notices
from hromada.participation.petitions.case_kind import PETITION

MAX_TITLE, MAX_TEXT = 200, 10_000
MAX_KEP_BYTES = 64 * 1024
REGISTER_STATUSES = ("registered", "declared", "idp")


class NotEligible(PermissionDenied):
    """The eligibility check refused; ``str(error)`` is the reason for the person (API: 403)."""


class AlreadySigned(Exception):
    """This person has signed this petition already (API: 409)."""


# The grounds on which statutes let the council not publish a petition (Art. 23-1 part 2 for the content).
REFUSAL_GROUNDS: tuple[tuple[str, str], ...] = (
    ("prohibited", gettext_lazy("calls to overthrow the constitutional order, to violate territorial integrity, "
                                "propaganda of war or violence (Art. 23-1)")),
    ("competence", gettext_lazy("outside the competence of the hromada's bodies")),
    ("duplicate", gettext_lazy("the same matter as a petition collecting signatures now")),
    ("offensive", gettext_lazy("offensive or obscene wording")),
    ("no_essence", gettext_lazy("no essence of the matter stated")),
)
POSITION_OUTCOME = {Position.SUPPORTED: CaseOutcome.SATISFIED, Position.PARTLY: CaseOutcome.EXPLAINED,
                    Position.NOT_SUPPORTED: CaseOutcome.REJECTED}


def _now() -> datetime:
    return timezone.now()


def _after_commit(func, *args) -> None:
    transaction.on_commit(lambda: func(*args))


def _audit(action: str, petition: Petition, actor, changes: dict) -> None:
    audit.record(action, petition, actor=actor, hromada=petition.hromada, changes=changes)


def _locked(petition: Petition, hromada) -> Petition:
    check_same_hromada(petition, hromada)
    return Petition.objects.select_for_update(of=("self",)).select_related("hromada").get(pk=petition.pk)


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _check_eligible(user, hromada) -> None:
    decision = eligibility.check(user, hromada, "sign")
    if not decision:
        raise NotEligible(decision.reason)


def _clean_fields(title: str, text: str) -> tuple[str, str]:
    title = normalise(clean_text(title or "")).strip()
    text = unify_apostrophes(clean_text(text or "")).strip()  # one apostrophe, so searches find every form
    errors = {}
    if not title:
        errors["title"] = _("Give the petition a title.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("The title is at most %(n)s characters.") % {"n": MAX_TITLE}
    if not text:
        errors["text"] = _("State the essence of the petition.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("The text is at most %(n)s characters.") % {"n": MAX_TEXT}
    if "\x00" in title + text:
        errors["text"] = _("The text contains characters that cannot be stored.")
    _raise(errors)
    return title, text


@transaction.atomic
def create_draft(hromada, *, author, title: str, text: str) -> Petition:
    """A resident (eligible to sign) starts a petition; author name and e-mail taken from the account."""
    _check_eligible(author, hromada)
    title, text = _clean_fields(title, text)
    if not author.email:
        raise ValidationError({"title": _("A petition states the author's e-mail (Art. 23-1): add one to your "
                                          "account first.")})
    petition = Petition.objects.create(hromada=hromada, title=title, text=text, author=author,
                                       author_name=author.full_name or author.email, author_email=author.email,
                                       addressee=get_setting(hromada, "petitions.considered_by"))
    _audit(AuditEntry.Action.CREATE, petition, author, {"title": [None, title]})
    return petition


def _own_draft(petition: Petition, author, hromada) -> Petition:
    petition = _locked(petition, hromada)
    if petition.author_id != getattr(author, "pk", None):
        raise PermissionDenied(_("Only the author may change the petition."))
    if petition.status != PetitionStatus.DRAFT:
        raise ValidationError(_("The petition has been submitted; it can no longer be changed."))
    return petition


@transaction.atomic
def update_draft(petition: Petition, *, author, hromada, title: str, text: str) -> Petition:
    """Only the author, only while a draft."""
    petition = _own_draft(petition, author, hromada)
    title, text = _clean_fields(title, text)
    before = {"title": petition.title}
    petition.title, petition.text = title, text
    petition.save(update_fields=["title", "text", "updated_at"])
    _audit(AuditEntry.Action.UPDATE, petition, author, audit.diff(before, {"title": title}))
    return petition


@transaction.atomic
def submit(petition: Petition, *, author, hromada) -> Petition:
    """Draft → moderation; ``moderation_due`` from the calendar; moderators notified."""
    petition = _own_draft(petition, author, hromada)
    _check_eligible(author, hromada)
    petition.submitted_at = _now()
    days = get_setting(hromada, "petitions.moderation_working_days")
    petition.moderation_due = calendar_for(hromada).add_working_days(timezone.localdate(petition.submitted_at),
                                                                     days)
    petition.status = PetitionStatus.MODERATION
    petition.save()
    _audit(AuditEntry.Action.UPDATE, petition, author, {"status": [PetitionStatus.DRAFT, petition.status]})
    _after_commit(notices.tell_author, petition.pk, "submitted")
    _after_commit(notices.tell_staff, petition.pk, "submitted")
    return petition


def registered_residents(hromada) -> int:
    from hromada.registers.models import Resident

    return Resident.objects.filter(hromada=hromada, status__in=REGISTER_STATUSES).count()


def grouped(number: int) -> str:
    """A whole number with its thousands set apart by non-breaking spaces, as Ukrainian texts write them."""
    return f"{number:,}".replace(",", "\u00a0")


def current_threshold(hromada, *, today: date | None = None) -> tuple[int, str]:
    """The signatures a petition published today needs, and the basis shown beside the number."""
    today = today or timezone.localdate()
    statute = get_setting(hromada, "petitions.statute_reference")
    if get_setting(hromada, "petitions.threshold_mode") != "share":
        number = get_setting(hromada, "petitions.threshold")
        return number, _("%(n)s signatures (%(statute)s)") % {"n": number, "statute": statute}
    row = PetitionThreshold.objects.filter(hromada=hromada, year=today.year).first()
    if row is None:
        row = compute_year_threshold(hromada, today.year)
    share = f"{row.share_percent.normalize():f}".replace(".", ",")
    return row.threshold, _("%(share)s %% of %(residents)s residents registered on 1 January %(year)s "
                            "(%(statute)s)") % {"share": share, "residents": grouped(row.residents), "year": row.year,
                                                "statute": statute}


def compute_year_threshold(hromada, year: int) -> PetitionThreshold:
    """The share threshold of a year, fixed once (the yearly job computes it on 1 January)."""
    share = Decimal(str(get_setting(hromada, "petitions.threshold_share")).replace(",", ".").replace(" ", ""))
    residents = registered_residents(hromada)
    threshold = max(1, math.ceil(residents * share / 100))
    row, _created = PetitionThreshold.objects.get_or_create(
        hromada=hromada, year=year, defaults={"residents": residents, "share_percent": share,
                                              "threshold": threshold})
    return row


def _next_number(hromada) -> int:
    """The next petition number of the hromada; publications of one hromada wait for each other on its row, so
    two moderators publishing at once never take the same number."""
    list(Hromada.objects.select_for_update().filter(pk=hromada.pk).values_list("pk", flat=True))
    return (Petition.objects.filter(hromada=hromada).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def publish(petition: Petition, *, actor, hromada) -> Petition:
    """Moderation → collecting: number, threshold and its basis fixed, ``published_at`` = now, ``ends_on``.

    Collection runs ``petitions.collection_days`` calendar days counting the day of publication.
    """
    check_can(actor, hromada, "participation.petitions_moderate")
    petition = _locked(petition, hromada)
    if petition.status != PetitionStatus.MODERATION:
        raise ValidationError(_("Only a petition on moderation can be published."))
    petition.number = _next_number(hromada)
    petition.published_at = _now()
    today = timezone.localdate(petition.published_at)
    petition.threshold, petition.threshold_basis = current_threshold(hromada, today=today)
    days = get_setting(hromada, "petitions.collection_days")
    petition.ends_on = today + timedelta(days=days - 1)
    petition.moderated_by = actor
    petition.status = PetitionStatus.COLLECTING
    petition.save()
    _audit(AuditEntry.Action.UPDATE, petition, actor, {"status": [PetitionStatus.MODERATION, petition.status],
                                                        "number": [None, petition.number]})
    _after_commit(notices.tell_author, petition.pk, "published")
    return petition


@transaction.atomic
def refuse(petition: Petition, *, actor, hromada, ground: str, reason: str) -> Petition:
    """Moderation → refused with the statute's ground and reasons; the author is told."""
    check_can(actor, hromada, "participation.petitions_moderate")
    petition = _locked(petition, hromada)
    if petition.status != PetitionStatus.MODERATION:
        raise ValidationError(_("Only a petition on moderation can be refused."))
    errors = {}
    if ground not in dict(REFUSAL_GROUNDS):
        errors["ground"] = _("Choose the ground of the refusal.")
    reason = clean_text(reason or "").strip()
    if not reason:
        errors["reason"] = _("Give the reasons: the author is told them.")
    _raise(errors)
    petition.refusal_ground = ground
    petition.refusal_reason = f"{dict(REFUSAL_GROUNDS)[ground]}. {reason}"
    petition.moderated_by = actor
    petition.status = PetitionStatus.REFUSED
    petition.save()
    _audit(AuditEntry.Action.UPDATE, petition, actor, {"status": [PetitionStatus.MODERATION, petition.status],
                                                        "refusal_ground": [None, ground]})
    _after_commit(notices.tell_author, petition.pk, "refused")
    return petition


def _check_kep(kep_signature: str, kep_subject: str) -> tuple[str, str]:
    kep_signature = "".join((kep_signature or "").split())
    if not kep_signature:
        return "", ""
    try:
        raw = base64.b64decode(kep_signature, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"kep_signature": _("The e-signature must be a base64 CAdES file.")}) from None
    if not raw or len(raw) > MAX_KEP_BYTES:
        raise ValidationError({"kep_signature": _("The e-signature file is empty or larger than 64 KB.")})
    return kep_signature, normalise(clean_text(kep_subject or ""))[:300]


def signature_fields(petition_id: int, seq: int, name: str, signed_at: datetime, kep_subject: str) -> list:
    """The public fields a signature's hash covers (the recount recipe in docs/participation.md)."""
    return [petition_id, seq, name, signed_at, kep_subject]


def sign(petition: Petition, *, user, hromada, kep_signature: str = "", kep_subject: str = "") -> Signature:
    """One signature per person, chained, the count updated in the same transaction under the petition's lock."""
    check_same_hromada(petition, hromada)
    membership = (eligibility.membership_for(user, hromada)
                  if user is not None and user.is_authenticated else None)
    decision = eligibility.check(user, hromada, "sign", membership=membership)
    if not decision:
        raise NotEligible(decision.reason)
    resident_id = membership.resident_id if membership is not None else None
    if resident_id is None:
        raise NotEligible(_("Signing needs a verified resident linked to the register."))
    kep_signature, kep_subject = _check_kep(kep_signature, kep_subject)
    key = f"r{resident_id}"
    name = normalise(user.full_name or "").strip() or _("(name not given)")
    table = Petition._meta.db_table
    with transaction.atomic():
        # The petition's row lock and what the link needs in one statement; the count and the chain head are
        # written together below (a hot row: one new row version per signature).
        status, ends_on, count, prev_hash, threshold, reached_at = rawsql.one(
            f"SELECT status, ends_on, signatures_count, last_hash, threshold, reached_at FROM {table} "  # noqa: S608
            f"WHERE id = %s{rawsql.for_update()}", [petition.pk])
        seq = count + 1
        if isinstance(ends_on, str):  # a driver that does not convert dates hands back ISO text
            ends_on = date.fromisoformat(ends_on)
        if status != PetitionStatus.COLLECTING or timezone.localdate() > ends_on:
            raise ValidationError(_("Signatures are not collected for this petition."))
        signed_at = _now()
        digest = chain.link_hash(prev_hash, signature_fields(petition.pk, seq, name, signed_at, kep_subject))
        signature = Signature(hromada=hromada, petition_id=petition.pk, seq=seq, signer_key=key, signer=user,
                              signer_name=name, signed_at=signed_at, kep_signature=kep_signature,
                              kep_subject=kep_subject, prev_hash=prev_hash, hash=digest)
        if rawsql.insert(signature, unique=("petition_id", "signer_key")) is None:
            raise AlreadySigned
        reached = seq == threshold and reached_at is None
        rawsql.run(f"UPDATE {table} SET signatures_count = %s, last_hash = %s"  # noqa: S608
                   f"{', reached_at = %s' if reached else ''} WHERE id = %s",
                   [seq, digest, *([Petition._meta.get_field('reached_at').get_db_prep_save(signed_at, connection)]
                                   if reached else []), petition.pk])
        if reached:
            _after_commit(notices.tell_staff, petition.pk, "reached")
            _after_commit(notices.tell_author, petition.pk, "reached")
    petition.signatures_count, petition.last_hash = seq, digest
    return signature


@transaction.atomic
def close_collection(petition: Petition, *, now: datetime | None = None) -> Petition:
    """After ``ends_on``: collecting → consideration (a ``petition`` case opened with the statute's term, the
    considering body notified) or → not_reached (the author offered to send it as an ordinary appeal)."""
    now = now or _now()
    petition = _locked(petition, petition.hromada)
    if petition.status != PetitionStatus.COLLECTING:
        raise ValidationError(_("The petition is not collecting signatures."))
    if timezone.localdate(now) <= petition.ends_on:
        raise ValidationError(_("The collection period is not over yet."))
    petition.collection_closed_at = now
    reached = petition.signatures_count >= (petition.threshold or 0)
    if reached:
        petition.case = cases.register_case(
            # The platform opens it (actor=None, allowed by the kind's ``anyone_may_file``), also when the author
            # has since erased the account; the author stays the applicant when there is one.
            petition.hromada, kind=PETITION, actor=None, applicant=petition.author,
            channel=CaseChannel.PORTAL, subject=petition.title[:300],
            text=f"{petition.text}\n\n" + _("E-petition No. %(number)s, %(count)s signatures.")
            % {"number": petition.number, "count": petition.signatures_count},
            applicant_name=petition.author_name, applicant_email=petition.author_email,
            collective=True, signatories=petition.signatures_count, received_at=now)
        petition.status = PetitionStatus.CONSIDERATION
    else:
        petition.status = PetitionStatus.NOT_REACHED
    petition.save()
    _audit(AuditEntry.Action.UPDATE, petition, None, {"status": [PetitionStatus.COLLECTING, petition.status]})
    if reached:
        _after_commit(notices.tell_staff, petition.pk, "consideration")
    else:
        _after_commit(notices.tell_author, petition.pk, "not_reached")
    return petition


def close_expired(*, today: date | None = None) -> int:
    """The daily job: close every petition whose collection period ended; returns how many were closed."""
    today = today or timezone.localdate()
    closed = 0
    for petition in Petition.objects.filter(status=PetitionStatus.COLLECTING, ends_on__lt=today).select_related(
            "hromada"):
        try:
            close_collection(petition)
        except ValidationError:
            continue  # closed meanwhile by another run
        closed += 1
    return closed


def _check_links(hromada, agenda_item, decision) -> dict:
    errors = {}
    if agenda_item is not None and agenda_item.session.hromada_id != hromada.pk:
        errors["agenda_item"] = _("Choose an agenda item of this hromada's council.")
    if decision is not None and decision.hromada_id != hromada.pk:
        errors["decision"] = _("Choose an act of this hromada's registry.")
    return errors


@transaction.atomic
def answer(petition: Petition, *, actor, hromada, text: str, position: str, agenda_item=None,
           decision=None) -> Petition:
    """Consideration → answered: answer text, position, the council session's agenda item and the adopted act
    (both of this hromada); the case is closed through the engine; the author and the signers are told."""
    check_can(actor, hromada, "participation.petitions_answer")
    petition = _locked(petition, hromada)
    if petition.status != PetitionStatus.CONSIDERATION:
        raise ValidationError(_("Only a petition under consideration can be answered."))
    text = clean_text(text or "").strip()
    errors = _check_links(hromada, agenda_item, decision)
    if not text:
        errors["text"] = _("Write the answer.")
    if position not in Position.values:
        errors["position"] = _("Choose the position on the petition.")
    if petition.addressee == Addressee.COUNCIL and agenda_item is None and decision is None:
        errors["agenda_item"] = _("The council answers by its decision: choose the agenda item or the act.")
    _raise(errors)
    if agenda_item is not None and decision is None:
        decision = agenda_item.decision
    petition.answer_text, petition.answer_position = text, position
    petition.agenda_item, petition.decision = agenda_item, decision
    petition.answered_at, petition.answered_by = _now(), actor
    petition.status = PetitionStatus.ANSWERED
    petition.save()
    if petition.case_id:
        case = Case.objects.get(pk=petition.case_id)
        cases.record_body_answer(case, actor=actor, hromada=hromada, text=text, outcome=POSITION_OUTCOME[position])
    _audit(AuditEntry.Action.UPDATE, petition, actor, {"status": [PetitionStatus.CONSIDERATION, petition.status],
                                                        "position": [None, position]})
    _after_commit(notices.tell_author, petition.pk, "answered")
    _after_commit(notices.tell_signers, petition.pk)
    return petition


@transaction.atomic
def send_as_appeal(petition: Petition, *, author, hromada) -> Case:
    """A petition that did not collect the signatures goes on as an ordinary collective appeal (a case)."""
    petition = _locked(petition, hromada)
    if petition.author_id != getattr(author, "pk", None):
        raise PermissionDenied(_("Only the author may send the petition as an appeal."))
    if petition.status != PetitionStatus.NOT_REACHED:
        raise ValidationError(_("Only a petition that did not collect the signatures can be sent as an appeal."))
    if petition.appeal_case_id:
        raise ValidationError(_("The petition has already been sent as an appeal."))
    case = cases.register_case(
        hromada, kind="appeal", actor=author, applicant=author, channel=CaseChannel.PORTAL, subkind="proposal",
        subject=petition.title[:300], text=petition.text, applicant_name=petition.author_name,
        applicant_email=petition.author_email, applicant_address=residence_of(author, hromada),
        collective=True, signatories=max(1, petition.signatures_count))
    petition.appeal_case = case
    petition.save(update_fields=["appeal_case", "updated_at"])
    _audit(AuditEntry.Action.UPDATE, petition, author, {"appeal_case": [None, case.number]})
    return petition.appeal_case


def residence_of(user, hromada) -> str:
    """The place of residence from the person's verified register record (Art. 5 of the appeals law)."""
    from hromada.registers.schemas import address_of

    membership = Membership.objects.select_related("resident__building").filter(user=user, hromada=hromada).first()
    resident = membership.resident if membership is not None else None
    if resident is None or resident.building_id is None:
        return ""
    place = address_of(resident.building) or ""
    return f"{place}, кв. {resident.apartment}" if resident.apartment else place


def recount(petition: Petition) -> tuple[chain.ChainCheck, bool]:
    """Recompute the chain from the rows and compare the count kept on the petition."""
    rows = petition.signatures.order_by("seq").values_list("seq", "prev_hash", "hash", "signer_name",
                                                           "signed_at", "kep_subject")
    check = chain.verify((seq, prev, digest, signature_fields(petition.pk, seq, name, at, subject))
                         for seq, prev, digest, name, at, subject in rows.iterator())
    fresh = Petition.objects.values_list("signatures_count", "last_hash").get(pk=petition.pk)
    head_ok = check.ok and (check.checked == 0 or fresh[1] == petition.signatures.order_by("-seq")[0].hash)
    return check, check.checked == fresh[0] and head_ok


def format_ends(petition: Petition) -> str:
    return long_date(petition.ends_on) if petition.ends_on else ""
