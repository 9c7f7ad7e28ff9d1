"""Plain text of act attachments (PDF, DOCX, ODT, RTF) for full-text search.

Uploads come from anyone with an account, so the format is judged by the file's content (the extension
must agree with it), sizes are bounded before any library sees the bytes, ZIP containers are checked for
bombs from their declared sizes (which `zipfile` enforces while reading), and every library failure on
corrupt input becomes an `ExtractionError` with a message fit for the user.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from hromada.core import filetypes

# Format -> MIME type of the attachments the registry accepts.
ATTACHMENT_FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
}

MAX_FILE_SIZE = 25 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
MAX_UNPACKED_SIZE = 100 * 1024 * 1024  # sum of the declared sizes of a ZIP's members
MAX_COMPRESSION_RATIO = 200  # legitimate office XML stays far below; zeros reach ~1000
RATIO_CHECK_FLOOR = 1024 * 1024  # small archives may compress as they like
MAX_ZIP_MEMBERS = 10_000

ODT_MIMETYPE = filetypes.ODT_MIMETYPE


class ExtractionError(ValueError):
    """The file cannot be read; `message` (also `str(error)`) is a translated text for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _not_supported() -> ExtractionError:
    return ExtractionError(_("The file is not a PDF, DOCX, ODT or RTF document."))


def _damaged() -> ExtractionError:
    return ExtractionError(_("The file is damaged and its text cannot be read."))


def detect_format(filename: str, head: bytes) -> str:
    """Return "pdf", "docx", "odt" or "rtf" judged by content; a contradicting extension is refused.

    `head` is the start of the file; for DOCX and ODT pass the whole file if possible (the ZIP
    directory is at its end), otherwise the first local headers are inspected.
    """
    fmt = _sniff(head)
    if fmt is None:
        raise _not_supported()
    dot, extension = filename.rpartition(".")[1:]
    extension = extension.lower() if dot else ""
    if extension and extension != fmt:
        raise ExtractionError(
            _("The file extension “.%(extension)s” does not match its content (%(format)s).")
            % {"extension": extension, "format": fmt.upper()}
        )
    return fmt


def _sniff(head: bytes) -> str | None:
    fmt = filetypes.sniff(head)
    return fmt if fmt in ATTACHMENT_FORMATS else None


def extract_text(data: bytes, filename: str) -> str:
    """Plain text of the attachment: one paragraph per line, whitespace collapsed, at most MAX_TEXT_CHARS.

    A PDF without a text layer (a scan) gives "". Raises `ExtractionError` for anything unreadable.
    """
    if len(data) > MAX_FILE_SIZE:
        raise ExtractionError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE // (1024 * 1024)})
    fmt = detect_format(filename, data)
    reader = {"pdf": _pdf_lines, "docx": _docx_lines, "odt": _odt_lines, "rtf": _rtf_lines}[fmt]
    try:
        return _normalise(reader(data))
    except ExtractionError:
        raise
    except Exception as exc:  # any library failure on a corrupt file
        raise _damaged() from exc


# Control characters (PostgreSQL refuses NUL) and lone surrogates become spaces.
_JUNK = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff]")


def _normalise(chunks: Iterator[str]) -> str:
    lines: list[str] = []
    size = 0
    for chunk in chunks:
        for raw in _JUNK.sub(" ", chunk).splitlines():
            line = " ".join(raw.split())
            if line:
                lines.append(line)
                size += len(line) + 1
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(lines)[:MAX_TEXT_CHARS].rstrip()


# --- PDF ---------------------------------------------------------------------------------------


def _pdf_lines(data: bytes) -> Iterator[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    # An owner password alone only restricts printing or copying; any viewer opens such a file.
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionError(_("The PDF is protected with a password; upload it without the password."))
    for page in reader.pages:
        yield page.extract_text() or ""


# --- DOCX and ODT ----------------------------------------------------------------------------------


def _open_zip(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    if (
        len(infos) > MAX_ZIP_MEMBERS
        or unpacked > MAX_UNPACKED_SIZE
        or (unpacked > RATIO_CHECK_FLOOR and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1))
    ):
        archive.close()
        raise ExtractionError(_("The document unpacks to an unreasonably large size and was refused."))
    return archive


def _docx_lines(data: bytes) -> Iterator[str]:
    import docx

    _open_zip(data).close()
    document = docx.Document(io.BytesIO(data))
    yield from _docx_blocks(document)


def _docx_blocks(container) -> Iterator[str]:
    """Paragraphs and table cells (nested tables too) in document order."""
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    yield from _docx_blocks(cell)
        else:
            yield block.text


_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_BLOCKS = {_TEXT + "p", _TEXT + "h"}
_INLINE_SPACES = {_TEXT + "s": " ", _TEXT + "tab": "\t", _TEXT + "line-break": "\n"}


def _odt_lines(data: bytes) -> Iterator[str]:
    from defusedxml import ElementTree

    with _open_zip(data) as archive:
        content = archive.read("content.xml")
    root = ElementTree.fromstring(content)
    body = root.find(_OFFICE + "body")
    if body is None:
        raise _damaged()
    yield from _odt_blocks(body)


def _odt_blocks(element) -> Iterator[str]:
    """text:p and text:h anywhere (sections, lists, table cells), in document order."""
    for child in element:
        if child.tag in _BLOCKS:
            yield _odt_inline(child)
        else:
            yield from _odt_blocks(child)


def _odt_inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag in _INLINE_SPACES:
            parts.append(_INLINE_SPACES[child.tag])
        elif child.tag in _BLOCKS:  # a paragraph inside a note or frame inside this paragraph
            parts.append("\n" + _odt_inline(child) + "\n")
        else:  # text:span, text:a, text:note and the like
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- RTF ---------------------------------------------------------------------------------------

_ANSICPG = re.compile(rb"\\ansicpg(\d{3,5})")


def _rtf_lines(data: bytes) -> Iterator[str]:
    import codecs

    from striprtf.striprtf import rtf_to_text

    # \'xx escapes are bytes in the code page of the current font (\fcharset204 -> cp1251, which
    # striprtf maps) or else of the document (\ansicpgN); \uNNNN escapes are Unicode already.
    match = _ANSICPG.search(data[:4096])
    encoding = f"cp{int(match.group(1))}" if match else "cp1252"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "cp1252"
    text = rtf_to_text(data.decode(encoding, errors="replace"), encoding=encoding, errors="replace")
    yield text.replace("|", " ")  # striprtf marks table cells with "|"
