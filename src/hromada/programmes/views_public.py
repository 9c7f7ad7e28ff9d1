"""The portal: approved programmes, their progress and indicator charts (each chart also as a table)."""

from __future__ import annotations

from django.shortcuts import render

from hromada.programmes import catalogue, dashboard, selectors, snapshot


def programme_list(request):
    return render(request, "programmes/public/list.html",
                  {"rows": selectors.public_programmes(request.hromada)})


def programme_detail(request, pk):
    programme = selectors.public_programme(request.hromada, pk)
    # Residents see the programme as last approved, never a draft amendment in progress.
    version = programme.versions.order_by("-number").first()
    return render(request, "programmes/public/detail.html", {
        "programme": programme, "doc": version.snapshot if version else snapshot.freeze(programme),
        "version": version, "catalogue": catalogue.load(programme.catalogue),
        "directions": dashboard.direction_progress(programme), "indicators": dashboard.indicator_rows(programme),
        "statuses": dashboard.status_counts(programme), "years": programme.years,
    })
