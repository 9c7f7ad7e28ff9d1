"""Open data: the list of acts in one stable schema, as CSV, JSON and XLSX (docs/acts-open-data.md).

The schema is named ``hromada.acts/1``. Its columns, their order and their meaning do not change within a
major version; a new column may be added at the end, anything else is a new major version (hromada.acts/2).

* CSV: UTF-8 with a BOM (Excel reads Cyrillic only so), ``;`` between fields, streamed row by row. Lists are
  joined by ``;`` inside their field. The text of the act is not in the CSV (a decision can run to dozens of
  pages with line breaks); ``text_sha256`` tells whether it changed.
* JSON: ``{"schema", "generated_at", "hromada", "count", "acts": [...]}``, streamed; each act has the same
  keys as the CSV, lists as lists, and its full ``text`` last.
* XLSX: the CSV's columns with typed dates and times (Kyiv time), for officials.

The public export holds only public acts (published, not internal, their time come) and their relations to
public acts; it is not logged. A member of staff exporting everything needs ``acts.export``, and the export
is written to the audit log.

The live open-data set acts.acts (acts.datasets) is the public export with the XLSX's typed values, built by the
same ``prepared_for``, ``rows_of`` and ``flat_row``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from hromada.acts import selectors
from hromada.acts.models import Act, ActRelation, Attachment
from hromada.core import audit
from hromada.core import exports as core_exports
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.core.ukrtext import xml_safe_data

SCHEMA = "hromada.acts/1"
EXPORT = "acts.export"
# The columns of the CSV and the XLSX, in order; the JSON has the same keys and then "text".
COLUMNS = (
    "id", "hromada_katottg", "number", "date", "type", "type_label", "status", "status_label", "title",
    "convocation", "session", "author_unit", "control_unit", "topics", "consideration_date", "published_at",
    "url", "attachments_count", "relations", "text_sha256",
)
JSON_KEYS = (*COLUMNS, "text")
LIST_SEPARATOR = ";"
CHUNK = 500


def is_public(act: Act, now=None) -> bool:
    """Published, not internal, and its publication time has come (what selectors.public_q selects)."""
    now = now or timezone.now()
    return act.published_at is not None and act.published_at <= now and not act.internal


def act_url(request, act_id: int) -> str:
    """The act's stable portal address (the same for staff and for the public)."""
    return request.build_absolute_uri(reverse("acts_public:detail", args=[act_id]))


def iso_time(value) -> str | None:
    """An aware time as ISO 8601 in Kyiv time with its offset, to the second."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _is_public_export(request, public: bool | None) -> bool:
    """The public export unless said otherwise or the caller is staff who may export everything."""
    if public is None:
        return not can(getattr(request, "user", None), request.hromada, EXPORT)
    if not public and not can(getattr(request, "user", None), request.hromada, EXPORT):
        raise PermissionDenied
    return public


def prepared(acts_qs: QuerySet, request, *, public: bool) -> QuerySet:
    """The acts of the request's hromada (public ones only for the public), with what a row needs fetched."""
    return prepared_for(acts_qs, request.hromada, public=public)


def prepared_for(acts_qs: QuerySet, hromada, *, public: bool) -> QuerySet:
    """`prepared` without a request (the open-data registry, core.datasets, generates rows in a task)."""
    relations = ActRelation.objects.select_related("target").order_by("effective_from", "pk")
    rows = acts_qs.filter(hromada=hromada)
    if public:
        rows = rows.filter(selectors.public_q())
        relations = relations.filter(selectors.public_q("target__"))
    files = (Attachment.objects.filter(act=OuterRef("pk")).order_by().values("act")
             .annotate(n=Count("pk")).values("n"))
    rows = rows.select_related("author_unit", "control_unit").prefetch_related(
        "topics", Prefetch("relations_out", queryset=relations)
    ).annotate(export_attachments=Coalesce(Subquery(files, output_field=IntegerField()), 0))
    return rows if rows.ordered else rows.order_by("-date", "-pk")


def export_rows(acts: Iterable[Act], request, *, public: bool | None = None) -> Iterator[dict]:
    """One dict per act with the keys of JSON_KEYS, values as Python objects (dates, lists, aware times).

    `acts` may be any iterable of the hromada's acts; those from `prepared()` cost no further queries.
    """
    public = _is_public_export(request, public)
    yield from rows_of(acts, request.hromada, lambda act_id: act_url(request, act_id), public=public)


