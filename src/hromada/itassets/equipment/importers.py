"""The import of equipment (the core import engine: all rows or none, a row-level report, idempotent).

A row is an item; its inventory number (normalised as the services store it: «ПK-0012» and «ПК-0012» are one
item) is the natural key, so a row for an item already in the register updates it and importing the same file
again changes nothing. Only the columns the file has are written: a file of inventory numbers and rooms moves
items without touching their costs. Headings are Ukrainian («Інвентарний номер», «Найменування», «Категорія»…),
categories by name or the usual abbreviations («ПК», «МФУ», «ДБЖ»), dates «01.03.2024», sums «24 000,50»; CSV
in UTF-8 or Windows-1251. An item's status cannot be set to «written off» by an import, nor can a written-off
item be changed by one: that is the write-off's, with its reason.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import imports
from hromada.core.imports import Column, Counts, ImportContext, Importer, RowError, RowErrors, parse_date
from hromada.core.models import Department, Institution
from hromada.core.ukrtext import clean_text, collapse_spaces, normalise, search_key
from hromada.itassets.equipment import lifecycle, services
from hromada.itassets.models import Category, Equipment, FundingSource

Status = Equipment.Status


def _keys(mapping: dict[str, list[str]]) -> dict[str, str]:
    return {search_key(name): value for value, names in mapping.items() for name in names}


CATEGORIES = _keys({
    Category.COMPUTER: ["комп'ютер", "комп’ютер", "компютер", "ПК", "персональний комп'ютер", "системний блок",
                        "робоча станція", "моноблок", "desktop", "computer", "pc"],
    Category.LAPTOP: ["ноутбук", "лептоп", "нетбук", "laptop", "notebook"],
    Category.MONITOR: ["монітор", "monitor", "дисплей"],
    Category.PRINTER: ["принтер", "МФУ", "БФП", "багатофункціональний пристрій", "сканер", "копір", "плотер",
                       "принтер або БФП", "printer", "mfp", "mfd", "scanner"],
    Category.SERVER: ["сервер", "СХД", "мережеве сховище", "NAS", "server"],
    Category.NETWORK: ["мережеве обладнання", "комутатор", "світч", "свіч", "маршрутизатор", "роутер",
                       "точка доступу", "міжмережевий екран", "network", "switch", "router", "access point"],
    Category.POWER: ["ДБЖ", "UPS", "джерело безперебійного живлення", "безперебійник", "генератор",
                     "ДБЖ або генератор", "інвертор", "power"],
    Category.CAMERA: ["камера", "відеокамера", "камера відеоспостереження", "IP-камера", "camera"],
    Category.PHONE: ["телефон", "смартфон", "планшет", "телефон або планшет", "phone", "smartphone", "tablet"],
    Category.PROJECTOR: ["проєктор", "проектор", "інтерактивна панель", "інтерактивна дошка", "телевізор",
                         "проєктор або дисплей", "projector", "display"],
    Category.OTHER: ["інше", "інше обладнання", "other"],
}) | {value: value for value in Category.values}

STATUSES = _keys({
    Status.IN_USE: ["використовується", "в роботі", "у роботі", "в експлуатації", "працює", "in use"],
    Status.IN_STOCK: ["на складі", "в резерві", "у резерві", "не використовується", "in stock"],
    Status.IN_REPAIR: ["у ремонті", "в ремонті", "ремонт", "in repair"],
    Status.BROKEN: ["несправний", "несправне", "зламаний", "broken"],
    Status.TO_WRITE_OFF: ["до списання", "підлягає списанню", "to write off"],
    Status.WRITTEN_OFF: ["списано", "списаний", "списане", "written off"],
}) | {value: value for value in Status.values}

FUNDING = _keys({
    FundingSource.LOCAL: ["місцевий бюджет", "бюджет громади", "загальний фонд", "спеціальний фонд", "local"],
    FundingSource.STATE: ["державний бюджет", "державний", "state"],
    FundingSource.SUBVENTION: ["субвенція", "subvention"],
    FundingSource.GRANT: ["грант", "донор", "благодійна допомога", "міжнародна технічна допомога", "grant"],
    FundingSource.OWN: ["власні кошти", "власні кошти закладу", "own"],
    FundingSource.OTHER: ["інше", "other"],
}) | {value: value for value in FundingSource.values}

# Column key → the Equipment field it writes (the rest of the columns map to fields of the same name).
FIELD_OF = {"institution": "institution_id", "department": "department_id"}
MAX_COST = Decimal("999999999999.99")


def _choice(column: str, value: str, mapping: dict, labels) -> str:
    found = mapping.get(search_key(value))
    if found is None:
        raise RowError(column, value, _("Unknown value; expected one of: %(values)s.") % {
            "values": ", ".join(str(label) for label in labels)})
    return found


def _text(column: str, raw: dict, limit: int, *, required: bool = False, name: bool = False) -> str:
    value = normalise(clean_text(raw.get(column, ""))) if name else collapse_spaces(clean_text(raw.get(column, "")))
    if required and not value:
        raise RowError(column, raw.get(column, ""), _("The value is required."))
    if len(value) > limit:
        raise RowError(column, raw.get(column, ""), _("At most %(count)s characters.") % {"count": limit})
    return value


@imports.register("equipment")
class EquipmentImporter(Importer):
    kind = "equipment"
    title = gettext_lazy("equipment")
    listed = False  # its own pages under IT assets, with the itassets.manage capability
    columns = (
        Column("inventory_number", "Інвентарний номер", ("інв. номер", "інв. №", "інвентарний №", "inventory number"),
               required=True, help=gettext_lazy("Unique within the hromada; a row with a number already in the "
                                                "register updates that item.")),
        Column("name", "Найменування", ("назва", "name"), required=True,
               help=gettext_lazy("What the item is, e.g. «Ноутбук бухгалтера».")),
        Column("category", "Категорія", ("вид", "тип", "category"), required=True,
               help=gettext_lazy("ПК, ноутбук, монітор, принтер або МФУ, сервер, мережеве обладнання, ДБЖ, камера, "
                                 "телефон, проєктор, інше.")),
        Column("manufacturer", "Виробник", ("марка", "manufacturer"),
               help=gettext_lazy("The maker, e.g. «HP».")),
        Column("model", "Модель", ("model",),
               help=gettext_lazy("The model, e.g. «ProBook 450 G9».")),
        Column("serial_number", "Серійний номер", ("серійний №", "s/n", "serial number"),
               help=gettext_lazy("The serial number from the maker's label.")),
        Column("specification", "Конфігурація", ("характеристики", "specification"),
               help=gettext_lazy("The main parts, e.g. «Core i5, 16 GB, SSD 512 GB».")),
        Column("purchase_date", "Дата придбання", ("дата введення в експлуатацію", "purchase date"),
               help=gettext_lazy("DD.MM.YYYY, not in the future.")),
        Column("cost", "Вартість, грн", ("вартість", "первісна вартість", "cost"),
               help=gettext_lazy("The initial cost in hryvnias, e.g. «24 000,50».")),
        Column("funding_source", "Джерело фінансування", ("funding source",),
               help=gettext_lazy("Місцевий бюджет, державний бюджет, субвенція, грант, власні кошти, інше.")),
        Column("warranty_until", "Гарантія до", ("warranty until",),
               help=gettext_lazy("The last day of the warranty, DD.MM.YYYY; not before the purchase.")),
        Column("useful_life_years", "Строк корисного використання, років", ("строк служби", "useful life"),
               help=gettext_lazy("Whole years, from 1 to 50, e.g. «5».")),
        Column("institution", "Заклад", ("установа", "балансоутримувач", "institution"),
               help=gettext_lazy("The institution's name, short name or ЄДРПОУ code; empty for the council's own.")),
        Column("department", "Відділ", ("підрозділ", "department"),
               help=gettext_lazy("The department's name as in the hromada's departments, e.g. «Загальний відділ».")),
        Column("room", "Кабінет", ("приміщення", "room"),
               help=gettext_lazy("The room's number or name, up to 100 characters, e.g. «12».")),
        Column("status", "Стан", ("статус", "status"),
               help=gettext_lazy("Використовується, на складі, у ремонті, несправний, до списання.")),
        Column("notes", "Примітка", ("примітки", "notes"),
               help=gettext_lazy("Anything else worth keeping about the item.")),
    )
    key_columns = ("inventory_number",)

    def prepare(self, context: ImportContext) -> None:
        hromada = context.hromada
        institutions: dict[str, int | None] = {}
        for pk, name, short, edrpou in Institution.objects.filter(hromada=hromada).values_list(
                "pk", "name", "short_name", "edrpou"):
            for key in {search_key(name), search_key(short or ""), edrpou}:
                if key:
                    # A name two institutions share names neither (None): the row must give the ЄДРПОУ code.
                    institutions[key] = pk if institutions.get(key, pk) == pk else None
        departments: dict[str, int | None] = {}
        for pk, name, short in Department.objects.filter(hromada=hromada).values_list("pk", "name", "short_name"):
            for key in {search_key(name), search_key(short or "")}:
                if key:
                    departments[key] = pk if departments.get(key, pk) == pk else None
        context.data.update(
            institutions=institutions, departments=departments, today=timezone.localdate(),
            statuses=dict(Equipment.objects.filter(hromada=hromada).values_list("inventory_number", "status")),
            terms=lifecycle.policies(hromada))

    def clean(self, raw: dict, context: ImportContext) -> dict:
        errors: list[RowError] = []
        row: dict = {}
        present = context.present or frozenset(raw)

        def step(column: str, parse) -> None:
            if column not in present:
                return
            try:
                row[column] = parse()
            except RowError as error:
                errors.append(error)

        number = services.normalise_inventory_number(raw.get("inventory_number", ""))
        if not number:
            errors.append(RowError("inventory_number", raw.get("inventory_number", ""), _("The value is required.")))
        elif len(number) > 50:
            errors.append(RowError("inventory_number", raw.get("inventory_number", ""),
                                   _("At most %(count)s characters.") % {"count": 50}))
        row["inventory_number"] = number
        step("name", lambda: _text("name", raw, 200, required=True, name=True))
        step("category", lambda: _choice("category", raw.get("category", ""), CATEGORIES, Category.labels))
        step("manufacturer", lambda: _text("manufacturer", raw, 100))
        step("model", lambda: _text("model", raw, 150))
        step("serial_number", lambda: _text("serial_number", raw, 100).upper())
        step("specification", lambda: clean_text(raw.get("specification", "")).strip())
        step("notes", lambda: clean_text(raw.get("notes", "")).strip())
        step("room", lambda: _text("room", raw, 100))
        step("purchase_date", lambda: parse_date("purchase_date", raw.get("purchase_date", "")))
        step("warranty_until", lambda: parse_date("warranty_until", raw.get("warranty_until", "")))
        step("cost", lambda: imports.parse_decimal("cost", raw.get("cost", ""), minimum=Decimal(0),
                                                   maximum=MAX_COST, places=2))
        step("useful_life_years", lambda: imports.parse_int("useful_life_years", raw.get("useful_life_years", ""),
                                                            minimum=1, maximum=50))
        step("funding_source", lambda: _choice("funding_source", raw["funding_source"], FUNDING,
                                               FundingSource.labels) if raw.get("funding_source") else "")
        step("institution", lambda: self._named("institution", raw.get("institution", ""),
                                                context.data["institutions"]))
        step("department", lambda: self._named("department", raw.get("department", ""), context.data["departments"]))
        step("status", lambda: _choice("status", raw["status"], STATUSES, Status.labels)
             if raw.get("status") else "")
        today = context.data["today"]
        if row.get("purchase_date") and row["purchase_date"] > today:
            errors.append(RowError("purchase_date", raw.get("purchase_date", ""),
                                   _("The purchase date cannot be in the future.")))
        if row.get("warranty_until") and row.get("purchase_date") and row["warranty_until"] < row["purchase_date"]:
            errors.append(RowError("warranty_until", raw.get("warranty_until", ""),
                                   _("The warranty cannot end before the purchase.")))
        stored = context.data["statuses"].get(number)
        if row.get("status") == Status.WRITTEN_OFF and stored != Status.WRITTEN_OFF:
            errors.append(RowError("status", raw.get("status", ""), _(
                "An item is written off through the write-off, with its reason and date, not by an import.")))
        elif stored == Status.WRITTEN_OFF:
            errors.append(RowError("inventory_number", number, _(
                "The item is written off; an import does not change it.")))
        if stored is None and not row.get("status"):
            row["status"] = Status.IN_USE  # a new item without a status is in use
        if errors:
            raise RowErrors(errors)
        return row

    @staticmethod
    def _named(column: str, value: str, index: dict) -> int | None:
        if not value:
            return None
        key = value.strip() if value.strip().isdigit() else search_key(value)
        if key not in index:
            raise RowError(column, value, _("The hromada has no such institution.") if column == "institution"
                           else _("The hromada has no such department."))
        if index[key] is None:
            raise RowError(column, value, _("Several institutions have this name; give the ЄДРПОУ code.")
                           if column == "institution" else _("Several departments have this name."))
        return index[key]

    def natural_key(self, clean: dict) -> tuple:
        return (clean["inventory_number"],)

    def write(self, batch: list[dict], context: ImportContext) -> Counts:
        """Upsert a batch: one query for the items already there, one bulk insert, one bulk update."""
        hromada = context.hromada
        terms = context.data["terms"]
        existing = {item.inventory_number: item for item in Equipment.objects.filter(
            hromada=hromada, inventory_number__in=[row["inventory_number"] for row in batch])}
        counts = Counts()
        new, changed = [], []
        fields_changed: set[str] = set()
        for row in batch:
            item = existing.get(row["inventory_number"])
            creating = item is None
            if creating:
                item = Equipment(hromada=hromada, inventory_number=row["inventory_number"])
            before = {name: getattr(item, name) for name in self.WRITTEN}
            for column, value in row.items():
                if column == "status" and not value:
                    continue
                setattr(item, FIELD_OF.get(column, column), value)
            services.derive(item, terms)
            after = {name: getattr(item, name) for name in self.WRITTEN}
            if creating:
                new.append(item)
            elif after != before:
                fields_changed |= {name for name in self.WRITTEN if after[name] != before[name]}
                changed.append(item)
            else:
                counts.unchanged += 1
        if new:
            Equipment.objects.bulk_create(new, batch_size=500)
        if changed:
            now = timezone.now()
            for item in changed:
                item.updated_at = now
            Equipment.objects.bulk_update(changed, sorted(fields_changed | {"updated_at"}), batch_size=500)
        counts.created, counts.updated = len(new), len(changed)
        return counts

    WRITTEN = ("name", "category", "manufacturer", "model", "serial_number", "specification", "purchase_date", "cost",
               "funding_source", "warranty_until", "useful_life_years", "institution_id", "department_id", "room",
               "status", "notes", "end_of_life", "next_check_due", "name_key")

    def example_row(self) -> dict[str, str]:
        return {"inventory_number": "10140001", "name": "Комп’ютер персональний", "category": "ПК",
                "manufacturer": "Lenovo", "model": "ThinkCentre M70s", "serial_number": "MJ0ABC12",
                "specification": "Intel Core i5, 16 ГБ, SSD 512 ГБ", "purchase_date": "01.03.2024",
                "cost": "24 000,50", "funding_source": "місцевий бюджет", "warranty_until": "01.03.2027",
                "useful_life_years": "", "institution": "", "department": "Загальний відділ", "room": "12",
                "status": "використовується", "notes": ""}
