"""What the staff import pages of every app share on the web side: receiving the upload, the preview, the reports.

The pages (upload → column mapping preview → validation report → confirmation → background run with
progress → result) stay in each app, with the app's capability, URLs, templates and importer; they call
these helpers and :mod:`hromada.core.import_flow`, which keeps the import on disk and runs it. The generic
template partials are ``core/imports/_*.html``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core import audit, import_flow, imports
from hromada.core.exports import csv_response
from hromada.core.import_flow import State, Upload

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
PREVIEW_ROWS = 10
ERRORS_PER_PAGE = 50
HISTORY_SIZE = 50
PAGES = {State.UPLOADED: "preview", State.CHECKING: "status", State.CHECKED: "report", State.RUNNING: "status"}


# --- receiving the upload ------------------------------------------------------------------------------


class SizeLimit(FileUploadHandler):
    """Drops an uploaded file as soon as it passes MAX_UPLOAD_BYTES, so a huge upload is never stored.

    The view inserts it first (``request.upload_handlers.insert(0, SizeLimit(request))``) before anything reads
    the body, and then checks CSRF itself; a dropped file sets ``request.import_upload_too_large``.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.request.import_upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB. Split it into several files and import them one by one.") % {
        "size": MAX_UPLOAD_MB}


class UploadForm(forms.Form):
    """The upload form of an import page; a subclass declares its ``file`` field and ``no_file_message``."""

    no_file_message = ""

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > MAX_UPLOAD_BYTES):
            raise forms.ValidationError(too_large_message())
        if upload is None or upload is False:
            raise forms.ValidationError(str(self.no_file_message))
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        return upload


def display_name(name: str) -> str:
    """The uploaded file's own name, for people only (it never becomes a path)."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:200] or _("file")


def receive(target: Upload, uploaded, importer) -> dict:
    """Store the uploaded file as ``target.part`` and inspect it (see :func:`inspect`, with the rows counted).

    A file that is not a readable table raises ImportFileError, and nothing of it is kept.
    """
    target.dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.part.open("wb") as stream:
            for chunk in uploaded.chunks():
                stream.write(chunk)
        return inspect(target.part, importer, count=True)
    except BaseException:
        import_flow.drop_file(target)
        raise


def first_state(request, target: Upload, *, kind: str, uploaded, facts: dict, inspection: dict) -> dict:
    """The state of a freshly uploaded import (``facts``: the format as the app describes it)."""
    return {
        "id": target.id, "hromada": request.hromada.pk, "kind": kind, "status": State.UPLOADED,
        "filename": display_name(uploaded.name), "size": uploaded.size,
        "format": facts, "rows_counted": inspection["counted"],
        "large": inspection["counted"] >= import_flow.INLINE_ROWS,
        "uploaded_by": request.user.pk, "uploaded_by_name": str(request.user),
        "uploaded_at": timezone.now().isoformat(),
    }


# --- finding an import and its page --------------------------------------------------------------------


def find(request, upload: Upload, kinds) -> dict:
    """The settled state of an import of the request's hromada of one of ``kinds``; anything else is a 404."""
    state = import_flow.read(upload)
    if state is None or state.get("hromada") != request.hromada.pk or state.get("id") != upload.id:
        raise Http404
    if state.get("kind") not in kinds:  # another app's import, or its importer is gone
        raise Http404
    return import_flow.settle(upload, state)


def page_name(status: str) -> str:
    """Which page shows an import in this status: preview, status, report or result."""
    return PAGES.get(status, "result")


def when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def newest_first(entries: list[dict]) -> list[dict]:
    """History entries (each with a ``when``) newest first, at most HISTORY_SIZE of them."""
    oldest = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    entries.sort(key=lambda entry: entry["when"] or oldest, reverse=True)
    return entries[:HISTORY_SIZE]


# --- the preview ---------------------------------------------------------------------------------------


def inspect(path: Path, importer, *, count: bool) -> dict:
    """Format, header mapping and the first rows (and, with ``count``, the data rows up to INLINE_ROWS).

    Raises ImportFileError when the file is not a readable table.
    """
    fmt = imports.sniff(path)
    header, rows = imports.open_rows(path, fmt)
    sample: list[tuple[int, list[str]]] = []
    counted = 0
    try:
        for number, cells in rows:
            counted += 1
            if len(sample) < PREVIEW_ROWS:
                sample.append((number, cells))
            elif not count or counted >= import_flow.INLINE_ROWS:
                break
    finally:
        rows.close()
    columns = imports.match_columns(importer.columns, header)
    return {"fmt": fmt, "header": header, "columns": columns, "sample": sample, "counted": counted}


