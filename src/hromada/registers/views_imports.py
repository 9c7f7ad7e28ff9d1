"""Staff pages that import the registers: upload → column preview → validation report → confirmation → commit.

Everything about one import lives on disk, not in the database (no migrations): the uploaded file as
``DATA_DIR/imports/<hromada id>/<uuid>`` and a small JSON state file beside it, ``<uuid>.json`` (status,
register, who and when, the format found, the validation report, progress, the final report). Both paths
are derived from the hromada of the request and a server-generated UUID only, never from user input, so an
id of another hromada simply is not found (404). Writes of a state file happen under a per-hromada file lock
and replace the file atomically; the uploaded file is deleted once the import is done, failed or cancelled
(it holds personal data), the state file stays as the history of the hromada's imports.

The reading, validation and writing are the engine's (:mod:`hromada.core.imports`): the check is
``run_import(..., dry_run=True)`` and the commit a real ``run_import`` — all rows or none, one audit entry.

Long files run in a background thread. The project has no task queue yet: a daemon
``threading.Thread`` started from the view (after the request's transaction commits, house rule 11) does
the work and writes its progress into the state file, which the status page polls. A server restart kills
the thread; the import's transaction then never commits (nothing is written), and the next visit of the
import's page sees that its thread is gone and marks it failed. When a task queue arrives, ``_execute`` is
the task body as it is.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import threading
import time
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.core.paginator import Paginator
from django.db import close_old_connections, connection, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from hromada.core import audit, imports
from hromada.core.access import require
from hromada.core.exports import csv_response

logger = logging.getLogger(__name__)

CAPABILITY = "registers.import"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
INLINE_ROWS = 2000  # files with fewer data rows are checked and imported within the request
PREVIEW_ROWS = 10
ERRORS_PER_PAGE = 50
HISTORY_SIZE = 50
PROGRESS_INTERVAL = 1.0  # seconds between two progress writes of a background run
ORDER = ("streets", "buildings", "residents", "land", "property")  # addresses first, as they are needed first
MODES = ("all", "valid")
_ID = re.compile(r"[0-9a-f]{32}")
_STATE_NAME = re.compile(r"([0-9a-f]{32})\.json")


class State:
    UPLOADED = "uploaded"
    CHECKING = "checking"
    CHECKED = "checked"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    State.UPLOADED: gettext_lazy("uploaded, not checked"),
    State.CHECKING: gettext_lazy("being checked"),
    State.CHECKED: gettext_lazy("checked, not imported"),
    State.RUNNING: gettext_lazy("being imported"),
    State.DONE: gettext_lazy("imported"),
    State.FAILED: gettext_lazy("failed"),
    State.CANCELLED: gettext_lazy("cancelled"),
}
BUSY = {State.CHECKING, State.RUNNING}
FINISHED = {State.DONE, State.FAILED, State.CANCELLED}


# --- storage -------------------------------------------------------------------------------------------


def _root(hromada_id: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / str(int(hromada_id))


@dataclass(frozen=True)
class Upload:
    """Where one import of one hromada lives; both parts of the path come from the server."""

    hromada_id: int
    id: str  # uuid4().hex

    def __post_init__(self):
        if not _ID.fullmatch(self.id):
            raise ValueError("an import id is 32 lowercase hex digits")

    @property
    def dir(self) -> Path:
        return _root(self.hromada_id)

    @property
    def file(self) -> Path:
        return self.dir / self.id

    @property
    def part(self) -> Path:
        return self.dir / f"{self.id}.part"

    @property
    def state_path(self) -> Path:
        return self.dir / f"{self.id}.json"


@contextlib.contextmanager
def _locked(hromada_id: int):
    """One writer of the hromada's state files at a time, across threads and processes."""
    directory = _root(hromada_id)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read(upload: Upload) -> dict | None:
    try:
        return json.loads(upload.state_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def _write(upload: Upload, state: dict) -> None:
    """Replace the state file atomically (call under _locked)."""
    state["updated_at"] = timezone.now().isoformat()
    temporary = upload.dir / f"{upload.id}.json.tmp"
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, upload.state_path)


