"""Validation of an open-data file before it is published: the Frictionless Table Schema plus the Ukrainian
rules, reported row by row in Ukrainian with a hint how to fix each problem.

Every table format goes the same way: :func:`tables.open_table` reads the file (this is where a Windows-1251
CSV, a damaged workbook or a JSON document of the wrong shape is refused), its rows are written to a
temporary UTF-8 CSV with the same row numbers, and Frictionless reads that copy against the schema — the one
given, or the one ``frictionless describe`` infers from the file when there is none. The Ukrainian checks
(ЄДРПОУ and КАТОТТГ codes, dates in ISO 8601, control characters, lowerCamelCase headers) run on the same
rows in the same pass, so the problems come out in row order and memory does not grow with the file (except
for what a unique or primary-key column needs: the values seen so far).

Safety: the schema is rebuilt from the Table Schema properties that say what a valid value is (fields with
their types, formats and constraints, primaryKey, missingValues); nothing that names another resource, a
profile or a URL survives (foreignKeys, ``$schema``, ``profile``, ``path``…). Frictionless then runs in its
untrusted mode with the temporary directory as basepath and with an HTTP session that refuses every request,
so neither the schema nor the file can make it read another path or reach the network.

Row numbers are as a person counts them: in CSV and XLSX the header is row 1; in JSON and GeoJSON the first
record is record 1.
"""

from __future__ import annotations

import csv
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hromada.core.validators import EDRPOU_RE, KATOTTG_RE, edrpou_check_digit
from hromada.opendata import tables
from hromada.opendata.tables import TableError

MAX_PROBLEMS = 100
INFER_SAMPLE_ROWS = 1000
VALUE_PREVIEW = 60  # characters of a value quoted in a message

ERROR = "error"
WARNING = "warning"

_CSV_NAME = "table.csv"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LOWER_CAMEL = re.compile(r"[a-z][a-zA-Z0-9]*")
_DMY = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*")
_YMD = re.compile(r"\s*(\d{4})[./-](\d{1,2})[./-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*")
_DECIMAL_COMMA = re.compile(r"\s*[+-]?\d{1,3}(?:[ \u00a0]?\d{3})*,\d+\s*|\s*[+-]?\d+,\d+\s*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?")
_NUMBER_WITH_SPACES = re.compile(r"\s*[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?\s*")
_CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)" is "(.*)"', re.DOTALL)
_POSITION_NOTE = re.compile(r'position "?(\d+)"?')
_TEMPORAL = {"date", "datetime", "time", "year", "yearmonth"}


@dataclass(frozen=True)
class Problem:
    """One problem: where (``row`` as a person counts it, ``column`` name), the cell's text, a Frictionless
    error type or one of ours (edrpou, katottg, date-format, control-character, header-naming,
    decimal-comma, schema-ignored, pdf-no-text), the Ukrainian ``message`` and its ``severity``."""

    row: int | None
    column: str | None
    value: str | None
    code: str
    message: str
    severity: str = ERROR


@dataclass
class Report:
    valid: bool
    problems: list[Problem]  # the first MAX_PROBLEMS, in the order of the file
    problem_count: int  # all of them
    error_count: int
    warning_count: int
    row_count: int
    header: list[str]
    inferred_schema: dict | None = None
    fmt: str = ""

    @property
    def truncated(self) -> bool:
        return self.problem_count > len(self.problems)


class _Problems:
    def __init__(self, limit: int):
        self.limit = limit
        self.kept: list[Problem] = []
        self.count = 0
        self.errors = 0
        self.warnings = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if problem.severity == ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.kept) < self.limit:
            self.kept.append(problem)

    def report(self, fmt: str, header: list[str], row_count: int, inferred: dict | None) -> Report:
        return Report(valid=self.errors == 0, problems=self.kept, problem_count=self.count, error_count=self.errors,
                      warning_count=self.warnings, row_count=row_count, header=header, inferred_schema=inferred,
                      fmt=fmt)


# --- where and what ----------------------------------------------------------------------------------------


def preview(value: Any) -> str:
    text = "" if value is None else str(value)
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= VALUE_PREVIEW else text[:VALUE_PREVIEW - 1] + "…"


