"""Which hromada a request belongs to: resolved from its host name, else the configured default."""

from __future__ import annotations

from django.conf import settings

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
    link = HromadaHost.objects.select_related("hromada").filter(host=normalize_host(host)).first()
    if link:
        return link.hromada
    found = default_hromada()
    if found is None:
        raise NoHromadaConfigured
    return found
