"""Equipment of the hromada and its institutions, its assignments, physical inventory rounds and cameras.

Derived dates that lists filter on at 50 000 items (the end of useful life, the next inventory check) are kept
on the row by the services, so «older than N years», «past its useful life» and «due for a check» are indexed
range queries rather than per-row arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.models import TenantModel


class Category(models.TextChoices):
    COMPUTER = "computer", _("desktop computer")
    LAPTOP = "laptop", _("laptop")
    MONITOR = "monitor", _("monitor")
    PRINTER = "printer", _("printer or MFD")
    SERVER = "server", _("server")
    NETWORK = "network", _("network equipment")
    POWER = "power", _("UPS or generator")
    CAMERA = "camera", _("video-surveillance camera")
    PHONE = "phone", _("phone or tablet")
    PROJECTOR = "projector", _("projector or display")
    OTHER = "other", _("other")


# Categories that count as computers for the programme's «not older than five years» indicator.
COMPUTER_CATEGORIES = (Category.COMPUTER, Category.LAPTOP)


class FundingSource(models.TextChoices):
    LOCAL = "local", _("local budget")
    STATE = "state", _("state budget")
    SUBVENTION = "subvention", _("subvention")
    GRANT = "grant", _("grant or donor")
    OWN = "own", _("institution's own funds")
    OTHER = "other", _("other")


class CategoryPolicy(TenantModel):
    """A hromada's own useful life and inventory interval for a category; without one the defaults apply."""

    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    useful_life_years = models.PositiveSmallIntegerField(
        _("useful life, years"), validators=[MinValueValidator(1), MaxValueValidator(50)])
    audit_interval_months = models.PositiveSmallIntegerField(
        _("inventory check every, months"), validators=[MinValueValidator(1), MaxValueValidator(120)])

    class Meta:
        verbose_name = _("category policy")
        verbose_name_plural = _("category policies")
        ordering = ["category"]
        constraints = [models.UniqueConstraint(fields=["hromada", "category"], name="itassets_policy_category")]

    def __str__(self) -> str:
        return self.get_category_display()


