"""axe-core (WCAG 2.1 A/AA) on every page of the foundation, signed out and signed in, desktop and phone width.

Each page is its own test id; the browser is shared by the session (see conftest.py), and the tests that only
read the demo share one for the module (`shared_demo`).
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ADMIN_LOGIN, assert_no_axe_violations, sign_in

pytestmark = pytest.mark.browser

MOHYLIV_KATOTTG = "UA12020110000034205"
CRUD_SLUGS = ("settlements", "districts", "departments", "institutions", "officials")
BAD_EDRPOU = "12345670"  # 1234567 has check digit 8, so 0 is wrong

PUBLIC_PAGES = {
    "home": "/",
    "accessibility": "/accessibility/",
    "login": "/login/",
    "password-reset": "/password-reset/",
    "password-reset-sent": "/password-reset/sent/",
}

STAFF_PAGES = {
    "staff-home": "/staff/",
    "staff-hromada": "/staff/hromada/",
    "staff-members": "/staff/members/",
    "staff-member-new": "/staff/members/new/",
    "staff-member-detail": "/staff/members/{member}/",
    "staff-audit": "/staff/audit/",
    "staff-calendar": "/staff/calendar/",
    "staff-calendar-deadline": "/staff/calendar/?start=2026-11-20&amount=5&unit=working_days",
    "staff-tokens": "/staff/tokens/",
}
for _slug in CRUD_SLUGS:
    STAFF_PAGES |= {
        f"{_slug}-list": f"/staff/{_slug}/",
        f"{_slug}-new": f"/staff/{_slug}/new/",
        f"{_slug}-detail": f"/staff/{_slug}/{{pk}}/",
        f"{_slug}-edit": f"/staff/{_slug}/{{pk}}/edit/",
        f"{_slug}-delete": f"/staff/{_slug}/{{pk}}/delete/",
    }

# Checks axe does not make: one <main> and one <h1>, the page language, the skip link first in the tab
# order, and every aria-describedby/aria-labelledby reference pointing at an element that exists.
STRUCTURE_JS = """() => {
  const focusable = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, '
                  + '[tabindex]:not([tabindex="-1"])';
  const broken = [];
  for (const el of document.querySelectorAll('[aria-describedby], [aria-labelledby]')) {
    for (const attr of ['aria-describedby', 'aria-labelledby']) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) broken.push(`${el.tagName.toLowerCase()}#${el.id} ${attr}=${id}`);
      }
    }
  }
  const first = document.querySelector(focusable);
  return {
    lang: document.documentElement.lang,
    title: document.title.trim(),
    mains: document.querySelectorAll('main').length,
    mainId: (document.querySelector('main') || {}).id,
    h1s: document.querySelectorAll('h1').length,
    firstFocusableIsSkipLink: !!first && first.matches('a.skip-link[href="#main"]'),
    brokenReferences: broken,
  };
}"""


def assert_page_structure(page) -> None:
    facts = page.evaluate(STRUCTURE_JS)
    problems = []
    if facts["lang"] != "uk":
        problems.append(f"<html lang> is {facts['lang']!r}, expected 'uk'")
    if not facts["title"]:
        problems.append("empty <title>")
    if facts["mains"] != 1 or facts["mainId"] != "main":
        problems.append(f"expected one <main id=main>, found {facts['mains']} (id {facts['mainId']!r})")
    if facts["h1s"] != 1:
        problems.append(f"expected one <h1>, found {facts['h1s']}")
    if not facts["firstFocusableIsSkipLink"]:
        problems.append("the first focusable element is not the skip link to #main")
    if facts["brokenReferences"]:
        problems.append(f"ARIA references to missing ids: {facts['brokenReferences']}")
    assert not problems, f"{page.url}: " + "; ".join(problems)


def check(page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url} answered HTTP {response.status}, expected {status}"
    assert_page_structure(page)
    assert_no_axe_violations(page, url)


def _first_pk(slug: str) -> int:
    from hromada.core import structure

    crud = next(c for c in structure.ALL if c.slug == slug)
    return crud.model.objects.filter(hromada__katottg=MOHYLIV_KATOTTG).order_by("pk").values_list("pk", flat=True)[0]


def test_every_structure_page_is_listed():
    """A new structure CRUD must be added to CRUD_SLUGS so its pages are checked too."""
    from hromada.core import structure

    assert {crud.slug for crud in structure.ALL} == set(CRUD_SLUGS)


# --- signed out ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", list(PUBLIC_PAGES.values()), ids=list(PUBLIC_PAGES))
def test_public_page(shared_demo, page, path):
    check(page, shared_demo.url + path)


def test_not_found_page(shared_demo, page):
    check(page, shared_demo.url + "/no-such-page/", status=404)


def test_slobozhanska_home(shared_demo, page):
    check(page, shared_demo.slobozhanska_url + "/")
    assert "Слобожанськ" in page.locator("h1").inner_text(), "the Slobozhanska host did not show Slobozhanska"


def test_logged_out_page(shared_demo, context, page):
    """The page the sign-out button leads to (signing out ends only this test's own session)."""
    demo = shared_demo
    sign_in(context, demo.url)
    page.goto(demo.url + "/staff/")
    with page.expect_navigation() as navigation:
        page.locator('form[action="/logout/"] button[type=submit]').click()
    assert navigation.value.status == 200
    assert page.locator('form[action="/logout/"]').count() == 0, "still signed in after signing out"
    assert_page_structure(page)
    assert_no_axe_violations(page, f"after sign-out ({page.url})")


def test_login_with_errors(shared_demo, page):
    demo = shared_demo
    page.goto(demo.url + "/login/")
    page.fill("#id_username", ADMIN_LOGIN)
    page.fill("#id_password", "not-the-password")
    with page.expect_navigation():
        page.locator("main form:has(#id_password) button[type=submit]").click()
    assert page.locator(".error-summary[role=alert]").is_visible()
    assert_page_structure(page)
    assert_no_axe_violations(page, "login with a wrong password")


# --- signed in as the hromada administrator -------------------------------------------------------------


@pytest.mark.parametrize("path", list(STAFF_PAGES.values()), ids=list(STAFF_PAGES))
def test_staff_page(shared_demo, context, page, path):
    from hromada.core.models import User

    demo, staff_page = shared_demo, page
    sign_in(context, demo.url)
    slug = path.split("/")[2]
    member = User.objects.get(email="programme@mohyliv.example").pk
    url = path.format(pk=_first_pk(slug) if "{pk}" in path else "", member=member)
    check(staff_page, demo.url + url)
    if "amount=" in path:
        result = staff_page.locator("main [role=status]")
        assert result.is_visible() and result.inner_text().strip(), "the computed deadline is not shown"


def test_form_with_validation_errors(demo, staff_page):
    """An institution with a wrong ЄДРПОУ check digit: the form comes back with an announced error summary."""
    from django.core.exceptions import ValidationError

    from hromada.core.validators import validate_edrpou

    with pytest.raises(ValidationError):
        validate_edrpou(BAD_EDRPOU)
    page = staff_page
    page.goto(demo.url + "/staff/institutions/new/")
    page.fill("#id_name", "Ліцей для перевірки")
    page.select_option("#id_kind", index=1)
    page.fill("#id_edrpou", BAD_EDRPOU)
    with page.expect_navigation() as navigation:
        page.locator("main form.record-form button[type=submit]").click()
    assert navigation.value.status == 400, "the invalid form was not re-rendered with HTTP 400"
    assert page.url.endswith("/staff/institutions/new/")

    summary = page.locator("main .error-summary")
    assert summary.count() == 1 and summary.is_visible()
    assert summary.get_attribute("role") == "alert", "the error summary is not announced (role=alert)"
    assert summary.locator('a[href="#id_edrpou"]').count() == 1, "the summary does not link to the ЄДРПОУ field"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), (
        "focus should move to the error summary so it is read first"
    )
    field = page.locator("#id_edrpou")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = (field.get_attribute("aria-describedby") or "").split()
    assert "id_edrpou_error" in described_by and page.locator("#id_edrpou_error").is_visible(), (
        "the field's error message is not tied to the field"
    )
    assert_page_structure(page)
    assert_no_axe_violations(page, "institution form with errors")


