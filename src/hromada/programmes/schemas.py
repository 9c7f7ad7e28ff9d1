"""Payloads and answers of the programme API (/api/v1/programmes).

Amounts (thousand UAH) and indicator values are exact: a JSON string or number is read through its text,
so ``0.1`` is 0.1 and never a float's binary neighbour, and more than three decimals is refused.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, field_validator
from pydantic_core import PydanticCustomError

from hromada.core.schemas import model_constraints
from hromada.programmes.models import (
    Direction,
    Indicator,
    IndicatorYear,
    MonitoringPeriod,
    Programme,
    ProgrammeFinancing,
    Task,
    TaskFinancing,
    TaskProgress,
    UnitReport,
)
from hromada.programmes.models.fields import MONEY_MAX

THOUSANDTH = Decimal("0.001")
# value_field: 18 digits, three of them decimals.
VALUE_MAX = Decimal("999999999999999.999")


def _exact(value, *, lowest: Decimal, highest: Decimal, message) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PydanticCustomError("decimal", message())
    else:
        # repr() of a float is the shortest text that reads back as the same float: what the caller wrote.
        text = repr(value) if isinstance(value, float) else str(value).strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise PydanticCustomError("decimal", message()) from None
    if not number.is_finite() or not lowest <= number <= highest:
        raise PydanticCustomError("decimal", message())
    rounded = number.quantize(THOUSANDTH)
    if rounded != number:
        raise PydanticCustomError("decimal", message())
    return rounded


def _money(value) -> Decimal:
    return _exact(value, lowest=Decimal(0), highest=MONEY_MAX, message=lambda: _(
        "Give an amount in thousand UAH, not negative, at most %(max)s, with at most three decimals."
    ) % {"max": MONEY_MAX})


def _value(value) -> Decimal:
    return _exact(value, lowest=-VALUE_MAX, highest=VALUE_MAX, message=lambda: _(
        "Give a number with at most 15 digits before the decimal point and at most three after it."))


Money = Annotated[Decimal, BeforeValidator(_money)]
Value = Annotated[Decimal, BeforeValidator(_value)]


def _storable(value) -> bool:
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
            return False
        return True
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


class Payload(Schema):
    """A request body: its texts must be storable (no NUL character, no lone surrogate)."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value):
        if not _storable(value):
            raise PydanticCustomError("text", _("The text contains characters that cannot be stored."))
        return value


# --- programmes --------------------------------------------------------------------------------------------


class ProgrammeListOut(Schema):
    id: int
    title: str
    status: str
    start_year: int
    end_year: int
    version: int
    is_public: bool
    task_count: int
    indicator_count: int


class ProgrammeIn(Payload):
    model_config = model_constraints(Programme)

    title: str
    start_year: int
    end_year: int


class PassportFinancingIn(Payload):
    model_config = model_constraints(ProgrammeFinancing)

    year: int
    total: Money
    local_budget: Money
    other_sources: Money


class PassportPatch(Payload):
    """Passport items 1–10; a field left out keeps its value."""

    model_config = model_constraints(Programme)

    title: str | None = None
    decree_title: str | None = None
    decree_date: date | None = None
    decree_number: str | None = None
    gsc_approval_date: date | None = None
    goal: str | None = None
    developer_id: int | None = None
    head_position: str | None = None
    head_name: str | None = None
    responsible_department_ids: list[int] | None = None
    responsible_institution_ids: list[int] | None = None
    responsible_other: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    financing: list[PassportFinancingIn] | None = None


class SectionsIn(Payload):
    """Texts of sections II–VI; a section left out keeps its text."""

    model_config = model_constraints(Programme, **{key: f"section_{key}" for key in ("ii", "iii", "iv", "v", "vi")})

    ii: str | None = None
    iii: str | None = None
    iv: str | None = None
    v: str | None = None
    vi: str | None = None


class FinancingOut(Schema):
    year: int
    total: str
    local_budget: str
    other_sources: str


class FinancingTotalOut(Schema):
    total: str
    local_budget: str
    other_sources: str


class PassportOut(Schema):
    hromada: str
    katottg: str
    title: str
    decree_title: str
    decree_date: date | None
    decree_number: str
    gsc_approval_date: date | None
    goal: str
    developer: str
    head_position: str
    head_name: str
    responsible: list[str]
    start_year: int
    end_year: int
    financing: list[FinancingOut]
    financing_total: FinancingTotalOut