def _update(upload: Upload, expect: set[str] | None = None, **changes: Any) -> dict | None:
    """Apply ``changes`` if the status is one of ``expect`` (any status when None); the new state or None."""
    with _locked(upload.hromada_id):
        state = _read(upload)
        if state is None or (expect is not None and state.get("status") not in expect):
            return None
        state.update(changes)
        _write(upload, state)
        return state


def _drop_file(upload: Upload) -> None:
    for path in (upload.file, upload.part):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


# --- background runs -----------------------------------------------------------------------------------

_ACTIVE: set[str] = set()  # ids being checked or imported by this process (inline or in a thread)
_THREADS: dict[str, threading.Thread] = {}
_ACTIVE_LOCK = threading.Lock()


def _alive(state: dict) -> bool:
    """Whether the process (and in this process, the run) that works on a busy import still exists."""
    pid = state.get("pid")
    if pid == os.getpid():
        with _ACTIVE_LOCK:
            return state["id"] in _ACTIVE
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _settle(upload: Upload, state: dict) -> dict:
    """A busy import whose run has died (server restart) is failed: its transaction never committed."""
    if state["status"] in BUSY and not _alive(state):
        settled = _update(upload, {state["status"]}, status=State.FAILED,
                          message=_("The import was interrupted (the server stopped); nothing was written."))
        if settled is not None:
            _drop_file(upload)
            return settled
        return _read(upload) or state
    return state


def join_background(import_id: str, timeout: float | None = None) -> None:
    """Wait for the background run of an import to end (for tests and management commands)."""
    with _ACTIVE_LOCK:
        thread = _THREADS.get(import_id)
    if thread is not None and thread.ident is not None:  # started (it starts when the request's transaction commits)
        thread.join(timeout)


class _Progress:
    """The engine's progress callback: rows done into the state file, at most once per PROGRESS_INTERVAL."""

    def __init__(self, upload: Upload, status: str, total: int | None):
        self.upload, self.status, self.total = upload, status, total
        self.last = float("-inf")

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        _update(self.upload, {self.status}, progress={"done": done, "total": self.total})


def _execute(upload: Upload, *, phase: str, mode: str = "all", hromada, actor, progress=None) -> None:
    """Check (dry run) or import the file and record the outcome in the state file; never raises."""
    state = _read(upload)
    if state is None:
        return
    busy = State.CHECKING if phase == "check" else State.RUNNING
    try:
        importer = imports.get(state["kind"])
        report = imports.run_import(importer, upload.file, hromada=hromada, actor=actor, dry_run=phase == "check",
                                    skip_invalid=mode == "valid", progress=progress)
    except imports.ImportFileError as error:
        _update(upload, {busy}, status=State.FAILED, message=str(error), progress=None)
        _drop_file(upload)
        return
    except Exception:
        logger.exception("import %s (%s) of hromada %s failed", upload.id, state.get("kind"), upload.hromada_id)
        _update(upload, {busy}, status=State.FAILED, progress=None,
                message=_("The import failed because of an error in the system; nothing was written. "
                          "The administrators can find the details in the server log."))
        _drop_file(upload)
        return
    outcome = report.as_dict()
    if phase == "check":
        _update(upload, {busy}, status=State.CHECKED, check=outcome, progress=None)
    elif report.status == imports.Status.DONE:
        _update(upload, {busy}, status=State.DONE, result=outcome, progress=None,
                finished_at=timezone.now().isoformat())
        _drop_file(upload)
    else:
        # The register changed between the check and the import (e.g. another import): nothing was written.
        _update(upload, {busy}, status=State.CHECKED, check=outcome, progress=None,
                notice=_("The data changed since the check and the file now has errors; nothing was imported. "
                         "Here is the new report."))


