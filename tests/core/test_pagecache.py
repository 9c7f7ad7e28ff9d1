"""The page cache (core/pagecache.py): anonymous public pages are served again without rendering, each hromada
under its own keys, invalidated by every kind of write they show (through the ORM, through update() and
bulk_create(), through raw SQL), never for a signed-in user and never with anyone's name in them."""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hromada.acts import services as act_services
from hromada.acts.models import Act
from hromada.core import pagecache
from hromada.core.models import Hromada
from hromada.portal.models import Contacts
from tests.acts.builders import act, secretary
from tests.participation.world import build_town

pytestmark = pytest.mark.django_db


def published(hromada, actor, **fields) -> Act:
    return act_services.publish_act(act(hromada, actor, **fields), actor=actor, hromada=hromada)


@pytest.fixture
def acts(hromada_a, hromada_b):
    a, b = secretary(hromada_a), secretary(hromada_b)
    return {
        "a": published(hromada_a, a, number="7", title="Про благоустрій Альфа"),
        "b": published(hromada_b, b, number="7", title="Про благоустрій Бета"),
        "secretary_a": a,
        "secretary_b": b,
    }


def anonymous(host: str = "a.localhost") -> Client:
    return Client(HTTP_HOST=host)


def state(response) -> str:
    return response.get(pagecache.HEADER, "")


def stored_pages() -> list[bytes]:
    """Every page body the pages cache holds (the local-memory backend of the tests)."""
    store = caches[pagecache.CACHE_ALIAS]
    found = []
    for key in list(store._cache):
        entry = store.get(key.split(":", 2)[2]) if key.count(":") >= 2 else None
        if isinstance(entry, tuple) and len(entry) == 4:
            found.append(entry[2])
    return found


# --- serving ---------------------------------------------------------------------------------------------


def test_a_second_anonymous_visit_is_served_from_the_cache_with_the_same_bytes(acts):
    visitor = anonymous()
    first = visitor.get("/acts/")
    assert first.status_code == 200 and state(first) == "miss"
    with CaptureQueriesContext(connection) as queries:
        again = visitor.get("/acts/")
    assert state(again) == "hit" and again.content == first.content
    # The hit asks the database nothing: the host's hromada is remembered, no session, no user, no rendering.
    assert len(queries) == 0
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]
    assert again["Content-Type"] == first["Content-Type"] and again["X-Frame-Options"] == "DENY"


