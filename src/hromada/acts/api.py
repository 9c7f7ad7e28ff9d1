"""The registry of acts in the API (/api/v1/acts): search, one act, and the open-data export.

Anyone may read: an anonymous caller (or one without ``acts.view`` in this hromada) sees only public acts —
published, not internal, their publication time come — of each only its published versions, and relations
only to other public acts. Staff with ``acts.view`` (a personal token or their browser session) see every
act of their hromada. Another hromada's act, a non-public one for the public, or an id no act has is a 404.

Query parameters are checked before anything is searched: a wrong one is a 400 naming the parameter. The
search text itself is never refused: whatever is typed (stop words only, quotes, operators, 10 000
characters) is an ordinary answer, possibly empty.
"""

from __future__ import annotations

from collections import Counter

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router
from ninja.errors import AuthenticationError

from hromada.acts import exports, search, selectors
from hromada.acts.models import INVERSE_LABELS, Act, ActRelation, RelationKind, Vote
from hromada.acts.schemas import ActFilterParams, ActOut, SearchOut, SearchParams
from hromada.core import ratelimit
from hromada.core.roles import can
from hromada.core.schemas import ErrorOut, ValidationErrorOut

router = Router(tags=["acts"])
VIEW = "acts.view"
READ_RESPONSES = {400: ValidationErrorOut, 401: ErrorOut, 404: ErrorOut}
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# --- who is asking ---------------------------------------------------------------------------------------


def _caller(request):
    """The signed-in user, the token's user, or None for the public; a token that is wrong is a 401."""
    if request.headers.get("Authorization"):
        from hromada.api import BearerToken  # the root API imports this module: read it when called

        user = BearerToken()(request)
        if user is None:
            raise AuthenticationError
        return user
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def is_staff_reader(request) -> bool:
    """Whether the caller sees every act of the hromada (drafts, unpublished and internal ones)."""
    user = _caller(request)
    return user is not None and can(user, request.hromada, VIEW)


is_public = exports.is_public
act_url = exports.act_url


# --- URLs of files ---------------------------------------------------------------------------------------


def attachment_url(request, attachment, *, public: bool) -> str:
    name = "acts_public:attachment" if public else "acts:attachment-download"
    return request.build_absolute_uri(reverse(name, args=[attachment.act_id, attachment.pk]))


# --- search ----------------------------------------------------------------------------------------------


def _filters(data: dict, *, public: bool) -> search.Filters:
    return search.Filters(types=list(data["type"]), statuses=list(data["status"]), date_from=data["date_from"],
                          date_to=data["date_to"], convocation=data["convocation"], session=data["session"],
                          unit_id=data["unit"], topic_id=data["topic"], published_only=public)


def query_text(q: str) -> str:
    """What is searched for: NUL (which no text holds and PostgreSQL refuses) read as a space, and a query of
    nothing but NULs as typed punctuation (which finds nothing, as any query with no word in it)."""
    text = (q or "").replace("\x00", " ")
    return "-" if (q or "").strip() and not text.strip() else text


@router.get(
    "/search", response={200: SearchOut, **READ_RESPONSES, 429: ErrorOut}, auth=None,
    summary="Search the registry of acts",
    description="`q` is a search box query: words in any form, \"phrases\", -exclusions, act numbers (№ 154). "
                "`type` and `status` may repeat. `sort`: relevance (the default; by date without `q`), date "
                "(newest first) or -date. `limit` 1–100 (20), `offset` 0–10 000. Each result's `snippet` is "
                "escaped HTML with the matched words in `<mark>` (empty without `q`); `score` is the engine's "
                "relevance, comparable only within one answer, and null without `q`. `count` is the number of "
                "acts matching the whole query. When they fill less than the page (`limit`), a query of three "
                "or more plain words goes on with the acts that lack one of them (two, from five words; "
                "\"phrases\", numbers and -exclusions always apply): `match` is \"partial\" for those, "
                "`matched_terms` names the terms each act has, and `partial_count` counts them — the list "
                "pages through count + partial_count. The public sees public acts; staff with a token or a "
                "session see all acts of their hromada.")
def search_acts(request, q: str = "", type: Query[list[str]] = None, status: Query[list[str]] = None,
                date_from: str = "", date_to: str = "", convocation: str = "", session: str = "", unit: str = "",
                topic: str = "", sort: str = "", limit: str = "", offset: str = ""):
    if (limited := ratelimit.api_guard(request, "search")) is not None:
        return limited
    public = not is_staff_reader(request)
    data = SearchParams.from_query(request.GET).cleaned_or_error()
    results = search.search(request.hromada, query_text(q), _filters(data, public=public), sort=data["sort"],
                            limit=data["limit"], offset=data["offset"])
    now = timezone.now()
    hits = [hit for hit in results.hits if not public or is_public(hit.act, now)]
    return {"count": results.count, "partial_count": results.partial_count, "results": [{
        "id": hit.act.pk, "number": hit.act.number, "date": hit.act.date, "type": hit.act.type,
        "status": hit.act.status, "title": hit.act.title, "snippet": hit.snippet, "url": act_url(request, hit.act.pk),
        "score": hit.score, "match": hit.match, "matched_terms": hit.matched_terms,
    } for hit in hits]}


