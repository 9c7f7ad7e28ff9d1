"""Importers of the five registers for `hromada import` and the staff upload (see core.imports for the contract).

Rows are normalised before validation (apostrophes, look-alike letters, spaces, street-type abbreviations, the
settlement type in front of a settlement's name), then checked with the same validators as the forms.
Re-importing a file changes nothing: every register upserts on a natural key that the database also keeps
unique where it can.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import imports
from hromada.core.imports import Column, ImportContext, Importer, RowError, RowErrors, parse_date
from hromada.core.models import Institution, Settlement
from hromada.core.ukrtext import expand_street_type, name_case, normalise, search_key, split_settlement_type
from hromada.core.validators import normalize_phone, validate_phone
from hromada.registers import services, validators
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street, StreetKind

SEX = {"ч": "m", "чол": "m", "чоловіча": "m", "чоловік": "m", "m": "m", "male": "m",
       "ж": "f", "жін": "f", "жіноча": "f", "жінка": "f", "f": "f", "female": "f"}
STATUS = {"зареєстрований": "registered", "зареєстрована": "registered", "registered": "registered",
          "задекларований": "declared", "задекларована": "declared", "declared": "declared",
          "впо": "idp", "idp": "idp", "вибув": "left", "вибула": "left", "left": "left",
          "помер": "deceased", "померла": "deceased", "deceased": "deceased"}

# What to enter in the columns several registers share (the import pages' column guide).
SETTLEMENT_HELP = gettext_lazy("The settlement's name as in the hromada's list of settlements, e.g. «Могилів».")
STREET_HELP = gettext_lazy("The street with its type, e.g. «вул. Шевченка» or «пров. Садовий»; without a type it is "
                           "read as a вулиця.")
BUILDING_HELP = gettext_lazy("The building's number, with its letter or fraction if it has one, e.g. «12», «12-А», "
                             "«5/1».")
DATE_HELP = gettext_lazy("A date as DD.MM.YYYY or YYYY-MM-DD, e.g. «31.12.2025».")


def _choice(column: str, value: str, mapping: dict, *, default=None):
    if not value:
        if default is not None:
            return default
        raise RowError(column, value, _("The value is required."))
    found = mapping.get(search_key(value))
    if found is None:
        raise RowError(column, value, _("Unknown value; expected one of: %(values)s.")
                       % {"values": ", ".join(sorted({k for k in mapping if not k.isascii()}))})
    return found


def _validated(column: str, value: str, validate) -> str:
    try:
        validate(value)
    except ValidationError as error:
        raise RowError(column, value, error.messages[0]) from None
    return value


def _settlements(context: ImportContext) -> dict[str, list[Settlement]]:
    """The hromada's settlements by the search key of their bare name, read once per import."""
    found: dict[str, list[Settlement]] = {}
    for settlement in Settlement.objects.filter(hromada=context.hromada).order_by("kind", "pk"):
        found.setdefault(search_key(settlement.name), []).append(settlement)
    return found


def _described(settlements: list[Settlement]) -> str:
    """«село Іванівка, селище Іванівка»: each with its type in full (as the Kind labels read in Ukrainian)."""
    return ", ".join(f"{settlement.get_kind_display()} {settlement.name}" for settlement in settlements)