class SnapshotTaskFinancingOut(Schema):
    year: int
    source: str
    planned: str
    actual: str


class SnapshotTaskOut(Schema):
    number: str
    id: int
    name: str
    project: str
    departments: list[str]
    start_date: date
    end_date: date
    expected_result: str
    status: str
    percent_done: int
    financing: list[SnapshotTaskFinancingOut]


class SnapshotDirectionOut(Schema):
    number: int
    name: str
    catalogue_key: str
    tasks: list[SnapshotTaskOut]


class SnapshotIndicatorYearOut(Schema):
    year: int
    target: str | None
    actual: str | None
    actual_source: str
    actual_as_of: date | None


class SnapshotIndicatorOut(Schema):
    number: int
    id: int
    name: str
    unit: str
    direction: str
    baseline_value: str | None
    baseline_year: int | None
    data_source: str
    metric_key: str
    years: list[SnapshotIndicatorYearOut]


class SectionsOut(Schema):
    ii: str
    iii: str
    iv: str
    v: str
    vi: str


class ProgrammeOut(Schema):
    """The programme as the template lays it out (the same data an approved version freezes), plus ids."""

    id: int
    status: str
    version: int
    is_public: bool
    is_editable: bool
    format: int
    catalogue: str
    approval_decision: str
    approval_date: date | None
    developer_id: int | None
    responsible_department_ids: list[int]
    responsible_institution_ids: list[int]
    passport: PassportOut
    sections: SectionsOut
    directions: list[SnapshotDirectionOut]
    indicators: list[SnapshotIndicatorOut]


# --- directions ------------------------------------------------------------------------------------------


class DirectionOut(Schema):
    id: int
    name: str
    catalogue_key: str
    order: int
    task_count: int

    @staticmethod
    def resolve_task_count(obj) -> int:
        count = getattr(obj, "task_count", None)
        return obj.tasks.count() if count is None else count


class DirectionIn(Payload):
    """Either the template's recommended directions by key, or one direction of the hromada's own."""

    model_config = model_constraints(Direction)

    catalogue_keys: list[str] | None = None
    name: str | None = None


class DirectionPatch(Payload):
    model_config = model_constraints(Direction)

    name: str | None = None
    order: int | None = Field(None, ge=0, le=32767)


# --- Annex 1: tasks ----------------------------------------------------------------------------------------


class TaskFinancingIn(Payload):
    model_config = model_constraints(TaskFinancing)

    year: int
    source: Literal["local", "other"]
    planned: Money


class TaskFinancingOut(Schema):
    year: int
    source: str
    planned: Decimal
    actual: Decimal


class TaskIn(Payload):
    model_config = model_constraints(Task)

    direction_id: int
    name: str
    project: str = ""
    catalogue_key: str = ""
    department_ids: list[int]
    start_date: date
    end_date: date
    expected_result: str = ""
    financing: list[TaskFinancingIn] = []


class TaskPatch(Payload):
    """A field left out keeps its value; financing rows given replace the planned amounts of their year and source."""

    model_config = model_constraints(Task)

    direction_id: int | None = None
    name: str | None = None
    project: str | None = None
    catalogue_key: str | None = None
    department_ids: list[int] | None = None
    start_date: date | None = None
    end_date: date | None = None
    expected_result: str | None = None
    status: str | None = None
    financing: list[TaskFinancingIn] | None = None


class TaskOut(Schema):
    id: int
    direction_id: int
    name: str
    project: str
    catalogue_key: str
    department_ids: list[int]
    start_date: date
    end_date: date
    expected_result: str
    status: str
    percent_done: int
    order: int
    financing: list[TaskFinancingOut]

    @staticmethod
    def resolve_department_ids(obj) -> list[int]:
        return sorted(d.pk for d in obj.departments.all())

    @staticmethod
    def resolve_financing(obj) -> list:
        return sorted(obj.financing.all(), key=lambda f: (f.year, f.source))


# --- Annex 2: indicators -----------------------------------------------------------------------------------


class TargetIn(Payload):
    model_config = model_constraints(IndicatorYear)

    year: int
    target: Value | None


