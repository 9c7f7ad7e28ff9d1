"""Machine-readable descriptions of the catalogue: DCAT-AP 3 for the catalogue and each dataset (Turtle, JSON-LD,
RDF/XML by the address's extension, as ckanext-dcat serves them) and a Frictionless Data Package per dataset.

Only the published datasets of the hromada the request is for: another hromada's or an unknown address is 404;
a withdrawn dataset answers 410, as its page does. A parameter a harvester gets wrong is a 400 with a plain
sentence saying what is expected.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseGone, JsonResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hromada.opendata import datapackage as packages
from hromada.opendata import dcat, selectors
from hromada.opendata.models import DatasetStatus

PLAIN = "text/plain; charset=utf-8"
# A "+02:00" typed into an address arrives as " 02:00": in a query string a plus is a space.
_SPACED_OFFSET = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


class BadParameter(ValueError):
    pass


def parse_page(value: str | None) -> int:
    value = (value or "").strip()
    if not value:
        return 1
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise BadParameter(_("The page must be a whole number from 1."))
    return int(value)


def parse_modified_since(value: str | None) -> datetime | None:
    """An ISO 8601 date (from the start of that day, Kyiv time) or date and time (Kyiv time if no offset)."""
    text = (value or "").strip()
    if not text:
        return None
    text = _SPACED_OFFSET.sub(r"\1+\2", text)
    try:
        if len(text) <= 10:
            moment = datetime.combine(date.fromisoformat(text), time.min)
        else:
            moment = datetime.fromisoformat(text)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment.astimezone(UTC)  # a moment the database cannot hold (year 1 minus an offset) fails here
    except (ValueError, OverflowError):
        raise BadParameter(_("modified_since must be an ISO 8601 date or date and time, such as 2026-01-31 or "
                             "2026-01-31T12:00:00+02:00.")) from None
    return moment


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _rdf_response(graph, fmt: str) -> HttpResponse:
    return HttpResponse(dcat.serialize(graph, fmt), content_type=dcat.FORMATS[fmt][1])


@require_safe
def catalog(request, fmt):
    if fmt not in dcat.FORMATS:
        raise Http404
    try:
        page = parse_page(request.GET.get("page"))
        modified_since = parse_modified_since(request.GET.get("modified_since"))
    except BadParameter as error:
        return HttpResponseBadRequest(str(error), content_type=PLAIN)
    kept = {"modified_since": request.GET["modified_since"]} if modified_since else {}
    address = _base(request) + request.path

    def page_url(number: int) -> str:
        return f"{address}?{urlencode({**kept, 'page': number})}"

    graph = dcat.catalog_graph(request.hromada, _base(request), page=page, modified_since=modified_since,
                               page_url=page_url)
    return _rdf_response(graph, fmt)


def _published(request, slug):
    dataset = selectors.public_dataset(request.hromada, slug)
    if dataset.status == DatasetStatus.WITHDRAWN:
        return None
    return dataset


def _gone() -> HttpResponse:
    return HttpResponseGone(_("The council has withdrawn this dataset; it is no longer published."),
                            content_type=PLAIN)


@require_safe
def dataset(request, slug, fmt):
    if fmt not in dcat.FORMATS:
        raise Http404
    found = _published(request, slug)
    if found is None:
        return _gone()
    return _rdf_response(dcat.dataset_graph(request.hromada, _base(request), found), fmt)


@require_safe
def datapackage(request, slug):
    found = _published(request, slug)
    if found is None:
        return _gone()
    return JsonResponse(packages.descriptor(found, _base(request)),
                        json_dumps_params={"ensure_ascii": False, "indent": 2})
