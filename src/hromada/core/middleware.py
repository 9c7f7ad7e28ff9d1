from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.shortcuts import render

from hromada.core import audit, pagecache, ratelimit, tenancy
from hromada.core.tenancy import NoHromadaConfigured, hromada_for_host

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (a proxy's X-Request-ID if well-formed) that the audit log and logs carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _REQUEST_ID_RE.fullmatch(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


class HromadaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            request.hromada = None
            return self.get_response(request)
        if getattr(request, "hromada", None) is None:  # PageCacheMiddleware may have resolved it already
            try:
                request.hromada = hromada_for_host(request.get_host())
            except NoHromadaConfigured:
                return render(request, "core/no_hromada.html", status=503)
        return self.get_response(request)


class PageCacheMiddleware:
    """Serve and store anonymous public pages (core/pagecache.py). It sits before the session, auth and CSRF
    middleware: a hit costs the versions' lookup and the cache's, nothing else (the host's hromada is remembered
    by the process, core/tenancy.py). On a miss it resolves the hromada itself (HromadaMiddleware reuses it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        rule = pagecache.rule_for(request.path_info)
        if rule is None or not pagecache.is_anonymous_request(request):
            return self.get_response(request)
        try:
            host = request.get_host()
            hromada_id, fresh = tenancy.remembered_hromada_id(host), None  # remembered by the process: no query
            if hromada_id is None:
                fresh = hromada_for_host(host)
                hromada_id = fresh.pk
                tenancy.remember_host(host, hromada_id)
        except Exception:  # no hromada yet, a disallowed host: the usual path gives the usual answer
            return self.get_response(request)
        try:
            key, stamp = pagecache.page_key(request, hromada_id, rule)
            cached, limits = pagecache.load(key)
        except Exception:  # the cache is away (Redis stopped): render as without it
            pagecache.logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        # A hit counts the rate limits the page's rendering counted (a search); beyond them the view answers 429.
        if cached is not None and not [a for a in limits if ratelimit.retry_after(request, a) is not None]:
            cached[pagecache.HEADER] = "hit"
            pagecache.allow_edge(cached, limits)
            return cached  # ConditionalGetMiddleware answers 304 to a matching If-None-Match
        if cached is not None:
            return self.get_response(request)
        # A miss renders with the hromada read fresh (HromadaMiddleware reuses it); if the host has just moved
        # to another hromada than the one remembered, the page is not stored under the old one's key.
        try:
            request.hromada = fresh or hromada_for_host(host)
        except Exception:
            return self.get_response(request)
        if request.hromada.pk != hromada_id:
            tenancy.forget_hosts()
            return self.get_response(request)
        response = self.get_response(request)
        if pagecache.storable(request, response):
            try:
                pagecache.store(key, response, stamp, pagecache.ttl_for(rule), ratelimit.counted(request))
            except Exception:
                pagecache.logger.warning("page cache unavailable", exc_info=True)
            else:
                response[pagecache.HEADER] = "miss"
                pagecache.allow_edge(response, ratelimit.counted(request))
        return response


def client_ip(request) -> str | None:
    # Behind a proxy the real address arrives in X-Forwarded-For only if the deployment sets it up;
    # REMOTE_ADDR is what the WSGI server saw (docs/deployment.md explains the proxy configuration).
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Make who/where/which-request available to audit.record() without threading the request through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ctx = audit.AuditContext(
            actor=request.user if request.user.is_authenticated else None,
            ip=client_ip(request),
            request_id=getattr(request, "id", ""),
            hromada=getattr(request, "hromada", None),
        )
        token = audit.set_context(ctx)
        request.audit_context = ctx
        try:
            return self.get_response(request)
        finally:
            audit.reset_context(token)