class IndicatorIn(Payload):
    model_config = model_constraints(Indicator)

    name: str
    unit: str
    direction_id: int | None = None
    baseline_value: Value | None = None
    baseline_year: int | None = None
    data_source: str = ""
    metric_key: str = ""
    targets: list[TargetIn] = []


class IndicatorPatch(Payload):
    model_config = model_constraints(Indicator)

    name: str | None = None
    unit: str | None = None
    direction_id: int | None = None
    baseline_value: Value | None = None
    baseline_year: int | None = None
    data_source: str | None = None
    metric_key: str | None = None
    targets: list[TargetIn] | None = None


class ActualIn(Payload):
    model_config = model_constraints(IndicatorYear, source="actual_source")

    year: int
    value: Value | None
    source: str = ""
    as_of: date | None = None


class IndicatorYearOut(Schema):
    year: int
    target: Decimal | None
    actual: Decimal | None
    actual_source: str
    actual_as_of: date | None


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    direction_id: int | None
    baseline_value: Decimal | None
    baseline_year: int | None
    data_source: str
    metric_key: str
    is_live: bool
    order: int
    years: list[IndicatorYearOut]

    @staticmethod
    def resolve_years(obj) -> list:
        return sorted(obj.years.all(), key=lambda y: y.year)


class MetricOut(Schema):
    key: str
    name: str
    unit: str
    source: str
    dated: bool


# --- lifecycle -------------------------------------------------------------------------------------------


class TransitionIn(Payload):
    model_config = model_constraints(Programme, to="status", decision="approval_decision")

    to: str
    decision: str = ""
    decided_on: date | None = None


class ProgrammeVersionOut(Schema):
    number: int
    approval_decision: str
    approval_date: date
    created_at: datetime
    created_by: str | None

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return obj.created_by.full_name if obj.created_by_id else None


class VersionDetailOut(ProgrammeVersionOut):
    snapshot: dict


# --- monitoring ------------------------------------------------------------------------------------------


class PeriodIn(Payload):
    model_config = model_constraints(MonitoringPeriod)

    kind: str
    year: int
    quarter: int | None = None


class PeriodOut(Schema):
    id: int
    kind: str
    year: int
    quarter: int | None
    label: str
    period_end: date
    due_date: date
    consolidation_due: date | None
    snapshot_taken_on: date | None

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj)


class BoardRowOut(Schema):
    """One unit's report in a period; state is on_time, late, missing (overdue) or pending."""

    id: int
    department_id: int
    department: str
    status: str
    submitted_at: datetime | None
    state: Literal["on_time", "late", "missing", "pending"]


class SnapshotOut(Schema):
    indicator_id: int
    indicator: str
    taken_on: date
    value: Decimal | None
    source: str


class PeriodDetailOut(PeriodOut):
    reports: list[BoardRowOut]
    snapshots: list[SnapshotOut]


class SnapshotsTakenOut(Schema):
    count: int
    taken_on: date


class ProgressIn(Payload):
    model_config = model_constraints(TaskProgress)

    task_id: int
    status: str | None = None
    percent_done: int | None = None
    actual_local: Money = Decimal(0)
    actual_other: Money = Decimal(0)
    comment: str = ""
    correction: str = Field("", description="Why a running total is lower than the unit submitted for an "
                                            "earlier quarter of the year; without it such a total is refused.")


class ReportIn(Payload):
    model_config = model_constraints(UnitReport)

    summary: str = ""
    progress: list[ProgressIn] = []
    submit: bool = False


class ReportTaskOut(Schema):
    """A task of the unit; the figures are the report's when reported, otherwise the task's current state."""

    task_id: int
    name: str
    project: str
    reported: bool
    status: str
    percent_done: int
    actual_local: Decimal | None
    actual_other: Decimal | None
    comment: str
    correction: str = ""


class ReportOut(Schema):
    id: int
    period_id: int
    department_id: int
    department: str
    status: str
    summary: str
    submitted_at: datetime | None
    submitted_by: str | None
    is_late: bool
    tasks: list[ReportTaskOut]


class AnnualReportOut(Schema):
    year: int
    layout_version: str
    consolidated_at: datetime
    consolidated_by: str | None
    data: dict

    @staticmethod
    def resolve_consolidated_by(obj) -> str | None:
        return obj.consolidated_by.full_name if obj.consolidated_by_id else None