def where(row: int | None, column: str | None = None, *, position: int | None = None,
          records: bool = False) -> str:
    """«Row 7, column «Дата договору»» — the start of a message; rows of JSON are records, columns fields."""
    if records:
        if row is not None and column:
            return _("Record %(row)s, field «%(column)s»") % {"row": row, "column": column}
        if row is not None and position:
            return _("Record %(row)s, field %(position)s") % {"row": row, "position": position}
        if row is not None:
            return _("Record %(row)s") % {"row": row}
        if column:
            return _("Field «%(column)s»") % {"column": column}
        return ""
    if row is not None and column:
        return _("Row %(row)s, column «%(column)s»") % {"row": row, "column": column}
    if row is not None and position:
        return _("Row %(row)s, column %(position)s") % {"row": row, "position": position}
    if row is not None:
        return _("Row %(row)s") % {"row": row}
    if column:
        return _("Column «%(column)s»") % {"column": column}
    return ""


def _message(place: str, detail: str) -> str:
    return f"{place}: {detail}" if place else detail


def _date_parts(value: str) -> tuple[int, int, int, tuple[int, int, int] | None] | None:
    """(year, month, day, time or None) of a date written day-first or year-first, if the month is real."""
    match = _YMD.fullmatch(value)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    else:
        match = _DMY.fullmatch(value)
        if not match:
            return None
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    if not 1 <= month <= 12 or day < 1:
        return None
    clock = (int(match[4]), int(match[5]), int(match[6] or 0)) if match[4] else None
    if clock and not (clock[0] < 24 and clock[1] < 60 and clock[2] < 60):
        clock = None
    return year, month, day, clock


def _iso_suggestion(value: str, *, with_time: bool = False) -> str | None:
    """The ISO form a date probably meant: 31.02.2024 → 2024-02-29 (a day past the month's end is its last day)."""
    parts = _date_parts(value)
    if not parts:
        return None
    year, month, day, clock = parts
    if not 1 <= year <= 9999:
        return None
    last = (date(year + (month == 12), month % 12 + 1, 1) - date(year, month, 1)).days if year < 9999 else 31
    text = date(year, month, min(day, last)).isoformat()
    if with_time:
        hours, minutes, seconds = clock or (0, 0, 0)
        text += f"T{hours:02d}:{minutes:02d}:{seconds:02d}"
    return text


def _date_detail(value: str) -> str:
    example = _iso_suggestion(value)
    if example:
        return _("«%(value)s» is not a date in the YYYY-MM-DD format (ISO 8601). Write the date as %(example)s.") % {
            "value": preview(value), "example": example}
    return _("«%(value)s» is not a date in the YYYY-MM-DD format (ISO 8601). Write the date like 2024-03-15.") % {
        "value": preview(value)}


