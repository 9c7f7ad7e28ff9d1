"""The portal's registry of acts: search, a stable page per act, its versions, files, votes and council sessions.

Residents see only public acts (acts.selectors.public_q: published, not internal, publication time come);
anything else — another hromada's act, a draft not yet published, an internal order — is a 404.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import mimetypes

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from hromada.acts import search, selectors, sessions, versions
from hromada.acts.models import (
    INVERSE_LABELS,
    Act,
    ActStatus,
    ActType,
    RelationKind,
    Topic,
)
from hromada.acts.signatures import SignatureReport
from hromada.core import ratelimit
from hromada.core import selectors as core_selectors
from hromada.core.collation import uk
from hromada.core.fields import LocalIntegerField

PAGE_SIZE = 20
MAX_PAGE = 10_000
SORTS = (
    ("relevance", gettext_lazy("by relevance")),
    ("date", gettext_lazy("newest first")),
    ("-date", gettext_lazy("oldest first")),
)
DATE_INPUTS = ["%Y-%m-%d", "%d.%m.%Y"]


# --- search ------------------------------------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Words, phrase or number"), required=False, max_length=500)
    type = forms.ChoiceField(label=gettext_lazy("type"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("status"), required=False)
    date_from = forms.DateField(label=gettext_lazy("dated from"), required=False, input_formats=DATE_INPUTS,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=gettext_lazy("dated to"), required=False, input_formats=DATE_INPUTS,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    convocation = LocalIntegerField(label=gettext_lazy("convocation"), required=False, min_value=1, max_value=30)
    session = LocalIntegerField(label=gettext_lazy("session"), required=False, min_value=1, max_value=999)
    unit = forms.TypedChoiceField(label=gettext_lazy("department"), required=False, coerce=int, empty_value=None)
    topic = forms.TypedChoiceField(label=gettext_lazy("topic"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=gettext_lazy("order"), required=False, choices=SORTS)

    def __init__(self, data, *, hromada):
        super().__init__(data)
        anything = [("", _("any"))]
        self.fields["type"].choices = anything + list(ActType.choices)
        # A working draft is never public: no filter for it.
        self.fields["status"].choices = anything + [c for c in ActStatus.choices if c[0] != ActStatus.WORKING]
        self.fields["unit"].choices = anything + [
            (unit.pk, unit.name) for unit in core_selectors.departments(hromada).order_by(uk("name"))]
        public_topics = Topic.objects.filter(hromada=hromada, acts__in=selectors.acts(hromada, public=True))
        self.fields["topic"].choices = anything + [
            (topic.pk, topic.name) for topic in public_topics.distinct().order_by(uk("name"))]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is earlier than the start date."))
        return data

    def values(self) -> dict:
        """The valid part of the query: an unusable filter is reported beside its field and ignored."""
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name not in self.errors}

    @property
    def has_filters(self) -> bool:
        data = self.values()
        return any(data.get(name) not in (None, "") for name in self.fields if name not in ("q", "sort"))


def public_search(hromada, q: str, filters: search.Filters, *, sort: str, limit: int, offset: int) -> search.Results:
    """search.search restricted to what the public sees (published, not internal, publication time come)."""
    return search.search(hromada, q, dataclasses.replace(filters, published_only=True), sort=sort, limit=limit,
                         offset=offset)


class _Found:
    """One page of search results in the shape Paginator expects (the count is the whole result's)."""

    def __init__(self, count: int, hits: list):
        self._count, self._hits = count, hits

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, item):
        return self._hits


