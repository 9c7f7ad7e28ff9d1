"""Anonymous public pages, feeds and public API answers cached per hromada (docs/decisions/0015-page-cache.md).

A page is stored under a key built from its hromada, host, path, normalised query, language and Accept header
and from the *versions* of the modules it shows. A version is a time stamp per (hromada, module); every write
to a model that feeds a module replaces it, so pages stored under the old one are never read again (they age
out). Apps plug in through two registries, from their own ``pagecache.py``:

* ``register_models(module, app_label_or_model, …)`` — which models feed which public module. Core connects
  post_save/post_delete/m2m_changed of those models and bumps the module of the row's hromada, at once and
  again when the transaction commits (a page rendered from the old rows in between is stored under the
  old version and never served).
* ``register_pages(prefix, module, …)`` — which public addresses are cacheable and which modules they show.
  Every page also shows ``core`` (the hromada's name, settings and menu); ``ANY`` stands for every module.

Writes that send no signals (``QuerySet.update``, ``bulk_create``, raw SQL) are caught below the ORM: an
execute wrapper on every database connection sees the INSERT/UPDATE/DELETE statements on registered tables
that no signal accounts for and bumps their module for the request's hromada (or for every hromada when
there is no request, e.g. in a task). ``bump(hromada, module)`` is there for anything else. The TTL ceiling
(HROMADA_PAGE_CACHE_TTL) bounds the life of any entry, so time-dependent text (days left, «today») and a write
the registries do not know about heal by themselves.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, models, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.http import HttpResponse
from django.utils.cache import set_response_etag
from django.utils.http import http_date

logger = logging.getLogger(__name__)

ANY = "any"
CORE = "core"
EVERY_HROMADA = 0  # the "hromada id" of a bump whose hromada is unknown: it reaches every hromada's pages
CACHE_ALIAS = "pages"
HEADER = "X-Page-Cache"

# Response headers that belong to one answer, not to the page.
_UNSTORED_HEADERS = {"set-cookie", "x-request-id", "x-accel-expires", HEADER.lower()}
# A Vary on anything else means the page depends on something the key does not hold.
_VARY_ALLOWED = {"cookie", "accept", "accept-language", "accept-encoding"}
_CACHE_CONTROL_DENY = ("private", "no-store", "no-cache")


@dataclass(frozen=True)
class PageRule:
    prefix: str  # a path prefix, or a regular expression when it starts with "^"
    modules: tuple[str, ...]
    ttl: int | None = None
    exact: bool = False
    never: bool = False

    def matches(self, path: str) -> bool:
        if self.prefix.startswith("^"):
            return re.match(self.prefix, path) is not None
        return path == self.prefix if self.exact else path.startswith(self.prefix)


_MODELS: dict[type[models.Model], str] = {}
_TABLES: dict[str, str] = {}
_RULES: list[PageRule] = []


# --- registries -------------------------------------------------------------------------------------------


def register_models(module: str, *targets: str | type[models.Model], exclude: Iterable[str] = ()) -> None:
    """Rows of these models (an app label means all of its models, less ``exclude`` names) feed ``module``."""
    excluded = {name.lower() for name in exclude}
    for target in targets:
        chosen = (list(apps.get_app_config(target).get_models()) if isinstance(target, str) else [target])
        for model in chosen:
            if model._meta.model_name in excluded:
                continue
            _MODELS[model] = module
            _TABLES[model._meta.db_table] = module
            for field in model._meta.local_many_to_many:  # the rows of an m2m join table feed it too
                _TABLES.setdefault(field.remote_field.through._meta.db_table, module)


def register_pages(prefix: str, *modules: str, ttl: int | None = None, exact: bool = False,
                   never: bool = False) -> None:
    """Anonymous GETs of addresses under ``prefix`` (or exactly it; or matching it, if it starts with "^") are
    cached and show ``modules``; ``never=True`` keeps such addresses out even under a cached prefix. The most
    specific rule wins: patterns, then exact addresses, then the longest prefix."""
    _RULES.append(PageRule(prefix, tuple(modules), ttl, exact, never))
    _RULES.sort(key=lambda rule: (not rule.prefix.startswith("^"), not rule.exact, -len(rule.prefix)))
    rule_for.cache_clear()


@functools.lru_cache(maxsize=4096)  # every request asks; the rules are fixed once the apps are loaded
def rule_for(path: str) -> PageRule | None:
    for rule in _RULES:
        if rule.matches(path):
            return None if rule.never else rule
    return None


def module_of(model: type[models.Model]) -> str | None:
    return _MODELS.get(model)


# --- versions ---------------------------------------------------------------------------------------------


class FileVersions:
    """Versions as the modification times of empty files under the data directory: every process on the
    machine sees a bump at once (the embedded default, where each process keeps its own page memory)."""

    def _dir(self) -> Path:
        return Path(settings.DATA_DIR) / "pagecache"

    def get_many(self, names: Iterable[str]) -> dict[str, int]:
        folder, found = os.path.join(settings.DATA_DIR, "pagecache"), {}  # strings: every page hit asks
        for name in names:
            try:
                found[name] = os.stat(os.path.join(folder, name)).st_mtime_ns
            except OSError:
                found[name] = 0
        return found

    def bump(self, names: Iterable[str]) -> None:
        folder = self._dir()
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            path = folder / name
            try:
                stamp = max(time.time_ns(), os.stat(path).st_mtime_ns + 1)
            except OSError:
                stamp = time.time_ns()
            path.touch()
            os.utime(path, ns=(stamp, stamp))

    def clear(self) -> None:
        folder = self._dir()
        if folder.is_dir():
            for path in folder.iterdir():
                path.unlink(missing_ok=True)


class CacheVersions:
    """Versions in the pages cache itself (Redis: shared by every process and machine)."""

    def get_many(self, names: Iterable[str]) -> dict[str, int]:
        names = list(names)
        stored = caches[CACHE_ALIAS].get_many([f"pagecache:v:{name}" for name in names])
        return {name: stored.get(f"pagecache:v:{name}", 0) for name in names}

    def bump(self, names: Iterable[str]) -> None:
        # Only difference matters for the keys; the time also gives Last-Modified.
        caches[CACHE_ALIAS].set_many({f"pagecache:v:{name}": time.time_ns() for name in names}, timeout=None)

    def clear(self) -> None:
        caches[CACHE_ALIAS].clear()


def versions() -> FileVersions | CacheVersions:
    return CacheVersions() if settings.PAGE_CACHE_VERSIONS == "cache" else FileVersions()


def _bump_now(names: set[str]) -> None:
    # A write must never fail because the cache is away (Redis stopped): the TTL ceiling bounds what is missed.
    try:
        versions().bump(names)
    except Exception:
        logger.warning("page cache: could not bump %s", sorted(names), exc_info=True)
    if getattr(settings, "REPLICA_DATABASE_ALIAS", None):
        # Also from the task worker and commands: the pages are read from the primary until the replica has
        # surely replayed this write, so no page read from a lagging replica is stored under the new version.
        from hromada.core import dbrouter

        dbrouter.mark_hromadas_written({int(name.split("-", 1)[0]) for name in names})


def _hromada_id(hromada) -> int:
    if hromada is None:
        return EVERY_HROMADA
    return hromada if isinstance(hromada, int) else hromada.pk


def _names(hromada_id: int, modules: Iterable[str]) -> set[str]:
    return {f"{hromada_id}-{module}" for module in (*modules, ANY)}


# Page lookups made by this process: a pending bump repeated while none happened since would change nothing.
_lookups = 0


class _PendingBump:
    """One on-commit callback per transaction level that collects every version to bump again at commit."""

    def __init__(self, names: set[str]):
        self.names = set(names)
        self.lookups = _lookups

    def __call__(self) -> None:
        _bump_now(self.names)


def _schedule(names: set[str], using: str | None = None) -> None:
    conn = connections[using or "default"]
    if not conn.in_atomic_block:
        _bump_now(names)
        return
    queue = getattr(conn, "run_on_commit", None) or []
    if queue and isinstance(queue[-1][1], _PendingBump) and queue[-1][0] == set(conn.savepoint_ids):
        pending = queue[-1][1]
        # Bump now what is new, and again what a page lookup (in this process: the same transaction's
        # visitor, e.g. a test) may have read and stored since the last bump.
        due = names if pending.lookups != _lookups else names - pending.names
        if due:
            pending.names |= due
            pending.lookups = _lookups
            _bump_now(due)
        return
    _bump_now(names)  # now, so this process stops serving the old page at once
    transaction.on_commit(_PendingBump(names), using=conn.alias)  # and at commit, see the module docstring


def bump(hromada, *modules: str, using: str | None = None) -> None:
    """Pages of ``hromada`` (a Hromada, its id, or None for every hromada) that show ``modules`` are stale."""
    if not settings.PAGE_CACHE:
        return
    _schedule(_names(_hromada_id(hromada), modules), using)


def clear() -> None:
    """Forget every stored page and version (tests; ``hromada restore``)."""
    caches[CACHE_ALIAS].clear()
    versions().clear()


# --- writes seen through the ORM's signals ----------------------------------------------------------------


def _request_hromada_id() -> int:
    from hromada.core import audit

    hromada = audit.current_context().hromada
    return hromada.pk if hromada is not None else EVERY_HROMADA


def _row_hromada_id(instance: models.Model) -> int:
    from hromada.core.models import Hromada

    if isinstance(instance, Hromada):
        return instance.pk
    hromada_id = getattr(instance, "hromada_id", None)
    if hromada_id is not None:
        return hromada_id
    for field in instance._meta.concrete_fields:  # a child row: its loaded parent's hromada
        if field.is_relation and field.many_to_one and field.is_cached(instance):
            parent = field.get_cached_value(instance)
            if parent is not None and getattr(parent, "hromada_id", None) is not None:
                return parent.hromada_id
    return _request_hromada_id()


def _covered(conn) -> set[str]:
    if not hasattr(conn, "_pagecache_covered"):
        conn._pagecache_covered = set()
    return conn._pagecache_covered


def _tables(model: type[models.Model]) -> set[str]:
    return {model._meta.db_table, *(parent._meta.db_table for parent in model._meta.get_parent_list())}


def _before_write(sender, using=None, **kwargs):
    _covered(connections[using or "default"]).update(_tables(sender))


def _after_write(sender, instance, using=None, **kwargs):
    conn = connections[using or "default"]
    _covered(conn).difference_update(_tables(sender))
    if settings.PAGE_CACHE:
        _schedule(_names(_row_hromada_id(instance), (_MODELS[sender],)), conn.alias)


def _m2m(sender, instance, action, model, using=None, **kwargs):
    conn = connections[using or "default"]
    table = sender._meta.db_table
    if action.startswith("pre_"):
        _covered(conn).add(table)
        return
    _covered(conn).discard(table)
    owner = type(instance)
    module = _MODELS.get(owner) or _MODELS.get(model)
    if module and settings.PAGE_CACHE:
        _schedule(_names(_row_hromada_id(instance), (module,)), conn.alias)


# --- writes below the ORM (update(), bulk_create(), raw SQL) ----------------------------------------------

_WRITE = r'(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)'
_WRITE_RE = re.compile(r"^\s*" + _WRITE, re.IGNORECASE)
# Data-modifying WITH parts (core/rawsql.run_together, the ballot's single statement on PostgreSQL).
_WRITE_ANYWHERE_RE = re.compile(r"\b" + _WRITE, re.IGNORECASE)


def written_tables(sql: str) -> list[str]:
    head = sql.lstrip()[:4].upper()
    if head == "WITH":
        return _WRITE_ANYWHERE_RE.findall(sql)
    if head[:1] in ("I", "U", "D"):
        found = _WRITE_RE.match(sql)
        return [found.group(1)] if found else []
    return []


def _sql_watcher(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if settings.PAGE_CACHE and isinstance(sql, str):
        conn = None
        for table in written_tables(sql):
            module = _TABLES.get(table)
            conn = conn or context["connection"]
            if module and table not in _covered(conn):
                _schedule(_names(_request_hromada_id(), (module,)), conn.alias)
    return result


def _install_watcher(sender, connection, **kwargs):
    if _sql_watcher not in connection.execute_wrappers:
        connection.execute_wrappers.append(_sql_watcher)


def connect() -> None:
    """Called once from core's ready(), after every app has registered its models."""
    for model in _MODELS:
        uid = f"pagecache:{model._meta.label}"
        pre_save.connect(_before_write, sender=model, dispatch_uid=uid + ":pre_save", weak=False)
        post_save.connect(_after_write, sender=model, dispatch_uid=uid + ":post_save", weak=False)
        pre_delete.connect(_before_write, sender=model, dispatch_uid=uid + ":pre_delete", weak=False)
        post_delete.connect(_after_write, sender=model, dispatch_uid=uid + ":post_delete", weak=False)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_m2m, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}:m2m",
                                weak=False)
    connection_created.connect(_install_watcher, dispatch_uid="pagecache:watcher", weak=False)
    for conn in connections.all(initialized_only=True):  # already open (e.g. the management command's)
        if conn.connection is not None:
            _install_watcher(None, conn)


