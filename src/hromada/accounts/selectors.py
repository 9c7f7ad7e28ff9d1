"""Reads of resident identity, always within the request's hromada."""

from __future__ import annotations

from hromada.accounts.models import Consent, Membership


def membership(user, hromada) -> Membership | None:
    """The person's resident account in this hromada, or None (a stranger here)."""
    if user is None or not user.is_authenticated or hromada is None:
        return None
    return Membership.objects.select_related("resident", "resident__building").filter(
        user=user, hromada=hromada).first()


def active_consent(user, hromada, purpose: str = Consent.Purpose.ACCOUNT) -> Consent | None:
    return Consent.objects.filter(user=user, hromada=hromada, purpose=purpose, withdrawn_at__isnull=True).first()


def own_data_requests(user, hromada):
    from hromada.accounts.models import DataRequest

    return DataRequest.objects.filter(user=user, hromada=hromada).select_related("hromada")


def data_requests(hromada, *, status: str = "open", kind: str = ""):
    """The hromada's data requests for staff, oldest open first."""
    from hromada.accounts.models import DataRequest

    qs = DataRequest.objects.filter(hromada=hromada).select_related("user", "hromada", "handled_by")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("created_at", "pk")


def data_request(hromada, pk: int):
    """One request of this hromada; another hromada's is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(data_requests(hromada, status=""), pk=pk)
