"""SMS gateways behind one small interface; the installation picks one with ``HROMADA_SMS_BACKEND``.

A real gateway (TurboSMS, Vodafone, Kyivstar business API, …) is a subclass of ``BaseSmsBackend`` named by its
dotted path in the setting. The development default prints the message to the log.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("hromada.notifications.sms")


class SmsError(Exception):
    """The gateway did not accept the message; the text is recorded on the delivery and the send is retried."""


class BaseSmsBackend:
    """What a gateway implements.

    ``send(phone, text)`` gets a number in international form (``+380XXXXXXXXX``, as accounts store it) and
    the plain text (the platform keeps it short: the subject and a link). It returns the gateway's id of the
    message (or "") once the gateway accepted it, and raises ``SmsError`` (or any exception) when it did not;
    the platform then retries with backoff and finally records the delivery as failed with that error.
    It must not retry by itself and must be safe to construct once per process (no per-message state).
    """

    def send(self, phone: str, text: str) -> str:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Development default: the message goes to the log and counts as sent."""

    def send(self, phone: str, text: str) -> str:
        logger.info("SMS to %s: %s", phone, text)
        return ""


@lru_cache(maxsize=4)
def _backend(path: str) -> BaseSmsBackend:
    backend = import_string(path)()
    if not isinstance(backend, BaseSmsBackend):
        raise TypeError(f"HROMADA_SMS_BACKEND {path!r} is not a BaseSmsBackend")
    return backend


def get_backend() -> BaseSmsBackend:
    return _backend(settings.SMS_BACKEND)
