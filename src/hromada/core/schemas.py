from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class HromadaOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    katottg: str
    oblast: str
    raion: str
    area_ha: Decimal | None
    population: int | None
    population_date: date | None


class SettlementOut(Schema):
    id: int
    name: str
    kind: str
    katottg: str
    population: int | None
    population_date: date | None
    area_ha: Decimal | None
    starosta_district_id: int | None


class SettlementIn(Schema):
    name: str = Field(max_length=150)
    kind: str
    katottg: str
    population: int | None = None
    population_date: date | None = None
    area_ha: Decimal | None = None
    starosta_district_id: int | None = None


class SettlementPatch(Schema):
    name: str | None = Field(None, max_length=150)
    kind: str | None = None
    katottg: str | None = None
    population: int | None = None
    population_date: date | None = None
    area_ha: Decimal | None = None
    starosta_district_id: int | None = None


class DepartmentOut(Schema):
    id: int
    name: str
    short_name: str
    head_name: str


class InstitutionOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    edrpou: str
    settlement_id: int | None
    address: str


class InstitutionIn(Schema):
    name: str = Field(max_length=250)
    short_name: str = ""
    kind: str
    edrpou: str
    settlement_id: int | None = None
    address: str = ""


class InstitutionPatch(Schema):
    name: str | None = Field(None, max_length=250)
    short_name: str | None = None
    kind: str | None = None
    edrpou: str | None = None
    settlement_id: int | None = None
    address: str | None = None


class MeOut(Schema):
    id: int
    full_name: str
    email: str | None
    phone: str | None
    roles: list[str]
    is_operator: bool


class AuditOut(Schema):
    id: int
    at: datetime
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    request_id: str


class DeadlineOut(Schema):
    start: date
    amount: int
    unit: str
    deadline: date
    martial_law: bool


class ErrorOut(Schema):
    detail: str | list


class FieldError(Schema):
    field: str
    message: str


class ValidationErrorOut(Schema):
    """A 400: the refused fields with their messages; one message instead when the body is not JSON at all."""

    detail: list[FieldError] | str


class BoundedPages(PageNumberPagination):
    """Page numbers past any real list are refused with 422 instead of overflowing the database's OFFSET."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=1000)
