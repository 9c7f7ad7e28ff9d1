"""Read routing to a replica (core/dbrouter.py): which requests read where, stickiness after a write, and the
fall-back to the primary when the replica is unreachable — with real second connection aliases: one to the same
test database (a stand-in for a streaming replica, as Django's TEST MIRROR), one to a closed port."""

from __future__ import annotations

import socket
from contextlib import contextmanager, suppress

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.utils import ConnectionHandler, load_backend
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from hromada.core import dbrouter
from hromada.core.models import Hromada

ROUTER = "hromada.core.dbrouter.ReplicaRouter"
MIDDLEWARE = "hromada.core.dbrouter.ReplicaRoutingMiddleware"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def extra_alias(name: str, settings_dict: dict):
    """A further connection alias for the duration of a test, configured as Django would configure it. It is
    this thread's connection only, not an entry of settings.DATABASES: Django's test case then lets it be
    used ("dynamically created connections are always allowed")."""
    configured = ConnectionHandler({DEFAULT_DB_ALIAS: settings_dict}).settings[DEFAULT_DB_ALIAS]
    connections[name] = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, name)
    try:
        yield name
    finally:
        with suppress(Exception):  # a connection to a closed port
            connections[name].close()
        del connections[name]


def same_database_alias():
    """A second, real connection to the test database: what a caught-up replica shows."""
    return extra_alias("replica", dict(connections[DEFAULT_DB_ALIAS].settings_dict))


def closed_port_alias():
    return extra_alias("replica", {
        "ENGINE": "django.db.backends.postgresql", "NAME": "hromada", "USER": "hromada", "HOST": "127.0.0.1",
        "PORT": str(_closed_port()), "OPTIONS": {"connect_timeout": 2},
    })


@pytest.fixture
def routed():
    """The replica's router and middleware on, as settings.py turns them on with HROMADA_REPLICA_DATABASE_URL."""
    dbrouter.forget_replica_health()
    with override_settings(DATABASE_ROUTERS=[ROUTER], REPLICA_DATABASE_ALIAS="replica",
                           MIDDLEWARE=[MIDDLEWARE, *settings.MIDDLEWARE], REPLICA_STICKY_SECONDS=7):
        yield
    dbrouter.forget_replica_health()


@contextmanager
def request_state(**kwargs):
    state = dbrouter.RequestRouting(**kwargs)
    token = dbrouter._routing.set(state)
    try:
        yield state
    finally:
        dbrouter._routing.reset(token)


# --- decisions --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_without_a_replica_the_router_decides_nothing():
    router = dbrouter.ReplicaRouter()
    with request_state(replica_allowed=True):
        assert router.db_for_read(Hromada) is None
        assert router.db_for_write(Hromada) is None
        assert router.allow_migrate("default", "core") is None


@pytest.mark.django_db(transaction=True)
def test_routing_decisions(routed):
    router = dbrouter.ReplicaRouter()
    with same_database_alias():
        # No request (worker, management commands): the primary.
        assert router.db_for_read(Hromada) == "default"
        with request_state(replica_allowed=False):
            assert router.db_for_read(Hromada) == "default"
        with request_state(replica_allowed=True) as state:
            assert router.db_for_read(Hromada) == "replica" and state.used_replica
            # The cache table and sessions are read where they are written.
            assert router.db_for_read(type("E", (), {"_meta": type("M", (), {"app_label": "django_cache"})})) \
                == "default"
        with request_state(replica_allowed=True), transaction.atomic():
            assert router.db_for_read(Hromada) == "default"  # a read inside a transaction decides a write
        with request_state(replica_allowed=True) as state:
            assert router.db_for_write(Hromada) == "default" and state.wrote
            assert router.db_for_read(Hromada) == "default"  # the request's reads after its own write
        assert router.allow_migrate("default", "core") is True
        assert router.allow_migrate("replica", "core") is False


@pytest.mark.parametrize(("method", "path", "cookies", "headers", "public"), [
    ("GET", "/", {}, {}, True),
    ("HEAD", "/acts/", {}, {}, True),
    ("GET", "/api/v1/services", {}, {}, True),
    ("POST", "/", {}, {}, False),
    ("GET", "/", {"sessionid": "x"}, {}, False),
    ("GET", "/", {dbrouter.STICKY_COOKIE: "1"}, {}, False),
    ("GET", "/api/v1/services", {}, {"HTTP_AUTHORIZATION": "Bearer x"}, False),
    ("GET", "/staff/", {}, {}, False),
    ("GET", "/cabinet/", {}, {}, False),
    ("GET", "/admin/", {}, {}, False),
])
def test_which_requests_are_public_reads(method, path, cookies, headers, public):
    request = RequestFactory().generic(method, path, **headers)
    request.COOKIES.update(cookies)
    assert dbrouter.is_public_read(request) is public


