"""An uploaded open-data file read as a table: a header and rows of text, in constant memory where the format
allows it.

* CSV: UTF-8 with or without BOM (a Windows-1251 file is refused with its own message), delimited by ``,``,
  ``;`` or tab (Excel's ``sep=;`` first line is understood), records as the csv module reads them, so a
  multi-line cell is one row, numbered as a spreadsheet numbers it.
* XLSX: the first sheet through openpyxl's read-only mode; dates as ISO 8601 text, numbers without float
  noise (15 significant digits, as Excel shows them).
* JSON: an array of objects, or an object holding one under ``data`` or ``records``; the header is the union
  of the keys in the order first met. The document is streamed element by element (two passes: the keys,
  then the rows), so memory holds one record at a time.
* GeoJSON: a FeatureCollection; the properties become columns, and a last column ``geometry`` holds each
  feature's geometry as compact JSON.

Cells are strings, or None for a cell with nothing in it (XLSX, JSON null or a missing key); CSV cells are
never None. Row numbers are what a person would say: ``Table.first_row`` is the number of the first data row
(2 below a header row in CSV and XLSX, 1 for the first record of JSON and GeoJSON).
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

# The delimiter of a header line: the same rule as the import engine's, so a file reads the same in both.
from hromada.core.imports import detect_delimiter, xlsx_rows

FORMATS = ("csv", "xlsx", "json", "geojson")
GEOMETRY_COLUMN = "geometry"

_CHUNK = 64 * 1024
MAX_JSON_RECORD_CHARS = 16 * 1024 * 1024  # one record (a feature with a detailed border) fits many times over
_SEP_LINE = re.compile(r'\s*"?sep=(.)"?\s*', re.IGNORECASE)
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TableError(Exception):
    """The file cannot be read as a table. ``code`` is the Frictionless error type it corresponds to
    (encoding-error, format-error, source-error); ``row`` the row or record where reading stopped, if known."""

    def __init__(self, message: str, *, code: str = "format-error", row: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.row = row

    def __str__(self) -> str:
        return self.message


@dataclass
class Table:
    """A header and a way to read the rows; ``rows()`` opens the file anew each time it is called."""

    fmt: str
    header: list[str]
    first_row: int
    _reader: Callable[[], Iterator[list[str | None]]]

    @property
    def records(self) -> bool:
        """True when rows are records of a JSON document (counted from 1) rather than spreadsheet rows."""
        return self.fmt in ("json", "geojson")

    def rows(self) -> Iterator[list[str | None]]:
        return self._reader()


def open_table(path: Path, fmt: str) -> Table:
    """Read ``path`` as a table of format ``fmt``; a file that cannot be read raises TableError."""
    path = Path(path)
    if fmt == "csv":
        return _open_csv(path)
    if fmt == "xlsx":
        return _open_xlsx(path)
    if fmt in ("json", "geojson"):
        return _open_json(path, fmt)
    raise ValueError(f"unsupported table format: {fmt!r}")


# --- format sniffing ---------------------------------------------------------------------------------------

_EXTENSIONS = {
    ".csv": "csv", ".tsv": "csv", ".txt": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".geojson": "geojson",
    ".pdf": "pdf",
}


def sniff_format(filename: str, first_bytes: bytes) -> str | None:
    """"csv", "xlsx", "json", "geojson" or "pdf" by the content's magic and the file's extension; None for
    anything else (an old .xls, a DOCX, an ODS, a binary file, a name and content that disagree).

    Content wins where it is unambiguous: a PDF or an XLSX is recognised whatever its name. ``first_bytes``
    should be the first few kilobytes: an XLSX is a zip whose entries under ``xl/`` are named near the start.
    """
    extension = Path(filename or "").suffix.lower()
    by_name = _EXTENSIONS.get(extension)
    head = first_bytes or b""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if b"xl/" in head else None
    if head.startswith(_OLE_MAGIC) or b"\x00" in head[:_CHUNK]:
        return None  # an old Excel workbook, a password-protected one, UTF-16 or another binary file
    if by_name in ("pdf", "xlsx"):
        return None  # the name promises a binary format the content is not
    start = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n")
    if start.startswith((b"{", b"[")):
        if by_name == "geojson" or re.search(rb'"type"\s*:\s*"FeatureCollection"', head):
            return "geojson"
        return "json"
    if by_name in ("json", "geojson"):
        return None
    return by_name


# --- text encoding -----------------------------------------------------------------------------------------


_WORD = re.compile(r"[^\W\d_]+")


def _is_cyrillic(char: str) -> bool:
    return "CYRILLIC" in unicodedata.name(char, "")


def _is_mostly_cyrillic(sample: bytes) -> bool:
    """Whether bytes read as Windows-1251 give Cyrillic words: the sign of a cp1251 file rather than of
    another 8-bit encoding or of damaged UTF-8. Every byte from 0xC0 up is a Cyrillic letter in cp1251, so
    letters alone prove nothing (Latin-1 «café» reads as «cafй»); words do: in a cp1251 file the non-ASCII
    letters make whole Cyrillic words, in a Latin-1 file they sit inside Latin ones."""
    try:
        text = sample.decode("cp1251")
    except UnicodeDecodeError:  # 0x98 is undefined in cp1251
        return False
    cyrillic = mixed = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if all(_is_cyrillic(char) for char in word):
            cyrillic += 1
        else:
            mixed += 1
    return cyrillic > 0 and cyrillic >= 4 * mixed


def text_encoding(path: Path) -> str:
    """"utf-8-sig" or "utf-8" for a file that is UTF-8 text from start to end; TableError (encoding-error)
    otherwise. The whole file is decoded once, in chunks, so that an error far down is caught before any row
    is read (a table reported valid up to row 90 000 and then unreadable helps nobody)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    first = True
    bom = False
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if first:
                bom = chunk.startswith(codecs.BOM_UTF8)
                first = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                if _is_mostly_cyrillic(chunk[max(0, error.start - 2048):error.start + 2048]):
                    raise TableError(_("The file is in the Windows-1251 encoding; save it as CSV UTF-8."),
                                     code="encoding-error") from None
                raise TableError(_("The file is not UTF-8 text; save it in the UTF-8 encoding."),
                                 code="encoding-error") from None
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise TableError(_("The file is not UTF-8 text: it ends in the middle of a character."),
                             code="encoding-error") from None
    return "utf-8-sig" if bom else "utf-8"