def test_a_client_holding_the_page_gets_304_without_rendering(acts):
    visitor = anonymous()
    first = visitor.get("/api/v1/acts/search")
    assert first.status_code == 200 and first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = visitor.get("/api/v1/acts/search", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b"" and len(queries) == 0
    since = visitor.get("/api/v1/acts/search", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_head_is_answered_from_the_page_a_get_stored(acts):
    visitor = anonymous()
    visitor.get("/acts/")
    head = visitor.head("/acts/")
    assert head.status_code == 200 and state(head) == "hit"


def test_the_query_string_is_part_of_the_key_in_any_order(acts):
    visitor = anonymous()
    assert state(visitor.get("/acts/?type=council_decision&page=1")) == "miss"
    assert state(visitor.get("/acts/?page=1&type=council_decision")) == "hit"
    assert state(visitor.get("/acts/?type=head_order")) == "miss"


@pytest.mark.parametrize("url", ["/acts/?q=благоустрій", "/api/v1/acts/search?q=благоустрій",
                                 "/api/v1/acts/search", "/opendata/?q=акти", "/services/?q=довідка"])
def test_a_search_answered_from_the_cache_counts_against_the_search_rate(acts, settings, url):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "search": "3/m/ip"}
    visitor = anonymous()
    answers = [visitor.get(url) for _ in range(4)]
    assert [state(a) for a in answers[:3]] == ["miss", "hit", "hit"]
    assert answers[0].content == answers[2].content
    assert answers[3].status_code == 429 and answers[3]["Retry-After"]  # the 4th search, as if each were rendered


def test_a_page_whose_rendering_counted_nothing_is_served_without_counting(acts, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "search": "1/m/ip"}
    visitor = anonymous()
    assert all(visitor.get("/acts/").status_code == 200 for _ in range(5))
    assert visitor.get("/acts/?q=благоустрій").status_code == 200
    assert visitor.get("/acts/?q=благоустрій").status_code == 429


def test_staff_pages_and_forms_are_never_cached(acts, hromada_a):
    visitor = anonymous()
    for url in ("/staff/", "/login/", "/contacts/feedback/"):
        visitor.get(url)
        assert state(visitor.get(url)) == "", url


def test_a_page_that_bakes_in_a_csrf_token_is_not_stored(rf, hromada_a):
    from django.http import HttpResponse

    request = rf.get("/acts/")
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    assert not pagecache.storable(request, HttpResponse("<form>…</form>"))
    clean = rf.get("/acts/")
    assert pagecache.storable(clean, HttpResponse("ok"))
    private = HttpResponse("ok")
    private["Cache-Control"] = "private"
    assert not pagecache.storable(clean, private)
    cookie = HttpResponse("ok")
    cookie.set_cookie("x", "1")
    assert not pagecache.storable(clean, cookie)


def test_an_anonymous_page_carries_no_csrf_token(acts):
    body = anonymous().get("/acts/").content.decode()
    assert "csrf" not in body.lower()


def test_the_off_switch(acts, settings):
    settings.PAGE_CACHE = False
    visitor = anonymous()
    visitor.get("/acts/")
    assert state(visitor.get("/acts/")) == ""


def test_pages_still_serve_when_the_cache_is_away(acts, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(pagecache.FileVersions, "get_many", broken)
    monkeypatch.setattr(pagecache.FileVersions, "bump", broken)
    response = anonymous().get("/acts/")
    assert response.status_code == 200 and "Альфа" in response.content.decode()
    # …and a write still succeeds.
    act_services.update_act(acts["a"], actor=acts["secretary_a"], hromada=acts["a"].hromada,
                            fields={"title": "Про благоустрій Альфа-2"})


# --- tenants ---------------------------------------------------------------------------------------------


def test_two_hromadas_with_the_same_address_get_their_own_pages(acts):
    a, b = anonymous("a.localhost"), anonymous("b.localhost")
    assert "Альфа" in a.get("/acts/").content.decode()
    page_b = b.get("/acts/")
    assert state(page_b) == "miss"
    assert "Бета" in page_b.content.decode() and "Альфа" not in page_b.content.decode()
    assert "Альфа" in a.get("/acts/").content.decode()


def test_a_write_in_one_hromada_leaves_the_others_pages_cached(acts):
    a, b = anonymous("a.localhost"), anonymous("b.localhost")
    a.get("/acts/"), b.get("/acts/")
    act_services.update_act(acts["a"], actor=acts["secretary_a"], hromada=acts["a"].hromada,
                            fields={"title": "Про благоустрій Альфа (нова редакція)"})
    after_a = a.get("/acts/")
    assert state(after_a) == "miss" and "нова редакція" in after_a.content.decode()
    assert state(b.get("/acts/")) == "hit"


def test_an_explicit_bump_reaches_one_hromada_and_one_module(acts, hromada_a):
    a, b = anonymous("a.localhost"), anonymous("b.localhost")
    for visitor in (a, b):
        visitor.get("/acts/"), visitor.get("/it/cameras/")
    pagecache.bump(hromada_a, "acts")
    assert state(a.get("/acts/")) == "miss"
    assert state(b.get("/acts/")) == "hit"
    assert state(a.get("/it/cameras/")) in ("hit", "")  # another module's page (if the hromada shows it)


def test_keys_differ_by_hromada_for_the_same_path(rf, hromada_a, hromada_b):
    rule = pagecache.rule_for("/acts/")
    key_a, _ = pagecache.page_key(rf.get("/acts/", HTTP_HOST="a.localhost"), hromada_a, rule)
    key_b, _ = pagecache.page_key(rf.get("/acts/", HTTP_HOST="a.localhost"), hromada_b, rule)
    assert key_a != key_b and f":{hromada_a.pk}:" in key_a and f":{hromada_b.pk}:" in key_b


# --- invalidation by every path a write can take ---------------------------------------------------------


def test_creating_editing_and_publishing_an_act_show_at_once(acts, hromada_a):
    visitor, actor = anonymous(), acts["secretary_a"]
    visitor.get("/acts/")
    fresh = act(hromada_a, actor, number="8", title="Про ремонт доріг")
    assert "Про ремонт доріг" not in visitor.get("/acts/").content.decode()  # not published yet
    act_services.publish_act(fresh, actor=actor, hromada=hromada_a)
    assert "Про ремонт доріг" in visitor.get("/acts/").content.decode()
    act_services.update_act(fresh, actor=actor, hromada=hromada_a, fields={"title": "Про ремонт мостів"})
    assert "Про ремонт мостів" in visitor.get("/acts/").content.decode()


def test_a_queryset_update_is_seen(acts):
    visitor = anonymous()
    visitor.get("/acts/")
    Act.objects.filter(pk=acts["a"].pk).update(title="Змінено оновленням")
    assert "Змінено оновленням" in visitor.get("/acts/").content.decode()


def test_raw_sql_is_seen(acts):
    visitor = anonymous()
    visitor.get("/acts/")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Act._meta.db_table} SET title = %s WHERE id = %s",  # noqa: S608
                       ["Змінено сирим SQL", acts["a"].pk])
    assert "Змінено сирим SQL" in visitor.get("/acts/").content.decode()


