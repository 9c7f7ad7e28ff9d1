"""The import engine every register plugs into: CSV/XLSX in, all rows or none, a row-level report out.

An importer (one per register, in ``<app>/importers.py``, found automatically) declares its columns and
three steps — ``clean`` one row, its ``natural_key``, ``write`` a batch as upserts — and
:func:`run_import` does the rest (house rule 6):

* **Pass 1** streams the file and validates every row: the importer's ``clean`` plus duplicate natural
  keys within the file. Nothing is written. Errors are collected as (row, column, value, reason).
* **Pass 2** runs only if there were no errors (or with ``skip_invalid``): it streams the file again and
  hands the valid rows to ``write`` in batches of ``batch_size`` — all of it, and the one audit entry,
  inside ONE transaction, so an error, a crash or a killed process leaves the database as it was.
  Re-running the same file is idempotent because ``write`` upserts on the natural key.

Memory stays flat whatever the file's size: rows are read lazily and only one batch of cleaned rows is
alive at a time. What the engine keeps for the whole file is the set of natural keys seen (to report
duplicates) and the numbers of the invalid rows.

Reading: CSV in UTF-8 (with or without BOM) or Windows-1251, delimited by ``;``, ``,`` or tab, the first
sheet of an XLSX workbook, or JSON Lines (UTF-8, one JSON object per line, its keys the column keys — or any
header the column accepts); the format is decided by content, not by the file name: a file whose first
non-blank character is ``{`` is JSON Lines. In JSON Lines a line is a row, numbered as the line of the file;
a line that is not valid JSON or not an object is that row's error, not the file's. Scalar JSON values reach
``clean`` as the same text a CSV cell would hold (``null`` → "", ``true`` → "true", ``12`` → "12"); a list or
an object is accepted only in the columns the importer names in ``structured`` and arrives as it is.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import operator
import pickle
import re
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.core.fields import NotANumber, parse_number
from hromada.core.ukrtext import clean_text

# --- errors ----------------------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file cannot be read as a table at all (missing, empty, binary, wrong encoding, changed…)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownKind(LookupError):
    """No importer is registered under this kind."""


class RowError(Exception):
    """One problem of one row: the column key (or None for the row as a whole), the value, the reason."""

    def __init__(self, column: str | None, value: Any, reason: Any):
        super().__init__(column, value, reason)
        self.column = column
        self.value = "" if value is None else str(value)
        self.reason = str(reason)


class RowErrors(Exception):
    """Several problems of one row, raised together so the report lists them all at once."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = list(errors)
        super().__init__(self.errors)


# --- columns ---------------------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "′": "'", "´": "'"})
_SPACES = re.compile(r"\s+")


def normalise_header(text: str) -> str:
    """How headers are compared: case-insensitive, one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFC", str(text)).translate(_APOSTROPHES)
    return _SPACES.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Column:
    """A column an importer reads: ``key`` in code, ``header`` (Ukrainian) in files, English ``aliases``."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: Any = ""  # what goes in it, for templates and docs (a lazy translation is fine)

    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases, self.key)


def _column_lookup(columns: Sequence[Column]) -> dict[str, str]:
    return {normalise_header(name): column.key for column in columns for name in column.names()}


@dataclass(frozen=True)
class ColumnMap:
    """Where each known column sits in the file's header, and what the header said."""

    positions: dict[str, int]
    headers: dict[str, str]
    unknown: list[str]
    missing: list[Column]
    duplicates: list[tuple[str, int, int]]  # (header, first position, second position), 1-based

    def raw(self, cells: Sequence[str], keys: Iterable[str]) -> dict[str, str]:
        row = dict.fromkeys(keys, "")
        for key, index in self.positions.items():
            if index < len(cells):
                row[key] = cells[index]
        return row


def match_columns(columns: Sequence[Column], header: Sequence[str]) -> ColumnMap:
    lookup = _column_lookup(columns)
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    unknown: list[str] = []
    duplicates: list[tuple[str, int, int]] = []
    for index, title in enumerate(header):
        if not title:
            continue
        key = lookup.get(normalise_header(title))
        if key is None:
            unknown.append(title)
        elif key in positions:
            duplicates.append((title, positions[key] + 1, index + 1))
        else:
            positions[key] = index
            headers[key] = title
    missing = [column for column in columns if column.required and column.key not in positions]
    return ColumnMap(positions, headers, unknown, missing, duplicates)


# --- reading ---------------------------------------------------------------------------------------------

_CHUNK = 64 * 1024
_DELIMITERS = (";", ",", "\t")  # in order of preference on a tie: ";" is what Ukrainian Excel writes
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_UNDECODED = re.compile("[\udc80-\udcff]")
_STRIP = " \t\r\n\x0b\x0c\xa0\ufeff\u200b"
ENCODING_LABELS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "cp1251": "Windows-1251"}
_JSON_BLANK = b" \t\r\n"
MAX_JSON_LINE_BYTES = 16 * 1024 * 1024  # one act with a long text fits many times over


@dataclass(frozen=True)
class SourceFormat:
    """What :func:`sniff` found: ``csv`` (with encoding and delimiter), ``xlsx`` or ``jsonl`` (with encoding)."""

    kind: str
    encoding: str | None = None
    delimiter: str | None = None
    sep_line: bool = False  # the CSV begins with Excel's "sep=;" hint line


