"""Payloads and answers of the equipment API (/api/v1/itassets/equipment).

The cost is exact (a JSON string or number read through its text, as in the registers' API: at most 12 digits
before the point and 2 after it); the lengths and choices the model enforces are stated in the OpenAPI schema and
checked by the services, which answer a breach with a Ukrainian 400 naming the field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from hromada.core.schemas import model_constraints
from hromada.itassets.models import Assignment, Equipment
from hromada.registers.schemas import exact_decimal

Cost = exact_decimal(Equipment, "cost")


class EquipmentOut(Schema):
    id: int
    inventory_number: str
    category: str
    name: str
    manufacturer: str
    model: str
    serial_number: str
    specification: str
    purchase_date: date | None
    cost: Decimal | None
    funding_source: str
    programme_task_id: int | None
    warranty_until: date | None
    useful_life_years: int | None
    end_of_life: date | None
    institution_id: int | None
    institution: str | None
    department_id: int | None
    department: str | None
    room: str
    assigned_user_id: int | None
    assigned_name: str
    parent_id: int | None
    status: str
    last_checked_on: date | None
    next_check_due: date | None
    written_off_on: date | None
    write_off_reason: str
    write_off_act_id: int | None
    notes: str

    @staticmethod
    def resolve_institution(obj) -> str | None:
        return obj.institution.name if obj.institution_id else None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.name if obj.department_id else None


class AssignmentOut(Schema):
    id: int
    checked_out_on: date
    checked_in_on: date | None
    user_id: int | None
    person_name: str
    institution_id: int | None
    department_id: int | None
    room: str
    parent_id: int | None
    note: str


class EquipmentDetailOut(EquipmentOut):
    age_years: int | None
    past_end_of_life: bool
    useful_life: int
    depreciation_monthly: Decimal | None
    accumulated_depreciation: Decimal | None
    book_value: Decimal | None
    assignments: list[AssignmentOut] = Field(..., alias="assignment_rows")


class EquipmentIn(Schema):
    model_config = model_constraints(Equipment)

    inventory_number: str
    category: str
    name: str
    manufacturer: str = ""
    model: str = ""
    serial_number: str = ""
    specification: str = ""
    purchase_date: date | None = None
    cost: Cost | None = None
    funding_source: str = ""
    programme_task_id: int | None = None
    warranty_until: date | None = None
    useful_life_years: int | None = None
    institution_id: int | None = None
    department_id: int | None = None
    room: str = ""
    parent_id: int | None = None
    status: str = Equipment.Status.IN_USE
    notes: str = ""


class EquipmentPatch(Schema):
    model_config = model_constraints(Equipment)

    inventory_number: str | None = None
    category: str | None = None
    name: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    serial_number: str | None = None
    specification: str | None = None
    purchase_date: date | None = None
    cost: Cost | None = None
    funding_source: str | None = None
    programme_task_id: int | None = None
    warranty_until: date | None = None
    useful_life_years: int | None = None
    institution_id: int | None = None
    department_id: int | None = None
    room: str | None = None
    parent_id: int | None = None
    status: str | None = None
    notes: str | None = None


class CheckOutIn(Schema):
    model_config = model_constraints(Assignment)

    checked_out_on: date | None = None  # today when left out
    user_id: int | None = None
    person_name: str = ""
    institution_id: int | None = None
    department_id: int | None = None
    room: str = ""
    parent_id: int | None = None
    note: str = ""


class CheckInIn(Schema):
    checked_in_on: date | None = None
    note: str = ""


class WriteOffIn(Schema):
    written_off_on: date | None = None
    reason: str
    act_id: int | None = None
