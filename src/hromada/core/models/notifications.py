"""Notifications: what the platform told whom (Notice), through which channel and how it went (Delivery), and
each person's choice of channels per kind of notice (NotificationPreference). Written by
``hromada.core.notifications.service`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models.tenancy import TenantModel


class Channel(models.TextChoices):
    IN_APP = "in_app", _("in the application")
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class Notice(TenantModel):
    """One message to one person (an account, or a bare e-mail address such as a department's mailbox)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notices")
    # For a recipient without an account (a department's mailbox): the address the e-mail goes to.
    address = models.CharField(_("address"), max_length=254, blank=True)
    kind = models.CharField(_("kind"), max_length=100)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # The same (recipient, kind, key) is notified once: a daily job that runs twice sends nothing twice.
    # Empty: no deduplication.
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    in_app = models.BooleanField(_("shown in the application"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "recipient", "kind", "dedupe_key"], name="core_notice_dedupe_user",
                condition=~models.Q(dedupe_key="") & models.Q(recipient__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["hromada", "address", "kind", "dedupe_key"], name="core_notice_dedupe_address",
                condition=~models.Q(dedupe_key="") & models.Q(recipient__isnull=True),
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(address=""),
                name="core_notice_has_recipient",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "hromada", "in_app", "read_at"],
                                name="core_notice_inbox")]

    def __str__(self) -> str:
        return self.subject

    @property
    def recipient_label(self) -> str:
        return str(self.recipient) if self.recipient_id else self.address


class Delivery(TenantModel):
    """One channel's attempt to bring a notice to its recipient: the record the hromada admin reads."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE,
                               related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)  # e-mail or phone at the time
    status = models.CharField(_("outcome"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    # The gateway's id of the message (an SMS provider's, the SMTP Message-ID), for tracing a complaint.
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "channel"], name="core_delivery_one_per_channel"),
        ]
        indexes = [models.Index(fields=["hromada", "-created_at"], name="core_delivery_log")]

    def __str__(self) -> str:
        return f"{self.notice} ({self.get_channel_display()})"


class NotificationPreference(models.Model):
    """A person's explicit choice for one kind and channel; without a row the kind's default applies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=100)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"))

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="core_notification_pref_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} · {self.channel}: {self.enabled}"
