"""Which hromada a request belongs to: resolved from its host name, else the configured default."""

from __future__ import annotations

from django.conf import settings

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
