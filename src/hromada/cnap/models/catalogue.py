"""The ЦНАП catalogue: offices, categories, life situations, services and their cards (Law «Про адміністративні
послуги» No. 5203-VI, Art. 8; reference §3).

A service's card is versioned: staff edit a draft, and approving it — with the act of the registry that approved
it — makes it the card residents see, keeping the earlier versions on record. What a card must hold to be
approved is in ``cnap/cards.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.models import TenantModel


class OfficeKind(models.TextChoices):
    MAIN = "main", _("main office")
    REMOTE = "remote", _("remote workplace")
    MOBILE = "mobile", _("mobile office")


class Office(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=OfficeKind.choices, default=OfficeKind.MAIN)
    address = models.CharField(_("address"), max_length=300, blank=True)
    starosta_district = models.ForeignKey("core.StarostaDistrict", verbose_name=_("starosta district"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("booking slot, minutes"), default=15)
    # The letter that starts the office's tickets («А-012»), so a board shared by offices stays unambiguous.
    ticket_prefix = models.CharField(_("ticket prefix"), max_length=3, default="А")
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The air-raid pause: set while the office is in «тривога» (cnap/queue/alerts.py keeps the log).
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)

    class Meta:
        verbose_name = _("ЦНАП office")
        verbose_name_plural = _("ЦНАП offices")
        ordering = ["order", uk("name")]

    def __str__(self) -> str:
        return self.name


class OfficeHours(models.Model):
    """The office's regular reception hours on one weekday (0 = Monday), with an optional break."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    break_starts = models.TimeField(_("break from"), null=True, blank=True)
    break_ends = models.TimeField(_("break until"), null=True, blank=True)

    class Meta:
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["office", "weekday"], name="cnap_hours_one_per_weekday"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="cnap_hours_weekday_range"),
            models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")), name="cnap_hours_order"),
        ]

    def __str__(self) -> str:
        return f"{self.weekday}: {self.opens:%H:%M}–{self.closes:%H:%M}"


class OfficeDay(models.Model):
    """A day that differs from the office's hours: closed (a day off of this office), other hours, or — for the
    mobile office — a visiting day at a place. Public holidays and the hromada's days off come from the core
    calendar and need no row here."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    closed = models.BooleanField(_("closed"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)  # the mobile office's stop
    settlement = models.ForeignKey("core.Settlement", verbose_name=_("settlement"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["office", "day"], name="cnap_office_day_unique")]

    def __str__(self) -> str:
        return f"{self.office} {self.day:%d.%m.%Y}"


class Category(TenantModel):
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category of services")
        verbose_name_plural = _("categories of services")
        ordering = ["order", uk("title")]
        constraints = [models.UniqueConstraint(fields=["hromada", "key"], name="cnap_category_key")]

    def __str__(self) -> str:
        return self.title


class LifeSituation(TenantModel):
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("life situation")
        verbose_name_plural = _("life situations")
        ordering = ["order", uk("title")]
        constraints = [models.UniqueConstraint(fields=["hromada", "key"], name="cnap_situation_key")]

    def __str__(self) -> str:
        return self.title


class Service(TenantModel):
    """An administrative service of the catalogue; what residents read of it is its approved card."""

    code = models.CharField(_("code"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=255)
    category = models.ForeignKey(Category, verbose_name=_("category"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="services")
    life_situations = models.ManyToManyField(LifeSituation, verbose_name=_("life situations"), blank=True,
                                             related_name="services")
    description = models.TextField(_("description for residents"), blank=True)
    offices = models.ManyToManyField(Office, verbose_name=_("offices"), blank=True, related_name="services")
    online = models.BooleanField(_("can be applied for online"), default=False)
    verification_required = models.BooleanField(_("verified residents only"), default=False)
    duration_minutes = models.PositiveSmallIntegerField(_("time at the window, minutes"), default=15)
    is_active = models.BooleanField(_("in the catalogue"), default=True)
    # The approved card residents see (None until the first approval: the service is not public yet).
    card = models.ForeignKey("cnap.ServiceCard", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Lemmas of the title, description, documents and result (core/ukrlemma.py), space-padded for matching.
    search_lemmas = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("administrative service")
        verbose_name_plural = _("administrative services")
        ordering = [uk("title")]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "code"], condition=~models.Q(code=""),
                                    name="cnap_service_code"),
        ]

    def __str__(self) -> str:
        return self.title


class TermUnit(models.TextChoices):
    SAME_DAY = "same_day", _("on the day of application")
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("calendar days")


class CardStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")
    SUPERSEDED = "superseded", _("superseded")


class ServiceCard(models.Model):
    """One version of a service's information and technological cards (Art. 8; CMU Resolution No. 44)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cards")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=12, choices=CardStatus.choices, default=CardStatus.DRAFT)
    provider = models.CharField(_("provider (суб'єкт надання)"), max_length=300, blank=True)
    provider_unit = models.CharField(_("providing unit"), max_length=300, blank=True)
    # [{"title": …, "requirements": …}]: exhaustive, in the order the card lists them.
    documents = models.JSONField(_("documents and requirements"), default=list, blank=True)
    paid = models.BooleanField(_("paid"), default=False)
    fee = models.DecimalField(_("fee, UAH"), max_digits=10, decimal_places=2, null=True, blank=True)
    fee_basis = models.TextField(_("basis of the fee (or of gratuitousness)"), blank=True)
    fee_account = models.CharField(_("account for the fee"), max_length=64, blank=True)
    term_amount = models.PositiveSmallIntegerField(_("term"), default=30)
    term_unit = models.CharField(_("term unit"), max_length=16, choices=TermUnit.choices,
                                 default=TermUnit.CALENDAR_DAYS)
    term_basis = models.CharField(_("basis of the term"), max_length=400, blank=True)
    result = models.TextField(_("result"), blank=True)
    delivery = models.JSONField(_("ways to receive the result"), default=list, blank=True)
    legal_acts = models.JSONField(_("legal acts"), default=list, blank=True)
    refusal_grounds = models.JSONField(_("grounds for refusal"), default=list, blank=True)
    # The technological card: [{"title", "responsible", "unit", "action": В|У|П|З, "days"}].
    stages = models.JSONField(_("stages (technological card)"), default=list, blank=True)
    # The online form: [{"name", "label", "kind", "required", "help", "choices"}] and the attachments asked for.
    application_fields = models.JSONField(_("fields of the online application"), default=list, blank=True)
    uploads = models.JSONField(_("documents attached online"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # The act of the registry that approved the card, or its reference as written when the act is not there.
    act = models.ForeignKey("acts.Act", verbose_name=_("approving act"), null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="+")
    act_reference = models.CharField(_("approving act (as written)"), max_length=300, blank=True)

    class Meta:
        ordering = ["service", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["service", "version"], name="cnap_card_version"),
            # One draft and one approved card at a time per service.
            models.UniqueConstraint(fields=["service"], condition=models.Q(status="draft"), name="cnap_card_one_draft"),
            models.UniqueConstraint(fields=["service"], condition=models.Q(status="approved"),
                                    name="cnap_card_one_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.service} v{self.version}"
