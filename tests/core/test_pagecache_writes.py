"""The page cache is invalidated by every kind of write a cached public page shows, module by module: a
petition signed (its count), a budget ballot (the public log), a ЦНАП service edited and its offices changed
(an m2m), IT assets' public cameras and connections, and the pages built from every module (home, programmes,
open data) by a write in any of them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from hromada.core import pagecache
from hromada.participation.budget import voting
from hromada.participation.petitions import services as petitions
from tests.acts.builders import act, secretary
from tests.cnap.world import build_cnap
from tests.itassets.builders import camera, connection
from tests.participation.petition_builders import collecting
from tests.participation.world import build_town, edition_rows

pytestmark = pytest.mark.django_db


def visitor(host: str = "a.localhost") -> Client:
    return Client(HTTP_HOST=host)


def warm(client: Client, url: str) -> bytes:
    first = client.get(url)
    assert first.status_code == 200, url
    again = client.get(url)
    assert again.get(pagecache.HEADER) == "hit", url
    return again.content


def assert_fresh(client: Client, url: str, before: bytes) -> bytes:
    after = client.get(url)
    assert after.status_code == 200 and after.get(pagecache.HEADER) == "miss", url
    assert after.content != before, url
    return after.content


def test_a_signature_changes_the_petitions_pages(hromada_a):
    town = build_town(hromada_a)
    moderator = town.staff("council_secretary")
    petition = collecting(town, moderator, threshold=3)
    anonymous = visitor()
    urls = (f"/petitions/{petition.pk}/", "/petitions/", "/api/v1/petitions")
    before = {url: warm(anonymous, url) for url in urls}
    petitions.sign(petition, user=town.person(), hromada=hromada_a)
    for url in urls:
        assert_fresh(anonymous, url, before[url])


def test_a_ballot_changes_the_budget_pages(hromada_a):
    town = build_town(hromada_a)
    edition = edition_rows(hromada_a, today=timezone.localdate(), district=town.district)
    from tests.participation.test_budget_voting import admitted

    small = edition.categories.order_by("order").first()
    projects = admitted(edition, small, 2)
    anonymous = visitor()
    url = f"/budget/{edition.year}/ballot-log.json"
    before = warm(anonymous, url)
    voting.cast(edition, user=town.person(), hromada=hromada_a, project_ids=[projects[0].pk])
    assert_fresh(anonymous, url, before)


def test_a_cnap_service_edit_and_its_offices_change_the_catalogue(hromada_a):
    town = build_town(hromada_a)
    cnap = build_cnap(hromada_a, town.staff("cnap_admin"))
    anonymous = visitor()
    url = "/api/v1/services"
    before = warm(anonymous, url)
    cnap.residence.title = "Декларування місця проживання (оновлено)"
    cnap.residence.save()
    before = assert_fresh(anonymous, url, before)
    warm(anonymous, url)
    cnap.residence.offices.clear()  # an m2m change
    assert_fresh(anonymous, url, before)
    offices = warm(anonymous, "/api/v1/queue/offices")
    cnap.office.name = "ЦНАП (нова адреса)"
    cnap.office.save()
    assert_fresh(anonymous, "/api/v1/queue/offices", offices)


def test_it_assets_public_pages_follow_their_rows(hromada_a):
    anonymous = visitor()
    item = camera(hromada_a, location="Площа", watched_object="Центр")
    link = connection(hromada_a, provider="Оріль-Нет")
    cameras, links = warm(anonymous, "/it/cameras/"), warm(anonymous, "/it/connectivity/")
    item.camera.location = "Нова площа"
    item.camera.save()
    assert b"\xd0\x9d\xd0\xbe\xd0\xb2\xd0\xb0 \xd0\xbf\xd0\xbb\xd0\xbe\xd1\x89\xd0\xb0" in \
        assert_fresh(anonymous, "/it/cameras/", cameras)  # «Нова площа»
    link.contracted_mbps = Decimal(1000)
    link.save()
    assert_fresh(anonymous, "/it/connectivity/", links)


@pytest.mark.parametrize("url", ["/", "/programmes/", "/opendata/"])
def test_pages_built_from_every_module_follow_a_write_in_any(hromada_a, url):
    anonymous = visitor()
    first = anonymous.get(url)
    if first.status_code != 200:
        pytest.skip(f"{url} answers {first.status_code} for an empty hromada")
    assert anonymous.get(url).get(pagecache.HEADER) == "hit"
    act(hromada_a, secretary(hromada_a), number="5", title="Про щось нове")
    assert anonymous.get(url).get(pagecache.HEADER) == "miss"


def test_a_modules_write_leaves_other_modules_pages_cached(hromada_a):
    anonymous = visitor()
    warm(anonymous, "/it/cameras/")
    act(hromada_a, secretary(hromada_a), number="6", title="Про інше")
    assert anonymous.get("/it/cameras/").get(pagecache.HEADER) == "hit"
