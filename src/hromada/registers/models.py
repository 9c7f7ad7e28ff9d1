"""The hromada's core registers: streets, buildings (addresses), residents, land plots, communal property.

Every searchable text keeps a folded `*_key` beside it (see core.ukrtext.search_key), so a search is the same
`LIKE` on SQLite and PostgreSQL and never depends on the database's collation.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.models import TenantModel


class StreetKind(models.TextChoices):
    VULYTSIA = "vulytsia", _("street (вулиця)")
    PROVULOK = "provulok", _("lane (провулок)")
    PLOSHCHA = "ploshcha", _("square (площа)")
    PROSPEKT = "prospekt", _("avenue (проспект)")
    BULVAR = "bulvar", _("boulevard (бульвар)")
    UZVIZ = "uzviz", _("descent (узвіз)")
    TUPYK = "tupyk", _("dead end (тупик)")
    SHOSE = "shose", _("highway (шосе)")
    NABEREZHNA = "naberezhna", _("embankment (набережна)")
    PROIZD = "proizd", _("passage (проїзд)")
    MAIDAN = "maidan", _("maidan (майдан)")
    ALEIA = "aleia", _("alley (алея)")
    VYIZD = "vyizd", _("entry (в'їзд)")


class Street(TenantModel):
    settlement = models.ForeignKey("core.Settlement", verbose_name=_("settlement"), on_delete=models.PROTECT,
                                   related_name="streets")
    kind = models.CharField(_("type"), max_length=12, choices=StreetKind.choices, default=StreetKind.VULYTSIA)
    name = models.CharField(_("name"), max_length=200)
    # Keys may be longer than the text: search_key splits «12а» into «12 а».
    name_key = models.CharField(max_length=400, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("street")
        verbose_name_plural = _("streets")
        ordering = [uk("settlement__name"), uk("name")]
        constraints = [
            models.UniqueConstraint(fields=["settlement", "kind", "name_key"], name="registers_street_unique",
                                    violation_error_message=_("This settlement already has such a street.")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display_short()} {self.name}"

    def get_kind_display_short(self) -> str:
        return SHORT_KINDS.get(self.kind, "")


SHORT_KINDS = {"vulytsia": "вул.", "provulok": "пров.", "ploshcha": "пл.", "prospekt": "просп.", "bulvar": "бульв.",
               "uzviz": "узвіз", "tupyk": "туп.", "shose": "шосе", "naberezhna": "наб.", "proizd": "проїзд",
               "maidan": "майдан", "aleia": "алея", "vyizd": "в'їзд"}


class StreetRename(models.Model):
    """A former name: search finds the street by it; the decision that renamed it is kept."""

    street = models.ForeignKey(Street, on_delete=models.CASCADE, related_name="renames")
    old_kind = models.CharField(_("former type"), max_length=12, choices=StreetKind.choices)
    old_name = models.CharField(_("former name"), max_length=200)
    old_name_key = models.CharField(max_length=400, db_index=True, editable=False)
    decision = models.CharField(_("decision"), max_length=300, blank=True)
    renamed_on = models.DateField(_("renamed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("former street name")
        verbose_name_plural = _("former street names")
        ordering = ["-renamed_on", "pk"]

    def __str__(self) -> str:
        return f"{SHORT_KINDS.get(self.old_kind, '')} {self.old_name}"


class Building(TenantModel):
    class Kind(models.TextChoices):
        RESIDENTIAL = "residential", _("residential (житловий)")
        PRIVATE_HOUSE = "house", _("private house (садиба)")
        NON_RESIDENTIAL = "non_residential", _("non-residential (нежитловий)")
        COMMUNAL = "communal", _("communal institution (комунальний заклад)")
        OTHER = "other", _("other")

    street = models.ForeignKey(Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="buildings")
    number = models.CharField(_("number"), max_length=30)
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.RESIDENTIAL)
    apartments = models.PositiveIntegerField(_("apartments"), null=True, blank=True,
                                             validators=[MaxValueValidator(5000)])
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(Decimal("44")), MaxValueValidator(Decimal("53"))])
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(Decimal("22")), MaxValueValidator(Decimal("41"))])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = [uk("street__name"), "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["street", "number"], name="registers_building_unique",
                                    violation_error_message=_("This street already has a building with this number.")),
        ]

    def __str__(self) -> str:
        return f"{self.street}, {self.number}"


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class Resident(TenantModel):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered (зареєстрований)")
        DECLARED = "declared", _("declared (задекларований)")
        IDP = "idp", _("internally displaced (ВПО)")
        LEFT = "left", _("left (вибув)")
        DECEASED = "deceased", _("deceased (помер)")

    class Verification(models.TextChoices):
        NONE = "", _("not verified")
        DOCUMENT = "document", _("by an identity document in person")
        DIIA = "diia", _("through Diia")
        BANKID = "bankid", _("through BankID")
        REGISTER = "register", _("against the state register (РТГ)")

    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    name_key = models.CharField(max_length=620, db_index=True, editable=False)  # surname first
    # The same words starting from the given name and from the patronymic, so a search that begins with
    # either is an index range too (see selectors.residents).
    given_key = models.CharField(max_length=620, db_index=True, editable=False, default="")
    patronymic_key = models.CharField(max_length=620, db_index=True, editable=False, default="")
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    rnokpp = models.CharField(_("РНОКПП"), max_length=10, blank=True)
    unzr = models.CharField(_("УНЗР"), max_length=14, blank=True)
    building = models.ForeignKey(Building, verbose_name=_("building"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="residents")
    apartment = models.CharField(_("apartment"), max_length=10, blank=True)
    registered_on = models.DateField(_("registered or declared on"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=13, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    verification = models.CharField(_("verification"), max_length=10, choices=Verification.choices, blank=True,
                                    default="")
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = [uk("last_name"), uk("first_name"), uk("patronymic"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["hromada", "rnokpp"], condition=~models.Q(rnokpp=""), name="registers_resident_rnokpp",
                violation_error_message=_("A resident with this РНОКПП is already in the register."),
            ),
            models.UniqueConstraint(
                fields=["hromada", "unzr"], condition=~models.Q(unzr=""), name="registers_resident_unzr",
                violation_error_message=_("A resident with this УНЗР is already in the register."),
            ),
        ]
        # The imports' natural key (name and birth date) within the hromada; also serves name lookups.
        indexes = [models.Index(fields=["hromada", "name_key", "birth_date"], name="registers_resident_natural")]

    def __str__(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def is_verified(self) -> bool:
        return bool(self.verification)


class LandPlot(TenantModel):
    class Ownership(models.TextChoices):
        COMMUNAL = "communal", _("communal")
        STATE = "state", _("state")
        PRIVATE = "private", _("private")

    cadastral_number = models.CharField(_("cadastral number"), max_length=22, unique=True,
                                        error_messages={"unique": _("A plot with this cadastral number exists.")})
    area_ha = models.DecimalField(_("area, ha"), max_digits=12, decimal_places=4,
                                  validators=[MinValueValidator(Decimal("0.0001"))])
    purpose_code = models.CharField(_("purpose (КВЦПЗ)"), max_length=5)
    ownership = models.CharField(_("ownership"), max_length=10, choices=Ownership.choices)
    owner = models.CharField(_("owner or user"), max_length=300, blank=True)
    settlement = models.ForeignKey("core.Settlement", verbose_name=_("settlement"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="land_plots")
    lessee = models.CharField(_("lessee"), max_length=300, blank=True)
    lease_start = models.DateField(_("lease from"), null=True, blank=True)
    lease_end = models.DateField(_("lease until"), null=True, blank=True)
    annual_rent = models.DecimalField(_("annual rent, UAH"), max_digits=14, decimal_places=2, null=True, blank=True,
                                      validators=[MinValueValidator(Decimal(0))])
    lease_contract_number = models.CharField(_("lease contract number"), max_length=50, blank=True)
    lease_contract_date = models.DateField(_("lease contract date"), null=True, blank=True)
    outline = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("land plot")
        verbose_name_plural = _("land plots")
        ordering = ["cadastral_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lease_end__isnull=True) | models.Q(lease_start__isnull=True)
                | models.Q(lease_end__gte=models.F("lease_start")),
                name="registers_land_lease_order",
            ),
        ]

    def __str__(self) -> str:
        return self.cadastral_number

    @property
    def is_leased(self) -> bool:
        return bool(self.lessee)


class PropertyObject(TenantModel):
    class Kind(models.TextChoices):
        BUILDING = "building", _("building (будівля)")
        PREMISES = "premises", _("premises (приміщення)")
        LAND = "land", _("land (земля)")
        EQUIPMENT = "equipment", _("equipment (обладнання)")
        TRANSPORT = "transport", _("transport (транспорт)")
        NETWORKS = "networks", _("networks (мережі)")

    class Use(models.TextChoices):
        IN_USE = "in_use", _("in use (використовується)")
        LEASED = "leased", _("leased (в оренді)")
        VACANT = "vacant", _("vacant (вільне)")
        PRIVATISATION = "privatisation", _("for privatisation (до приватизації)")

    name = models.CharField(_("object"), max_length=300)
    name_key = models.CharField(max_length=600, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    building = models.ForeignKey(Building, verbose_name=_("address"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="property_objects")
    address_note = models.CharField(_("address details"), max_length=200, blank=True)
    holder = models.ForeignKey("core.Institution", verbose_name=_("balance holder"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="property_objects")
    area_m2 = models.DecimalField(_("area, m²"), max_digits=12, decimal_places=2, null=True, blank=True,
                                  validators=[MinValueValidator(Decimal(0))])
    book_value = models.DecimalField(_("book value, UAH"), max_digits=16, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(Decimal(0))])
    book_value_date = models.DateField(_("book value as of"), null=True, blank=True)
    inventory_number = models.CharField(_("inventory number"), max_length=50)
    use = models.CharField(_("use"), max_length=14, choices=Use.choices, default=Use.IN_USE)
    lease_contract = models.CharField(_("lease contract"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("communal property object")
        verbose_name_plural = _("communal property")
        ordering = [uk("name"), "inventory_number"]
        constraints = [
            models.UniqueConstraint(fields=["hromada", "inventory_number"], name="registers_property_inventory",
                                    violation_error_message=_("An object with this inventory number exists.")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.inventory_number})"


# Registers and fields a grant can open to a partner institution; the rest never leaves the council.
SHAREABLE_FIELDS = {
    "residents": ("last_name", "first_name", "patronymic", "birth_date", "sex", "rnokpp", "unzr", "building",
                  "apartment", "registered_on", "status", "verification"),
    "streets": ("name", "kind", "settlement"),
    "buildings": ("street", "number", "postcode", "kind", "apartments"),
    "land": ("cadastral_number", "area_ha", "purpose_code", "ownership", "owner", "settlement", "lessee",
             "lease_start", "lease_end"),
    "property": ("name", "kind", "inventory_number", "building", "holder", "area_m2", "use"),
}


class AccessGrant(TenantModel):
    """Read access of a partner institution to chosen registers and fields, for a period, on a legal basis."""

    institution = models.ForeignKey("core.Institution", verbose_name=_("institution"), on_delete=models.PROTECT,
                                    related_name="register_grants")
    fields = models.JSONField(_("registers and fields"), help_text=_("Register → list of fields it may read."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    granted_by = models.ForeignKey("core.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="registers_grant_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {', '.join(sorted(self.fields))}"

    def is_active_on(self, day) -> bool:
        return self.revoked_at is None and self.starts_on <= day <= self.ends_on


class AccessLog(models.Model):
    """Each read through a grant: who, when, which register and record (the admin's «who read what»)."""

    grant = models.ForeignKey(AccessGrant, on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey("core.User", on_delete=models.PROTECT, related_name="+")
    register = models.CharField(max_length=20)
    object_id = models.PositiveIntegerField(null=True)
    query = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} {self.register} {self.object_id or self.query}"
