"""Demo resident accounts of Mohyliv (idempotent; run by core.demo.seed after the registers' demo).

resident001@mohyliv.example … resident300@mohyliv.example are verified through ID.gov.ua, each linked to a
different adult member of Mohyliv's residents register; newcomer1…5@mohyliv.example have opened an account but
are not verified; the demo phone account (+380500000001) was verified in person at the ЦНАП. Every one of them
agreed to the processing of personal data. All use the demo password; it is hashed once and the hash reused,
so 300 accounts take no longer than one.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from hromada.accounts.models import AssistedAct, Consent, Membership, VerificationMethod
from hromada.accounts.services import CONSENT_VERSION
from hromada.core import audit
from hromada.core.models import AuditEntry, Hromada, RoleAssignment, User
from hromada.core.roles import Role

MOHYLIV = "UA12020110000034205"
RESIDENTS = 300
NEWCOMERS = 5
PHONE_ACCOUNT = "+380500000001"
CNAP_ADMIN = "cnap@mohyliv.example"


def resident_email(number: int) -> str:
    return f"resident{number:03d}@mohyliv.example"


def newcomer_email(number: int) -> str:
    return f"newcomer{number}@mohyliv.example"


def _adults_free(hromada, today: date):
    """Adult member records of the register that no account holds yet, in a stable order."""
    from hromada.registers.models import Resident

    try:
        eighteen_years_ago = today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        eighteen_years_ago = today.replace(year=today.year - 18, day=28)
    return (Resident.objects.filter(hromada=hromada, status__in=("registered", "declared", "idp"),
                                    birth_date__lte=eighteen_years_ago)
            .exclude(accounts__hromada=hromada).order_by("pk"))


def _password_hash(password: str, sample_login: str) -> str:
    sample = User.objects.filter(email=sample_login).first()
    if sample is not None and sample.has_usable_password() and sample.check_password(password):
        return sample.password
    return make_password(password)


def seed(report) -> None:
    from allauth.account.models import EmailAddress

    hromada = Hromada.objects.filter(katottg=MOHYLIV).first()
    if hromada is None:
        return
    today = timezone.localdate()
    now = timezone.now()
    free = iter(_adults_free(hromada, today))
    password_hash = _password_hash(report.password, resident_email(1))

    # The accounts themselves (names of the register records they are linked to).
    resident_logins = [resident_email(n) for n in range(1, RESIDENTS + 1)]
    newcomer_logins = [newcomer_email(n) for n in range(1, NEWCOMERS + 1)]
    users = {u.email: u for u in User.objects.filter(email__in=resident_logins + newcomer_logins)}
    linked = dict(Membership.objects.filter(hromada=hromada, user__email__in=resident_logins,
                                            resident__isnull=False).values_list("user__email", "resident_id"))
    new_users, records = [], {}
    for login in resident_logins:
        if login in linked:
            continue
        record = next(free, None)
        if record is None:  # the registers' demo was skipped
            break
        records[login] = record
        if login not in users:
            new_users.append(User(email=login, full_name=str(record), password=password_hash))
    for number, login in enumerate(newcomer_logins, start=1):
        if login not in users:
            new_users.append(User(email=login, full_name=f"Новий мешканець {number}", password=password_hash))
    User.objects.bulk_create(new_users)
    if new_users:
        report.created["resident accounts"] = report.created.get("resident accounts", 0) + len(new_users)
    logins = resident_logins + newcomer_logins
    User.objects.filter(email__in=logins).exclude(password=password_hash).update(password=password_hash)
    users = {u.email: u for u in User.objects.filter(email__in=logins)}
    phone_user = User.objects.filter(phone=PHONE_ACCOUNT).first()
    everyone = list(users.values()) + ([phone_user] if phone_user else [])

    # E-mail addresses are confirmed, so the accounts sign in without a code.
    with_address = set(EmailAddress.objects.filter(user__in=everyone).values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create([EmailAddress(user=u, email=u.email, verified=True, primary=True)
                                      for u in users.values() if u.pk not in with_address])

    # Memberships: verified through ID.gov.ua for residentNNN, open but unverified for the newcomers.
    memberships = {m.user_id: m for m in Membership.objects.filter(hromada=hromada, user__in=everyone)}
    created, updated = [], []
    for login, user in users.items():
        record = records.get(login)
        membership = memberships.get(user.pk)
        if membership is None:
            membership = Membership(user=user, hromada=hromada, created_at=now)
            created.append(membership)
        elif record is None:
            continue
        else:
            updated.append(membership)
        if record is not None:
            membership.resident, membership.verified_at = record, now
            membership.verification_method = VerificationMethod.IDGOVUA
    Membership.objects.bulk_create(created)
    Membership.objects.bulk_update(updated, ["resident", "verified_at", "verification_method"])

    # The demo phone account: a resident without a smartphone, verified in person at the ЦНАП.
    if phone_user is not None and phone_user.pk not in memberships:
        staff = User.objects.filter(email=CNAP_ADMIN).first()
        record = next(free, None)
        membership = Membership.objects.create(user=phone_user, hromada=hromada, created_at=now)
        Consent.objects.create(user=phone_user, hromada=hromada, purpose=Consent.Purpose.ACCOUNT,
                               text_version=CONSENT_VERSION, channel="ЦНАП", recorded_by=staff)
        assisted = Consent.objects.create(user=phone_user, hromada=hromada, purpose=Consent.Purpose.ASSISTED,
                                          text_version=CONSENT_VERSION, channel="ЦНАП", recorded_by=staff)
        if record is not None:
            membership.resident, membership.verified_at = record, now
            membership.verification_method, membership.verified_by = VerificationMethod.ASSISTED, staff
            membership.document_kind = "passport_id_card"
            membership.save()
            AssistedAct.objects.create(hromada=hromada, staff=staff, person=phone_user, action="verify",
                                       consent=assisted)

    # Everyone is a resident here and agreed to the processing of personal data.
    roles = set(RoleAssignment.objects.filter(hromada=hromada, role=Role.RESIDENT, user__in=everyone)
                .values_list("user_id", flat=True))
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, hromada=hromada, role=Role.RESIDENT)
                                        for u in everyone if u.pk not in roles])
    consented = set(Consent.objects.filter(hromada=hromada, purpose=Consent.Purpose.ACCOUNT, user__in=everyone,
                                           withdrawn_at__isnull=True).values_list("user_id", flat=True))
    Consent.objects.bulk_create([Consent(user=u, hromada=hromada, purpose=Consent.Purpose.ACCOUNT,
                                         text_version=CONSENT_VERSION, given_at=now)
                                 for u in everyone if u.pk not in consented])
    if new_users or records:
        audit.record(AuditEntry.Action.SYSTEM, hromada=hromada, object_type="accounts.demo",
                     object_repr="seed-demo", changes={"accounts": [None, len(new_users)],
                                                       "verified": [None, len(records)]})
    report.accounts.append((hromada.short_name, f"{resident_email(1)} … {resident_email(RESIDENTS)}",
                            Role.RESIDENT))
    report.accounts.append((hromada.short_name, f"{newcomer_email(1)} … {newcomer_email(NEWCOMERS)}",
                            Role.RESIDENT))
