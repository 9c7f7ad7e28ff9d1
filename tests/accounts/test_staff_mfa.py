"""The staff second factor: with the hromada's "accounts.staff_totp_required" on, staff must activate TOTP;
staff with TOTP enter its code after the password before any page counts; residents are never asked."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories import PASSWORD, member

pytestmark = pytest.mark.django_db

SETTING = "accounts.staff_totp_required"


def require_totp(hromada) -> None:
    hromada.settings = (hromada.settings or {}) | {SETTING: True}
    hromada.save()


def current_code(secret: str) -> str:
    counter = list(yield_hotp_counters_from_time())[len(list(yield_hotp_counters_from_time())) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, user):
    response = client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_setting_off_changes_nothing(client_a, hromada_a, admin_a):
    sign_in(client_a, admin_a)
    assert client_a.get("/staff/").status_code == 200


def test_the_setting_is_listed_on_the_hromada_profile(admin_client_a):
    body = admin_client_a.get("/staff/hromada/").content.decode()
    assert "другим фактором" in body


def test_setting_on_sends_staff_without_totp_to_activation(client_a, hromada_a, admin_a):
    require_totp(hromada_a)
    sign_in(client_a, admin_a)
    response = client_a.get("/staff/members/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/?next=%2Fstaff%2Fmembers%2F"
    # the activation itself (and allauth's re-authentication before it) is reachable, not a redirect loop
    activation = client_a.get(response["Location"])
    assert activation.status_code in (200, 302)
    if activation.status_code == 302:
        assert activation["Location"].startswith("/accounts/reauthenticate/")
        assert client_a.get(activation["Location"]).status_code == 200
    # the portal stays open to them
    assert client_a.get("/").status_code == 200


def test_activating_totp_lets_them_in(client_a, hromada_a, admin_a):
    require_totp(hromada_a)
    sign_in(client_a, admin_a)
    reauthenticate = client_a.get("/accounts/2fa/totp/activate/")  # allauth asks for the password again first
    assert reauthenticate["Location"].startswith("/accounts/reauthenticate/")
    client_a.post(reauthenticate["Location"], {"password": PASSWORD})
    page = client_a.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    done = client_a.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert done.status_code == 302
    assert client_a.get("/staff/").status_code == 200


@pytest.mark.parametrize("required", [False, True])
def test_staff_with_totp_enter_a_code(client_a, hromada_a, admin_a, required):
    if required:
        require_totp(hromada_a)
    secret = generate_totp_secret()
    TOTP.activate(admin_a, secret)
    sign_in(client_a, admin_a)
    gated = client_a.get("/staff/")
    assert gated.status_code == 302 and gated["Location"] == "/auth/2fa/?next=%2Fstaff%2F"
    assert client_a.get("/cabinet/").status_code == 302  # every page waits for the code
    page = client_a.get(gated["Location"])
    assert page.status_code == 200 and "Другий фактор" in page.content.decode()

    wrong = client_a.post("/auth/2fa/", {"code": "000000" if current_code(secret) != "000000" else "111111",
                                         "next": "/staff/"})
    assert wrong.status_code == 400 and "Код неправильний" in wrong.content.decode()
    assert client_a.get("/staff/").status_code == 302

    right = client_a.post("/auth/2fa/", {"code": current_code(secret), "next": "/staff/"})
    assert right.status_code == 302 and right["Location"] == "/staff/"
    assert client_a.get("/staff/").status_code == 200
    # the same code cannot be used twice (a new session)
    client_a.post("/logout/")
    sign_in(client_a, admin_a)
    again = client_a.post("/auth/2fa/", {"code": current_code(secret), "next": "/staff/"})
    assert again.status_code == 400


def test_guessing_codes_locks_the_account(client_a, hromada_a, admin_a, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    secret = generate_totp_secret()
    TOTP.activate(admin_a, secret)
    sign_in(client_a, admin_a)
    wrong = "000000" if current_code(secret) != "000000" else "111111"
    for _attempt in range(3):
        assert client_a.post("/auth/2fa/", {"code": wrong}).status_code == 400
    locked = client_a.post("/auth/2fa/", {"code": current_code(secret)})
    assert locked.status_code == 400 and "Забагато невдалих спроб" in locked.content.decode()
    assert client_a.get("/staff/").status_code == 302


def test_the_code_page_refuses_an_outside_next(client_a, hromada_a, admin_a):
    secret = generate_totp_secret()
    TOTP.activate(admin_a, secret)
    sign_in(client_a, admin_a)
    right = client_a.post("/auth/2fa/", {"code": current_code(secret), "next": "https://evil.example.org/"})
    assert right["Location"] == "/staff/"


def test_residents_are_not_affected(client_a, hromada_a):
    require_totp(hromada_a)
    resident = member(hromada_a, "resident", email="res@example.org")
    TOTP.activate(resident, generate_totp_secret())
    sign_in(client_a, resident)
    assert client_a.get("/cabinet/").status_code == 200
