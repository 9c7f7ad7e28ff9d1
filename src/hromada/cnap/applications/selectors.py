"""Reads of online applications, scoped to one hromada."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from hromada.cnap.models import Application


def staff_list(hromada, *, status: str = "", q: str = "") -> QuerySet[Application]:
    qs = Application.objects.filter(hromada=hromada).select_related("service", "case", "pickup_office")
    if status:
        qs = qs.filter(status=status)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(case__number__icontains=q) | Q(case__applicant_name__icontains=q))
    return qs.order_by("-submitted_at", "-id")


def staff_one(hromada, pk: int) -> Application:
    found = (Application.objects.filter(hromada=hromada, pk=pk)
             .select_related("service", "card", "case", "applicant", "pickup_office").first())
    if found is None:
        raise Http404
    return found


def own(hromada, user) -> QuerySet[Application]:
    return (Application.objects.filter(hromada=hromada, applicant=user).select_related("service", "case")
            .order_by("-submitted_at"))


def own_one(hromada, user, pk: int) -> Application:
    found = own(hromada, user).select_related("card", "pickup_office").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
