"""Background sending of e-mail and SMS deliveries, with retries and backoff."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from hromada.core import enqueue
from hromada.core.jobs import scheduled
from hromada.core.models.notifications import Delivery

logger = logging.getLogger("hromada.notifications")

# Attempts in all, and the wait before each retry (the last wait is reused if there are more attempts).
MAX_ATTEMPTS = 5
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def backoff(attempt: int) -> timedelta:
    """The wait after the given failed attempt (1-based)."""
    return BACKOFF[min(attempt, len(BACKOFF)) - 1]


@task(queue_name="notifications")
def send_delivery(delivery_id: int) -> str:
    """Send one queued delivery; idempotent (a delivery already sent or failed is left alone)."""
    from hromada.core.notifications import channels

    delivery = (Delivery.objects.select_related("notice", "notice__recipient", "hromada")
                .filter(pk=delivery_id).first())
    if delivery is None or delivery.status != Delivery.Status.QUEUED:
        return "skipped"
    # Claim this attempt: of two workers that picked up the same delivery, only one sends it.
    attempt = delivery.attempts + 1
    if not Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED,
                                   attempts=delivery.attempts).update(attempts=F("attempts") + 1):
        return "skipped"
    try:
        reference = channels.send(delivery)
    except Exception as error:  # any failure of the gateway is recorded and retried
        message = f"{type(error).__name__}: {error}"[:2000]
        logger.warning("Delivery %s (%s) attempt %s failed: %s", delivery.pk, delivery.channel, attempt, message)
        if attempt >= MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, error=message,
                                                          next_attempt_at=None)
            return "failed"
        run_after = timezone.now() + backoff(attempt)
        Delivery.objects.filter(pk=delivery.pk).update(error=message, next_attempt_at=run_after)
        send_delivery.using(run_after=run_after).enqueue(delivery.pk)
        return "retry"
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now(),
                                                  reference=reference[:200], next_attempt_at=None)
    return "sent"


STALLED_AFTER = timedelta(minutes=15)


@scheduled("notifications-requeue", cron="*/15 * * * *",
           label=_("Send again the notices whose sending was interrupted"))
def requeue_stalled() -> str:
    """Re-enqueue deliveries still queued well after they were due (their worker died, or the queue was lost).

    Safe to repeat: a delivery sent meanwhile is skipped by ``send_delivery``, and of two tasks for one attempt
    only one sends.
    """
    cutoff = timezone.now() - STALLED_AFTER
    stalled = list(Delivery.objects.filter(status=Delivery.Status.QUEUED)
                   .filter(Q(next_attempt_at__isnull=True, created_at__lt=cutoff) | Q(next_attempt_at__lt=cutoff))
                   .values_list("pk", flat=True)[:1000])
    for pk in stalled:
        enqueue.after_commit(send_delivery, pk)
    return f"deliveries re-enqueued: {len(stalled)}"
