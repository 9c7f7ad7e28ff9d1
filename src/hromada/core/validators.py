"""Validators for Ukrainian identification codes. Messages are shown to users, so they are translated."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

KATOTTG_RE = re.compile(r"^UA\d{17}$")
EDRPOU_RE = re.compile(r"^\d{8}$")


def validate_katottg(value: str) -> None:
    """KATOTTG code: "UA" and 17 digits (Minregion order No. 290 of 26.11.2020; reference/ukraine-law.md §5.2)."""
    if not KATOTTG_RE.fullmatch(value or ""):
        raise ValidationError(
            _("The KATOTTG code must be “UA” followed by 17 digits, for example UA12020110000034205."),
            code="katottg_format",
        )


def katottg_hromada_prefix(code: str) -> str:
    """UA + oblast(2) + raion(2) + hromada(3): the part every settlement of a hromada shares with it."""
    return code[:9]


def validate_hromada_katottg(value: str) -> None:
    validate_katottg(value)
    # Level 3 codes leave the settlement (3) and city-district (2) positions as zeros.
    if value[9:14] != "00000":
        raise ValidationError(
            _("This is not a hromada-level KATOTTG code: positions of the settlement and district must be zeros."),
            code="katottg_level",
        )


def edrpou_check_digit(code: str) -> int:
    """Expected last digit of an 8-digit ЄДРПОУ code (the State Statistics Service algorithm).

    The weights depend on where the whole code lies: codes from 30000000 to 60000000 start at weight 7.
    """
    middle = 30_000_000 <= int(code) <= 60_000_000
    base = [7, 1, 2, 3, 4, 5, 6] if middle else [1, 2, 3, 4, 5, 6, 7]
    digits = [int(c) for c in code[:7]]
    remainder = sum(d * w for d, w in zip(digits, base, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * (w + 2) for d, w in zip(digits, base, strict=True)) % 11
    return 0 if remainder == 10 else remainder


def validate_edrpou(value: str) -> None:
    if not EDRPOU_RE.fullmatch(value or ""):
        raise ValidationError(_("The ЄДРПОУ code must consist of exactly 8 digits."), code="edrpou_format")
    if edrpou_check_digit(value) != int(value[7]):
        raise ValidationError(
            _("The ЄДРПОУ code %(code)s has a wrong check digit; please check it for typos."),
            code="edrpou_checksum",
            params={"code": value},
        )


PHONE_RE = re.compile(r"^\+380\d{9}$")


def normalize_phone(value: str) -> str:
    """Bring Ukrainian phone numbers to +380XXXXXXXXX; leave anything else for the validator to reject."""
    digits = re.sub(r"[\s()\-.]", "", value or "")
    if digits.startswith("0") and len(digits) == 10:
        digits = "+38" + digits
    elif digits.startswith("380") and len(digits) == 12:
        digits = "+" + digits
    return digits


def validate_phone(value: str) -> None:
    if not PHONE_RE.fullmatch(value or ""):
        raise ValidationError(
            _("Enter a Ukrainian phone number, for example +380501234567 or 0501234567."), code="phone_format"
        )
