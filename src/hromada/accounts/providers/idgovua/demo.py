"""An imitation of ID.gov.ua for trying sign-in in development: the person picks one of a few residents of the
hromada's register (or a person who is not in it) instead of signing with a КЕП, BankID or Дія.

It speaks the protocol of docs/identity.md (authorize, get-access-token, get-user-info, get-user-logout). Its
URLs are included only when settings.PRODUCTION is False, and every view refuses again when it is True.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

DEMO_CLIENT_ID = "hromada-demo"
DEMO_CLIENT_SECRET = "hromada-demo-secret"  # noqa: S105 — a published value of the imitation, not a secret
DEMO_URL = "/auth/idgovua-demo"
LIFETIME = 300
AUTH_TYPES = ("dig_sign", "bank_id", "diia_id")
STRANGER = {"lastname": "Приїжджий", "givenname": "Демо", "middlename": "Тестович", "drfocode": "1000000009",
            "unzr": "", "email": "demo.stranger@example.org", "phone": ""}


def _development_only() -> None:
    if settings.PRODUCTION:
        raise Http404


def _persons(hromada, limit: int = 5) -> list[dict]:
    from hromada.accounts.verification import MEMBER_STATUSES
    from hromada.registers.models import Resident

    persons = []
    if hromada is not None:
        records = (Resident.objects.filter(hromada=hromada, status__in=MEMBER_STATUSES).exclude(rnokpp="")
                   .order_by("last_name", "first_name", "pk")[:limit])
        for r in records:
            persons.append({"key": f"r{r.pk}", "lastname": r.last_name, "givenname": r.first_name,
                            "middlename": r.patronymic, "drfocode": r.rnokpp, "unzr": r.unzr,
                            "email": r.email or f"demo.{r.pk}@example.org", "phone": r.phone})
    persons.append({"key": "stranger", **STRANGER})
    return persons


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": "1", "message": message}, status=status)


@require_http_methods(["GET", "POST"])
def authorize(request):
    _development_only()
    params = request.POST if request.method == "POST" else request.GET
    redirect_uri, state = params.get("redirect_uri", ""), params.get("state", "")
    client_id = params.get("client_id", "")
    if params.get("response_type") != "code" or client_id != DEMO_CLIENT_ID or not url_has_allowed_host_and_scheme(
            redirect_uri, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return HttpResponseBadRequest(_("The sign-in request is not valid."))
    offered = [t for t in params.get("auth_type", "").split(",") if t in AUTH_TYPES] or list(AUTH_TYPES)
    persons = _persons(getattr(request, "hromada", None))
    if request.method == "POST":
        person = next((p for p in persons if p["key"] == request.POST.get("person")), None)
        auth_type = request.POST.get("via") if request.POST.get("via") in offered else offered[0]
        if person is not None:
            code = secrets.token_urlsafe(24)
            cache.set(f"idgovua-demo:code:{code}", {**person, "auth_type": auth_type}, LIFETIME)
            return HttpResponseRedirect(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")
    return render(request, "idgovua/demo_authorize.html", {
        "persons": persons, "offered": offered, "hidden": {
            "response_type": "code", "client_id": client_id, "auth_type": ",".join(offered), "state": state,
            "redirect_uri": redirect_uri}})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def get_access_token(request):
    _development_only()
    params = request.GET if request.method == "GET" else request.POST
    if params.get("client_id") != DEMO_CLIENT_ID or params.get("client_secret") != DEMO_CLIENT_SECRET:
        return _error("invalid client", 401)
    if params.get("grant_type") != "authorization_code":
        return _error("unsupported grant_type")
    key = f"idgovua-demo:code:{params.get('code', '')}"
    person = cache.get(key)
    cache.delete(key)  # single use
    if person is None:
        return _error("invalid or used code")
    token, user_id = secrets.token_urlsafe(24), secrets.token_hex(8)
    cache.set(f"idgovua-demo:token:{token}", {"user_id": user_id, "person": person}, LIFETIME)
    return JsonResponse({"access_token": token, "token_type": "bearer", "expires_in": LIFETIME,
                         "refresh_token": secrets.token_urlsafe(24), "user_id": user_id})


def _session(request):
    params = request.GET if request.method == "GET" else request.POST
    token = params.get("access_token", "")
    session = cache.get(f"idgovua-demo:token:{token}")
    if session is None or session["user_id"] != params.get("user_id"):
        return token, None
    return token, session


@csrf_exempt
@require_http_methods(["GET", "POST"])
def get_user_info(request):
    _development_only()
    _token, session = _session(request)
    if session is None:
        return _error("invalid access token", 401)
    person = {k: v for k, v in session["person"].items() if k != "key"}
    return JsonResponse({**person, "address": "", "issuer": "Демонстрація ID.gov.ua"})


@csrf_exempt
@require_GET
def get_user_logout(request):
    _development_only()
    token, session = _session(request)
    if session is None:
        return _error("invalid access token", 401)
    cache.delete(f"idgovua-demo:token:{token}")
    return JsonResponse({"error": "0"})