def _head(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise ImportFileError(_("This is a directory, not a file."))
        with path.open("rb") as stream:
            return stream.read(_CHUNK)
    except FileNotFoundError:
        raise ImportFileError(_("The file does not exist.")) from None
    except PermissionError:
        raise ImportFileError(_("The file cannot be read: permission denied.")) from None
    except OSError as error:
        raise ImportFileError(_("The file cannot be read: %(reason)s") % {"reason": error.strerror}) from None


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis"):
                return "ods"
    except (zipfile.BadZipFile, OSError, KeyError):
        pass
    return "zip"


def _detect_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (with or without BOM) if the first non-ASCII text decodes as such, else Windows-1251."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return "cp1251"
            if not chunk.isascii():
                return "utf-8"
    return "utf-8"  # plain ASCII


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for symbol in line:
        if symbol == '"':
            quoted = not quoted
        elif symbol == char and not quoted:
            count += 1
    return count


def detect_delimiter(line: str) -> str:
    """The candidate that occurs most often in the header line, outside quotes; ";" on a tie.

    csv.Sniffer is not used: it weighs consistency across lines and breaks ties in favour of ",", so it
    picks "," for a ";"-file whose header or decimal numbers contain commas ("Вага, кг;3,5"); in a
    header the delimiter is simply the most frequent candidate.
    """
    counts = {char: _count_outside_quotes(line, char) for char in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda char: counts[char])  # max keeps the first of equals
    return best if counts[best] else ";"


def _first_text_line(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as stream:
        for line in stream:
            if _UNDECODED.search(line):
                raise ImportFileError(_not_text_message(encoding))
            if line.strip(_STRIP):
                return line.rstrip("\r\n")
    return ""


def _not_text_message(encoding: str) -> str:
    if encoding == "cp1251":
        return _("The file is neither UTF-8 nor Windows-1251 text. Save the table as CSV (UTF-8) or XLSX.")
    return _("The file is not valid UTF-8 text. Save the table as CSV (UTF-8) or XLSX.")


def sniff(path: str | Path) -> SourceFormat:
    """Decide by the content how to read the file; a file that is not a table raises ImportFileError."""
    path = Path(path)
    head = _head(path)
    if not head:
        raise ImportFileError(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(path)
        if kind == "xlsx":
            return SourceFormat("xlsx")
        if kind == "ods":
            raise ImportFileError(_("This is an OpenDocument spreadsheet (.ods). Save it as XLSX or CSV."))
        raise ImportFileError(_("This is not a table: the file is neither CSV nor XLSX."))
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError(_("This is an old Excel workbook (.xls) or a password-protected one. "
                                "Save it as XLSX without a password, or as CSV."))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(_("The file is in UTF-16. Save the table as CSV (UTF-8) or XLSX."))
    start = head.removeprefix(codecs.BOM_UTF8).lstrip(_JSON_BLANK)
    if start.startswith(b"{"):
        # JSON Lines: decided here, before the checks for binary content, because a damaged line (even one
        # with a NUL byte) is that row's error, not the file's.
        return SourceFormat("jsonl", "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8")
    if re.match(rb"\[\s*[{\]]", start):
        raise ImportFileError(_("This is a JSON array, not JSON Lines: write one JSON object per line, "
                                "without the enclosing [ ]."))
    if b"\x00" in head:
        raise ImportFileError(_("This is not a table: the file is neither CSV nor XLSX."))
    encoding = _detect_encoding(path, head)
    try:
        # Incremental, not final: a multi-byte character cut by the end of the sample is no error.
        sample = codecs.getincrementaldecoder(encoding)("strict").decode(head, final=False)
    except UnicodeDecodeError:
        raise ImportFileError(_not_text_message(encoding)) from None
    if _CONTROL.search(sample):
        raise ImportFileError(_("This is not a table: the file is neither CSV nor XLSX."))
    line = _first_text_line(path, encoding)
    if not line.strip(_STRIP):
        raise ImportFileError(_("The file has no header row: it contains only empty lines."))
    match = re.fullmatch(r'\s*"?sep=(.)"?\s*', line.lstrip("\ufeff"), flags=re.IGNORECASE)
    if match:
        return SourceFormat("csv", encoding, match.group(1), sep_line=True)
    return SourceFormat("csv", encoding, detect_delimiter(line))


def _csv_records(path: Path, fmt: SourceFormat) -> Iterator[tuple[int, list[str]]]:
    """Every record with its 1-based number as a spreadsheet shows it (a multi-line cell is one row)."""
    encoding = fmt.encoding or "utf-8"
    # surrogateescape: an undecodable byte becomes a lone surrogate in its own row, so the error can name
    # that row (a strict decoder fails on the whole 8 KiB block it reads ahead).
    with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as text:
        number = 0
        if fmt.sep_line:
            text.readline()
        records = csv.reader(text, delimiter=fmt.delimiter or ";")
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    _("Row %(row)s cannot be read as CSV (%(reason)s); check the quotes in it.")
                    % {"row": number + 1, "reason": error}
                ) from None
            number += 1
            if _UNDECODED.search("".join(record)):
                raise ImportFileError(
                    _("Row %(row)s: %(problem)s") % {"row": number, "problem": _not_text_message(encoding)}
                )
            yield number, record


def cell_text(value: Any) -> str:
    """A spreadsheet value as a CSV would hold it: dates ДД.ММ.РРРР, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        day = f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
        if value.time() == time(0):
            return day
        return f"{day} {_time_text(value.time())}"
    if isinstance(value, date):
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if isinstance(value, time):
        return _time_text(value)
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")  # 1e-05 → "0.00001", 0.1 → "0.1"
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral() else value, "f")
    return str(value)


def _time_text(value: time) -> str:
    return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"


def xlsx_rows(path: Path, *, text=None, error=None) -> Iterator[tuple[int, list]]:
    """The first sheet's rows numbered from 1, read in constant memory (openpyxl read-only), each cell through
    ``text`` (the import's ``cell_text`` by default). A damaged workbook raises ``error(message, row)`` (an
    ImportFileError by default) — the import flow and the open-data upload share this reader."""
    import openpyxl

    text = text or cell_text
    fail = error or (lambda message, row=None: ImportFileError(message))
    # A file object, not the path: openpyxl would refuse a workbook by its name (the content decides here).
    stream = path.open("rb")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension not supported" and the like: irrelevant for values
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # a damaged archive fails in many ways (zip, XML, KeyError…)
        stream.close()
        raise fail(_("The workbook cannot be read: the XLSX file is damaged.")) from None
    try:
        if not workbook.worksheets:
            return
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                return
            except Exception:
                raise fail(_("Row %(row)s of the workbook cannot be read: the XLSX file is damaged.")
                           % {"row": number + 1}, row=number + 1) from None
            number += 1
            yield number, [text(value) for value in values]
    finally:
        workbook.close()
        stream.close()


def _strip(cell: str) -> str:
    """A cell as stored: control characters cleaned as in every form and API body (a vertical tab pasted from
    Word becomes a line break, \\r\\n a \\n), then trimmed. NUL stays for the importer to refuse."""
    return clean_text(cell).strip(_STRIP)


def iter_records(path: str | Path, fmt: SourceFormat | None = None) -> Iterator[tuple[int, list[str]]]:
    """Non-empty records (header included) with their row numbers, cells stripped.

    JSON Lines becomes a table for previews: the header is the keys of the first objects, in the order met;
    each line its values under them (a list or object as JSON text; a line that is no object, its text).
    """
    path = Path(path)
    fmt = fmt or sniff(path)
    if fmt.kind == "jsonl":
        records = _jsonl_table(path, fmt)
    elif fmt.kind == "xlsx":
        records = xlsx_rows(path)
    else:
        records = _csv_records(path, fmt)
    for number, record in records:
        cells = [_strip(cell) for cell in record]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            yield number, cells


# --- JSON Lines --------------------------------------------------------------------------------------------


class _JSONConstant(ValueError):
    pass


def _refuse_constant(name: str):
    raise _JSONConstant(name)  # NaN and Infinity are not JSON


def iter_jsonl(path: str | Path, fmt: SourceFormat | None = None) -> Iterator[tuple[int, Any]]:
    """Every non-blank line as (line number, parsed JSON value), or (line number, RowError) for a bad line."""
    path = Path(path)
    decoder = json.JSONDecoder(parse_constant=_refuse_constant)
    with path.open("rb") as stream:
        number = 0
        while True:
            line = stream.readline(MAX_JSON_LINE_BYTES + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_JSON_LINE_BYTES and not line.endswith(b"\n"):
                while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the overlong line
                yield number, RowError(None, line[:_VALUE_LIMIT].decode("utf-8", "replace"),
                                       _("The line is longer than %(size)s MB.")
                                       % {"size": MAX_JSON_LINE_BYTES // (1024 * 1024)})
                continue
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if not line.strip(_JSON_BLANK):
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                yield number, RowError(None, line.decode("utf-8", "replace").strip(),
                                       _("The line is not valid UTF-8 text."))
                continue
            try:
                value = decoder.decode(text.strip(" \t\r\n"))
            except json.JSONDecodeError as error:
                yield number, RowError(None, text.strip(), _("The line is not valid JSON (error at character "
                                                             "%(position)s).") % {"position": error.colno})
                continue
            except (_JSONConstant, RecursionError):
                yield number, RowError(None, text.strip(), _("The line is not valid JSON."))
                continue
            yield number, value


_UNSEEN = object()


def json_cell(value: Any) -> str:
    """A scalar JSON value as the text a CSV cell would hold: null → "", true → "true", 12.0 → "12"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _strip(value)
    if isinstance(value, (int, float)):
        return cell_text(value)
    return json.dumps(value, ensure_ascii=False)


def _jsonl_table(path: Path, fmt: SourceFormat, sample_lines: int = 100) -> Iterator[tuple[int, list[str]]]:
    keys: list[str] = []
    for count, (_number, value) in enumerate(iter_jsonl(path, fmt)):
        if isinstance(value, dict):
            keys.extend(str(key) for key in value if str(key) not in keys)
        if count >= sample_lines:
            break
    yield 0, keys
    for number, value in iter_jsonl(path, fmt):
        if isinstance(value, dict):
            yield number, [json_cell(value.get(key)) for key in keys]
        elif isinstance(value, RowError):
            yield number, [value.value]
        else:
            yield number, [json_cell(value)]


def open_rows(
    path: str | Path, fmt: SourceFormat | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and a lazy iterator over the data rows as (1-based row number in the file, cells).

    Cells are stripped and fully empty rows skipped. The file stays open until the iterator is exhausted
    or closed (``rows.close()``).
    """
    records = iter_records(path, fmt)
    try:
        _number, header = next(records)
    except StopIteration:
        raise ImportFileError(_("The file has no header row: it contains only empty lines.")) from None
    return header, records


# --- importers -------------------------------------------------------------------------------------------


@dataclass
class Counts:
    """What one ``write`` did: rows created, updated (only if something differed), left unchanged, extras."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extras: dict[str, int] = field(default_factory=dict)  # e.g. {"streets_created": 3}

    def __iadd__(self, other: Counts) -> Counts:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        for key, value in other.extras.items():
            self.extras[key] = self.extras.get(key, 0) + value
        return self


@dataclass
class ImportContext:
    """What ``prepare``, ``clean`` and ``write`` get besides the row."""

    hromada: Any
    actor: Any = None
    dry_run: bool = False
    present: frozenset[str] = frozenset()  # keys of the columns the file has (the rest arrive as "")
    phase: str = "validate"  # "validate" (pass 1) or "write" (pass 2, inside the transaction)
    data: dict[str, Any] = field(default_factory=dict)  # the importer's own lookups, loaded in prepare()


class Importer:
    """Base of a register's importer. Subclass it in ``<app>/importers.py`` and decorate with ``register``."""

    kind: ClassVar[str] = ""
    title: ClassVar[Any] = ""  # e.g. _("streets"), lazy
    columns: ClassVar[tuple[Column, ...]] = ()
    key_columns: ClassVar[tuple[str, ...]] = ()  # column keys of the natural key, to point duplicates at
    extra_labels: ClassVar[dict[str, Any]] = {}  # labels of Counts.extras keys, e.g. {"streets_created": …}
    # Column keys whose JSON Lines value may be a list or an object (given to clean as it is); in every other
    # column such a value is the row's error. From CSV and XLSX these columns arrive as text like the rest.
    structured: ClassVar[frozenset[str]] = frozenset()
    # Listed by kinds(), and so offered by the registers' shared import page. An importer with its own pages
    # and capability (acts) sets False: `hromada import KIND` and get() still find it.
    listed: ClassVar[bool] = True

    def prepare(self, context: ImportContext) -> None:
        """Load what every row needs (lookups, caches) once, before the first row; store it in context.data."""

    def clean(self, raw: dict[str, str], context: ImportContext) -> dict:
        """One row's stripped texts by column key → typed values; raise RowError / RowErrors if bad.

        Called once for every row, in pass 1 (pass 2 writes the rows pass 1 kept); keep it free of side
        effects — a row may still turn out to be a duplicate: remember valid rows in ``accept``.
        """
        raise NotImplementedError

    def natural_key(self, clean: dict) -> tuple:
        """What identifies the record within the hromada (two rows with the same key are duplicates)."""
        raise NotImplementedError

    def accept(self, clean: dict, context: ImportContext) -> None:
        """Pass 1 calls this for every row that passed ``clean`` and is no duplicate, in file order: an importer
        whose rows may refer to earlier rows of the same file remembers them here (in ``context.data``)."""

    def write(self, batch: list[dict], context: ImportContext) -> Counts:
        """Upsert a batch of cleaned rows on the natural key (see :func:`upsert`); return the counts."""
        raise NotImplementedError

    def example_row(self) -> dict[str, str]:
        """Values by column key for the example row of the downloadable template."""
        return {}


_REGISTRY: dict[str, type[Importer]] = {}
_discovered = False


def register(kind: str) -> Callable[[type[Importer]], type[Importer]]:
    """Class decorator: ``@register("streets") class StreetImporter(Importer): …``."""

    def decorator(cls: type[Importer]) -> type[Importer]:
        _check_columns(cls, kind)
        existing = _REGISTRY.get(kind)
        if existing is not None and _name(existing) != _name(cls):
            raise ValueError(f"import kind {kind!r} is already registered by {_name(existing)}")
        cls.kind = kind
        _REGISTRY[kind] = cls
        return cls

    return decorator


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def unregister(kind: str) -> None:
    _REGISTRY.pop(kind, None)


def _check_columns(cls: type[Importer], kind: str) -> None:
    seen: dict[str, str] = {}
    for column in cls.columns:
        for name in column.names():
            normal = normalise_header(name)
            if seen.setdefault(normal, column.key) != column.key:
                raise ValueError(f"import {kind!r}: header {name!r} would match both {seen[normal]!r} "
                                 f"and {column.key!r}")
    for key in cls.key_columns:
        if key not in {column.key for column in cls.columns}:
            raise ValueError(f"import {kind!r}: key column {key!r} is not a column")


def _discover() -> None:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("importers")
        _discovered = True


def kinds(*, unlisted: bool = False) -> list[str]:
    """The registered kinds that are ``listed`` (with ``unlisted=True``: every registered kind)."""
    _discover()
    return sorted(kind for kind, cls in _REGISTRY.items() if unlisted or cls.listed)


def get(kind: str) -> type[Importer]:
    _discover()
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise UnknownKind(kind) from None


# --- templates and documentation -------------------------------------------------------------------------


def _importer(importer: Importer | type[Importer]) -> Importer:
    return importer() if isinstance(importer, type) else importer


def describe_columns(importer: Importer | type[Importer]) -> list[dict[str, Any]]:
    """The columns for docs and the template's help sheet: header, key, aliases, required, help, example."""
    instance = _importer(importer)
    example = instance.example_row()
    return [
        {"key": c.key, "header": c.header, "aliases": list(c.aliases), "required": c.required,
         "help": str(c.help), "example": str(example.get(c.key, ""))}
        for c in instance.columns
    ]


def template_csv(importer: Importer | type[Importer]) -> bytes:
    """A CSV to fill in: UTF-8 with BOM (so Excel shows Cyrillic), ";", Ukrainian headers, one example row."""
    instance = _importer(importer)
    example = instance.example_row()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in instance.columns])
    writer.writerow([str(example.get(c.key, "")) for c in instance.columns])
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def template_xlsx(importer: Importer | type[Importer]) -> bytes:
    """An XLSX to fill in: the data sheet first (headers + example row, as text), then a help sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    instance = _importer(importer)
    example = instance.example_row()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (instance.kind or "data")[:31]
    bold = Font(bold=True)
    for index, column in enumerate(instance.columns, start=1):
        heading = sheet.cell(row=1, column=index, value=column.header)
        heading.font = bold
        value = sheet.cell(row=2, column=index, value=str(example.get(column.key, "")))
        value.number_format = "@"  # text: a date or code typed here stays as typed
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(60, len(column.header) + 4))
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(title=_("Columns")[:31])
    help_sheet.append([_("Column"), _("Required"), _("Also accepted"), _("What to enter"), _("Example")])
    for cell in help_sheet[1]:
        cell.font = bold
    for row in describe_columns(instance):
        help_sheet.append([row["header"], _("yes") if row["required"] else _("no"), ", ".join(row["aliases"]),
                           row["help"], row["example"]])
    for letter, width in zip("ABCDE", (30, 14, 30, 60, 24), strict=True):
        help_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- helpers for importers -------------------------------------------------------------------------------

_MIDNIGHT = re.compile(r"\s+00:00(:00)?$")
_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(column: str, value: str, *, required: bool = False) -> date | None:
    """ДД.ММ.РРРР (also Д.М.РРРР, with "/" or "-") or ISO РРРР-ММ-ДД; "" → None unless required."""
    if not value:
        if required:
            raise RowError(column, value, _("The value is required."))
        return None
    # A spreadsheet date-time at midnight, written out in full, is still just a date.
    text = _MIDNIGHT.sub("", value.strip())
    match = _DAY_FIRST.fullmatch(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        raise RowError(column, value, _("There is no such date.")) from None
    raise RowError(column, value, _("Give the date as DD.MM.YYYY, e.g. 24.08.1991."))


def parse_decimal(column: str, value: str, *, required: bool = False, minimum: Decimal | None = None,
                  maximum: Decimal | None = None, places: int | None = None) -> Decimal | None:
    """A number with "," or "." as the decimal mark and spaces between thousands; "" → None unless required.

    Read as the forms read it (core.fields.parse_number): «1 234,56» and «1234.56»; «12 34» is a typo.
    """
    try:
        number = parse_number(value)
    except NotANumber:
        raise RowError(column, value, _("Give a number, e.g. 12,5.")) from None
    if number is None:
        if required:
            raise RowError(column, value, _("The value is required."))
        return None
    if places is not None and -number.normalize().as_tuple().exponent > places:  # type: ignore[operator]
        raise RowError(column, value, ngettext("Give at most %(count)s digit after the decimal mark.",
                                               "Give at most %(count)s digits after the decimal mark.",
                                               places) % {"count": places})
    if minimum is not None and number < minimum:
        raise RowError(column, value, _("The number must be at least %(minimum)s.") % {"minimum": minimum})
    if maximum is not None and number > maximum:
        raise RowError(column, value, _("The number must be at most %(maximum)s.") % {"maximum": maximum})
    return number


def parse_int(column: str, value: str, *, required: bool = False, minimum: int | None = None,
              maximum: int | None = None) -> int | None:
    """A whole number (spaces between thousands allowed, "5,0" from a spreadsheet too); "" → None."""
    number = parse_decimal(column, value, required=required)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise RowError(column, value, _("Give a whole number."))
    result = int(number)
    if minimum is not None and result < minimum:
        raise RowError(column, value, _("The number must be at least %(minimum)s.") % {"minimum": minimum})
    if maximum is not None and result > maximum:
        raise RowError(column, value, _("The number must be at most %(maximum)s.") % {"maximum": maximum})
    return result


def _attnames(model, values: dict[str, Any]) -> dict[str, Any]:
    """``{"hromada": obj}`` → ``{"hromada_id": obj.pk}``: the insert below speaks column attributes."""
    result = {}
    for name, value in values.items():
        field_obj = model._meta.get_field(name)
        if field_obj.is_relation and isinstance(value, models.Model):
            result[field_obj.attname] = value.pk
        else:
            result[field_obj.attname] = value
    return result


def _adapter(field_obj, ops) -> Callable[[Any], Any] | None:
    """The backend's adapter for a field's value, or None when the value goes to the driver as it is."""
    if isinstance(field_obj, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field_obj, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field_obj, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(value, field_obj.max_digits, field_obj.decimal_places)
    if isinstance(field_obj, models.JSONField):
        return lambda value: field_obj.get_db_prep_save(value, ops.connection)
    return None


def insert_rows(model, rows: Sequence[dict[str, Any]]) -> None:
    """Insert new rows with one ``executemany``: the ORM's per-field bookkeeping costs more than the insert.

    Values are the same Python values the ORM would save (keys are attribute names: ``street_id``), adapted
    by the backend's own adapters; fields not given take their model default, ``auto_now`` fields the time.
    Used for the plain rows of imports; nothing here bypasses a database constraint.
    """
    from django.db import connection
    from django.utils import timezone

    ops = connection.ops
    columns = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = {f.attname for f in columns if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    now = ops.adapt_datetimefield_value(timezone.now())  # one timestamp for the whole batch, adapted once
    # Every row starts from the defaults (and the timestamp); the few columns the backend adapts are converted
    # after a C-level pick of the values in column order.
    base = {f.attname: now if f.attname in stamped else f.get_default() for f in columns}
    pick = operator.itemgetter(*(f.attname for f in columns))
    adapted = [(index, adapter) for index, f in enumerate(columns)
               if f.attname not in stamped and (adapter := _adapter(f, ops)) is not None]
    values = []
    for row in rows:
        record = list(pick(base | row))
        for index, adapt in adapted:
            if record[index] is not None:
                record[index] = adapt(record[index])
        values.append(record)
    names = ", ".join(ops.quote_name(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        table = ops.quote_name(model._meta.db_table)
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)  # noqa: S608 (names from the model)


def upsert(
    queryset: models.QuerySet,
    batch: Sequence[dict],
    *,
    key: Sequence[str],
    fields: Sequence[str],
    create_defaults: dict[str, Any] | None = None,
    known_keys: set[tuple] | None = None,
) -> Counts:
    """Create the rows of ``batch`` whose key is new, update those that differ in ``fields``, count the rest.

    ``queryset`` is the hromada's rows (``Street.objects.filter(hromada=h)``); ``key`` and ``fields`` are
    attribute names (``street_id`` for a foreign key) that are also keys of the cleaned rows. Existing rows
    are fetched in one query per batch. A unique constraint on the key in the database is what keeps two
    concurrent imports from both creating the same record.
    """
    model = queryset.model
    defaults = _attnames(model, create_defaults or {})
    # ``known_keys`` (the keys that existed when the import began, if the importer loaded them) spares the
    # lookup for rows that cannot exist yet: a file's rows never repeat a key, so only those can match.
    lookup = batch if known_keys is None else [row for row in batch if tuple(row[n] for n in key) in known_keys]
    # Narrow by every key column (a common surname alone would fetch half the register each batch).
    existing = {
        tuple(getattr(obj, name) for name in key): obj
        for obj in (queryset.filter(**{f"{name}__in": {row[name] for row in lookup} for name in key})
                    if lookup else ())
    }
    counts = Counts()
    to_create: list[dict[str, Any]] = []
    to_update: list[models.Model] = []
    for row in batch:
        obj = existing.get(tuple(row[name] for name in key))
        if obj is None:
            to_create.append(defaults | {name: row[name] for name in (*key, *fields)})
            continue
        changed = [name for name in fields if getattr(obj, name) != row[name]]
        for name in changed:
            setattr(obj, name, row[name])
        if changed:
            to_update.append(obj)
        else:
            counts.unchanged += 1
    if to_create:
        insert_rows(model, to_create)
    if to_update:
        # bulk_update skips save(), so auto_now fields ("updated_at") are stamped here.
        stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        for obj in to_update:
            for stamp in stamped:
                stamp.pre_save(obj, add=False)
        names = list(dict.fromkeys([*fields, *(stamp.attname for stamp in stamped)]))
        model._default_manager.bulk_update(to_update, names, batch_size=500)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts


# --- running ---------------------------------------------------------------------------------------------

MAX_LISTED_ERRORS = 1000
_VALUE_LIMIT = 200


class Status:
    DONE = "done"
    VALIDATION_ERRORS = "validation_errors"
    DRY_RUN = "dry_run"
    FAILED = "failed"  # only in reports built by callers (ImportReport.failure): run_import raises instead


@dataclass
class Issue:
    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ImportReport:
    file: str
    kind: str
    hromada: str = ""  # KATOTTG code
    format: str = ""  # "csv" | "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sha256: str = ""
    dry_run: bool = False
    skip_invalid: bool = False
    status: str = Status.DONE
    rows_total: int = 0
    rows_valid: int = 0
    rows_invalid: int = 0
    rows_skipped: int = 0  # invalid rows left out of a --skip-invalid import that wrote the rest
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extras: dict[str, int] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # column key → header as in the file
    errors: list[Issue] = field(default_factory=list)  # the first MAX_LISTED_ERRORS
    errors_total: int = 0
    warnings: list[str] = field(default_factory=list)
    message: str = ""  # why a FAILED import failed

    @classmethod
    def failure(cls, kind: str, file: str | Path, message: str, *, hromada: str = "") -> ImportReport:
        return cls(file=str(file), kind=kind, hromada=hromada, status=Status.FAILED, message=message)

    @property
    def written(self) -> bool:
        return self.status == Status.DONE

    @property
    def errors_not_listed(self) -> int:
        return self.errors_total - len(self.errors)

    def add_error(self, issue: Issue) -> None:
        self.errors_total += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(issue)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "kind": self.kind, "hromada": self.hromada, "status": self.status,
            "message": self.message, "format": self.format, "encoding": self.encoding, "delimiter": self.delimiter,
            "sha256": self.sha256, "dry_run": self.dry_run, "skip_invalid": self.skip_invalid,
            "rows_total": self.rows_total, "rows_valid": self.rows_valid, "rows_invalid": self.rows_invalid,
            "rows_skipped": self.rows_skipped, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "extras": dict(self.extras), "columns": dict(self.columns),
            "errors": [issue.as_dict() for issue in self.errors], "errors_total": self.errors_total,
            "errors_not_listed": self.errors_not_listed, "warnings": list(self.warnings),
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _cut(value: str) -> str:
    """A value as the report quotes it: at most _VALUE_LIMIT characters, control characters made visible."""
    value = value if len(value) <= _VALUE_LIMIT else value[:_VALUE_LIMIT - 1] + "…"
    return _CONTROL.sub("\ufffd", value)


class _Run:
    """One run of run_import: the state shared by both passes."""

    def __init__(self, importer: Importer, path: Path, fmt: SourceFormat, report: ImportReport,
                 context: ImportContext, progress: Callable[[int], Any] | None, batch_size: int):
        self.importer = importer
        self.path = path
        self.fmt = fmt
        self.report = report
        self.context = context
        self.progress = progress
        self.batch_size = batch_size
        self.keys = [column.key for column in importer.columns]
        self.columns: ColumnMap | None = None
        self.invalid_rows: set[int] = set()
        self.done = 0  # rows validated, then rows written: what progress() is told
        self.reported = 0
        # Pass 1 spools the cleaned valid rows to a private temporary file a batch at a time, so pass 2 writes
        # them without parsing and cleaning the file again, and memory still holds one batch at most.
        self.spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by run_import)
        self.pending: list[dict] = []
        self.keys_seen: set[str] = set()  # JSON Lines: the column keys the lines used
        self.unknown_keys: list[str] = []  # JSON Lines: keys no column accepts (the first 50)

    def header_label(self, key: str | None) -> str:
        if key is None:
            return ""
        assert self.columns is not None
        if key in self.columns.headers:
            return self.columns.headers[key]
        by_key = {column.key: column.header for column in self.importer.columns}
        return by_key.get(key, key)

    def notify(self) -> None:
        if self.progress is not None and self.done != self.reported:
            self.reported = self.done
            self.progress(self.done)

    def read_header(self) -> Iterator[tuple[int, list[str]]]:
        records = iter_records(self.path, self.fmt)
        try:
            header_row, header = next(records)
        except StopIteration:
            raise ImportFileError(_("The file has no header row: it contains only empty lines.")) from None
        if self.columns is None:
            self.columns = match_columns(self.importer.columns, header)
            self.header_row = header_row
        return records

    def check_header(self) -> bool:
        assert self.columns is not None
        report, columns = self.report, self.columns
        report.columns = dict(columns.headers)
        for title in columns.unknown:
            report.warnings.append(_("Column «%(column)s» is not recognised and was ignored.") % {"column": title})
        for column in columns.missing:
            accepted = ", ".join(f"«{name}»" for name in (column.header, *column.aliases))
            report.add_error(Issue(self.header_row, column.header, "",
                                   _("The required column is missing (accepted headers: %(names)s).")
                                   % {"names": accepted}))
        for title, first, second in columns.duplicates:
            report.add_error(Issue(self.header_row, title, title,
                                   _("The column appears twice (columns %(first)s and %(second)s).")
                                   % {"first": first, "second": second}))
        return not (columns.missing or columns.duplicates)

    def clean(self, number: int, cells: list[str]) -> dict | None:
        """The cleaned row, or None after recording its errors."""
        assert self.columns is not None
        return self.clean_raw(number, self.columns.raw(cells, self.keys))

    def clean_raw(self, number: int, raw: dict[str, Any]) -> dict | None:
        try:
            return self.importer.clean(raw, self.context)
        except RowError as error:
            problems = [error]
        except RowErrors as error:
            problems = error.errors
        except ValidationError as error:
            problems = _validation_problems(error, raw)
        if self.context.phase == "validate":
            for problem in problems:
                self.report.add_error(Issue(number, self.header_label(problem.column), _cut(problem.value),
                                            problem.reason))
        return None

    def validate(self) -> None:
        """Pass 1: every row through clean, duplicates by natural key; nothing written, nothing kept."""
        report = self.report
        seen: dict[tuple, int] = {}
        if self.fmt.kind == "jsonl":
            # Errors name a field by its key: that is what the line says.
            self.columns = ColumnMap({}, {column.key: column.key for column in self.importer.columns}, [], [], [])
            self.context.present = frozenset(self.keys)
            rows = self.jsonl_rows()
        else:
            records = self.read_header()
            if not self.check_header():
                records.close()
                return
            self.context.present = frozenset(self.columns.positions)  # type: ignore[union-attr]
            rows = ((number, self.columns.raw(cells, self.keys)) for number, cells in records)  # type: ignore[union-attr]
        self.importer.prepare(self.context)
        for number, raw in rows:
            report.rows_total += 1
            self.done += 1
            if self.done % self.batch_size == 0:
                self.notify()
            cleaned = None if raw is None else self.clean_raw(number, raw)
            if cleaned is None:
                self.invalid_rows.add(number)
                continue
            key = self.importer.natural_key(cleaned)
            first = seen.setdefault(key, number)
            if first != number:
                self.invalid_rows.add(number)
                column = self.importer.key_columns[0] if self.importer.key_columns else None
                value = ", ".join(str(part) for part in key)
                report.add_error(Issue(number, self.header_label(column), _cut(value),
                                       _("The same record appears in row %(row)s.") % {"row": first}))
                continue
            self.importer.accept(cleaned, self.context)
            self.pending.append(cleaned)
            if len(self.pending) >= self.batch_size:
                self._spool()
        self._spool()
        if self.fmt.kind == "jsonl":
            report.columns = {key: key for key in self.keys if key in self.keys_seen}
            for name in self.unknown_keys:
                report.warnings.append(_("Field «%(field)s» is not recognised and was ignored.") % {"field": name})
        self.notify()
        report.rows_invalid = len(self.invalid_rows)
        report.rows_valid = report.rows_total - report.rows_invalid
        if report.rows_total == 0:
            report.warnings.append(_("The file has no data rows, only the header."))

    def jsonl_rows(self) -> Iterator[tuple[int, dict[str, Any] | None]]:
        """JSON Lines as raw rows by column key; a bad line is recorded as its row's error and yields None."""
        importer = self.importer
        lookup = _column_lookup(importer.columns)
        names: dict[str, Any] = {}  # keys of the lines → their column keys (None: not a column), memoised
        for number, value in iter_jsonl(self.path, self.fmt):
            problems: list[RowError] = []
            raw: dict[str, Any] = dict.fromkeys(self.keys, "")
            if isinstance(value, RowError):
                problems.append(value)
            elif not isinstance(value, dict):
                problems.append(RowError(None, json.dumps(value, ensure_ascii=False),
                                         _("The line is not a JSON object: each line must be one {…} object.")))
            else:
                given: dict[str, str] = {}
                for name, item in value.items():
                    key = names.get(name, _UNSEEN)
                    if key is _UNSEEN:
                        key = lookup.get(normalise_header(name))
                        if len(names) < 1000:
                            names[name] = key
                    if key is None:
                        if name not in self.unknown_keys and len(self.unknown_keys) < 50:
                            self.unknown_keys.append(name)
                        continue
                    if key in given:
                        problems.append(RowError(key, "", _("The field is given twice («%(first)s» and "
                                                            "«%(second)s»).") % {"first": given[key], "second": name}))
                        continue
                    given[key] = name
                    self.keys_seen.add(key)
                    if isinstance(item, (list, dict)):
                        if key in importer.structured:
                            raw[key] = item
                        else:
                            problems.append(RowError(key, json.dumps(item, ensure_ascii=False),
                                                     _("Give a single value here, not a list or an object.")))
                    else:
                        raw[key] = json_cell(item)
            if problems:
                for problem in problems:
                    self.report.add_error(Issue(number, self.header_label(problem.column), _cut(problem.value),
                                                problem.reason))
                yield number, None
            else:
                yield number, raw

    def _spool(self) -> None:
        if self.pending:
            pickle.dump(self.pending, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.pending = []

    def _spooled(self) -> Iterator[list[dict]]:
        self.spool.seek(0)
        while True:
            try:
                yield pickle.load(self.spool)  # noqa: S301 (our own rows, in our own private temporary file)
            except EOFError:
                return

    def write(self) -> None:
        """Pass 2, inside the caller's transaction: the valid rows spooled by pass 1, batch by batch."""
        self.context.phase = "write"
        counts = Counts()
        for batch in self._spooled():
            counts += self._write_batch(batch)
        if _file_digest(self.path) != self.report.sha256:
            raise ImportFileError(_("The file changed during the import; nothing was imported."))
        report = self.report
        report.created, report.updated, report.unchanged = counts.created, counts.updated, counts.unchanged
        report.extras = dict(counts.extras)
        report.rows_skipped = report.rows_invalid

    def _write_batch(self, batch: list[dict]) -> Counts:
        counts = self.importer.write(batch, self.context)
        if not isinstance(counts, Counts):
            raise TypeError(f"{type(self.importer).__qualname__}.write must return Counts, not {counts!r}")
        self.done += len(batch)
        self.notify()
        return counts


def _validation_problems(error: ValidationError, raw: dict[str, str]) -> list[RowError]:
    if hasattr(error, "error_dict"):
        return [
            RowError(name if name in raw else None, raw.get(name, ""), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [RowError(None, "", message) for message in error.messages]


def run_import(
    importer: Importer | type[Importer],
    path: str | Path,
    *,
    hromada: Any,
    actor: Any = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    batch_size: int = 1000,
    progress: Callable[[int], Any] | None = None,
    source: dict[str, str] | None = None,
) -> ImportReport:
    """Validate the whole file, then (no errors, or ``skip_invalid``; never on ``dry_run``) write it in one go.

    ``source`` is what a caller that keeps the import (:mod:`hromada.core.import_flow`) knows of it, for the
    audit entry: ``import_id`` and ``folder`` (where its report is kept) and ``name`` (the file's own name; the
    engine sees only the stored copy's).

    Raises ImportFileError when the file cannot be read as a table (nothing is written). Any exception
    from the importer propagates after the transaction is rolled back. ``progress(rows_done)`` is called
    every ``batch_size`` rows and at the end of each pass; ``rows_done`` counts rows validated and then
    rows written, so a full import goes up to ``rows_total + rows_valid``.
    """
    from hromada.core import audit
    from hromada.core.models import AuditEntry

    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    path = Path(path)
    instance = _importer(importer)
    fmt = sniff(path)
    report = ImportReport(
        file=path.name, kind=instance.kind, hromada=getattr(hromada, "katottg", ""), format=fmt.kind,
        encoding=fmt.encoding, delimiter=fmt.delimiter, sha256=_file_digest(path), dry_run=dry_run,
        skip_invalid=skip_invalid,
    )
    context = ImportContext(hromada=hromada, actor=actor, dry_run=dry_run)
    run = _Run(instance, path, fmt, report, context, progress, batch_size)
    try:
        run.validate()
        assert run.columns is not None
        header_ok = not (run.columns.missing or run.columns.duplicates)
        nothing_valid = report.rows_valid == 0 and report.errors_total > 0
        if not header_ok or (report.errors_total and not skip_invalid) or (skip_invalid and nothing_valid):
            report.status = Status.VALIDATION_ERRORS
            return report
        if dry_run:
            report.status = Status.DRY_RUN
            return report
        if report.rows_valid == 0:
            report.status = Status.DONE  # a header without rows: nothing to write, nothing to log
            return report
        with transaction.atomic():
            # Every row this import inserts is stamped between ``started`` and the entry's own time: that is how
            # a record's history finds the import that created it (hromada.core.audit_display).
            started = timezone.now()
            run.write()
            changes = {
                "file": report.file, "sha256": report.sha256, "rows": report.rows_total,
                "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
                "skipped": report.rows_skipped, **report.extras, "started": started.isoformat(),
            }
            known = {key: str(value) for key, value in (source or {}).items()
                     if key in ("import_id", "folder", "name") and value is not None}
            changes.update(known)
            audit.record(AuditEntry.Action.SYSTEM, hromada=hromada, actor=actor, object_type=f"import.{report.kind}",
                         object_id=known.get("import_id", ""), object_repr=known.get("name") or report.file,
                         changes=changes)
        report.status = Status.DONE
        return report
    finally:
        run.spool.close()
