"""The resident cabinet in a real browser, as a verified and an unverified demo resident: axe-core (WCAG 2.1
A/AA), page structure and 320 px reflow on every cabinet page and on the data-request pages staff answer;
the cabinet's sections reached with the keyboard alone."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_axe_violations, assert_reflows, sign_in
from tests.e2e.test_accessibility import check

pytestmark = pytest.mark.browser

PAGES = ("/cabinet/", "/cabinet/profile/", "/cabinet/verification/", "/cabinet/consents/", "/cabinet/sign-in/",
         "/cabinet/sessions/", "/cabinet/data/", "/cabinet/data/correction/", "/cabinet/delete/",
         "/cabinet/notices/", "/cabinet/notifications/")


@pytest.mark.parametrize("login", ["resident001@mohyliv.example", "newcomer1@mohyliv.example"])
def test_every_cabinet_page_passes_axe_and_reflows(demo, context, page, login):
    sign_in(context, demo.url, login)
    for path in PAGES:
        check(page, demo.url + path)
        assert page.locator("h1").count() == 1, path
        assert_reflows(page, path)


def test_the_cabinet_sections_are_reached_with_the_keyboard(demo, context, page):
    sign_in(context, demo.url, "resident001@mohyliv.example")
    page.goto(demo.url + "/cabinet/")
    links = page.locator("main a[href^='/cabinet/']")
    targets = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert "/cabinet/verification/" in targets and "/cabinet/data/" in targets
    reached, href = set(), None
    for _ in range(80):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")
        if href in targets:
            reached.add(href)
        if reached == targets:
            break
    assert reached == targets
    page.keyboard.press("Enter")  # the last section reached opens
    page.wait_for_url(demo.url + href)
    assert_no_axe_violations(page, href)


def test_a_correction_request_and_its_staff_answer_pass_axe(demo, context, page):
    sign_in(context, demo.url, "resident002@mohyliv.example")
    page.goto(demo.url + "/cabinet/data/correction/")
    form = page.locator("main form[action='/cabinet/data/correction/']")
    form.locator("[name=wrong]").fill("Прізвище записано з помилкою: «Коваленко»")
    form.locator("[name=right]").fill("Коваленко (через «о»)")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    from hromada.accounts.models import DataRequest

    request = DataRequest.objects.get(user__email="resident002@mohyliv.example", kind="correction")
    assert_no_axe_violations(page, "after a correction request")
    context.clear_cookies()
    sign_in(context, demo.url, demo.admin_login)
    check(page, demo.url + "/staff/data-requests/")
    assert page.locator(f"main a[href$='/data-requests/{request.pk}/']").count() == 1
    check(page, f"{demo.url}/staff/data-requests/{request.pk}/")
    assert_reflows(page, "a data request for staff")