def _settlement(column: str, value: str, context: ImportContext, *, required: bool = True) -> Settlement | None:
    """The settlement a cell names, with or without its type in front («с. Могилів», «смт Слобожанське»).

    The type (core.ukrtext.split_settlement_type) tells apart two settlements of one name; without it two
    candidates are refused, and a type that none of the candidates has is refused too.
    """
    if not value:
        if required:
            raise RowError(column, value, _("The value is required."))
        return None
    index = context.data["settlements"]
    # The whole text first: a name may itself begin with a type word (a village may be called «Селище Нове»).
    kind, matches = None, index.get(search_key(value))
    if not matches:
        kind, name = split_settlement_type(value)
        matches = index.get(search_key(name), [])
    if not matches:
        raise RowError(column, value, _("There is no such settlement in the hromada."))
    if kind is not None:
        of_kind = [settlement for settlement in matches if settlement.kind == kind]
        if not of_kind:
            raise RowError(column, value, _("The type does not match: the hromada has only %(found)s.")
                           % {"found": _described(matches)})
        matches = of_kind
    if len(matches) > 1:
        if kind is None and len({settlement.kind for settlement in matches}) > 1:
            raise RowError(column, value, _("The name is ambiguous: %(candidates)s — give the type.")
                           % {"candidates": _described(matches)})
        # Two settlements of one name and one type: nothing a file can write tells them apart.
        raise RowError(column, value, _("Several settlements of one type have this name (KATOTTG %(codes)s); "
                                        "rename one of them first.")
                       % {"codes": ", ".join(settlement.katottg for settlement in matches)})
    return matches[0]


def _street_parts(column: str, value: str) -> tuple[str, str]:
    kind, name = expand_street_type(normalise(value))
    name = name.strip()
    if not name:
        raise RowError(column, value, _("Give the street's name."))
    return kind or StreetKind.VULYTSIA, name


class _Addresses:
    """Streets and buildings found or created while writing, cached for the whole import.

    Buildings are resolved a batch at a time (one query for the existing ones, one bulk insert for the new),
    so a file of 100 000 residents does not cost a query per address.
    """

    def __init__(self, hromada):
        self.hromada = hromada
        self.streets: dict[tuple[int, str, str], Street] = {
            (s.settlement_id, s.kind, s.name_key): s for s in Street.objects.filter(hromada=hromada)}
        self.buildings: dict[tuple[int, str], int] | None = None
        self.counts = {"streets_created": 0, "buildings_created": 0}

    def street(self, settlement: Settlement, kind: str, name: str) -> Street:
        key = (settlement.pk, kind, search_key(name))
        street = self.streets.get(key)
        if street is None:
            street = Street(hromada=self.hromada, settlement=settlement, kind=kind, name=name)
            services.prepare_street(street)
            street.save()
            self.streets[key] = street
            self.counts["streets_created"] += 1
        return street

    def resolve(self, pairs: set[tuple[int, str]]) -> None:
        """Make sure every (street id, number) has a building id in the cache, inserting the new ones at once."""
        if self.buildings is None:
            # One read of the hromada's addresses per import (tens of thousands of small tuples at most).
            self.buildings = {(street_id, number): pk for pk, street_id, number in
                              Building.objects.filter(hromada=self.hromada).values_list("pk", "street_id", "number")}
        new = [Building(hromada=self.hromada, street_id=street_id, number=number,
                        sort_key=validators.building_sort_key(number))
               for street_id, number in sorted(pairs) if (street_id, number) not in self.buildings]
        if new:
            Building.objects.bulk_create(new)  # both databases return the new primary keys
            for building in new:
                self.buildings[(building.street_id, building.number)] = building.pk
            self.counts["buildings_created"] += len(new)

    def building_id(self, street: Street, number: str) -> int:
        self.resolve({(street.pk, number)})
        return self.buildings[(street.pk, number)]


def _settlements_by_pk(context: ImportContext) -> dict[int, Settlement]:
    """The hromada's settlements by id: the ones prepare() read by name, so the import reads them once."""
    if "settlements_by_pk" not in context.data:
        by_name = context.data.get("settlements")
        context.data["settlements_by_pk"] = (
            {s.pk: s for same_name in by_name.values() for s in same_name} if by_name is not None
            else {s.pk: s for s in Settlement.objects.filter(hromada=context.hromada)})
    return context.data["settlements_by_pk"]


def _addresses(context: ImportContext) -> _Addresses:
    """The import's one address cache (built on first use: it reads the hromada's streets)."""
    if "addresses" not in context.data:
        context.data["addresses"] = _Addresses(context.hromada)
    return context.data["addresses"]


