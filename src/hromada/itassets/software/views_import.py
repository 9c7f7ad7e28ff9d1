"""Staff pages that import installed software: upload → columns → check (row report) → confirmation → result.

The flow and its machinery are every app's staff import (:mod:`hromada.core.import_flow`,
:mod:`hromada.core.import_pages`); what is this concern's own is the importer
(:class:`hromada.itassets.software.importers.InstallationImporter`), the capability (itassets.manage), the URLs
("itassets-staff:software-import-…"), the templates and the folder ``DATA_DIR/imports/<hromada id>/itassets_software/``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from hromada.core import import_flow, import_pages, imports
from hromada.core.access import require
from hromada.core.import_flow import BUSY, FINISHED, MODES, STATUS_LABELS, State
from hromada.itassets.permissions import MANAGE
from hromada.itassets.software.importers import InstallationImporter

CAPABILITY = MANAGE
KIND = InstallationImporter.kind
FORMAT_LABELS = {"jsonl": "JSON Lines", "xlsx": "XLSX", "csv": "CSV"}


@dataclass(frozen=True)
class SoftwareUpload(import_flow.Upload):
    """An import of installed software, in this concern's own folder of the hromada's imports."""

    folder: str = "itassets_software"


# --- forms and helpers ---------------------------------------------------------------------------------


class UploadForm(import_pages.UploadForm):
    no_file_message = gettext_lazy("Choose a CSV or XLSX file to upload.")

    file = forms.FileField(
        label=gettext_lazy("File"), required=False, allow_empty_file=True,
        help_text=gettext_lazy("CSV (UTF-8 or Windows-1251, separated by «;», «,» or tab) or XLSX, up to 50 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv,"
                                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )


def _link(name: str, ident: str, *args) -> str:
    return reverse(f"itassets-staff:software-import-{name}", args=[uuid.UUID(ident), *args])


def _page_for(state: dict) -> str:
    return _link(import_pages.page_name(state["status"]), state["id"])


def _moved(state: dict, *wanted: str):
    return None if state["status"] in wanted else redirect(_page_for(state))


def _get(request, import_id: uuid.UUID) -> tuple[SoftwareUpload, dict]:
    """The import of the request's hromada; anything else (another hromada's, a register's) is not found."""
    upload = SoftwareUpload(request.hromada.pk, import_id.hex)
    return upload, import_pages.find(request, upload, (KIND,))


def _format_facts(fmt: imports.SourceFormat) -> dict:
    facts = {"kind": fmt.kind, "label": FORMAT_LABELS.get(fmt.kind, fmt.kind), "encoding": "", "delimiter": ""}
    if fmt.kind != "xlsx":
        facts["encoding"] = imports.ENCODING_LABELS.get(fmt.encoding or "", fmt.encoding)
    if fmt.kind == "csv":
        facts["delimiter"] = {";": "«;»", ",": "«,»", "\t": _("tab")}.get(fmt.delimiter or ";", f"«{fmt.delimiter}»")
    return facts


def _base_context(state: dict) -> dict:
    return {"state": state, "import_id": uuid.UUID(state["id"]), "title": str(InstallationImporter.title),
            "uploaded_at": import_pages.when(state.get("uploaded_at")),
            "status_label": STATUS_LABELS.get(state["status"], state["status"]),
            "errors_csv_url": _link("errors-csv", state["id"])}


def _history(hromada_id: int) -> list[dict]:
    entries = []
    for state in import_flow.stored_states(SoftwareUpload, hromada_id):
        if state.get("kind") != KIND:
            continue
        status = import_flow.shown_status(state)
        report = state.get("result") or state.get("check") or {}
        result = state.get("result") or {}
        entries.append({
            "url": _page_for(state | {"status": status}), "file": state.get("filename", ""),
            "who": state.get("uploaded_by_name", ""), "when": import_pages.when(state.get("uploaded_at")),
            "status": STATUS_LABELS.get(status, status), "rows": report.get("rows_total"),
            "created": result.get("created"), "updated": result.get("updated"),
        })
    return import_pages.newest_first(entries)


def _home(request, form: UploadForm, status: int = 200):
    context = {"form": form, "columns": imports.describe_columns(InstallationImporter),
               "history": _history(request.hromada.pk)}
    return render(request, "itassets/software/import/home.html", context, status=status)


# --- views ---------------------------------------------------------------------------------------------


@require_GET
def home(request):
    return _home(request, UploadForm())


@csrf_exempt  # checked right below, after the size limit is in place (CSRF would read the body first)
@require_POST
def upload(request):
    request.upload_handlers.insert(0, import_pages.SizeLimit(request))
    return _upload(request)


