"""Communal property and land lease as live open data (core.datasets): mun-002, mun-003, mun-004, mun-028.

A dataset that is a part of a register (the leased objects, the vacant ones) counts a change of any row of the
register as its change: an object that leaves the part changes it too, and its row is no longer in the part.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from hromada.core.collation import uk
from hromada.core.core_datasets import EDRPOU, labels, last_logged_change, latest, text
from hromada.core.datasets import Field, LiveDataset, LiveResource, register
from hromada.registers.models import LandPlot, PropertyObject
from hromada.registers.schemas import address_of
from hromada.registers.validators import CADASTRAL_RE, PURPOSE_CODE_RE

CHUNK = 2000
BASIS = _("Постанова КМУ від 21.10.2015 № 835; ст. 10-1 ЗУ «Про доступ до публічної інформації»; "
          "ст. 60 ЗУ «Про місцеве самоврядування в Україні»")
PROPERTY_BASIS = _("Постанова КМУ від 21.10.2015 № 835; ст. 10-1 ЗУ «Про доступ до публічної інформації»; "
                   "ЗУ «Про оренду державного та комунального майна»")
LAND_BASIS = _("Постанова КМУ від 21.10.2015 № 835; ст. 10-1 ЗУ «Про доступ до публічної інформації»; "
               "ст. 122, 124 Земельного кодексу України")
# Plots whose lease the council or the state grants; a lease of a private plot is a private contract.
LEASED_LAND_OWNERSHIP = (LandPlot.Ownership.COMMUNAL, LandPlot.Ownership.STATE)


# --- communal property -----------------------------------------------------------------------------------

PROPERTY_FIELDS = (
    Field("id", _("Ідентифікатор"), "integer", required=True),
    Field("inventoryNumber", _("Інвентарний номер"), required=True),
    Field("name", _("Найменування об’єкта"), required=True),
    Field("kind", _("Вид об’єкта")),
    Field("address", _("Адреса (місцезнаходження)")),
    Field("settlementKatottg", _("Код КАТОТТГ населеного пункту")),
    Field("holderName", _("Балансоутримувач")),
    Field("holderEdrpou", _("Код ЄДРПОУ балансоутримувача"), constraints=EDRPOU),
    Field("areaM2", _("Площа, м²"), "number"),
    Field("bookValue", _("Балансова вартість, грн"), "number"),
    Field("bookValueDate", _("Дата балансової вартості"), "date"),
    Field("use", _("Використання")),
)
LEASE_CONTRACT = Field("leaseContract", _("Договір оренди (користування)"), public_personal=True,
                       description=_("Реквізити договору й орендар (користувач), як їх внесено до реєстру."))


def _property(hromada, *in_use: str, with_contract: bool = False):
    kinds, uses = labels(PropertyObject.Kind.choices), labels(PropertyObject.Use.choices)
    rows = PropertyObject.objects.filter(hromada=hromada)
    if in_use:
        rows = rows.filter(use__in=in_use)
    rows = (rows.select_related("building__street__settlement", "holder")
            .order_by(uk("name"), "inventory_number", "pk").iterator(chunk_size=CHUNK))
    for item in rows:
        building, holder = item.building, item.holder
        address = ", ".join(part for part in (address_of(building), item.address_note) if part)
        row = (item.pk, item.inventory_number, item.name, kinds.get(item.kind, item.kind), address or None,
               building.street.settlement.katottg if building else None, holder.name if holder else None,
               holder.edrpou if holder else None, item.area_m2, item.book_value, item.book_value_date,
               uses.get(item.use, item.use))
        yield (*row, text(item.lease_contract)) if with_contract else row


def property_rows(hromada):
    return _property(hromada)


def leased_property_rows(hromada):
    return _property(hromada, PropertyObject.Use.LEASED, with_contract=True)


def vacant_property_rows(hromada):
    return _property(hromada, PropertyObject.Use.VACANT, PropertyObject.Use.PRIVATISATION)


def property_changed_at(hromada) -> datetime | None:
    """A row of the register, the building or street of its address changed; or a row was deleted, or the
    balance holder or the settlement changed (those two are known from the audit log only)."""
    stamps = PropertyObject.objects.filter(hromada=hromada).aggregate(
        row_at=Max("updated_at"), building_at=Max("building__updated_at"),
        street_at=Max("building__street__updated_at"))
    logged = last_logged_change(hromada, "registers.propertyobject", "core.institution", "core.settlement")
    return latest(stamps["row_at"], stamps["building_at"], stamps["street_at"], logged)


def _has_property(hromada) -> bool:
    return PropertyObject.objects.filter(hromada=hromada).exists()


PROPERTY = register(LiveDataset(
    key="registers.property",
    title=_("Перелік об’єктів комунальної власності"),
    description=_(
        "Об’єкти комунальної власності громади з реєстру майна: інвентарний номер, найменування, вид, адреса, "
        "балансоутримувач і його код ЄДРПОУ, площа, балансова вартість і дата, на яку її визначено, та "
        "використання (використовується, в оренді, вільне, до приватизації). Умови договорів оренди — у наборі "
        "про об’єкти, передані в оренду; персональних даних набір не містить."),
    obligation="mun-002",
    frequency="on_change",
    keywords=(_("комунальна власність"), _("комунальне майно"), _("нерухомість"), _("балансоутримувач")),
    topic="ekonomika",
    basis=BASIS,
    purpose=_("Облік і прозоре управління комунальним майном громади."),
    available=_has_property,
    resources=(LiveResource(
        key="property",
        title=_("Об’єкти комунальної власності"),
        fields=PROPERTY_FIELDS,
        primary_key=("id",),
        rows=property_rows,
        changed_at=property_changed_at,
    ),),
))

PROPERTY_LEASED = register(LiveDataset(
    key="registers.property_leased",
    title=_("Перелік об’єктів комунальної власності, що передані в оренду чи інше право користування (з даними "
            "про умови передачі)"),
    description=_(
        "Об’єкти комунальної власності громади, передані в оренду: інвентарний номер, найменування, вид, адреса, "
        "балансоутримувач і його код ЄДРПОУ, площа, балансова вартість і реквізити договору оренди з орендарем, "
        "як їх внесено до реєстру майна. Інші персональні дані орендарів до набору не входять."),
    obligation="mun-003",
    frequency="on_change",
    keywords=(_("оренда"), _("комунальне майно"), _("орендарі"), _("договори оренди")),
    topic="ekonomika",
    basis=PROPERTY_BASIS,
    purpose=_("Оприлюднення відомостей про комунальне майно, передане в оренду, та умови його передачі."),
    available=_has_property,
    resources=(LiveResource(
        key="property-leased",
        title=_("Об’єкти, передані в оренду"),
        fields=(*PROPERTY_FIELDS, LEASE_CONTRACT),
        primary_key=("id",),
        rows=leased_property_rows,
        changed_at=property_changed_at,
    ),),
))

PROPERTY_VACANT = register(LiveDataset(
    key="registers.property_vacant",
    title=_("Перелік незадіяних земельних ділянок і майнових об’єктів (приміщень) комунальної форми власності, "
            "які можуть бути передані в користування"),
    description=_(
        "Вільні (незадіяні) об’єкти комунальної власності громади та об’єкти, визначені до приватизації: "
        "інвентарний номер, найменування, вид, адреса, балансоутримувач і його код ЄДРПОУ, площа, балансова "
        "вартість і стан використання. Земельні ділянки, облік яких ведеться в земельному реєстрі, до набору не "
        "входять; персональних даних набір не містить."),
    obligation="mun-004",
    frequency="on_change",
    keywords=(_("вільні приміщення"), _("комунальне майно"), _("оренда"), _("приватизація")),
    topic="ekonomika",
    basis=PROPERTY_BASIS,
    purpose=_("Інформування потенційних орендарів і покупців про вільне комунальне майно громади."),
    available=_has_property,
    resources=(LiveResource(
        key="property-vacant",
        title=_("Незадіяні об’єкти"),
        fields=PROPERTY_FIELDS,
        primary_key=("id",),
        rows=vacant_property_rows,
        changed_at=property_changed_at,
    ),),
))


# --- land lease ------------------------------------------------------------------------------------------


def land_rows(hromada):
    ownership = labels(LandPlot.Ownership.choices)
    rows = (LandPlot.objects.filter(hromada=hromada, ownership__in=LEASED_LAND_OWNERSHIP).exclude(lessee="")
            .select_related("settlement").order_by("cadastral_number").iterator(chunk_size=CHUNK))
    for plot in rows:
        settlement = plot.settlement
        yield (plot.cadastral_number, plot.area_ha, plot.purpose_code, ownership.get(plot.ownership, plot.ownership),
               str(settlement) if settlement else None, settlement.katottg if settlement else None, plot.lessee,
               plot.lease_start, plot.lease_end, plot.annual_rent, text(plot.lease_contract_number),
               plot.lease_contract_date)


def land_changed_at(hromada) -> datetime | None:
    row = LandPlot.objects.filter(hromada=hromada).aggregate(at=Max("updated_at"))["at"]
    return latest(row, last_logged_change(hromada, "registers.landplot", "core.settlement"))


LAND_LEASED = register(LiveDataset(
    key="registers.land_leased",
    title=_("Актуальні списки власників/орендарів місцевих земельних ділянок"),
    description=_(
        "Земельні ділянки комунальної та державної власності на території громади, передані в оренду: "
        "кадастровий номер, площа, код цільового призначення (КВЦПЗ), форма власності, населений пункт, "
        "орендар, строк оренди, річна орендна плата, номер і дата договору. Ділянки приватної власності та "
        "персональні дані орендарів, крім їхнього найменування (імені), до набору не входять."),
    obligation="mun-028",
    frequency="on_change",
    keywords=(_("земельні ділянки"), _("оренда землі"), _("орендарі"), _("кадастровий номер")),
    topic="ekonomika",
    basis=LAND_BASIS,
    purpose=_("Оприлюднення відомостей про оренду земель громади та надходження орендної плати."),
    available=lambda hromada: LandPlot.objects.filter(hromada=hromada).exists(),
    resources=(LiveResource(
        key="land-leased",
        title=_("Земельні ділянки, передані в оренду"),
        fields=(
            Field("cadastralNumber", _("Кадастровий номер"), required=True,
                  constraints={"pattern": CADASTRAL_RE.pattern}),
            Field("areaHa", _("Площа, га"), "number"),
            Field("purposeCode", _("Код цільового призначення (КВЦПЗ)"),
                  constraints={"pattern": PURPOSE_CODE_RE.pattern}),
            Field("ownership", _("Форма власності")),
            Field("settlement", _("Населений пункт")),
            Field("settlementKatottg", _("Код КАТОТТГ населеного пункту")),
            Field("lessee", _("Орендар"), public_personal=True,
                  description=_("Найменування юридичної особи або ім’я фізичної особи, як у договорі оренди.")),
            Field("leaseStart", _("Початок оренди"), "date"),
            Field("leaseEnd", _("Закінчення оренди"), "date"),
            Field("annualRent", _("Річна орендна плата, грн"), "number"),
            Field("leaseContractNumber", _("Номер договору оренди")),
            Field("leaseContractDate", _("Дата договору оренди"), "date"),
        ),
        primary_key=("cadastralNumber",),
        rows=land_rows,
        changed_at=land_changed_at,
    ),),
))