# --- requests through a real second connection ----------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_public_pages_read_through_the_replica_connection(routed, hromada_a):
    _forget_recent_writes()
    with same_database_alias():
        client = Client(HTTP_HOST="a.localhost")
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert client.get("/").status_code == 200
        assert any(q["sql"].lstrip().upper().startswith("SELECT") for q in replica.captured_queries)
        if connections["replica"].vendor == "postgresql":  # a connection of its own, not default's
            with connections["replica"].cursor() as c1, connections["default"].cursor() as c2:
                c1.execute("SELECT pg_backend_pid()")
                c2.execute("SELECT pg_backend_pid()")
                assert c1.fetchone() != c2.fetchone()
        # A signed-in visitor's pages read the primary.
        client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert client.get("/").status_code == 200
        assert replica.captured_queries == []


@pytest.mark.django_db(transaction=True)
def test_a_write_makes_the_clients_next_reads_sticky_to_the_primary(routed, hromada_a):
    def writing_view(request):
        Hromada.objects.filter(pk=hromada_a.pk).update(name="Громада А2")
        return HttpResponse("ok")

    with same_database_alias():
        response = dbrouter.ReplicaRoutingMiddleware(writing_view)(RequestFactory().get("/"))
        cookie = response.cookies[dbrouter.STICKY_COOKIE]
        assert cookie.value == "1" and cookie["max-age"] == 7 and cookie["httponly"]
        # A plain read sets no cookie (an anonymous page stays cacheable).
        reading = dbrouter.ReplicaRoutingMiddleware(lambda r: HttpResponse(Hromada.objects.count()))
        assert dbrouter.STICKY_COOKIE not in reading(RequestFactory().get("/")).cookies

        client = Client(HTTP_HOST="a.localhost")
        client.cookies[dbrouter.STICKY_COOKIE] = "1"
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert client.get("/").status_code == 200
        assert replica.captured_queries == []


def _tenant_lookup_or_probe(sql: str) -> bool:
    table = Hromada._meta.db_table
    return sql == "SELECT 0" or "pg_is_in_recovery" in sql or (
        f'FROM "{table}"' in sql and "JOIN" not in sql.upper())


def _forget_recent_writes():
    """The fixtures' own writes (made before the test, outside any request) mark every hromada for a while."""
    from django.core.cache import cache

    cache.delete_many([dbrouter._written_key(h) for h in (*Hromada.objects.values_list("pk", flat=True), 0)])


def _drop_cached_pages():
    from django.core.cache import caches

    if "pages" in settings.CACHES:  # the page cache (core/pagecache.py) would answer without any query
        caches["pages"].clear()


@pytest.mark.django_db(transaction=True)
def test_after_a_write_for_a_hromada_everybodys_reads_of_it_go_to_the_primary_for_a_while(routed, hromada_a):
    """A page rendered from a replica that has not replayed the write yet must not enter the page cache."""
    from django.core.cache import cache

    # A window no slow test machine outlasts between the write and the next request (the end is simulated below).
    with same_database_alias(), override_settings(REPLICA_STICKY_SECONDS=600):
        request = RequestFactory().post("/")
        request.hromada = hromada_a
        dbrouter.ReplicaRoutingMiddleware(lambda r: HttpResponse("ok"))(request)
        # On a host no hromada claims, so the default hromada is looked up (an ORM read) before the tenant is known.
        someone_else = Client()
        _drop_cached_pages()
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert someone_else.get("/").status_code == 200
        # Only the lookup of the tenant itself (and the replica's health check) came before the mark was seen.
        assert [q["sql"] for q in replica.captured_queries if not _tenant_lookup_or_probe(q["sql"])] == []
        cache.delete(dbrouter._written_key(hromada_a))  # the window has passed
        _drop_cached_pages()
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert someone_else.get("/").status_code == 200
        assert [q["sql"] for q in replica.captured_queries if not _tenant_lookup_or_probe(q["sql"])]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("known_hromada", [True, False])
