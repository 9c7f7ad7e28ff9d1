"""Reads of notifications, always scoped to a hromada (and to the person for their own notices)."""

from __future__ import annotations

from django.db.models import F
from django.http import Http404

from hromada.core.models.notifications import Delivery, Notice


def inbox(user, hromada):
    """The person's in-app notices in this hromada: unread first, then newest first."""
    return (Notice.objects.filter(recipient=user, hromada=hromada, in_app=True)
            .order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id"))


def unread_count(user, hromada) -> int:
    if user is None or not user.is_authenticated or hromada is None:
        return 0
    return Notice.objects.filter(recipient=user, hromada=hromada, in_app=True, read_at__isnull=True).count()


def deliveries(hromada):
    """The hromada's record of deliveries, newest first."""
    return (Delivery.objects.filter(hromada=hromada).select_related("notice", "notice__recipient")
            .order_by("-created_at", "-id"))


def delivery(hromada, pk) -> Delivery:
    """One delivery of this hromada; another hromada's (or none) is a 404."""
    try:
        return deliveries(hromada).get(pk=pk)
    except (Delivery.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
