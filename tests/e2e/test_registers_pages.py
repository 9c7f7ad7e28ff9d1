"""axe-core (WCAG 2.1 A/AA) and page structure on every page of the registers, with the generated demo data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.e2e.test_accessibility import check

pytestmark = pytest.mark.browser

SLUGS = ("streets", "buildings", "residents", "land", "property")
ACTIONS = ("list", "create", "detail", "edit", "delete")


def test_every_register_is_listed():
    from hromada.registers import pages

    assert {crud.slug for crud in pages.ALL} == set(SLUGS)


def _first_pk(slug: str) -> int:
    from hromada.registers import pages

    crud = next(c for c in pages.ALL if c.slug == slug)
    return crud.model.objects.filter(hromada__is_default=True).order_by("pk").values_list("pk", flat=True)[0]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("action", ACTIONS)
def test_register_page(demo, staff_page, slug, action):
    args = [_first_pk(slug)] if action in ("detail", "edit", "delete") else []
    check(staff_page, demo.url + reverse(f"registers:{slug}-{action}", args=args))


def test_resident_search_results(demo, staff_page):
    check(staff_page, demo.url + reverse("registers:residents-list") + "?q=шевч")
    assert staff_page.locator("main table tbody tr").count() > 0


def test_registers_map_draws_the_demo_objects(demo, staff_page):
    check(staff_page, demo.url + reverse("registers:map"))
    markers = staff_page.locator("#registers-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() >= 150 + 10  # generated buildings with coordinates and plots with outlines


def test_access_grant_pages(demo, staff_page):
    """The administrator's side of inter-agency access, on the demo's grant to the clinic."""
    from hromada.registers.models import AccessGrant

    grant = AccessGrant.objects.get()
    for name, args in (("grants", []), ("grant-detail", [grant.pk]), ("grant-revoke", [grant.pk])):
        check(staff_page, demo.url + reverse(f"registers:{name}", args=args))


def test_partner_institution_pages(demo, context, page):
    """The clinic's reader sees the shared list and a card with only the granted fields."""
    from hromada.registers.models import AccessGrant, Resident
    from tests.e2e.conftest import sign_in

    grant = AccessGrant.objects.get()
    person = Resident.objects.filter(hromada=grant.hromada).order_by("pk").first()
    sign_in(context, demo.url, "clinic@mohyliv.example")
    check(page, demo.url + reverse("registers:shared-home"))
    check(page, demo.url + reverse("registers:shared-list", args=[grant.pk, "residents"]) + "?q=шевч")
    check(page, demo.url + reverse("registers:shared-detail", args=[grant.pk, "residents", person.pk]))
    assert "РНОКПП" not in page.locator("main").inner_text()
