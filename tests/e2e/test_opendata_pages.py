"""Open data in a real browser, on the demo: axe-core (WCAG 2.1 A/AA) and reflow at 320 px on the pages the public
and staff meet, and a visitor who searches the catalogue and opens a dataset with the keyboard only.

One demo load for the module (the live server's database is emptied after each test, so it is one test)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import _seed, sign_in, tab_to
from tests.e2e.test_participation_pages import Findings

pytestmark = pytest.mark.browser


@pytest.fixture
def opendata_demo(live_server, settings):
    # The generated datasets read the other apps' registers; empty ones publish empty tables just as well.
    return _seed(live_server, settings, frozenset({"acts", "appeals", "participation", "cnap", "itassets"}))


def test_opendata_pages_pass_axe_and_a_visitor_finds_a_dataset_with_the_keyboard(opendata_demo, context, page):
    from hromada.opendata.models import Dataset

    url = opendata_demo.url
    budget = Dataset.objects.get(hromada__is_default=True, obligation_code="mun-010")
    resource = budget.resources.get()
    findings = Findings(page)
    for path in ("/opendata/", "/opendata/?q=бюджетні+програми", "/opendata/?fmt=geojson&topic=finansy",
                 f"/opendata/{budget.slug}/", f"/opendata/{budget.slug}/{resource.key}/",
                 f"/opendata/{budget.slug}/{resource.key}/v1/"):
        findings.check(url + path)

    # Keyboard only: the search field, a query, the results, the dataset.
    page.goto(f"{url}/opendata/")
    tab_to(page, "input[name=q]", limit=40)
    page.keyboard.type("паспорти бюджетних програм")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "ul.results > li:first-child a", limit=3)  # the results have the focus, not the page's top
    tab_to(page, f"ul.results a[href='/opendata/{budget.slug}/']", limit=40)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/opendata/{budget.slug}/")
    findings.axe("the dataset reached with the keyboard")

    sign_in(context, url, "programme@mohyliv.example")
    for path in ("/staff/opendata/", "/staff/opendata/?status=overdue", "/staff/opendata/new/",
                 "/staff/opendata/compliance/", "/staff/opendata/obligations/mun-010/",
                 f"/staff/opendata/{budget.pk}/", f"/staff/opendata/{budget.pk}/passport/",
                 f"/staff/opendata/{budget.pk}/resources/{resource.pk}/upload/",
                 f"/staff/opendata/{budget.pk}/resources/new/", f"/staff/opendata/{budget.pk}/withdraw/"):
        findings.check(url + path)
    findings.done()
