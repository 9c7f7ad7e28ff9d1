"""Connectivity, cameras and backups in a real browser, on the demo: axe-core (WCAG 2.1 A/AA) and 320 px reflow on
every staff and public page of the concern (the maps too, whose markers are drawn), and an IT officer who records
a backup of the overdue mail with the keyboard.

One demo load for the module (the live server's database is emptied after each test, so it is one test). The core
demo is seeded without the IT assets and this concern's own demos are loaded on top: they make their own cameras
through the equipment services, so they need nothing else of the IT assets demo. Map tiles are switched off — the
page must work without them, and the browser must not reach the Internet."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import _seed, sign_in, tab_to
from tests.e2e.test_participation_pages import Findings

pytestmark = pytest.mark.browser
OFFICER = "programme@mohyliv.example"


@pytest.fixture
def network_demo(live_server, settings):
    from django.utils import translation

    from hromada.core.demo.seed import SeedReport
    from hromada.itassets.backups import demo as backups_demo
    from hromada.itassets.network import demo as network_demo

    settings.MAP_TILES_URL = ""
    seeded = _seed(live_server, settings, frozenset({"acts", "appeals", "participation", "cnap", "opendata",
                                                     "itassets"}))
    with translation.override("uk"):
        network_demo.seed(SeedReport())
        backups_demo.seed(SeedReport())
    return seeded


def test_network_pages_pass_axe_and_the_officer_records_a_backup_with_the_keyboard(network_demo, context, page):
    from hromada.itassets.models import BackupRun, BackupTarget, Camera, Connection

    url = network_demo.url
    conn = Connection.objects.filter(hromada__katottg="UA12020110000034205", institution__isnull=False).first()
    cam = Camera.objects.filter(equipment__hromada__katottg="UA12020110000034205").first()
    mail = BackupTarget.objects.get(name="Службова пошта в домені gov.ua")
    platform = BackupTarget.objects.get(hromada=mail.hromada, platform=True)
    findings = Findings(page)

    # Public pages, anonymous, with their maps drawn.
    for path in ("/it/connectivity/", "/it/cameras/"):
        findings.check(url + path)
    page.goto(f"{url}/it/cameras/")
    markers = page.locator("#network-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 10  # the public cameras in use of the demo

    sign_in(context, url, OFFICER)
    base = f"{url}/staff/it"
    for path in ("/connections/", "/connections/?slow=on&corporate=no", "/connections/map/", "/connections/new/",
                 f"/connections/{conn.pk}/", f"/connections/{conn.pk}/edit/", f"/connections/{conn.pk}/deactivate/",
                 "/cameras/", "/cameras/?police=yes", "/cameras/map/", f"/cameras/{cam.pk}/",
                 f"/cameras/{cam.pk}/edit/", "/backups/", "/backups/?overdue=any", "/backups/new/",
                 f"/backups/{mail.pk}/", f"/backups/{mail.pk}/edit/", f"/backups/{mail.pk}/deactivate/",
                 f"/backups/{mail.pk}/runs/new/", f"/backups/{platform.pk}/"):
        findings.check(base + path)
    page.goto(f"{base}/connections/map/")
    page.locator("#network-map path.leaflet-interactive").first.wait_for()
    assert page.locator("#network-map path.leaflet-interactive").count() == Connection.objects.filter(
        hromada=mail.hromada, active=True).count()

    # Keyboard only: from the overdue filter to the mail, its run form, a backup recorded with a decimal comma.
    page.goto(f"{base}/backups/?overdue=any")
    tab_to(page, f"a[href='/staff/it/backups/{mail.pk}/']", limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, f"a[href='/staff/it/backups/{mail.pk}/runs/new/']", limit=60)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "input[name=size_bytes]", limit=40)
    page.keyboard.type("23,5 ГБ")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/staff/it/backups/{mail.pk}/")
    findings.axe("the system after recording its backup")
    run = BackupRun.objects.filter(target=mail).order_by("-recorded_at", "-pk").first()
    assert run.size_bytes == 25232932864 and run.recorded_by.email == OFFICER
    mail.refresh_from_db()
    assert mail.last_success_at == run.finished_at
    findings.done()
