"""Payloads of the cases API (hromada.appeals.api): filing appeals and information requests, reading one's own
cases, and the staff's steps.

Lengths and choices the case engine checks are stated in the schema (``json_schema_extra``) but not enforced
by pydantic, so that a breach gets the engine's Ukrainian 400 naming the field, as the other routers do.
"""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema

from hromada.appeals.case_kinds import APPEAL_SUBKINDS
from hromada.core.cases.services import MAX_SUBJECT, MAX_TEXT, is_overdue

APPEAL_KINDS = [key for key, _label in APPEAL_SUBKINDS]


def _stated(**extra) -> dict:
    return {"json_schema_extra": extra}


class CaseAppealIn(Schema):
    """An appeal under the Law «Про звернення громадян» (Art. 5: name, place of residence, the essence)."""

    kind: str = Field(..., description="proposal, application or complaint", **_stated(enum=APPEAL_KINDS))
    subject: str = Field(..., description="The matter in a few words", **_stated(maxLength=MAX_SUBJECT))
    text: str = Field(..., description="The essence of the appeal", **_stated(maxLength=MAX_TEXT))
    category: int | None = Field(None, description="Id of a case category of this hromada")
    address: str | None = Field(None, description="Place of residence; taken from the verified register record "
                                                  "when omitted", **_stated(maxLength=300))
    name: str | None = Field(None, description="Surname, name and patronymic; the account's (or its register "
                                               "record's) when omitted", **_stated(maxLength=200))
    priority_ground: str | None = Field(None, description="The benefit that gives priority (Art. 20), if any",
                                        **_stated(maxLength=200))


class CaseInfoRequestIn(Schema):
    """A public-information request (Law «Про доступ до публічної інформації», Art. 19). Without a token the
    requester gives a name and an e-mail, a phone or a postal address for the answer."""

    text: str = Field(..., description="What information is requested", **_stated(maxLength=MAX_TEXT))
    urgent: bool = Field(False, description="Urgent: answered within 48 hours (Art. 20 part 2)")
    urgent_ground: str | None = Field(None, description="Why it is urgent", **_stated(maxLength=300))
    subject: str | None = Field(None, description="A short title; the start of the text when omitted",
                                **_stated(maxLength=MAX_SUBJECT))
    publish: bool = Field(False, description="The requester agrees to publish the request and the answer "
                                             "(after redaction of personal data)")
    name: str | None = Field(None, description="The requester's name (required without a token)",
                             **_stated(maxLength=200))
    email: str | None = Field(None, **_stated(maxLength=254))
    phone: str | None = Field(None, **_stated(maxLength=32))
    address: str | None = Field(None, description="Postal address for the answer", **_stated(maxLength=300))


class CaseFiledOut(Schema):
    """The registered case: its number and the statutory term (``due_at`` only for a term in hours)."""

    id: int
    number: str
    status: str
    kind: str
    subkind: str
    subject: str
    due_date: date
    due_at: datetime | None
    term_basis: str


class CaseItemOut(Schema):
    id: int
    number: str
    kind: str
    subkind: str
    status: str
    outcome: str
    subject: str
    received_at: datetime
    due_date: date
    due_at: datetime | None
    overdue: bool
    priority: bool
    urgent: bool
    department_id: int | None
    executor_id: int | None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj["overdue"] if isinstance(obj, dict) else is_overdue(obj)


class CaseEventOut(Schema):
    at: datetime
    kind: str
    note: str
    public: bool


class CaseAttachmentOut(Schema):
    id: int
    name: str
    role: str
    size: int
    content_type: str
    uploaded_at: datetime


class CaseApplicantOut(Schema):
    name: str
    email: str
    phone: str
    address: str


class CaseDetailOut(Schema):
    """One case: to its applicant the public timeline and the answer once given; to staff the whole timeline
    and the applicant's contact details (the read is logged)."""

    id: int
    number: str
    kind: str
    subkind: str
    channel: str
    status: str
    outcome: str
    category: str | None
    subject: str
    text: str
    received_at: datetime
    due_date: date
    due_at: datetime | None
    term_basis: str
    overdue: bool
    priority: bool
    urgent: bool
    extension_reason: str
    forwarded_to: str
    answer: str | None
    answered_at: datetime | None
    refusal_ground: str
    closed_at: datetime | None
    closure_reason: str
    copy_fee: str | None
    rating: int | None
    department_id: int | None
    executor_id: int | None
    applicant: CaseApplicantOut
    timeline: list[CaseEventOut]
    attachments: list[CaseAttachmentOut]


class CaseAssignIn(Schema):
    department: int = Field(..., description="Id of a department of this hromada")
    executor: int | None = Field(None, description="Id of the main executor (staff of this hromada)")
    co_executors: list[int] = Field(default_factory=list, max_length=50)
    resolution: str = Field("", description="The resolution (резолюція)", **_stated(maxLength=MAX_TEXT))
    due_date: date | None = Field(None, description="The resolution's own date, not after the case's due date")


class CaseExtendIn(Schema):
    until: date
    reason: str = Field(..., **_stated(maxLength=MAX_TEXT))


class CaseForwardIn(Schema):
    to_body: str = Field(..., description="The competent body", **_stated(maxLength=300))
    reason: str = Field(..., **_stated(maxLength=MAX_TEXT))


class CaseAnswerIn(Schema):
    text: str = Field(..., **_stated(maxLength=MAX_TEXT))
    outcome: str = Field(..., description="satisfied, explained or rejected for an appeal; provided or refused "
                                          "for an information request")
    refusal_ground: str = Field("", description="A refusal's statutory ground (Art. 22 for information "
                                                "requests)", **_stated(maxLength=60))
    copy_pages: int | None = Field(None, ge=0, le=100_000, description="Pages of copies (information requests)")


class CaseCloseIn(Schema):
    outcome: str = Field("", description="Ignored for an answered case; not_considered or returned to close an "
                                         "open case on a ground of the law")
    reason: str = Field(..., **_stated(maxLength=MAX_TEXT))
    ground: str = Field("", **_stated(maxLength=60))


class CaseReopenIn(Schema):
    reason: str = Field(..., **_stated(maxLength=MAX_TEXT))
