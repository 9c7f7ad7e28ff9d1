"""Throttling of repeated failed sign-ins, per account identifier and per client address."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from hromada.core.models import FailedLogin

# A village council often sits behind one NAT address: allow an address several accounts' worth of tries.
_ADDRESS_FACTOR = 4


def _since():
    return timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def normalize_identifier(identifier: str) -> str:
    from hromada.core.validators import normalize_phone

    identifier = (identifier or "").strip().lower()
    return identifier if "@" in identifier else normalize_phone(identifier)


def is_locked(identifier: str, ip: str | None) -> bool:
    since = _since()
    limit = settings.LOGIN_FAILURE_LIMIT
    if FailedLogin.objects.filter(identifier=normalize_identifier(identifier), at__gte=since).count() >= limit:
        return True
    return bool(ip) and FailedLogin.objects.filter(ip=ip, at__gte=since).count() >= limit * _ADDRESS_FACTOR


def note_failure(identifier: str, ip: str | None) -> None:
    FailedLogin.objects.create(identifier=normalize_identifier(identifier)[:254], ip=ip)
    # Keep the table small: failures older than the window no longer matter.
    FailedLogin.objects.filter(at__lt=_since() - timedelta(days=1)).delete()


def clear_failures(identifier: str) -> None:
    FailedLogin.objects.filter(identifier=normalize_identifier(identifier)).delete()
