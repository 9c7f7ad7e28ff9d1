"""Signing in and out with the keyboard alone: no mouse, no clicks, only page.keyboard.

Text is not asserted (the Ukrainian catalogue is still being written); roles, ids, URLs and the demo data are.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_no_axe_violations, focused, tab_to

pytestmark = pytest.mark.browser

ADMIN_NAME = "Адміністратор Могилівської громади"  # demo data, not a translation
SIGN_OUT_BUTTON = 'form[action="/logout/"] button[type=submit]'

FOCUS_INDICATOR_JS = """() => {
  const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
  return {
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    focusVisible: el.matches(':focus-visible'),
    inViewport: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
                && box.bottom <= window.innerHeight && box.right <= window.innerWidth,
  };
}"""


def assert_focus_visible(page, what: str) -> None:
    indicator = page.evaluate(FOCUS_INDICATOR_JS)
    assert indicator["inViewport"], f"{what} has focus but is not visible on screen: {focused(page)}"
    assert indicator["focusVisible"] and indicator["outline"], f"{what} has no visible focus indicator"


def test_sign_in_and_out_with_the_keyboard(demo, page):
    page.goto(demo.url + "/")

    # The first Tab lands on the skip link, which appears on screen.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('a.skip-link')"), (
        f"the first Tab stop is not the skip link: {focused(page)}"
    )
    assert_focus_visible(page, "the skip link")

    # On to the sign-in link in the header; Enter follows it.
    tab_to(page, 'nav.account a[href="/login/"]')
    assert_focus_visible(page, "the sign-in link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == demo.url + "/login/"

    # The e-mail field (autofocused or next in order), Tab to the password, Enter submits.
    tab_to(page, "#id_username")
    page.keyboard.type(demo.admin_login)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password", f"Tab from the e-mail field went to {focused(page)}"
    page.keyboard.type(demo.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == demo.url + "/staff/", f"signing in led to {page.url}"
    assert ADMIN_NAME in page.locator("header nav.account").inner_text(), "the header does not show the user"
    assert page.locator("main h1").is_visible()

    # Sign out: the button in the header's form, reached and pressed with the keyboard.
    tab_to(page, SIGN_OUT_BUTTON)
    assert_focus_visible(page, "the sign-out button")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator(SIGN_OUT_BUTTON).count() == 0, "still signed in after pressing sign-out"
    assert page.locator('header a[href="/login/"]').is_visible(), "no sign-in link after signing out"
    assert ADMIN_NAME not in page.locator("header").inner_text()
    response = page.goto(demo.url + "/staff/")
    assert re.search(r"/login/\?next=", page.url), f"the staff area is still open after sign-out: {page.url}"
    assert response is not None and response.ok


def test_wrong_password_is_reported_and_announced(demo, page):
    page.goto(demo.url + "/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(demo.admin_login)
    page.keyboard.press("Tab")
    page.keyboard.type("definitely-not-the-password")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")

    assert navigation.value.status == 200, f"a wrong password answered HTTP {navigation.value.status}"
    assert page.url == demo.url + "/login/", f"a wrong password led away from the form, to {page.url}"
    summary = page.locator("main .error-summary")
    assert summary.count() == 1 and summary.is_visible(), "no error summary after a wrong password"
    assert summary.get_attribute("role") == "alert", "the error summary is not announced (role=alert)"
    assert summary.inner_text().strip(), "the error summary is empty"

    # Focus goes to the summary, so it is read first; the next Tab is the e-mail field, still filled in.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), (
        f"focus after the failed sign-in is on {focused(page)}, not on the error summary"
    )
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_username", f"Tab from the error summary went to {focused(page)}"
    assert page.input_value("#id_username") == demo.admin_login
    assert page.input_value("#id_password") == "", "the password must not be sent back"
    assert page.locator(SIGN_OUT_BUTTON).count() == 0
    assert_no_axe_violations(page, "sign-in form after a wrong password")