def _type_detail(field: dict, value: str) -> str:
    """What is wrong with a value Frictionless could not read as the field's type, and how to write it."""
    kind = field.get("type", "string")
    shown = preview(value)
    if kind == "date":
        return _date_detail(value)
    if kind == "datetime":
        example = _iso_suggestion(value, with_time=True)
        if example:
            return _("«%(value)s» is not a date and time in the YYYY-MM-DDThh:mm:ss format (ISO 8601). "
                     "Write it as %(example)s.") % {"value": shown, "example": example}
        return _("«%(value)s» is not a date and time in the YYYY-MM-DDThh:mm:ss format (ISO 8601). "
                 "Write it like 2024-03-15T14:30:00.") % {"value": shown}
    if kind == "time":
        return _("«%(value)s» is not a time in the hh:mm:ss format. Write it like 14:30:00.") % {"value": shown}
    if kind == "year":
        return _("«%(value)s» is not a year. Write four digits, like 2024.") % {"value": shown}
    if kind == "yearmonth":
        return _("«%(value)s» is not a year and month. Write them as YYYY-MM, like 2024-03.") % {"value": shown}
    if kind in ("number", "integer"):
        if _DECIMAL_COMMA.fullmatch(value) and field.get("decimalChar", ".") != ",":
            fixed = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
            if kind == "integer":
                return _("«%(value)s» is not a whole number. Write whole numbers without a fractional part.") % {
                    "value": shown}
            return _("«%(value)s» has a decimal comma; open data uses a dot as the decimal separator. "
                     "Write %(example)s.") % {"value": shown, "example": fixed}
        if _NUMBER_WITH_SPACES.fullmatch(value):
            fixed = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
            return _("«%(value)s» has spaces between the digits. Write the number without them: %(example)s.") % {
                "value": shown, "example": fixed}
        if kind == "integer":
            return _("«%(value)s» is not a whole number. Write digits only, like 1234.") % {"value": shown}
        return _("«%(value)s» is not a number. Write digits with a dot as the decimal separator, like 1234.5.") % {
            "value": shown}
    if kind == "boolean":
        accepted = ", ".join([*field.get("trueValues", ["true"]), *field.get("falseValues", ["false"])])
        return _("«%(value)s» is not a yes/no value. Write one of: %(accepted)s.") % {
            "value": shown, "accepted": accepted}
    if kind == "geopoint":
        return _("«%(value)s» is not a point. Write the longitude and latitude in decimal degrees separated by a "
                 "comma, like «30.5234, 50.4501».") % {"value": shown}
    if kind in ("geojson", "object"):
        return _("«%(value)s» is not a valid JSON object.") % {"value": shown}
    if kind == "array":
        return _("«%(value)s» is not a valid JSON array.") % {"value": shown}
    if kind == "duration":
        return _("«%(value)s» is not a duration in the ISO 8601 format. Write it like P1Y2M10D or PT30M.") % {
            "value": shown}
    if kind == "string":
        fmt = field.get("format", "default")
        if fmt == "email":
            return _("«%(value)s» is not an e-mail address.") % {"value": shown}
        if fmt == "uri":
            return _("«%(value)s» is not a web address. Write the full address starting with https://.") % {
                "value": shown}
        if fmt == "uuid":
            return _("«%(value)s» is not a UUID.") % {"value": shown}
    return _("«%(value)s» does not fit the column's type «%(type)s».") % {"value": shown, "type": kind}


def _constraint_detail(field: dict, value: str, note: str) -> tuple[str, str]:
    """(the constraint's name, the message) for a constraint-error."""
    match = _CONSTRAINT_NOTE.search(note or "")
    name, limit = (match[1], match[2]) if match else ("", "")
    shown = preview(value)
    if name == "required":
        return name, _("the cell is empty, but this column is required. Fill it in.")
    if name == "minLength":
        return name, _("«%(value)s» is shorter than %(limit)s characters.") % {"value": shown, "limit": limit}
    if name == "maxLength":
        return name, _("«%(value)s» is longer than %(limit)s characters. Shorten it.") % {
            "value": shown, "limit": limit}
    if name == "minimum":
        return name, _("«%(value)s» is less than the smallest allowed value %(limit)s.") % {
            "value": shown, "limit": limit}
    if name == "maximum":
        return name, _("«%(value)s» is greater than the largest allowed value %(limit)s.") % {
            "value": shown, "limit": limit}
    if name == "exclusiveMinimum":
        return name, _("«%(value)s» must be greater than %(limit)s.") % {"value": shown, "limit": limit}
    if name == "exclusiveMaximum":
        return name, _("«%(value)s» must be less than %(limit)s.") % {"value": shown, "limit": limit}
    if name == "pattern":
        example = field.get("example")
        if example not in (None, ""):
            return name, _("«%(value)s» is not written in the form this column requires, for example "
                           "«%(example)s».") % {"value": shown, "example": preview(example)}
        return name, _("«%(value)s» does not match the pattern this column requires (%(pattern)s).") % {
            "value": shown, "pattern": limit}
    if name == "enum":
        allowed = [str(item) for item in field.get("constraints", {}).get("enum", [])]
        listed = ", ".join(f"«{preview(item)}»" for item in allowed[:10]) + (", …" if len(allowed) > 10 else "")
        return name, _("«%(value)s» is not one of the allowed values: %(allowed)s.") % {
            "value": shown, "allowed": listed}
    return name, _("«%(value)s» does not meet the column's constraint %(constraint)s.") % {
        "value": shown, "constraint": name or note}


# --- the schema ----------------------------------------------------------------------------------------------

