"""Shapes of the ЦНАП API. Money is a decimal string ("332.80"); times are ISO datetimes in Kyiv time."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from hromada.core.schemas import MAX_ID


class DocumentOut(Schema):
    title: str
    requirements: str


class StageOut(Schema):
    title: str
    responsible: str
    unit: str = ""
    action: str
    days: int


class ServiceOut(Schema):
    id: int
    code: str
    title: str
    category: str | None
    online: bool
    offices: list[int]


class CardOut(Schema):
    version: int
    approved_at: datetime | None
    approving_act: str
    provider: str
    provider_unit: str
    documents: list[DocumentOut]
    paid: bool
    fee: Decimal | None
    fee_basis: str
    fee_account: str
    term: str
    term_amount: int
    term_unit: str
    term_basis: str
    result: str
    delivery: list[str]
    legal_acts: list[str]
    refusal_grounds: list[str]
    stages: list[StageOut]


class ServiceDetailOut(ServiceOut):
    description: str
    duration_minutes: int
    verification_required: bool
    life_situations: list[str]
    card: CardOut


class HoursOut(Schema):
    weekday: int
    opens: str
    closes: str
    break_starts: str | None
    break_ends: str | None


class OfficeOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    phone: str
    email: str
    starosta_district: str | None
    paused: bool
    hours: list[HoursOut]


class SlotOut(Schema):
    id: int
    office: int
    office_name: str
    window: str
    start: datetime
    end: datetime
    available: int


class BookingIn(Schema):
    slot: int = Field(..., ge=1, le=MAX_ID)
    service: int = Field(..., ge=1, le=MAX_ID)


class BookingOut(Schema):
    id: int
    code: str
    status: str
    service: int
    service_title: str
    office: int
    office_name: str
    window: str
    start: datetime


class FileIn(Schema):
    title: str = Field(..., max_length=300, description="The document's title as the card's uploads name it")
    name: str = Field(..., max_length=200)
    content_base64: str = Field(..., max_length=14_000_000)


class ApplicationIn(Schema):
    answers: dict[str, str | int | bool | None] = {}
    delivery: str = "cabinet"
    pickup_office: int | None = Field(None, ge=1, le=MAX_ID)
    files: list[FileIn] = Field([], max_length=20)


class ApplicationOut(Schema):
    id: int
    number: str
    status: str
    service: int
    submitted_at: datetime
    due_date: date