def _address(raw: dict, context: ImportContext, errors: list) -> tuple | None:
    """(settlement, street kind, street name, building number) of a row, or None when no street is given."""
    try:
        settlement = _settlement("settlement", raw.get("settlement", ""), context)
    except RowError as error:
        errors.append(error)
        return None
    if not raw.get("street"):
        if raw.get("building"):
            errors.append(RowError("street", "", _("A building number needs its street.")))
        return None
    try:
        kind, name = _street_parts("street", raw["street"])
    except RowError as error:
        errors.append(error)
        return None
    number = raw.get("building", "")
    if number:
        try:
            _validated("building", number, validators.validate_building_number)
            number = validators.normalise_building_number(number)
        except RowError as error:
            errors.append(error)
            return None
    return settlement, kind, name, number


@imports.register("streets")
class StreetImporter(Importer):
    kind = "streets"
    title = gettext_lazy("streets")
    columns = (
        Column("settlement", "населений пункт", ("settlement",), required=True,
               help=SETTLEMENT_HELP),
        Column("street", "вулиця", ("street", "name"), required=True,
               help=STREET_HELP),
    )
    key_columns = ("settlement", "street")

    def prepare(self, context):
        context.data["settlements"] = _settlements(context)

    def clean(self, raw, context):
        settlement = _settlement("settlement", raw["settlement"], context)
        kind, name = _street_parts("street", raw["street"])
        return {"settlement_id": settlement.pk, "kind": kind, "name": name, "name_key": search_key(name)}

    def natural_key(self, clean):
        return (clean["settlement_id"], clean["kind"], clean["name_key"])

    def write(self, batch, context):
        return imports.upsert(Street.objects.filter(hromada=context.hromada), batch,
                              key=("settlement_id", "kind", "name_key"), fields=("name",),
                              create_defaults={"hromada": context.hromada})

    def example_row(self):
        return {"settlement": "Могилів", "street": "вул. Шевченка"}


@imports.register("buildings")
class BuildingImporter(Importer):
    kind = "buildings"
    title = gettext_lazy("buildings")
    columns = (
        Column("settlement", "населений пункт", ("settlement",), required=True,
               help=SETTLEMENT_HELP),
        Column("street", "вулиця", ("street",), required=True,
               help=STREET_HELP),
        Column("building", "будинок", ("building", "number"), required=True,
               help=BUILDING_HELP),
        Column("postcode", "індекс", ("postcode",),
               help=gettext_lazy("Five digits, e.g. «51440».")),
        Column("kind", "вид", ("kind",),
               help=gettext_lazy("One of: житловий, садиба, нежитловий, комунальний заклад, інше. Empty: житловий.")),
        Column("apartments", "квартир", ("apartments",),
               help=gettext_lazy("The number of apartments, a whole number from 0 to 5000.")),
        Column("latitude", "широта", ("latitude", "lat"),
               help=gettext_lazy("Degrees with decimals, from 44 to 53, e.g. «48,445012».")),
        Column("longitude", "довгота", ("longitude", "lon"),
               help=gettext_lazy("Degrees with decimals, from 22 to 41, e.g. «27,792034».")),
    )
    key_columns = ("settlement", "street", "building")
    KINDS = {"житловий": "residential", "садиба": "house", "приватний будинок": "house",
             "нежитловий": "non_residential", "комунальний заклад": "communal", "інше": "other"} | {
        value: value for value in Building.Kind.values}
    extra_labels = {"streets_created": gettext_lazy("streets created")}

    def prepare(self, context):
        context.data["settlements"] = _settlements(context)

    def clean(self, raw, context):
        errors: list[RowError] = []
        address = _address(raw, context, errors)
        row = {}
        try:
            row["postcode"] = _validated("postcode", raw.get("postcode", ""), validators.validate_postcode) \
                if raw.get("postcode") else ""
            row["kind"] = _choice("kind", raw.get("kind", ""), self.KINDS, default=Building.Kind.RESIDENTIAL)
            row["apartments"] = imports.parse_int("apartments", raw.get("apartments", ""), minimum=0, maximum=5000)
            row["latitude"] = imports.parse_decimal("latitude", raw.get("latitude", ""), minimum=44, maximum=53,
                                                    places=6)
            row["longitude"] = imports.parse_decimal("longitude", raw.get("longitude", ""), minimum=22, maximum=41,
                                                     places=6)
        except RowError as error:
            errors.append(error)
        if errors:
            raise RowErrors(errors)
        settlement, kind, name, number = address
        return row | {"settlement_id": settlement.pk, "street_kind": kind, "street_name": name, "number": number}

    def natural_key(self, clean):
        return (clean["settlement_id"], clean["street_kind"], search_key(clean["street_name"]), clean["number"])

    def write(self, batch, context):
        addresses = _addresses(context)
        settlements = _settlements_by_pk(context)
        rows = []
        for row in batch:
            street = addresses.street(settlements[row["settlement_id"]], row["street_kind"], row["street_name"])
            rows.append({"street_id": street.pk, "number": row["number"],
                         "sort_key": validators.building_sort_key(row["number"]), "postcode": row["postcode"],
                         "kind": row["kind"], "apartments": row["apartments"], "latitude": row["latitude"],
                         "longitude": row["longitude"]})
        counts = imports.upsert(Building.objects.filter(hromada=context.hromada), rows, key=("street_id", "number"),
                                fields=("sort_key", "postcode", "kind", "apartments", "latitude", "longitude"),
                                create_defaults={"hromada": context.hromada})
        counts.extras["streets_created"] = addresses.counts["streets_created"]
        addresses.counts["streets_created"] = 0
        return counts

    def example_row(self):
        return {"settlement": "Могилів", "street": "вул. Шевченка", "building": "12-А", "postcode": "51440",
                "kind": "житловий", "apartments": "24"}


