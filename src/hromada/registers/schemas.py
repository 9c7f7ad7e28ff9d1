"""Payloads and answers of the registers API (/api/v1/registers).

Decimals (areas, rents, book values, coordinates) are exact, as in the programme API: a JSON string or number
is read through its text, so ``0.1`` is 0.1 and never a float's binary neighbour. The digits allowed before
and after the decimal point are the model field's own; more is refused (422) before anything is looked at.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from hromada.core.schemas import model_constraints
from hromada.registers.models import SHORT_KINDS, Building, LandPlot, PropertyObject, Resident, Street


def _exact(value, *, whole: int, places: int) -> Decimal:
    """The number the caller wrote, with at most `whole` digits before the point and `places` after it."""

    def refuse() -> PydanticCustomError:
        return PydanticCustomError("decimal", _(
            "Give a number with at most %(whole)s digits before the decimal point and at most %(places)s after it."
        ) % {"whole": whole, "places": places})

    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool) or not isinstance(value, int | float | str):
        raise refuse()
    else:
        # repr() of a float is the shortest text that reads back as the same float: what the caller wrote.
        text = repr(value) if isinstance(value, float) else str(value).strip()
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            raise refuse() from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** whole:
        raise refuse()
    rounded = number.quantize(Decimal(1).scaleb(-places))
    if rounded != number:
        raise refuse()
    return rounded


def exact_decimal(model, name: str):
    """A Decimal type shaped like the model's DecimalField `name` (its max_digits and decimal_places)."""
    field = model._meta.get_field(name)
    whole, places = field.max_digits - field.decimal_places, field.decimal_places
    return Annotated[Decimal, BeforeValidator(lambda value: _exact(value, whole=whole, places=places))]


AreaHa = exact_decimal(LandPlot, "area_ha")
Rent = exact_decimal(LandPlot, "annual_rent")
AreaM2 = exact_decimal(PropertyObject, "area_m2")
BookValue = exact_decimal(PropertyObject, "book_value")
Latitude = exact_decimal(Building, "latitude")
Longitude = exact_decimal(Building, "longitude")


def address_of(building) -> str | None:
    """«Могилів, вул. Шевченка, 12-А»: settlement, street and number."""
    if building is None:
        return None
    return f"{building.street.settlement.name}, {building}"


# --- streets ---------------------------------------------------------------------------------------------


class FormerNameOut(Schema):
    kind: str
    name: str
    title: str
    decision: str
    renamed_on: date | None

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.old_kind

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.old_name

    @staticmethod
    def resolve_title(obj) -> str:
        return str(obj).strip()


class StreetOut(Schema):
    id: int
    settlement_id: int
    settlement: str
    kind: str
    name: str
    title: str

    @staticmethod
    def resolve_settlement(obj) -> str:
        return obj.settlement.name

    @staticmethod
    def resolve_title(obj) -> str:
        return f"{SHORT_KINDS.get(obj.kind, '')} {obj.name}".strip()


class StreetDetailOut(StreetOut):
    former_names: list[FormerNameOut]

    @staticmethod
    def resolve_former_names(obj) -> list:
        return list(obj.renames.all())


class StreetIn(Schema):
    model_config = model_constraints(Street)

    settlement_id: int
    kind: str = "vulytsia"
    name: str


class StreetPatch(Schema):
    """A field left out keeps its value; a changed name keeps the former one, with the decision that changed it."""

    model_config = model_constraints(Street)

    settlement_id: int | None = None
    kind: str | None = None
    name: str | None = None
    decision: str = ""
    renamed_on: date | None = None


# --- buildings -------------------------------------------------------------------------------------------


class BuildingOut(Schema):
    id: int
    street_id: int
    street: str
    settlement_id: int
    settlement: str
    number: str
    address: str
    postcode: str
    kind: str
    apartments: int | None
    latitude: Decimal | None
    longitude: Decimal | None

    @staticmethod
    def resolve_street(obj) -> str:
        return str(obj.street)

    @staticmethod
    def resolve_settlement_id(obj) -> int:
        return obj.street.settlement_id

    @staticmethod
    def resolve_settlement(obj) -> str:
        return obj.street.settlement.name

    @staticmethod
    def resolve_address(obj) -> str:
        return address_of(obj)


class BuildingIn(Schema):
    model_config = model_constraints(Building)

    street_id: int
    number: str
    postcode: str = ""
    kind: str = "residential"
    apartments: int | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class BuildingPatch(Schema):
    model_config = model_constraints(Building)

    street_id: int | None = None
    number: str | None = None
    postcode: str | None = None
    kind: str | None = None
    apartments: int | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None