class Equipment(TenantModel):
    class Status(models.TextChoices):
        IN_USE = "in_use", _("in use")
        IN_STOCK = "in_stock", _("in stock")
        IN_REPAIR = "in_repair", _("in repair")
        BROKEN = "broken", _("broken")
        TO_WRITE_OFF = "to_write_off", _("to write off")
        WRITTEN_OFF = "written_off", _("written off")

    inventory_number = models.CharField(_("inventory number"), max_length=50)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=400, db_index=True, editable=False)  # core.ukrtext.search_key
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=150, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    specification = models.TextField(_("configuration"), blank=True)  # CPU, memory, disk — free text
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True, db_index=True)
    cost = models.DecimalField(_("cost, UAH"), max_digits=14, decimal_places=2, null=True, blank=True,
                               validators=[MinValueValidator(Decimal(0))])
    funding_source = models.CharField(_("funding source"), max_length=12, choices=FundingSource.choices,
                                      blank=True)
    programme_task = models.ForeignKey("programmes.Task", verbose_name=_("bought under the programme task"),
                                       null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    warranty_until = models.DateField(_("warranty until"), null=True, blank=True)
    useful_life_years = models.PositiveSmallIntegerField(
        _("useful life, years"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Leave empty to use the category's."))
    end_of_life = models.DateField(_("end of useful life"), null=True, blank=True, db_index=True, editable=False)
    # Where it is and who has it: the current state; Assignment keeps the history.
    institution = models.ForeignKey("core.Institution", verbose_name=_("institution"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    help_text=_("Leave empty for the council's own equipment."))
    department = models.ForeignKey("core.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    room = models.CharField(_("room"), max_length=100, blank=True)
    assigned_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("used by (account)"),
                                      null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assigned_name = models.CharField(_("used by"), max_length=150, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("part of"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="components")
    profile = models.ForeignKey("itassets.SoftwareProfile", verbose_name=_("job profile"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.IN_USE,
                              db_index=True)
    # Physical inventory.
    last_checked_on = models.DateField(_("last inventory check"), null=True, blank=True)
    next_check_due = models.DateField(_("next inventory check due"), null=True, blank=True, db_index=True,
                                      editable=False)
    # Write-off.
    written_off_on = models.DateField(_("written off on"), null=True, blank=True)
    write_off_reason = models.TextField(_("reason of the write-off"), blank=True)
    write_off_act = models.ForeignKey("acts.Act", verbose_name=_("act that decided the write-off"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("equipment item")
        verbose_name_plural = _("equipment")
        ordering = ["inventory_number"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "inventory_number"], name="itassets_equipment_inventory",
                                    violation_error_message=_("An item with this inventory number exists.")),
            models.CheckConstraint(condition=~models.Q(status="written_off") | models.Q(written_off_on__isnull=False),
                                   name="itassets_equipment_written_off_dated"),
        ]
        indexes = [
            models.Index(fields=["hromada", "category", "purchase_date"], name="itassets_eq_cat_purchase"),
            models.Index(fields=["hromada", "status", "category"], name="itassets_eq_status_cat"),
            models.Index(fields=["hromada", "institution"], name="itassets_eq_institution"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.inventory_number})"


class Camera(models.Model):
    """What a video-surveillance camera watches and where: one row beside its equipment item."""

    equipment = models.OneToOneField(Equipment, on_delete=models.CASCADE, related_name="camera",
                                     primary_key=True)
    settlement = models.ForeignKey("core.Settlement", verbose_name=_("settlement"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    location = models.CharField(_("location"), max_length=250, blank=True)  # address or landmark
    watched_object = models.CharField(_("object watched"), max_length=250, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    police_connected = models.BooleanField(_("connected to the police"), default=False)
    police_connected_on = models.DateField(_("connected to the police on"), null=True, blank=True)
    retention_days = models.PositiveSmallIntegerField(_("recordings kept, days"), null=True, blank=True,
                                                      validators=[MaxValueValidator(3650)])
    public = models.BooleanField(_("shown on the public map"), default=True)

    class Meta:
        verbose_name = _("video-surveillance camera")
        verbose_name_plural = _("video-surveillance cameras")

    def __str__(self) -> str:
        return str(self.equipment)


class Assignment(TenantModel):
    """One check-out of an item — to a person, a place or another item — and its check-in."""

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="assignments")
    institution = models.ForeignKey("core.Institution", verbose_name=_("institution"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("core.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    room = models.CharField(_("room"), max_length=100, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    person_name = models.CharField(_("person"), max_length=150, blank=True)
    parent = models.ForeignKey(Equipment, verbose_name=_("installed in"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    checked_out_on = models.DateField(_("checked out on"))
    checked_in_on = models.DateField(_("checked in on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-checked_out_on", "-pk"]
        constraints = [
            # One open assignment an item at most.
            models.UniqueConstraint(fields=["equipment"], condition=models.Q(checked_in_on__isnull=True),
                                    name="itassets_assignment_one_open"),
            models.CheckConstraint(condition=models.Q(checked_in_on__isnull=True)
                                   | models.Q(checked_in_on__gte=models.F("checked_out_on")),
                                   name="itassets_assignment_order"),
        ]


class InventoryRound(TenantModel):
    """A physical inventory of one location (an institution, a department or a room) on a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("in progress")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=200)
    institution = models.ForeignKey("core.Institution", verbose_name=_("institution"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey("core.Department", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    room = models.CharField(_("room"), max_length=100, blank=True)
    started_on = models.DateField(_("started on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    conducted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("conducted by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("inventory round")
        verbose_name_plural = _("inventory rounds")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class InventoryCheck(models.Model):
    """What a round found of one item."""

    class Result(models.TextChoices):
        FOUND = "found", _("found in place")
        MOVED = "moved", _("found elsewhere")
        DAMAGED = "damaged", _("found damaged")
        MISSING = "missing", _("missing")

    round = models.ForeignKey(InventoryRound, on_delete=models.CASCADE, related_name="checks")
    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="checks")
    result = models.CharField(_("result"), max_length=8, choices=Result.choices)
    found_location = models.CharField(_("where it was found"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("checked"), auto_now_add=True)

    class Meta:
        verbose_name = _("inventory check")
        verbose_name_plural = _("inventory checks")
        ordering = ["round", "equipment__inventory_number"]
        constraints = [models.UniqueConstraint(fields=["round", "equipment"], name="itassets_check_once")]

    def __str__(self) -> str:
        return f"{self.equipment} — {self.get_result_display()}"
