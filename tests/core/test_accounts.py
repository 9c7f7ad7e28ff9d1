"""Sign-in by e-mail or phone, throttling, password reset, session expiry and personal API tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from hromada.core.models import ApiToken, FailedLogin, User
from tests.factories import PASSWORD, UserFactory, member


@pytest.mark.django_db
def test_sign_in_by_email_in_any_case(client_a, admin_a):
    response = client_a.post("/login/", {"username": "ADMIN-A@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/staff/"


@pytest.mark.django_db
def test_sign_in_by_phone_in_any_format(client_a, hromada_a):
    user = member(hromada_a, "resident", email=None, phone="+380501234567")
    for typed in ("0501234567", "+38 (050) 123-45-67", "380501234567"):
        client_a.logout()
        response = client_a.post("/login/", {"username": typed, "password": PASSWORD})
        assert response.status_code == 302, typed
        assert int(client_a.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client_a, admin_a):
    response = client_a.post("/login/", {"username": admin_a.email, "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client_a.session
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(client_a, admin_a):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client_a.post("/login/", {"username": admin_a.email, "password": "nope"})
    response = client_a.post("/login/", {"username": admin_a.email, "password": PASSWORD})
    assert "_auth_user_id" not in client_a.session
    assert str(settings.LOGIN_FAILURE_WINDOW_SECONDS // 60) in response.content.decode()
    FailedLogin.objects.update(at=timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS + 1))
    assert client_a.post("/login/", {"username": admin_a.email, "password": PASSWORD}).status_code == 302


@pytest.mark.argon2
@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("argon@example.org", PASSWORD)
    assert user.password.startswith("argon2")


def test_sessions_expire():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


@pytest.mark.django_db
def test_password_reset_round_trip(client_a, admin_a):
    response = client_a.post("/password-reset/", {"email": admin_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://[^\s]+/password-reset/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("a.localhost", 1)[1]
    form_page = client_a.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "Nova-Parol-2026-xyz"
    done = client_a.post(form_page.redirect_chain[-1][0],
                         {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    admin_a.refresh_from_db()
    assert admin_a.check_password(new_password)


@pytest.mark.django_db
def test_password_reset_does_not_reveal_unknown_addresses(client_a):
    response = client_a.post("/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_account_needs_email_or_phone():
    with pytest.raises(ValueError):
        User.objects.create_user(password=PASSWORD)


@pytest.mark.django_db
def test_bearer_token_authenticates_the_api(client_a, admin_a, capsys):
    call_command("create_token", admin_a.email, "--name", "інтеграція")
    token = capsys.readouterr().out.strip()
    assert token.startswith("hmd_")
    assert ApiToken.objects.get().digest != token, "only the hash is stored"
    me = client_a.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["roles"] == ["hromada_admin"]
    assert client_a.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer hmd_wrong").status_code == 401
    assert client_a.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_revoked_and_expired_tokens_stop_working(client_a, admin_a, capsys):
    call_command("create_token", admin_a.email, "--days", "1")
    token = capsys.readouterr().out.strip()
    stored = ApiToken.objects.get()
    stored.expires_at = timezone.now() - timedelta(seconds=1)
    stored.save()
    assert client_a.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    stored.expires_at = None
    stored.revoked_at = timezone.now()
    stored.save()
    assert client_a.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


@pytest.mark.django_db
def test_create_token_refuses_residents_and_unknown_accounts(hromada_a):
    resident = member(hromada_a, "resident")
    with pytest.raises(CommandError, match="no staff role"):
        call_command("create_token", resident.email)
    with pytest.raises(CommandError, match="No active account"):
        call_command("create_token", "ghost@example.org")
    with pytest.raises(CommandError, match="3650"):
        call_command("create_token", UserFactory(is_operator=True).email, "--days", "0")


@pytest.mark.django_db
def test_token_page_shows_a_new_token_once(admin_client_a):
    response = admin_client_a.post("/staff/tokens/", {"name": "звіти"})
    token = re.search(r"hmd_[A-Za-z0-9_\-]+", response.content.decode()).group(0)
    assert ApiToken.objects.get(name="звіти").prefix == token[:12]
    assert token not in admin_client_a.get("/staff/tokens/").content.decode()


@pytest.mark.django_db
def test_residents_land_on_the_portal_staff_in_their_area(client_a, hromada_a):
    resident = member(hromada_a, "resident", phone="+380501112233")
    response = client_a.post("/login/", {"username": resident.phone, "password": PASSWORD})
    assert response["Location"] == "/"
    client_a.logout()
    clerk = member(hromada_a, "clerk")
    assert client_a.post("/login/", {"username": clerk.email, "password": PASSWORD})["Location"] == "/staff/"
