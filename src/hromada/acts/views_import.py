"""Staff pages that import acts: upload → fields → check (validation report) → confirmation → result.

The flow is the registers' import (hromada.registers.views_imports), and so is the machinery, reused as it is:
the upload kept on disk with its JSON state file, the per-hromada lock, the size limit while the upload is
received, background runs with their progress for long files, a run that died marked failed. The check is
``run_import(..., dry_run=True)``, the commit a real ``run_import`` — all rows or none, one audit entry — of
`hromada.acts.importers.ActImporter`.

What differs is what names the registers there: the capability (acts.import), the URLs ("acts:import-…"),
the templates, and the folder — ``DATA_DIR/imports/<hromada id>/acts/`` — so the registers' page neither
lists nor opens an import of acts (and the reverse).
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from hromada.acts.importers import ActImporter
from hromada.core import audit, imports
from hromada.core.access import require
from hromada.core.exports import csv_response
from hromada.registers import views_imports as shared
from hromada.registers.views_imports import BUSY, FINISHED, STATUS_LABELS, State

CAPABILITY = "acts.import"
KIND = ActImporter.kind
HISTORY_SIZE = 50
FORMAT_LABELS = {"jsonl": "JSON Lines", "xlsx": "XLSX", "csv": "CSV"}


def _root(hromada_id: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / str(int(hromada_id)) / "acts"


class Upload(shared.Upload):
    """An import of acts: the registers' upload, in the acts' own folder."""

    @property
    def dir(self) -> Path:
        return _root(self.hromada_id)


# --- forms and helpers ---------------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"), required=False, allow_empty_file=True,
        help_text=gettext_lazy("JSON Lines (one act per line), CSV (UTF-8 or Windows-1251) or XLSX, up to 50 MB."),
        widget=forms.FileInput(attrs={"accept": ".jsonl,.ndjson,.json,.csv,.txt,.xlsx,application/x-ndjson,text/csv,"
                                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > shared.MAX_UPLOAD_BYTES):
            raise forms.ValidationError(shared._too_large_message())
        if upload is None or upload is False:
            raise forms.ValidationError(_("Choose a JSON Lines, CSV or XLSX file to upload."))
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."))
        return upload


def _link(name: str, ident: str, *args) -> str:
    return reverse(f"acts:import-{name}", args=[uuid.UUID(ident), *args])


def _page_for(state: dict) -> str:
    name = {State.UPLOADED: "preview", State.CHECKING: "status", State.CHECKED: "report",
            State.RUNNING: "status"}.get(state["status"], "result")
    return _link(name, state["id"])


def _moved(state: dict, *wanted: str):
    return None if state["status"] in wanted else redirect(_page_for(state))


def _get(request, import_id: uuid.UUID) -> tuple[Upload, dict]:
    """The import of the request's hromada; anything else (another hromada's, a register's) is not found."""
    upload = Upload(request.hromada.pk, import_id.hex)
    state = shared._read(upload)
    if state is None or state.get("hromada") != request.hromada.pk or state.get("id") != upload.id \
            or state.get("kind") != KIND:
        raise Http404
    return upload, shared._settle(upload, state)


def _format_facts(fmt: imports.SourceFormat) -> dict:
    facts = {"kind": fmt.kind, "label": FORMAT_LABELS.get(fmt.kind, fmt.kind), "encoding": "", "delimiter": ""}
    if fmt.kind != "xlsx":
        facts["encoding"] = imports.ENCODING_LABELS.get(fmt.encoding or "", fmt.encoding)
    if fmt.kind == "csv":
        facts["delimiter"] = {";": "«;»", ",": "«,»", "\t": _("tab")}.get(fmt.delimiter or ";", f"«{fmt.delimiter}»")
    return facts


def _base_context(state: dict) -> dict:
    return {"state": state, "import_id": uuid.UUID(state["id"]), "title": str(ActImporter.title),
            "uploaded_at": shared._when(state.get("uploaded_at")),
            "status_label": STATUS_LABELS.get(state["status"], state["status"])}


def _history(hromada_id: int) -> list[dict]:
    directory = _root(hromada_id)
    if not directory.is_dir():
        return []
    entries = []
    for path in directory.glob("*.json"):
        if not shared._ID.fullmatch(path.stem):
            continue
        state = shared._read(Upload(hromada_id, path.stem))
        if state is None or state.get("hromada") != hromada_id or state.get("kind") != KIND:
            continue
        status = state.get("status", "")
        if status in BUSY and not shared._alive(state):
            status = State.FAILED
        report = state.get("result") or state.get("check") or {}
        result = state.get("result") or {}
        entries.append({
            "url": _page_for(state | {"status": status}), "file": state.get("filename", ""),
            "who": state.get("uploaded_by_name", ""), "when": shared._when(state.get("uploaded_at")),
            "status": STATUS_LABELS.get(status, status), "rows": report.get("rows_total"),
            "created": result.get("created"), "updated": result.get("updated"),
        })
    oldest = datetime.min.replace(tzinfo=timezone.get_current_timezone())
    entries.sort(key=lambda entry: entry["when"] or oldest, reverse=True)
    return entries[:HISTORY_SIZE]


