"""Assisted verification and assisted mode: ЦНАП administrators (and hromada administrators) verify a resident
account against the register after checking a document in person, and open an account for a person without a
device. Only with the person's consent (Consent purpose «assisted», given at the ЦНАП, recorded by the staff
member); every act done for a person is an AssistedAct, counted publicly (``monthly_counts``).

Refusals (a record of another hromada, a record already linked, no consent) change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts import services, verification
from hromada.accounts.models import AssistedAct, Consent, Membership, VerificationMethod
from hromada.core.roles import can

CAPABILITY = "residents.verify_assisted"
CHANNEL = "ЦНАП"

# The identity documents staff may check (the Law «Про Єдиний державний демографічний реєстр…», Art. 13).
DOCUMENT_KINDS = {
    "passport_id_card": gettext_lazy("passport of a citizen of Ukraine (ID card)"),
    "passport_book": gettext_lazy("passport of a citizen of Ukraine (booklet)"),
    "residence_permit": gettext_lazy("permanent or temporary residence permit"),
    "birth_certificate": gettext_lazy("birth certificate (a minor under 14)"),
    "foreign_passport": gettext_lazy("passport of a citizen of Ukraine for travel abroad"),
}


class Action:
    VERIFY = "verify"
    CREATE_ACCOUNT = "create_account"

    LABELS = {VERIFY: gettext_lazy("account verified in person"),
              CREATE_ACCOUNT: gettext_lazy("account opened for a person without a device")}


def _check_staff(staff, hromada) -> None:
    if not can(staff, hromada, CAPABILITY):
        raise ValidationError(_("You may not verify resident accounts in this hromada."))


def _assisted_consent(person, hromada, staff) -> Consent:
    return services.give_consent(person, hromada, purpose=Consent.Purpose.ASSISTED, channel=CHANNEL,
                                 recorded_by=staff)


def check_verify(membership: Membership, resident, *, document_kind: str, consent: bool) -> None:
    errors = []
    if membership.is_verified:
        errors.append(_("The account is already verified. To correct the link, the person files a data "
                        "correction request."))
    if resident.hromada_id != membership.hromada_id:
        errors.append(_("The register record belongs to another hromada."))
    if document_kind not in DOCUMENT_KINDS:
        errors.append(_("Choose the document you checked."))
    if not consent:
        errors.append(_("Without the person's consent staff may not act on their behalf."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def verify(membership: Membership, resident, *, staff, document_kind: str, consent: bool) -> AssistedAct:
    """Link the account to the register record after a document check in person; records consent and the act."""
    _check_staff(staff, membership.hromada)
    check_verify(membership, resident, document_kind=document_kind, consent=consent)
    verification.link(membership, resident, method=VerificationMethod.ASSISTED, verified_by=staff,
                      document_kind=document_kind)
    given = _assisted_consent(membership.user, membership.hromada, staff)
    return AssistedAct.objects.create(hromada=membership.hromada, staff=staff, person=membership.user,
                                      action=Action.VERIFY, consent=given)


@dataclass(frozen=True)
class NewAccount:
    full_name: str
    phone: str = ""
    email: str = ""


def check_create_account(hromada, data: NewAccount, *, consent: bool) -> None:
    from hromada.core.models import User

    errors = []
    if not consent:
        errors.append(_("Without the person's consent staff may not act on their behalf."))
    if not data.full_name.strip():
        errors.append(_("Give the person's full name."))
    if not data.phone and not data.email:
        errors.append(_("Give a phone number or an e-mail address: the person signs in with it."))
    if data.email and User.objects.filter(email__iexact=data.email).exists():
        errors.append(_("An account with this e-mail already exists: find it in the list and verify it."))
    if data.phone and User.objects.filter(phone=data.phone).exists():
        errors.append(_("An account with this phone number already exists: find it in the list and verify it."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_account(hromada, data: NewAccount, *, staff, consent: bool) -> Membership:
    """Open a resident account for a person without a device (assisted mode), with their consent."""
    from hromada.core.models import User

    _check_staff(staff, hromada)
    check_create_account(hromada, data, consent=consent)
    person = User(email=data.email.lower() or None, phone=data.phone or None, full_name=data.full_name.strip())
    person.set_unusable_password()  # the person signs in with a code sent to the phone or e-mail
    person.save()
    membership = services.join_hromada(person, hromada, consent_version=services.CONSENT_VERSION,
                                       channel=CHANNEL, recorded_by=staff)
    given = _assisted_consent(person, hromada, staff)
    AssistedAct.objects.create(hromada=hromada, staff=staff, person=person, action=Action.CREATE_ACCOUNT,
                               consent=given)
    return membership


# Reads ---------------------------------------------------------------------------------------------------------

def accounts(hromada, *, query: str = "", verified: str = ""):
    """Resident accounts of the hromada, newest first; search by name, e-mail or phone; verified yes/no."""
    rows = (Membership.objects.filter(hromada=hromada).select_related("user", "resident")
            .order_by("-created_at", "-pk"))
    query = (query or "").strip()
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        if len(digits) >= 4:
            match |= Q(user__phone__contains=digits)
        rows = rows.filter(match)
    if verified == "yes":
        rows = rows.filter(resident__isnull=False, verified_at__isnull=False)
    elif verified == "no":
        rows = rows.filter(Q(resident__isnull=True) | Q(verified_at__isnull=True))
    return rows


def account(hromada, pk: int) -> Membership:
    """One resident account of this hromada; another hromada's is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Membership.objects.select_related("user", "resident", "verified_by"),
                             hromada=hromada, pk=pk)


def register_candidates(hromada, *, name: str, birth_date=None, limit: int = 20):
    """Register records of the hromada matching the name (and the birth date when given), not yet linked."""
    from hromada.registers import selectors as register_selectors

    rows = register_selectors.residents(hromada, name)
    if birth_date:
        rows = rows.filter(birth_date=birth_date)
    return list(rows.exclude(accounts__hromada=hromada)[:limit])


def monthly_counts(hromada) -> list[dict]:
    """Assisted acts of this hromada per month (Kyiv time) and per action, newest month first."""
    rows = (AssistedAct.objects.filter(hromada=hromada).annotate(month=TruncMonth("at"))
            .values("month", "action").annotate(n=Count("pk")).order_by("-month", "action"))
    months: dict = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        months.setdefault(month, {})[row["action"]] = row["n"]
    return [{"month": month, "counts": [counts.get(action, 0) for action in Action.LABELS],
             "total": sum(counts.values())} for month, counts in months.items()]
