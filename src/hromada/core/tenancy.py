"""Which hromada a request belongs to: resolved from its host name, else the configured default."""

from __future__ import annotations

import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from hromada.core import rawsql
from hromada.core.models import Hromada, HromadaHost


class NoHromadaConfigured(Exception):
    """No hromada exists yet (a fresh installation before `hromada seed-demo` or the first setup)."""


def normalize_host(host: str) -> str:
    host = (host or "").strip().lower()
    if host.startswith("["):  # IPv6 literal with or without a port
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0].rstrip(".")


def default_hromada() -> Hromada | None:
    if settings.DEFAULT_HROMADA_CODE:
        found = Hromada.objects.filter(katottg=settings.DEFAULT_HROMADA_CODE).first()
        if found:
            return found
    return Hromada.objects.filter(is_default=True).first() or Hromada.objects.order_by("pk").first()


def hromada_for_host(host: str) -> Hromada:
    """The hromada of a request's host, else the default one. Every request asks this, so the host's lookup is
    plain SQL (core/rawsql.py); a host no hromada claims falls back to ``default_hromada``."""
    hromada, hosts = rawsql.q(Hromada._meta.db_table), rawsql.q(HromadaHost._meta.db_table)
    found = rawsql.fetch_one([Hromada], f"SELECT {rawsql.columns(Hromada, 'h')} FROM {hromada} h "  # noqa: S608
                             f"JOIN {hosts} l ON l.hromada_id = h.id WHERE l.host = %s", [normalize_host(host)])
    if found is not None:
        return found[0]
    fallback = default_hromada()
    if fallback is None:
        raise NoHromadaConfigured
    return fallback


# The page cache's hit path (core/middleware.PageCacheMiddleware) needs only the id of a host's hromada, many
# times a second: each process remembers it for a few seconds instead of asking the database every time. This
# process forgets it at once when it changes a hromada or a host (signals below); another process's change
# reaches it within HOST_MEMORY_SECONDS. Pages are rendered with a hromada read fresh from the database.
HOST_MEMORY_SECONDS = 5.0
_HOST_MEMORY_LIMIT = 1000  # host names are the client's to choose among the allowed ones: bound the memory
_remembered: dict[str, tuple[float, int]] = {}


def remembered_hromada_id(host: str) -> int | None:
    """The id of the host's hromada if this process looked it up less than HOST_MEMORY_SECONDS ago."""
    entry = _remembered.get(normalize_host(host))
    return entry[1] if entry is not None and entry[0] > time.monotonic() else None


def remember_host(host: str, hromada_id: int) -> None:
    if len(_remembered) >= _HOST_MEMORY_LIMIT:
        _remembered.clear()
    _remembered[normalize_host(host)] = (time.monotonic() + HOST_MEMORY_SECONDS, hromada_id)


def hromada_id_for_host(host: str) -> int:
    """The id of ``hromada_for_host(host)``, remembered by this process for HOST_MEMORY_SECONDS."""
    hromada_id = remembered_hromada_id(host)
    if hromada_id is None:
        hromada_id = hromada_for_host(host).pk
        remember_host(host, hromada_id)
    return hromada_id


def forget_hosts(*args, **kwargs) -> None:
    _remembered.clear()


def connect() -> None:
    for model in (Hromada, HromadaHost):
        for signal in (post_save, post_delete):
            signal.connect(forget_hosts, sender=model, dispatch_uid=f"tenancy:{model.__name__}:{signal}",
                           weak=False)
