"""Staff pages of the registry of acts (reading): the searchable list and its export, an act's card, its
versions with a readable difference, and the secretary's list of publication deadlines.

Views are thin: forms parse, acts.search and acts.selectors read within the hromada, services write
(views_edit). Every page needs `acts.view`; another hromada's act is a 404.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from math import ceil

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.acts import deadlines, forms, lifecycle, search, selectors, versions
from hromada.acts.models import INVERSE_LABELS, Act, ActStatus, ActType, Vote
from hromada.acts.signatures import SignatureReport
from hromada.core.access import require
from hromada.core.roles import can

PAGE_SIZE = 20
# A search query exports the acts it finds, up to this many.
EXPORT_QUERY_LIMIT = 5000
VERSIONS_PAGE_SIZE = 50


def permissions(request) -> dict:
    return {
        "can_manage": can(request.user, request.hromada, "acts.manage"),
        "can_publish": can(request.user, request.hromada, "acts.publish"),
        "can_import": can(request.user, request.hromada, "acts.import"),
        "can_export": can(request.user, request.hromada, "acts.export"),
    }


# --- the list --------------------------------------------------------------------------------------------


def _filters(state: dict) -> search.Filters:
    return search.Filters(
        types=list(state["type"]), statuses=list(state["status"]), date_from=state["date_from"],
        date_to=state["date_to"], convocation=state["convocation"], session=state["session"],
        unit_id=state["unit"], topic_id=state["topic"], published_only=state["published"] == "yes",
        unpublished_only=state["published"] == "no")


def find(hromada, state: dict, *, limit: int, offset: int) -> search.Results:
    """One page of the acts matching the list's query and filters."""
    return search.search(hromada, state["q"], _filters(state), sort=state["sort"], limit=limit, offset=offset)


class _FoundPage:
    """What a Paginator needs of a result set whose one page is already fetched."""

    def __init__(self, count: int, hits: list):
        self._count, self.hits = count, hits

    def count(self) -> int:
        return self._count

    def __getitem__(self, item):
        return self.hits


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 10**6))
    except (TypeError, ValueError):
        return 1


def _active_filters(state: dict) -> bool:
    return any(state[name] for name in ("type", "status", "date_from", "date_to", "convocation", "session", "unit",
                                        "topic", "published"))


