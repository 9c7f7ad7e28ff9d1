"""Tenant-scoped reads of the portal's records: another hromada's message is a 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hromada.core.selectors import get_scoped, scoped
from hromada.portal.models import Contacts, FeedbackMessage


def contacts(hromada) -> Contacts:
    """The hromada's contacts record, or an unsaved empty one (nothing is filled in yet)."""
    return Contacts.objects.filter(hromada=hromada).first() or Contacts(hromada=hromada)


def feedback_messages(hromada, *, status: str = "", topic: str = "", query: str = "") -> QuerySet[FeedbackMessage]:
    qs = scoped(FeedbackMessage, hromada).select_related("handled_by")
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(topic=topic)
    query = query.strip()
    if query:
        condition = Q(message__icontains=query) | Q(name__icontains=query) | Q(contact__icontains=query)
        digits = query.lstrip("№ ")
        if digits.isdigit() and len(digits) <= 9:
            condition |= Q(number=int(digits))
        qs = qs.filter(condition)
    return qs


def feedback_message(hromada, pk) -> FeedbackMessage:
    return get_scoped(FeedbackMessage, hromada, pk)