@imports.register("residents")
class ResidentImporter(Importer):
    kind = "residents"
    title = gettext_lazy("residents")
    columns = (
        Column("last_name", "прізвище", ("last_name", "surname"), required=True,
               help=gettext_lazy("The surname, e.g. «Шевченко».")),
        Column("first_name", "ім'я", ("first_name", "given_name"), required=True,
               help=gettext_lazy("The given name, e.g. «Тарас».")),
        Column("patronymic", "по батькові", ("patronymic",),
               help=gettext_lazy("The patronymic, if the person has one.")),
        Column("birth_date", "дата народження", ("birth_date",), required=True,
               help=DATE_HELP),
        Column("sex", "стать", ("sex",), required=True,
               help=gettext_lazy("«ч» (male) or «ж» (female); the full words are accepted too.")),
        Column("rnokpp", "РНОКПП", ("rnokpp", "ipn", "ІПН"),
               help=gettext_lazy("The taxpayer number (РНОКПП), 10 digits; it must agree with the date of birth and "
                                 "the sex. Empty if unknown.")),
        Column("settlement", "населений пункт", ("settlement",), required=True,
               help=SETTLEMENT_HELP),
        Column("street", "вулиця", ("street",),
               help=STREET_HELP),
        Column("building", "будинок", ("building",),
               help=BUILDING_HELP),
        Column("apartment", "квартира", ("apartment",),
               help=gettext_lazy("The apartment's number, up to 10 characters; only with a building.")),
        Column("phone", "телефон", ("phone",),
               help=gettext_lazy("A phone number, e.g. «+380501234567».")),
        Column("email", "email", ("e-mail", "електронна пошта"),
               help=gettext_lazy("An e-mail address, e.g. «name@example.com».")),
        Column("status", "статус", ("status",),
               help=gettext_lazy("One of: зареєстрований, задекларований, ВПО, вибув, помер. Empty: зареєстрований.")),
    )
    key_columns = ("last_name", "first_name", "birth_date")
    extra_labels = {"streets_created": gettext_lazy("streets created"),
                    "buildings_created": gettext_lazy("buildings created")}
    FIELDS = ("last_name", "first_name", "patronymic", "given_key", "patronymic_key", "sex", "rnokpp", "building_id",
              "apartment", "phone", "email", "status")

    KNOWN_KEYS_LIMIT = 500_000  # beyond this the register is asked batch by batch instead of held in memory

    def prepare(self, context):
        context.data["settlements"] = _settlements(context)
        residents = Resident.objects.filter(hromada=context.hromada)
        context.data["known_keys"] = (set(residents.values_list("name_key", "birth_date"))
                                      if residents.count() <= self.KNOWN_KEYS_LIMIT else None)
        # РНОКПП already in the register, so a file cannot give one person's code to another.
        context.data["rnokpp_owner"] = {
            code: (name_key, birth) for code, name_key, birth in
            Resident.objects.filter(hromada=context.hromada).exclude(rnokpp="")
            .values_list("rnokpp", "name_key", "birth_date")}

    def clean(self, raw, context):
        errors: list[RowError] = []
        row = {name: name_case(normalise(raw.get(name, ""))).strip() for name in
               ("last_name", "first_name", "patronymic")}
        for name in ("last_name", "first_name"):
            if not row[name]:
                errors.append(RowError(name, raw.get(name, ""), _("The value is required.")))
        try:
            row["birth_date"] = parse_date("birth_date", raw.get("birth_date", ""), required=True)
        except RowError as error:
            errors.append(error)
        try:
            row["sex"] = _choice("sex", raw.get("sex", ""), SEX)
        except RowError as error:
            errors.append(error)
        try:
            row["status"] = _choice("status", raw.get("status", ""), STATUS, default=Resident.Status.REGISTERED)
        except RowError as error:
            errors.append(error)
        row["name_key"], row["given_key"], row["patronymic_key"] = services.name_keys(
            row["last_name"], row["first_name"], row["patronymic"])
        code = raw.get("rnokpp", "").replace(" ", "")
        if code:
            try:
                _validated("rnokpp", code, validators.validate_rnokpp)
                problems = validators.check_rnokpp_matches(code, row.get("birth_date"), row.get("sex"))
                if problems:
                    raise RowError("rnokpp", code, " ".join(problems))
                owner = context.data["rnokpp_owner"].get(code)
                if owner and owner != (row["name_key"], row.get("birth_date")):
                    raise RowError("rnokpp", code, _("Another resident in the register has this РНОКПП."))
            except RowError as error:
                errors.append(error)
        row["rnokpp"] = code
        phone = raw.get("phone", "")
        try:
            row["phone"] = _validated("phone", normalize_phone(phone), validate_phone) if phone else ""
        except RowError as error:
            errors.append(error)
        email = raw.get("email", "").strip()
        try:
            row["email"] = _validated("email", email, validate_email) if email else ""
        except RowError as error:
            errors.append(error)
        row["apartment"] = raw.get("apartment", "").strip()[:10]
        row["address"] = _address(raw, context, errors)
        if row["apartment"] and not (row["address"] and row["address"][3]):
            errors.append(RowError("apartment", row["apartment"], _("An apartment needs a building.")))
        if errors:
            raise RowErrors(errors)
        return row

    def natural_key(self, clean):
        return (clean["name_key"], clean["birth_date"])

    def write(self, batch, context):
        addresses = _addresses(context)
        settlements = _settlements_by_pk(context)
        located = []
        for row in batch:
            street, number = None, ""
            if row["address"]:
                settlement, kind, name, number = row["address"]
                street = addresses.street(settlements[settlement.pk], kind, name)
            located.append((row, street, number))
        addresses.resolve({(street.pk, number) for _row, street, number in located if street and number})
        rows = [{name: row[name] for name in ("name_key", "birth_date", *self.FIELDS) if name != "building_id"}
                | {"building_id": addresses.buildings[(street.pk, number)] if street and number else None}
                for row, street, number in located]
        counts = imports.upsert(Resident.objects.filter(hromada=context.hromada), rows,
                                key=("name_key", "birth_date"), fields=self.FIELDS,
                                create_defaults={"hromada": context.hromada},
                                known_keys=context.data.get("known_keys"))
        counts.extras.update(addresses.counts)
        addresses.counts = {"streets_created": 0, "buildings_created": 0}
        return counts

    def example_row(self):
        return {"last_name": "Шевченко", "first_name": "Тарас", "patronymic": "Григорович",
                "birth_date": "09.03.1990", "sex": "ч", "rnokpp": "", "settlement": "Могилів",
                "street": "вул. Шевченка", "building": "12-А", "apartment": "5", "phone": "+380501234567",
                "email": "", "status": "зареєстрований"}


