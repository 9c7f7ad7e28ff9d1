"""Reads of the catalogue, scoped to one hromada."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hromada.cnap.models import Category, LifeSituation, Office, Service, ServiceCard
from hromada.core.collation import uk
from hromada.core.ukrlemma import query_groups
from hromada.core.ukrtext import unify_apostrophes

MAX_QUERY = 200


def offices(hromada, *, active_only: bool = True) -> QuerySet[Office]:
    qs = Office.objects.filter(hromada=hromada).select_related("starosta_district")
    return qs.filter(is_active=True) if active_only else qs


def office(hromada, pk: int, *, active_only: bool = True) -> Office:
    found = offices(hromada, active_only=active_only).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def categories(hromada) -> QuerySet[Category]:
    return Category.objects.filter(hromada=hromada)


def life_situations(hromada) -> QuerySet[LifeSituation]:
    return LifeSituation.objects.filter(hromada=hromada)


def _search(qs: QuerySet, q: str) -> QuerySet:
    """Every meaningful word of the query must match, in any of its forms («декларування місця проживання»
    finds «задекларувати місце проживання»); a code matches as it is."""
    q = unify_apostrophes((q or "").strip())[:MAX_QUERY]
    if not q:
        return qs
    if q.isdigit():
        return qs.filter(Q(code=q) | Q(search_lemmas__contains=f" {q} "))
    groups = query_groups(q)
    if not groups:
        return qs.filter(title__icontains=q)
    for group in groups:
        qs = qs.filter(reduce(or_, (Q(search_lemmas__contains=f" {lemma} ") for lemma in group)))
    return qs


def public_services(hromada, *, q: str = "", category: int | None = None, situation: int | None = None,
                    office_id: int | None = None, online: bool = False) -> QuerySet[Service]:
    qs = Service.objects.filter(hromada=hromada, is_active=True, card__isnull=False).select_related(
        "category", "card")
    if category:
        qs = qs.filter(category_id=category)
    if situation:
        qs = qs.filter(life_situations__id=situation)
    if office_id:
        qs = qs.filter(offices__id=office_id)
    if online:
        qs = qs.filter(online=True)
    return _search(qs, q).distinct()


def public_service(hromada, pk: int) -> Service:
    service = public_services(hromada).filter(pk=pk).first()
    if service is None:
        raise Http404
    return service


def staff_services(hromada, *, q: str = "") -> QuerySet[Service]:
    qs = Service.objects.filter(hromada=hromada).select_related("category", "card").annotate(
        drafts=Count("cards", filter=Q(cards__status="draft")))
    return _search(qs, q).order_by(uk("title"), "pk")  # an aggregate drops Meta.ordering


def service(hromada, pk: int) -> Service:
    found = Service.objects.filter(hromada=hromada, pk=pk).select_related("category", "card").first()
    if found is None:
        raise Http404
    return found


def card(service: Service, pk: int) -> ServiceCard:
    found = service.cards.filter(pk=pk).select_related("act", "approved_by").first()
    if found is None:
        raise Http404
    return found


def offices_of(service: Service) -> list[Office]:
    return list(service.offices.filter(is_active=True).prefetch_related("hours"))