def test_a_write_outside_any_request_sends_the_hromadas_reads_to_the_primary_too(routed, hromada_a,
                                                                               known_hromada):
    """The task worker and commands write without a request: the page cache's report of the write marks the
    hromada (or, when the write names none, every hromada)."""

    from hromada.core.models import Settlement

    _forget_recent_writes()
    with same_database_alias(), override_settings(REPLICA_STICKY_SECONDS=600):
        assert not dbrouter.hromada_written_recently(hromada_a)
        if known_hromada:
            Settlement.objects.create(hromada=hromada_a, name="Нове", kind="village", katottg="UA0000000000000001")
        else:  # update(): the SQL watcher sees it with no request and so no hromada
            Hromada.objects.filter(pk=hromada_a.pk).update(population=1234)
        assert dbrouter.hromada_written_recently(hromada_a)
        _drop_cached_pages()
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert Client(HTTP_HOST="a.localhost").get("/").status_code == 200
        assert [q["sql"] for q in replica.captured_queries if not _tenant_lookup_or_probe(q["sql"])] == []


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_replica_sends_reads_to_the_primary(routed, hromada_a):
    with closed_port_alias():
        client = Client(HTTP_HOST="a.localhost")
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get("/")
        assert response.status_code == 200 and "Громада А" in response.content.decode()
        assert primary.captured_queries
        assert dbrouter.replica_usable("replica") is False  # remembered: no new attempt on every query


@pytest.mark.django_db(transaction=True)
def test_a_replica_failing_between_probes_costs_the_visitor_nothing(routed, hromada_a):
    _forget_recent_writes()
    with closed_port_alias():
        dbrouter._health["replica"] = (True, float("inf"))  # the last probe said it was fine
        client = Client(HTTP_HOST="a.localhost", raise_request_exception=False)
        response = client.get("/")
        assert response.status_code == 200 and "Громада А" in response.content.decode()
        assert dbrouter._health["replica"][0] is False


@pytest.mark.django_db
def test_settings_add_the_replica_only_when_configured(monkeypatch, tmp_path):
    import json
    import os
    import subprocess
    import sys

    code = ("from django.conf import settings as s; import json; "
            "print(json.dumps([sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), s.MIDDLEWARE[0], "
            "s.DATABASES.get('replica', {}).get('TEST'), s.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS'),"
            "s.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold', 'unset')]))")
    base = {k: v for k, v in os.environ.items() if not k.startswith(("HROMADA_", "DJANGO_"))}
    base.update(HROMADA_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="hromada.settings")

    def read(**extra):
        out = subprocess.run([sys.executable, "-c", code], env={**base, **extra}, capture_output=True, text=True,
                             check=True, timeout=60).stdout
        return json.loads(out)

    plain = read()
    assert plain[0] == ["default"] and plain[1] == [] and plain[2] != MIDDLEWARE
    cluster = read(HROMADA_DATABASE_URL="postgres://hromada:x@127.0.0.1:56432/hromada",
                   HROMADA_REPLICA_DATABASE_URL="postgres://hromada:x@127.0.0.1:56432/hromada_replica",
                   HROMADA_DB_TRANSACTION_POOLER="1")
    assert cluster == [["default", "replica"], [ROUTER], MIDDLEWARE, {"MIRROR": "default"}, True, None]


class _FakeReplica:
    """A replica connection whose lag query answers what the test says (a real lagging standby is not at hand)."""

    vendor = "postgresql"

    def __init__(self, lag):
        self.lag = lag

    def cursor(self):
        lag = self.lag

        class Cursor:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def execute(self, sql):
                assert "pg_last_wal_replay_lsn" in sql

            def fetchone(self):
                return (lag,)

        return Cursor()


@pytest.mark.parametrize(("lag", "usable"), [(0, True), (3.5, True), (12.0, False), (None, False)])
def test_a_lagging_or_not_streaming_replica_is_not_used(monkeypatch, settings, lag, usable):
    settings.REPLICA_MAX_LAG_SECONDS = 10
    monkeypatch.setattr(dbrouter, "connections", {"replica": _FakeReplica(lag)})
    dbrouter.forget_replica_health()
    assert dbrouter.replica_usable("replica") is usable
    dbrouter.forget_replica_health()