@imports.register("land")
class LandImporter(Importer):
    kind = "land"
    title = gettext_lazy("land plots")
    columns = (
        Column("cadastral_number", "кадастровий номер", ("cadastral_number",), required=True,
               help=gettext_lazy("10, 2, 3 and 4 digits separated by colons, e.g. «0520610100:01:001:0001».")),
        Column("area_ha", "площа, га", ("area_ha", "area"), required=True,
               help=gettext_lazy("The area in hectares, more than 0, up to 4 decimals, e.g. «1,2500».")),
        Column("purpose_code", "цільове призначення", ("purpose_code", "КВЦПЗ"), required=True,
               help=gettext_lazy("The purpose code (КВЦПЗ): two digits, a dot and two digits, e.g. «02.01».")),
        Column("ownership", "форма власності", ("ownership",), required=True,
               help=gettext_lazy("One of: комунальна, державна, приватна.")),
        Column("owner", "власник або користувач", ("owner",),
               help=gettext_lazy("The owner or user: a person's full name or an organisation's name.")),
        Column("settlement", "населений пункт", ("settlement",),
               help=SETTLEMENT_HELP),
        Column("lessee", "орендар", ("lessee",),
               help=gettext_lazy("The lessee's full name or organisation, if the plot is leased.")),
        Column("lease_start", "оренда з", ("lease_start",),
               help=DATE_HELP),
        Column("lease_end", "оренда до", ("lease_end",),
               help=DATE_HELP),
        Column("annual_rent", "орендна плата на рік", ("annual_rent",),
               help=gettext_lazy("The rent for a year in hryvnias, e.g. «12 500,00».")),
        Column("lease_contract_number", "номер договору оренди", ("lease_contract_number",),
               help=gettext_lazy("The number of the lease contract, e.g. «15/2024».")),
        Column("lease_contract_date", "дата договору оренди", ("lease_contract_date",),
               help=DATE_HELP),
    )
    key_columns = ("cadastral_number",)
    OWNERSHIP = {"комунальна": "communal", "communal": "communal", "державна": "state", "state": "state",
                 "приватна": "private", "private": "private"}
    FIELDS = ("area_ha", "purpose_code", "ownership", "owner", "settlement_id", "lessee", "lease_start", "lease_end",
              "annual_rent", "lease_contract_number", "lease_contract_date")

    def prepare(self, context):
        context.data["settlements"] = _settlements(context)
        # A cadastral number is unique nationally: another hromada's plot with it is a row error, not a crash.
        context.data["foreign"] = set(LandPlot.objects.exclude(hromada=context.hromada)
                                      .values_list("cadastral_number", flat=True))

    def clean(self, raw, context):
        errors: list[RowError] = []
        row: dict = {}
        number = validators.normalise_cadastral(raw["cadastral_number"])
        try:
            row["cadastral_number"] = _validated("cadastral_number", number, validators.validate_cadastral_number)
            if number in context.data["foreign"]:
                raise RowError("cadastral_number", number, _("This plot is registered in another hromada."))
        except RowError as error:
            errors.append(error)
        steps = (
            ("area_ha", lambda: imports.parse_decimal("area_ha", raw["area_ha"], required=True,
                                                      minimum=Decimal("0.0001"), places=4)),
            ("purpose_code", lambda: _validated("purpose_code", validators.normalise_purpose_code(raw["purpose_code"]),
                                                validators.validate_purpose_code)),
            ("ownership", lambda: _choice("ownership", raw["ownership"], self.OWNERSHIP)),
            ("settlement", lambda: _settlement("settlement", raw.get("settlement", ""), context, required=False)),
            ("lease_start", lambda: parse_date("lease_start", raw.get("lease_start", ""))),
            ("lease_end", lambda: parse_date("lease_end", raw.get("lease_end", ""))),
            ("annual_rent", lambda: imports.parse_decimal("annual_rent", raw.get("annual_rent", ""), minimum=0,
                                                          places=2)),
            ("lease_contract_date", lambda: parse_date("lease_contract_date", raw.get("lease_contract_date", ""))),
        )
        for name, parse in steps:
            try:
                row[name] = parse()
            except RowError as error:
                errors.append(error)
        row["settlement_id"] = row.pop("settlement").pk if row.get("settlement") else None
        row["owner"] = normalise(raw.get("owner", ""))[:300]
        row["lessee"] = normalise(raw.get("lessee", ""))[:300]
        row["lease_contract_number"] = raw.get("lease_contract_number", "")[:50]
        if row["lessee"] and not (row.get("lease_start") and row["lease_contract_number"]):
            errors.append(RowError("lease_start", raw.get("lease_start", ""),
                                   _("A lease needs its start date and contract number.")))
        if row.get("lease_start") and row.get("lease_end") and row["lease_end"] < row["lease_start"]:
            errors.append(RowError("lease_end", raw.get("lease_end", ""), _("The lease cannot end before it starts.")))
        if errors:
            raise RowErrors(errors)
        return row

    def natural_key(self, clean):
        return (clean["cadastral_number"],)

    def write(self, batch, context):
        return imports.upsert(LandPlot.objects.filter(hromada=context.hromada), batch, key=("cadastral_number",),
                              fields=self.FIELDS, create_defaults={"hromada": context.hromada})

    def example_row(self):
        return {"cadastral_number": "1221455100:01:001:0001", "area_ha": "0,2500", "purpose_code": "02.01",
                "ownership": "приватна", "owner": "Шевченко Т. Г.", "settlement": "Могилів"}