def _worker(upload: Upload, *, phase: str, mode: str, hromada_id: int, actor_id: int | None, total: int | None,
            language: str, ip: str | None, request_id: str) -> None:
    close_old_connections()
    try:
        from hromada.core.models import Hromada, User

        hromada = Hromada.objects.get(pk=hromada_id)
        actor = User.objects.filter(pk=actor_id).first() if actor_id else None
        busy = State.CHECKING if phase == "check" else State.RUNNING
        token = audit.set_context(audit.AuditContext(actor=actor, ip=ip, request_id=request_id, hromada=hromada))
        try:
            with translation.override(language):
                _execute(upload, phase=phase, mode=mode, hromada=hromada, actor=actor,
                         progress=_Progress(upload, busy, total))
        finally:
            audit.reset_context(token)
    except Exception:  # the hromada or the state vanished; the next visit settles the state
        logger.exception("background import %s failed to start", upload.id)
    finally:
        close_old_connections()
        connection.close()
        with _ACTIVE_LOCK:
            _ACTIVE.discard(upload.id)
            _THREADS.pop(upload.id, None)


def _start(request, upload: Upload, *, phase: str, mode: str = "all", total: int | None = None,
           background: bool) -> None:
    """Run the check or the import inline or in a background thread (the status is already claimed)."""
    with _ACTIVE_LOCK:
        _ACTIVE.add(upload.id)
    if not background:
        try:
            _execute(upload, phase=phase, mode=mode, hromada=request.hromada, actor=request.user)
        finally:
            with _ACTIVE_LOCK:
                _ACTIVE.discard(upload.id)
        return
    context = getattr(request, "audit_context", None) or audit.current_context()
    thread = threading.Thread(
        target=_worker, name=f"import-{upload.id[:8]}", daemon=True,
        kwargs={"upload": upload, "phase": phase, "mode": mode, "hromada_id": request.hromada.pk,
                "actor_id": request.user.pk, "total": total, "language": translation.get_language(),
                "ip": context.ip, "request_id": context.request_id},
    )
    with _ACTIVE_LOCK:
        _THREADS[upload.id] = thread
    transaction.on_commit(thread.start)


# --- reading the file for the preview ------------------------------------------------------------------


def _ordered_kinds() -> list[str]:
    available = imports.kinds()
    return [kind for kind in ORDER if kind in available] + [kind for kind in available if kind not in ORDER]


def _title(kind: str) -> str:
    try:
        return str(imports.get(kind).title) or kind
    except imports.UnknownKind:
        return kind


def _format_facts(fmt: imports.SourceFormat) -> dict:
    if fmt.kind == "xlsx":
        return {"kind": "xlsx", "label": "XLSX", "encoding": "", "delimiter": ""}
    delimiter = {";": "«;»", ",": "«,»", "\t": _("tab")}.get(fmt.delimiter or ";", f"«{fmt.delimiter}»")
    return {"kind": "csv", "label": "CSV", "encoding": imports.ENCODING_LABELS.get(fmt.encoding or "", fmt.encoding),
            "delimiter": delimiter}


def _inspect(path: Path, importer, *, count: bool) -> dict:
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
            elif not count or counted >= INLINE_ROWS:
                break
    finally:
        rows.close()
    columns = imports.match_columns(importer.columns, header)
    return {"fmt": fmt, "header": header, "columns": columns, "sample": sample, "counted": counted}


def _mapping(importer, inspection: dict) -> list[dict]:
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


# --- forms ---------------------------------------------------------------------------------------------


class _SizeLimit(FileUploadHandler):
    """Drops an uploaded file as soon as it passes MAX_UPLOAD_BYTES, so a huge upload is never stored."""

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


def _too_large_message() -> str:
    return _("The file is larger than %(size)s MB. Split it into several files and import them one by one.") % {
        "size": MAX_UPLOAD_MB}


class UploadForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(
        label=gettext_lazy("File"), required=False, allow_empty_file=True,
        help_text=gettext_lazy("CSV (UTF-8 or Windows-1251, separated by «;», «,» or tab) or XLSX, up to 50 MB. "
                               "The first row holds the column headers."),
        widget=forms.FileInput(attrs={
            "accept": ".csv,.txt,.xlsx,text/csv,"
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        data = super().clean()
        if data.get("kind", "") not in imports.kinds():
            # A hidden field: the message goes to the top of the form, where it can be read.
            self.add_error(None, _("Choose a register to import into from the list."))
        return data

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > MAX_UPLOAD_BYTES):
            raise forms.ValidationError(_too_large_message())
        if upload is None or upload is False:
            raise forms.ValidationError(_("Choose a CSV or XLSX file to upload."))
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        return upload


def _display_name(name: str) -> str:
    """The uploaded file's own name, for people only (it never becomes a path)."""
    name = unicodedata.normalize("NFC", os.path.basename(str(name).replace("\\", "/")))
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:200] or _("file")


# --- page helpers --------------------------------------------------------------------------------------


def _get(request, import_id: uuid.UUID) -> tuple[Upload, dict]:
    upload = Upload(request.hromada.pk, import_id.hex)
    state = _read(upload)
    if state is None or state.get("hromada") != request.hromada.pk or state.get("id") != upload.id:
        raise Http404
    if state.get("kind") not in imports.kinds():  # its register's importer is gone
        raise Http404
    return upload, _settle(upload, state)


def _page_for(state: dict) -> str:
    name = {
        State.UPLOADED: "preview", State.CHECKING: "status", State.CHECKED: "report", State.RUNNING: "status",
    }.get(state["status"], "result")
    return _link(name, state["id"])


def _link(name: str, ident: str, *args) -> str:
    """The URL of an import page; the id appears in the address in its usual dashed form."""
    return reverse(f"registers:import-{name}", args=[uuid.UUID(ident), *args])


def _moved(state: dict, *wanted: str):
    """A redirect to the page of the import's current status, if it is not one of ``wanted``."""
    if state["status"] in wanted:
        return None
    return redirect(_page_for(state))


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _base_context(state: dict) -> dict:
    importer = imports.get(state["kind"])
    return {
        "state": state, "import_id": uuid.UUID(state["id"]), "kind": state["kind"], "title": _title(state["kind"]),
        "importer": importer, "uploaded_at": _when(state.get("uploaded_at")),
        "status_label": STATUS_LABELS.get(state["status"], state["status"]),
    }


def _errors_page(request, report: dict) -> Any:
    return Paginator(report.get("errors", []), ERRORS_PER_PAGE).get_page(request.GET.get("page"))


def _history(hromada_id: int) -> list[dict]:
    directory = _root(hromada_id)
    if not directory.is_dir():
        return []
    entries = []
    for path in directory.iterdir():
        match = _STATE_NAME.fullmatch(path.name)
        if not match:
            continue
        state = _read(Upload(hromada_id, match.group(1)))
        if state is None or state.get("hromada") != hromada_id:
            continue
        status = state.get("status", "")
        if status in BUSY and not _alive(state):
            status = State.FAILED
        report = state.get("result") or state.get("check") or {}
        entries.append({
            "id": state["id"], "url": _page_for(state | {"status": status}), "file": state.get("filename", ""),
            "kind": _title(state.get("kind", "")), "who": state.get("uploaded_by_name", ""),
            "when": _when(state.get("uploaded_at")), "status": STATUS_LABELS.get(status, status),
            "rows": report.get("rows_total") if report else None,
            "created": state["result"].get("created") if state.get("result") else None,
            "updated": state["result"].get("updated") if state.get("result") else None,
        })
    entries.sort(key=lambda entry: entry["when"] or datetime.min.replace(tzinfo=timezone.get_current_timezone()),
                 reverse=True)
    return entries[:HISTORY_SIZE]


def _home_context(request, kind: str, form: UploadForm) -> dict:
    importer = imports.get(kind)
    return {
        "kinds": [(name, _title(name)) for name in _ordered_kinds()], "kind": kind, "title": _title(kind),
        "columns": imports.describe_columns(importer), "form": form, "history": _history(request.hromada.pk),
    }


# --- views ---------------------------------------------------------------------------------------------


@require_GET
def home(request):
    kinds = _ordered_kinds()
    if not kinds:
        raise Http404
    kind = request.GET.get("kind", "")
    kind = kind if kind in kinds else kinds[0]
    form = UploadForm(initial={"kind": kind})
    return render(request, "registers/imports/home.html", _home_context(request, kind, form))


@csrf_exempt  # checked right below, after the size limit is in place (CSRF would read the body first)
@require_POST
def upload(request):
    request.upload_handlers.insert(0, _SizeLimit(request))
    return _upload(request)


@csrf_protect
def _upload(request):
    files = request.FILES  # parses the body: only then does the size limit know whether it dropped the file
    too_large = getattr(request, "import_upload_too_large", False)
    form = UploadForm(request.POST, files, too_large=too_large)
    kinds = _ordered_kinds()
    posted_kind = request.POST.get("kind", "")
    shown_kind = posted_kind if posted_kind in kinds else kinds[0]
    if not form.is_valid():
        return render(request, "registers/imports/home.html", _home_context(request, shown_kind, form), status=400)
    kind, uploaded = form.cleaned_data["kind"], form.cleaned_data["file"]
    importer = imports.get(kind)
    target = Upload(request.hromada.pk, uuid.uuid4().hex)
    target.dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.part.open("wb") as stream:
            for chunk in uploaded.chunks():
                stream.write(chunk)
        inspection = _inspect(target.part, importer, count=True)
    except imports.ImportFileError as error:
        _drop_file(target)
        form.add_error("file", str(error))
        return render(request, "registers/imports/home.html", _home_context(request, kind, form), status=400)
    except BaseException:
        _drop_file(target)
        raise
    now = timezone.now().isoformat()
    state = {
        "id": target.id, "hromada": request.hromada.pk, "kind": kind, "status": State.UPLOADED,
        "filename": _display_name(uploaded.name), "size": uploaded.size,
        "format": _format_facts(inspection["fmt"]), "rows_counted": inspection["counted"],
        "large": inspection["counted"] >= INLINE_ROWS,
        "uploaded_by": request.user.pk, "uploaded_by_name": str(request.user), "uploaded_at": now,
    }
    with _locked(target.hromada_id):
        os.replace(target.part, target.file)
        _write(target, state)
    return redirect(_link("preview", target.id))


@require_GET
def preview(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.UPLOADED):
        return moved
    context = _base_context(state)
    try:
        inspection = _inspect(upload.file, context["importer"], count=False)
    except (imports.ImportFileError, FileNotFoundError) as error:
        message = str(error) if isinstance(error, imports.ImportFileError) else _("The file is no longer there.")
        _update(upload, {State.UPLOADED}, status=State.FAILED, message=message)
        _drop_file(upload)
        return redirect(_page_for(_read(upload) or state))
    columns: imports.ColumnMap = inspection["columns"]
    width = max([len(inspection["header"]), *(len(cells) for _number, cells in inspection["sample"])])
    header = [title or _("column %(number)s") % {"number": index + 1}
              for index, title in enumerate(inspection["header"] + [""] * (width - len(inspection["header"])))]
    context.update({
        "mapping": _mapping(context["importer"], inspection), "missing": columns.missing,
        "duplicates": columns.duplicates, "blocked": bool(columns.missing or columns.duplicates),
        "header": header,
        "sample": [(number, cells + [""] * (width - len(cells))) for number, cells in inspection["sample"]],
    })
    return render(request, "registers/imports/preview.html", context)


@require_POST
def check(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.UPLOADED):
        return moved
    try:
        inspection = _inspect(upload.file, imports.get(state["kind"]), count=False)
    except (imports.ImportFileError, FileNotFoundError):
        return redirect(_link("preview", upload.id))  # the preview explains and fails it
    if inspection["columns"].missing or inspection["columns"].duplicates:
        messages.error(request, _("The file cannot be checked: correct its columns first."))
        return redirect(_link("preview", upload.id))
    claimed = _update(upload, {State.UPLOADED}, status=State.CHECKING, pid=os.getpid(), notice="",
                      progress={"done": 0, "total": None}, checked_at=timezone.now().isoformat())
    if claimed is None:  # a second click: the first one is already at work
        return redirect(_page_for(_read(upload) or state))
    _start(request, upload, phase="check", background=bool(state.get("large")))
    return redirect(_page_for(_read(upload) or claimed))


@require_GET
def report(request, import_id):
    _unused, state = _get(request, import_id)
    if moved := _moved(state, State.CHECKED):
        return moved
    checked = state.get("check") or {}
    context = _base_context(state) | {"report": checked, "page": _errors_page(request, checked), "querystring": ""}
    return render(request, "registers/imports/report.html", context)


@require_GET
def errors_csv(request, import_id):
    upload, state = _get(request, import_id)
    source = state.get("result") or state.get("check")
    if not source or not source.get("errors"):
        raise Http404
    from hromada.core.models import AuditEntry

    audit.record(AuditEntry.Action.EXPORT, hromada=request.hromada, object_type=f"import.{state['kind']}",
                 object_id=upload.id, object_repr=_("errors of the import of %(file)s") % {"file": state["filename"]})
    header = [_("Row"), _("Column"), _("Value"), _("Reason")]
    rows = ([issue.get("row") or "", issue.get("column", ""), _safe_cell(issue.get("value", "")),
             issue.get("reason", "")] for issue in source["errors"])
    return csv_response(f"import-errors-{upload.id[:8]}", header, rows)


def _safe_cell(value: str) -> str:
    """A value from the uploaded file that a spreadsheet would run as a formula is shown as text."""
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and not re.fullmatch(r"-[\d\s.,]+", value)):
        return "'" + value
    return value


