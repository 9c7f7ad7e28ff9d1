"""How each channel brings a notice to its recipient. ``send(delivery)`` returns the gateway's reference of the
message and raises on failure (the task records the error and retries)."""

from __future__ import annotations

from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import linebreaks

from hromada.core.models.notifications import Channel, Delivery
from hromada.core.notifications import sms
from hromada.core.notifications.kinds import PREFERENCES_URL_NAMES, REGISTRY
from hromada.core.notifications.service import absolute_url


def _footer_context(delivery: Delivery) -> dict:
    notice, hromada = delivery.notice, delivery.hromada
    kind = REGISTRY.get(notice.kind)
    preferences_url = ""
    if notice.recipient_id and kind is not None and PREFERENCES_URL_NAMES.get(kind.audience):
        try:
            preferences_url = absolute_url(hromada, reverse(PREFERENCES_URL_NAMES[kind.audience]))
        except NoReverseMatch:
            preferences_url = ""
    return {
        "hromada": hromada, "notice": notice, "kind": kind,
        "kind_label": kind.label if kind is not None else notice.kind,
        "required": kind is not None and delivery.channel in kind.required_channels,
        "required_reason": kind.required_reason if kind is not None else "",
        "account": bool(notice.recipient_id), "preferences_url": preferences_url,
        "url": absolute_url(hromada, notice.url),
        "html_body": notice.html or linebreaks(notice.body, autoescape=True),
    }


def render_email(delivery: Delivery) -> EmailMultiAlternatives:
    """The letter in Ukrainian: plain text and HTML, with the hromada's name, the link and why it was sent."""
    with translation.override("uk"):
        context = _footer_context(delivery)
        text = render_to_string("core/notifications/email.txt", context)
        html = render_to_string("core/notifications/email.html", context)
    message = EmailMultiAlternatives(subject=" ".join(delivery.notice.subject.split()), body=text,
                                     from_email=settings.DEFAULT_FROM_EMAIL, to=[delivery.address],
                                     headers={"Message-ID": make_msgid(domain=DNS_NAME)})
    message.attach_alternative(html, "text/html")
    return message


def render_sms(delivery: Delivery) -> str:
    notice = delivery.notice
    url = absolute_url(delivery.hromada, notice.url)
    return f"{delivery.hromada.short_name}: {notice.subject}" + (f" {url}" if url else "")


def send(delivery: Delivery) -> str:
    if delivery.channel == Channel.EMAIL:
        message = render_email(delivery)
        message.send(fail_silently=False)
        return message.extra_headers["Message-ID"]
    if delivery.channel == Channel.SMS:
        return sms.get_backend().send(delivery.address, render_sms(delivery)) or ""
    return ""  # in-app: the notice row is the message
