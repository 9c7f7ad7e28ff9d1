"""The staff second-factor page in a browser: reached after the password, axe-clean, the code typed and sent with
the keyboard alone."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.e2e.conftest import assert_no_axe_violations, focused, tab_to

pytestmark = pytest.mark.browser


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_the_code_page_with_the_keyboard(demo, page):
    from hromada.core.models import User

    secret = generate_totp_secret()
    TOTP.activate(User.objects.get(email=demo.admin_login), secret)

    page.goto(demo.url + "/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(demo.admin_login)
    page.keyboard.press("Tab")
    page.keyboard.type(demo.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(demo.url + "/auth/2fa/?next=%2Fstaff%2F")
    assert_no_axe_violations(page, "second-factor page")

    tab_to(page, "#id_code")
    page.keyboard.type("000000" if current_code(secret) != "000000" else "111111")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(demo.url + "/auth/2fa/")
    assert_no_axe_violations(page, "second-factor page with a wrong code")

    tab_to(page, "#id_code")
    assert focused(page)["id"] == "id_code"
    page.keyboard.type(current_code(secret))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == demo.url + "/staff/"
