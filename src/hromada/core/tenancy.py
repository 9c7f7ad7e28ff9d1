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
    """The hromada of a request's host, else the default one. Every request asks this, so it is plain SQL
    (core/rawsql.py) that orders the choice the way ``default_hromada`` makes it."""
    hromada, hosts = rawsql.q(Hromada._meta.db_table), rawsql.q(HromadaHost._meta.db_table)
    found = rawsql.fetch_one([Hromada], f"SELECT {rawsql.columns(Hromada, 'h')} FROM {hromada} h "  # noqa: S608
                             f"JOIN {hosts} l ON l.hromada_id = h.id WHERE l.host = %s", [normalize_host(host)])
    if found is None:
        found = rawsql.fetch_one([Hromada], (
            f"SELECT {rawsql.columns(Hromada, 'h')} FROM {hromada} h "  # noqa: S608
            "ORDER BY CASE WHEN h.katottg = %s THEN 0 ELSE 1 END, CASE WHEN h.is_default THEN 0 ELSE 1 END, h.id "
            "LIMIT 1"), [settings.DEFAULT_HROMADA_CODE or ""])
    if found is None:
        raise NoHromadaConfigured
    return found[0]