def mapping(importer, inspection: dict) -> list[dict]:
    """How each column of the file maps to the register's: mapped, ignored (unknown/empty) or duplicated."""
    columns: imports.ColumnMap = inspection["columns"]
    by_key = {column.key: column for column in importer.columns}
    at = {index: key for key, index in columns.positions.items()}
    duplicated = {second - 1: first for _title_, first, second in columns.duplicates}
    rows = []
    for index, title in enumerate(inspection["header"]):
        entry = {"number": index + 1, "title": title, "column": None, "state": "mapped", "note": ""}
        if index in at:
            entry["column"] = by_key[at[index]]
        elif index in duplicated:
            entry["state"] = "duplicate"
            entry["note"] = _("Error: the same column as column %(number)s.") % {"number": duplicated[index]}
        elif not title:
            entry["state"] = "ignored"
            entry["note"] = _("Ignored: the column has no header.")
        else:
            entry["state"] = "ignored"
            entry["note"] = _("Ignored: not a column of this register.")
        rows.append(entry)
    return rows


def preview_table(inspection: dict) -> dict:
    """The first rows as a table: ``header`` (an untitled column named by its number) and padded ``sample``."""
    width = max([len(inspection["header"]), *(len(cells) for _number, cells in inspection["sample"])])
    header = [title or _("column %(number)s") % {"number": index + 1}
              for index, title in enumerate(inspection["header"] + [""] * (width - len(inspection["header"])))]
    return {"header": header,
            "sample": [(number, cells + [""] * (width - len(cells))) for number, cells in inspection["sample"]]}


# --- reports, confirmation, progress, result -----------------------------------------------------------


def errors_page(request, report: dict) -> Any:
    return Paginator(report.get("errors", []), ERRORS_PER_PAGE).get_page(request.GET.get("page"))


def safe_cell(value: str) -> str:
    """A value from the uploaded file that a spreadsheet would run as a formula is shown as text."""
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and not re.fullmatch(r"-[\d\s.,]+", value)):
        return "'" + value
    return value


def errors_csv(request, upload: Upload, state: dict):
    """The errors of the check (or of the import) as CSV; the download is logged, as the values are personal data."""
    source = state.get("result") or state.get("check")
    if not source or not source.get("errors"):
        raise Http404
    from hromada.core.models import AuditEntry

    audit.record(AuditEntry.Action.EXPORT, hromada=request.hromada, object_type=f"import.{state['kind']}",
                 object_id=upload.id, object_repr=_("errors of the import of %(file)s") % {"file": state["filename"]})
    header = [_("Row"), _("Column"), _("Value"), _("Reason")]
    rows = ([issue.get("row") or "", issue.get("column", ""), safe_cell(issue.get("value", "")),
             issue.get("reason", "")] for issue in source["errors"])
    return csv_response(f"import-errors-{upload.id[:8]}", header, rows)


def plan(state: dict, mode: str) -> dict:
    """What importing a checked file in ``mode`` would write, or the ``problem`` that forbids it."""
    checked = state.get("check") or {}
    errors, valid = checked.get("errors_total", 0), checked.get("rows_valid", 0)
    problem = ""
    if mode == "all" and errors:
        problem = _("The file has errors, so it cannot be imported whole. Import only the valid rows, or correct "
                    "the file and upload it again.")
    elif mode == "valid" and valid == 0:
        problem = _("There are no valid rows to import.")
    return {"rows": valid if mode == "valid" else checked.get("rows_total", 0),
            "left_out": checked.get("rows_invalid", 0) if mode == "valid" else 0, "problem": problem}


def progress_context(state: dict, status_url: str) -> dict:
    """What the progress partial (``core/imports/_progress.html``) shows of a busy import."""
    progress = state.get("progress") or {}
    done, total = progress.get("done", 0), progress.get("total")
    return {"done": done, "total": total, "checking": state["status"] == State.CHECKING,
            "percent": min(100, round(100 * done / total)) if total else None, "status_url": status_url}


def extras(importer, report: dict) -> list[tuple[str, Any]]:
    """The importer's own counts of a finished import (e.g. streets created), labelled."""
    labels = getattr(importer, "extra_labels", {}) or {}
    return [(str(labels.get(key, key)), value) for key, value in (report.get("extras") or {}).items()]


def retry(request, upload: Upload, state: dict, page_for):
    """The "run again" button of an interrupted import: back to its status page, or a message if it cannot."""
    again = import_flow.retry(request, upload, state)
    if again is None:
        messages.error(request, _("This import can no longer be run again; upload the file anew."))
        return redirect(page_for(import_flow.read(upload) or state))
    return redirect(page_for(import_flow.read(upload) or again))
