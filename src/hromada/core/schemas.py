from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import ConfigDict

from hromada.core.models import Institution, Settlement

# Record ids are PostgreSQL bigints: a larger number names no record, and SQLite cannot even bind it to a query
# (OverflowError) where Django does not guard the lookup (a foreign key filter, `pk__in`). Query parameters that
# filter a list by an id state and enforce this range (a 422 naming the parameter); an id in the path or a body
# that names no record stays a 404 or a 400 on its field, whatever its size.
MAX_ID = 2**63 - 1


def _stated(field: models.Field, branch: dict) -> None:
    """Add to one JSON-schema branch (a string or an integer) what `field`'s own validation enforces."""
    kind = branch.get("type")
    if kind == "string" and "format" not in branch:
        if field.choices:
            values = [str(value) for value, _label in field.flatchoices]
            branch.setdefault("enum", values + ([""] if field.blank and "" not in values else []))
        elif getattr(field, "max_length", None):
            branch.setdefault("maxLength", field.max_length)
    elif kind == "integer" and not field.is_relation:
        if field.choices:
            branch.setdefault("enum", [value for value, _label in field.flatchoices])
        # The column's range as PostgreSQL holds it (SQLite's is wider: the portable contract is the narrower),
        # then the field's own validators.
        low, high = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type(), (None, None))
        for validator in [*field.default_validators, *field._validators]:
            limit = getattr(validator, "limit_value", None)
            if limit is None or callable(limit):
                continue
            if isinstance(validator, MinValueValidator):
                low = limit if low is None else max(low, limit)
            elif isinstance(validator, MaxValueValidator):
                high = limit if high is None else min(high, limit)
        for key, limit, tighter in (("minimum", low, max), ("maximum", high, min)):
            if limit is not None:
                branch[key] = tighter(branch[key], limit) if key in branch else limit


def model_constraints(model: type[models.Model], **renamed: str) -> ConfigDict:
    """The config of a payload whose fields are `model`'s: in the OpenAPI schema each text field states its
    model field's maximum length or choices, each integer field its declared range.

    These are what the model's validation — which every service runs before saving — enforces, with a
    Ukrainian 400 naming the field; they are stated, not checked again by the schema, so that a breach keeps
    that answer. `renamed` maps a payload field to a model field of another name.
    """

    def extra(schema: dict, cls: type) -> None:
        for name, prop in schema.get("properties", {}).items():
            try:
                field = model._meta.get_field(renamed.get(name, name))
            except FieldDoesNotExist:
                continue
            for branch in prop.get("anyOf", [prop]):
                _stated(field, branch)

    callback: Callable[[dict, type], None] = extra
    return ConfigDict(json_schema_extra=callback)


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
    model_config = model_constraints(Settlement)

    name: str = Field(max_length=150)
    kind: str
    katottg: str
    population: int | None = None
    population_date: date | None = None
    area_ha: Decimal | None = None
    starosta_district_id: int | None = None


class SettlementPatch(Schema):
    model_config = model_constraints(Settlement)

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
    model_config = model_constraints(Institution)

    name: str = Field(max_length=250)
    short_name: str = ""
    kind: str
    edrpou: str
    settlement_id: int | None = None
    address: str = ""


class InstitutionPatch(Schema):
    model_config = model_constraints(Institution)

    name: str | None = Field(None, max_length=250)
    short_name: str | None = None
    kind: str | None = None
    edrpou: str | None = None
    settlement_id: int | None = None
    address: str | None = None


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
