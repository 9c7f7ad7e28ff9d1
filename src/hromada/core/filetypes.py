"""What a file is, judged by its content rather than its name: one sniffer for every upload of documents.

The registry of acts accepts documents; cases also accept scans (JPEG, PNG). A ZIP container is recognised
without unpacking anything large (ODT's mimetype member is read only when it is tiny).
"""

from __future__ import annotations

import io
import zipfile

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "rtf": "application/rtf",
    "jpg": "image/jpeg",
    "png": "image/png",
}
EXTENSION_ALIASES = {"jpeg": "jpg"}


def sniff(head: bytes) -> str | None:
    """"pdf", "docx", "odt", "rtf", "jpg" or "png" by content; None for anything else."""
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(head)
    if b"%PDF-" in head[:1024]:  # readers accept a little junk before the header
        return "pdf"
    if head[:1024].lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def extension_matches(filename: str, fmt: str) -> bool:
    """An extension, when the name has one, must agree with the content."""
    dot, extension = filename.rpartition(".")[1:]
    extension = extension.lower() if dot else ""
    return not extension or EXTENSION_ALIASES.get(extension, extension) == fmt


def _sniff_zip(head: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(head)) as archive:
            names = set(archive.namelist())
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 200  # never unpack a bomb
            if small and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            return None
    except Exception:  # truncated or damaged: fall back to the local headers at the start
        # ODF stores "mimetype" first and uncompressed.
        if head[30:38] == b"mimetype" and head[38:].startswith(ODT_MIMETYPE):
            return "odt"
        if b"[Content_Types].xml" in head or b"word/document.xml" in head:
            return "docx"
        return None
