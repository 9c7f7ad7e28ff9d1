"""Read routing to a PostgreSQL streaming replica (the regional operator's profile, docs/deployment.md).

Configured only by HROMADA_REPLICA_DATABASE_URL (settings.py adds the "replica" alias, this router and the
middleware); without it nothing here runs and every query goes to "default".

What reads the replica: the queries of a *public read* — a GET/HEAD without a session cookie, without an
``Authorization`` header, without this client's "I just wrote" cookie, outside the staff and admin pages —
made outside any transaction, and only while the replica answers and is not lagging. Everything else reads
the primary: writes, anything inside ``atomic()`` (a read that decides a write must see the primary), signed-in
pages (residents' cabinets, staff), the worker and management commands (no request: no routing), and a
client's reads for HROMADA_REPLICA_STICKY_SECONDS after a request of theirs that wrote (a cookie), so someone
who has just signed a petition sees their signature even if the replica is a second behind. For the same
window after any request that wrote for a hromada, everybody's reads of that hromada go to the primary (a mark
in the shared cache), so a page rendered from a replica behind the write never enters the page cache.

The replica's health is probed per process with one cheap query at most every HROMADA_REPLICA_CHECK_SECONDS;
a failure (refused, timed out, not streaming, or lagging more than HROMADA_REPLICA_MAX_LAG_SECONDS) is remembered
for HROMADA_REPLICA_RETRY_SECONDS, during which public reads go to the primary. A public GET that fails on the
replica in between two probes is answered again from the primary (the middleware retries it once), so stopping
the replica costs no visitor an error page.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import Error as DatabaseError

logger = logging.getLogger(__name__)

REPLICA_ALIAS = "replica"
# Set on the answer of a request that wrote; its presence sends the client's reads to the primary.
STICKY_COOKIE = "hromada_primary"
# Path prefixes that are never public reads, even without a session cookie (they redirect to sign-in anyway).
PRIMARY_PREFIXES = ("/staff/", "/admin/", "/cabinet/", "/accounts/", "/login", "/logout")
# Tables read and written by the machinery itself: a cache entry or task row must be read where it was written.
PRIMARY_APP_LABELS = frozenset({"django_cache", "sessions", "django_tasks_database", "django_tasks_db"})


@dataclass
class RequestRouting:
    replica_allowed: bool
    used_replica: bool = False
    replica_failed: bool = False
    wrote: bool = False
    request: object = None
    checked_recent_writes: bool = False


_routing: contextvars.ContextVar[RequestRouting | None] = contextvars.ContextVar("hromada_db_routing", default=None)


def replica_alias() -> str | None:
    """The replica's alias when one is configured, else None (the router then decides nothing)."""
    return getattr(settings, "REPLICA_DATABASE_ALIAS", None)


# --- health ---------------------------------------------------------------------------------------

# alias → (usable, monotonic time until which that verdict holds)
_health: dict[str, tuple[bool, float]] = {}
_health_lock = threading.Lock()

_LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""


def _probe(alias: str) -> bool:
    """One query on this thread's replica connection: does it answer, stream and keep up?"""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(_LAG_SQL)
                (lag,) = cursor.fetchone()
            else:
                cursor.execute("SELECT 0")
                (lag,) = cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Replica %r unreachable, reading from the primary: %s", alias, error)
        _discard(alias)
        return False
    if lag is None:
        logger.warning("Replica %r is not streaming from the primary; reading from the primary.", alias)
        return False
    if float(lag) > settings.REPLICA_MAX_LAG_SECONDS:
        logger.warning("Replica %r lags %.1f s; reading from the primary.", alias, float(lag))
        return False
    return True


def _discard(alias: str) -> None:
    """Drop this thread's connection to the replica, so the next use opens a fresh one."""
    try:
        connections[alias].close()
    except DatabaseError:
        connections[alias].connection = None


def replica_usable(alias: str) -> bool:
    now = time.monotonic()
    verdict = _health.get(alias)
    if verdict is not None and now < verdict[1]:
        return verdict[0]
    # One thread probes; the others keep the last verdict meanwhile (the primary if there is none yet) instead of
    # waiting up to a connect timeout behind it.
    if not _health_lock.acquire(blocking=False):
        return verdict[0] if verdict is not None else False
    try:
        verdict = _health.get(alias)
        if verdict is not None and now < verdict[1]:
            return verdict[0]
        usable = _probe(alias)
        hold = settings.REPLICA_CHECK_SECONDS if usable else settings.REPLICA_RETRY_SECONDS
        _health[alias] = (usable, time.monotonic() + hold)
        return usable
    finally:
        _health_lock.release()