def _plan(state: dict, mode: str) -> dict:
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


@require_http_methods(["GET", "POST"])
def confirm(request, import_id, mode):
    if mode not in MODES:
        raise Http404
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.CHECKED):
        return moved
    plan = _plan(state, mode)
    context = _base_context(state) | {"mode": mode, "plan": plan, "report": state.get("check") or {}}
    if request.method == "GET" or plan["problem"]:
        code = 400 if request.method == "POST" else 200
        return render(request, "registers/imports/confirm.html", context, status=code)
    checked = state.get("check") or {}
    total = checked.get("rows_total", 0) + checked.get("rows_valid", 0)
    claimed = _update(upload, {State.CHECKED}, status=State.RUNNING, mode=mode, pid=os.getpid(), notice="",
                      progress={"done": 0, "total": total}, committed_by=request.user.pk,
                      committed_by_name=str(request.user), committed_at=timezone.now().isoformat())
    if claimed is None:  # a second click: the first one is already at work
        return redirect(_page_for(_read(upload) or state))
    background = checked.get("rows_total", 0) >= INLINE_ROWS
    _start(request, upload, phase="commit", mode=mode, total=total, background=background)
    return redirect(_page_for(_read(upload) or claimed))


@require_POST
def cancel(request, import_id):
    upload, state = _get(request, import_id)
    cancelled = _update(upload, {State.UPLOADED, State.CHECKED}, status=State.CANCELLED,
                        cancelled_at=timezone.now().isoformat(), cancelled_by_name=str(request.user))
    if cancelled is None:
        messages.error(request, _("This import can no longer be cancelled."))
        return redirect(_page_for(_read(upload) or state))
    _drop_file(upload)
    messages.success(request, _("The import of %(file)s was cancelled; nothing was written.")
                     % {"file": state["filename"]})
    return redirect(reverse("registers:import-home") + f"?kind={state['kind']}")


