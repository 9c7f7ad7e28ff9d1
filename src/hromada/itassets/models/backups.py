"""The register of backups: what is backed up, on what schedule, where copies go, and every run and restore test.

Hromada's own `hromada backup` and `hromada restore --verify` record their runs here by themselves (a target
with ``platform=True`` in each hromada), so the register shows the platform's backups beside the others.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel


class BackupTarget(TenantModel):
    class Kind(models.TextChoices):
        DATABASE = "database", _("database")
        FILES = "files", _("file share")
        COMPUTERS = "computers", _("staff computers")
        MAIL = "mail", _("mail")
        WEBSITE = "website", _("website")
        SERVER = "server", _("server or virtual machine")
        OTHER = "other", _("other")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")

    class Destination(models.TextChoices):
        LOCAL = "local", _("local disk")
        NAS = "nas", _("network storage (NAS)")
        OFFSITE = "offsite", _("another building")
        CLOUD = "cloud", _("cloud storage")
        REMOVABLE = "removable", _("removable media")

    name = models.CharField(_("system"), max_length=200)
    kind = models.CharField(_("what is backed up"), max_length=10, choices=Kind.choices)
    scope = models.TextField(_("contents"), blank=True)  # which databases, shares, computers
    institution = models.ForeignKey("core.Institution", verbose_name=_("institution"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(_("schedule"), max_length=8, choices=Frequency.choices)
    destination_kind = models.CharField(_("copies go to"), max_length=10, choices=Destination.choices)
    destination = models.CharField(_("where exactly"), max_length=250, blank=True)
    retention_days = models.PositiveSmallIntegerField(_("copies kept, days"), null=True, blank=True,
                                                      validators=[MinValueValidator(1), MaxValueValidator(3650)])
    restore_test_months = models.PositiveSmallIntegerField(
        _("restore test every, months"), default=3, validators=[MinValueValidator(1), MaxValueValidator(24)])
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    platform = models.BooleanField(_("Hromada's own backup"), default=False, editable=False)
    active = models.BooleanField(_("in service"), default=True)
    # Kept by the services from the runs, for the overdue filter and the worklist.
    last_success_at = models.DateTimeField(_("last successful backup"), null=True, blank=True, editable=False)
    last_restore_test_at = models.DateTimeField(_("last restore test"), null=True, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("backed-up system")
        verbose_name_plural = _("backups")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hromada"], condition=models.Q(platform=True),
                                    name="itassets_backup_one_platform_target"),
        ]

    def __str__(self) -> str:
        return self.name


class BackupRun(TenantModel):
    class Kind(models.TextChoices):
        BACKUP = "backup", _("backup")
        RESTORE_TEST = "restore_test", _("restore test")

    class Status(models.TextChoices):
        SUCCESS = "success", _("successful")
        FAILED = "failed", _("failed")

    target = models.ForeignKey(BackupTarget, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.BACKUP)
    status = models.CharField(_("result"), max_length=8, choices=Status.choices)
    finished_at = models.DateTimeField(_("finished"))
    size_bytes = models.BigIntegerField(_("size, bytes"), null=True, blank=True,
                                        validators=[MinValueValidator(0)])
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    archive = models.CharField(_("archive"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    automatic = models.BooleanField(_("recorded by the platform"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("backup run")
        verbose_name_plural = _("backup runs")
        ordering = ["-finished_at", "-pk"]
        indexes = [models.Index(fields=["target", "kind", "-finished_at"], name="itassets_run_target_kind")]