_FIELD_KEYS = {"name", "title", "description", "type", "format", "example", "missingValues", "trueValues",
               "falseValues", "decimalChar", "groupChar", "bareNumber"}
_CONSTRAINT_KEYS = {"required", "unique", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum", "pattern", "enum"}
_DROPPED_WITH_NOTICE = ("foreignKeys",)


class SchemaError(Exception):
    pass


def safe_schema(schema: Any) -> tuple[dict, list[str]]:
    """A copy of the Table Schema with only what defines valid values, and the names of the dropped keys that
    mattered (foreignKeys: another resource is never opened). Our own field keys (ukCheck,
    publicPersonalData) are kept for our checks and taken out before Frictionless sees the schema.

    Dates, times and datetimes are always ISO 8601 (the open-data rules), so their ``format`` is ignored.
    """
    if not isinstance(schema, dict):
        raise SchemaError(_("The table schema must be a JSON object with a list of fields."))
    fields = schema.get("fields")
    if not isinstance(fields, list) or not all(isinstance(item, dict) for item in fields):
        raise SchemaError(_("The table schema must have «fields»: a list of objects, one for each column."))
    clean_fields = []
    for item in fields:
        clean = {key: value for key, value in item.items() if key in _FIELD_KEYS}
        if clean.get("type") in _TEMPORAL:
            clean.pop("format", None)
        constraints = item.get("constraints")
        if isinstance(constraints, dict):
            clean["constraints"] = {key: value for key, value in constraints.items() if key in _CONSTRAINT_KEYS}
        for key in ("ukCheck", "publicPersonalData"):
            if key in item:
                clean[key] = item[key]
        clean_fields.append(clean)
    result: dict[str, Any] = {"fields": clean_fields}
    if "primaryKey" in schema:
        result["primaryKey"] = schema["primaryKey"]
    if "missingValues" in schema:
        result["missingValues"] = schema["missingValues"]
    dropped = [key for key in _DROPPED_WITH_NOTICE if schema.get(key)]
    return result, dropped


def _frictionless_descriptor(schema: dict) -> dict:
    fields = [{key: value for key, value in item.items() if key not in ("ukCheck", "publicPersonalData")}
              for item in schema["fields"]]
    return {**schema, "fields": fields}


def field_title(field: dict | None, fallback: str | None) -> str | None:
    if field:
        title = field.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        return field.get("name") or fallback
    return fallback


def uk_check(field: dict | None, label: str | None) -> str | None:
    """"edrpou", "katottg" or None: what Ukrainian code the column holds, by ``ukCheck`` or by its name."""
    if field and field.get("ukCheck") in ("edrpou", "katottg"):
        return field["ukCheck"]
    name = ((field or {}).get("name") or label or "").casefold()
    if "edrpou" in name:
        return "edrpou"
    if "katottg" in name:
        return "katottg"
    return None


# --- Frictionless, sealed --------------------------------------------------------------------------------------

# Frictionless keeps its settings (trust, the HTTP session) in one process-wide object; a validation changes
# them for its duration, so validations in one process take turns.
_FRICTIONLESS = threading.Lock()


def _no_network_session():
    import requests

    class NoNetwork(requests.Session):
        def request(self, method, url, *args, **kwargs):
            raise requests.ConnectionError(f"network access is disabled for open-data validation: {url}")

    return NoNetwork()


@contextmanager
def _sealed():
    from frictionless import system

    with _FRICTIONLESS, system.use_context(trusted=False, http_session=_no_network_session()):
        yield


def _resource(directory: str, schema: dict | None = None):
    from frictionless import Detector, Schema, formats
    from frictionless.resources import TableResource

    options: dict[str, Any] = {}
    if schema is not None:
        options["schema"] = Schema.from_descriptor(_frictionless_descriptor(schema))
    return TableResource(path=_CSV_NAME, basepath=directory, format="csv", encoding="utf-8",
                         control=formats.CsvControl(delimiter=","),
                         detector=Detector(sample_size=INFER_SAMPLE_ROWS), **options)


# Columns that hold codes, whatever digits they are made of: a number type would drop their leading zeros
# (ЄДРПОУ 04352003, КПКВК 0110150) in the row API and the JSON download.
_CODE_COLUMN = re.compile(r"(?i)edrpou|katottg|koatuu|code|kod|kved|kpkv|postcode|phone|tel|inventory|cadastr")
_LEADING_ZERO = re.compile(r"^[+-]?0\d")


def _infer(directory: str, fmt: str) -> dict:
    resource = _resource(directory)
    resource.infer()
    descriptor = resource.schema.to_descriptor()
    if fmt == "geojson":
        for item in descriptor.get("fields", []):
            if item.get("name") == tables.GEOMETRY_COLUMN:
                item["type"] = "geojson"
    numeric = [i for i, item in enumerate(descriptor.get("fields", [])) if item.get("type") in ("integer", "number")]
    as_text = {i for i in numeric if _CODE_COLUMN.search(descriptor["fields"][i].get("name", ""))}
    rest = [i for i in numeric if i not in as_text]
    if rest:
        with open(Path(directory) / _CSV_NAME, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for row in reader:
                for i in [i for i in rest if i < len(row) and _LEADING_ZERO.match(row[i])]:
                    as_text.add(i)
                    rest.remove(i)
                if not rest:
                    break
    for i in as_text:
        descriptor["fields"][i]["type"] = "string"
        descriptor["fields"][i].pop("format", None)
    return descriptor


def _schema_problems(schema: dict) -> list[str]:
    from frictionless import Schema

    report = Schema.validate_descriptor(_frictionless_descriptor(schema))
    return [note for (note,) in report.flatten(["note"])]


# --- validate ------------------------------------------------------------------------------------------------


def validate(path: Path, fmt: str, schema: dict | None = None, *, max_problems: int = MAX_PROBLEMS) -> Report:
    """Check one uploaded file (``fmt``: csv, xlsx, json, geojson or pdf) against ``schema`` or, without one,
    against the schema Frictionless infers from it (returned as ``Report.inferred_schema``)."""
    problems = _Problems(max_problems)
    path = Path(path)
    if fmt == "pdf":
        _validate_pdf(path, problems)
        return problems.report(fmt, [], 0, None)
    try:
        table = tables.open_table(path, fmt)
    except TableError as error:
        problems.add(Problem(error.row, None, None, error.code, error.message))
        return problems.report(fmt, [], 0, None)
    records = table.records
    clean = None
    if schema is not None:
        try:
            clean, dropped = safe_schema(schema)
        except SchemaError as error:
            problems.add(Problem(None, None, None, "schema-error", str(error)))
            return problems.report(fmt, table.header, 0, None)
        for key in dropped:
            problems.add(Problem(None, None, None, "schema-ignored", _(
                "The schema's «%(key)s» is not checked here: only this file is read, never another one.")
                % {"key": key}, WARNING))
    with tempfile.TemporaryDirectory(prefix="opendata-") as directory, _sealed():
        try:
            row_count = _write_csv(table, Path(directory) / _CSV_NAME)
        except TableError as error:
            problems.add(Problem(error.row, None, None, error.code, error.message))
            return problems.report(fmt, table.header, 0, None)
        inferred = None
        if clean is None:
            inferred = _infer(directory, fmt)
            clean = inferred
        else:
            notes = _schema_problems(clean)
            if notes:
                for note in notes:
                    problems.add(Problem(None, None, None, "schema-error",
                                         _("The table schema is not valid: %(note)s") % {"note": note}))
                return problems.report(fmt, table.header, row_count, None)
        if inferred is not None:
            _header_naming(table, problems, records)
        _run(directory, clean, table, problems, inferred=inferred is not None, records=records)
    return problems.report(fmt, table.header, row_count, inferred)


def _write_csv(table: tables.Table, target: Path) -> int:
    """The table as a plain UTF-8 CSV, row for row (blank rows too, so Frictionless numbers rows as the
    original does); the number of data rows."""
    count = 0
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(table.header)
        for row in table.rows():
            writer.writerow(["" if cell is None else cell for cell in row])
            count += 1
    return count


def _header_naming(table: tables.Table, problems: _Problems, records: bool) -> None:
    """Without a schema the names are the file's own, and the recommendations want lowerCamelCase Latin."""
    for position, label in enumerate(table.header, start=1):
        if not label or _LOWER_CAMEL.fullmatch(label):
            continue
        place = (_("Field «%(label)s»") if records else _("Header, column %(position)s")) % {
            "label": preview(label), "position": position}
        problems.add(Problem(None if records else 1, label, label, "header-naming", _message(place, _(
            "the name «%(label)s» is not in lowerCamelCase Latin. Open data names columns like contractDate "
            "or totalAmount; the Ukrainian name belongs in the schema as the column's title.")
            % {"label": preview(label)}), WARNING))


def _run(directory: str, schema: dict, table: tables.Table, problems: _Problems, *, inferred: bool,
         records: bool) -> None:
    from frictionless import FrictionlessException

    fields = {item.get("name"): item for item in schema["fields"]}
    offset = table.first_row - 2  # the CSV copy has the header in row 1; JSON records count from 1
    resource = _resource(directory, schema)
    try:
        resource.open()
    except FrictionlessException as exception:
        for error in exception.to_errors():
            problems.add(_file_problem(error.type, error.note, None))
        return
    try:
        columns = _column_checks(table.header, [fields.get(label) for label in resource.labels])
        for error in sorted(resource.header.errors, key=lambda error: getattr(error, "field_number", 0) or 0):
            problems.add(_label_problem(error, fields, records))
        stream: Iterator = resource.row_stream
        while True:
            try:
                row = next(stream)
            except StopIteration:
                break
            except FrictionlessException as exception:
                problems.add(_file_problem(exception.error.type, exception.error.note, None))
                break
            number = row.row_number + offset
            flagged: set[int] = set()
            blank = any(error.type == "blank-row" for error in row.errors)
            required = any(error.type == "constraint-error" and error.note.startswith('constraint "required"')
                           for error in row.errors)
            for error in row.errors:
                if error.type == "primary-key" and (blank or required) and "None" in (error.note or ""):
                    continue  # the blank row or the empty required cell is the problem; the empty key says no more
                problem = _row_problem(error, number, fields, schema, resource.labels, records)
                if getattr(error, "field_number", None):
                    flagged.add(error.field_number)
                problems.add(problem)
            if not blank:
                _uk_checks(row.cells, number, columns, flagged, problems, inferred, records)
    finally:
        resource.close()


def _label_problem(error, fields: dict, records: bool) -> Problem:
    kind = error.type
    label = getattr(error, "label", "") or ""
    name = getattr(error, "field_name", "") or ""
    position = getattr(error, "field_number", None)
    title = field_title(fields.get(name), name)
    place = _("Header, column %(position)s") % {"position": position} if not records else (
        _("Field «%(label)s»") % {"label": preview(label or name)})
    row = None if records else 1
    if kind == "duplicate-label":
        match = _POSITION_NOTE.search(error.note or "")
        detail = _("the name «%(label)s» repeats the name of column %(first)s. Give every column its own name.") % {
            "label": preview(label), "first": match[1] if match else "?"}
    elif kind == "blank-label":
        detail = _("the column has no name. Name it, or delete the column if it is empty.")
    elif kind == "missing-label":
        detail = _("the schema describes the column «%(column)s» here, but the file has no such column. Add it "
                   "or correct the schema.") % {"column": preview(title)}
    elif kind == "extra-label" and not label.strip():
        detail = _("the column has no name and is not described in the schema. Delete it if it is empty.")
    elif kind == "extra-label":
        detail = _("the column «%(label)s» is not described in the schema. Delete it or add it to the schema.") % {
            "label": preview(label)}
    elif kind == "incorrect-label":
        detail = _("the column is named «%(label)s», but the schema expects «%(name)s» here. Rename the column "
                   "(the header holds the field names, not the titles) or correct the schema.") % {
            "label": preview(label), "name": preview(name)}
    elif kind == "blank-header":
        return Problem(row, None, None, kind, _("The header row is empty: the first row must hold the column names."))
    elif kind == "unmatched-header":
        return Problem(row, None, None, kind, _(
            "None of the columns described in the schema is in the header. Check that the first row holds the "
            "field names of the schema."))
    else:
        detail = _("the header has a problem (%(type)s): %(note)s") % {"type": kind, "note": error.note}
    return Problem(row, label or name or None, label or None, kind, _message(place, detail))


def _row_problem(error, number: int, fields: dict, schema: dict, labels: list[str], records: bool) -> Problem:
    kind = error.type
    name = getattr(error, "field_name", None) or None
    field = fields.get(name) or {}
    title = field_title(field, name)
    value = getattr(error, "cell", None)
    position = getattr(error, "field_number", None)
    place = where(number, title, position=position, records=records)
    code = kind
    if kind == "type-error":
        detail = _type_detail(field, value or "")
    elif kind == "constraint-error":
        _name, detail = _constraint_detail(field, value or "", error.note)
    elif kind == "missing-cell":
        detail = _("the row ends before this column: the cell is missing. Check the delimiters and quotes in the row.")
    elif kind == "extra-cell":
        place = where(number, None, position=position, records=records)
        detail = _("the row has more cells than the header (an extra «%(value)s»). Check the delimiters and quotes "
                   "in the row: text with a delimiter inside must be in double quotes.") % {"value": preview(value)}
    elif kind == "blank-row":
        place = where(number, records=records)
        detail = _("the row is empty. Delete empty rows.")
    elif kind == "unique-error":
        match = _POSITION_NOTE.search(error.note or "")
        detail = _("«%(value)s» repeats the value of row %(first)s, but the values in this column must be "
                   "unique.") % {"value": preview(value), "first": _person_row(match, number, error.row_number)}
    elif kind == "primary-key":
        key = schema.get("primaryKey") or []
        key = [key] if isinstance(key, str) else key
        columns = ", ".join(f"«{field_title(fields.get(item), item)}»" for item in key)
        cells = dict(zip(labels, error.cells, strict=False))
        shown = ", ".join(preview(cells.get(item, "")) for item in key)
        place = where(number, records=records)
        value = shown
        match = _POSITION_NOTE.search(error.note or "")
        if match:
            detail = _("the key %(columns)s = «%(value)s» is the same as in row %(first)s. Every row's key must be "
                       "unique.") % {"columns": columns, "value": shown,
                                     "first": _person_row(match, number, error.row_number)}
        else:
            detail = _("the key %(columns)s is empty. Fill in the key in every row.") % {"columns": columns}
    elif kind == "foreign-key":
        detail = _("«%(value)s» is not found in the table the schema refers to.") % {"value": preview(value)}
    else:
        detail = _("the row has a problem (%(type)s): %(note)s") % {"type": kind, "note": error.note}
    return Problem(number, name, None if value is None else str(value), code, _message(place, detail))


def _person_row(match, number: int, frictionless_row: int) -> str:
    """The row Frictionless names in a note ("position 4"), counted the way ``number`` is."""
    if not match:
        return "?"
    return str(int(match[1]) + number - frictionless_row)


def _file_problem(kind: str, note: str | None, row: int | None) -> Problem:
    if kind == "encoding-error":
        message = _("The file cannot be read as UTF-8 text. Save it as CSV UTF-8.")
    elif kind == "format-error":
        message = _("The file cannot be read as a table: %(note)s") % {"note": note}
    elif kind == "scheme-error":
        message = _("The file cannot be opened. Upload it again.")
    elif kind == "source-error":
        message = _("The file holds no table: %(note)s") % {"note": note}
    elif kind == "compression-error":
        message = _("The compressed file cannot be unpacked. Upload the table itself, not an archive.")
    elif kind in ("hash-count", "byte-count"):
        message = _("The file differs from the one described (%(note)s). Upload it again.") % {"note": note}
    elif kind in ("schema-error", "field-error", "metadata-error", "resource-error"):
        message = _("The table schema is not valid: %(note)s") % {"note": note}
    else:
        message = _("The file has a problem (%(type)s): %(note)s") % {"type": kind, "note": note}
    return Problem(row, None, None, kind, message)


# --- the Ukrainian checks ----------------------------------------------------------------------------------------


def edrpou_problem(value: str) -> str | None:
    """Why ``value`` is not a ЄДРПОУ code (the detail of a message), or None if it is one."""
    text = value.strip()
    if not EDRPOU_RE.fullmatch(text):
        if text.isdigit() and len(text) < 8:
            return _("«%(value)s» is not a ЄДРПОУ code: it must have 8 digits. If the code begins with zeros, "
                     "store the column as text so that the spreadsheet keeps them (%(padded)s).") % {
                "value": preview(text), "padded": text.zfill(8)}
        return _("«%(value)s» is not a ЄДРПОУ code: it must have exactly 8 digits.") % {"value": preview(text)}
    if edrpou_check_digit(text) != int(text[7]):
        return _("«%(value)s» is not a valid ЄДРПОУ code: its check digit does not match. Check the code for "
                 "typos.") % {"value": text}
    return None


def katottg_problem(value: str) -> str | None:
    text = value.strip()
    if KATOTTG_RE.fullmatch(text):
        return None
    return _("«%(value)s» is not a КАТОТТГ code: it must be «UA» followed by 17 digits, like "
             "UA12020110000034205.") % {"value": preview(text)}


@dataclass(frozen=True)
class _ColumnCheck:
    label: str | None
    title: str | None
    check: str | None  # "edrpou", "katottg" or None
    kind: str  # the field's type


def _column_checks(header: list[str], label_fields: list[dict | None]) -> list[_ColumnCheck]:
    columns = []
    for index, label in enumerate(header):
        field = label_fields[index] if index < len(label_fields) else None
        columns.append(_ColumnCheck(label, field_title(field, label), uk_check(field, label),
                                    (field or {}).get("type", "string")))
    return columns


_BEYOND_HEADER = _ColumnCheck(None, None, None, "string")


def _uk_checks(cells: list, number: int, columns: list[_ColumnCheck], flagged: set[int], problems: _Problems,
               inferred: bool, records: bool) -> None:
    for index, raw in enumerate(cells):
        if raw is None or raw == "":
            continue
        text = str(raw)
        column = columns[index] if index < len(columns) else _BEYOND_HEADER
        control = _CONTROL.search(text)
        if control:
            place = where(number, column.title, position=index + 1, records=records)
            problems.add(Problem(number, column.label, text, "control-character", _message(place, _(
                "the text has an invisible control character (U+%(code)s) at position %(position)s. Delete it: "
                "it usually comes from copying out of another program.") % {
                "code": f"{ord(control.group()):04X}", "position": control.start() + 1})))
        if index + 1 in flagged:
            continue  # Frictionless has already said what is wrong with this cell
        detail = None
        code = ""
        if column.check == "edrpou":
            code, detail = "edrpou", edrpou_problem(text)
        elif column.check == "katottg":
            code, detail = "katottg", katottg_problem(text)
        if (detail is None and column.kind in ("string", "any") and _date_parts(text)
                and not _ISO_DATE.fullmatch(text)):
            code, detail = "date-format", _date_detail(text)
        if detail is not None:
            place = where(number, column.title, position=index + 1, records=records)
            problems.add(Problem(number, column.label, text, code, _message(place, detail)))
        elif inferred and column.kind == "string" and _DECIMAL_COMMA.fullmatch(text):
            place = where(number, column.title, position=index + 1, records=records)
            problems.add(Problem(number, column.label, text, "decimal-comma", _message(place, _(
                "«%(value)s» looks like a number with a decimal comma; open data uses a dot: %(example)s.") % {
                "value": preview(text), "example": text.strip().replace(" ", "").replace(",", ".")}), WARNING))


# --- PDF ---------------------------------------------------------------------------------------------------------


def _validate_pdf(path: Path, problems: _Problems) -> None:
    try:
        if not tables.is_pdf(path):
            problems.add(Problem(None, None, None, "format-error", _("The file is not a PDF document.")))
            return
    except OSError:
        problems.add(Problem(None, None, None, "scheme-error", _("The file cannot be opened. Upload it again.")))
        return
    if not tables.is_pdf_with_text(path):
        problems.add(Problem(None, None, None, "pdf-no-text", _(
            "The PDF has no text layer: it is a scan or a picture, which a computer cannot read. Open data texts "
            "must be machine-readable: save the PDF from the text editor, or run text recognition (OCR) on the "
            "scan.")))
