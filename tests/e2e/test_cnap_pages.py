"""The ЦНАП in a real browser, on the demo: axe-core (WCAG 2.1 A/AA) on the pages residents, the kiosk, the board
and staff meet, and a resident who books a visit with the keyboard only.

One demo load for the module (the live server's database is emptied after each test, so it is one test)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import _seed, sign_in, tab_to
from tests.e2e.test_participation_pages import Findings

pytestmark = pytest.mark.browser


@pytest.fixture
def cnap_demo(live_server, settings):
    return _seed(live_server, settings, frozenset({"acts", "appeals", "participation", "opendata", "itassets"}))


def test_cnap_pages_pass_axe_and_a_resident_books_with_the_keyboard(cnap_demo, context, page):
    from hromada.cnap.models import Application, Booking, Office, Service

    url = cnap_demo.url
    main = Office.objects.get(kind="main", hromada__is_default=True)
    service = Service.objects.filter(hromada__is_default=True, online=True, windows__office=main).first()
    findings = Findings(page)
    for path in ("/services/", "/services/?q=довідка", "/services/offices/", f"/services/{service.pk}/",
                 f"/services/{service.pk}/book/", f"/services/queue/{main.pk}/kiosk/",
                 f"/services/queue/{main.pk}/board/"):
        findings.check(url + path)

    # A resident with no booking yet, keyboard only: the first free time of the service.
    login = "resident290@mohyliv.example"
    assert not Booking.objects.filter(person__email=login).exists()
    sign_in(context, url, login)
    page.goto(f"{url}/services/{service.pk}/book/")
    tab_to(page, "ul.slots form button[type=submit]", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Booking.objects.filter(person__email=login, status="booked").count() == 1
    findings.axe("cabinet after booking")
    findings.check(f"{url}/services/{service.pk}/apply/")
    booking = Booking.objects.get(person__email=login)
    findings.check(f"{url}/cabinet/services/{booking.pk}/cancel/")

    applicant = Application.objects.filter(status="corrections").select_related("applicant").first()
    sign_in(context, url, applicant.applicant.email)
    findings.check(f"{url}/cabinet/services/applications/{applicant.pk}/")

    sign_in(context, url, "cnap@mohyliv.example")
    window = main.windows.order_by("number").first()
    for path in ("/staff/cnap/", f"/staff/cnap/{main.pk}/?window={window.pk}", "/staff/cnap/catalogue/",
                 f"/staff/cnap/catalogue/{service.pk}/", f"/staff/cnap/offices/{main.pk}/", "/staff/cnap/statistics/",
                 "/staff/cnap/applications/", f"/staff/cnap/applications/{applicant.pk}/",
                 f"/staff/cnap/catalogue/{service.pk}/cards/{service.card_id}/"):
        findings.check(url + path)
    page.goto(f"{url}/staff/cnap/catalogue/{service.pk}/")
    with page.expect_navigation():
        page.click("form[action$='/draft/'] button")
    findings.axe("the draft card form")
    findings.done()