def _page_number(raw) -> int:
    try:
        return min(max(int(raw), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1


def draft_notice(act: Act) -> str:
    """When a draft is to be considered; the status label itself says it is a draft (acts.lifecycle)."""
    if not sessions.is_draft(act) or not act.consideration_date:
        return ""
    return _("Planned consideration: %(date)s") % {"date": act.consideration_date.strftime("%d.%m.%Y")}


@require_GET
@ratelimit.limit_page("search", methods=("GET",), when=lambda request: bool(request.GET.get("q")))
def act_list(request):
    hromada = request.hromada
    form = SearchForm(request.GET or None, hromada=hromada)
    if form.is_bound:
        form.is_valid()
    values = form.values()
    q = (values.get("q") or "").strip()
    sort = values.get("sort") or ("relevance" if q else "date")
    filters = search.Filters(
        types=[values["type"]] if values.get("type") else [],
        statuses=[values["status"]] if values.get("status") else [],
        date_from=values.get("date_from"), date_to=values.get("date_to"),
        convocation=values.get("convocation"), session=values.get("session"),
        unit_id=values.get("unit"), topic_id=values.get("topic"), published_only=True,
    )
    number = _page_number(request.GET.get("page"))
    results = public_search(hromada, q, filters, sort=sort, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    if results.total and (number - 1) * PAGE_SIZE >= results.total:
        number = (results.total - 1) // PAGE_SIZE + 1
        results = public_search(hromada, q, filters, sort=sort, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    page = Paginator(_Found(results.total, results.hits), PAGE_SIZE).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"act": hit.act, "snippet": hit.snippet, "draft": draft_notice(hit.act), "partial": hit.match == "partial",
             "matched": hit.matched_terms} for hit in results.hits]
    return render(request, "acts/public/list.html", {
        "form": form, "page": page, "rows": rows, "results": results, "q": q, "sort": sort,
        "searched": bool(q) or form.has_filters,
        "found": ngettext("Found %(count)s act", "Found %(count)s acts", results.count) % {
            "count": results.count},
        "full_rows": [row for row in rows if not row["partial"]],
        "partial_rows": [row for row in rows if row["partial"]],
        "partial_start": page.start_index() + sum(1 for row in rows if not row["partial"]),
        "querystring": query.urlencode(),
    })


# --- one act -----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class SignatureSummary:
    status: str  # valid / invalid / indeterminate / unsigned / error / not_checked
    text: str
    signers: list[str]


def signature_summary(attachment) -> SignatureSummary:
    """What the file's electronic signature means, in plain words."""
    if attachment.format != "pdf" or not attachment.signatures:
        return SignatureSummary("not_checked", _("The electronic signature of this file is not checked on the "
                                                 "portal (only PDF files are checked)."), [])
    report = SignatureReport.from_dict(attachment.signatures)
    status = report.summary_status
    signers = []
    for check in report.signatures:
        who = check.signer_name or _("unknown signer")
        if check.signer_organisation:
            who = f"{who} ({check.signer_organisation})"
        if check.signing_time:
            who = _("%(who)s, signed %(when)s") % {
                "who": who, "when": timezone.localtime(check.signing_time).strftime("%d.%m.%Y %H:%M")}
        signers.append(who)
    text = {
        "valid": _("Signed electronically; the signature is valid and the file has not changed since signing."),
        "indeterminate": _("Signed electronically; the file has not changed since signing, but the signer's "
                           "certificate could not be confirmed on the portal."),
        "invalid": _("The electronic signature is NOT valid: the file may have been changed after signing."),
        "unsigned": _("The file is not signed electronically."),
        "error": _("The signature could not be checked: %(reason)s") % {"reason": report.error or ""},
    }[status]
    return SignatureSummary(status, text, signers)


def _status_notice(act: Act) -> str:
    """«Repealed by decision № … of …» (or suspended) from the public act that did it."""
    effects = {ActStatus.REPEALED: RelationKind.REPEALS, ActStatus.SUSPENDED: RelationKind.SUSPENDS}
    kind = effects.get(act.status)
    if kind is None:
        return ""
    relation = next((r for r in act.relations_in.all() if r.kind == kind and r.applied), None)
    if relation is None:
        return ""
    source = relation.source
    values = {"number": source.number, "date": source.date.strftime("%d.%m.%Y")}
    order = source.type == ActType.HEAD_ORDER
    if kind == RelationKind.REPEALS:
        text = _("Repealed by order № %(number)s of %(date)s") if order else \
            _("Repealed by decision № %(number)s of %(date)s")
    else:
        text = _("Suspended by order № %(number)s of %(date)s") if order else \
            _("Suspended by decision № %(number)s of %(date)s")
    return text % values


def _vote_tables(act: Act) -> list[dict]:
    tables = []
    for item in selectors.roll_calls(act):
        rows = sorted(item.roll_call.all(), key=lambda r: (sessions.name_key(r.deputy.full_name), r.deputy_id))
        if rows:
            tables.append({"item": item, "session": item.session, "rows": rows, "totals": sessions.totals(rows)})
    return tables


@require_GET
def act_detail(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=True)
    relations = [(r.get_kind_display(), r.target, r) for r in act.relations_out.all()]
    relations += [(INVERSE_LABELS[r.kind], r.source, r) for r in act.relations_in.all()]
    attachments = [(a, signature_summary(a)) for a in act.attachments.all()]
    return render(request, "acts/public/detail.html", {
        "act": act, "status_notice": _status_notice(act),
        "topics": list(act.topics.all()), "attachments": attachments, "relations": relations,
        "votes": _vote_tables(act), "versions": _chronological(act),
    })


@require_GET
def attachment_download(request, pk, attachment_pk):
    act = selectors.act_or_404(request.hromada, pk, public=True)
    attachment = next((a for a in act.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    content_type = mimetypes.guess_type(attachment.original_name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- versions ----------------------------------------------------------------------------------------------

FIELD_LABELS = {
    "topics": gettext_lazy("topics"),
    "attachments": gettext_lazy("attachments"),
    "relations": gettext_lazy("relations"),
}


def _label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    return str(Act._meta.get_field(name).verbose_name)


def _shown(name: str, value, visible=frozenset()) -> str:
    if name == "relations":  # only relations to acts the public may see
        return versions.relations_text(value, visible) or "—"
    if value in (None, "", []):
        return "—"
    if name == "type":
        return str(dict(ActType.choices).get(value, value))
    if name == "status":
        return str(dict(ActStatus.choices).get(value, value))
    if name in ("date", "consideration_date"):
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(value)
    if name == "internal":
        return _("yes") if value else _("no")
    if name == "topics":
        return ", ".join(str(v) for v in value)
    if name == "attachments":
        return ", ".join(str(v.get("name", "")) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _chronological(act: Act) -> list:
    """The published versions, oldest first (a history reads forward; the newest is marked current)."""
    return list(selectors.versions_of(act, public=True))[::-1]


@require_GET
def version_detail(request, pk, number):
    act = selectors.act_or_404(request.hromada, pk, public=True)
    version = selectors.version_or_404(act, number, public=True)
    previous = selectors.previous_version(version, public=True)
    changes = []
    related = [item.get("id") for data in (version.data, previous.data if previous else {})
               for item in data.get("relations") or () if isinstance(item, dict)]
    visible = set(selectors.acts(request.hromada, public=True).filter(pk__in=[i for i in related if
                                                                              isinstance(i, int)])
                  .values_list("pk", flat=True))
    if previous is not None:
        for change in versions.diff(previous.data, version.data):
            before, after = (_shown(change.field, change.before, visible),
                             _shown(change.field, change.after, visible))
            if change.field == "internal" or (not change.segments and before == after):
                continue
            changes.append({"field": change.field, "label": _label(change.field), "before": before,
                            "after": after, "segments": change.segments})
    shown = [(_label(name), _shown(name, version.data.get(name), visible))
             for name in ("number", "date", "type", "status", "convocation", "session", "consideration_date",
                          "topics", "attachments", "relations")]
    return render(request, "acts/public/version.html", {
        "act": act, "version": version, "previous": previous, "changes": changes, "fields": shown,
        "versions": _chronological(act),
    })


# --- council sessions ----------------------------------------------------------------------------------


def public_item(item) -> dict:
    """An agenda item as residents see it: links and votes only for acts that are public."""
    draft = item.draft if item.draft_id and _is_public(item.draft) else None
    decision = item.decision if item.decision_id and _is_public(item.decision) else None
    rows = list(item.roll_call.all()) if decision is not None else []
    return {"item": item, "draft": draft, "decision": decision,
            "totals": sessions.totals(rows) if rows else None}


def _is_public(act: Act) -> bool:
    return bool(act.published_at and act.published_at <= timezone.now() and not act.internal)


@require_GET
def session_list(request):
    page = Paginator(sessions.sessions_of(request.hromada), 50).get_page(request.GET.get("page"))
    return render(request, "acts/public/sessions.html", {"page": page, "querystring": ""})


@require_GET
def session_detail(request, pk):
    session = sessions.session_or_404(request.hromada, pk)
    return render(request, "acts/public/session.html", {
        "session": session, "items": [public_item(item) for item in session.items.all()]})


# --- open data -------------------------------------------------------------------------------------------


def _export_name(request, extension: str) -> str:
    return f"acts-{request.hromada.katottg}.{extension}"


@require_GET
def export_csv(request):
    """The whole public registry as CSV (acts.exports, schema hromada.acts/1), whoever asks."""
    from hromada.acts import exports

    return exports.csv_response(Act.objects.all(), request, _export_name(request, "csv"), public=True)


@require_GET
def export_json(request):
    from hromada.acts import exports

    return exports.json_response(Act.objects.all(), request, _export_name(request, "json"), public=True)