def test_a_write_inside_a_transaction_bumps_again_at_commit(acts, hromada_a):
    visitor = anonymous()
    visitor.get("/acts/")
    names = {"0-acts", "0-any"}  # update() outside a request: the module of every hromada
    with transaction.atomic():
        before = len(connection.run_on_commit)
        Act.objects.filter(pk=acts["a"].pk).update(title="Всередині транзакції")
        during = pagecache.versions().get_many(names)
        # A page rendered now (from another connection, the old rows) would be stored under `during`…
        Act.objects.filter(pk=acts["a"].pk).update(title="Всередині транзакції 2")  # one pending bump for both
        assert pagecache.versions().get_many(names) == during
        pending = [func for _, func, _ in connection.run_on_commit[before:]
                   if isinstance(func, pagecache._PendingBump)]
        assert len(pending) == 1 and names <= pending[0].names
    pending[0]()  # …and the commit replaces it (the test's own transaction never commits)
    assert all(value > during[name] for name, value in pagecache.versions().get_many(names).items())


def test_the_hromadas_name_and_settings_show_at_once(acts, hromada_a):
    visitor = anonymous()
    visitor.get("/acts/"), visitor.get("/")
    hromada_a.short_name = "Нова назва"
    hromada_a.save()
    assert "Нова назва" in visitor.get("/acts/").content.decode()
    assert "Нова назва" in visitor.get("/").content.decode()
    Hromada.objects.filter(pk=hromada_a.pk).update(council_name="Рада за оновленням")
    assert "Рада за оновленням" in visitor.get("/acts/").content.decode()


def test_contacts_show_at_once(client_a, hromada_a):
    visitor = anonymous()
    visitor.get("/contacts/")
    contacts, _ = Contacts.objects.get_or_create(hromada=hromada_a)
    contacts.postal_address = "вул. Кешована, 5"
    contacts.save()
    assert "вул. Кешована, 5" in visitor.get("/contacts/").content.decode()


def test_a_write_without_a_hromada_reaches_every_hromada(acts):
    a, b = anonymous("a.localhost"), anonymous("b.localhost")
    a.get("/acts/"), b.get("/acts/")
    pagecache.bump(None, "acts")
    assert state(a.get("/acts/")) == "miss" and state(b.get("/acts/")) == "miss"


# --- nobody's name in a cached page ----------------------------------------------------------------------


def test_a_residents_name_never_reaches_the_anonymous_cache(acts, hromada_a):
    town = build_town(hromada_a)
    resident = town.person(last_name="Неповторенко", first_name="Остап")
    name = "Неповторенко"
    urls = ("/", "/acts/", f"/acts/{acts['a'].pk}/", "/petitions/", "/services/", "/contacts/", "/api/v1/acts/search")
    # An anonymous visitor first: the pages are stored.
    visitor = anonymous()
    for url in urls:
        visitor.get(url)
    signed_in = anonymous()
    signed_in.force_login(resident)
    for url in urls:
        response = signed_in.get(url)
        assert state(response) == "", url  # never from (nor into) the anonymous cache
        if response.status_code == 200 and "html" in response["Content-Type"]:
            assert name in response.content.decode(), url  # their own page shows who is signed in
    for url in urls:
        response = visitor.get(url)
        assert name not in response.content.decode(), url
    assert stored_pages() and not any(name.encode() in page for page in stored_pages())


def test_a_signed_in_visit_first_stores_nothing(acts, hromada_a):
    town = build_town(hromada_a)
    resident = town.person(last_name="Першовізитенко")
    signed_in = anonymous()
    signed_in.force_login(resident)
    signed_in.get("/acts/")
    assert stored_pages() == []
    assert "Першовізитенко" not in anonymous().get("/acts/").content.decode()


def test_an_anonymous_visitor_with_a_session_is_not_served_from_the_cache(acts):
    visitor = anonymous()
    visitor.get("/acts/")
    visitor.cookies["sessionid"] = "whatever"
    assert state(visitor.get("/acts/")) == ""


def test_the_ttl_ceiling_bounds_every_rule(settings):
    settings.PAGE_CACHE_TTL = 30
    assert pagecache.ttl_for(pagecache.PageRule("/x/", ("acts",), ttl=600)) == 30
    assert pagecache.ttl_for(pagecache.PageRule("/x/", ("acts",), ttl=10)) == 10
    assert pagecache.ttl_for(pagecache.PageRule("/x/", ("acts",))) == 30


