"""Answers and query parameters of the acts API (/api/v1/acts).

The query parameters of the search and the export are read by a Django form, not by the API's own type
checks, so that every refusal is one clear message in the caller's language on the parameter's name
(a 400, like every validation error of this API), and numbers are bounded before any database sees them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema

from hromada.acts.models import ActStatus, ActType

# The largest id a database key holds (PostgreSQL bigint, SQLite INTEGER).
MAX_ID = 2**63 - 1
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Deeper pages are not served: a search is refined, not paged through ten thousand results.
MAX_OFFSET = 10_000
# relevance (by date without a query), date (newest first), -date (oldest first); codes, never shown.
SORTS = tuple((code, code) for code in ("relevance", "date", "-date"))


# --- query parameters ------------------------------------------------------------------------------------


class ActFilterParams(forms.Form):
    """Filters shared by the search and the export; `type` and `status` may repeat."""

    type = forms.MultipleChoiceField(choices=ActType.choices, required=False)
    status = forms.MultipleChoiceField(choices=ActStatus.choices, required=False)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    convocation = forms.IntegerField(required=False, min_value=1, max_value=30)
    session = forms.IntegerField(required=False, min_value=1, max_value=999)
    unit = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    topic = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    LISTS = ("type", "status")

    @classmethod
    def from_query(cls, query):
        """The form bound to a request's query string (a QueryDict: repeated keys kept)."""
        data = {}
        for name in cls.base_fields:
            if name in cls.LISTS:
                values = [v for v in query.getlist(name) if v != ""]
                if values:
                    data[name] = values
            elif query.get(name, "") != "":
                data[name] = query.get(name)
        return cls(data)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is earlier than its start."))
        return data

    def cleaned_or_error(self) -> dict:
        """The cleaned values, or a ValidationError naming each wrong parameter (the API answers 400)."""
        if not self.is_valid():
            raise ValidationError({name: list(errors) for name, errors in self.errors.items()})
        return self.cleaned_data


class SearchParams(ActFilterParams):
    sort = forms.ChoiceField(choices=SORTS, required=False)
    limit = forms.IntegerField(required=False, min_value=1, max_value=MAX_LIMIT)
    offset = forms.IntegerField(required=False, min_value=0, max_value=MAX_OFFSET)

    def clean(self):
        data = super().clean()
        data["sort"] = data.get("sort") or "relevance"
        data["limit"] = DEFAULT_LIMIT if data.get("limit") is None else data["limit"]
        data["offset"] = data.get("offset") or 0
        return data


# --- answers ---------------------------------------------------------------------------------------------


class SearchHitOut(Schema):
    id: int
    number: str
    date: date
    type: str
    status: str
    title: str
    snippet: str
    url: str
    score: float | None
    match: Literal["all", "partial"] = Field(
        description="all: the act has every term of the query; partial: some plain words are missing (listed "
                    "after every full match, only when those fill less than the page)")
    matched_terms: list[str] = Field(description="the query's terms (words, phrases, numbers) the act has, as "
                                                 "typed; empty without a query")


class SearchOut(Schema):
    count: int = Field(description="acts matching the whole query")
    partial_count: int = Field(description="acts matching all but one of three or more plain words (all but "
                                           "two of five or more), listed after the full matches; 0 when the full "
                                           "matches fill the page (`limit`). Page through count + partial_count")
    results: list[SearchHitOut]


class UnitOut(Schema):
    id: int
    name: str


class AttachmentOut(Schema):
    name: str
    format: str
    size: int
    sha256: str
    url: str
    signatures: dict


class ActRefOut(Schema):
    id: int
    number: str
    date: date
    title: str
    url: str


class RelationOut(Schema):
    kind: str
    label: str
    act: ActRefOut
    effective_from: date


class RelationsOut(Schema):
    outgoing: list[RelationOut]
    incoming: list[RelationOut]


class VersionOut(Schema):
    number: int
    created_at: datetime
    changed: list[str]
    comment: str
    published: bool


class SessionOut(Schema):
    id: int
    convocation: int
    number: int
    date: date
    title: str


class AgendaItemOut(Schema):
    order: int
    title: str


class VoteOut(Schema):
    deputy: str
    vote: str


class RollCallOut(Schema):
    session: SessionOut
    item: AgendaItemOut
    result: str
    result_label: str
    votes: list[VoteOut]
    totals: dict[str, int]


class ActOut(Schema):
    id: int
    number: str
    date: date
    type: str
    type_label: str
    status: str
    status_label: str
    title: str
    text: str
    convocation: int | None
    session: int | None
    author_unit: UnitOut | None
    control_unit: UnitOut | None
    topics: list[str]
    consideration_date: date | None
    published_at: datetime | None
    internal: bool
    url: str
    attachments: list[AttachmentOut]
    relations: RelationsOut
    versions: list[VersionOut]
    roll_call: list[RollCallOut]
