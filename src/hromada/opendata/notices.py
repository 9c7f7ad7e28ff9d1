"""Notices about one dataset (the reminders before deadlines are in reminders.py)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from hromada.core.notifications import notify
from hromada.opendata.notifications import BLOCKED
from hromada.opendata.reminders import recipients


def tell_blocked(dataset) -> int:
    """The responsible person learns that the generation was held back and why (once per distinct reason)."""
    import hashlib

    with override("uk"):
        subject = _("Dataset «%(title)s» was not published: personal data found") % {"title": dataset.title}
        body = dataset.blocked_reason
    reason_key = hashlib.sha256(dataset.blocked_reason.encode()).hexdigest()[:16]
    sent = 0
    for person in recipients(dataset):
        if notify(person, BLOCKED.key, hromada=dataset.hromada, subject=subject, body=body,
                  url=reverse("opendata-staff:dataset", args=[dataset.pk]),
                  dedupe_key=f"opendata-blocked:{dataset.pk}:{reason_key}"):
            sent += 1
    return sent