# --- pages ------------------------------------------------------------------------------------------------


def is_anonymous_request(request) -> bool:
    """A cacheable request: no session (so no signed-in user), no pending messages, no credentials, no htmx
    fragment request. Searches are cached too: the rate limits their rendering counted are counted again on
    every hit (``limits`` of ``store``/``load``)."""
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or "HTTP_AUTHORIZATION" in request.META
        or "HTTP_HX_REQUEST" in request.META
    )


def page_key(request, hromada, rule: PageRule) -> tuple[str, int]:
    """The key of this request's page and the time of the newest write it shows (ns, 0 if none known)."""
    from django.utils.translation import get_language_from_request

    global _lookups
    _lookups += 1
    hid = _hromada_id(hromada)
    modules = {CORE, *rule.modules}
    names = sorted({f"{h}-{m}" for h in (hid, EVERY_HROMADA) for m in modules})
    found = versions().get_many(names)
    query = "&".join(sorted(f"{k}={v}" for k in request.GET for v in request.GET.getlist(k)))
    parts = [
        str(hid), request.scheme, request.get_host(), request.path, query,
        get_language_from_request(request, check_path=False), request.META.get("HTTP_ACCEPT", ""),
        *(f"{name}={found[name]}" for name in names),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:p:{hid}:{digest}", max(found.values(), default=0)


def storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a Set-Cookie, or a CSRF token baked into the page: it belongs to this visitor
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in _CACHE_CONTROL_DENY):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    if vary - _VARY_ALLOWED:
        return False
    return len(response.content) <= settings.PAGE_CACHE_MAX_BYTES


