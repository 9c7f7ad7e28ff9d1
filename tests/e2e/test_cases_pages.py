"""Appeals, information requests and the hotline in a real browser: axe-core (WCAG 2.1 A/AA), structure and
320 px reflow on every page residents, requesters and staff meet; a request filed with the keyboard alone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_axe_violations, assert_reflows, sign_in
from tests.e2e.test_accessibility import check

pytestmark = pytest.mark.browser

def _cases(**filters):
    from hromada.core.models import Case

    return Case.objects.filter(hromada__is_default=True, **filters).order_by("pk")


def test_public_pages_pass_axe_and_reflow(cases_demo, page):
    thread = _cases(published_at__isnull=False).first()
    assert thread is not None, "the demo publishes some information-request threads"
    for path in ("/appeals/info-requests/new/", "/appeals/info-requests/", f"/appeals/info-requests/{thread.pk}/",
                 "/appeals/figures/", "/hotline/"):
        check(page, cases_demo.url + path)
        assert page.locator("h1").count() == 1, path
        assert_reflows(page, path)


def test_resident_pages_pass_axe_and_reflow(cases_demo, context, page):
    login = "resident001@mohyliv.example"
    sign_in(context, cases_demo.url, login)
    own = _cases(applicant__email=login).first()
    assert own is not None, "the demo gives resident001 cases"
    for path in ("/appeals/new/", "/cabinet/cases/", f"/cabinet/cases/{own.pk}/"):
        check(page, cases_demo.url + path)
        assert_reflows(page, path)
    page.goto(cases_demo.url + "/appeals/new/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    assert page.locator("[role=alert], .error-summary, .errorlist").count() > 0
    assert_no_axe_violations(page, "appeal form with errors")


def test_staff_pages_pass_axe_and_reflow(cases_demo, context, page):
    sign_in(context, cases_demo.url)
    open_case = _cases(status="in_progress").first()
    answered = _cases(status__in=["answered", "closed"]).first()
    pages = ["/staff/", "/staff/cases/", f"/staff/cases/{open_case.pk}/", f"/staff/cases/{answered.pk}/",
             f"/staff/cases/{open_case.pk}/?reveal=1", "/staff/case-registry/new/?kind=appeal",
             "/staff/case-registry/new/?kind=info_request", "/staff/case-registry/categories/",
             "/staff/case-registry/report/", "/staff/hotline/", "/staff/hotline/analytics/"]
    for path in pages:
        check(page, cases_demo.url + path)
        assert_reflows(page, path)


def test_an_information_request_is_filed_with_the_keyboard_alone(cases_demo, page):
    page.goto(cases_demo.url + "/appeals/info-requests/new/")
    form = page.locator("main form").last
    fields = {"applicant_name": "Олена Кравчук", "applicant_email": "olena@example.org",
              "text": "Прошу надати копію рішення про місцевий бюджет на 2027 рік."}
    form.locator("input, textarea, select").first.focus()
    filled = set()
    for _ in range(40):
        name = page.evaluate("document.activeElement && document.activeElement.name")
        if name in fields and name not in filled:
            page.keyboard.type(fields[name])
            filled.add(name)
        if filled == set(fields):
            break
        page.keyboard.press("Tab")
    assert filled == set(fields), f"reached only {sorted(filled)} with Tab"
    before = _cases(kind="info_request").count()
    page.keyboard.press("Tab")
    for _ in range(20):
        if page.evaluate("document.activeElement && document.activeElement.type") == "submit":
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _cases(kind="info_request").count() == before + 1
    assert "ЗІ-" in page.content()
    assert_no_axe_violations(page, "information request registered")