@require_GET
def status(request, import_id):
    upload, state = _get(request, import_id)
    if state["status"] not in BUSY:
        if request.htmx:
            return HttpResponseClientRedirect(_page_for(state))
        return redirect(_page_for(state))
    progress = state.get("progress") or {}
    done, total = progress.get("done", 0), progress.get("total")
    context = _base_context(state) | {
        "done": done, "total": total, "checking": state["status"] == State.CHECKING,
        "percent": min(100, round(100 * done / total)) if total else None,
        "status_url": _link("status", upload.id),
    }
    template = "registers/imports/_progress.html" if request.htmx else "registers/imports/status.html"
    return render(request, template, context)


@require_GET
def result(request, import_id):
    _unused, state = _get(request, import_id)
    if moved := _moved(state, *FINISHED):
        return moved
    final = state.get("result") or {}
    importer = imports.get(state["kind"])
    labels = getattr(importer, "extra_labels", {}) or {}
    context = _base_context(state) | {
        "report": final, "page": _errors_page(request, final), "querystring": "",
        "extras": [(str(labels.get(key, key)), value) for key, value in (final.get("extras") or {}).items()],
        "finished_at": _when(state.get("finished_at")), "register_url": _register_url(state["kind"]),
    }
    return render(request, "registers/imports/result.html", context)


