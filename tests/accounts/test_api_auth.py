"""The residents' API: sign-up with a one-time code, confirmation, resident-scoped tokens and /me."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.utils import timezone

from hromada.accounts.models import ApiCode, Consent, Membership
from hromada.core.models import ApiToken, RoleAssignment, User
from tests.apiclient import uk
from tests.factories import member
from tests.tasktools import run_enqueued_tasks

pytestmark = pytest.mark.django_db

PASSWORD = "Довгий-пароль-2026"
SMS_LOGGER = "hromada.notifications.sms"


@pytest.fixture
def call(client_a, django_capture_on_commit_callbacks):
    """A JSON request to /api/v1 as a committed request would make it: queued codes go out afterwards."""

    def run(method, path, payload=None, *, raw=None, token=None, client=None, host="a.localhost"):
        body = raw if raw is not None else ("" if payload is None else json.dumps(payload))
        headers = {"HTTP_HOST": host}
        if token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        with django_capture_on_commit_callbacks(execute=True):
            response = (client or client_a).generic(method, "/api/v1" + path, body,
                                                    content_type="application/json", **headers)
        run_enqueued_tasks()
        return response

    return run


def _code(text: str) -> str:
    return re.findall(r"\b(\d{6})\b", text)[-1]


def _mail_code() -> str:
    return _code(mail.outbox[-1].body)


def _detail(response) -> dict:
    return {item["field"]: item["message"] for item in response.json()["detail"]}


def _register(call, **fields):
    return call("POST", "/auth/register", {"password": PASSWORD, "consent": True, **fields})


# --- the whole flow -----------------------------------------------------------------------------------------

def test_email_flow_register_confirm_token_me_revoke(call, hromada_a):
    response = _register(call, email="Olena.Petrenko@Example.org", full_name="Олена Петренко")
    assert (response.status_code, response.json()) == (201, {"status": "code_sent"})
    user = User.objects.get(email="olena.petrenko@example.org")
    assert user.full_name == "Олена Петренко" and user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).hromada == hromada_a
    assert RoleAssignment.objects.filter(user=user, hromada=hromada_a, role="resident").exists()
    assert Consent.objects.get(user=user).channel == "api"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["olena.petrenko@example.org"]
    code = _mail_code()
    assert ApiCode.objects.get().digest != code

    # Not confirmed yet: no token.
    early = call("POST", "/auth/token", {"username": "olena.petrenko@example.org", "password": PASSWORD})
    assert early.status_code == 403
    assert early.json() == {"detail": uk("Confirm your e-mail or phone with the code we sent before signing in.")}

    confirmed = call("POST", "/auth/confirm", {"email": "olena.petrenko@example.org", "code": code})
    assert confirmed.status_code == 200, confirmed.content
    assert set(confirmed.json()) == {"token", "expires_at"}
    assert EmailAddress.objects.get(user=user).verified

    issued = call("POST", "/auth/token", {"username": "OLENA.petrenko@example.org", "password": PASSWORD})
    assert issued.status_code == 200
    token = issued.json()["token"]
    stored = ApiToken.objects.get(prefix=token[:12])
    assert stored.scope == "resident" and stored.user == user
    assert timedelta(days=29) < stored.expires_at - timezone.now() <= timedelta(days=30)

    me = call("GET", "/me", token=token)
    assert me.status_code == 200
    assert me.json() == {
        "id": user.pk, "name": "Олена Петренко", "full_name": "Олена Петренко", "verified": False,
        "hromada": hromada_a.name, "email": "olena.petrenko@example.org", "phone": None, "settlement": None,
        "status": None, "roles": ["resident"], "is_operator": False}

    revoked = call("DELETE", "/auth/token", token=token)
    assert revoked.status_code == 204
    assert call("GET", "/me", token=token).status_code == 401
    # The token from /auth/confirm still works: only the presented one was revoked.
    assert call("GET", "/me", token=confirmed.json()["token"]).status_code == 200


def test_phone_flow(call, hromada_a, caplog):
    caplog.set_level("INFO", logger=SMS_LOGGER)
    response = _register(call, phone="050 123 45 67")
    assert response.status_code == 201
    user = User.objects.get(phone="+380501234567")
    assert user.email is None and not user.phone_verified
    code = _code(caplog.text)
    refused = call("POST", "/auth/token", {"username": "0501234567", "password": PASSWORD})
    assert refused.status_code == 403
    confirmed = call("POST", "/auth/confirm", {"phone": "+380501234567", "code": code})
    assert confirmed.status_code == 200
    user.refresh_from_db()
    assert user.phone_verified
    issued = call("POST", "/auth/token", {"username": "+38 050 123 45 67", "password": PASSWORD})
    assert issued.status_code == 200
    assert call("GET", "/me", token=issued.json()["token"]).json()["phone"] == "+380501234567"


# --- refusals ----------------------------------------------------------------------------------------------

def test_without_consent_nothing_is_created(call, hromada_a):
    response = _register(call, email="a@example.org", consent=False)
    assert response.status_code == 400
    assert _detail(response) == {"consent": uk(
        "Without consent to the processing of personal data we cannot open an account "
        "(Law «Про захист персональних даних», Art. 11).")}
    assert "Про захист персональних даних" in response.json()["detail"][0]["message"]
    assert not User.objects.exists() and not mail.outbox


@pytest.mark.parametrize(("payload", "status", "field"), [
    ({"email": "a@example.org", "phone": "0501234567"}, 400, "__all__"),
    ({}, 400, "__all__"),
    ({"phone": "12345"}, 400, "phone"),
    ({"email": "not-an-address"}, 400, "email"),
    ({"email": "a@example.org", "password": "123"}, 400, "password"),
    ({"email": "a@example.org", "full_name": "Олена\x00"}, 400, "__all__"),
    ({"email": "a@example.org", "consent": "так"}, 422, "consent"),
    ({"email": "a@example.org", "consent": None}, 422, "consent"),
    ({"email": ["a@example.org"]}, 422, "email"),
    ({"email": "a@example.org", "password": None}, 422, "password"),
])
def test_bad_registrations_create_nothing(call, hromada_a, payload, status, field):
    response = call("POST", "/auth/register", {"password": PASSWORD, "consent": True, **payload})
    assert response.status_code == status, response.content
    assert "Input should" not in response.content.decode()  # pydantic's English is told in Ukrainian
    assert [name for name in _detail(response) if name.split(".")[-1] == field]
    assert not User.objects.exists() and not ApiCode.objects.exists() and not mail.outbox


def test_garbage_json_is_a_400(call, hromada_a):
    for path in ("/auth/register", "/auth/confirm", "/auth/token"):
        response = call("POST", path, raw="{not json")
        assert (response.status_code, response.json()) == (400, {"detail": uk("The request body is not valid JSON.")})
    assert not User.objects.exists()


def test_existing_address_gets_the_same_answer_and_its_owner_is_told(call, hromada_a):
    owner = member(hromada_a, "resident", email="taken@example.org")
    response = _register(call, email="Taken@example.org", password="Інший-пароль-2026")
    assert (response.status_code, response.json()) == (201, {"status": "code_sent"})
    assert User.objects.count() == 1 and not ApiCode.objects.exists()
    owner.refresh_from_db()
    assert not owner.check_password("Інший-пароль-2026")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["taken@example.org"]
    assert uk("Someone tried to register this e-mail address again; it already has an "
              "account. Sign in, or restore access with a code.") in mail.outbox[0].body


def test_wrong_expired_and_reused_codes(call, hromada_a):
    _register(call, email="a@example.org")
    code = _mail_code()
    wrong = "000000" if code != "000000" else "111111"
    message = uk("The code is wrong, used or expired. Request a new one.")
    for _attempt in range(3):
        response = call("POST", "/auth/confirm", {"email": "a@example.org", "code": wrong})
        assert (response.status_code, _detail(response)) == (400, {"code": message})
    # Three wrong tries killed the code: the right one no longer works.
    dead = call("POST", "/auth/confirm", {"email": "a@example.org", "code": code})
    assert dead.status_code == 400 and not EmailAddress.objects.get().verified
    assert not ApiToken.objects.exists()


def test_expired_code_is_refused_and_a_used_one_works_once(call, hromada_a):
    _register(call, email="a@example.org")
    code = _mail_code()
    ApiCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = call("POST", "/auth/confirm", {"email": "a@example.org", "code": code})
    assert expired.status_code == 400 and not EmailAddress.objects.get().verified
    ApiCode.objects.update(expires_at=timezone.now() + timedelta(minutes=15))
    assert call("POST", "/auth/confirm", {"email": "a@example.org", "code": code}).status_code == 200
    reused = call("POST", "/auth/confirm", {"email": "a@example.org", "code": code})
    assert reused.status_code == 400 and ApiToken.objects.count() == 1


def test_wrong_password_is_throttled_like_the_login_page(call, hromada_a, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    member(hromada_a, "resident", email="r@example.org")
    for _attempt in range(2):
        wrong = call("POST", "/auth/token", {"username": "r@example.org", "password": "wrong-password"})
        assert wrong.status_code == 400
        assert _detail(wrong) == {"__all__": uk(
            "Wrong e-mail/phone or password. Both are case-sensitive except the e-mail.")}
    locked = call("POST", "/auth/token", {"username": "r@example.org", "password": "wrong-password"})
    assert locked.status_code == 429 and int(locked["Retry-After"]) == settings.LOGIN_FAILURE_WINDOW_SECONDS
    assert not ApiToken.objects.exists()


# --- rate limits ---------------------------------------------------------------------------------------------

def test_registrations_per_address_are_limited(call, hromada_a, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "api_register": "100/h/ip,2/h/key"}
    for _attempt in range(2):
        assert _register(call, email="a@example.org").status_code == 201
    limited = _register(call, email="A@example.org")
    assert limited.status_code == 429
    assert 3500 <= int(limited["Retry-After"]) <= 3600
    assert limited.json() == {"detail": uk("Too many attempts. Try again in %(minutes)s min.", minutes=60)}
    assert len(mail.outbox) == 2  # the code, then the note to the owner; nothing more
    assert _register(call, email="b@example.org").status_code == 201


def test_registrations_per_phone_and_per_client_address_are_limited(call, hromada_a, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "api_register": "3/h/ip,1/h/key"}
    assert _register(call, phone="0501234567").status_code == 201
    assert _register(call, phone="+380501234567").status_code == 429
    assert _register(call, phone="0501234568").status_code == 201
    assert _register(call, email="x@example.org").status_code == 429  # the address's third try is refused
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert call("POST", "/auth/register", {"password": PASSWORD, "consent": True, "email": "y@example.org"},
                client=other).status_code == 201
    assert User.objects.count() == 3


def test_confirmations_are_limited_per_address(call, hromada_a, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "api_confirm": "100/h/ip,2/15m/key"}
    _register(call, email="a@example.org")
    code = _mail_code()
    wrong = "000000" if code != "000000" else "111111"
    assert call("POST", "/auth/confirm", {"email": "a@example.org", "code": wrong}).status_code == 400
    assert call("POST", "/auth/confirm", {"email": "a@example.org", "code": wrong}).status_code == 400
    limited = call("POST", "/auth/confirm", {"email": "a@example.org", "code": code})
    assert limited.status_code == 429 and 800 <= int(limited["Retry-After"]) <= 900
    assert not EmailAddress.objects.get().verified


# --- scope and tenancy ---------------------------------------------------------------------------------------

def test_a_staff_members_app_token_cannot_use_staff_capabilities(call, hromada_a, admin_a):
    admin_a.set_password(PASSWORD)
    admin_a.save()
    issued = call("POST", "/auth/token", {"username": admin_a.email, "password": PASSWORD})
    assert issued.status_code == 200
    token = issued.json()["token"]
    assert call("GET", "/registers/residents", token=token).status_code == 403
    assert call("GET", "/registers/streets", token=token).status_code == 403
    me = call("GET", "/me", token=token)
    assert me.status_code == 200 and me.json()["roles"] == ["hromada_admin"] and not me.json()["verified"]
    # The same person's full token (made on the staff page) still reads the register.
    from hromada.core.services import create_token

    full = create_token(user=admin_a, name="staff")[1]
    assert call("GET", "/registers/residents", token=full).status_code == 200


def test_token_on_another_hromadas_host_is_a_stranger(call, hromada_a, hromada_b, caplog):
    _register(call, email="a@example.org", full_name="Олена")
    token = call("POST", "/auth/confirm", {"email": "a@example.org", "code": _mail_code()}).json()["token"]
    stranger = call("GET", "/me", token=token, host="b.localhost")
    assert (stranger.status_code, stranger.json()) == (404, {"detail": uk("You have no account in this hromada.")})
    assert "Олена" not in stranger.content.decode()
    # A code for A's sign-up cannot be confirmed on B's host either.
    _register(call, email="c@example.org")
    wrong_host = call("POST", "/auth/confirm", {"email": "c@example.org", "code": _mail_code()}, host="b.localhost")
    assert wrong_host.status_code == 400


def test_anonymous_and_session_callers(call, client_a, hromada_a):
    assert call("GET", "/me").status_code == 401
    assert call("DELETE", "/auth/token").status_code == 401


# --- parallel confirmations ----------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_of_one_code_succeed_once(hromada_a, django_capture_on_commit_callbacks):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("parallel writers are a PostgreSQL scenario (SQLite serialises every writer)")
    with django_capture_on_commit_callbacks(execute=True):
        Client(HTTP_HOST="a.localhost").post("/api/v1/auth/register", {
            "email": "a@example.org", "password": PASSWORD, "consent": True}, content_type="application/json")
    run_enqueued_tasks()
    code = _mail_code()
    barrier = threading.Barrier(4)
    statuses, errors = [], []

    def worker():
        try:
            barrier.wait()
            response = Client(HTTP_HOST="a.localhost").post(
                "/api/v1/auth/confirm", {"email": "a@example.org", "code": code}, content_type="application/json")
            statuses.append(response.status_code)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(statuses) == [200, 400, 400, 400]
    assert ApiToken.objects.count() == 1


def test_codes_expired_over_a_day_ago_are_deleted(call, hromada_a):
    stale = ApiCode.objects.create(hromada=hromada_a, target="old@example.org", digest="0" * 64,
                                   expires_at=timezone.now() - timedelta(days=2))
    _register(call, email="a@example.org")
    assert not ApiCode.objects.filter(pk=stale.pk).exists()
    assert ApiCode.objects.get().target == "a@example.org"
