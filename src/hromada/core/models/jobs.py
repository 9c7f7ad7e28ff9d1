"""The history of scheduled and manual runs of the platform's jobs (core.jobs).

Jobs serve the whole installation (a daily purge walks every hromada), so a run belongs to no hromada; only
operators see the history. The queue itself is the tasks backend's (django-tasks); this table is what the
operator reads: when each job ran, how it ended and what it did.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("by schedule")
        MANUAL = "manual", _("started by hand")

    job = models.CharField(_("job"), max_length=100, db_index=True)
    trigger = models.CharField(_("started"), max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE)
    # The schedule slot this run is for; unique per job, so two schedulers (two worker machines) that see the
    # same slot enqueue it once. Manual runs have none.
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    status = models.CharField(_("outcome"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    enqueued_at = models.DateTimeField(_("enqueued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)  # host:pid of the process that ran it
    started_by = models.CharField(_("started by"), max_length=200, blank=True)
    output = models.TextField(_("result"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-enqueued_at", "-id"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "scheduled_for"], name="jobrun_one_per_slot",
                                    condition=models.Q(scheduled_for__isnull=False)),
        ]
        indexes = [models.Index(fields=["job", "-enqueued_at"], name="jobrun_job_recent")]

    def __str__(self) -> str:
        return f"{self.job} {self.enqueued_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None
