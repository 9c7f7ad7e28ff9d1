"""Staff pages of the equipment register: the list (filters, search, export, label selection), an item's page and
its actions (edit, check-out and check-in, status, write-off and its undoing), the category policies, the
inventory rounds, the label sheets and the summary. Thin: reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.core import audit, audit_display, exports
from hromada.core.access import pk_or_404, require
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.itassets.equipment import forms, labels, lifecycle, sections, selectors, services
from hromada.itassets.models import Category, Equipment, InventoryRound
from hromada.itassets.permissions import MANAGE, VIEW

view_required = require(VIEW)
manage_required = require(MANAGE)
PAGE_SIZE = 50
ROUND_PAGE_SIZE = 100


def _url(name: str, *args) -> str:
    return reverse(f"itassets-staff:equipment-{name}", args=args)


def _add_errors(form, error: ValidationError) -> None:
    """A service's errors onto the form: by field where the form has it, on the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _querystring(request, *drop: str) -> str:
    query = request.GET.copy()
    for name in ("page", "export", *drop):
        query.pop(name, None)
    return query.urlencode()


# --- the list ---------------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    ("inventory_number", _("inventory number")), ("category", _("category")), ("name", _("name")),
    ("manufacturer", _("manufacturer")), ("model", _("model")), ("serial_number", _("serial number")),
    ("purchase_date", _("purchase date")), ("cost", _("cost, UAH")), ("funding_source", _("funding source")),
    ("warranty_until", _("warranty until")), ("end_of_life", _("end of useful life")),
    ("institution", _("institution")), ("department", _("department")), ("room", _("room")),
    ("assigned_name", _("used by")), ("status", _("status")), ("last_checked_on", _("last inventory check")),
    ("next_check_due", _("next inventory check due")), ("written_off_on", _("written off on")),
)


def _export_row(item: Equipment) -> list:
    return [item.inventory_number, item.get_category_display(), item.name, item.manufacturer, item.model,
            item.serial_number, item.purchase_date, item.cost, item.get_funding_source_display(),
            item.warranty_until, item.end_of_life, item.institution.name if item.institution_id else "",
            item.department.name if item.department_id else "", item.room, item.assigned_name,
            item.get_status_display(), item.last_checked_on, item.next_check_due, item.written_off_on]


def _filtered(request):
    form = forms.FilterForm(request.GET or None, hromada=request.hromada)
    if form.is_bound:
        form.is_valid()
    filters = form.filters()
    return form, filters, selectors.filtered(request.hromada, filters, today=timezone.localdate())


@view_required
def item_list(request):
    form, filters, qs = _filtered(request)
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        header = [str(label) for _name, label in EXPORT_COLUMNS]
        rows = (_export_row(item) for item in qs.iterator(chunk_size=2000))
        audit.record(AuditEntry.Action.EXPORT, object_type="itassets.equipment", hromada=request.hromada,
                     object_repr=_("equipment (%(format)s)") % {"format": fmt.upper()},
                     changes={"filters": _querystring(request)})
        if fmt == "csv":
            return exports.csv_response("equipment", header, rows)
        return exports.xlsx_response("equipment", _("Equipment"), header, rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "itassets/equipment/list.html", {
        "form": form, "page": page, "querystring": _querystring(request), "filtered": filters.active(),
        "today": timezone.localdate(), "can_manage": can(request.user, request.hromada, MANAGE),
        "max_labels": labels.MAX_LABELS,
    })


@view_required
def summary(request):
    form, filters, qs = _filtered(request)
    today = timezone.localdate()
    totals = selectors.depreciation_totals(qs, request.hromada, at=today)
    category_labels = dict(Category.choices)
    return render(request, "itassets/equipment/summary.html", {
        "form": form, "summary": selectors.summary(qs, today=today), "totals": totals,
        "depreciation_rows": [(category_labels.get(key, key), *values)
                              for key, values in sorted(totals.by_category.items())],
        "computers": selectors.computer_figures(request.hromada, today), "today": today,
        "querystring": _querystring(request), "filtered": filters.active(),
    })


# --- one item ---------------------------------------------------------------------------------------------


def _item(request, pk) -> Equipment:
    return selectors.item(request.hromada, pk_or_404(pk))


@view_required
def detail(request, pk):
    item = _item(request, pk)
    today = timezone.localdate()
    terms = lifecycle.policies(request.hromada)
    years = lifecycle.useful_life(item, terms)
    can_manage = can(request.user, request.hromada, MANAGE)
    history = list(selectors.assignments(item))
    return render(request, "itassets/equipment/detail.html", {
        "item": item, "today": today, "terms": terms[item.category], "useful_life": years,
        "own_life": bool(item.useful_life_years),
        "age": lifecycle.age_years(item.purchase_date, today),
        "older": lifecycle.older_than(item.purchase_date, lifecycle.MODERN_YEARS, today),
        "past_eol": bool(item.end_of_life and item.end_of_life <= today),
        "check_due": bool(item.next_check_due and item.next_check_due <= today
                          and item.status != Equipment.Status.WRITTEN_OFF),
        "depreciation": lifecycle.depreciation(item.cost, item.purchase_date, years, today),
        "current": next((a for a in history if a.checked_in_on is None), None), "assignments": history,
        "checks": list(selectors.checks(item)), "components": list(selectors.components(item)),
        "history": audit_display.history(item, request.user, limit=30, hromada=request.hromada),
        "sections": sections.render(request, item, can_manage=can_manage), "can_manage": can_manage,
        "basis": lifecycle.DEPRECIATION_BASIS,
    })


