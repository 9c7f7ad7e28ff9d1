"""The development imitation of ID.gov.ua in a browser: reachable by keyboard, no axe violations, and the whole
sign-in round trip against the seeded demo installation."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_axe_violations

pytestmark = pytest.mark.browser


def test_signing_in_through_the_idgovua_imitation(demo, page, settings):
    settings.IDGOVUA_URL = None
    page.goto(demo.url + "/auth/idgovua/login/")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/auth/idgovua-demo/\?"))
    assert_no_axe_violations(page, "ID.gov.ua imitation")
    assert page.locator("input[name=person]").count() >= 2  # register persons and one who is not in it
    page.locator("input[name=person]").last.focus()  # the person who is not in the register
    page.keyboard.press("Space")
    page.locator("button[type=submit]").last.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/cabinet/$"))
    assert page.locator(".messages").count() == 1
