"""Writes of resident identity: joining a hromada, consents. Verification lives in verification.py."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hromada.accounts.models import Consent, Membership
from hromada.core.models import RoleAssignment
from hromada.core.roles import Role, forget_roles

# The version of the consent text residents agree to (templates/accounts/consent_text.html). Change it with
# the text, so every consent records which words the person agreed to.
CONSENT_VERSION = getattr(settings, "ACCOUNTS_CONSENT_VERSION", "2026-12-04")


@transaction.atomic
def join_hromada(user, hromada, *, consent_version: str | None, channel: str = "portal",
                 recorded_by=None) -> Membership:
    """Make the account a resident account of the hromada (idempotent); record consent when given."""
    membership, _created = Membership.objects.get_or_create(user=user, hromada=hromada)
    RoleAssignment.objects.get_or_create(user=user, hromada=hromada, role=Role.RESIDENT)
    forget_roles(user)
    if consent_version:
        give_consent(user, hromada, purpose=Consent.Purpose.ACCOUNT, version=consent_version, channel=channel,
                     recorded_by=recorded_by)
    return membership


def give_consent(user, hromada, *, purpose: str, version: str = CONSENT_VERSION, channel: str = "portal",
                 recorded_by=None) -> Consent:
    return Consent.objects.create(user=user, hromada=hromada, purpose=purpose, text_version=version,
                                  channel=channel, recorded_by=recorded_by)


def withdraw_consent(user, hromada, *, purpose: str) -> int:
    return Consent.objects.filter(user=user, hromada=hromada, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now())


# --- the data subject's rights (Law «Про захист персональних даних», Art. 8) ------------------------------

# A controller answers a data subject's request within 30 calendar days (Art. 8 part 2 p. 5; Art. 16 part 5).
DATA_REQUEST_DAYS = 30


def data_request_due(data_request):
    """The last day to answer: 30 calendar days from the request, by the hromada's calendar."""
    from hromada.core.deadlines import calendar_for

    start = timezone.localdate(data_request.created_at)
    return calendar_for(data_request.hromada).add_calendar_days(start, DATA_REQUEST_DAYS)


def update_name(user, full_name: str) -> None:
    from hromada.core import audit
    from hromada.core.models import AuditEntry

    before = user.full_name
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    audit.record(AuditEntry.Action.UPDATE, user, changes={"full_name": [before, user.full_name]})


@transaction.atomic
def request_correction(user, hromada, *, wrong: str, right: str):
    """A correction request (Art. 8 part 2 p. 8); every hromada administrator is told."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from hromada.accounts.models import DataRequest
    from hromada.core.notifications import notify

    text = _("What is wrong: %(wrong)s\nWhat it should be: %(right)s") % {"wrong": wrong.strip(),
                                                                          "right": right.strip()}
    data_request = DataRequest.objects.create(hromada=hromada, user=user, kind=DataRequest.Kind.CORRECTION,
                                              text=text)
    admins = RoleAssignment.objects.filter(hromada=hromada, role=Role.HROMADA_ADMIN,
                                           user__is_active=True).select_related("user")
    url = reverse("accounts_staff:data-request", args=[data_request.pk])
    for assignment in admins:
        notify(assignment.user, "accounts.data_request", hromada=hromada,
               subject=_("A resident asks to correct their personal data"),
               body=_("An answer is due by %(due)s (Law «Про захист персональних даних», Art. 8).") % {
                   "due": data_request_due(data_request).strftime("%d.%m.%Y")},
               url=url)
    return data_request


@transaction.atomic
def handle_data_request(data_request, staff, *, outcome: str, answer: str):
    """Close a request as done or refused with an answer; the person is told."""
    from django.core.exceptions import ValidationError
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from hromada.accounts.models import DataRequest
    from hromada.core import audit
    from hromada.core.models import AuditEntry
    from hromada.core.notifications import notify

    if data_request.status != DataRequest.Status.OPEN:
        raise ValidationError(_("This request has already been answered."), code="closed")
    if outcome not in (DataRequest.Status.DONE, DataRequest.Status.REFUSED):
        raise ValidationError(_("Choose whether the request is done or refused."), code="outcome")
    if outcome == DataRequest.Status.REFUSED and not answer.strip():
        raise ValidationError(_("A refusal needs its reasons in the answer."), code="answer")
    data_request.status = outcome
    data_request.answer = answer.strip()
    data_request.handled_at = timezone.now()
    data_request.handled_by = staff
    data_request.save(update_fields=["status", "answer", "handled_at", "handled_by"])
    audit.record(AuditEntry.Action.UPDATE, data_request, changes={"status": outcome}, actor=staff)
    if data_request.user is not None:
        subject = (_("Your data correction request is done") if outcome == DataRequest.Status.DONE
                   else _("Your data correction request is refused"))
        notify(data_request.user, "accounts.account", hromada=data_request.hromada, subject=subject,
               body=data_request.answer or subject, url=reverse("accounts:data"))
    return data_request


def revoke_token(user, pk: int) -> bool:
    from hromada.core.models import ApiToken

    return bool(ApiToken.objects.filter(user=user, pk=pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()))


def check_deletable(user) -> None:
    """An account holding a staff role (or operating the platform) is not deleted from the cabinet."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if (user.is_staff or user.is_superuser or getattr(user, "is_operator", False)
            or RoleAssignment.objects.filter(user=user).exclude(role=Role.RESIDENT).exists()):
        raise ValidationError(_("This account holds a staff role: ask the hromada administrator to remove the "
                                "role first, then delete the account."), code="staff")


def _anonymise(user) -> None:
    user.email = f"deleted-{user.pk}@invalid"
    user.phone = None
    user.phone_verified = False
    user.full_name = "Видалений обліковий запис"
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def delete_account(user, hromada) -> str:
    """Erase what every module holds about the person (each module's eraser deletes or anonymises), then
    delete the account, or anonymise it when something the law keeps (the audit log) refers to it.

    Returns "deleted" or "anonymised".
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from allauth.usersessions.models import UserSession
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import ProtectedError, RestrictedError

    from hromada.accounts.models import Membership
    from hromada.core import audit, personal_data
    from hromada.core.models import ApiToken, AuditEntry
    from hromada.core.models.notifications import NotificationPreference

    check_deletable(user)
    hromadas = {m.hromada for m in Membership.objects.filter(user=user).select_related("hromada")}
    hromadas.add(hromada)
    for each in sorted(hromadas, key=lambda h: h.pk):
        personal_data.erase(user, each)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    UserSession.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    RoleAssignment.objects.filter(user=user, role=Role.RESIDENT).delete()
    pk = user.pk
    try:
        with transaction.atomic():
            get_user_model().objects.filter(pk=pk).delete()
        outcome = "deleted"
    except (ProtectedError, RestrictedError):
        _anonymise(get_user_model().objects.get(pk=pk))
        outcome = "anonymised"
    audit.record(AuditEntry.Action.DELETE, None, hromada=hromada, actor=AnonymousUser(), object_type="core.user",
                 object_id=str(pk), object_repr=f"account {pk} ({outcome})", changes={"outcome": outcome})
    return outcome
