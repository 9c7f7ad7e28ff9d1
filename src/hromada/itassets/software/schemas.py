"""Shapes of the software and licences API. Money is a decimal string ("12000.50"); dates are YYYY-MM-DD."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from hromada.core.schemas import MAX_ID, model_constraints
from hromada.itassets.models import Installation, Seat


class SoftwareOut(Schema):
    id: int
    name: str
    vendor: str
    kind: str
    free: bool = Field(description="free or open source: needs no licence")
    current_version: str
    minimum_version: str = Field(description="installations of an older version are outdated")
    support_ends_on: date | None


class SoftwareDetailOut(SoftwareOut):
    installations: int
    licensed: int
    unlicensed: int
    outdated: int
    seats_short: int = Field(description="unlicensed installations no free seat in force can cover")


class SeatOut(Schema):
    id: int
    licence_id: int
    equipment_id: int | None
    inventory_number: str | None
    user_id: int | None
    person: str = Field(description="the account's full name or the person's name; empty for a computer")
    assigned_on: date
    released_on: date | None


class LicenceOut(Schema):
    id: int
    software_id: int
    software: str
    kind: str
    seats: int | None = Field(description="null: unlimited")
    seats_used: int
    seats_free: int | None = Field(description="null: unlimited")
    starts_on: date | None
    expires_on: date | None
    cost: Decimal | None
    funding_source: str
    supplier: str
    contract: str
    institution_id: int | None
    responsible_id: int | None
    has_document: bool


class LicenceDetailOut(LicenceOut):
    key_reference: str
    notes: str
    seats_held: list[SeatOut]


class SeatIn(Schema):
    """Exactly one holder: a computer (equipment_id), an account (user_id) or a person's name."""

    model_config = model_constraints(Seat)

    equipment_id: int | None = None
    user_id: int | None = None
    person_name: str = ""
    assigned_on: date | None = Field(None, description="today when left out")


class ReleaseIn(Schema):
    released_on: date | None = Field(None, description="today when left out")


class InstallationOut(Schema):
    id: int
    equipment_id: int
    inventory_number: str
    software_id: int
    software: str
    version: str
    installed_on: date | None
    source: str
    licensed: bool = Field(description="free title, or a seat of a licence in force held by the computer or its "
                                       "person")
    free: bool
    version_state: str = Field(description="outdated, unjudged (the version cannot be compared), current, or empty "
                                           "when the title has no minimum version")
    unsupported: bool = Field(description="the vendor's support of the title has ended")


class InstallationPage(Schema):
    items: list[InstallationOut]
    count: int


class InstallationIn(Schema):
    model_config = model_constraints(Installation)

    equipment_id: int = Field(ge=1, le=MAX_ID)
    software_id: int = Field(ge=1, le=MAX_ID)
    version: str = ""
    installed_on: date | None = None
