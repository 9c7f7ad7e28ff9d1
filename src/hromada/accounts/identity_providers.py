"""The sign-in providers of a hromada: those its administrator configured (IdentityProvider rows), then the
installation's own from the environment (HROMADA_IDGOVUA_*, HROMADA_OIDC_PROVIDERS). A hromada's provider of
the same name wins. They reach allauth as unsaved SocialApp objects (see adapters.SocialAccountAdapter)."""

from __future__ import annotations

import json
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IDGOVUA = "idgovua"
OIDC = "openid_connect"


@lru_cache(maxsize=8)
def _parse_oidc(raw: str) -> tuple[dict, ...]:
    if not raw.strip():
        return ()
    try:
        entries = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"HROMADA_OIDC_PROVIDERS is not JSON: {exc}") from exc
    if not isinstance(entries, list):
        raise ImproperlyConfigured("HROMADA_OIDC_PROVIDERS must be a JSON list of providers")
    required = ("name", "label", "issuer", "client_id", "client_secret")
    for entry in entries:
        missing = [key for key in required if not isinstance(entry, dict) or not entry.get(key)]
        if missing:
            raise ImproperlyConfigured(f"HROMADA_OIDC_PROVIDERS: an entry lacks {', '.join(missing)}")
    return tuple(entries)


def _installation_entries() -> list[dict]:
    entries = [
        {"kind": "oidc", "name": e["name"], "label": e["label"], "url": e["issuer"], "client_id": e["client_id"],
         "client_secret": e["client_secret"]}
        for e in _parse_oidc(settings.OIDC_PROVIDERS)
    ]
    if settings.IDGOVUA_URL and settings.IDGOVUA_CLIENT_ID:
        entries.append({"kind": "idgovua", "name": IDGOVUA, "label": "ID.gov.ua", "url": settings.IDGOVUA_URL,
                        "client_id": settings.IDGOVUA_CLIENT_ID,
                        "client_secret": settings.IDGOVUA_CLIENT_SECRET or ""})
    elif not settings.PRODUCTION and getattr(settings, "IDGOVUA_DEMO", True):
        # Development only: the imitation at /auth/idgovua-demo/ (providers/idgovua/demo.py), never in production.
        from hromada.accounts.providers.idgovua import demo

        entries.append({"kind": "idgovua", "name": IDGOVUA, "label": "ID.gov.ua (демонстрація)",
                        "url": demo.DEMO_URL, "client_id": demo.DEMO_CLIENT_ID,
                        "client_secret": demo.DEMO_CLIENT_SECRET})
    return entries


def entries(hromada) -> list[dict]:
    """Every provider open to sign-in on this hromada's site, as plain dicts (kind, name, label, url, …)."""
    if hromada is None:
        return []
    from hromada.accounts.models import IdentityProvider

    own = {
        p.name: {"kind": p.kind, "name": p.name, "label": p.label, "url": p.url, "client_id": p.client_id,
                 "client_secret": p.client_secret, "enabled": p.enabled}
        for p in IdentityProvider.objects.filter(hromada=hromada)
    }
    result = [e for e in own.values() if e["enabled"]]
    result += [e for e in _installation_entries() if e["name"] not in own]
    return result


def _social_app(entry: dict):
    from allauth.socialaccount.models import SocialApp

    if entry["kind"] == "idgovua":
        return SocialApp(provider=IDGOVUA, provider_id=IDGOVUA, name=entry["label"], client_id=entry["client_id"],
                         secret=entry["client_secret"], settings={"url": entry["url"]})
    return SocialApp(provider=OIDC, provider_id=entry["name"], name=entry["label"], client_id=entry["client_id"],
                     secret=entry["client_secret"], settings={"server_url": entry["url"]})


def apps(hromada, *, provider=None, client_id=None) -> list:
    result = []
    for entry in entries(hromada):
        app = _social_app(entry)
        if provider and provider not in (app.provider, app.provider_id):
            continue
        if client_id and app.client_id != client_id:
            continue
        result.append(app)
    return result


def buttons(hromada) -> list[dict]:
    """What the sign-in page offers: label and start address of each provider."""
    from django.urls import reverse

    shown = []
    for entry in entries(hromada):
        if entry["kind"] == "idgovua":
            shown.append({"label": entry["label"], "url": reverse("idgovua_login"), "kind": "idgovua"})
        else:
            shown.append({"label": entry["label"], "kind": "oidc",
                          "url": reverse("openid_connect_login", kwargs={"provider_id": entry["name"]})})
    return shown