def test_staff_menu_marks_one_current_page(shared_demo, context, page):
    demo, staff_page = shared_demo, page
    sign_in(context, demo.url)
    staff_page.goto(demo.url + "/staff/settlements/")
    current = staff_page.locator('nav.staff-nav a[aria-current="page"]')
    assert current.count() == 1, current.all_inner_texts()
    assert current.get_attribute("href") == "/staff/settlements/"


# --- phone width -------------------------------------------------------------------------------------------

NARROW = {"width": 375, "height": 812}
OVERFLOW_JS = """() => {
  const width = window.innerWidth, wide = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.table-wrap')) continue;  // data tables may scroll inside their own box
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5) {
      wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ends at ${box.right}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 10)};
}"""


@pytest.mark.parametrize(
    ("path", "signed_in"),
    [("/", False), ("/staff/settlements/", True), ("/staff/institutions/", True), ("/staff/audit/", True)],
    ids=["home", "settlements-list", "institutions-list", "audit"],
)
def test_phone_width(shared_demo, context, page, path, signed_in):
    demo = shared_demo
    if signed_in:
        sign_in(context, demo.url)
    page.set_viewport_size(NARROW)
    check(page, demo.url + path)
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] <= layout["innerWidth"], (
        f"{path} scrolls sideways at {NARROW['width']}px: page is {layout['scrollWidth']}px wide; "
        f"too wide: {layout['wide']}"
    )