# --- the export ------------------------------------------------------------------------------------------


def _binary() -> dict:
    content = {ct: {"schema": {"type": "string", "format": "binary"}} for ct in EXPORT_TYPES.values()}
    return {"responses": {200: {"description": "File", "content": content}}}


# Declared before "/{act_id}" so that the path is not read as an act id.
@router.get(
    "/export.{fmt}", response=READ_RESPONSES, auth=None, openapi_extra=_binary(),
    summary="Open data: the list of acts as CSV, JSON or XLSX (schema hromada.acts/1, docs/acts-open-data.md)",
    description="The same filters as the search, without `q`. The public receives the public acts; a member of "
                "staff receives every act of the hromada, and the export is written to the audit log.")
def export_acts(request, fmt: str, type: Query[list[str]] = None, status: Query[list[str]] = None,
                date_from: str = "", date_to: str = "", convocation: str = "", session: str = "", unit: str = "",
                topic: str = ""):
    if fmt not in EXPORT_TYPES:
        raise Http404
    public = not is_staff_reader(request)
    data = ActFilterParams.from_query(request.GET).cleaned_or_error()
    render = {"csv": exports.csv_response, "json": exports.json_response, "xlsx": exports.xlsx_response}[fmt]
    rows = selectors.filtered(request.hromada, _filters(data, public=public), public=public)
    return render(rows, request, "acts", public=public)


# --- one act ---------------------------------------------------------------------------------------------


def _ref(request, act: Act) -> dict:
    return {"id": act.pk, "number": act.number, "date": act.date, "title": act.title, "url": act_url(request, act.pk)}


def _relations(request, act: Act) -> dict:
    def row(relation: ActRelation, other: Act, label) -> dict:
        return {"kind": relation.kind, "label": str(label), "act": _ref(request, other),
                "effective_from": relation.effective_from}

    return {
        "outgoing": [row(r, r.target, RelationKind(r.kind).label) for r in act.relations_out.all()],
        "incoming": [row(r, r.source, INVERSE_LABELS[RelationKind(r.kind)]) for r in act.relations_in.all()],
    }


def _roll_calls(act: Act) -> list[dict]:
    result = []
    for item in selectors.roll_calls(act):
        votes = list(item.roll_call.all())
        counted = Counter(vote.vote for vote in votes)
        result.append({
            "session": {"id": item.session.pk, "convocation": item.session.convocation,
                        "number": item.session.number, "date": item.session.date, "title": item.session.title},
            "item": {"order": item.order, "title": item.title},
            "result": item.result, "result_label": item.get_result_display(),
            "votes": [{"deputy": vote.deputy.full_name, "vote": vote.vote} for vote in votes],
            "totals": {choice: counted.get(choice, 0) for choice in Vote.values},
        })
    return result


def _unit(unit) -> dict | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


@router.get(
    "/{act_id}", response={200: ActOut, **READ_RESPONSES}, auth=None,
    summary="One act: its text, files, relations, versions and the roll-call vote that adopted it",
    description="Attachments' `url` downloads the file; `signatures` is the stored report of the file's "
                "qualified electronic signatures (empty for files other than PDF). The public sees only "
                "published versions and relations to public acts.")
def act_detail(request, act_id: int):
    public = not is_staff_reader(request)
    act = selectors.act_or_404(request.hromada, act_id, public=public)
    return {
        "id": act.pk, "number": act.number, "date": act.date, "type": act.type, "type_label": act.get_type_display(),
        "status": act.status, "status_label": act.get_status_display(), "title": act.title, "text": act.text,
        "convocation": act.convocation, "session": act.session, "author_unit": _unit(act.author_unit),
        "control_unit": _unit(act.control_unit), "topics": [topic.name for topic in act.topics.all()],
        "consideration_date": act.consideration_date, "published_at": act.published_at, "internal": act.internal,
        "url": act_url(request, act.pk),
        "attachments": [{"name": a.original_name, "format": a.format, "size": a.size, "sha256": a.sha256,
                         "url": attachment_url(request, a, public=public), "signatures": a.signatures or {}}
                        for a in act.attachments.all()],
        "relations": _relations(request, act),
        "versions": [{"number": v.number, "created_at": v.created_at, "changed": v.changed, "comment": v.comment,
                      "published": v.published} for v in selectors.versions_of(act, public=public)],
        "roll_call": _roll_calls(act),
    }


__all__ = ["router"]
