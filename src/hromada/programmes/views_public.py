"""The portal: approved programmes, their progress and indicator charts (each chart also as a table).

Residents see and download the programme as last approved, never a draft amendment in progress.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from hromada.programmes import catalogue, dashboard, selectors, snapshot
from hromada.programmes.views import ANNEXES, file_response


def programme_list(request):
    return render(request, "programmes/public/list.html",
                  {"rows": selectors.public_programmes(request.hromada)})


def programme_detail(request, pk):
    programme = selectors.public_programme(request.hromada, pk)
    version = selectors.latest_version(programme)
    act = selectors.approving_act(request.hromada, version.approval_decision, version.approval_date) \
        if version else None
    return render(request, "programmes/public/detail.html", {
        "programme": programme, "doc": version.snapshot if version else snapshot.freeze(programme),
        "version": version, "catalogue": catalogue.load(programme.catalogue), "approving_act": act,
        "directions": dashboard.direction_progress(programme), "indicators": dashboard.indicator_rows(programme),
        "statuses": dashboard.status_counts(programme), "years": programme.years,
    })


def _approved(request, pk):
    programme = selectors.public_programme(request.hromada, pk)
    version = selectors.latest_version(programme)
    if version is None:
        raise Http404
    return programme, version


def programme_document(request, pk):
    """The programme DOCX of the last approved version, for anyone."""
    from hromada.programmes import documents

    programme, version = _approved(request, pk)
    return file_response(documents.programme_docx(version.snapshot),
                         f"programme-{programme.pk}-v{version.number}.docx")


def annex_document(request, pk, annex, fmt):
    """Annex 1 or 2 of the last approved version as DOCX or XLSX, for anyone."""
    from hromada.programmes import documents

    name = ANNEXES.get((annex, fmt))
    if name is None:
        raise Http404
    programme, version = _approved(request, pk)
    return file_response(getattr(documents, name)(version.snapshot),
                         f"programme-{programme.pk}-v{version.number}-annex{annex}.{fmt}")
