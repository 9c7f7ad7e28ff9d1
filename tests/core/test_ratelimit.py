"""Rate limits on the endpoints a crowd or a script hits: 429 with Retry-After on the portal and the API, per
account where one is signed in and per address for search, nothing changed by a refused request, and the load
tests' address exempt only when set."""

from __future__ import annotations

import pytest
from django.test import Client

from hromada.cnap.models import Booking, Slot
from tests.apiclient import ApiClient, uk
from tests.cnap.world import build_cnap, next_weekday
from tests.participation.world import build_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hromada_a):
    town = build_town(hromada_a)
    cnap = build_cnap(hromada_a, town.staff("cnap_admin"))
    day = next_weekday(1)
    cnap.sync(day, days=0)
    return town, cnap, day


def test_api_booking_beyond_the_rate_is_429_with_retry_after_and_books_nothing(world, settings):
    town, cnap, day = world
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "booking": "2/h/user"}
    person = town.person()
    client = ApiClient(person)
    slots = list(Slot.objects.filter(window__number="1", starts_at__date=day).order_by("starts_at")[:3])
    for slot in slots[:2]:
        made = client.post("/queue/bookings", {"slot": slot.pk, "service": cnap.residence.pk}).json()
        client.delete(f"/queue/bookings/{made['id']}")
    refused = client.post("/queue/bookings", {"slot": slots[2].pk, "service": cnap.residence.pk})
    assert refused.status_code == 429 and 3000 < int(refused["Retry-After"]) <= 3600
    assert refused.json() == {"detail": uk("Too many attempts. Try again in %(minutes)s min.", minutes=60)}
    assert not Booking.objects.filter(slot=slots[2]).exists()
    # Another resident (another account, the same address) is not held back.
    other = ApiClient(town.person()).post("/queue/bookings", {"slot": slots[2].pk, "service": cnap.residence.pk})
    assert other.status_code == 201


def test_search_beyond_the_rate_is_the_429_page_per_address(world, settings, client_a):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "search": "3/m/ip"}
    for _ in range(3):
        assert client_a.get("/services/", {"q": "довідка"}).status_code == 200
    refused = client_a.get("/services/", {"q": "довідка"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) <= 60
    assert uk("Too many requests") in refused.content.decode()
    assert client_a.get("/services/").status_code == 200  # browsing without a query is not counted
    elsewhere = Client(HTTP_HOST="a.localhost", REMOTE_ADDR="10.0.0.7")
    assert elsewhere.get("/services/", {"q": "довідка"}).status_code == 200
    assert ApiClient().get("/acts/search", {"q": "бюджет"}).status_code == 429  # the same address, the same count


def test_the_load_tests_address_is_exempt_only_when_set(world, settings, client_a):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "search": "1/m/ip"}
    settings.RATE_LIMIT_EXEMPT = frozenset({"127.0.0.1"})
    for _ in range(3):
        assert client_a.get("/services/", {"q": "довідка"}).status_code == 200
    settings.RATE_LIMIT_EXEMPT = frozenset()
    assert client_a.get("/services/", {"q": "довідка"}).status_code == 200
    assert client_a.get("/services/", {"q": "довідка"}).status_code == 429


def test_signing_and_voting_forms_are_limited_per_account(world, settings, client_a):
    town, _cnap, _day = world
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "signature": "1/h/user", "ballot": "1/h/user"}
    client_a.force_login(town.person())
    first = client_a.post("/petitions/999999/sign/")
    assert first.status_code == 404  # counted, then the view answers
    assert client_a.post("/petitions/999999/sign/").status_code == 429
    assert client_a.post("/budget/2026/ballot/").status_code in (404, 302, 400)
    assert client_a.post("/budget/2026/ballot/").status_code == 429
