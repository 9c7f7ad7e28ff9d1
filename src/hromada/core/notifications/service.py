"""Writes of notifications: ``notify`` (the one call every module makes), preferences, read marks.

``notify`` records the notice and one delivery per channel in the caller's transaction; e-mail and SMS are sent
by the ``send_delivery`` task after the transaction commits (house rule 11), so a rolled-back action tells
nobody anything.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import enqueue
from hromada.core.models.notifications import Channel, Delivery, Notice, NotificationPreference
from hromada.core.notifications.kinds import Kind, get_kind

# Channels whose delivery is immediate (the notice row itself is the in-app message).
_IMMEDIATE = {Channel.IN_APP}


def site_root(hromada) -> str:
    """``scheme://host`` of the hromada's portal, for links in letters sent without a request."""
    host = hromada.hosts.order_by("id").values_list("host", flat=True).first() or "localhost"
    scheme = "https" if settings.PRODUCTION else "http"
    return f"{scheme}://{host}"


def absolute_url(hromada, url: str) -> str:
    if not url or "://" in url:
        return url
    return site_root(hromada) + (url if url.startswith("/") else "/" + url)


# --- preferences ----------------------------------------------------------------------------------


def channel_choices(user, kind: Kind) -> dict[str, bool]:
    """Per channel: does this person get this kind through it (their choice, else the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user, kind=kind.key).values_list("channel", "enabled"))
    return {channel: channel in kind.required_channels or chosen.get(channel, channel in kind.default_channels)
            for channel in Channel.values}


def preferences_table(user, kinds: list[Kind]) -> list[tuple[Kind, dict[str, bool]]]:
    """The person's choices for many kinds in one query, for the preferences page."""
    chosen: dict[tuple[str, str], bool] = {
        (kind, channel): enabled for kind, channel, enabled in NotificationPreference.objects.filter(
            user=user, kind__in=[k.key for k in kinds]).values_list("kind", "channel", "enabled")
    }
    return [(kind, {channel: channel in kind.required_channels
                    or chosen.get((kind.key, channel), channel in kind.default_channels)
                    for channel in Channel.values}) for kind in kinds]


def set_preferences(user, choices: dict[str, set[str]], kinds: list[Kind]) -> int:
    """Save the person's channels for each of ``kinds`` (the ones the page showed); returns rows changed.

    A channel the law requires stays on whatever the form said: the page shows it disabled, and a forged
    request that leaves it out changes nothing.
    """
    changed = 0
    with transaction.atomic():
        current = {(p.kind, p.channel): p for p in NotificationPreference.objects.select_for_update()
                   .filter(user=user, kind__in=[k.key for k in kinds])}
        for kind in kinds:
            wanted = set(choices.get(kind.key, set()))
            for channel in Channel.values:
                if channel in kind.required_channels:
                    continue
                enabled = channel in wanted
                row = current.get((kind.key, channel))
                if row is None:
                    if enabled == (channel in kind.default_channels):
                        continue  # the default is what the person wants: no row needed
                    NotificationPreference.objects.create(user=user, kind=kind.key, channel=channel, enabled=enabled)
                    changed += 1
                elif row.enabled != enabled:
                    row.enabled = enabled
                    row.save(update_fields=["enabled"])
                    changed += 1
    return changed


# --- notify ---------------------------------------------------------------------------------------


def _addresses(recipient, kind: Kind) -> dict[str, str]:
    """Channel → address for the channels this recipient gets this kind through (and has an address for)."""
    if isinstance(recipient, str):
        # A mailbox or a phone without an account (a sign-up code, say): e-mail, or SMS for "+380…".
        return {Channel.SMS: recipient} if recipient.startswith("+") else {Channel.EMAIL: recipient}
    wanted = channel_choices(recipient, kind)
    available = {Channel.IN_APP: "", Channel.EMAIL: recipient.email or "", Channel.SMS: recipient.phone or ""}
    result = {}
    for channel, on in wanted.items():
        if not on:
            continue
        if channel in _IMMEDIATE or available[channel] or channel in kind.required_channels:
            # A required channel without an address is still recorded, as a failure the admin can see.
            result[channel] = available[channel]
    return result


def notify(recipient, kind: str, *, hromada, subject: str, body: str, html: str | None = None,
           template: str | None = None, context: dict | None = None, url: str | None = None,
           dedupe_key: str | None = None) -> Notice | None:
    """Notify one person (a ``User``, or an e-mail address or a "+380…" phone without an account) on their channels.

    ``body`` is plain text; ``html`` is an HTML fragment, or ``template`` + ``context`` render one. ``url`` (a
    path of the portal or a full address) is where the person acts on the notice. With ``dedupe_key``, a second
    call for the same recipient, kind and key does nothing and returns None (a unique constraint enforces it
    even for parallel calls). Returns the notice, or None when nothing was sent (a duplicate, an inactive
    account, no channel chosen).
    """
    spec = get_kind(kind)
    if not isinstance(recipient, str) and not recipient.is_active:
        return None
    if isinstance(recipient, str):
        recipient = recipient.strip().lower()
        if not recipient:
            raise ValidationError(_("The notice has no recipient."))
    addresses = _addresses(recipient, spec)
    if not addresses:
        return None
    if template:
        html = render_to_string(template, context or {})
    account = None if isinstance(recipient, str) else recipient
    notice = Notice(
        hromada=hromada, recipient=account, address=recipient if account is None else "",
        kind=spec.key, subject=subject[:300], body=body, html=html or "", url=(url or "")[:500],
        dedupe_key=(dedupe_key or "")[:200], in_app=Channel.IN_APP in addresses,
    )
    with transaction.atomic():
        if dedupe_key:
            try:
                with transaction.atomic():
                    notice.save()
            except IntegrityError:
                return None  # this notice was already sent (perhaps a moment ago, by a parallel run)
        else:
            notice.save()
        now = timezone.now()
        deliveries = []
        for channel, address in addresses.items():
            delivery = Delivery(hromada=hromada, notice=notice, channel=channel, address=address)
            if channel in _IMMEDIATE:
                delivery.status, delivery.attempts, delivery.sent_at = Delivery.Status.SENT, 1, now
            elif not address:
                delivery.status = Delivery.Status.FAILED
                delivery.error = (_("The account has no e-mail address.") if channel == Channel.EMAIL
                                  else _("The account has no phone number."))
            delivery.save()
            deliveries.append(delivery)
        queued = [d.pk for d in deliveries if d.status == Delivery.Status.QUEUED]
        if queued:
            from hromada.core.notifications.tasks import send_delivery

            for pk in queued:
                enqueue.after_commit(send_delivery, pk)
    return notice


# --- reading --------------------------------------------------------------------------------------


def mark_read(user, hromada, notice_id: int) -> bool:
    """Mark one of the person's notices read; False when there is no such unread notice of theirs."""
    return bool(Notice.objects.filter(pk=notice_id, recipient=user, hromada=hromada, in_app=True,
                                      read_at__isnull=True).update(read_at=timezone.now()))


def mark_all_read(user, hromada) -> int:
    return Notice.objects.filter(recipient=user, hromada=hromada, in_app=True,
                                 read_at__isnull=True).update(read_at=timezone.now())