@imports.register("property")
class PropertyImporter(Importer):
    kind = "property"
    title = gettext_lazy("communal property")
    columns = (
        Column("inventory_number", "інвентарний номер", ("inventory_number",), required=True,
               help=gettext_lazy("Unique within the hromada; a row with a number already in the register updates that "
                                 "object.")),
        Column("name", "об'єкт", ("name", "object"), required=True,
               help=gettext_lazy("The object's name, e.g. «Будівля ліцею».")),
        Column("kind", "вид", ("kind",), required=True,
               help=gettext_lazy("One of: будівля, приміщення, земля, обладнання, транспорт, мережі.")),
        Column("holder_edrpou", "балансоутримувач (ЄДРПОУ)", ("holder_edrpou", "holder"),
               help=gettext_lazy("The ЄДРПОУ code (8 digits) of the hromada's institution that holds the object on its "
                                 "balance; may be empty.")),
        Column("settlement", "населений пункт", ("settlement",),
               help=SETTLEMENT_HELP),
        Column("street", "вулиця", ("street",),
               help=STREET_HELP),
        Column("building", "будинок", ("building",),
               help=BUILDING_HELP),
        Column("area_m2", "площа, м²", ("area_m2",),
               help=gettext_lazy("The area in square metres, up to 2 decimals, e.g. «1250,5».")),
        Column("book_value", "балансова вартість", ("book_value",),
               help=gettext_lazy("The book value in hryvnias, e.g. «3 500 000,00»; give its date too.")),
        Column("book_value_date", "дата вартості", ("book_value_date",),
               help=DATE_HELP),
        Column("use", "використання", ("use",),
               help=gettext_lazy("One of: використовується, в оренді, вільне, до приватизації. Empty: "
                                 "використовується.")),
        Column("lease_contract", "договір оренди", ("lease_contract",),
               help=gettext_lazy("The lease contract's number and date; required for an object in lease.")),
    )
    key_columns = ("inventory_number",)
    KINDS = {"будівля": "building", "приміщення": "premises", "земля": "land", "обладнання": "equipment",
             "транспорт": "transport", "мережі": "networks"} | {value: value for value in PropertyObject.Kind.values}
    USES = {"використовується": "in_use", "в оренді": "leased", "вільне": "vacant",
            "до приватизації": "privatisation"} | {value: value for value in PropertyObject.Use.values}
    FIELDS = ("name", "name_key", "kind", "holder_id", "building_id", "area_m2", "book_value", "book_value_date",
              "use", "lease_contract")
    extra_labels = {"streets_created": gettext_lazy("streets created"),
                    "buildings_created": gettext_lazy("buildings created")}

    def prepare(self, context):
        context.data["settlements"] = _settlements(context)
        context.data["holders"] = dict(Institution.objects.filter(hromada=context.hromada)
                                       .values_list("edrpou", "pk"))

    def clean(self, raw, context):
        errors: list[RowError] = []
        row: dict = {"inventory_number": raw["inventory_number"][:50], "name": normalise(raw["name"])[:300]}
        row["name_key"] = search_key(row["name"])
        steps = (
            ("kind", lambda: _choice("kind", raw["kind"], self.KINDS)),
            ("use", lambda: _choice("use", raw.get("use", ""), self.USES, default=PropertyObject.Use.IN_USE)),
            ("area_m2", lambda: imports.parse_decimal("area_m2", raw.get("area_m2", ""), minimum=0, places=2)),
            ("book_value", lambda: imports.parse_decimal("book_value", raw.get("book_value", ""), minimum=0,
                                                         places=2)),
            ("book_value_date", lambda: parse_date("book_value_date", raw.get("book_value_date", ""))),
        )
        for name, parse in steps:
            try:
                row[name] = parse()
            except RowError as error:
                errors.append(error)
        edrpou = raw.get("holder_edrpou", "").strip()
        row["holder_id"] = context.data["holders"].get(edrpou) if edrpou else None
        if edrpou and row["holder_id"] is None:
            errors.append(RowError("holder_edrpou", edrpou, _("No institution of the hromada has this ЄДРПОУ code.")))
        row["lease_contract"] = raw.get("lease_contract", "")[:200]
        if row.get("use") == PropertyObject.Use.LEASED and not row["lease_contract"]:
            errors.append(RowError("lease_contract", "", _("A leased object needs its lease contract.")))
        if row.get("book_value") is not None and not row.get("book_value_date"):
            errors.append(RowError("book_value_date", "", _("Give the date of the book value.")))
        row["address"] = _address(raw, context, errors) if raw.get("settlement") else None
        if errors:
            raise RowErrors(errors)
        return row

    def natural_key(self, clean):
        return (clean["inventory_number"],)

    def write(self, batch, context):
        addresses = _addresses(context)
        settlements = _settlements_by_pk(context)
        rows = []
        for row in batch:
            building_id = None
            if row["address"] and row["address"][3]:
                settlement, kind, name, number = row["address"]
                building_id = addresses.building_id(addresses.street(settlements[settlement.pk], kind, name), number)
            rows.append({k: v for k, v in row.items() if k != "address"} | {"building_id": building_id})
        counts = imports.upsert(PropertyObject.objects.filter(hromada=context.hromada), rows,
                                key=("inventory_number",), fields=self.FIELDS,
                                create_defaults={"hromada": context.hromada})
        counts.extras.update(addresses.counts)
        addresses.counts = {"streets_created": 0, "buildings_created": 0}
        return counts

    def example_row(self):
        return {"inventory_number": "1013001", "name": "Будівля ліцею", "kind": "будівля",
                "holder_edrpou": "", "settlement": "Могилів", "street": "вул. Шевченка", "building": "1",
                "area_m2": "1250,5", "book_value": "3500000", "book_value_date": "31.12.2025",
                "use": "використовується"}
