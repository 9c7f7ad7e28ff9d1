"""The equipment pages in a real browser, on the demo: axe-core (WCAG 2.1 A/AA) and reflow on the list, an item, the
forms, the label sheet, the rounds and the summary; and the IT officer who finds a computer and hands it out with the
keyboard only. One demo load for the module (the live server's database is emptied after each test)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import _seed, sign_in, tab_to
from tests.e2e.test_participation_pages import Findings

pytestmark = pytest.mark.browser


@pytest.fixture
def itassets_demo(live_server, settings):
    return _seed(live_server, settings, frozenset({"acts", "appeals", "participation", "cnap", "opendata"}))


def test_equipment_pages_pass_axe_and_an_item_is_handed_out_with_the_keyboard(itassets_demo, context, page):
    from hromada.itassets.models import Equipment, InventoryRound

    url = itassets_demo.url
    items = Equipment.objects.filter(hromada__is_default=True)
    free = items.filter(category="computer", status="in_use", assigned_name="").order_by("inventory_number").first()
    written_off = items.filter(status="written_off").order_by("pk").first()
    open_round = InventoryRound.objects.get(hromada__is_default=True, status="open")
    closed_round = InventoryRound.objects.get(hromada__is_default=True, status="closed")
    findings = Findings(page)
    sign_in(context, url, "programme@mohyliv.example")
    base = f"{url}/staff/it/equipment"
    for path in ("/", "/?category=computer&older_than_years=5", "/?q=nothing-like-this", "/?flag=check_due",
                 f"/{free.pk}/", f"/{written_off.pk}/", "/new/", f"/{free.pk}/edit/", f"/{free.pk}/check-out/",
                 f"/{free.pk}/status/", f"/{free.pk}/write-off/", f"/{written_off.pk}/undo-write-off/",
                 "/labels/", "/labels/?category=server", "/summary/", "/policies/", "/policies/laptop/",
                 "/rounds/", "/rounds/new/", f"/rounds/{open_round.pk}/", f"/rounds/{closed_round.pk}/",
                 "/import/"):
        findings.check(base + path)

    # Keyboard only: search for the computer by its inventory number, open it, hand it out to a person.
    page.goto(f"{base}/")
    tab_to(page, "input[name=q]", limit=60)
    page.keyboard.type(free.inventory_number)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, f"a[href='/staff/it/equipment/{free.pk}/']", limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, f"a[href='/staff/it/equipment/{free.pk}/check-out/']", limit=40)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "input[name=person_name]", limit=40)
    page.keyboard.type("Тарас Шевченко")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/staff/it/equipment/{free.pk}/")
    findings.axe("the item handed out, reached with the keyboard")
    free.refresh_from_db()
    assert free.assigned_name == "Тарас Шевченко"
    findings.done()
