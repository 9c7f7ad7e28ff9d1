from __future__ import annotations

import re
import uuid

from django.shortcuts import render

from hromada.core import audit
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
        try:
            request.hromada = hromada_for_host(request.get_host())
        except NoHromadaConfigured:
            return render(request, "core/no_hromada.html", status=503)
        return self.get_response(request)


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
