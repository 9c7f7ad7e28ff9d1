"""IT service requests in a real browser, on the demo: axe-core (WCAG 2.1 A/AA) and the page structure on every
page of the concern — a clerk's «Мої заявки», the report form (empty and with its errors), the IT officer's queue
(filtered), a request with all its forms, the confirmation pages, the figures and an item's requests — and a
clerk who reports a problem and an officer who finds it in the queue, with the keyboard only.

One demo load for the module (the live server's database is emptied after each test, so it is one test)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import _seed, sign_in, tab_to
from tests.e2e.test_participation_pages import Findings

pytestmark = pytest.mark.browser
OFFICER = "programme@mohyliv.example"
CLERK = "clerk@mohyliv.example"


@pytest.fixture
def servicedesk_demo(live_server, settings):
    return _seed(live_server, settings, frozenset({"acts", "appeals", "participation", "cnap", "opendata"}))


def test_servicedesk_pages_pass_axe_and_a_request_goes_from_the_clerk_to_the_officer_by_keyboard(
        servicedesk_demo, context, page):
    from hromada.itassets.models import ServiceRequest
    from hromada.itassets.servicedesk import demo

    url = servicedesk_demo.url
    base = f"{url}/staff/it/requests"
    rows = ServiceRequest.objects.filter(hromada__katottg=demo.MOHYLIV)
    assert rows.count() >= 30
    own = rows.filter(reporter__email=CLERK).order_by("-received_at").first()
    open_one = rows.filter(status="in_progress").order_by("pk").first()
    resolved = rows.filter(status="resolved").order_by("pk").first()
    new = rows.filter(status="new").order_by("pk").first()
    item = rows.exclude(equipment=None).order_by("pk").first().equipment
    findings = Findings(page)

    sign_in(context, url, CLERK)
    for path in ("/mine/", "/mine/?show=open", "/new/", f"/{own.pk}/"):
        findings.check(base + path)

    # Keyboard only: the clerk reports a problem (first with an error, then right).
    page.goto(f"{base}/new/")
    tab_to(page, "input[name=subject]", limit=60)
    page.keyboard.type("Не працює сканер")
    tab_to(page, "form.record-form button[type=submit]", limit=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # no description: the form comes back with its errors
    assert page.locator(".error-summary").count() == 1
    findings.axe("the report form with its errors")
    tab_to(page, "textarea[name=description]", limit=60)
    page.keyboard.type("Сканер не вмикається після вихідних.")
    tab_to(page, "form.record-form button[type=submit]", limit=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    filed = rows.get(subject="Не працює сканер")
    assert page.url.endswith(f"/staff/it/requests/{filed.pk}/")
    findings.axe("the clerk's new request")

    context.clear_cookies()
    sign_in(context, url, OFFICER)
    for path in ("/", "/?status=overdue", "/?status=open&sort=priority", "/?q=принтер&kind=printing",
                 "/?assignee=0&status=new", "/figures/", "/figures/?since=2025-01-01&until=2026-12-31",
                 f"/{open_one.pk}/", f"/{resolved.pk}/", f"/{new.pk}/", f"/{new.pk}/cancel/",
                 f"/{resolved.pk}/close/", f"/item/{item.pk}/", "/mine/"):
        findings.check(base + path)

    # Keyboard only: the officer searches the queue for the new request and opens it.
    page.goto(f"{base}/")
    tab_to(page, "input[name=q]", limit=80)
    page.keyboard.type(filed.number)
    tab_to(page, "form.filters button[type=submit]", limit=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, f"table a[href='/staff/it/requests/{filed.pk}/']", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/staff/it/requests/{filed.pk}/")
    findings.axe("the request the officer reached with the keyboard")
    findings.done()