def store(key: str, response, stamp: int, ttl: int, limits: tuple[str, ...] = ()) -> None:
    """Keep the page; ``limits`` are the rate-limit actions its rendering counted (core.ratelimit.counted)."""
    if stamp and not response.has_header("Last-Modified"):
        response["Last-Modified"] = http_date(stamp // 1_000_000_000)
    if not response.has_header("ETag"):
        set_response_etag(response)
    headers = [(k, v) for k, v in response.items() if k.lower() not in _UNSTORED_HEADERS]
    caches[CACHE_ALIAS].set(key, (response.status_code, headers, response.content, tuple(limits)), timeout=ttl)


def load(key: str) -> tuple[HttpResponse | None, tuple[str, ...]]:
    """The stored page (None if there is none) and the rate-limit actions each of its hits must count."""
    entry = caches[CACHE_ALIAS].get(key)
    if entry is None or len(entry) != 4:  # nothing, or an entry of an older layout
        return None, ()
    status, headers, content, limits = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response, limits


EDGE_HEADER = "X-Accel-Expires"


def allow_edge(response, limits: tuple[str, ...]) -> None:
    """Let a caching proxy in front (nginx's proxy_cache) keep this page for EDGE_CACHE_SECONDS — unless serving
    it counts a rate limit, which only the application can count."""
    if settings.EDGE_CACHE_SECONDS and not limits:
        response[EDGE_HEADER] = str(settings.EDGE_CACHE_SECONDS)


def ttl_for(rule: PageRule) -> int:
    return min(rule.ttl or settings.PAGE_CACHE_TTL, settings.PAGE_CACHE_TTL)
