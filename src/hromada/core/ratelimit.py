"""Rate limits per client on the endpoints that attract abuse, on allauth's limiter (a sliding window kept in
Django's cache: local memory by default — per process — and Redis when configured, shared by all processes).

Each action's rates are in ``settings.API_RATE_LIMITS`` (allauth's syntax: ``"20/h/user,60/h/ip"``; ``ip``,
``user`` — the signed-in or token's account — or ``key``, an e-mail or phone the caller names). An action with no
rates is not limited. Addresses in ``settings.RATE_LIMIT_EXEMPT`` are never limited: the load tests' own
address, and only by explicit setting. A refusal is 429 with ``Retry-After`` (seconds), JSON for the API and a
Ukrainian page for the portal.
"""

from __future__ import annotations

import math
import time

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LIMIT_APP = "hromada"


def _exempt(request) -> bool:
    exempt = getattr(settings, "RATE_LIMIT_EXEMPT", ())
    return bool(exempt) and request.META.get("REMOTE_ADDR", "") in exempt


def _rates(request, action: str, user) -> str:
    """The action's rates that apply to this client: per-account rates only when there is an account."""
    rates = [r.strip() for r in settings.API_RATE_LIMITS.get(action, "").split(",") if r.strip()]
    if (user is None and not getattr(request, "user", None)) or not (user or request.user).is_authenticated:
        rates = [r for r in rates if not r.endswith("/user")]
    return ",".join(rates)


COUNTED_ATTR = "hromada_counted_limits"


def counted(request) -> tuple[str, ...]:
    """The per-address limits this request counted (the page cache counts them again on every hit of the page
    it stores, so a search answered from the cache counts as one rendered would)."""
    return tuple(getattr(request, COUNTED_ATTR, ()))


def retry_after(request, action: str, *, key: str | None = None, user=None, app: str = LIMIT_APP) -> int | None:
    """Count one use of ``action`` by this client; None when allowed, else the seconds until one more fits."""
    if key is None and user is None and app == LIMIT_APP:
        setattr(request, COUNTED_ATTR, (*counted(request), action))
    config = {action: _rates(request, action, user)}
    if not config[action] or _exempt(request):
        return None
    if allauth_ratelimit.consume(request, app=app, action=action, config=config, key=key, user=user,
                                 limit_get=True) is not None:
        return None
    now, wait = time.time(), 1.0
    for rate in allauth_ratelimit.get_rates(app=app, action=action, config=config):
        history = cache.get(allauth_ratelimit.get_cache_key(request, app=app, action=action, rate=rate, key=key,
                                                            user=user), [])
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return max(1, math.ceil(wait))


def api_guard(request, action: str) -> HttpResponse | None:
    """For an API operation: a 429 answer when the client is beyond ``action``'s rates, else None."""
    wait = retry_after(request, action)
    return too_many_json(wait) if wait is not None else None


def message(retry: int) -> str:
    return _("Too many attempts. Try again in %(minutes)s min.") % {"minutes": max(1, math.ceil(retry / 60))}


def too_many_json(retry: int, detail: str | None = None) -> HttpResponse:
    response = JsonResponse({"detail": detail or message(retry)}, status=429)
    response["Retry-After"] = str(retry)
    return response


def too_many_page(request, retry: int) -> HttpResponse:
    response = render(request, "errors/429.html", {"message": message(retry)}, status=429)
    response["Retry-After"] = str(retry)
    return response


def limit_page(action: str, *, methods: tuple[str, ...] = ("POST",), when=None):
    """A view decorator: requests of ``methods`` (and, with ``when``, those it accepts — a search with a query)
    count against ``action``'s rates; beyond them the client gets the 429 page instead of the view."""
    from functools import wraps

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and (when is None or when(request)):
                wait = retry_after(request, action)
                if wait is not None:
                    return too_many_page(request, wait)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