@require("acts.view")
def act_list(request):
    form = forms.ListFilterForm(request.GET, hromada=request.hromada)
    state = form.values()
    number = _page_number(request.GET.get("page"))
    results = find(request.hromada, state, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    last = max(1, ceil(results.total / PAGE_SIZE))
    if number > last:
        number = last
        results = find(request.hromada, state, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    page = Paginator(_FoundPage(results.total, results.hits), PAGE_SIZE).page(number)
    late = {row.act.pk: row.deadline for row in
            deadlines.deadline_rows(request.hromada, [hit.act for hit in results.hits]) if row.deadline.is_late}
    rows = [(hit, late.get(hit.act.pk)) for hit in results.hits]
    partial_from = next((i for i, hit in enumerate(results.hits) if hit.match == "partial"), None)
    query = request.GET.copy()
    query.pop("page", None)
    registry_empty = (results.count == 0 and not state["q"] and not _active_filters(state)
                      and not selectors.acts(request.hromada, public=False).exists())
    context = {
        "form": form, "state": state, "results": results, "rows": rows, "page": page,
        "querystring": query.urlencode(), "searched": bool(state["q"]), "filtered": _active_filters(state),
        "registry_empty": registry_empty, "partial_from": partial_from, **permissions(request),
    }
    template = "acts/staff/_results.html" if getattr(request, "htmx", False) else "acts/staff/list.html"
    return render(request, template, context)


EXPORT_FORMATS = ("csv", "xlsx", "json")


@require("acts.export")
def act_export(request, fmt):
    """The current filtered list (all pages, not only the one shown) in the open-data columns of acts.exports.

    With a search query the export holds the acts the search finds (at most EXPORT_QUERY_LIMIT), newest
    first; without one it streams every act the filters select.
    """
    if fmt not in EXPORT_FORMATS:
        raise Http404
    from hromada.acts import exports

    state = forms.ListFilterForm(request.GET, hromada=request.hromada).values()
    if state["q"]:
        results = search.search(request.hromada, state["q"], _filters(state), sort=state["sort"],
                                limit=EXPORT_QUERY_LIMIT, offset=0, snippets=False, partial=False)
        rows = selectors.acts(request.hromada, public=False).filter(pk__in=[hit.act.pk for hit in results.hits])
    else:
        rows = selectors.filtered(request.hromada, _filters(state), public=False)
    rows = rows.order_by("date", "pk") if state["sort"] == "-date" else rows.order_by("-date", "-pk")
    respond = getattr(exports, f"{fmt}_response")
    return respond(rows, request, f"acts-{timezone.localdate():%Y-%m-%d}.{fmt}", public=False)


# --- one act ---------------------------------------------------------------------------------------------


def signature_report(attachment) -> SignatureReport | None:
    """The signature report of a PDF attachment (None for other formats), for `acts/_shared_signatures.html`."""
    if attachment.format != "pdf":
        return None
    return SignatureReport.from_dict(attachment.signatures or {"signed": False})


def with_reports(attachments) -> list:
    rows = list(attachments)
    for attachment in rows:
        attachment.report = signature_report(attachment)
    return rows


def deadline_of(hromada, act: Act):
    rows = deadlines.deadline_rows(hromada, [act])
    return rows[0] if rows else None


def roll_call_summaries(act: Act) -> list[dict]:
    """Each agenda item the act was adopted on, with its roll-call and the count of each vote."""
    summaries = []
    for item in selectors.roll_calls(act):
        votes = list(item.roll_call.all())
        counts = Counter(vote.vote for vote in votes)
        summaries.append({"item": item, "votes": votes,
                          "counts": [(label, counts.get(value, 0)) for value, label in Vote.choices]})
    return summaries


def incoming(act: Act) -> list:
    rows = list(act.relations_in.all())
    for relation in rows:
        relation.inverse_label = INVERSE_LABELS.get(relation.kind, relation.kind)
    return rows


@require("acts.view")
def act_detail(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    return render(request, "acts/staff/detail.html", {
        "act": act, "topics": list(act.topics.all()), "attachments": with_reports(act.attachments.all()),
        "relations_out": list(act.relations_out.all()), "relations_in": incoming(act),
        "deadline_row": deadline_of(request.hromada, act), "roll_calls": roll_call_summaries(act),
        "version_count": act.versions.count(), **permissions(request),
    })


# --- versions --------------------------------------------------------------------------------------------

LABELS = {name: Act._meta.get_field(name).verbose_name for name in versions.FIELDS
          if name not in ("attachments", "relations")}
LABELS["attachments"] = _("files")
LABELS["relations"] = _("relations")
_TYPES, _STATUSES = dict(ActType.choices), dict(ActStatus.choices)


def display_value(name: str, value):
    """A snapshot value as people read it: labels for codes, dates as dates, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    if name == "type":
        return _TYPES.get(value, value)
    if name == "status":
        return _STATUSES.get(value, value)
    if name in ("date", "consideration_date"):
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return value
    if name == "internal":
        return _("yes") if value else _("no")
    if name == "topics":
        return ", ".join(str(v) for v in value)
    if name == "attachments":
        return ", ".join(str(a.get("name", "")) for a in value if isinstance(a, dict))
    if name == "relations":
        return versions.relations_text(value)
    return value


@require("acts.view")
def version_list(request, pk):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    page = Paginator(selectors.versions_of(act, public=False), VERSIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    for version in page.object_list:
        version.changed_labels = [LABELS.get(name, name) for name in version.changed]
    return render(request, "acts/staff/versions.html", {"act": act, "page": page, "querystring": "",
                                                        **permissions(request)})


@require("acts.view")
def version_detail(request, pk, number):
    act = selectors.act_or_404(request.hromada, pk, public=False)
    version = selectors.version_or_404(act, number, public=False)
    previous = selectors.previous_version(version, public=False)
    text_diffs, field_diffs, fields = [], [], []
    if previous is not None:
        for change in versions.diff(previous.data, version.data):
            label = LABELS.get(change.field, change.field)
            if change.segments:
                text_diffs.append({"label": label, "field": change.field, "segments": change.segments})
            else:
                field_diffs.append({"label": label, "field": change.field,
                                    "before": display_value(change.field, change.before),
                                    "after": display_value(change.field, change.after)})
    else:
        fields = [(LABELS.get(name, name), display_value(name, version.data.get(name))) for name in versions.FIELDS]
    return render(request, "acts/staff/version.html", {
        "act": act, "version": version, "previous": previous, "text_diffs": text_diffs, "field_diffs": field_diffs,
        "fields": fields, **permissions(request)})


# --- publication deadlines -------------------------------------------------------------------------------


@require("acts.view")
def deadline_list(request):
    form = forms.DeadlineFilterForm(request.GET)
    state = form.values()
    acts = selectors.acts(request.hromada, public=False).select_related(None).filter(internal=False).only(
        "pk", "hromada_id", "number", "date", "type", "status", "title", "consideration_date", "published_at",
        "internal")
    if state["kind"] == deadlines.Kind.DRAFT:
        acts = acts.filter(status=ActStatus.DRAFT, type__in=list(lifecycle.DRAFT_TERM_TYPES),
                           consideration_date__isnull=False)
    elif state["kind"] == deadlines.Kind.ADOPTED:
        acts = acts.filter(status__in=list(lifecycle.ADOPTED_STATUSES), type__in=list(lifecycle.ADOPTED_TYPES))
    today = timezone.localdate()
    rows = deadlines.deadline_rows(request.hromada, acts.order_by("date", "pk"), today=today)
    if state["due_from"]:
        rows = [row for row in rows if row.deadline.due >= state["due_from"]]
    if state["due_to"]:
        rows = [row for row in rows if row.deadline.due <= state["due_to"]]
    overdue = sorted((r for r in rows if r.deadline.state == "overdue"), key=lambda r: (r.deadline.due, r.act.pk))
    soon = sorted((r for r in rows if r.deadline.state == "pending"
                   and r.working_days_left is not None and r.working_days_left <= deadlines.DUE_SOON_WORKING_DAYS),
                  key=lambda r: (r.deadline.due, r.act.pk))
    late = sorted((r for r in rows if r.deadline.state == "late"), key=lambda r: (r.deadline.due, r.act.pk),
                  reverse=True)
    groups = [
        {"key": "overdue", "title": _("Overdue: not published, the deadline has passed"), "rows": overdue},
        {"key": "soon", "title": _("Due soon: %(days)s working days or less left")
         % {"days": deadlines.DUE_SOON_WORKING_DAYS}, "rows": soon},
        {"key": "late", "title": _("Published late"), "rows": late},
    ]
    draft_days, adopted_days = deadlines.publication_terms(request.hromada)
    return render(request, "acts/staff/deadlines.html", {
        "form": form, "state": state, "groups": groups, "today": today, "draft_days": draft_days,
        "adopted_days": adopted_days, **permissions(request)})
