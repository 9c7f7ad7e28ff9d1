"""Payloads of the residents' API (hromada.accounts.api): sign-up, codes, tokens and the profile."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class AuthRegisterIn(Schema):
    """An e-mail or a phone (exactly one), a password, and consent to the processing of personal data."""

    email: str | None = Field(None, max_length=254, description="E-mail (either this or phone)")
    phone: str | None = Field(None, max_length=20, description="Ukrainian mobile, +380XXXXXXXXX or 0XXXXXXXXX")
    password: str = Field(..., max_length=128)
    consent: bool = Field(..., description="Must be true (Law «Про захист персональних даних», Art. 11)")
    full_name: str = Field("", max_length=150)


class AuthConfirmIn(Schema):
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=20)
    code: str = Field(..., max_length=20, description="The six-digit code sent to the e-mail or phone")


class AuthTokenIn(Schema):
    username: str = Field(..., max_length=254, description="E-mail or phone of the account")
    password: str = Field(..., max_length=128)


class AuthStatusOut(Schema):
    status: str


class AuthTokenOut(Schema):
    token: str
    expires_at: datetime


class ProfileOut(Schema):
    """The caller in this hromada. ``full_name``, ``roles`` and ``is_operator`` stay for staff integrations."""

    id: int
    name: str
    full_name: str
    verified: bool
    hromada: str
    email: str | None = None
    phone: str | None = None
    settlement: str | None = None
    status: str | None = None
    roles: list[str]
    is_operator: bool