# --- CSV ---------------------------------------------------------------------------------------------------


MAX_CSV_CELL_CHARS = 16 * 1024 * 1024


def _open_csv(path: Path) -> Table:
    # The csv module refuses cells over 128 KiB by default, and the text of a decision can be longer. The limit
    # is process-wide (Frictionless raises it as well when imported); it is only ever raised here.
    if csv.field_size_limit() < MAX_CSV_CELL_CHARS:
        csv.field_size_limit(MAX_CSV_CELL_CHARS)
    if not path.is_file():
        raise TableError(_("The file does not exist."), code="scheme-error")
    encoding = text_encoding(path)
    with path.open("r", encoding=encoding, newline="") as stream:
        first = ""
        for line in stream:
            first = line.rstrip("\r\n")
            break
    sep = _SEP_LINE.fullmatch(first)
    delimiter = sep.group(1) if sep else detect_delimiter(first)

    def records() -> Iterator[list[str]]:
        with path.open("r", encoding=encoding, newline="") as stream:
            if sep:
                stream.readline()
            reader = csv.reader(stream, delimiter=delimiter, strict=False)
            number = 0
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    raise TableError(
                        _("Row %(row)s cannot be read as CSV (%(reason)s); check the quotes in it.")
                        % {"row": number + 1, "reason": error}, row=number + 1,
                    ) from None
                number += 1
                yield record

    reader = records()
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(_("The file is empty."), code="source-error") from None
    finally:
        reader.close()
    if not any(cell.strip() for cell in header):
        raise TableError(_("The first row of the file is empty: it must hold the column names."),
                         code="source-error", row=1)

    def rows() -> Iterator[list[str | None]]:
        stream = records()
        next(stream, None)
        yield from _drop_trailing_blank(stream)

    return Table("csv", header, 2, rows)


def _is_blank(cells: list[Any]) -> bool:
    return all(cell is None or cell == "" for cell in cells)