@csrf_protect
def _upload(request):
    files = request.FILES  # parses the body: only then does the size limit know whether it dropped the file
    form = UploadForm(request.POST, files, too_large=getattr(request, "import_upload_too_large", False))
    if not form.is_valid():
        return _home(request, form, status=400)
    uploaded = form.cleaned_data["file"]
    target = SoftwareUpload(request.hromada.pk, uuid.uuid4().hex)
    try:
        inspection = import_pages.receive(target, uploaded, InstallationImporter)
    except imports.ImportFileError as error:
        form.add_error("file", str(error))
        return _home(request, form, status=400)
    import_flow.keep(target, import_pages.first_state(request, target, kind=KIND, uploaded=uploaded,
                                                      facts=_format_facts(inspection["fmt"]), inspection=inspection))
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
        inspection = import_pages.inspect(upload.file, InstallationImporter, count=False)
    except (imports.ImportFileError, FileNotFoundError) as error:
        message = str(error) if isinstance(error, imports.ImportFileError) else _("The file is no longer there.")
        import_flow.fail_upload(upload, message)
        return redirect(_page_for(import_flow.read(upload) or state))
    columns: imports.ColumnMap = inspection["columns"]
    jsonl = state["format"]["kind"] == "jsonl"
    context = _base_context(state) | {
        "mapping": import_pages.mapping(InstallationImporter, inspection), "missing": columns.missing,
        "duplicates": columns.duplicates, "blocked": _blocked(state, columns), "jsonl": jsonl,
        **import_pages.preview_table(inspection),
    }
    return render(request, "itassets/software/import/preview.html", context)


@require_POST
def check(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.UPLOADED):
        return moved
    try:
        inspection = import_pages.inspect(upload.file, InstallationImporter, count=False)
    except (imports.ImportFileError, FileNotFoundError):
        return redirect(_link("preview", upload.id))  # the preview explains and fails it
    if _blocked(state, inspection["columns"]):
        messages.error(request, _("The file cannot be checked: correct its columns first."))
        return redirect(_link("preview", upload.id))
    claimed = import_flow.begin_check(request, upload, state)
    if claimed is None:  # a second click: the first one is already at work
        return redirect(_page_for(import_flow.read(upload) or state))
    return redirect(_page_for(import_flow.read(upload) or claimed))


@require_GET
def report(request, import_id):
    _unused, state = _get(request, import_id)
    if moved := _moved(state, State.CHECKED):
        return moved
    checked = state.get("check") or {}
    context = _base_context(state) | {"report": checked, "page": import_pages.errors_page(request, checked)}
    return render(request, "itassets/software/import/report.html", context)


@require_GET
def errors_csv(request, import_id):
    upload, state = _get(request, import_id)
    return import_pages.errors_csv(request, upload, state)


@require_http_methods(["GET", "POST"])
def confirm(request, import_id, mode):
    if mode not in MODES:
        raise Http404
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.CHECKED):
        return moved
    plan = import_pages.plan(state, mode)
    context = _base_context(state) | {"mode": mode, "plan": plan, "report": state.get("check") or {}}
    if request.method == "GET" or plan["problem"]:
        return render(request, "itassets/software/import/confirm.html", context,
                      status=400 if request.method == "POST" else 200)
    claimed = import_flow.begin_commit(request, upload, state, mode)
    if claimed is None:  # a second click: the first one is already at work
        return redirect(_page_for(import_flow.read(upload) or state))
    return redirect(_page_for(import_flow.read(upload) or claimed))


@require_POST
def cancel(request, import_id):
    upload, state = _get(request, import_id)
    if import_flow.cancel(upload, request.user) is None:
        messages.error(request, _("This import can no longer be cancelled."))
        return redirect(_page_for(import_flow.read(upload) or state))
    messages.success(request, _("The import of %(file)s was cancelled; nothing was written.")
                     % {"file": state["filename"]})
    return redirect(reverse("itassets-staff:software-import"))


@require_POST
def retry(request, import_id):
    upload, state = _get(request, import_id)
    return import_pages.retry(request, upload, state, _page_for)


@require_GET
def status(request, import_id):
    upload, state = _get(request, import_id)
    if state["status"] not in BUSY:
        if request.htmx:
            return HttpResponseClientRedirect(_page_for(state))
        return redirect(_page_for(state))
    context = _base_context(state) | import_pages.progress_context(state, _link("status", upload.id))
    template = "core/imports/_progress.html" if request.htmx else "itassets/software/import/status.html"
    return render(request, template, context)


@require_GET
def result(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, *FINISHED):
        return moved
    final = state.get("result") or {}
    context = _base_context(state) | {
        "report": final, "page": import_pages.errors_page(request, final),
        "extras": import_pages.extras(InstallationImporter, final),
        "finished_at": import_pages.when(state.get("finished_at")),
        "retry_url": _link("retry", upload.id) if import_flow.can_retry(upload, state) else "",
    }
    return render(request, "itassets/software/import/result.html", context)


# --- downloads -----------------------------------------------------------------------------------------


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def template_csv(request):
    return _download(imports.template_csv(InstallationImporter), "text/csv; charset=utf-8", "software-template.csv")


@require_GET
def template_xlsx(request):
    return _download(imports.template_xlsx(InstallationImporter),
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "software-template.xlsx")


def guarded(view):
    """The import pages need the ``itassets.manage`` capability (anonymous users go to sign-in)."""
    return require(CAPABILITY)(view)
