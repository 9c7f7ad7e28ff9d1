"""The staff import pages of one importer, declared once: upload → columns → check (row report) → confirmation → result.

An app (or a concern of one) that imports through its own pages declares an :class:`ImportPages` — its importer,
its folder of the hromada's imports, its capability, its URL names and the few texts of its own — and adds
``pages.urlpatterns()`` to its ``urls.py``. The flow and its machinery are every app's staff import
(:mod:`hromada.core.import_flow`, :mod:`hromada.core.import_pages`); the templates are
``core/imports/pages/*.html``, which take the URL names and the texts from the context.

The URLs, under the app's namespace, are ``<url_prefix>/import/…`` named ``<url_prefix>-import…``:
the home page, the upload, the CSV and XLSX templates, and per import its preview, check, report, errors.csv,
confirm/<mode>, status, result, cancel and retry. Every page needs the capability (anonymous users go to sign-in).

One page may also serve several importers (the registers): ``kinds`` lists them, the home page shows one at a
time (``?kind=``) with tabs, the upload names its kind, and each import is shown with its own importer.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from hromada.core import import_flow, import_pages, imports
from hromada.core.access import require
from hromada.core.import_flow import BUSY, FINISHED, MODES, STATUS_LABELS, State

FORMAT_LABELS = {"jsonl": "JSON Lines", "xlsx": "XLSX", "csv": "CSV"}
TEMPLATES = "core/imports/pages/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The URL names of the pages, after ``<url_prefix>-import``: the home page is the prefix itself.
PAGES = ("upload", "template-csv", "template-xlsx", "sample", "preview", "check", "report", "errors-csv", "confirm",
         "status", "result", "cancel", "retry")
JSONL_ACCEPT = ".jsonl,.ndjson,.json,application/x-ndjson,"


class UploadForm(import_pages.UploadForm):
    """The upload form; :meth:`ImportPages.form_class` gives it the page's help text."""

    no_file_message = gettext_lazy("Choose a CSV or XLSX file to upload.")


class KindUploadForm(UploadForm):
    """The upload of a page with several importers: the hidden ``kind`` names the one chosen on the page."""

    kind = forms.CharField(widget=forms.HiddenInput, required=False)
    kinds: Callable[[], list[str]] = staticmethod(lambda: [])
    unknown_kind_message = ""

    def clean(self):
        data = super().clean()
        if data.get("kind", "") not in self.kinds():
            # A hidden field: the message goes to the top of the form, where it can be read.
            self.add_error(None, str(self.unknown_kind_message))
        return data


