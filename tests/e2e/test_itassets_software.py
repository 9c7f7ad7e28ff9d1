"""Software and licences in a real browser, on the demo: axe-core (WCAG 2.1 A/AA) and 320 px reflow on every page
of the concern, and an IT officer who finds the unlicensed installations and opens a computer with the keyboard.

One demo load for the module (the live server's database is emptied after each test, so it is one test). The
software demo attaches to the equipment demo's computers; if that demo has none, a dozen computers are made here
first, so the pages have rows either way."""

from __future__ import annotations

from datetime import date

import pytest

from tests.e2e.conftest import _seed, sign_in, tab_to
from tests.e2e.test_participation_pages import Findings

pytestmark = pytest.mark.browser
OFFICER = "programme@mohyliv.example"


@pytest.fixture
def software_demo(live_server, settings):
    from hromada.core.demo.seed import SeedReport
    from hromada.core.models import Department, Hromada
    from hromada.itassets.models import Category, Equipment
    from hromada.itassets.software import demo
    from tests.itassets.builders import equipment

    seeded = _seed(live_server, settings, frozenset({"acts", "appeals", "participation", "cnap", "opendata"}))
    mohyliv = Hromada.objects.get(katottg=demo.MOHYLIV)
    if not Equipment.objects.filter(hromada=mohyliv, category__in=(Category.COMPUTER, Category.LAPTOP)).exists():
        units = list(Department.objects.filter(hromada=mohyliv, short_name__in=("ФВ", "ЗВ", "ЦНАП")))
        for n in range(12):
            equipment(mohyliv, inventory_number=f"E2E-{n:03d}", department=units[n % len(units)] if n < 6 else None,
                      purchase_date=date(2014 if n == 8 else 2019 if n % 3 == 0 else 2023, 4, 1))
        demo.seed(SeedReport())
    return seeded


def test_software_pages_pass_axe_and_the_officer_finds_the_unlicensed_with_the_keyboard(software_demo, context,
                                                                                        page):
    from hromada.itassets.models import Installation, Licence, Seat, SoftwareProfile
    from hromada.itassets.software import demo

    url = software_demo.url
    licence = Licence.objects.get(hromada__katottg=demo.MOHYLIV, software__name="Парус-Бюджет")
    title = licence.software
    held = Seat.objects.filter(licence=licence, released_on__isnull=True).first()
    installation = Installation.objects.filter(hromada__katottg=demo.MOHYLIV).order_by("pk").first()
    profile = SoftwareProfile.objects.get(hromada__katottg=demo.MOHYLIV, name="Бухгалтер")
    findings = Findings(page)
    sign_in(context, url, OFFICER)
    base = f"{url}/staff/it"
    paths = ["/software/", "/software/?kind=accounting", "/software/new/", f"/software/{title.pk}/",
             f"/software/{title.pk}/?show=unlicensed", f"/software/{title.pk}/edit/", f"/software/{title.pk}/delete/",
             "/software/compliance/", "/software/compliance/?status=outdated", "/software/computers/",
             f"/software/computers/{installation.equipment_id}/", f"/software/installations/{installation.pk}/edit/",
             f"/software/installations/{installation.pk}/delete/", "/software/import/", "/licences/",
             "/licences/?state=expiring", "/licences/new/", f"/licences/{licence.pk}/", f"/licences/{licence.pk}/edit/",
             f"/licences/{licence.pk}/delete/", "/profiles/", "/profiles/new/", f"/profiles/{profile.pk}/",
             f"/profiles/{profile.pk}/edit/", f"/equipment/{installation.equipment_id}/"]
    if held is not None:
        paths.append(f"/licences/seats/{held.pk}/release/")
    for path in paths:
        findings.check(base + path)

    # Keyboard only: the compliance report, the «unlicensed» filter, the first computer in it.
    page.goto(f"{base}/software/compliance/")
    tab_to(page, "select[name=status]", limit=60)
    page.keyboard.press("Home")  # the default: every problem
    page.keyboard.press("ArrowDown")  # the next: unlicensed
    tab_to(page, "form.filters button[type=submit]", limit=10)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "status=unlicensed" in page.url
    tab_to(page, "table a[href*='/software/computers/']", limit=80)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/software/computers/" in page.url
    assert page.locator("strong.flag.missing").count() >= 1  # the unlicensed program is flagged on its page
    findings.axe("the computer reached with the keyboard")
    findings.done()