# --- residents -------------------------------------------------------------------------------------------


class ResidentListOut(Schema):
    """The minimum every reader of the register may see: no codes, no dates, no contacts."""

    id: int
    full_name: str
    address: str | None
    status: str

    @staticmethod
    def resolve_full_name(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_address(obj) -> str | None:
        return address_of(obj.building)


class ResidentOut(Schema):
    """The card. For a caller without residents.view_full, `masked` is true and the codes, the contacts, the
    date of registration and the date of birth are null (the year of birth stays)."""

    id: int
    last_name: str
    first_name: str
    patronymic: str
    full_name: str
    birth_date: date | None
    birth_year: int
    sex: str
    rnokpp: str | None
    unzr: str | None
    building_id: int | None
    address: str | None
    apartment: str
    registered_on: date | None
    phone: str | None
    email: str | None
    status: str
    verification: str
    verified_on: date | None
    masked: bool


class ResidentIn(Schema):
    model_config = model_constraints(Resident)

    last_name: str
    first_name: str
    patronymic: str = ""
    birth_date: date
    sex: str
    rnokpp: str = ""
    unzr: str = ""
    building_id: int | None = None
    apartment: str = ""
    registered_on: date | None = None
    phone: str = ""
    email: str = ""
    status: str = "registered"
    verification: str = ""
    verified_on: date | None = None


class ResidentPatch(Schema):
    model_config = model_constraints(Resident)

    last_name: str | None = None
    first_name: str | None = None
    patronymic: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    rnokpp: str | None = None
    unzr: str | None = None
    building_id: int | None = None
    apartment: str | None = None
    registered_on: date | None = None
    phone: str | None = None
    email: str | None = None
    status: str | None = None
    verification: str | None = None
    verified_on: date | None = None


# --- land ------------------------------------------------------------------------------------------------


class LandOut(Schema):
    id: int
    cadastral_number: str
    area_ha: Decimal
    purpose_code: str
    ownership: str
    owner: str
    settlement_id: int | None
    lessee: str
    lease_start: date | None
    lease_end: date | None
    annual_rent: Decimal | None
    lease_contract_number: str
    lease_contract_date: date | None
    outline: Any = None  # GeoJSON as stored


class LandIn(Schema):
    model_config = model_constraints(LandPlot)

    cadastral_number: str
    area_ha: AreaHa
    purpose_code: str
    ownership: str
    owner: str = ""
    settlement_id: int | None = None
    lessee: str = ""
    lease_start: date | None = None
    lease_end: date | None = None
    annual_rent: Rent | None = None
    lease_contract_number: str = ""
    lease_contract_date: date | None = None


class LandPatch(Schema):
    model_config = model_constraints(LandPlot)

    cadastral_number: str | None = None
    area_ha: AreaHa | None = None
    purpose_code: str | None = None
    ownership: str | None = None
    owner: str | None = None
    settlement_id: int | None = None
    lessee: str | None = None
    lease_start: date | None = None
    lease_end: date | None = None
    annual_rent: Rent | None = None
    lease_contract_number: str | None = None
    lease_contract_date: date | None = None


# --- communal property -----------------------------------------------------------------------------------


class PropertyOut(Schema):
    id: int
    name: str
    kind: str
    inventory_number: str
    building_id: int | None
    address: str | None
    address_note: str
    holder_id: int | None
    holder: str | None
    area_m2: Decimal | None
    book_value: Decimal | None
    book_value_date: date | None
    use: str
    lease_contract: str

    @staticmethod
    def resolve_address(obj) -> str | None:
        return address_of(obj.building)

    @staticmethod
    def resolve_holder(obj) -> str | None:
        return obj.holder.name if obj.holder_id else None


class PropertyIn(Schema):
    model_config = model_constraints(PropertyObject)

    name: str
    kind: str
    inventory_number: str
    building_id: int | None = None
    address_note: str = ""
    holder_id: int | None = None
    area_m2: AreaM2 | None = None
    book_value: BookValue | None = None
    book_value_date: date | None = None
    use: str = "in_use"
    lease_contract: str = ""


class PropertyPatch(Schema):
    model_config = model_constraints(PropertyObject)

    name: str | None = None
    kind: str | None = None
    inventory_number: str | None = None
    building_id: int | None = None
    address_note: str | None = None
    holder_id: int | None = None
    area_m2: AreaM2 | None = None
    book_value: BookValue | None = None
    book_value_date: date | None = None
    use: str | None = None
    lease_contract: str | None = None
