"""IT service requests: staff report a problem, the IT officer triages, assigns, records work and parts, closes.

The service term of a priority is a number of working days of the core calendar, a setting of the hromada.
These are internal requests with no applicant's statutory rights, so they are not cases of the core case
engine (docs/decisions/0014-it-assets.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.models import TenantModel


class Priority(models.TextChoices):
    CRITICAL = "critical", pgettext_lazy("IT request priority", "critical — work stopped")
    HIGH = "high", pgettext_lazy("IT request priority", "high")
    NORMAL = "normal", pgettext_lazy("IT request priority", "normal")
    LOW = "low", pgettext_lazy("IT request priority", "low")


class ServiceRequest(TenantModel):
    class Kind(models.TextChoices):
        HARDWARE = "hardware", _("hardware fault")
        SOFTWARE = "software", _("software")
        NETWORK = "network", _("network or internet")
        PRINTING = "printing", _("printing and scanning")
        ACCESS = "access", _("accounts and access")
        INSTALL = "install", _("installation or move")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        # Labels in context: a request's states read as adjectives of «заявка» (нова, закрита, …).
        NEW = "new", pgettext_lazy("IT request status", "new")
        ASSIGNED = "assigned", pgettext_lazy("IT request status", "assigned")
        IN_PROGRESS = "in_progress", pgettext_lazy("IT request status", "in progress")
        WAITING = "waiting", pgettext_lazy("IT request status", "waiting for parts or supplier")
        RESOLVED = "resolved", pgettext_lazy("IT request status", "resolved")
        CLOSED = "closed", pgettext_lazy("IT request status", "closed")
        CANCELLED = "cancelled", pgettext_lazy("IT request status", "cancelled")

    OPEN_STATUSES = ("new", "assigned", "in_progress", "waiting")

    number = models.CharField(_("number"), max_length=30)
    subject = models.CharField(_("subject"), max_length=200)
    subject_key = models.CharField(max_length=400, editable=False, default="")  # core.ukrtext.search_key
    description = models.TextField(_("description"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    equipment = models.ForeignKey("itassets.Equipment", verbose_name=_("equipment item"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="requests")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    reporter_name = models.CharField(_("reported by"), max_length=150, blank=True)
    contact = models.CharField(_("phone or room"), max_length=150, blank=True)
    institution = models.ForeignKey("core.Institution", verbose_name=_("institution"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("core.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    priority = models.CharField(pgettext_lazy("IT request", "priority"), max_length=8, choices=Priority.choices,
                                default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(pgettext_lazy("IT request", "received"))
    due_date = models.DateField(pgettext_lazy("IT request", "due date"), db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("IT service request")
        verbose_name_plural = _("IT service requests")
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["hromada", "number"], name="itassets_request_number")]
        indexes = [models.Index(fields=["hromada", "status", "due_date"], name="itassets_req_status_due")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class RequestWork(models.Model):
    """An entry of a request's log: a note, work done with its time, parts used, or a change of state."""

    class Kind(models.TextChoices):
        NOTE = "note", _("note")
        WORK = "work", _("work")
        PARTS = "parts", _("parts")
        STATUS = "status", _("change of status")

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    text = models.TextField(_("text"), blank=True)
    # For a change of status: the status the request moved to (its log reads without parsing the text).
    status = models.CharField(_("status"), max_length=12, choices=ServiceRequest.Status.choices, blank=True)
    minutes = models.PositiveIntegerField(_("time spent, minutes"), null=True, blank=True)
    parts = models.CharField(_("parts"), max_length=300, blank=True)
    parts_cost = models.DecimalField(_("parts cost, UAH"), max_digits=12, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(Decimal(0))])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("request log entry")
        verbose_name_plural = _("request log")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request.number}: {self.get_kind_display()}"
