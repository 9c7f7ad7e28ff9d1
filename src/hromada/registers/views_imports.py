"""Staff pages that import the registers: upload → column preview → validation report → confirmation → commit.

The import is kept on disk and run by :mod:`hromada.core.import_flow` (the uploaded file and its JSON state
file, the per-hromada lock, background runs with their progress for long files, a run that died marked
failed), and the pages share their helpers with every app's import (:mod:`hromada.core.import_pages`). What
is the registers' own is here: the choice of the register (``kind``), the capability (registers.import), the
URLs ("registers:import-…"), the templates, and the folder — the hromada's imports folder itself
(``DATA_DIR/imports/<hromada id>/``, the core :class:`~hromada.core.import_flow.Upload`'s default).

The reading, validation and writing are the engine's (:mod:`hromada.core.imports`): the check is
``run_import(..., dry_run=True)`` and the commit a real ``run_import`` — all rows or none, one audit entry.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from hromada.core import import_flow, import_pages, imports
from hromada.core.access import require
from hromada.core.import_flow import BUSY, FINISHED, MODES, STATUS_LABELS, State, Upload

CAPABILITY = "registers.import"
ORDER = ("streets", "buildings", "residents", "land", "property")  # addresses first, as they are needed first


# --- registers and formats -----------------------------------------------------------------------------


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


class UploadForm(import_pages.UploadForm):
    no_file_message = gettext_lazy("Choose a CSV or XLSX file to upload.")

    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(
        label=gettext_lazy("File"), required=False, allow_empty_file=True,
        help_text=gettext_lazy("CSV (UTF-8 or Windows-1251, separated by «;», «,» or tab) or XLSX, up to 50 MB. "
                               "The first row holds the column headers."),
        widget=forms.FileInput(attrs={
            "accept": ".csv,.txt,.xlsx,text/csv,"
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind", "") not in imports.kinds():
            # A hidden field: the message goes to the top of the form, where it can be read.
            self.add_error(None, _("Choose a register to import into from the list."))
        return data


# --- page helpers --------------------------------------------------------------------------------------


def _get(request, import_id: uuid.UUID) -> tuple[Upload, dict]:
    """The import of the request's hromada into a register; anything else (another hromada's, the acts') is 404."""
    upload = Upload(request.hromada.pk, import_id.hex)
    return upload, import_pages.find(request, upload, imports.kinds())


def _page_for(state: dict) -> str:
    return _link(import_pages.page_name(state["status"]), state["id"])


def _link(name: str, ident: str, *args) -> str:
    """The URL of an import page; the id appears in the address in its usual dashed form."""
    return reverse(f"registers:import-{name}", args=[uuid.UUID(ident), *args])


def _moved(state: dict, *wanted: str):
    """A redirect to the page of the import's current status, if it is not one of ``wanted``."""
    if state["status"] in wanted:
        return None
    return redirect(_page_for(state))


def _base_context(state: dict) -> dict:
    importer = imports.get(state["kind"])
    return {
        "state": state, "import_id": uuid.UUID(state["id"]), "kind": state["kind"], "title": _title(state["kind"]),
        "importer": importer, "uploaded_at": import_pages.when(state.get("uploaded_at")),
        "status_label": STATUS_LABELS.get(state["status"], state["status"]),
        "errors_csv_url": _link("errors-csv", state["id"]),
    }


def _history(hromada_id: int) -> list[dict]:
    entries = []
    for state in import_flow.stored_states(Upload, hromada_id):
        status = import_flow.shown_status(state)
        report = state.get("result") or state.get("check") or {}
        entries.append({
            "id": state["id"], "url": _page_for(state | {"status": status}), "file": state.get("filename", ""),
            "kind": _title(state.get("kind", "")), "who": state.get("uploaded_by_name", ""),
            "when": import_pages.when(state.get("uploaded_at")), "status": STATUS_LABELS.get(status, status),
            "rows": report.get("rows_total") if report else None,
            "created": state["result"].get("created") if state.get("result") else None,
            "updated": state["result"].get("updated") if state.get("result") else None,
        })
    return import_pages.newest_first(entries)


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
    request.upload_handlers.insert(0, import_pages.SizeLimit(request))
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
    target = Upload(request.hromada.pk, uuid.uuid4().hex)
    try:
        inspection = import_pages.receive(target, uploaded, imports.get(kind))
    except imports.ImportFileError as error:
        form.add_error("file", str(error))
        return render(request, "registers/imports/home.html", _home_context(request, kind, form), status=400)
    import_flow.keep(target, import_pages.first_state(request, target, kind=kind, uploaded=uploaded,
                                                      facts=_format_facts(inspection["fmt"]), inspection=inspection))
    return redirect(_link("preview", target.id))


@require_GET
def preview(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.UPLOADED):
        return moved
    context = _base_context(state)
    try:
        inspection = import_pages.inspect(upload.file, context["importer"], count=False)
    except (imports.ImportFileError, FileNotFoundError) as error:
        message = str(error) if isinstance(error, imports.ImportFileError) else _("The file is no longer there.")
        import_flow.fail_upload(upload, message)
        return redirect(_page_for(import_flow.read(upload) or state))
    columns: imports.ColumnMap = inspection["columns"]
    context.update({
        "mapping": import_pages.mapping(context["importer"], inspection), "missing": columns.missing,
        "duplicates": columns.duplicates, "blocked": bool(columns.missing or columns.duplicates),
        **import_pages.preview_table(inspection),
    })
    return render(request, "registers/imports/preview.html", context)


@require_POST
def check(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, State.UPLOADED):
        return moved
    try:
        inspection = import_pages.inspect(upload.file, imports.get(state["kind"]), count=False)
    except (imports.ImportFileError, FileNotFoundError):
        return redirect(_link("preview", upload.id))  # the preview explains and fails it
    if inspection["columns"].missing or inspection["columns"].duplicates:
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
    context = _base_context(state) | {"report": checked, "page": import_pages.errors_page(request, checked),
                                      "querystring": ""}
    return render(request, "registers/imports/report.html", context)


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
        code = 400 if request.method == "POST" else 200
        return render(request, "registers/imports/confirm.html", context, status=code)
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
    return redirect(reverse("registers:import-home") + f"?kind={state['kind']}")


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
    template = "core/imports/_progress.html" if request.htmx else "registers/imports/status.html"
    return render(request, template, context)


@require_GET
def result(request, import_id):
    upload, state = _get(request, import_id)
    if moved := _moved(state, *FINISHED):
        return moved
    final = state.get("result") or {}
    context = _base_context(state) | {
        "report": final, "page": import_pages.errors_page(request, final), "querystring": "",
        "extras": import_pages.extras(imports.get(state["kind"]), final),
        "finished_at": import_pages.when(state.get("finished_at")), "register_url": _register_url(state["kind"]),
        "retry_url": _link("retry", upload.id) if import_flow.can_retry(upload, state) else "",
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