def _form_page(request, item: Equipment | None):
    instance = item if item is not None else Equipment(hromada=request.hromada)
    form = forms.EquipmentForm(request.POST or None, instance=instance, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_item(form.instance, actor=request.user, hromada=request.hromada)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect(_url("detail", saved.pk))
    status = 400 if request.method == "POST" else 200
    return render(request, "itassets/equipment/form.html", {"form": form, "item": item}, status=status)


@manage_required
@require_http_methods(["GET", "POST"])
def create(request):
    return _form_page(request, None)


@manage_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    return _form_page(request, _item(request, pk))


def _action_page(request, item, form, title: str, template: str = "itassets/equipment/action.html", **extra):
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"item": item, "form": form, "title": title, **extra}, status=status)


@manage_required
@require_http_methods(["GET", "POST"])
def check_out(request, pk):
    item = _item(request, pk)
    form = forms.CheckOutForm(request.POST or None, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_out(item, actor=request.user, hromada=request.hromada, **form.values())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item is handed out."))
            return redirect(_url("detail", item.pk))
    return _action_page(request, item, form, _("Hand out"), button=_("Hand out"))


@manage_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    item = _item(request, pk)
    form = forms.CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in(item, actor=request.user, hromada=request.hromada, on=form.cleaned_data["checked_in_on"],
                              note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The item is taken back."))
            return redirect(_url("detail", item.pk))
    return _action_page(request, item, form, _("Take back"), button=_("Take back"))


@manage_required
@require_http_methods(["GET", "POST"])
def change_status(request, pk):
    item = _item(request, pk)
    form = forms.StatusForm(request.POST or None, initial={"status": item.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(item, actor=request.user, hromada=request.hromada,
                                   status=form.cleaned_data["status"], note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect(_url("detail", item.pk))
    return _action_page(request, item, form, _("Change the status"), button=_("Save"))


@manage_required
@require_http_methods(["GET", "POST"])
def write_off(request, pk):
    item = _item(request, pk)
    form = forms.WriteOffForm(request.POST or None, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.write_off(item, actor=request.user, hromada=request.hromada, on=data["written_off_on"],
                               reason=data["reason"], act=data["act"])
        except ValidationError as error:
            if hasattr(error, "error_dict") and "act" in error.error_dict:
                error.error_dict["act_number"] = error.error_dict.pop("act")
            _add_errors(form, error)
        else:
            messages.success(request, _("The item is written off."))
            return redirect(_url("detail", item.pk))
    return _action_page(request, item, form, _("Write off"), button=_("Write off"), danger=True,
                        question=_("A written-off item leaves the park: it cannot be checked out, and only a manager "
                                   "can undo the write-off, giving a reason."))


@manage_required
@require_http_methods(["GET", "POST"])
def undo_write_off(request, pk):
    item = _item(request, pk)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.undo_write_off(item, actor=request.user, hromada=request.hromada,
                                    reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The write-off is undone; the item is in stock."))
            return redirect(_url("detail", item.pk))
    return _action_page(request, item, form, _("Undo the write-off"), button=_("Undo the write-off"), danger=True,
                        question=_("Undo a write-off only if it was recorded by mistake. The reason is kept in the "
                                   "item's history."))


# --- labels -----------------------------------------------------------------------------------------------


def _ids(request) -> list[int]:
    ids = []
    for value in request.GET.getlist("ids")[:labels.MAX_LABELS]:
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 < number <= 2**63 - 1:
            ids.append(number)
    return ids


@view_required
def label_sheet(request):
    form = forms.FilterForm(request.GET or None, hromada=request.hromada)
    if form.is_bound:
        form.is_valid()
    ids = _ids(request)
    filters = form.filters(ids=ids)
    if not filters.active():
        return render(request, "itassets/equipment/labels_choose.html", {"form": form}, status=200)
    qs = selectors.filtered(request.hromada, filters, today=timezone.localdate())
    found = list(qs[:labels.MAX_LABELS + 1])
    too_many = len(found) > labels.MAX_LABELS
    chosen = labels.labels(request.hromada, found[:labels.MAX_LABELS])
    return render(request, "itassets/equipment/labels.html", {
        "sheets": labels.sheets(chosen), "count": len(chosen), "too_many": too_many, "max_labels": labels.MAX_LABELS,
        "querystring": _querystring(request),
    })


# --- category policies ------------------------------------------------------------------------------------


@view_required
def policies(request):
    terms = lifecycle.policies(request.hromada)
    return render(request, "itassets/equipment/policies.html", {
        "rows": [(value, label, terms[value]) for value, label in Category.choices],
        "can_manage": can(request.user, request.hromada, MANAGE), "life_basis": lifecycle.LIFE_BASIS,
        "audit_basis": lifecycle.AUDIT_BASIS, "depreciation_basis": lifecycle.DEPRECIATION_BASIS,
    })


@manage_required
@require_http_methods(["GET", "POST"])
def policy(request, category):
    if category not in Category.values:
        raise Http404
    terms = lifecycle.policies(request.hromada)[category]
    label = dict(Category.choices)[category]
    form = forms.PolicyForm(request.POST or None, initial={"useful_life_years": terms.useful_life_years,
                                                            "audit_interval_months": terms.audit_interval_months})
    if request.method == "POST" and request.POST.get("action") == "default":
        services.clear_policy(request.hromada, request.user, category=category)
        messages.success(request, _("The default terms apply to the category again; its items are recomputed."))
        return redirect(_url("policies"))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_policy(request.hromada, request.user, category=category, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The terms are saved; the items of the category are recomputed."))
            return redirect(_url("policies"))
    status = 400 if request.method == "POST" else 200
    return render(request, "itassets/equipment/policy.html", {"form": form, "terms": terms, "label": label,
                                                              "category": category}, status=status)


# --- inventory rounds -------------------------------------------------------------------------------------


@view_required
def rounds(request):
    page = Paginator(selectors.rounds(request.hromada), 25).get_page(request.GET.get("page"))
    return render(request, "itassets/equipment/rounds.html", {
        "page": page, "querystring": "", "can_manage": can(request.user, request.hromada, MANAGE)})


@manage_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    form = forms.RoundForm(request.POST or None, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.open_round(request.hromada, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The round is open. Record what you find of each item."))
            return redirect(_url("round", created.pk))
    status = 400 if request.method == "POST" else 200
    return render(request, "itassets/equipment/round_new.html", {"form": form}, status=status)


def _round(request, round_pk) -> InventoryRound:
    return selectors.round_(request.hromada, pk_or_404(round_pk))


def _round_page(request, round_obj, *, add_form=None, close_form=None, status=200):
    rows, extra, counts = selectors.round_sheet(round_obj)
    page = Paginator(rows, ROUND_PAGE_SIZE).get_page(request.GET.get("page"))
    is_open = round_obj.status == InventoryRound.Status.OPEN
    can_manage = can(request.user, request.hromada, MANAGE) and is_open
    recorded = sum(1 for _item_, check in rows if check is not None)
    return render(request, "itassets/equipment/round.html", {
        "round": round_obj, "page": page, "querystring": "", "extra": extra, "counts": counts,
        "results": forms.RESULT_CHOICES, "can_manage": can_manage, "is_open": is_open,
        "location": services.round_location(round_obj), "expected": len(rows), "recorded": recorded,
        "add_form": add_form or (forms.CheckForm(hromada=request.hromada, prefix="add") if can_manage else None),
        "close_form": close_form or (forms.CloseRoundForm() if can_manage else None),
        "missing": [check for _item_, check in rows if check is not None and check.result == "missing"] + [
            check for check in extra if check.result == "missing"],
    }, status=status)


@view_required
def round_detail(request, round_pk):
    return _round_page(request, _round(request, round_pk))


@manage_required
@require_POST
def round_record(request, round_pk):
    round_obj = _round(request, round_pk)
    prefix = "add" if request.POST.get("form") == "add" else None
    form = forms.CheckForm(request.POST, hromada=request.hromada, prefix=prefix)
    if form.is_valid():
        try:
            check = services.record_check(round_obj, form.cleaned_data["equipment"], actor=request.user,
                                          hromada=request.hromada, result=form.cleaned_data["result"],
                                          found_location=form.cleaned_data["found_location"],
                                          note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(item)s — %(result)s.") % {
                "item": check.equipment.inventory_number, "result": check.get_result_display()})
            page = request.POST.get("page", "")
            target = _url("round", round_obj.pk) + (f"?{urlencode({'page': page})}" if page.isdigit() else "")
            return redirect(f"{target}#item-{check.equipment_id}")
    if prefix is None:  # a row's form: its errors as a message, the sheet as it was
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
        return _round_page(request, round_obj, status=400)
    return _round_page(request, round_obj, add_form=form, status=400)


@manage_required
@require_POST
def round_close(request, round_pk):
    round_obj = _round(request, round_pk)
    form = forms.CloseRoundForm(request.POST)
    if form.is_valid():
        try:
            counts = services.close_round(round_obj, actor=request.user, hromada=request.hromada,
                                          on=form.cleaned_data["closed_on"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The round is closed: %(found)s found, %(missing)s missing.") % {
                "found": counts["found"] + counts["moved"] + counts["damaged"], "missing": counts["missing"]})
            return redirect(_url("round", round_obj.pk))
    return _round_page(request, round_obj, close_form=form, status=400)