def _drop_trailing_blank(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """Rows as they come, except blank ones at the very end, which a spreadsheet does not show; blank rows
    between data rows stay (they are numbered rows a person sees). The blank rows waiting to be let through
    are held as runs of equal rows, so a sheet formatted down to row 1 048 576 costs nothing."""
    pending: list[list[Any]] = []  # [row, how many times]
    for row in rows:
        if _is_blank(row):
            if pending and pending[-1][0] == row:
                pending[-1][1] += 1
            else:
                pending.append([row, 1])
            continue
        for blank, count in pending:
            for _copy in range(count):
                yield list(blank)
        pending = []
        yield row


# --- XLSX --------------------------------------------------------------------------------------------------


def spreadsheet_text(value: Any) -> str | None:
    """A spreadsheet value as open-data text: ISO 8601 dates and times, numbers as Excel shows them."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        # Excel keeps 15 significant digits: 0.1 + 0.2 is 0.30000000000000004 in the file and 0.3 on screen.
        return _plain_decimal(Decimal(format(value, ".15g")))
    if isinstance(value, Decimal):
        return _plain_decimal(value)
    return str(value)


def _plain_decimal(value: Decimal) -> str:
    """Without an exponent and without trailing zeros after the point: 1E+2 → 100, 2.50 → 2.5, 1E-5 → 0.00001."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _open_xlsx(path: Path) -> Table:

    if not path.is_file():
        raise TableError(_("The file does not exist."), code="scheme-error")

    def sheet_rows() -> Iterator[list[str | None]]:
        for _number, row in xlsx_rows(path, text=spreadsheet_text,
                                      error=lambda message, row=None: TableError(message, row=row)):
            yield row

    reader = sheet_rows()
    try:
        first = next(reader, None)
    finally:
        reader.close()
    if first is None or _is_blank(first):
        raise TableError(_("The first row of the first sheet is empty: it must hold the column names."),
                         code="source-error", row=1)
    # The sheet's width counts formatted empty cells; the header ends with its last named column.
    while first and first[-1] in (None, ""):
        first.pop()
    header = ["" if cell is None else cell for cell in first]
    width = len(header)

    def rows() -> Iterator[list[str | None]]:
        stream = sheet_rows()
        next(stream, None)

        def fitted() -> Iterator[list[str | None]]:
            for row in stream:
                # Pad to the header (a short row is only the sheet's way of saying "empty here") and cut the
                # empty tail beyond it; a value beyond the header stays, for the validator to report.
                end = len(row)
                while end > width and row[end - 1] in (None, ""):
                    end -= 1
                row = row[:end]
                yield row + [None] * (width - len(row))

        yield from _drop_trailing_blank(fitted())

    return Table("xlsx", header, 2, rows)


# --- JSON and GeoJSON --------------------------------------------------------------------------------------


class _Constant(ValueError):
    pass


def _refuse_constant(name: str):
    raise _Constant(name)  # NaN and Infinity are not JSON


_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=_refuse_constant)


class _JsonReader:
    """A JSON document read from a text stream one value at a time, for walking into its top level."""

    def __init__(self, stream):
        self.stream = stream
        self.buffer = ""
        self.pos = 0
        self.eof = False

    def _fill(self) -> None:
        # Twice what is held: a long record is re-parsed a logarithmic number of times, not once per chunk.
        chunk = self.stream.read(max(_CHUNK, 2 * (len(self.buffer) - self.pos)))
        if not chunk:
            self.eof = True
        self.buffer = self.buffer[self.pos:] + chunk
        self.pos = 0

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the document)."""
        while True:
            self.pos = _JSON_SPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer) or self.eof:
                return self.buffer[self.pos:self.pos + 1]
            self._fill()

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise self.broken()
        self.pos += 1

    def value(self, record: int | None = None) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError:
                if self.eof or len(self.buffer) - self.pos > MAX_JSON_RECORD_CHARS:
                    raise self.broken(record) from None
                self._fill()
                continue
            except (_Constant, RecursionError):
                raise self.broken(record) from None
            if end == len(self.buffer) and not self.eof:
                self._fill()  # a number may go on in the next chunk
                continue
            self.pos = end
            return value

    def broken(self, record: int | None = None) -> TableError:
        if record is not None:
            return TableError(_("Record %(row)s is not valid JSON.") % {"row": record}, row=record)
        return TableError(_("The file is not valid JSON."))


def _records(path: Path, fmt: str, encoding: str) -> Iterator[Any]:
    """The elements of the array the table lives in: the document itself, ``data`` or ``records`` under it
    (JSON) or ``features`` of a FeatureCollection (GeoJSON)."""
    keys = ("features",) if fmt == "geojson" else ("data", "records")
    with path.open("r", encoding=encoding) as stream:
        reader = _JsonReader(stream)
        start = reader.peek()
        if start == "[" and fmt == "json":
            yield from _array(reader)
            return
        if start != "{":
            if fmt == "geojson":
                raise TableError(_("The file is not a GeoJSON FeatureCollection."))
            raise TableError(_("The JSON file must hold a list of objects, or an object with the list under "
                               "«data» or «records»."))
        reader.take("{")
        kind = None
        while reader.peek() != "}":
            key = reader.value()
            if not isinstance(key, str):
                raise reader.broken()
            reader.take(":")
            if key in keys and reader.peek() == "[":
                if fmt == "geojson" and kind not in (None, "FeatureCollection"):
                    break
                yield from _array(reader)
                return
            value = reader.value()
            if key == "type":
                kind = value
            if reader.peek() == ",":
                reader.take(",")
            elif reader.peek() != "}":
                raise reader.broken()
        if fmt == "geojson":
            raise TableError(_("The file is not a GeoJSON FeatureCollection."))
        raise TableError(_("The JSON file must hold a list of objects, or an object with the list under «data» "
                           "or «records»."))


def _array(reader: _JsonReader) -> Iterator[Any]:
    reader.take("[")
    if reader.peek() == "]":
        return
    number = 0
    while True:
        number += 1
        yield reader.value(number)
        following = reader.peek()
        if following == ",":
            reader.take(",")
        elif following == "]":
            return
        else:
            raise reader.broken(number if following else None)  # at the end: the document is cut short


def compact_json(value: Any) -> str:
    """JSON without spaces; numbers as they were written (decimals are read as Decimal, never as float)."""
    if isinstance(value, Decimal):
        return str(value)  # 1.50 stays 1.50, 1e5 becomes 1E+5: both are JSON numbers
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{compact_json(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(compact_json(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def json_text(value: Any) -> str | None:
    """A JSON value as a cell: null → None, true → "true", 1.50 → "1.50", an object or list as compact JSON."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return compact_json(value)


