"""Assisted verification at the ЦНАП in a real browser, as the demo's ЦНАП administrator: axe-core (WCAG 2.1
A/AA) and page structure on the list, the account page with register results, the new-account form and the
public count; a verification done with the keyboard only."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_no_axe_violations, assert_reflows, sign_in
from tests.e2e.test_accessibility import assert_page_structure, check

pytestmark = pytest.mark.browser

CNAP = "cnap@mohyliv.example"


@pytest.fixture
def cnap_page(demo, context, page):
    sign_in(context, demo.url, CNAP)
    return page


def _newcomer_and_free_record():
    from hromada.accounts.models import Membership
    from hromada.registers.models import Resident

    membership = Membership.objects.get(user__email="newcomer1@mohyliv.example")
    record = (Resident.objects.filter(hromada=membership.hromada, status="registered", birth_date__year__lt=1990)
              .exclude(accounts__isnull=False).order_by("pk").first())
    return membership, record


def test_assisted_pages_pass_axe(demo, cnap_page):
    check(cnap_page, demo.url + "/staff/residents-accounts/")
    check(cnap_page, demo.url + "/staff/residents-accounts/?verified=no&q=newcomer")
    assert cnap_page.locator("main table tbody tr").count() == 5
    assert_reflows(cnap_page, "resident accounts")
    check(cnap_page, demo.url + "/staff/residents-accounts/new/")
    check(cnap_page, demo.url + "/assisted/")


def test_verification_with_the_keyboard(demo, cnap_page):
    membership, record = _newcomer_and_free_record()
    url = f"{demo.url}/staff/residents-accounts/{membership.pk}/"
    check(cnap_page, f"{url}?name={record.last_name} {record.first_name}&birth_date={record.birth_date:%Y-%m-%d}")
    assert_reflows(cnap_page, "register results")
    form = cnap_page.locator(f"form:has(input[name=resident][value='{record.pk}'])")
    form.locator("select").focus()
    cnap_page.keyboard.press("ArrowDown")  # the first document kind
    cnap_page.keyboard.press("Tab")
    cnap_page.keyboard.press("Space")  # the consent box
    cnap_page.keyboard.press("Tab")
    cnap_page.keyboard.press("Enter")
    cnap_page.wait_for_url(url)
    assert "Обліковий запис верифіковано" in cnap_page.locator("body").inner_text()
    assert_page_structure(cnap_page)
    assert_no_axe_violations(cnap_page, url)
    membership.refresh_from_db()
    assert membership.resident_id == record.pk and membership.verification_method == "assisted"