def mark_replica_down(alias: str) -> None:
    with _health_lock:
        _health[alias] = (False, time.monotonic() + settings.REPLICA_RETRY_SECONDS)
    _discard(alias)


def forget_replica_health() -> None:
    """Probe again on next use (tests; an operator's shell)."""
    with _health_lock:
        _health.clear()


# --- the router -----------------------------------------------------------------------------------

class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias is None:
            return None
        state = _routing.get()
        if state is None or not state.replica_allowed or state.wrote or state.replica_failed:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_APP_LABELS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        hromada = getattr(state.request, "hromada", None)
        if not state.checked_recent_writes and hromada is not None:  # once the tenant is known
            state.checked_recent_writes = True
            if hromada_written_recently(hromada):
                state.replica_allowed = False
                return DEFAULT_DB_ALIAS
        if not replica_usable(alias):
            return DEFAULT_DB_ALIAS
        state.used_replica = True
        return alias

    def db_for_write(self, model, **hints):
        if replica_alias() is None:
            return None
        state = _routing.get()
        if state is not None and model._meta.app_label not in PRIMARY_APP_LABELS:
            state.wrote = True  # this request's later reads, and this client's next ones, see the primary
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        alias = replica_alias()
        if alias is None:
            return None
        # The replica is the same data: an object read there may point to one from the primary.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, alias, None}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        alias = replica_alias()
        if alias is None:
            return None
        return db != alias  # a replica is read-only; migrations run on the primary and stream over


# --- recent writes per hromada -------------------------------------------------------------------
# A page rendered from a replica that has not yet replayed a write would go into the page cache (core/pagecache.py)
# under the version the write has just bumped, and stay there stale. So for a short while after any request that
# wrote for a hromada, everybody's reads for that hromada go to the primary. The mark lives in the shared cache
# (Redis in the operator profile); without one it only covers the process that served the write. Writes made
# outside requests (the task worker, commands) mark too: the page cache reports every write it sees to a public
# module (``mark_hromadas_written``), and a write whose hromada is unknown marks every hromada (id 0).

def _written_key(hromada) -> str:
    hromada_id = hromada if isinstance(hromada, int) else getattr(hromada, "pk", None)
    return f"hromada:db:written:{hromada_id or 0}"


def mark_hromadas_written(hromadas) -> None:
    from django.core.cache import cache

    try:
        # As long as a usable replica may be behind: past that, a replica still behind is not read at all.
        window = max(settings.REPLICA_STICKY_SECONDS, settings.REPLICA_MAX_LAG_SECONDS, 1)
        cache.set_many({_written_key(h): 1 for h in hromadas}, timeout=window)
    except Exception:  # the cache being down must not fail a request that has already written
        logger.warning("Could not record a write in the cache; replica reads may lag for a moment.")


def mark_hromada_written(hromada) -> None:
    mark_hromadas_written([hromada])


def hromada_written_recently(hromada) -> bool:
    from django.core.cache import cache

    try:
        return bool(cache.get_many([_written_key(hromada), _written_key(0)]))
    except Exception:  # no cache: no mark to honour
        return False


# --- the middleware -------------------------------------------------------------------------------

def is_public_read(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.COOKIES.get(STICKY_COOKIE) or request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(PRIMARY_PREFIXES)


class ReplicaRoutingMiddleware:
    """Outermost middleware: marks the request as a public read (or not), retries a public read once on the
    primary if the replica failed under it, and sets the sticky cookie after a request that wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = RequestRouting(replica_allowed=replica_alias() is not None and is_public_read(request),
                               request=request)
        token = _routing.set(state)
        try:
            response = self.get_response(request)
            if state.replica_failed and response.status_code >= 500:
                # The replica went away between two probes: answer this GET again, from the primary.
                logger.warning("Replica failed under %s; answering it again from the primary.", request.path)
                mark_replica_down(replica_alias())
                response = self.get_response(request)
        finally:
            _routing.reset(token)
        if replica_alias() is not None and (state.wrote or request.method not in ("GET", "HEAD", "OPTIONS")):
            mark_hromada_written(getattr(request, "hromada", None))
            response.set_cookie(STICKY_COOKIE, "1", max_age=settings.REPLICA_STICKY_SECONDS, httponly=True,
                                samesite="Lax", secure=request.is_secure())
        return response


def _note_replica_failure(sender, request=None, **kwargs):
    """A view raised: if it was a database error while this request read the replica, let the middleware retry."""
    import sys

    state = _routing.get()
    error = sys.exc_info()[1]
    if state is not None and state.used_replica and isinstance(error, DatabaseError):
        state.replica_failed = True


got_request_exception.connect(_note_replica_failure, dispatch_uid="hromada-replica-failure")