def _properties(item: Any, fmt: str, number: int) -> dict:
    if fmt == "geojson":
        if not isinstance(item, dict) or item.get("type") != "Feature":
            raise TableError(_("Record %(row)s of the FeatureCollection is not a Feature.") % {"row": number},
                             row=number)
        properties = item.get("properties")
        if properties is None:
            return {}
        if not isinstance(properties, dict):
            raise TableError(_("The properties of record %(row)s are not an object.") % {"row": number},
                             row=number)
        return properties
    if not isinstance(item, dict):
        raise TableError(_("Record %(row)s is not an object: the table's records must be JSON objects.")
                         % {"row": number}, row=number)
    return item


def _open_json(path: Path, fmt: str) -> Table:
    if not path.is_file():
        raise TableError(_("The file does not exist."), code="scheme-error")
    encoding = text_encoding(path)
    seen: dict[str, None] = {}  # an ordered set of the keys
    count = 0
    for count, item in enumerate(_records(path, fmt, encoding), start=1):
        for key in _properties(item, fmt, count):
            seen.setdefault(str(key), None)
    header = list(seen)
    if fmt == "geojson":
        header.append(GEOMETRY_COLUMN)
    if not header:
        raise TableError(_("The file has no records with data.") if not count
                         else _("The records of the file have no fields."), code="source-error")

    def rows() -> Iterator[list[str | None]]:
        for number, item in enumerate(_records(path, fmt, encoding), start=1):
            properties = _properties(item, fmt, number)
            row = [json_text(properties.get(key)) for key in seen]
            if fmt == "geojson":
                geometry = item.get("geometry")
                row.append(None if geometry is None else compact_json(geometry))
            yield row

    return Table(fmt, header, 1, rows)


# --- PDF ---------------------------------------------------------------------------------------------------

MIN_PDF_TEXT_CHARS = 10  # letters and digits: a few words, more than a stray page number on a scan


def is_pdf(path: Path) -> bool:
    with Path(path).open("rb") as stream:
        return stream.read(5) == b"%PDF-"


def is_pdf_with_text(path: Path) -> bool:
    """Whether the PDF has a text layer: the open-data recommendations accept texts only in a machine-readable
    form, and a scan without recognised text is not one. Pages are read until enough text is found."""
    from pypdf import PdfReader

    path = Path(path)
    if not is_pdf(path):
        return False
    found = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(path)
            if reader.is_encrypted:
                reader.decrypt("")  # many "protected" PDFs only restrict printing, with an empty password
            for page in reader.pages:
                text = page.extract_text() or ""
                found += sum(1 for char in text if char.isalnum())
                if found >= MIN_PDF_TEXT_CHARS:
                    return True
    except Exception:  # a damaged or truly encrypted PDF fails in many ways; either way there is no text to read
        return False
    return False
