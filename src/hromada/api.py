"""The HTTP API at /api/v1/: one NinjaAPI that mounts each app's router."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from hromada.core.services import usable_token
from hromada.core.ukrtext import clean_text


class BearerToken(HttpBearer):
    """Personal tokens made with `hromada create-token USER` or on the staff page."""

    def authenticate(self, request, token):
        stored = usable_token(token)
        if stored is None:
            return None
        user = stored.user
        # A resident-scoped token (the app's) holds only resident capabilities: roles.can reads the mark.
        user.token_scope = request.token_scope = stored.scope
        request.api_token = stored
        request.user = user
        ctx = getattr(request, "audit_context", None)
        if ctx is not None:
            ctx.actor = user
        return user


class StaffSession(APIKeyCookie):
    """The browser session of a signed-in user (with CSRF protection on writes)."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


def _storable(value) -> bool:
    """Whether every text in a JSON body can be stored as it is, or made storable by `_cleaned`.

    Refused (a 400, nothing changed): NUL, because PostgreSQL text cannot hold it and no one types it — it means
    binary data or a probe, and guessing what was meant would store something the caller never sent; a lone
    surrogate, because UTF-8 cannot encode it, so there is no text to keep. Cleaned instead (see `_cleaned`):
    the other control characters, which people do paste (Word's line break is a vertical tab).
    """
    if isinstance(value, str):
        return "\x00" not in value and not any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


def _cleaned(value):
    """Every text value of a JSON body through ukrtext.clean_text (keys are field names, left to validation)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


class StorableTextParser(Parser):
    """JSON bodies of every operation, checked once for text the database could not store, and cleaned of
    control characters that documents made from the text could not hold."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not _storable(data):
            raise ValidationError(_("The text contains characters that cannot be stored."))
        return _cleaned(data)


api = NinjaAPI(
    parser=StorableTextParser(),
    title="Hromada API",
    version="1",
    description="API of the Hromada platform. Each host serves one hromada; staff authenticate with a personal "
                "token (`Authorization: Bearer …`) or their browser session. Residents' apps and bots register "
                "and sign in at /auth/…; the tokens they get there are resident-scoped (no staff capabilities).",
    auth=[BearerToken(), StaffSession()],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        detail = [{"field": field, "message": " ".join(messages)} for field, messages in exc.message_dict.items()]
    else:
        detail = [{"field": "__all__", "message": message} for message in exc.messages]
    return api.create_response(request, {"detail": detail}, status=400)


def _reason(error: dict) -> str:
    """Why pydantic refused a value, in Ukrainian for the errors a caller meets (its own texts are English);
    a custom reason (PydanticCustomError, e.g. the exact amounts) is ours and already translated."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("The value is required.")
    if kind in ("greater_than_equal", "less_than_equal"):
        limit = ctx.get("ge", ctx.get("le"))
        return (_("At least %(limit)s.") if kind == "greater_than_equal" else _("At most %(limit)s.")) % {
            "limit": limit}
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return _("A whole number is expected.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return _("Enter a number.")
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind in ("literal_error", "enum"):
        return _("One of: %(values)s.") % {"values": ctx.get("expected", "")}
    if kind == "string_too_long" and isinstance(ctx.get("max_length"), int):
        limit = ctx["max_length"]
        return ngettext("At most %(limit)s character.", "At most %(limit)s characters.", limit) % {"limit": limit}
    if kind == "string_type":
        return _("Give text here.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Give true or false.")
    return error.get("msg", "")


@api.exception_handler(NinjaValidationError)
def _payload_error(request, exc: NinjaValidationError):
    detail = [{"field": ".".join(str(p) for p in e.get("loc", [])[1:]) or "__all__",
               "message": _("Invalid value: %(reason)s") % {"reason": _reason(e)}} for e in exc.errors]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": _("You do not have permission for this action.")}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, ValidationError):  # refused by StorableTextParser while reading the body
        return _validation_error(request, exc.__cause__)
    # Ninja's own errors carry English text; the only one a caller can provoke is an unparseable body.
    detail = _("The request body is not valid JSON.") if exc.status_code == 400 else _("The request was refused.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    detail = _("Authentication required: a token or a signed-in session.")
    return api.create_response(request, {"detail": detail}, status=401)


from hromada.accounts.api import router as accounts_router  # noqa: E402
from hromada.acts.api import router as acts_router  # noqa: E402
from hromada.appeals.api import router as cases_router  # noqa: E402
from hromada.cnap.api import queue_router, services_router  # noqa: E402
from hromada.core.api import router as core_router  # noqa: E402
from hromada.itassets.api import router as itassets_router  # noqa: E402
from hromada.participation.budget.api import router as budget_router  # noqa: E402
from hromada.participation.petitions.api import router as petitions_router  # noqa: E402
from hromada.programmes.api import router as programmes_router  # noqa: E402
from hromada.registers.api import router as registers_router  # noqa: E402

api.add_router("/", core_router)
api.add_router("/", accounts_router)
api.add_router("/programmes", programmes_router)
api.add_router("/registers", registers_router)
api.add_router("/acts", acts_router)
api.add_router("/cases", cases_router)
api.add_router("/petitions", petitions_router)
api.add_router("/budget", budget_router)
api.add_router("/services", services_router)
api.add_router("/queue", queue_router)
api.add_router("/itassets", itassets_router)