def test_last_modified_is_the_time_of_the_last_write_shown(acts, hromada_a):
    from django.utils.http import parse_http_date

    visitor = anonymous()
    first = parse_http_date(visitor.get("/acts/")["Last-Modified"])
    assert abs(first - dt.datetime.now(dt.UTC).timestamp()) < 600
    assert date.fromtimestamp(first) <= date.today()


def test_the_sql_watcher_reads_the_tables_a_statement_writes():
    assert pagecache.written_tables(
        'WITH b AS (INSERT INTO "participation_ballot" (x) VALUES (1) RETURNING id), '
        'old AS (SELECT id FROM "participation_edition" FOR NO KEY UPDATE), '
        'upd AS (UPDATE "participation_edition" AS ed SET n = 1) SELECT 1') == [
        "participation_ballot", "participation_edition"]
    assert pagecache.written_tables('INSERT OR IGNORE INTO "acts_act" VALUES (1)') == ["acts_act"]
    assert pagecache.written_tables('DELETE FROM "acts_act" WHERE id = 1') == ["acts_act"]
    assert pagecache.written_tables("SELECT updated_at FROM acts_act FOR UPDATE") == []
    assert pagecache.written_tables("WITH m AS (SELECT id FROM acts_act) SELECT updated_at FROM m") == []


# --- the host's hromada, remembered by the process for the hit path (core/tenancy.hromada_id_for_host) --------


def test_a_host_another_process_moved_is_never_stored_under_the_old_hromada(acts, hromada_b):
    from hromada.core import tenancy
    from hromada.core.models import HromadaHost

    visitor = anonymous()
    visitor.get("/")  # remembered: a.localhost is hromada A
    HromadaHost.objects.filter(host="a.localhost").update(hromada=hromada_b)  # as if by another process
    page = visitor.get("/acts/")  # still remembered as A: a miss, rendered for B, not stored under A's key
    assert "Бета" in page.content.decode() and state(page) == ""
    assert not tenancy._remembered  # the wrong memory is dropped at once
    again = visitor.get("/acts/")
    assert "Бета" in again.content.decode() and state(again) == "miss"
    assert state(visitor.get("/acts/")) == "hit" and "Бета" in visitor.get("/acts/").content.decode()


def test_saving_a_host_or_a_hromada_forgets_what_the_process_remembered(acts, hromada_a):
    from hromada.core import tenancy
    from hromada.core.models import HromadaHost

    assert tenancy.hromada_id_for_host("a.localhost") == hromada_a.pk and tenancy._remembered
    hromada_a.save()
    assert not tenancy._remembered
    tenancy.hromada_id_for_host("a.localhost")
    HromadaHost.objects.create(hromada=hromada_a, host="alpha.example")
    assert not tenancy._remembered


def test_the_memory_of_hosts_is_bounded(acts, monkeypatch):
    from hromada.core import tenancy

    monkeypatch.setattr(tenancy, "_HOST_MEMORY_LIMIT", 3)
    for n in range(10):
        tenancy.hromada_id_for_host(f"h{n}.example")  # unknown hosts: the default hromada
        assert len(tenancy._remembered) <= 3


# --- the edge microcache (nginx in front, core/cluster.py) ------------------------------------------------


def test_pages_served_from_the_cache_without_a_rate_limit_let_the_proxy_keep_them(acts, settings, client_a):
    settings.EDGE_CACHE_SECONDS = 1
    visitor = anonymous()
    miss, hit = visitor.get("/acts/"), visitor.get("/acts/")
    assert state(miss) == "miss" and miss["X-Accel-Expires"] == "1"
    assert state(hit) == "hit" and hit["X-Accel-Expires"] == "1"
    searched = [visitor.get("/acts/?q=благоустрій") for _ in range(2)]  # counted by the search rate limit
    assert [state(a) for a in searched] == ["miss", "hit"] and not any(a.has_header("X-Accel-Expires")
                                                                        for a in searched)
    assert not visitor.get("/api/v1/acts/search").has_header("X-Accel-Expires")  # every call counted
    assert not visitor.get("/contacts/feedback/").has_header("X-Accel-Expires")  # a form: never cached
    client_a.force_login(acts["secretary_a"])
    assert not client_a.get("/acts/").has_header("X-Accel-Expires")


def test_without_the_setting_no_proxy_is_told_to_keep_anything(acts, settings):
    settings.EDGE_CACHE_SECONDS = 0
    visitor = anonymous()
    assert not any(visitor.get("/acts/").has_header("X-Accel-Expires") for _ in range(2))
