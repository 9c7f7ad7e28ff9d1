"""Payloads and answers of the IT service requests API (/api/v1/itassets/requests).

Kinds, priorities and statuses are plain strings checked by the services, so that a wrong one gets the same
Ukrainian 400 on its field as on the staff pages; a cost is a JSON number or a string as people type it
(«1 250,00»).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Schema

from hromada.itassets.models import Priority, ServiceRequest


def _name(user) -> str:
    return user.full_name or user.login


class ServiceRequestLogOut(Schema):
    id: int
    kind: str
    status: str
    text: str
    minutes: int | None
    parts: str
    parts_cost: Decimal | None
    author_id: int | None
    author_name: str
    created_at: datetime

    @staticmethod
    def resolve_author_name(obj) -> str:
        return _name(obj.author) if obj.author_id else ""


class ServiceRequestOut(Schema):
    id: int
    number: str
    subject: str
    kind: str
    priority: str
    status: str
    equipment_id: int | None
    inventory_number: str
    reporter_id: int | None
    reporter_name: str
    contact: str
    institution_id: int | None
    department_id: int | None
    assignee_id: int | None
    assignee_name: str
    received_at: datetime
    due_date: date
    overdue: bool
    resolved_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_inventory_number(obj) -> str:
        return obj.equipment.inventory_number if obj.equipment_id else ""

    @staticmethod
    def resolve_assignee_name(obj) -> str:
        return _name(obj.assignee) if obj.assignee_id else ""

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_open and obj.due_date < timezone.localdate()


class ServiceRequestDetailOut(ServiceRequestOut):
    description: str
    resolution: str
    allowed_statuses: list[str] = Field(description="The statuses the caller may move the request to now.")
    log: list[ServiceRequestLogOut]

    # The API sets allowed_statuses and log_entries on the request before answering.
    @staticmethod
    def resolve_log(obj) -> list:
        return obj.log_entries


class ServiceRequestIn(Schema):
    subject: str
    description: str
    kind: str = Field(ServiceRequest.Kind.OTHER, description="One of: " + ", ".join(ServiceRequest.Kind.values))
    priority: str = Field(Priority.NORMAL, description="One of: " + ", ".join(Priority.values))
    equipment_id: int | None = Field(None, description="An item of this hromada, by id …")
    inventory_number: str | None = Field(None, description="… or by its inventory number.")
    contact: str = ""


class ServiceRequestWorkIn(Schema):
    text: str
    minutes: int | None = Field(None, description="Time spent, 1–10 000 minutes.")


class ServiceRequestPartsIn(Schema):
    parts: str
    parts_cost: Decimal | str | None = Field(None, description="UAH; a number or text such as «1 250,00».")
    text: str = ""


class ServiceRequestNoteIn(Schema):
    text: str


class ServiceRequestAssignIn(Schema):
    assignee_id: int


class ServiceRequestTriageIn(Schema):
    kind: str
    priority: str


class ServiceRequestStatusIn(Schema):
    status: str = Field(description="One of: " + ", ".join(ServiceRequest.Status.values))
    text: str = Field("", description="What was done (resolved), the reason (cancelled, reopened) or a note.")