def _home(request, form: UploadForm, status: int = 200):
    context = {"form": form, "columns": imports.describe_columns(ActImporter), "history": _history(request.hromada.pk),
               "sample": sample_jsonl().decode("utf-8").splitlines()[:2]}
    return render(request, "acts/import/home.html", context, status=status)


# --- views ---------------------------------------------------------------------------------------------


@require_GET
def home(request):
    return _home(request, UploadForm())


@csrf_exempt  # checked right below, after the size limit is in place (CSRF would read the body first)
@require_POST
def upload(request):
    request.upload_handlers.insert(0, shared._SizeLimit(request))
    return _upload(request)


@csrf_protect
def _upload(request):
    files = request.FILES  # parses the body: only then does the size limit know whether it dropped the file
    form = UploadForm(request.POST, files, too_large=getattr(request, "import_upload_too_large", False))
    if not form.is_valid():
        return _home(request, form, status=400)
    uploaded = form.cleaned_data["file"]
    target = Upload(request.hromada.pk, uuid.uuid4().hex)
    target.dir.mkdir(parents=True, exist_ok=True)
    try:
        with target.part.open("wb") as stream:
            for chunk in uploaded.chunks():
                stream.write(chunk)
        inspection = shared._inspect(target.part, ActImporter, count=True)
    except imports.ImportFileError as error:
        shared._drop_file(target)
        form.add_error("file", str(error))
        return _home(request, form, status=400)
    except BaseException:
        shared._drop_file(target)
        raise
    state = {
        "id": target.id, "hromada": request.hromada.pk, "kind": KIND, "status": State.UPLOADED,
        "filename": shared._display_name(uploaded.name), "size": uploaded.size,
        "format": _format_facts(inspection["fmt"]), "rows_counted": inspection["counted"],
        "large": inspection["counted"] >= shared.INLINE_ROWS,
        "uploaded_by": request.user.pk, "uploaded_by_name": str(request.user),
        "uploaded_at": timezone.now().isoformat(),
    }
    with shared._locked(target.hromada_id):
        os.replace(target.part, target.file)
        shared._write(target, state)
    return redirect(_link("preview", target.id))


def _blocked(state: dict, columns: imports.ColumnMap) -> bool:
    """A table without a required column cannot be checked; in JSON Lines each line answers for itself."""
    return state["format"]["kind"] != "jsonl" and bool(columns.missing or columns.duplicates)


@require_GET
def preview(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.UPLOADED):
        return moved
    try:
        inspection = shared._inspect(upload.file, ActImporter, count=False)
    except (imports.ImportFileError, FileNotFoundError) as error:
        message = str(error) if isinstance(error, imports.ImportFileError) else _("The file is no longer there.")
        shared._update(upload, {State.UPLOADED}, status=State.FAILED, message=message)
        shared._drop_file(upload)
        return redirect(_page_for(shared._read(upload) or state))
    columns: imports.ColumnMap = inspection["columns"]
    width = max([len(inspection["header"]), *(len(cells) for _number, cells in inspection["sample"])])
    header = [title or _("column %(number)s") % {"number": index + 1}
              for index, title in enumerate(inspection["header"] + [""] * (width - len(inspection["header"])))]
    jsonl = state["format"]["kind"] == "jsonl"
    context = _base_context(state) | {
        "mapping": shared._mapping(ActImporter, inspection), "missing": columns.missing,
        "duplicates": columns.duplicates, "blocked": _blocked(state, columns), "jsonl": jsonl, "header": header,
        "sample": [(number, cells + [""] * (width - len(cells))) for number, cells in inspection["sample"]],
    }
    return render(request, "acts/import/preview.html", context)


@require_POST
def check(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.UPLOADED):
        return moved
    try:
        inspection = shared._inspect(upload.file, ActImporter, count=False)
    except (imports.ImportFileError, FileNotFoundError):
        return redirect(_link("preview", upload.id))  # the preview explains and fails it
    if _blocked(state, inspection["columns"]):
        messages.error(request, _("The file cannot be checked: correct its columns first."))
        return redirect(_link("preview", upload.id))
    claimed = shared._update(upload, {State.UPLOADED}, status=State.CHECKING, pid=os.getpid(), notice="",
                             progress={"done": 0, "total": None}, checked_at=timezone.now().isoformat())
    if claimed is None:  # a second click: the first one is already at work
        return redirect(_page_for(shared._read(upload) or state))
    shared._start(request, upload, phase="check", background=bool(state.get("large")))
    return redirect(_page_for(shared._read(upload) or claimed))


@require_GET
def report(request, import_id):
    _unused, state = _get(request, import_id)
    if moved := _moved(state, State.CHECKED):
        return moved
    checked = state.get("check") or {}
    context = _base_context(state) | {"report": checked, "page": shared._errors_page(request, checked)}
    return render(request, "acts/import/report.html", context)


