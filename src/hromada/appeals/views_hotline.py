"""The hotline's pages: the operator's console, the staff's figures and the public page (thin: hotline.py works)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.appeals import hotline
from hromada.appeals.forms_hotline import CallForm, PeriodForm
from hromada.core import exports
from hromada.core.access import require
from hromada.core.cases import routing
from hromada.core.cases.services import format_due
from hromada.core.ukformat import end_sentence
from hromada.registers import selectors as register_selectors

ACTIONS = ("lookup", "pick", "suggest", "consult", "register", "drop")


def _form_errors(form: CallForm, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _resident(request, form: CallForm):
    pk = form.cleaned_data.get("resident")
    if not pk:
        return None
    try:
        return register_selectors.resident(request.hromada, pk)
    except Http404:
        form.add_error(None, _("Choose a resident of this hromada."))
        return None


def _full_name(resident) -> str:
    return " ".join(part for part in (resident.last_name, resident.first_name, resident.patronymic) if part)


def _act(request, form: CallForm, action: str):
    """Finish the call one of three ways; the saved call, or None with the errors on the form."""
    data, hromada = form.cleaned_data, request.hromada
    resident = _resident(request, form)
    if form.errors:
        return None
    common = {"actor": request.user, "caller_name": data["caller_name"], "caller_phone": data["caller_phone"]}
    try:
        if action == "consult":
            return hotline.consult(hromada, summary=data["summary"], answer=data["answer"],
                                   category=data["category"], resident=resident, **common)
        if action == "register":
            return hotline.register_call(hromada, summary=data["summary"], category=data["category"],
                                         resident=resident, subject=data["subject"], **common)
        return hotline.dropped(hromada, summary=data["summary"], **common)
    except ValidationError as error:
        _form_errors(form, error)
        return None


def _done_message(request, row) -> None:
    if row.outcome == hotline.Outcome.CASE:
        messages.success(request, end_sentence(_("Case %(number)s registered; due %(due)s.")
                                               % {"number": row.case.number, "due": format_due(row.case)}))
    elif row.outcome == hotline.Outcome.CONSULTED:
        messages.success(request, _("The consultation is recorded and the call closed."))
    else:
        messages.success(request, _("The dropped call is recorded."))


@require("cases.hotline")
@require_http_methods(["GET", "POST"])
def console(request):
    hromada = request.hromada
    categories = hotline.categories(hromada)
    matches, suggestion, suggested, picked = None, None, False, None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        data = request.POST.copy()
        if "pick" in request.POST:
            action = "pick"
        if action == "pick":
            try:
                picked = hotline.pick_resident(hromada, request.POST.get("pick"), actor=request.user)
            except Http404:
                picked = None
            if picked is not None:
                data["resident"], data["caller_name"] = str(picked.pk), _full_name(picked)
        form = CallForm(data, categories=categories)
        if action not in ACTIONS:
            form.is_valid()
            form.add_error(None, _("Choose what to do with the call."))
            status = 400
        elif form.is_valid():
            if action == "lookup":
                matches = hotline.lookup(hromada, phone=form.cleaned_data["caller_phone"],
                                         name=form.cleaned_data["caller_name"])
            elif action == "suggest":
                suggested = True
                suggestion = routing.suggest(hromada, hotline.KIND, form.cleaned_data["summary"])
            elif action in ("consult", "register", "drop"):
                row = _act(request, form, action)
                if row is not None:
                    _done_message(request, row)
                    return redirect("hotline:console")
                status = 400
        else:
            status = 400
    else:
        form = CallForm(categories=categories)
    return render(request, "appeals/hotline/console.html", {
        "form": form, "matches": matches, "suggestion": suggestion, "suggested": suggested, "picked": picked,
        "today": [(row, hotline.masked_caller(row)) for row in hotline.operator_calls_today(hromada, request.user)],
    }, status=status)


@require("cases.hotline")
@require_POST
def suggest(request):
    """The routing suggestion for the text typed so far (an htmx fragment under the text field)."""
    text = request.POST.get("summary", "")[:5000]
    suggestion = routing.suggest(request.hromada, hotline.KIND, text) if text.strip() else None
    return render(request, "appeals/hotline/_suggestion.html",
                  {"suggestion": suggestion, "suggested": bool(text.strip())})


def bars(pairs, label_format: str) -> list[dict]:
    """Bars for the CSS chart: a label, the value and its width as a share of the largest value."""
    top = max((n for _label, n in pairs), default=0)
    return [{"label": date_format(label, label_format), "value": n, "percent": round(100 * n / top) if top else 0}
            for label, n in pairs]


def _export_rows(figures: dict) -> list[tuple]:
    rows: list[tuple] = [(_("calls per day"), day, n) for day, n in figures["days"]]
    rows += [(_("by category"), name, n) for name, n in figures["by_category"]]
    rows += [(_("by outcome"), str(label), n) for label, n in figures["by_outcome"]]
    rows.append((_("answered on the spot, %"), "", figures["on_the_spot"]))
    rows.append((_("time to close, median, hours"), "", figures["close"]["median"]))
    rows.append((_("time to close, 95th percentile, hours"), "", figures["close"]["p95"]))
    return rows


@require("appeals.hotline_analytics")
def analytics(request):
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    figures = hotline.analytics(request.hromada, start, end)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        header = [_("figure"), _("date or category"), _("value")]
        name = f"hotline-{start.isoformat()}-{end.isoformat()}"
        if fmt == "csv":
            return exports.csv_response(name, header, _export_rows(figures))
        return exports.xlsx_response(name, _("Hotline"), header, _export_rows(figures))
    return render(request, "appeals/hotline/analytics.html", {
        "form": form, "figures": figures, "query": f"start={start}&end={end}",
        "day_bars": bars(figures["days"], "d.m"),
    })


def public_index(request):
    figures = hotline.public_figures(request.hromada)
    return render(request, "appeals/hotline/public.html", {
        "figures": figures, "month_bars": bars(figures["months"], "F Y")})