def rows_of(acts: Iterable[Act], hromada, url_of: Callable[[int], str], *, public: bool) -> Iterator[dict]:
    """`export_rows` for a hromada rather than a request: `url_of(act_id)` gives the act's absolute address."""
    now = timezone.now()
    for act in acts:
        if act.hromada_id != hromada.pk or (public and not is_public(act, now)):
            continue
        attachments = getattr(act, "export_attachments", None)
        relations = [r for r in act.relations_out.all() if not public or is_public(r.target, now)]
        yield {
            "id": act.pk,
            "hromada_katottg": hromada.katottg,
            "number": act.number,
            "date": act.date,
            "type": act.type,
            "type_label": str(act.get_type_display()),
            "status": act.status,
            "status_label": str(act.get_status_display()),
            "title": act.title,
            "convocation": act.convocation,
            "session": act.session,
            "author_unit": act.author_unit.name if act.author_unit_id else "",
            "control_unit": act.control_unit.name if act.control_unit_id else "",
            "topics": [topic.name for topic in act.topics.all()],
            "consideration_date": act.consideration_date,
            "published_at": act.published_at,
            "url": url_of(act.pk),
            "attachments_count": attachments if attachments is not None else act.attachments.count(),
            "relations": [{"kind": r.kind, "id": r.target_id, "number": r.target.number, "date": r.target.date}
                          for r in relations],
            "text_sha256": hashlib.sha256(act.text.encode()).hexdigest(),
            "text": act.text,
        }


# --- formats ---------------------------------------------------------------------------------------------


def flat_row(row: dict, *, typed: bool) -> list:
    """A row of the CSV (typed=False: everything text) or of the XLSX (typed: dates and times kept)."""
    values = dict(row)
    values["topics"] = LIST_SEPARATOR.join(row["topics"])
    values["relations"] = LIST_SEPARATOR.join(f"{r['kind']}:{r['number']}:{r['date'].isoformat()}"
                                              for r in row["relations"])
    if not typed:
        values["published_at"] = iso_time(row["published_at"]) or ""
        for name in ("date", "consideration_date"):
            values[name] = row[name].isoformat() if row[name] else ""
    return [values[name] for name in COLUMNS]


def _as_json(row: dict) -> dict:
    values = dict(row)
    for name in ("date", "consideration_date"):
        values[name] = row[name].isoformat() if row[name] else None
    values["published_at"] = iso_time(row["published_at"])
    values["relations"] = [{**r, "date": r["date"].isoformat()} for r in row["relations"]]
    # The same texts as the CSV and XLSX carry (core.exports.cell): control characters of acts stored before
    # input was cleaned are not passed on.
    return xml_safe_data({name: values[name] for name in JSON_KEYS})


def _base(filename: str, extension: str) -> str:
    return filename[: -len(extension) - 1] if filename.endswith("." + extension) else filename


def _log(request, fmt: str, count: int | None) -> None:
    audit.record(AuditEntry.Action.EXPORT, object_type="acts.act", object_repr=f"acts ({fmt})",
                 hromada=request.hromada, actor=getattr(request, "user", None),
                 changes={"export": [None, fmt], "rows": [None, count]})


def csv_response(acts_qs: QuerySet, request, filename: str, *, public: bool | None = None) -> StreamingHttpResponse:
    """The acts as a streamed CSV (UTF-8 with BOM, `;`-separated), header = COLUMNS."""
    public = _is_public_export(request, public)
    rows = prepared(acts_qs, request, public=public)
    if not public:
        _log(request, "csv", rows.count())
    flat = (flat_row(row, typed=False) for row in export_rows(rows.iterator(chunk_size=CHUNK), request, public=public))
    return core_exports.csv_response(_base(filename, "csv"), COLUMNS, flat)


def json_response(acts_qs: QuerySet, request, filename: str, *, public: bool | None = None) -> StreamingHttpResponse:
    """The acts as a streamed JSON document of schema hromada.acts/1."""
    public = _is_public_export(request, public)
    rows = prepared(acts_qs, request, public=public)
    count = rows.count()
    if not public:
        _log(request, "json", count)
    hromada = request.hromada
    head = {"schema": SCHEMA, "generated_at": iso_time(timezone.now()),
            "hromada": {"name": hromada.name, "katottg": hromada.katottg}, "count": count}

    def stream():
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "acts": ['
        for i, row in enumerate(export_rows(rows.iterator(chunk_size=CHUNK), request, public=public)):
            yield ("," if i else "") + "\n" + json.dumps(_as_json(row), ensure_ascii=False)
        yield "\n]}\n"

    response = StreamingHttpResponse(stream(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_base(filename, "json")}.json"'
    return response


def xlsx_response(acts_qs: QuerySet, request, filename: str, *, public: bool | None = None) -> HttpResponse:
    """The acts as an XLSX sheet: the CSV's columns, dates as dates and the publication time in Kyiv time."""
    public = _is_public_export(request, public)
    rows = prepared(acts_qs, request, public=public)
    if not public:
        _log(request, "xlsx", rows.count())
    flat = (flat_row(row, typed=True) for row in export_rows(rows.iterator(chunk_size=CHUNK), request, public=public))
    return core_exports.xlsx_response(_base(filename, "xlsx"), "acts", COLUMNS, flat)