@dataclass(frozen=True)
class ImportPages:
    """The import pages of one importer.

    ``texts`` are the page's own words (lazy strings), read by the templates as ``texts.<name>``:
    ``home_title``, ``back_label`` and ``back_url`` (a URL name: the breadcrumb of the home page), ``lead``,
    ``columns_heading``, ``column_notes`` (paragraphs), ``upload_heading``, ``confirm_lead`` (an
    ``ngettext_lazy`` counted by ``counter``, with ``file``), ``confirm_notes`` (list items), ``writing``
    (the status page while the rows are written), ``done_label`` and ``done_url`` (the button after an import).
    Optional ones: ``template_xlsx_label``/``template_csv_label``, ``sample_heading``/``sample_label`` (with
    ``sample``), and with ``kinds`` ``kinds_label`` (the tabs), ``kind_column`` (the history's column) and
    ``unknown_kind``. A text may name the importer's title as ``%(title)s`` and ``done_url`` its kind as ``%(kind)s``.
    ``jsonl_per_line``: in JSON Lines each line answers for its fields, so a missing field does not block the check.
    ``accepts_jsonl``: the upload offers JSON Lines beside CSV and XLSX; ``sample`` gives a JSON Lines sample to
    download (``sample.jsonl``) and show on the home page.
    """

    importer: type[imports.Importer] | None  # None with ``kinds``
    folder: str  # the subfolder of DATA_DIR/imports/<hromada id>/
    capability: str
    url_prefix: str  # the paths "<url_prefix>/import/…" and the URL names "<url_prefix>-import…" ("import…" if "")
    namespace: str
    help_text: str  # of the upload's file field
    template_name: str = ""  # the downloads "<template_name>-template.csv" and ".xlsx" (the kind's name if "")
    texts: dict = field(default_factory=dict)
    jsonl_per_line: bool = False
    accepts_jsonl: bool = False
    sample: Callable[[], bytes] | None = None
    kinds: Callable[[], list[str]] | None = None  # several importers on one page, in the order of its tabs
    path: str = ""  # the paths' start, if not "<url_prefix>/import/"
    home_suffix: str = ""  # the home page's URL name is "<…>-import-<home_suffix>" if given

    def __post_init__(self):
        upload_class = dataclasses.make_dataclass(
            f"{self.folder.title().replace('_', '')}Upload", [("folder", str, field(default=self.folder))],
            bases=(import_flow.Upload,), frozen=True)
        accept = f"{JSONL_ACCEPT if self.accepts_jsonl else ''}.csv,.txt,.xlsx,text/csv,{XLSX}"
        attrs = {"file": forms.FileField(
            label=gettext_lazy("File"), required=False, allow_empty_file=True, help_text=self.help_text,
            widget=forms.FileInput(attrs={"accept": accept}))}
        if self.accepts_jsonl:
            attrs["no_file_message"] = gettext_lazy("Choose a JSON Lines, CSV or XLSX file to upload.")
        if self.kinds:
            attrs |= {"kinds": staticmethod(self.kinds), "unknown_kind_message": self.texts.get("unknown_kind", "")}
        form_class = type("UploadForm", (KindUploadForm if self.kinds else UploadForm,), attrs)
        object.__setattr__(self, "upload_class", upload_class)
        object.__setattr__(self, "form_class", form_class)

    # --- names and links -------------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return self.importer.kind

    def _kinds(self) -> list[str]:
        return self.kinds() if self.kinds else [self.kind]

    def _importer(self, kind: str) -> type[imports.Importer]:
        return imports.get(kind) if self.kinds else self.importer

    def _title(self, kind: str) -> str:
        try:
            return str(self._importer(kind).title) or kind
        except imports.UnknownKind:
            return kind

    def name(self, page: str = "") -> str:
        """The URL name (without the namespace) of a page; "" is the home page."""
        base = f"{self.url_prefix}-import" if self.url_prefix else "import"
        page = page or self.home_suffix
        return base + (f"-{page}" if page else "")

    def home_url(self, kind: str = "") -> str:
        url = reverse(f"{self.namespace}:{self.name()}")
        return f"{url}?kind={kind}" if self.kinds and kind else url

    def url_names(self) -> dict[str, str]:
        """Every page's full URL name, for the templates (``{% url urls.report import_id %}``)."""
        names = {page.replace("-", "_"): f"{self.namespace}:{self.name(page)}" for page in PAGES}
        return {"home": f"{self.namespace}:{self.name()}", **names}

    def _link(self, page: str, ident: str, *args) -> str:
        return reverse(f"{self.namespace}:{self.name(page)}", args=[uuid.UUID(ident), *args])

    def _page_for(self, state: dict) -> str:
        return self._link(import_pages.page_name(state["status"]), state["id"])

    def _moved(self, state: dict, *wanted: str):
        return None if state["status"] in wanted else redirect(self._page_for(state))

    def _get(self, request, import_id: uuid.UUID):
        """The import of the request's hromada; anything else (another hromada's, another app's) is not found."""
        upload = self.upload_class(request.hromada.pk, import_id.hex)
        return upload, import_pages.find(request, upload, tuple(self._kinds()))

    def _jsonl(self, state: dict) -> bool:
        return self.jsonl_per_line and state["format"]["kind"] == "jsonl"

    def _blocked(self, state: dict, columns: imports.ColumnMap) -> bool:
        """A table without a required column cannot be checked (nor, with ``jsonl_per_line``, any JSON Lines)."""
        return not self._jsonl(state) and bool(columns.missing or columns.duplicates)

    # --- context -----------------------------------------------------------------------------------------

    def _texts(self, kind: str) -> dict:
        """The page's texts for an importer: ``%(title)s`` is its title (``confirm_lead`` is counted later)."""
        values = {"title": capfirst(self._title(kind)), "kind": kind}

        def fill(text):
            text = str(text)
            return text % values if "%(" in text else text

        texts = {"template_xlsx_label": _("XLSX template"), "template_csv_label": _("CSV template")} | self.texts
        return {name: text if name in ("confirm_lead", "done_url") else
                [fill(item) for item in text] if isinstance(text, list | tuple) else fill(text)
                for name, text in texts.items()}

    def _done_url(self, kind: str) -> str:
        name = self.texts.get("done_url", "")
        try:
            return reverse(name % {"kind": kind}) if name else ""
        except NoReverseMatch:
            return ""

    def _render(self, request, page: str, context: dict, status: int = 200):
        context = {"urls": self.url_names(), "texts": self._texts(context.get("kind") or self._kinds()[0])} | context
        return render(request, f"{TEMPLATES}{page}.html", context, status=status)

    @staticmethod
    def _format_facts(fmt: imports.SourceFormat) -> dict:
        facts = {"kind": fmt.kind, "label": FORMAT_LABELS.get(fmt.kind, fmt.kind), "encoding": "", "delimiter": ""}
        if fmt.kind != "xlsx":
            facts["encoding"] = imports.ENCODING_LABELS.get(fmt.encoding or "", fmt.encoding)
        if fmt.kind == "csv":
            facts["delimiter"] = {";": "«;»", ",": "«,»", "\t": _("tab")}.get(fmt.delimiter or ";",
                                                                             f"«{fmt.delimiter}»")
        return facts

    def _base_context(self, state: dict) -> dict:
        kind = state["kind"]
        return {"state": state, "import_id": uuid.UUID(state["id"]), "kind": kind, "title": self._title(kind),
                "home_url": self.home_url(kind), "uploaded_at": import_pages.when(state.get("uploaded_at")),
                "status_label": STATUS_LABELS.get(state["status"], state["status"]),
                "errors_csv_url": self._link("errors-csv", state["id"])}

    def _history(self, hromada_id: int) -> list[dict]:
        entries = []
        for state in import_flow.stored_states(self.upload_class, hromada_id):
            if not self.kinds and state.get("kind") != self.kind:
                continue
            status = import_flow.shown_status(state)
            report = state.get("result") or state.get("check") or {}
            result = state.get("result") or {}
            entries.append({
                "url": self._page_for(state | {"status": status}), "file": state.get("filename", ""),
                "who": state.get("uploaded_by_name", ""), "when": import_pages.when(state.get("uploaded_at")),
                "status": STATUS_LABELS.get(status, status), "rows": report.get("rows_total"),
                "created": result.get("created"), "updated": result.get("updated"),
                "kind": self._title(state.get("kind", "")),
            })
        return import_pages.newest_first(entries)

    def _home(self, request, form, kind: str, status: int = 200):
        template_args = [kind] if self.kinds else []
        context = {
            "form": form, "kind": kind, "title": self._title(kind), "home_url": self.home_url(kind),
            "columns": imports.describe_columns(self._importer(kind)), "history": self._history(request.hromada.pk),
            "kinds": [(name, self._title(name)) for name in self.kinds()] if self.kinds else [],
            "template_xlsx_url": reverse(f"{self.namespace}:{self.name('template-xlsx')}", args=template_args),
            "template_csv_url": reverse(f"{self.namespace}:{self.name('template-csv')}", args=template_args),
            "sample": self.sample().decode("utf-8").splitlines()[:2] if self.sample else [],
        }
        return self._render(request, "home", context, status=status)

    def _shown_kind(self, kind: str) -> str:
        """The kind the home page shows: the one asked for, if the page has it, else the first."""
        kinds = self._kinds()
        return kind if kind in kinds else kinds[0]

    # --- views -------------------------------------------------------------------------------------------

    def home(self, request):
        if not self._kinds():
            raise Http404
        kind = self._shown_kind(request.GET.get("kind", ""))
        return self._home(request, self.form_class(initial={"kind": kind} if self.kinds else None), kind)

    def upload(self, request):
        request.upload_handlers.insert(0, import_pages.SizeLimit(request))
        return csrf_protect(self._upload)(request)  # checked here, after the size limit is in place

    def _upload(self, request):
        files = request.FILES  # parses the body: only then does the size limit know whether it dropped the file
        form = self.form_class(request.POST, files, too_large=getattr(request, "import_upload_too_large", False))
        if not self._kinds():
            raise Http404
        kind = self._shown_kind(request.POST.get("kind", "") if self.kinds else self.kind)
        if not form.is_valid():
            return self._home(request, form, kind, status=400)
        uploaded = form.cleaned_data["file"]
        target = self.upload_class(request.hromada.pk, uuid.uuid4().hex)
        try:
            inspection = import_pages.receive(target, uploaded, self._importer(kind))
        except imports.ImportFileError as error:
            form.add_error("file", str(error))
            return self._home(request, form, kind, status=400)
        import_flow.keep(target, import_pages.first_state(
            request, target, kind=kind, uploaded=uploaded, facts=self._format_facts(inspection["fmt"]),
            inspection=inspection))
        return redirect(self._link("preview", target.id))

    def preview(self, request, import_id):
        upload, state = self._get(request, import_id)
        if moved := self._moved(state, State.UPLOADED):
            return moved
        importer = self._importer(state["kind"])
        try:
            inspection = import_pages.inspect(upload.file, importer, count=False)
        except (imports.ImportFileError, FileNotFoundError) as error:
            message = str(error) if isinstance(error, imports.ImportFileError) else _("The file is no longer there.")
            import_flow.fail_upload(upload, message)
            return redirect(self._page_for(import_flow.read(upload) or state))
        columns: imports.ColumnMap = inspection["columns"]
        context = self._base_context(state) | {
            "mapping": import_pages.mapping(importer, inspection), "missing": columns.missing,
            "duplicates": columns.duplicates, "blocked": self._blocked(state, columns), "jsonl": self._jsonl(state),
            **import_pages.preview_table(inspection),
        }
        return self._render(request, "preview", context)

    def check(self, request, import_id):
        upload, state = self._get(request, import_id)
        if moved := self._moved(state, State.UPLOADED):
            return moved
        try:
            inspection = import_pages.inspect(upload.file, self._importer(state["kind"]), count=False)
        except (imports.ImportFileError, FileNotFoundError):
            return redirect(self._link("preview", upload.id))  # the preview explains and fails it
        if self._blocked(state, inspection["columns"]):
            messages.error(request, _("The file cannot be checked: correct its columns first."))
            return redirect(self._link("preview", upload.id))
        claimed = import_flow.begin_check(request, upload, state)
        if claimed is None:  # a second click: the first one is already at work
            return redirect(self._page_for(import_flow.read(upload) or state))
        return redirect(self._page_for(import_flow.read(upload) or claimed))

    def report(self, request, import_id):
        _unused, state = self._get(request, import_id)
        if moved := self._moved(state, State.CHECKED):
            return moved
        checked = state.get("check") or {}
        context = self._base_context(state) | {"report": checked, "page": import_pages.errors_page(request, checked)}
        return self._render(request, "report", context)

    def errors_csv(self, request, import_id):
        upload, state = self._get(request, import_id)
        return import_pages.errors_csv(request, upload, state)

    def confirm(self, request, import_id, mode):
        if mode not in MODES:
            raise Http404
        upload, state = self._get(request, import_id)
        if moved := self._moved(state, State.CHECKED):
            return moved
        plan = import_pages.plan(state, mode)
        context = self._base_context(state) | {"mode": mode, "plan": plan, "report": state.get("check") or {}}
        if request.method == "GET" or plan["problem"]:
            lead = self.texts.get("confirm_lead")
            context["lead"] = lead % {"counter": plan["rows"], "file": state["filename"],
                                      "title": capfirst(context["title"])} if lead else ""
            return self._render(request, "confirm", context, status=400 if request.method == "POST" else 200)
        claimed = import_flow.begin_commit(request, upload, state, mode)
        if claimed is None:  # a second click: the first one is already at work
            return redirect(self._page_for(import_flow.read(upload) or state))
        return redirect(self._page_for(import_flow.read(upload) or claimed))

    def cancel(self, request, import_id):
        upload, state = self._get(request, import_id)
        if import_flow.cancel(upload, request.user) is None:
            messages.error(request, _("This import can no longer be cancelled."))
            return redirect(self._page_for(import_flow.read(upload) or state))
        messages.success(request, _("The import of %(file)s was cancelled; nothing was written.")
                         % {"file": state["filename"]})
        return redirect(self.home_url(state["kind"]))

    def retry(self, request, import_id):
        upload, state = self._get(request, import_id)
        return import_pages.retry(request, upload, state, self._page_for)

    def status(self, request, import_id):
        upload, state = self._get(request, import_id)
        if state["status"] not in BUSY:
            if request.htmx:
                return HttpResponseClientRedirect(self._page_for(state))
            return redirect(self._page_for(state))
        context = self._base_context(state) | import_pages.progress_context(state, self._link("status", upload.id))
        if request.htmx:
            return render(request, "core/imports/_progress.html", context)
        return self._render(request, "status", context)

    def result(self, request, import_id):
        upload, state = self._get(request, import_id)
        if moved := self._moved(state, *FINISHED):
            return moved
        final = state.get("result") or {}
        context = self._base_context(state) | {
            "report": final, "page": import_pages.errors_page(request, final),
            "extras": import_pages.extras(self._importer(state["kind"]), final),
            "done_url": self._done_url(state["kind"]),
            "finished_at": import_pages.when(state.get("finished_at")),
            "retry_url": self._link("retry", upload.id) if import_flow.can_retry(upload, state) else "",
        }
        return self._render(request, "result", context)

    # --- downloads ---------------------------------------------------------------------------------------

    @staticmethod
    def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def _template_importer(self, kind: str | None) -> tuple[type[imports.Importer], str]:
        if not self.kinds:
            return self.importer, self.template_name
        if kind not in self._kinds():
            raise Http404
        return imports.get(kind), kind

    def template_csv(self, request, kind: str | None = None):
        importer, name = self._template_importer(kind)
        return self._download(imports.template_csv(importer), "text/csv; charset=utf-8", f"{name}-template.csv")

    def template_xlsx(self, request, kind: str | None = None):
        importer, name = self._template_importer(kind)
        return self._download(imports.template_xlsx(importer), XLSX, f"{name}-template.xlsx")

    def sample_jsonl(self, request):
        return self._download(self.sample(), "application/x-ndjson; charset=utf-8",
                              f"{self.template_name}-sample.jsonl")

    # --- URLs --------------------------------------------------------------------------------------------

    def urlpatterns(self) -> list:
        """The pages' URL patterns, each behind the capability."""
        guarded = require(self.capability)
        base = self.path or (f"{self.url_prefix}/import/" if self.url_prefix else "import/")
        one = base + "<uuid:import_id>/"
        template = "templates/<slug:kind>" if self.kinds else "template"
        routes = [
            ("", require_GET(self.home), ""),
            ("upload/", csrf_exempt(require_POST(self.upload)), "upload"),
            (f"{template}.csv", require_GET(self.template_csv), "template-csv"),
            (f"{template}.xlsx", require_GET(self.template_xlsx), "template-xlsx"),
        ]
        if self.sample:
            routes.append(("sample.jsonl", require_GET(self.sample_jsonl), "sample"))
        per_import = [
            ("", require_GET(self.preview), "preview"),
            ("check/", require_POST(self.check), "check"),
            ("report/", require_GET(self.report), "report"),
            ("errors.csv", require_GET(self.errors_csv), "errors-csv"),
            ("confirm/<slug:mode>/", require_http_methods(["GET", "POST"])(self.confirm), "confirm"),
            ("status/", require_GET(self.status), "status"),
            ("result/", require_GET(self.result), "result"),
            ("cancel/", require_POST(self.cancel), "cancel"),
            ("retry/", require_POST(self.retry), "retry"),
        ]
        return [path(base + route, guarded(view), name=self.name(page)) for route, view, page in routes] + [
            path(one + route, guarded(view), name=self.name(page)) for route, view, page in per_import]
