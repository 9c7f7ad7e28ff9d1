"""The public responsiveness figures of appeals, hotline calls and information requests (/appeals/figures/).

Anyone may read them: counts and times only, never who wrote or what. The figures come from the case engine's
``figures`` module (cached there for a few minutes); this module picks the year and kind from the query string,
draws the chart as SVG on the server and writes the data files.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from hromada.appeals.case_kinds import APPEAL, HOTLINE, INFO_REQUEST
from hromada.core.cases import figures as engine
from hromada.core.cases import kinds as case_kinds
from hromada.core.exports import csv_response, xlsx_response

KINDS = (APPEAL, HOTLINE, INFO_REQUEST)
CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM, CHART_LEFT = 720, 300, 20, 40, 40


def kind_choices() -> list[tuple[str, str]]:
    return [("", _("all kinds"))] + [(key, str(case_kinds.get(key).label)) for key in KINDS
                                     if key in case_kinds.REGISTRY]


def choose(request) -> dict:
    """The year and kind asked for; anything else falls back to the current year and every kind, with a note."""
    hromada = request.hromada
    years = engine.years(hromada, KINDS)
    notes = []
    raw_year, kind = request.GET.get("year", ""), request.GET.get("kind", "")
    year = years[0]
    if raw_year:
        if raw_year.isdigit() and int(raw_year) in years:
            year = int(raw_year)
        else:
            notes.append(_("There are no figures for that year; the latest year is shown."))
    if kind and kind not in dict(kind_choices()):
        notes.append(_("There is no such kind of case; all kinds are shown."))
        kind = ""
    return {"year": year, "kind": kind, "years": years, "notes": notes,
            "kinds": (kind,) if kind else KINDS}


def chart(data: engine.Figures) -> dict:
    """Two bars a month (received, answered on time), scaled to the largest month."""
    top = max([row.received for _month, row in data.by_month] + [1])
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = (CHART_WIDTH - CHART_LEFT) / 12
    bar = slot * 0.36
    months = []
    for month, row in data.by_month:
        x = CHART_LEFT + (month - 1) * slot + slot * 0.12
        bars = []
        for offset, value, colour in ((0, row.received, "#0b4f9c"), (bar, row.on_time, "#1a7f37")):
            height = round(plot_height * value / top, 1)
            bars.append({"x": round(x + offset, 1), "y": round(CHART_TOP + plot_height - height, 1),
                         "height": height, "colour": colour})
        title = _("%(month)s: received %(received)s, answered on time %(on_time)s") % {
            "month": row.label, "received": row.received, "on_time": row.on_time}
        months.append({"bars": bars, "title": title, "label": str(MONTHS_3[month]),
                       "label_x": round(x + bar, 1)})
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bar": round(bar, 1), "months": months,
            "axis_y": CHART_HEIGHT - CHART_BOTTOM, "label_y": CHART_HEIGHT - CHART_BOTTOM + 20, "top": top,
            "left": CHART_LEFT, "top_y": CHART_TOP + 5}


def index(request):
    chosen = choose(request)
    data = engine.figures(request.hromada, chosen["year"], chosen["kinds"])
    query = f"year={chosen['year']}" + (f"&kind={chosen['kind']}" if chosen["kind"] else "")
    return render(request, "appeals/figures/index.html", {
        **chosen, "figures": data, "chart": None if data.empty else chart(data), "query": query,
        "kind_choices": kind_choices(), "by_month_rows": [row for _month, row in data.by_month],
        "kind_label": dict(kind_choices()).get(chosen["kind"], ""),
    })


def header() -> list[str]:
    return [_("table"), _("month"), _("name"), _("received"), _("answered"), _("answered on time"),
            _("answered on time, %"), _("median time to answer, days"), _("95th percentile, days"),
            _("median time to answer, working days"), _("95th percentile, working days")]


def _line(table: str, month: int | None, row: engine.Row) -> list:
    return [table, month or "", row.label, row.received, row.answered, row.on_time, row.on_time_share,
            row.median_days, row.p95_days, row.median_working_days, row.p95_working_days]


def rows(data: engine.Figures):
    yield _line(_("year"), None, data.total)
    for month, row in data.by_month:
        yield _line(_("month"), month, row)
    for row in data.by_department:
        yield _line(_("department"), None, row)
    for row in data.by_category:
        yield _line(_("category"), None, row)
    for month, row in data.department_months:
        yield _line(_("department"), month, row)
    for month, row in data.category_months:
        yield _line(_("category"), month, row)


def data_file(request, fmt: str):
    chosen = choose(request)
    data = engine.figures(request.hromada, chosen["year"], chosen["kinds"])
    name = f"appeals-figures-{chosen['year']}" + (f"-{chosen['kind']}" if chosen["kind"] else "")
    if fmt == "xlsx":
        return xlsx_response(name, _("figures"), header(), rows(data))
    return csv_response(name, header(), rows(data))