def _register_url(kind: str) -> str:
    try:
        return reverse(f"registers:{kind}-list")
    except NoReverseMatch:
        return ""


@require_GET
def template_file(request, kind, fmt):
    try:
        importer = imports.get(kind)
    except imports.UnknownKind:
        raise Http404 from None
    if fmt == "xlsx":
        response = HttpResponse(imports.template_xlsx(importer),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(imports.template_csv(importer), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response


def guarded(view):
    """The import pages need the ``registers.import`` capability (anonymous users go to sign-in)."""
    return require(CAPABILITY)(view)


# --- housekeeping ---------------------------------------------------------------------------------------


def purge_old_imports(older_than: timedelta, upload_class: type[Upload] | None = None) -> int:
    """Delete uploads and their state files untouched for longer than ``older_than``; returns how many.

    Uploads hold personal data and reports quote rows of it: nothing of an import is kept past its use. A busy
    import is left alone unless its run has died. Run daily with ``hromada purge-imports``.
    """
    root = Path(settings.DATA_DIR) / "imports"
    if not root.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    make_upload = upload_class or Upload  # another app's uploads live in their own folder (Upload.dir)
    for hromada_dir in root.iterdir():
        if not hromada_dir.is_dir() or not hromada_dir.name.isdigit():
            continue
        hromada_id = int(hromada_dir.name)
        directory = make_upload(hromada_id, "0" * 32).dir
        if not directory.is_dir():
            continue
        for state_path in directory.glob("*.json"):
            ident = state_path.stem
            if not _ID.fullmatch(ident) or state_path.stat().st_mtime > cutoff:
                continue
            upload = make_upload(hromada_id, ident)
            with _locked(hromada_id):
                state = _read(upload) or {"id": ident, "status": ""}
                if state.get("status") in BUSY and _alive(state):
                    continue
                _drop_file(upload)
                with contextlib.suppress(FileNotFoundError):
                    upload.state_path.unlink()
            removed += 1
        # Files whose state file is gone (an upload interrupted before its state was written).
        for leftover in directory.iterdir():
            if (_ID.fullmatch(leftover.name.split(".")[0]) and not (directory / f"{leftover.name.split('.')[0]}.json")
                    .exists() and leftover.stat().st_mtime <= cutoff):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
    return removed
