"""CKAN's Action API endpoint: ``/api/3/action/<name>`` (and ``/api/action/<name>``, where ``ckanapi`` calls).

Thin, as ckan/views/api.py is: read the parameters (GET query, or a POST's JSON body or form), call the action in
``ckan``, wrap the answer in CKAN's envelope ``{"help", "success", "result"}`` or its error, with CKAN's statuses:
404 Not Found Error, 409 Validation Error, 403 Authorization Error, 400 for an unknown action or a body that is
not a JSON object (a JSON string then, as CKAN answers). JSONP ``callback`` for a successful GET. Every action
only reads public data, so POST needs no CSRF token and no API token is looked at.
"""

from __future__ import annotations

import json
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from hromada.core import ratelimit
from hromada.opendata import ckan

CONTENT_TYPE = "application/json;charset=utf-8"
STATUS = {"Not Found Error": 404, "Validation Error": 409, "Authorization Error": 403}
# A JSONP callback is a JavaScript name (a.b.c), nothing else: it is written into the answer unescaped.
CALLBACK = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


def _answer(payload, status: int = 200, callback: str | None = None) -> HttpResponse:
    body = json.dumps(payload, ensure_ascii=False)
    if callback and status == 200:
        return HttpResponse(f"{callback}({body});", content_type="application/javascript;charset=utf-8")
    return HttpResponse(body, status=status, content_type=CONTENT_TYPE)


def _bad_request(detail: str) -> HttpResponse:
    """CKAN's 400: the message itself as a JSON string, no envelope."""
    return _answer(f"Bad request - {detail}", status=400)


def _flat(query) -> dict:
    """Query parameters as CKAN reads them: one value as a string, a repeated one as a list."""
    return {key: values[0] if len(values) == 1 else values for key, values in query.lists()}


def _request_data(request) -> dict:
    """The action's parameters; ValueError with CKAN's wording when a POST body is not a JSON object."""
    if request.method == "GET":
        return _flat(request.GET)
    raw = request.body  # read first: the form below is parsed from it, and it stays readable
    try:
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = _flat(request.POST)
            # CKAN's old clients post the JSON object as the form's only key (with the value "" or "1").
            only_key = len(form) == 1 and next(iter(form.values())) in ("", "1")
            data = json.loads(next(iter(form))) if only_key else (form or _flat(request.GET))
        else:
            data = json.loads(raw) if raw.strip() else _flat(request.GET)
    except (ValueError, UnicodeDecodeError):
        raise ValueError("Error decoding JSON data.") from None
    if not isinstance(data, dict):
        raise ValueError(f"Request data JSON decoded to {data!r:.100} but it needs to be a dictionary.")
    return data


def _costly(name: str, data: dict) -> bool:
    """Searches by words, the requests a script can make expensive, count against the "search" rate."""
    if name == "package_search":
        return str(data.get("q") or "").strip() not in ("", "*:*", "*")
    if name == "datastore_search":
        return bool(data.get("q") or data.get("full_text") or data.get("filters"))
    return False


@csrf_exempt  # nothing here writes or depends on who calls: a cross-site POST can learn only public data
@require_http_methods(["GET", "POST"])
def action(request, action: str):
    function = ckan.ACTIONS.get(action)
    is_write = function is None and ckan.WRITE_ACTION.match(action) is not None
    if function is None and not is_write:
        return _bad_request(f"Action name not known: {action}")
    site = request.build_absolute_uri("/").rstrip("/")
    envelope = {"help": f"{site}/api/3/action/help_show?name={action}"}
    if is_write and request.method == "GET":
        return _bad_request("JSON Error: Invalid request. Please use POST method for your request")
    try:
        data = _request_data(request)
    except ValueError as error:
        return _bad_request(f"JSON Error: {error}")
    callback = data.pop("callback", None)
    if request.method != "GET":
        callback = None  # JSONP is for GET only, as in CKAN
    elif callback is not None and (not isinstance(callback, str) or not CALLBACK.match(callback)
                                   or len(callback) > 100):
        return _bad_request(_("The callback must be a JavaScript function name."))
    if is_write:
        error = ckan.Denied(_("Access denied: this site publishes its data read-only; change it in the "
                              "hromada's own system."))
        return _error(envelope, error)
    if _costly(action, data) and (limited := ratelimit.api_guard(request, "search")) is not None:
        return limited
    extra = {"current_url": request.get_full_path()} if action == "datastore_search" and request.method == "GET" \
        else {}
    try:
        result = function(request.hromada, data, site=site, **extra)
    except ckan.ActionError as error:
        return _error(envelope, error)
    return _answer({**envelope, "success": True, "result": result}, callback=callback)


def _error(envelope: dict, error: ckan.ActionError) -> HttpResponse:
    if isinstance(error, ckan.Invalid):
        detail = {**error.fields, "message": error.message}
    elif isinstance(error, ckan.NotFound):
        detail = {"message": f"{_('Not found')}: {error.message}" if error.message else _("Not found")}
    else:
        detail = {"message": error.message}
    return _answer({**envelope, "success": False, "error": {**detail, "__type": error.kind}},
                   status=STATUS[error.kind])
