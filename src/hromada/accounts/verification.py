"""Verification of a resident account against the residents register.

A person becomes a verified member of the hromada when an identity carrying a РНОКПП or УНЗР (ID.gov.ua, BankID,
Дія.Підпис) matches a register record whose status counts as a member (зареєстрований, задекларований, ВПО), or
when ЦНАП or starosta staff check documents in person (assisted). One register record is one account: a second
claim is refused and the person is asked to contact the ЦНАП.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import Membership, VerificationMethod
from hromada.core import audit
from hromada.core.models import AuditEntry

MEMBER_STATUSES = ("registered", "declared", "idp")


@dataclass(frozen=True)
class Outcome:
    verified: bool
    message: str  # Ukrainian, for the person


def _digits(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())


def find_record(hromada, *, rnokpp: str = "", unzr: str = ""):
    """The register record of a member with this РНОКПП (10 digits) or УНЗР (8 digits, dash, 5 digits)."""
    from hromada.registers.models import Resident

    rnokpp, unzr_digits = _digits(rnokpp), _digits(unzr)
    records = Resident.objects.filter(hromada=hromada, status__in=MEMBER_STATUSES)
    if len(rnokpp) == 10:
        found = records.filter(rnokpp=rnokpp).first()
        if found:
            return found
    if len(unzr_digits) == 13:
        return records.filter(unzr=f"{unzr_digits[:8]}-{unzr_digits[8:]}").first() or records.filter(
            unzr=unzr_digits).first()
    return None


@transaction.atomic
def link(membership: Membership, resident, *, method: str, verified_by=None, document_kind: str = "") -> Membership:
    """Link the account to its register record and mark it verified; refuses a record another account holds."""
    if resident.hromada_id != membership.hromada_id:
        raise ValidationError(_("The register record belongs to another hromada."))
    if method not in VerificationMethod.values:
        raise ValidationError(_("Unknown verification method."))
    taken = Membership.objects.filter(hromada=membership.hromada, resident=resident).exclude(pk=membership.pk)
    if taken.exists():
        raise ValidationError(_("This person is already linked to another account. Please contact the ЦНАП "
                                "(administrative services centre) with your identity document."),
                              code="claimed")
    membership.resident = resident
    membership.verified_at = timezone.now()
    membership.verification_method = method
    membership.verified_by = verified_by
    membership.document_kind = document_kind
    try:
        with transaction.atomic():
            membership.save(update_fields=["resident", "verified_at", "verification_method", "verified_by",
                                           "document_kind"])
    except IntegrityError:  # a parallel claim of the same record won the race
        raise ValidationError(_("This person is already linked to another account. Please contact the ЦНАП "
                                "(administrative services centre) with your identity document."),
                              code="claimed") from None
    audit.record(AuditEntry.Action.UPDATE, membership, actor=verified_by or membership.user,
                 hromada=membership.hromada,
                 changes={"verification_method": [None, method], "resident": [None, resident.pk]})
    return membership


def verify_by_identity(membership: Membership, *, rnokpp: str = "", unzr: str = "", method: str) -> Outcome:
    """After a sign-in through an identity provider: verify when the identity matches the register."""
    if membership.is_verified:
        return Outcome(True, _("Your account is verified."))
    record = find_record(membership.hromada, rnokpp=rnokpp, unzr=unzr)
    if record is None:
        # The identity itself was checked by the provider: keep that, so a person who works or studies here may
        # declare it (eligibility.declare_tie) where the participatory budget's Положення allows.
        if membership.verified_at is None:
            membership.verified_at, membership.verification_method = timezone.now(), method
            membership.save(update_fields=["verified_at", "verification_method"])
        return Outcome(False, _("You are signed in, but we did not find you in the hromada's residents register, "
                                "so the account is not verified. If you live here, the ЦНАП can verify it in "
                                "person."))
    try:
        link(membership, record, method=method)
    except ValidationError as exc:
        return Outcome(False, " ".join(exc.messages))
    return Outcome(True, _("Your account is verified: you are a member of the hromada."))
