"""The residents' API for the mobile app and messenger bots: sign-up with a one-time code, tokens, the profile.

- ``POST /auth/register`` makes a resident account in the request's hromada and sends a six-digit code to the
  e-mail or phone. The answer is the same whether or not the address already has an account (the owner of an
  existing account is told that someone tried to register it), so the API does not reveal who has one.
- ``POST /auth/confirm`` checks the code (15 minutes, three wrong tries, used once) and answers with a
  resident-scoped token at once, so the app needs no second step.
- ``POST /auth/token`` signs in by e-mail or phone and password (failures throttled like the /login/ page);
  an account whose e-mail or phone was never confirmed is refused. ``DELETE /auth/token`` revokes the token
  presented.
- ``GET /me`` is the caller within this hromada; a person with no account here (a stranger) gets a 404.

Tokens issued here are resident-scoped: whatever roles the owner holds, they open only the capabilities
``core.roles.RESIDENT_SCOPE_CAPABILITIES`` lists, so a staff member's phone cannot read the registers.
Codes and sign-ups are rate-limited per client address and per e-mail/phone (settings.API_RATE_LIMITS): 429
with Retry-After.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from hromada.accounts import selectors
from hromada.accounts.models import ApiCode
from hromada.accounts.schemas import AuthConfirmIn, AuthRegisterIn, AuthStatusOut, AuthTokenIn, AuthTokenOut, ProfileOut
from hromada.accounts.services import CONSENT_VERSION, join_hromada
from hromada.core import ratelimit, throttle
from hromada.core.auth import EmailOrPhoneBackend
from hromada.core.models import User
from hromada.core.roles import is_operator, roles_of
from hromada.core.schemas import ErrorOut, ValidationErrorOut
from hromada.core.services import create_token, revoke_token
from hromada.core.validators import normalize_phone, validate_phone

router = Router(tags=["accounts"])

CODE_LIFETIME = timedelta(minutes=15)
CODE_ATTEMPTS = 3
RESIDENT_SCOPE = "resident"
LIMIT_APP = "allauth.account"
PUBLIC_RESPONSES = {400: ValidationErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


class _Limited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


def _too_many(retry_after: int, detail: str | None = None) -> HttpResponse:
    return ratelimit.too_many_json(retry_after, detail)


def _consume(request, action: str, key: str) -> None:
    """One use of the action against the limiter (per client address and per e-mail/phone)."""
    wait = ratelimit.retry_after(request, action, key=key, app=LIMIT_APP)
    if wait is not None:
        raise _Limited(wait)


def _hromada(request):
    hromada = getattr(request, "hromada", None)
    if hromada is None:  # the bare installation host has no residents
        raise Http404
    return hromada


def _target(email: str | None, phone: str | None) -> tuple[str, str]:
    """("email", address in lower case) or ("phone", +380…); exactly one must be given."""
    email, phone = (email or "").strip(), (phone or "").strip()
    if bool(email) == bool(phone):
        raise ValidationError({"__all__": _("Give either an e-mail or a mobile phone number, not both.")
                               if email else _("Give an e-mail or a mobile phone number.")})
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"email": error.messages}) from None
        return "email", email.lower()
    phone = normalize_phone(phone)
    try:
        validate_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None
    return "phone", phone


def _digest(hromada, target: str, code: str) -> str:
    message = f"{hromada.pk}:{target}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _tell(hromada, target: str, subject: str, body: str) -> None:
    from hromada.core.notifications import notify

    notify(target, "accounts.code", hromada=hromada, subject=subject, body=body)


def _send_code(hromada, target: str) -> None:
    """A new code for the address (earlier live codes stop working), sent when the transaction commits."""
    now = timezone.now()
    ApiCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()  # keep the table small
    ApiCode.objects.filter(hromada=hromada, target=target, purpose=ApiCode.Purpose.CONFIRM, used_at__isnull=True,
                           expires_at__gt=now).update(expires_at=now)
    code = f"{secrets.randbelow(10**6):06d}"
    ApiCode.objects.create(hromada=hromada, target=target, purpose=ApiCode.Purpose.CONFIRM,
                           digest=_digest(hromada, target, code), expires_at=now + CODE_LIFETIME)
    text = _("Your confirmation code: %(code)s. Do not tell it to anyone.") % {"code": code}
    # An SMS carries only the subject (as the browser flow's adapters._sms sends it).
    subject = _("Confirmation code: %(hromada)s") % {"hromada": hromada.name} if "@" in target else text
    _tell(hromada, target, subject, text)


def _existing(kind: str, target: str) -> bool:
    if kind == "email":
        return (User.objects.filter(email__iexact=target).exists()
                or EmailAddress.objects.filter(email__iexact=target).exists())
    return User.objects.filter(phone=target).exists()


def _tell_owner(hromada, kind: str, target: str) -> None:
    if kind == "email":
        text = _("Someone tried to register this e-mail address again; it already has an account. "
                 "Sign in, or restore access with a code.")
    else:
        text = _("Someone tried to register this number again; it already has an account. "
                 "Sign in, or restore access with a code.")
    _tell(hromada, target, text, text)


@router.post("/auth/register", auth=None, response={201: AuthStatusOut, **PUBLIC_RESPONSES},
             summary="Register a resident account and send a confirmation code",
             description="Exactly one of `email` and `phone`; `consent` must be true. Answers 201 "
                         "`{\"status\": \"code_sent\"}` also when the address already has an account (its owner is "
                         "told instead), so the answer reveals no accounts. A 400 names the refused fields; a 429 "
                         "(with Retry-After) means too many sign-ups from this address or for this e-mail/phone.")
def register(request, payload: AuthRegisterIn):
    hromada = _hromada(request)
    if payload.consent is not True:
        raise ValidationError({"consent": _("Without consent to the processing of personal data we cannot open an "
                                            "account (Law «Про захист персональних даних», Art. 11).")})
    kind, target = _target(payload.email, payload.phone)
    full_name = payload.full_name.strip()
    email, phone = (target, None) if kind == "email" else (None, target)
    try:
        validate_password(payload.password, user=User(email=email, phone=phone, full_name=full_name))
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    try:
        _consume(request, "api_register", target)
    except _Limited as limited:
        return _too_many(limited.retry_after)
    done = {"status": "code_sent"}
    if _existing(kind, target):
        User().set_password(payload.password)  # the same work as a new account: timing reveals nothing
        with transaction.atomic():
            _tell_owner(hromada, kind, target)
        return Status(201, done)
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=payload.password, phone=phone,
                                            full_name=full_name)
            if email:
                EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
            join_hromada(user, hromada, consent_version=CONSENT_VERSION, channel="api")
            _send_code(hromada, target)
    except (IntegrityError, ValidationError):  # registered in parallel a moment ago
        with transaction.atomic():
            _tell_owner(hromada, kind, target)
    return Status(201, done)


def _wrong_code():
    return ValidationError({"code": _("The code is wrong, used or expired. Request a new one.")})


def _mark_confirmed(user, kind: str, target: str) -> None:
    if kind == "phone":
        User.objects.filter(pk=user.pk).update(phone_verified=True)
        return
    if not EmailAddress.objects.filter(user=user, email__iexact=target).update(verified=True):
        EmailAddress.objects.create(user=user, email=target, primary=True, verified=True)


def _issue(request, user, hromada) -> dict:
    token, plain = create_token(user=user, name=_("Mobile app"), days=settings.API_RESIDENT_TOKEN_DAYS,
                                hromada=hromada, scope=RESIDENT_SCOPE)
    return {"token": plain, "expires_at": token.expires_at}


@router.post("/auth/confirm", auth=None, response={200: AuthTokenOut, **PUBLIC_RESPONSES},
             summary="Confirm the e-mail or phone with the code; answers with a resident token",
             description="The code sent by /auth/register. It lives 15 minutes, three wrong tries end it, and it "
                         "works once. On success the e-mail or phone is confirmed and the answer is a "
                         "resident-scoped token (`token`, `expires_at`), as /auth/token gives. A wrong, used or "
                         "expired code is a 400 on `code`, and nothing is confirmed.")
def confirm(request, payload: AuthConfirmIn):
    hromada = _hromada(request)
    kind, target = _target(payload.email, payload.phone)
    try:
        _consume(request, "api_confirm", target)
    except _Limited as limited:
        return _too_many(limited.retry_after)
    given = payload.code.strip().replace(" ", "")
    wrong = False
    with transaction.atomic():
        now = timezone.now()
        row = ApiCode.objects.select_for_update().filter(
            hromada=hromada, target=target, purpose=ApiCode.Purpose.CONFIRM, used_at__isnull=True,
            expires_at__gt=now, attempts__lt=CODE_ATTEMPTS).order_by("-created_at").first()
        if row is None:
            raise _wrong_code()
        if not hmac.compare_digest(row.digest, _digest(hromada, target, given)):
            ApiCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)  # kept: the block ends normally
            wrong = True
        else:
            user = (User.objects.filter(email__iexact=target) if kind == "email"
                    else User.objects.filter(phone=target)).first()
            # Claimed by one request only: a parallel confirmation of the same code finds it used.
            if user is None or not user.is_active or not ApiCode.objects.filter(
                    pk=row.pk, used_at__isnull=True).update(used_at=now):
                raise _wrong_code()
            _mark_confirmed(user, kind, target)
            answer = _issue(request, user, hromada)
    if wrong:
        raise _wrong_code()
    return Status(200, answer)


def _confirmed(user, identifier: str) -> bool:
    """Whether the login used was confirmed: a self-registered e-mail has an allauth address that must be
    verified (an account a hromada's administrator made has none); a phone must be verified."""
    if "@" not in identifier:
        return user.phone_verified
    addresses = EmailAddress.objects.filter(user=user, email__iexact=user.email)
    return not addresses.exists() or addresses.filter(verified=True).exists()


@router.post("/auth/token", auth=None,
             response={200: AuthTokenOut, 400: ValidationErrorOut, 403: ErrorOut, 422: ValidationErrorOut,
                       429: ErrorOut},
             summary="Sign in by e-mail or phone and password; answers with a resident token",
             description="A resident-scoped token for the app (it opens resident capabilities only, whatever "
                         "the account's roles). Wrong credentials: 400; an e-mail or phone never confirmed: 403; "
                         "too many failed sign-ins for the account or from the address: 429 with Retry-After.")
def issue_token(request, payload: AuthTokenIn):
    identifier = payload.username.strip()
    ip = request.META.get("REMOTE_ADDR")
    locked = _too_many(settings.LOGIN_FAILURE_WINDOW_SECONDS,
                       _("Too many failed sign-ins. Try again later or restore access with a code."))
    if not identifier or throttle.is_locked(identifier, ip):
        if identifier:
            return locked
        raise ValidationError({"username": _("Give an e-mail or a mobile phone number.")})
    try:
        user = EmailOrPhoneBackend().authenticate(request, username=identifier, password=payload.password)
    except PermissionDenied:
        return locked
    if user is None:
        raise ValidationError({"__all__": _("Wrong e-mail/phone or password. Both are case-sensitive except the "
                                            "e-mail.")})
    if not _confirmed(user, identifier):
        return Status(403, {"detail": _("Confirm your e-mail or phone with the code we sent before signing in.")})
    return Status(200, _issue(request, user, getattr(request, "hromada", None)))


@router.delete("/auth/token", response={204: None, 400: ErrorOut},
               summary="Revoke the token presented",
               description="Revokes the bearer token of this request; it answers 401 from then on. A browser "
                           "session has no token to revoke: 400.")
def revoke(request):
    token = getattr(request, "api_token", None)
    if token is None:
        return Status(400, {"detail": _("This request carries no token to revoke.")})
    revoke_token(user=request.auth, token=token, hromada=getattr(request, "hromada", None))
    return Status(204, None)


def _settlement(resident) -> str | None:
    building = getattr(resident, "building", None)
    street = getattr(building, "street", None)
    settlement = getattr(street, "settlement", None)
    return settlement.name if settlement is not None else None


@router.get("/me", response={200: ProfileOut, 404: ErrorOut}, summary="The caller within this hromada",
            description="`verified`: the account is matched to the hromada's register (verified identity). "
                        "`settlement` and `status` come from that register record. A person with no account and no "
                        "role in this hromada is a stranger here: 404.")
def me(request):
    user, hromada = request.auth, getattr(request, "hromada", None)
    membership = selectors.membership(user, hromada)
    roles = roles_of(user, hromada)
    if hromada is None or (membership is None and not roles and not is_operator(user)):
        return Status(404, {"detail": _("You have no account in this hromada.")})
    resident = membership.resident if membership is not None and membership.is_verified else None
    name = user.full_name or (f"{resident.first_name} {resident.last_name}" if resident else "") or str(
        user.email or user.phone or "")
    return Status(200, {
        "id": user.pk, "name": name, "full_name": user.full_name,
        "verified": bool(membership and membership.is_verified), "hromada": hromada.name,
        "email": user.email, "phone": user.phone,
        "settlement": _settlement(resident) if resident else None,
        "status": resident.status if resident else None,
        "roles": sorted(roles), "is_operator": user.is_operator,
    })
