"""The e-queue: windows, bookable slots, bookings, the live queue's tickets and the air-raid pauses.

No double booking: a slot's ``booked`` can only grow by a conditional UPDATE (``booked < capacity``) that the
database applies atomically, and a CHECK constraint refuses any row where it would exceed ``capacity`` — so
whatever arrives at once, one slot never holds more bookings than seats (cnap/queue/booking.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel


class Window(models.Model):
    """A service window (робоче місце адміністратора) and the services its operator handles (skills)."""

    office = models.ForeignKey("cnap.Office", on_delete=models.CASCADE, related_name="windows")
    number = models.CharField(_("window"), max_length=10)
    label = models.CharField(_("label"), max_length=120, blank=True)
    services = models.ManyToManyField("cnap.Service", verbose_name=_("services served"), blank=True,
                                      related_name="windows")
    bookable = models.BooleanField(_("takes online bookings"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("operator"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["office", "number"]
        constraints = [models.UniqueConstraint(fields=["office", "number"], name="cnap_window_number")]

    def __str__(self) -> str:
        return f"{self.office} — {self.number}"


class Slot(TenantModel):
    office = models.ForeignKey("cnap.Office", on_delete=models.CASCADE, related_name="slots")
    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("seats"), default=1)
    booked = models.PositiveSmallIntegerField(_("booked"), default=0)

    class Meta:
        ordering = ["starts_at", "window"]
        indexes = [models.Index(fields=["office", "starts_at"], name="cnap_slot_office_start")]
        constraints = [
            models.UniqueConstraint(fields=["window", "starts_at"], name="cnap_slot_window_start"),
            models.CheckConstraint(condition=models.Q(booked__lte=models.F("capacity")), name="cnap_slot_not_over"),
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.starts_at:%d.%m.%Y %H:%M}"

    @property
    def available(self) -> int:
        return max(self.capacity - self.booked, 0)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("booked")
    CANCELLED = "cancelled", _("cancelled")
    ARRIVED = "arrived", _("arrived")
    SERVED = "served", _("served")
    NO_SHOW = "no_show", _("did not come")


class Booking(TenantModel):
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    service = models.ForeignKey("cnap.Service", verbose_name=_("service"), on_delete=models.PROTECT,
                                related_name="bookings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resident"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="cnap_bookings")
    # Kept as at booking: the board and the administrator's list show it after an account is erased.
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("booking code"), max_length=12)
    status = models.CharField(_("status"), max_length=12, choices=BookingStatus.choices,
                              default=BookingStatus.BOOKED)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # A no-show stops counting towards the block once staff lift it (a personal visit, as the MVS rule says).
    no_show_forgiven = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at"]
        indexes = [models.Index(fields=["hromada", "person", "created_at"], name="cnap_booking_person")]
        constraints = [
            # A code is typed at the kiosk to check in: unique among the bookings still to come.
            models.UniqueConstraint(fields=["hromada", "code"], condition=models.Q(status="booked"),
                                    name="cnap_booking_code"),
            models.UniqueConstraint(fields=["slot", "person"], condition=models.Q(status="booked"),
                                    name="cnap_booking_once_per_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    CALLED = "called", _("called")
    SERVING = "serving", _("being served")
    DONE = "done", _("served")
    NO_SHOW = "no_show", _("did not come")
    CANCELLED = "cancelled", _("cancelled")


class TicketSource(models.TextChoices):
    KIOSK = "kiosk", _("kiosk")
    ADMINISTRATOR = "administrator", _("administrator")
    BOOKING = "booking", _("booking")


class QueueDay(models.Model):
    """An office's day of the live queue: the ticket counter (taken under its row lock) and the day's pauses."""

    office = models.ForeignKey("cnap.Office", on_delete=models.CASCADE, related_name="queue_days")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "day"], name="cnap_queue_day_unique")]

    def __str__(self) -> str:
        return f"{self.office} {self.day:%d.%m.%Y}"


class Ticket(TenantModel):
    office = models.ForeignKey("cnap.Office", on_delete=models.CASCADE, related_name="tickets")
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("ticket"), max_length=12)
    service = models.ForeignKey("cnap.Service", verbose_name=_("service"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="tickets")
    purpose = models.CharField(_("purpose"), max_length=20, blank=True)  # consult / submit / collect
    booking = models.OneToOneField(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="ticket")
    source = models.CharField(_("source"), max_length=14, choices=TicketSource.choices,
                              default=TicketSource.KIOSK)
    status = models.CharField(_("status"), max_length=10, choices=TicketStatus.choices,
                              default=TicketStatus.WAITING)
    # The order of the queue: a live ticket's issue time; a booking's slot time when it came in time, or the
    # moment it arrived when it was late (it joins the live queue).
    queue_at = models.DateTimeField(_("place in the queue"))
    window = models.ForeignKey(Window, verbose_name=_("window"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="tickets")
    issued_at = models.DateTimeField(_("issued"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    redirected_from = models.ForeignKey(Window, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Seconds of air-raid pause that fell between issue and call: the day's waiting figures leave them out.
    paused_seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["queue_at", "number"]
        indexes = [models.Index(fields=["office", "day", "status", "queue_at"], name="cnap_ticket_queue")]
        constraints = [models.UniqueConstraint(fields=["office", "day", "number"], name="cnap_ticket_number")]

    def __str__(self) -> str:
        return self.label


class Pause(models.Model):
    """An air-raid alert at an office: serving paused from ``started_at`` to ``ended_at`` (open while on)."""

    office = models.ForeignKey("cnap.Office", on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField(_("alert from"))
    ended_at = models.DateTimeField(_("alert until"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["office"], condition=models.Q(ended_at__isnull=True),
                                               name="cnap_one_open_pause")]

    def __str__(self) -> str:
        return f"{self.office} {self.started_at:%d.%m.%Y %H:%M}"