@require_GET
def errors_csv(request, import_id):
    upload, state = _get(request, import_id)
    source = state.get("result") or state.get("check")
    if not source or not source.get("errors"):
        raise Http404
    from hromada.core.models import AuditEntry

    audit.record(AuditEntry.Action.EXPORT, hromada=request.hromada, object_type=f"import.{KIND}", object_id=upload.id,
                 object_repr=_("errors of the import of %(file)s") % {"file": state["filename"]})
    header = [_("Row"), _("Column"), _("Value"), _("Reason")]
    rows = ([issue.get("row") or "", issue.get("column", ""), shared._safe_cell(issue.get("value", "")),
             issue.get("reason", "")] for issue in source["errors"])
    return csv_response(f"import-errors-{upload.id[:8]}", header, rows)


@require_http_methods(["GET", "POST"])
def confirm(request, import_id, mode):
    if mode not in shared.MODES:
        raise Http404
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.CHECKED):
        return moved
    plan = shared._plan(state, mode)
    context = _base_context(state) | {"mode": mode, "plan": plan, "report": state.get("check") or {}}
    if request.method == "GET" or plan["problem"]:
        return render(request, "acts/import/confirm.html", context, status=400 if request.method == "POST" else 200)
    checked = state.get("check") or {}
    total = checked.get("rows_total", 0) + checked.get("rows_valid", 0)
    claimed = shared._update(upload, {State.CHECKED}, status=State.RUNNING, mode=mode, pid=os.getpid(), notice="",
                             progress={"done": 0, "total": total}, committed_by=request.user.pk,
                             committed_by_name=str(request.user), committed_at=timezone.now().isoformat())
    if claimed is None:  # a second click: the first one is already at work
        return redirect(_page_for(shared._read(upload) or state))
    shared._start(request, upload, phase="commit", mode=mode, total=total,
                  background=checked.get("rows_total", 0) >= shared.INLINE_ROWS)
    return redirect(_page_for(shared._read(upload) or claimed))


@require_POST
def cancel(request, import_id):
    upload, state = _get(request, import_id)
    cancelled = shared._update(upload, {State.UPLOADED, State.CHECKED}, status=State.CANCELLED,
                               cancelled_at=timezone.now().isoformat(), cancelled_by_name=str(request.user))
    if cancelled is None:
        messages.error(request, _("This import can no longer be cancelled."))
        return redirect(_page_for(shared._read(upload) or state))
    shared._drop_file(upload)
    messages.success(request, _("The import of %(file)s was cancelled; nothing was written.")
                     % {"file": state["filename"]})
    return redirect(reverse("acts:import"))


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
        "percent": min(100, round(100 * done / total)) if total else None, "status_url": _link("status", upload.id),
    }
    template = "registers/imports/_progress.html" if request.htmx else "acts/import/status.html"
    return render(request, template, context)


@require_GET
def result(request, import_id):
    _unused, state = _get(request, import_id)
    if moved := _moved(state, *FINISHED):
        return moved
    final = state.get("result") or {}
    labels = ActImporter.extra_labels
    context = _base_context(state) | {
        "report": final, "page": shared._errors_page(request, final),
        "extras": [(str(labels.get(key, key)), value) for key, value in (final.get("extras") or {}).items()],
        "finished_at": shared._when(state.get("finished_at")),
    }
    return render(request, "acts/import/result.html", context)


# --- downloads -----------------------------------------------------------------------------------------


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def template_csv(request):
    return _download(imports.template_csv(ActImporter), "text/csv; charset=utf-8", "acts-template.csv")


@require_GET
def template_xlsx(request):
    return _download(imports.template_xlsx(ActImporter),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "acts-template.xlsx")


def sample_jsonl() -> bytes:
    """Three acts in JSON Lines: the second repeals the first, the third amends the second by number and date."""
    lines = [
        {"number": "154-12/VIII", "date": "2021-02-11", "type": "council_decision",
         "title": "Про затвердження Програми розвитку культури на 2021–2023 роки",
         "text": "Затвердити Програму розвитку культури на 2021–2023 роки (додається).", "status": "in_force",
         "convocation": 8, "session": 12, "topics": ["культура", "програми"],
         "published_at": "2021-02-15T10:00:00+02:00"},
        {"number": "2311-25/VIII", "date": "2023-05-04", "type": "council_decision",
         "title": "Про затвердження Програми розвитку культури на 2023–2025 роки", "text": "…", "status": "in_force",
         "convocation": 8, "session": 25, "topics": ["культура"], "published_at": "2023-05-08",
         "relations": [{"kind": "repeals", "number": "154-12/VIII", "date": "2021-02-11"}]},
        {"number": "57", "date": "2024-03-28", "type": "executive_decision",
         "title": "Про внесення змін до Програми розвитку культури", "status": "adopted", "internal": False,
         "relations": [{"kind": "amends", "number": "2311-25/VIII", "date": "2023-05-04"}]},
    ]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")


@require_GET
def sample(request):
    return _download(sample_jsonl(), "application/x-ndjson; charset=utf-8", "acts-sample.jsonl")


def guarded(view):
    """The import pages need the ``acts.import`` capability (anonymous users go to sign-in)."""
    return require(CAPABILITY)(view)
