"""The personal-data guard: what in a table looks like a private person's data, before it is published.

:func:`scan` looks at every cell for taxpayer numbers (РНОКПП, with their checksum), passport numbers (the old
booklet's two Cyrillic letters and six digits — Latin look-alike letters too, as typed on an English
keyboard — and, in a column about passports or documents, the ID card's nine digits), УНЗР record numbers,
Ukrainian mobile phone numbers, e-mail addresses outside gov.ua and the hromada's own domains, and dates in a
column about birth. A column whose schema field says ``"publicPersonalData": true`` (a deputy's official
contacts, say) is not scanned. Each finding names the row and the column and shows the value masked, so the
report itself does not spread what it found.

It is a guard, not a proof: it errs towards a finding that a person then looks at, and it cannot know that
a name is a private person's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hromada.core.ukrtext import LATIN_TO_CYRILLIC
from hromada.opendata.validation import field_title, preview, where
from hromada.registers.validators import is_valid_rnokpp

MAX_FINDINGS = 50
KINDS = ("rnokpp", "passport", "unzr", "phone", "email", "birth_date")

_MOBILE_CODES = "39|50|63|66|67|68|73|75|77|91|92|93|94|95|96|97|98|99"
_SEP = r"[ \u00a0\-.()]{0,3}"
# +380 67 123 45 67, +38 (067) 123-45-67, 380671234567, (067) 123-45-67, 067.123.45.67
_PHONE = re.compile(
    rf"(?<![\w+])(?:\+?\s?3{_SEP}8{_SEP})?\(?0{_SEP}(?:{_MOBILE_CODES}){_SEP}\d(?:{_SEP}\d){{6}}(?!\w)"
)
_WORTH_A_LOOK = re.compile(r"[0-9@]")
# Numbers glued to letters are parts of codes (a SHA-256 in hex, an inventory number), not a person's.
_TEN_DIGITS = re.compile(r"(?<![\w:])\d{10}(?![\w:]|[.,]\d)")
_NINE_DIGITS = re.compile(r"(?<![\w:])\d{9}(?![\w:]|[.,]\d)")
_UNZR = re.compile(r"(?<![\w])(\d{4})(\d{2})(\d{2})[-\u2010-\u2014](\d{5})(?!\w)")
_LOOKALIKE_CAPITALS = "".join(key for key in LATIN_TO_CYRILLIC if key.isupper())
_SERIES = rf"[А-ЩЬЮЯҐЄІЇ{_LOOKALIKE_CAPITALS}]"
_PASSPORT = re.compile(rf"(?<![^\W\d_])({_SERIES}{_SERIES})\s?(?:№\s?)?(\d{{6}})(?!\d)")
_EMAIL = re.compile(r"(?<![\w.%+-])([\w.%+-]+)@((?:[\w-]+\.)+[\w-]{2,})", re.UNICODE)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+Z-]*)?\s*")
_DMY_DATE = re.compile(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})(?:\s.*)?")

_BIRTH_COLUMN = re.compile(r"birth|народ(?:ж|ив|ил)|(?<![^\W\d_])ДН(?![^\W\d_])|(?<![^\W\d_])д\.\s?н\.", re.IGNORECASE)
_DOCUMENT_COLUMN = re.compile(r"passport|паспорт|document|документ|посвідч|id.?card", re.IGNORECASE)
# KOATUU codes have ten digits too; they are not anyone's taxpayer number.
_TERRITORY_CODE_COLUMN = re.compile(r"koatuu|коатуу", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    row: int | None
    column: str | None
    kind: str
    message: str


@dataclass(frozen=True)
class _Column:
    name: str
    title: str
    birth: bool
    document: bool
    territory: bool


def _columns(header: Sequence[str], schema: dict | None) -> list[_Column | None]:
    """What to look for in each column; None for a column the schema declares public personal data."""
    fields = {}
    for item in (schema or {}).get("fields") or []:
        if isinstance(item, dict) and item.get("name") is not None:
            fields[str(item["name"])] = item
    columns: list[_Column | None] = []
    for label in header:
        name = "" if label is None else str(label)
        field = fields.get(name)
        if field and field.get("publicPersonalData") is True:
            columns.append(None)
            continue
        title = field_title(field, name) or name
        words = f"{name} {title}"
        columns.append(_Column(name, title, bool(_BIRTH_COLUMN.search(words)), bool(_DOCUMENT_COLUMN.search(words)),
                               bool(_TERRITORY_CODE_COLUMN.search(words))))
    return columns


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


# --- masks: enough to find the cell again, not enough to use the data ----------------------------------------------


def _mask_phone(match: str) -> str:
    digits = re.sub(r"\D", "", match)
    if digits.startswith("0"):
        digits = "38" + digits
    return f"+380 {digits[3:5]} *** ** {digits[-2:]}"


def _mask_email(local: str, domain: str) -> str:
    return f"{local[0]}***@{domain}"


def _mask_digits(digits: str, keep: int = 2) -> str:
    return "*" * (len(digits) - keep) + digits[-keep:]


# --- detectors -----------------------------------------------------------------------------------------------------


def _is_official(domain: str, official_domains: Iterable[str]) -> bool:
    domain = domain.lower().rstrip(".")
    for allowed in ("gov.ua", *official_domains):
        allowed = allowed.lower().strip().lstrip("@").rstrip(".")
        if allowed and (domain == allowed or domain.endswith("." + allowed)):
            return True
    return False


def _birth_date(text: str) -> str | None:
    """The masked date if ``text`` is a date (ISO or day.month.year), else None."""
    match = _ISO_DATE.fullmatch(text)
    if match:
        year, month, day = match[1], match[2], match[3]
    else:
        match = _DMY_DATE.fullmatch(text)
        if not match:
            return None
        day, month, year = match[1], match[2], match[3]
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    # A 31.02 is still somebody's birthday typed wrongly: the check is for personal data, not valid dates.
    return f"{year}-**-**"


def _unzr_date_is_real(year: str, month: str, day: str) -> bool:
    try:
        born = date(int(year), int(month), int(day))
    except ValueError:
        return False
    return 1900 <= born.year <= 2099


def detect(text: str, column: _Column, official_domains: Sequence[str] = ()) -> Iterator[tuple[str, str]]:
    """(kind, masked value) for each kind of personal data in one cell, at most one per kind."""
    if not _WORTH_A_LOOK.search(text):
        return  # every kind has digits or an @: most text cells end here
    taken: list[tuple[int, int]] = []  # spans already explained, so a phone's digits are not also a РНОКПП

    def free(match: re.Match) -> bool:
        return not any(start < match.end() and match.start() < end for start, end in taken)

    for match in _UNZR.finditer(text):
        if _unzr_date_is_real(match[1], match[2], match[3]):
            taken.append(match.span())
            yield "unzr", f"********-***{match[4][-2:]}"
            break
    for match in _PHONE.finditer(text):
        if free(match):
            taken.append(match.span())
            yield "phone", _mask_phone(match.group())
            break
    if not column.territory:
        for match in _TEN_DIGITS.finditer(text):
            if free(match) and is_valid_rnokpp(match.group()):
                taken.append(match.span())
                yield "rnokpp", _mask_digits(match.group())
                break
    found_passport = False
    for match in _PASSPORT.finditer(text):
        if free(match):
            taken.append(match.span())
            found_passport = True
            yield "passport", f"{match[1]}****{match[2][-2:]}"
            break
    if column.document and not found_passport:
        for match in _NINE_DIGITS.finditer(text):
            if free(match):
                taken.append(match.span())
                yield "passport", _mask_digits(match.group())
                break
    for match in _EMAIL.finditer(text):
        if not _is_official(match[2], official_domains):
            yield "email", _mask_email(match[1], match[2])
            break
    if column.birth:
        masked = _birth_date(text)
        if masked:
            yield "birth_date", masked


def _detail(kind: str, masked: str) -> str:
    values = {"masked": masked}
    if kind == "phone":
        return _("looks like a private phone number (%(masked)s). Remove it or mark the column as one that holds "
                 "public official data.") % values
    if kind == "email":
        return _("looks like a private e-mail address (%(masked)s). Remove it or mark the column as one that holds "
                 "public official data.") % values
    if kind == "rnokpp":
        return _("looks like a person's taxpayer number, РНОКПП (%(masked)s). Remove it or depersonalise the data "
                 "before publishing.") % values
    if kind == "passport":
        return _("looks like a passport number (%(masked)s). Remove it or depersonalise the data before "
                 "publishing.") % values
    if kind == "unzr":
        return _("looks like a record number in the Unified State Demographic Register, УНЗР (%(masked)s). Remove "
                 "it or depersonalise the data before publishing.") % values
    return _("looks like a person's date of birth (%(masked)s). Remove it or depersonalise the data before "
             "publishing.") % values


def scan(header: list[str], rows: Iterable[list], schema: dict | None = None, *,
         official_domains: Sequence[str] = (), first_row: int = 2, records: bool = False,
         limit: int = MAX_FINDINGS) -> list[Finding]:
    """The personal data in ``rows`` (lists of cells in ``header`` order: text or Python values), at most
    ``limit`` findings in row order. ``first_row`` is the number a person gives the first row (2 below a
    header row, 1 for the first JSON record, as ``tables.Table.first_row`` says). Stops reading at the limit."""
    columns = _columns(header, schema)
    findings: list[Finding] = []
    if limit <= 0:
        return findings
    for number, row in enumerate(rows, start=first_row):
        for index, value in enumerate(row):
            column = columns[index] if index < len(columns) else _Column("", "", False, False, False)
            if column is None:
                continue
            text = _text(value)
            if not text:
                continue
            for kind, masked in detect(text, column, official_domains):
                place = where(number, preview(column.title) if column.title else None, position=index + 1,
                              records=records)
                findings.append(Finding(number, column.name or None, kind, f"{place}: {_detail(kind, masked)}"))
                if len(findings) >= limit:
                    return findings
    return findings


def scan_table(table, schema: dict | None = None, *, official_domains: Sequence[str] = (),
               limit: int = MAX_FINDINGS) -> list[Finding]:
    """:func:`scan` over a :class:`tables.Table`, with its row numbering."""
    return scan(table.header, table.rows(), schema, official_domains=official_domains, first_row=table.first_row,
                records=table.records, limit=limit)


def _kind_names() -> dict[str, str]:
    return {
        "rnokpp": _("taxpayer registration numbers (РНОКПП)"),
        "passport": _("passport numbers"),
        "unzr": _("УНЗР record numbers"),
        "phone": _("private phone numbers"),
        "email": _("private e-mail addresses"),
        "birth_date": _("dates of birth"),
    }


def withheld_note(findings_kinds: Iterable[str | Finding]) -> str:
    """The sentence the dataset's passport carries about the personal data taken out of it (the Положення wants
    the description to say which parts are withheld); "" when nothing was. Accepts kinds or findings."""
    kinds = {item.kind if isinstance(item, Finding) else item for item in findings_kinds}
    unknown = kinds - set(KINDS)
    if unknown:
        raise ValueError(f"unknown personal-data kinds: {sorted(unknown)}")
    if not kinds:
        return ""
    names = _kind_names()
    listed = ", ".join(names[kind] for kind in KINDS if kind in kinds)
    return _("Personal data of private persons has been withheld from the dataset under the Law of Ukraine «On "
             "Personal Data Protection»: %(kinds)s.") % {"kinds": listed}
