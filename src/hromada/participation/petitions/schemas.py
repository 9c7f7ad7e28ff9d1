"""Shapes of the petitions API."""

from datetime import date, datetime

from ninja import Schema


class PetitionItemOut(Schema):
    id: int
    number: int | None
    title: str
    status: str
    author: str
    signatures: int
    threshold: int | None
    published_at: datetime | None
    ends_on: date | None


class PetitionDetailOut(PetitionItemOut):
    text: str
    threshold_basis: str
    days_left: int | None
    signatures_per_day_needed: int | None
    last_hash: str
    case_number: str | None
    case_due_date: date | None
    answer: str
    position: str
    answered_at: datetime | None
    decision_id: int | None
    decision_url: str | None
    agenda_item: str | None
    session_url: str | None


class SignatureOut(Schema):
    seq: int
    name: str
    signed_at: datetime
    kep_subject: str
    prev_hash: str
    hash: str


class SignIn(Schema):
    model_config = {"extra": "forbid"}

    kep_signature: str = ""
    kep_subject: str = ""


class SignedOut(Schema):
    seq: int
    signed_at: datetime
    hash: str
    signatures: int
