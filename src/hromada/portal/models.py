"""The portal's own records: a hromada's public contacts and the feedback residents send through the site."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel

# Weekdays as stored in the schedules (ISO numbers as strings, Monday first) with their Ukrainian names.
WEEKDAYS = [
    ("1", _("Monday")), ("2", _("Tuesday")), ("3", _("Wednesday")), ("4", _("Thursday")),
    ("5", _("Friday")), ("6", _("Saturday")), ("7", _("Sunday")),
]


class Contacts(TenantModel):
    """How residents reach the council: one record per hromada, edited by its administrator.

    ``phones`` is a list of ``{"label": str, "number": "+380XXXXXXXXX"}``; ``hours`` and ``cnap_hours`` map a
    weekday ("1" Monday … "7" Sunday) to ``{"open": "HH:MM", "close": "HH:MM", "break_start": "HH:MM" | "",
    "break_end": "HH:MM" | ""}``; a day absent from the map is a day off.
    """

    hromada = models.OneToOneField("core.Hromada", on_delete=models.PROTECT, related_name="contacts",
                                   verbose_name=_("hromada"))
    official_name = models.CharField(_("official name of the council"), max_length=300, blank=True)
    postal_address = models.TextField(_("postal address"), max_length=500, blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hours = models.JSONField(_("reception hours"), default=dict, blank=True)
    head_reception = models.TextField(_("the head's reception of citizens"), max_length=1000, blank=True)
    cnap_address = models.TextField(_("ЦНАП address"), max_length=500, blank=True)
    cnap_hours = models.JSONField(_("ЦНАП hours"), default=dict, blank=True)
    feedback_email = models.EmailField(
        _("e-mail for feedback about the site"), blank=True,
        help_text=_("Messages about the site's content, errors and other matters go here instead of the "
                    "hromada administrators; messages about accessibility go to both."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("contacts")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.official_name or self.hromada.council_name

    @property
    def is_empty(self) -> bool:
        return not any([self.postal_address, self.phones, self.email, self.hours, self.head_reception,
                        self.cnap_address, self.cnap_hours])


class FeedbackMessage(TenantModel):
    """A message a visitor sent through the feedback form; staff mark it handled."""

    class Topic(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("accessibility of the site")
        CONTENT = "content", _("the site's content")
        ERROR = "error", _("an error on the site")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ANSWERED = "answered", _("handled")

    number = models.PositiveIntegerField(_("reference number"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(_("e-mail or phone"), max_length=254, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    page = models.CharField(_("page"), max_length=500, blank=True)
    consent = models.BooleanField(_("consent to the processing of personal data"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "number"], name="portal_feedback_number_unique"),
        ]
        indexes = [models.Index(fields=["ip", "created_at"], name="portal_feedback_ip_idx")]

    def __str__(self) -> str:
        return f"№ {self.number}"

    @property
    def page_path(self) -> str:
        """The page as a link target when it is a path of this site ('' for anything else the visitor typed)."""
        page = self.page or ""
        return page if page.startswith("/") and page[1:2] not in ("/", "\\") else ""
