"""Reads of the registry of acts, always within one hromada (house rule 2).

Staff see every act; the public (portal, anonymous API) sees only published, non-internal acts whose
publication time has come, and of each act only its published versions.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hromada.acts.models import Act, ActRelation, ActType, ActVersion, AgendaItem, Attachment, RollCall
from hromada.acts.numbers import number_key


def public_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}published_at__isnull": False, f"{prefix}published_at__lte": timezone.now(),
                f"{prefix}internal": False})


def acts(hromada, *, public: bool) -> QuerySet[Act]:
    rows = Act.objects.filter(hromada=hromada).select_related("author_unit", "control_unit")
    return rows.filter(public_q()) if public else rows


def public_act_by_number(hromada, number: str, on: date) -> Act | None:
    """The hromada's public act (not a draft) with this number, however typed, and date; None if there is none.

    For other modules that cite an act by its number and date (a programme's approving decision).
    """
    key = number_key(number)
    if not key:
        return None
    return (acts(hromada, public=True).filter(number_key=key, date=on).exclude(type=ActType.DRAFT_DECISION)
            .order_by("pk").first())


def filtered(hromada, filters, *, public: bool) -> QuerySet[Act]:
    """The acts a search.Filters selects, newest first, without a full-text query (lists and exports)."""
    rows = acts(hromada, public=public)
    if filters.types:
        rows = rows.filter(type__in=filters.types)
    if filters.statuses:
        rows = rows.filter(status__in=filters.statuses)
    if filters.date_from:
        rows = rows.filter(date__gte=filters.date_from)
    if filters.date_to:
        rows = rows.filter(date__lte=filters.date_to)
    if filters.convocation is not None:
        rows = rows.filter(convocation=filters.convocation)
    if filters.session is not None:
        rows = rows.filter(session=filters.session)
    if filters.unit_id is not None:
        rows = rows.filter(Q(author_unit_id=filters.unit_id) | Q(control_unit_id=filters.unit_id))
    if filters.topic_id is not None:
        rows = rows.filter(pk__in=Act.topics.through.objects.filter(topic_id=filters.topic_id).values("act_id"))
    if filters.published_only:
        rows = rows.filter(public_q())
    if filters.unpublished_only:
        rows = rows.filter(published_at__isnull=True)
    return rows.order_by("-date", "-pk")


def act_or_404(hromada, pk, *, public: bool) -> Act:
    """The act with its files, topics and relations; a 404 for another hromada's or a non-public act."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    relations_out = ActRelation.objects.select_related("target").order_by("effective_from", "pk")
    relations_in = ActRelation.objects.select_related("source").order_by("effective_from", "pk")
    if public:
        relations_out = relations_out.filter(public_q("target__"))
        relations_in = relations_in.filter(public_q("source__"))
    rows = acts(hromada, public=public).prefetch_related(
        "topics",
        Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        Prefetch("relations_out", queryset=relations_out),
        Prefetch("relations_in", queryset=relations_in),
    )
    try:
        return rows.get(pk=pk)
    except Act.DoesNotExist:
        raise Http404 from None


def versions_of(act: Act, *, public: bool) -> QuerySet[ActVersion]:
    rows = act.versions.select_related("author").order_by("-number")
    return rows.filter(published=True) if public else rows


def version_or_404(act: Act, number, *, public: bool) -> ActVersion:
    try:
        return versions_of(act, public=public).get(number=int(number))
    except (ActVersion.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None


def previous_version(version: ActVersion, *, public: bool) -> ActVersion | None:
    return versions_of(version.act, public=public).filter(number__lt=version.number).first()


def roll_calls(act: Act) -> list[AgendaItem]:
    """The agenda items on which this act was adopted, each with its roll-call (deputies by name)."""
    return list(
        AgendaItem.objects.filter(decision=act, session__hromada_id=act.hromada_id)
        .select_related("session")
        .prefetch_related(Prefetch("roll_call", queryset=RollCall.objects.select_related("deputy")))
    )
