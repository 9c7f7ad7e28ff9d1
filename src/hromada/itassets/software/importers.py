"""The import of installed software: one row per program found on a computer (an inventory agent's export, or
a table the IT officer keeps), through the core import engine — all rows or none, a row report, idempotent on
(inventory number, title).

Titles are matched by the search key of their name (case, apostrophes, Latin look-alikes, punctuation do not
matter) and, when the row gives one, of the vendor. A title the hromada does not have yet is **created** (its
kind from the «Вид» column, else «other»; it needs a licence until the IT officer marks it free): an inventory is
how unknown software is found, and a title created by the import shows at once among the unlicensed. A row whose
name matches titles of several vendors and gives no vendor is refused as ambiguous.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import imports
from hromada.core.imports import Column, Counts, ImportContext, Importer, RowError, RowErrors, parse_date
from hromada.core.ukrtext import clean_text, normalise, search_key
from hromada.itassets.equipment.services import normalise_inventory_number
from hromada.itassets.models import Equipment, Installation, Software
from hromada.itassets.software.selectors import COMPUTING

KIND = "itassets_software"

KINDS = {search_key(str(label)): value for value, label in Software.Kind.choices}
KINDS.update({value: value for value in Software.Kind.values})
KINDS.update({search_key(word): value for word, value in (
    ("ОС", "os"), ("операційна система", "os"), ("офіс", "office"), ("офісний пакет", "office"),
    ("бухгалтерія", "accounting"), ("бухгалтерська", "accounting"), ("антивірус", "antivirus"),
    ("СЕД", "edms"), ("документообіг", "edms"), ("браузер", "browser"), ("СУБД", "database"),
    ("база даних", "database"), ("графіка", "graphics"), ("КЕП", "signature"), ("ЕЦП", "signature"),
    ("підпис", "signature"), ("реєстр", "registry"), ("інше", "other"))})


def _kinds_help() -> str:
    return _("One of: %(values)s; «інше» when empty.") % {
        "values": ", ".join(str(label) for _value, label in Software.Kind.choices)}


class InstallationImporter(Importer):
    kind = KIND
    title = gettext_lazy("installed software")
    listed = False  # its own page and capability (itassets.manage)
    key_columns = ("inventory_number", "name")
    columns = (
        Column("inventory_number", "Інвентарний номер", ("inventory_number", "інв. номер", "інв номер",
                                                         "інвентарний №"), required=True,
               help=gettext_lazy("The computer's inventory number as in the equipment register.")),
        Column("name", "Програма", ("name", "software", "назва програми", "програмне забезпечення", "назва"),
               required=True, help=gettext_lazy("The program's name, e.g. «Microsoft Office»")),
        Column("vendor", "Виробник", ("vendor", "publisher", "розробник"),
               help=gettext_lazy("The vendor, e.g. «Microsoft»; tells apart titles of one name.")),
        Column("version", "Версія", ("version",),
               help=gettext_lazy("The installed version, e.g. 16.0.5435.1000.")),
        Column("installed_on", "Дата встановлення", ("installed_on", "встановлено", "install date"),
               help=gettext_lazy("DD.MM.YYYY or YYYY-MM-DD; may be left empty.")),
        Column("software_kind", "Вид", ("kind", "вид програми", "тип"), help=gettext_lazy(
            "The kind of a title the hromada does not have yet (an existing title keeps its own).")),
    )
    extra_labels = {"titles_created": gettext_lazy("software titles created")}

    def prepare(self, context: ImportContext) -> None:
        computers: dict[str, list[tuple[int, str, str]]] = {}
        rows = (Equipment.objects.filter(hromada=context.hromada, category__in=COMPUTING)
                .values_list("pk", "inventory_number", "status"))
        for pk, number, status in rows.iterator(chunk_size=5000):
            computers.setdefault(search_key(number) or number, []).append((pk, number, status))
        titles: dict[str, list[tuple[int, str]]] = {}
        for pk, name_key, vendor in Software.objects.filter(hromada=context.hromada).values_list(
                "pk", "name_key", "vendor"):
            titles.setdefault(name_key, []).append((pk, search_key(vendor)))
        context.data.update(computers=computers, titles=titles, created={})

    def _computer(self, value: str, context: ImportContext) -> int:
        if not value:
            raise RowError("inventory_number", value, _("The value is required."))
        stored = normalise_inventory_number(value)  # the form the equipment register keeps numbers in
        found = context.data["computers"].get(search_key(stored) or stored, [])
        exact = [entry for entry in found if entry[1] in (value, stored)]
        found = exact or found
        if not found:
            raise RowError("inventory_number", value, _("There is no computer, laptop or server with this inventory "
                                                        "number in the equipment register."))
        if len(found) > 1:
            raise RowError("inventory_number", value, _("Several items have a similar number (%(numbers)s); write "
                                                        "it exactly as in the register.")
                           % {"numbers": ", ".join(entry[1] for entry in found)})
        pk, _number, status = found[0]
        if status == Equipment.Status.WRITTEN_OFF:
            raise RowError("inventory_number", value, _("The computer is written off."))
        return pk

    def _title(self, name: str, vendor: str, context: ImportContext) -> tuple[int | None, str, str]:
        """(id of an existing title or None, name key, vendor key)."""
        name_key, vendor_key = search_key(name), search_key(vendor)
        candidates = context.data["titles"].get(name_key, [])
        if vendor_key:
            same = [pk for pk, key in candidates if key == vendor_key]
            if same:
                return same[0], name_key, vendor_key
            blank = [pk for pk, key in candidates if not key]
            if len(blank) == 1 and len(candidates) == 1:
                return blank[0], name_key, ""  # the register keeps the title without its vendor
            return None, name_key, vendor_key
        if len(candidates) == 1:
            return candidates[0][0], name_key, candidates[0][1]
        if len(candidates) > 1:
            raise RowError("vendor", vendor, _("Titles of several vendors have this name: give the vendor."))
        return None, name_key, ""

    def clean(self, raw: dict[str, str], context: ImportContext) -> dict:
        errors: list[RowError] = []
        row: dict = {}
        name = normalise(clean_text(raw.get("name", "")))
        vendor = normalise(clean_text(raw.get("vendor", "")))
        version = normalise(clean_text(raw.get("version", "")))
        try:
            row["equipment_id"] = self._computer(normalise(raw.get("inventory_number", "")), context)
        except RowError as error:
            errors.append(error)
        if not name:
            errors.append(RowError("name", name, _("The value is required.")))
        elif len(name) > 200:
            errors.append(RowError("name", name, _("At most %(n)s characters.") % {"n": 200}))
        if len(vendor) > 150:
            errors.append(RowError("vendor", vendor, _("At most %(n)s characters.") % {"n": 150}))
        if len(version) > 50:
            errors.append(RowError("version", version, _("At most %(n)s characters.") % {"n": 50}))
        try:
            row["installed_on"] = parse_date("installed_on", raw.get("installed_on", ""))
        except RowError as error:
            errors.append(error)
        kind_text = raw.get("software_kind", "")
        kind = KINDS.get(search_key(kind_text)) if kind_text else Software.Kind.OTHER
        if kind is None:
            errors.append(RowError("software_kind", kind_text, _kinds_help()))
        if name and len(name) <= 200:
            try:
                row["software_id"], row["name_key"], row["vendor_key"] = self._title(name, vendor, context)
            except RowError as error:
                errors.append(error)
        if errors:
            raise RowErrors(errors)
        row.update(name=name, vendor=vendor, version=version, software_kind=kind)
        return row

    def natural_key(self, clean: dict) -> tuple:
        title = clean["software_id"] or (clean["name_key"], clean["vendor_key"])
        return (clean["equipment_id"], title)

    def write(self, batch: list[dict], context: ImportContext) -> Counts:
        created_titles = context.data["created"]
        counts = Counts()
        new = 0
        for row in batch:
            if row["software_id"] is None:
                key = (row["name_key"], row["vendor_key"])
                if key not in created_titles:
                    title = Software(hromada=context.hromada, name=row["name"], vendor=row["vendor"],
                                     kind=row["software_kind"], name_key=row["name_key"])
                    title.save()
                    created_titles[key] = title.pk
                    new += 1
                row["software_id"] = created_titles[key]
            row["source"] = Installation.Source.IMPORT
        rows = [{k: row[k] for k in ("equipment_id", "software_id", "version", "installed_on", "source")}
                for row in batch]
        # The date of an earlier import or entry stays when a row leaves it empty.
        known = {(e, s): d for e, s, d in Installation.objects.filter(
            equipment_id__in={r["equipment_id"] for r in rows}, software_id__in={r["software_id"] for r in rows})
            .values_list("equipment_id", "software_id", "installed_on")}
        for row in rows:
            if row["installed_on"] is None:
                row["installed_on"] = known.get((row["equipment_id"], row["software_id"]))
        counts += imports.upsert(Installation.objects.filter(hromada=context.hromada), rows,
                                 key=("equipment_id", "software_id"), fields=("version", "installed_on"),
                                 create_defaults={"hromada": context.hromada, "source": Installation.Source.IMPORT})
        if new:
            counts.extras["titles_created"] = new
        return counts

    def example_row(self) -> dict[str, str]:
        return {"inventory_number": "1014630021", "name": "Microsoft Office", "vendor": "Microsoft",
                "version": "16.0.5435.1000", "installed_on": "12.03.2024", "software_kind": "офісний пакет"}


imports.register(KIND)(InstallationImporter)
