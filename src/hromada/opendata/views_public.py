"""Public open-data pages: the catalogue with search and filters, a dataset with its passport, resources,
preview and versions, downloads (streamed), the structure and passport files, a version's difference, and the
Atom feed of new and updated datasets."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from hromada.core import ratelimit
from hromada.core.models import Department
from hromada.opendata import files, quality, selectors
from hromada.opendata.forms import CatalogueFilterForm
from hromada.opendata.models import DatasetStatus, DatastoreRow, Resource, ResourceFormat
from hromada.opendata.publishing import typed

PAGE_SIZE = 20
PREVIEW_ROWS = 10
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "xlsx":
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "geojson": "application/geo+json", "pdf": "application/pdf"}
# Structure files use the datatypes of the open-data recommendations (tapas-opendata/mods «table»).
STRUCTURE_TYPES = {"string": "string", "integer": "integer", "number": "decimal", "date": "date",
                   "datetime": "dateTime", "boolean": "boolean", "year": "integer"}


@ratelimit.limit_page("search", methods=("GET",), when=lambda request: bool(request.GET.get("q")))
def index(request):
    hromada = request.hromada
    departments = Department.objects.filter(hromada=hromada, pk__in=selectors.public_datasets(hromada)
                                            .exclude(department=None).values("department"))
    form = CatalogueFilterForm(request.GET or None, departments=departments)
    values = form.cleaned_data if form.is_valid() else {}
    filters = selectors.Filters(q=values.get("q", ""), department=values.get("department"),
                                fmt=values.get("fmt", ""), frequency=values.get("frequency", ""),
                                topic=values.get("topic", ""), sort=values.get("sort") or "title")
    rows = selectors.with_resources(selectors.search(selectors.public_datasets(hromada), filters))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({k: v for k, v in values.items() if v not in (None, "", False)})
    return render(request, "opendata/index.html", {
        "form": form, "page": page, "querystring": querystring,
        "filtered": bool({k for k, v in values.items() if v and k != "sort"}),
    })


def _dataset(request, slug):
    dataset = selectors.public_dataset(request.hromada, slug)
    if dataset.status == DatasetStatus.WITHDRAWN:
        response = render(request, "opendata/withdrawn.html", {"dataset": dataset}, status=410)
        raise _Gone(response)
    return dataset


class _Gone(Exception):
    def __init__(self, response):
        self.response = response


def _gone_aware(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Gone as gone:
            return gone.response

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def preview(resource: Resource) -> tuple[list[str], list[list]]:
    """The first rows of the current version as a table (column titles from the structure)."""
    if resource.current is None or not resource.is_tabular:
        return [], []
    fields = (resource.table_schema or {}).get("fields") or []
    rows = list(DatastoreRow.objects.filter(version=resource.current).order_by("position")
                .values_list("data", flat=True)[:PREVIEW_ROWS])
    names = [f["name"] for f in fields] or (list(rows[0]) if rows else [])
    titles = [f.get("title") or f["name"] for f in fields] or names
    return titles, [[row.get(name) for name in names] for row in rows]


def _json_ld(data: dict) -> str:
    text = (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308  (escaped above)


@_gone_aware
def dataset(request, slug):
    dataset = _dataset(request, slug)
    resources = list(dataset.resources.all())
    first_table = next((r for r in resources if r.is_tabular and r.current_id), None)
    titles, rows = preview(first_table) if first_table else ([], [])
    try:
        from hromada.opendata import schemaorg

        jsonld = _json_ld(schemaorg.dataset(request, dataset))
        alternates = schemaorg.alternates(request, dataset)
    except ImportError:  # the DCAT/schema.org module is optional for the page itself
        jsonld, alternates = "", []
    api_base = request.build_absolute_uri("/api/3/action/")
    return render(request, "opendata/dataset.html", {
        "dataset": dataset, "resources": resources, "preview_resource": first_table, "preview_titles": titles,
        "preview_rows": rows, "jsonld": jsonld, "alternates": alternates, "today": timezone.localdate(),
        "api_show": f"{api_base}package_show?id={dataset.slug}",
        "api_rows": f"{api_base}datastore_search?resource_id={first_table.uid}&limit=5" if first_table else "",
        "criteria": [(quality.CRITERIA[key], passed) for key, passed in dataset.quality_detail.items()
                     if key in quality.CRITERIA],
    })


@_gone_aware
def resource(request, slug, key):
    dataset = _dataset(request, slug)
    item = selectors.resource(dataset, key)
    titles, rows = preview(item)
    versions = Paginator(selectors.versions(item), 20).get_page(request.GET.get("page"))
    return render(request, "opendata/resource.html", {
        "dataset": dataset, "resource": item, "preview_titles": titles, "preview_rows": rows, "page": versions,
        "fields": (item.table_schema or {}).get("fields") or [],
    })


@_gone_aware
def version(request, slug, key, number):
    dataset = _dataset(request, slug)
    item = selectors.resource(dataset, key)
    found = selectors.version(item, number)
    return render(request, "opendata/version.html", {"dataset": dataset, "resource": item, "version": found})


@_gone_aware
def download(request, slug, key, fmt, number=None):
    """The current (or a given) version: CSV as stored, JSON streamed from it, the original file as uploaded."""
    dataset = _dataset(request, slug)
    item = selectors.resource(dataset, key)
    found = item.current if number is None else selectors.version(item, number)
    if found is None:
        raise Http404
    base = f"{dataset.slug}-{item.key}-v{found.number}"
    if found.format != ResourceFormat.CSV:  # a text (PDF): only the file itself
        if fmt != found.format:
            raise Http404
        return FileResponse(found.file.open("rb"), as_attachment=True, filename=f"{base}.{fmt}",
                            content_type=MEDIA_TYPES.get(fmt, "application/octet-stream"))
    if fmt == "csv":
        return FileResponse(found.file.open("rb"), as_attachment=True, filename=f"{base}.csv",
                            content_type=MEDIA_TYPES["csv"])
    if fmt == "json":
        response = StreamingHttpResponse(_json_rows(found, item), content_type=MEDIA_TYPES["json"])
        response["Content-Disposition"] = f'attachment; filename="{base}.json"'
        return response
    if found.original and fmt == found.original.name.rsplit(".", 1)[-1].lower():
        return FileResponse(found.original.open("rb"), as_attachment=True, filename=f"{base}.{fmt}",
                            content_type=MEDIA_TYPES.get(fmt, "application/octet-stream"))
    raise Http404


def _json_rows(version, resource) -> Iterator[bytes]:
    """A JSON array of objects, typed by the structure, written row by row (constant memory)."""
    types = {f["name"]: f.get("type", "string") for f in (resource.table_schema or {}).get("fields", [])}
    with version.file.open("rb") as handle:
        rows = files.read_csv(handle)
        header = next(rows, [])
        yield b"["
        buffer, first = [], True
        for row in rows:
            item = {name: typed(row[i] if i < len(row) else "", types.get(name, "string"))
                    for i, name in enumerate(header)}
            buffer.append(("" if first else ",") + json.dumps(item, ensure_ascii=False))
            first = False
            if len(buffer) >= 500:
                yield "".join(buffer).encode("utf-8")
                buffer = []
        if buffer:
            yield "".join(buffer).encode("utf-8")
        yield b"]"


def _csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type=MEDIA_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@_gone_aware
def structure(request, slug, key):
    """The structure file of the 835 recommendations: name,title,description,datatype — generated, not typed."""
    dataset = _dataset(request, slug)
    item = selectors.resource(dataset, key)
    fields = (item.table_schema or {}).get("fields")
    if not fields:
        raise Http404
    rows = [(f["name"], f.get("title", ""), f.get("description", ""),
             "anyURI" if f.get("format") == "uri" else STRUCTURE_TYPES.get(f.get("type", "string"), "string"))
            for f in fields]
    return _csv_response(f"{dataset.slug}-{item.key}-structure.csv", ["name", "title", "description", "datatype"],
                         rows)


def passport_rows(request, dataset) -> list[tuple[str, str]]:
    """The 14 elements of the passport, in the Положення's order, as published."""

    def when(value):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    return [
        (_("Identifier of the dataset"), dataset.identifier),
        (_("Title of the dataset"), dataset.title),
        (_("Description of the contents"), dataset.description),
        (_("Language of the information"), _("Ukrainian") if dataset.language == "uk" else dataset.language),
        (_("Format (formats)"), ", ".join(dataset.formats)),
        (_("Compression format"), _("not compressed")),
        (_("Date and time of first publication"), when(dataset.first_published_at)),
        (_("Date and time of the last change"), when(dataset.last_modified_at)),
        (_("Date the data is current as of"), dataset.relevance_date.isoformat() if dataset.relevance_date else ""),
        (_("Update frequency"), dataset.get_frequency_display()),
        (_("Keywords"), ", ".join(dataset.keywords)),
        (_("Link to the dataset"), request.build_absolute_uri(reverse("opendata:dataset", args=[dataset.slug]))),
        (_("Responsible person and e-mail"), f"{dataset.contact_name}, {dataset.contact_email}"),
        (_("Basis and purpose of collecting the information"),
         " ".join(part for part in (dataset.basis, dataset.purpose) if part)),
    ]


@_gone_aware
def passport(request, slug, fmt):
    dataset = _dataset(request, slug)
    if fmt != "csv":
        raise Http404
    return _csv_response(f"{dataset.slug}-passport.csv", [_("element"), _("value")],
                         passport_rows(request, dataset))


class DatasetsFeed(Feed):
    """New and updated datasets, newest first (Atom)."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Open data: %(name)s") % {"name": self.request.hromada.name}

    def subtitle(self):
        return _("New and updated datasets")

    def link(self):
        return reverse("opendata:index")

    def items(self):
        return (selectors.public_datasets(self.request.hromada).exclude(last_modified_at=None)
                .order_by("-last_modified_at", "-pk")[:50])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return reverse("opendata:dataset", args=[item.slug])

    def item_updateddate(self, item):
        return item.last_modified_at

    def item_pubdate(self, item):
        return item.first_published_at

    def item_guid(self, item):
        return f"urn:uuid:{item.uid}"

    item_guid_is_permalink = False


feed = DatasetsFeed()
