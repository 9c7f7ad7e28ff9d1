"""Staff pages of software and licences: titles, licences and their seats, a computer's software, the
compliance report, job profiles. Thin: the forms read, the services write, the selectors read."""

from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_POST

from hromada.core import audit, audit_display, exports
from hromada.core.access import require
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.core.ukrtext import search_key
from hromada.itassets.models import Installation, Licence, Seat, Software, SoftwareProfile, SoftwareProfileItem
from hromada.itassets.permissions import MANAGE, VIEW
from hromada.itassets.software import forms, selectors, services

view_required = require(VIEW)
manage_required = require(MANAGE)
PAGE_SIZE = 25
NS = "itassets-staff"


def _url(name: str, *args) -> str:
    return reverse(f"{NS}:{name}", args=args)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _querystring(values: dict) -> str:
    return urlencode({k: v for k, v in values.items() if v not in (None, "", False)})


def _export(request, slug: str, sheet: str, header, rows, object_type: str):
    audit.record(AuditEntry.Action.EXPORT, object_type=object_type, object_repr=f"{sheet} ({request.GET['export']})",
                 hromada=request.hromada)
    if request.GET["export"] == "csv":
        return exports.csv_response(slug, header, rows)
    return exports.xlsx_response(slug, sheet, header, rows)


def _wants_export(request) -> bool:
    return request.GET.get("export") in ("csv", "xlsx")


def _can_manage(request) -> bool:
    return can(request.user, request.hromada, MANAGE)


def _history(request, obj, extra: Q | None = None, limit: int = 30):
    """The record's audit entries, with those of its parts (seats, items) when ``extra`` names them."""
    if extra is None:
        return audit_display.history(obj, request.user, limit=limit, hromada=request.hromada)
    own = Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    entries = list(AuditEntry.objects.filter(hromada=request.hromada).filter(own | extra)
                   .select_related("actor").order_by("-id")[:limit])
    return audit_display.present(entries, request.user)


# --- titles -----------------------------------------------------------------------------------------------

TITLE_HEADER = (
    gettext_lazy("Title"), gettext_lazy("Vendor"), gettext_lazy("Kind"), gettext_lazy("Needs a licence"),
    gettext_lazy("Current version"), gettext_lazy("Oldest supported version"), gettext_lazy("Vendor support ends"),
    gettext_lazy("Licences"), gettext_lazy("Installations"), pgettext_lazy("software", "Licensed"),
    pgettext_lazy("software", "Unlicensed"), pgettext_lazy("software", "Outdated"), gettext_lazy("Seats in force"),
    gettext_lazy("Seats free"), gettext_lazy("Seats short"),
)


def _titles_filtered(request, form):
    hromada = request.hromada
    values = form.cleaned_data if form.is_valid() else {}
    qs = selectors.search_titles(selectors.titles(hromada), values.get("q", ""))
    if values.get("kind"):
        qs = qs.filter(kind=values["kind"])
    if values.get("free") == "yes":
        qs = qs.filter(free=True)
    elif values.get("free") == "no":
        qs = qs.filter(free=False)
    at = selectors.today()
    if values.get("problem") == "unlicensed":
        ids = [row["software_id"] for row in selectors.unlicensed_by_title(hromada, at)]
        qs = qs.filter(pk__in=ids)
    elif values.get("problem") == "outdated":
        qs = qs.filter(pk__in=list(selectors.judge_versions(hromada).outdated))
    return selectors.annotate_counts_for_titles(qs).order_by("name_key", "pk"), values


def _title_rows(hromada, titles_list, at):
    ids = [t.pk for t in titles_list]
    counts = selectors.title_counts(hromada, at, ids)
    seats = selectors.seats_by_title(hromada, at, ids)
    rows = []
    for t in titles_list:
        c = counts.get(t.pk, {})
        s = seats.get(t.pk)
        rows.append({"title": t, "counts": c, "seats": s,
                     "shortage": selectors.shortage(c, s, t.free)})
    return rows


@view_required
def software_list(request):
    form = forms.TitleFilterForm(request.GET or None)
    qs, values = _titles_filtered(request, form)
    at = selectors.today()
    if _wants_export(request):
        rows = []
        all_titles = list(qs)
        for row in _title_rows(request.hromada, all_titles, at):
            t, c, s = row["title"], row["counts"], row["seats"]
            rows.append((t.name, t.vendor, t.get_kind_display(), _("no") if t.free else _("yes"), t.current_version,
                         t.minimum_version, t.support_ends_on, t.licence_count, c.get("installations", 0),
                         c.get("licensed", 0), c.get("unlicensed", 0), c.get("outdated", 0),
                         "∞" if s and s.total is None else (s.total if s else 0),
                         "∞" if s and s.total is None else (s.free if s else 0), row["shortage"]))
        return _export(request, "software", _("Software"), [str(h) for h in TITLE_HEADER], rows, "itassets.software")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "itassets/software/software_list.html", {
        "form": form, "page": page, "rows": _title_rows(request.hromada, list(page.object_list), at),
        "querystring": _querystring(values), "can_manage": _can_manage(request),
        "totals": selectors.totals(request.hromada, at),
    })


def _title_form(request, title: Software | None):
    instance = title or Software(hromada=request.hromada)
    form = forms.SoftwareForm(request.POST or None, instance=instance, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_title(form.instance, actor=request.user, hromada=request.hromada)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect(_url("software-detail", saved.pk))
    return render(request, "itassets/software/software_form.html", {"form": form, "title": title},
                  status=400 if request.method == "POST" else 200)


@manage_required
def software_create(request):
    return _title_form(request, None)


@manage_required
def software_edit(request, software_pk):
    return _title_form(request, selectors.title(request.hromada, software_pk))


@manage_required
def software_delete(request, software_pk):
    title = selectors.title(request.hromada, software_pk)
    error = None
    if request.method == "POST":
        try:
            services.delete_title(title, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted: %(record)s.") % {"record": title})
            return redirect(_url("software-list"))
    counts = {"licences": title.licences.count(), "installations": title.installations.count()}
    return render(request, "itassets/software/confirm.html", {
        "object": title, "error": error, "back": _url("software-detail", title.pk),
        "heading": _("Delete the title «%(title)s»?") % {"title": title},
        "text": _("The title is deleted with its history kept in the audit log. A title with licences, "
                  "installations or in a job profile cannot be deleted."),
        "facts": [(_("Licences"), counts["licences"]), (_("Installations"), counts["installations"])],
        "button": _("Yes, delete"),
    }, status=409 if error else 200)


@view_required
def software_detail(request, software_pk):
    hromada = request.hromada
    title = selectors.title(hromada, software_pk)
    at = selectors.today()
    show = request.GET.get("show", "")
    if show not in selectors.STATUSES:
        show = ""
    lic_rows = list(selectors.with_seat_counts(selectors.licences(hromada).filter(software=title))
                    .order_by("-expires_on", "pk"))
    judgement = selectors.judge_versions(hromada, selectors.installations(hromada).filter(software=title))
    qs = selectors.with_licensed(selectors.installations(hromada).filter(software=title), hromada, at)
    if show:
        qs = qs.filter(selectors.status_q(hromada, at, show, judgement))
    qs = qs.select_related("equipment", "equipment__institution", "equipment__assigned_user", "software").order_by(
        "equipment__inventory_number", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.title_counts(hromada, at, [title.pk]).get(title.pk, {})
    seats = selectors.seats_by_title(hromada, at, [title.pk]).get(title.pk)
    return render(request, "itassets/software/software_detail.html", {
        "title": title, "licences": [(lic, selectors.is_in_force(lic, at)) for lic in lic_rows],
        "page": page, "rows": [(row, selectors.describe(row, judgement, at)) for row in page.object_list],
        "show": show, "querystring": _querystring({"show": show}), "counts": counts, "seats": seats,
        "shortage": selectors.shortage(counts, seats, title.free), "today": at,
        "unsupported": title.support_ends_on is not None and title.support_ends_on < at,
        "can_manage": _can_manage(request), "history": _history(request, title),
    })


# --- licences ---------------------------------------------------------------------------------------------

LICENCE_HEADER = (
    gettext_lazy("Title"), gettext_lazy("Vendor"), gettext_lazy("Kind"), gettext_lazy("Seats"),
    gettext_lazy("Seats used"), gettext_lazy("Seats free"), gettext_lazy("Valid from"), gettext_lazy("Expires on"),
    gettext_lazy("State"), gettext_lazy("Cost, UAH"), gettext_lazy("Funding source"), gettext_lazy("Supplier"),
    gettext_lazy("Contract or invoice"), gettext_lazy("Licensee institution"), gettext_lazy("Responsible person"),
)


def licence_state(lic: Licence, at) -> str:
    if lic.expires_on is not None and lic.expires_on < at:
        return "expired"
    if lic.starts_on is not None and lic.starts_on > at:
        return "future"
    if lic.expires_on is not None and (lic.expires_on - at).days <= selectors.EXPIRY_WINDOW:
        return "expiring"
    return "in_force"


STATE_LABELS = {"expired": pgettext_lazy("licence", "expired"), "future": pgettext_lazy("licence", "not yet in force"),
                "expiring": pgettext_lazy("licence", "expiring soon"), "in_force": pgettext_lazy("licence", "in force")}


@view_required
def licence_list(request):
    hromada = request.hromada
    form = forms.LicenceFilterForm(request.GET or None, hromada=hromada)
    values = form.cleaned_data if form.is_valid() else {}
    at = selectors.today()
    qs = selectors.with_seat_counts(selectors.licences(hromada))
    if values.get("q"):
        qs = qs.filter(Q(software_id__in=selectors.search_titles(selectors.titles(hromada), values["q"]))
                       | Q(supplier__icontains=values["q"]) | Q(contract__icontains=values["q"]))
    state = values.get("state")
    if state == "expiring":
        qs = qs.filter(pk__in=selectors.expiring(hromada, at).values("pk"))
    elif state == "expired":
        qs = qs.filter(expires_on__lt=at)
    elif state == "in_force":
        qs = qs.filter(selectors.in_force_q(at))
    elif state == "full":
        qs = qs.filter(seats__isnull=False, used__gte=F("seats")).exclude(kind__in=selectors.FREE_KINDS)
    if values.get("kind"):
        qs = qs.filter(kind=values["kind"])
    if values.get("software"):
        qs = qs.filter(software_id=values["software"])
    qs = qs.order_by("software__name_key", "expires_on", "pk")
    if _wants_export(request):
        rows = ((lic.software.name, lic.software.vendor, lic.get_kind_display(),
                 lic.seats if lic.seats is not None else "∞", lic.used,
                 max(0, lic.seats - lic.used) if lic.seats is not None else "∞", lic.starts_on, lic.expires_on,
                 str(STATE_LABELS[licence_state(lic, at)]), lic.cost, lic.get_funding_source_display(),
                 lic.supplier, lic.contract, lic.institution.name if lic.institution else "",
                 forms.person_label(lic.responsible) if lic.responsible else "") for lic in qs.iterator())
        return _export(request, "licences", _("Licences"), [str(h) for h in LICENCE_HEADER], rows, "itassets.licence")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "itassets/software/licence_list.html", {
        "form": form, "page": page, "querystring": _querystring(values), "today": at,
        "rows": [(lic, licence_state(lic, at)) for lic in page.object_list],
        "can_manage": _can_manage(request),
        "expiring_count": selectors.expiring(hromada, at).count(),
    })


def _licence_form(request, lic: Licence | None):
    hromada = request.hromada
    instance = lic or Licence(hromada=hromada)
    initial = {}
    if lic is None and request.GET.get("software"):
        with contextlib.suppress(Http404):
            initial["software"] = selectors.title(hromada, request.GET["software"]).pk
    form = forms.LicenceForm(request.POST or None, request.FILES or None, instance=instance, hromada=hromada,
                             initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = None
            if form.cleaned_data.get("document"):
                document = services.read_document(form.cleaned_data["document"])
            saved = services.save_licence(form.instance, actor=request.user, hromada=hromada, document=document,
                                          drop_document=bool(form.cleaned_data.get("drop_document")))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect(_url("licence-detail", saved.pk))
    return render(request, "itassets/software/licence_form.html", {"form": form, "licence": lic},
                  status=400 if request.method == "POST" else 200)


@manage_required
def licence_create(request):
    return _licence_form(request, None)


@manage_required
def licence_edit(request, licence_pk):
    return _licence_form(request, selectors.licence(request.hromada, licence_pk))


@manage_required
def licence_delete(request, licence_pk):
    lic = selectors.licence(request.hromada, licence_pk)
    error = None
    if request.method == "POST":
        try:
            services.delete_licence(lic, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted: %(record)s.") % {"record": lic})
            return redirect(_url("licence-list"))
    return render(request, "itassets/software/confirm.html", {
        "object": lic, "error": error, "back": _url("licence-detail", lic.pk),
        "heading": _("Delete the licence «%(licence)s»?") % {"licence": lic},
        "text": _("The licence, its released seats and its document are deleted; its history stays in the audit "
                  "log. A licence with assigned seats cannot be deleted: release them first."),
        "facts": [(_("Seats assigned"), selectors.open_seats(lic).count())], "button": _("Yes, delete"),
    }, status=409 if error else 200)


def _licence_context(request, lic: Licence, seat_form=None) -> dict:
    hromada = request.hromada
    at = selectors.today()
    used = selectors.open_seats(lic).count()
    held = Paginator(selectors.open_seats(lic), 50).get_page(request.GET.get("page"))
    released = list(Seat.objects.filter(licence=lic, released_on__isnull=False)
                    .select_related("equipment", "user").order_by("-released_on", "-pk")[:20])
    counts = selectors.title_counts(hromada, at, [lic.software_id]).get(lic.software_id, {})
    seats = selectors.seats_by_title(hromada, at, [lic.software_id]).get(lic.software_id)
    uncovered = selectors.installed_not_covered(hromada, lic, at).count()
    limited = lic.seats is not None and lic.kind not in selectors.FREE_KINDS
    free = max(0, lic.seats - used) if limited else None
    seat_ids = Seat.objects.filter(licence=lic).values_list("pk", flat=True)
    extra = Q(object_type="itassets.seat", object_id__in=[str(pk) for pk in seat_ids[:500]])
    return {
        "licence": lic, "state": licence_state(lic, at), "in_force": selectors.is_in_force(lic, at),
        "used": used, "free": free, "limited": limited, "held": held, "released": released,
        "counts": counts, "shortage": selectors.shortage(counts, seats, lic.software.free),
        "uncovered": uncovered, "can_fill": bool(uncovered and (free is None or free > 0)
                                                 and selectors.is_in_force(lic, at)),
        "seat_form": seat_form or forms.SeatForm(hromada=hromada), "release_form": forms.ReleaseForm(),
        "can_manage": _can_manage(request), "today": at, "history": _history(request, lic, extra),
        "days_left": (lic.expires_on - at).days if lic.expires_on else None,
    }


@view_required
def licence_detail(request, licence_pk):
    lic = selectors.licence(request.hromada, licence_pk)
    return render(request, "itassets/software/licence_detail.html", _licence_context(request, lic))


@view_required
def licence_document(request, licence_pk):
    """The licence's document, to staff who see the register: served here, never from a public media URL."""
    lic = selectors.licence(request.hromada, licence_pk)
    if not lic.document:
        raise Http404
    try:
        handle = lic.document.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = lic.document.name.rsplit(".", 1)[-1].lower()
    content_type = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(extension,
                                                                                           "application/octet-stream")
    response = FileResponse(handle, as_attachment=True, filename=f"licence-{lic.pk}.{extension}",
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@manage_required
def licence_seat_assign(request, licence_pk):
    lic = selectors.licence(request.hromada, licence_pk)
    form = forms.SeatForm(request.POST, hromada=request.hromada)
    if form.is_valid():
        data = form.cleaned_data
        try:
            seat = services.assign_seat(lic, actor=request.user, hromada=request.hromada,
                                        equipment=data.get("equipment"), user=data.get("user"),
                                        person_name=data.get("person_name") or "", on=data.get("assigned_on"))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The seat is given to %(holder)s.") % {"holder": services.holder_label(seat)})
            return redirect(_url("licence-detail", lic.pk))
    return render(request, "itassets/software/licence_detail.html", _licence_context(request, lic, form),
                  status=400)


@manage_required
def licence_seats_fill(request, licence_pk):
    lic = selectors.licence(request.hromada, licence_pk)
    context = _licence_context(request, lic)
    error = None
    if request.method == "POST":
        try:
            given = services.fill_seats(lic, actor=request.user, hromada=request.hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Seats given: %(count)s.") % {"count": given})
            return redirect(_url("licence-detail", lic.pk))
    to_give = context["uncovered"] if context["free"] is None else min(context["free"], context["uncovered"])
    return render(request, "itassets/software/confirm.html", {
        "object": lic, "error": error, "back": _url("licence-detail", lic.pk),
        "heading": _("Give the free seats of «%(licence)s» to the computers that need them?") % {"licence": lic},
        "text": _("Each computer with the title installed and no licence for it gets a seat of this licence, in "
                  "the order of the inventory numbers, while free seats last."),
        "facts": [(_("Computers without a licence"), context["uncovered"]), (_("Seats to be given"), to_give)],
        "button": _("Yes, give the seats"), "danger": False,
    }, status=409 if error else 200)


@manage_required
def licence_seat_release(request, seat_pk):
    seat = selectors.seat(request.hromada, seat_pk)
    form = forms.ReleaseForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.release_seat(seat, actor=request.user, hromada=request.hromada,
                                  on=form.cleaned_data.get("released_on"))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The seat of %(holder)s is released.")
                             % {"holder": services.holder_label(seat)})
            return redirect(_url("licence-detail", seat.licence_id))
    return render(request, "itassets/software/seat_release.html", {
        "seat": seat, "form": form, "error": error, "holder": services.holder_label(seat)},
        status=400 if request.method == "POST" else 200)


# --- a computer's software --------------------------------------------------------------------------------


@view_required
def computer_list(request):
    hromada = request.hromada
    form = forms.ComputersFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    qs = selectors.computers(hromada).select_related("institution", "profile", "assigned_user")
    text = (values.get("q") or "").strip()
    if text:
        key = search_key(text)
        qs = qs.filter(Q(inventory_number__icontains=text) | Q(name_key__contains=key)
                       | Q(assigned_name__icontains=text))
    qs = qs.order_by("inventory_number", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [item.pk for item in page.object_list]
    at = selectors.today()
    counts = {}
    for row in (selectors.installations(hromada).filter(equipment_id__in=ids).order_by().values("equipment_id")
                .annotate(total=Count("pk"), licensed=Count("pk", filter=selectors.licensed_q(hromada, at)))):
        counts[row["equipment_id"]] = row | {"unlicensed": row["total"] - row["licensed"]}
    return render(request, "itassets/software/computer_list.html", {
        "form": form, "page": page, "querystring": _querystring(values),
        "rows": [(item, counts.get(item.pk, {})) for item in page.object_list],
    })


def _computer_context(request, item, install_form=None, profile_form=None) -> dict:
    hromada = request.hromada
    at = selectors.today()
    rows = selectors.computer_software(hromada, item, at)
    gaps = []
    if item.profile_id:
        prof_items = list(selectors.profile_items(item.profile))
        installed = {row.software_id: row.version for row, _state in rows}
        gaps = selectors.missing_for(prof_items, installed)
    return {
        "item": item, "rows": rows, "seats": list(selectors.seats_of_computer(hromada, item)), "gaps": gaps,
        "install_form": install_form or forms.InstallationForm(hromada=hromada),
        "profile_form": profile_form or forms.AssignProfileForm(hromada=hromada,
                                                                initial={"profile": item.profile_id}),
        "can_manage": _can_manage(request), "today": at,
        "equipment_url": _equipment_url(item),
    }


def _equipment_url(item) -> str:
    """The item's page of the equipment register, when that concern provides one."""
    from django.urls import NoReverseMatch

    try:
        return _url("equipment-detail", item.pk)
    except NoReverseMatch:
        return ""


@view_required
def computer_detail(request, equipment_pk):
    item = selectors.computer(request.hromada, equipment_pk)
    return render(request, "itassets/software/computer.html", _computer_context(request, item))


@require_POST
@manage_required
def installation_add(request, equipment_pk):
    hromada = request.hromada
    item = selectors.computer(hromada, equipment_pk)
    form = forms.InstallationForm(request.POST, instance=Installation(hromada=hromada, equipment=item),
                                  hromada=hromada)
    if form.is_valid():
        try:
            saved = services.save_installation(form.instance, actor=request.user, hromada=hromada)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(title)s.") % {"title": saved.software})
            return redirect(_url("software-computer", item.pk))
    return render(request, "itassets/software/computer.html", _computer_context(request, item, install_form=form),
                  status=400)


@manage_required
def installation_edit(request, installation_pk):
    hromada = request.hromada
    inst = selectors.installation(hromada, installation_pk)
    form = forms.InstallationEditForm(request.POST or None, instance=inst)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_installation(form.instance, actor=request.user, hromada=hromada)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": inst.software})
            return redirect(_url("software-computer", inst.equipment_id))
    return render(request, "itassets/software/installation_form.html", {"form": form, "installation": inst},
                  status=400 if request.method == "POST" else 200)


@manage_required
def installation_delete(request, installation_pk):
    hromada = request.hromada
    inst = selectors.installation(hromada, installation_pk)
    if request.method == "POST":
        services.remove_installation(inst, actor=request.user, hromada=hromada)
        messages.success(request, _("Removed: %(title)s.") % {"title": inst.software})
        return redirect(_url("software-computer", inst.equipment_id))
    return render(request, "itassets/software/confirm.html", {
        "object": inst, "back": _url("software-computer", inst.equipment_id),
        "heading": _("Remove «%(title)s» from %(computer)s?") % {"title": inst.software, "computer": inst.equipment},
        "text": _("Do this when the program was uninstalled. The seats the computer holds stay until released."),
        "facts": [(_("Version"), inst.version or "—")], "button": _("Yes, remove"),
    })


@require_POST
@manage_required
def computer_profile(request, equipment_pk):
    hromada = request.hromada
    item = selectors.computer(hromada, equipment_pk)
    form = forms.AssignProfileForm(request.POST, hromada=hromada)
    if form.is_valid():
        try:
            services.assign_profile(item, form.cleaned_data.get("profile"), actor=request.user, hromada=hromada)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The job profile is saved."))
            return redirect(_url("software-computer", item.pk))
    return render(request, "itassets/software/computer.html", _computer_context(request, item, profile_form=form),
                  status=400)


# --- compliance -------------------------------------------------------------------------------------------

COMPLIANCE_HEADER = (
    gettext_lazy("Inventory number"), gettext_lazy("Computer"), gettext_lazy("Institution"),
    gettext_lazy("User of the computer"), gettext_lazy("Title"), gettext_lazy("Vendor"), gettext_lazy("Version"),
    gettext_lazy("Licence"), gettext_lazy("Version state"), gettext_lazy("Vendor support ends"),
)


def _compliance_qs(request, form):
    hromada = request.hromada
    values = form.cleaned_data if form.is_valid() else {}
    at = selectors.today()
    judgement = selectors.judge_versions(hromada)
    qs = selectors.with_licensed(selectors.installations(hromada), hromada, at)
    status = values.get("status") or ""
    if status:
        qs = qs.filter(selectors.status_q(hromada, at, status, judgement))
    else:
        qs = qs.filter(selectors.problems_q(hromada, at, judgement))
    if values.get("software"):
        qs = qs.filter(software_id=values["software"])
    if values.get("kind"):
        qs = qs.filter(software__kind=values["kind"])
    institution = values.get("institution")
    if institution == 0:
        qs = qs.filter(equipment__institution__isnull=True)
    elif institution:
        qs = qs.filter(equipment__institution_id=institution)
    text = (values.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(equipment__inventory_number__icontains=text) | Q(equipment__assigned_name__icontains=text)
                       | Q(equipment__assigned_user__full_name__icontains=text))
    qs = qs.select_related("equipment", "equipment__institution", "equipment__assigned_user", "software").order_by(
        "equipment__inventory_number", "software__name_key", "pk")
    return qs, values, judgement, at


def licence_word(state: dict) -> str:
    if state["free"]:
        return _("free")
    return pgettext("software", "licensed") if state["licensed"] else pgettext("software", "unlicensed")


VERSION_STATES = {"outdated": pgettext_lazy("software", "outdated"),
                  "unjudged": pgettext_lazy("software", "version not judged"),
                  "current": pgettext_lazy("software", "up to date"), "": ""}


@view_required
def compliance(request):
    hromada = request.hromada
    form = forms.ComplianceFilterForm(request.GET or None, hromada=hromada)
    qs, values, judgement, at = _compliance_qs(request, form)
    if _wants_export(request):
        def rows():
            for row in qs.iterator(chunk_size=2000):
                state = selectors.describe(row, judgement, at)
                holder = row.equipment.assigned_user.full_name if row.equipment.assigned_user else \
                    row.equipment.assigned_name
                yield (row.equipment.inventory_number, row.equipment.name,
                       row.equipment.institution.name if row.equipment.institution else "", holder,
                       row.software.name, row.software.vendor, row.version,
                       licence_word(state),
                       str(VERSION_STATES[state["version_state"]]),
                       row.software.support_ends_on)
        return _export(request, "software-compliance", _("Software compliance"), [str(h) for h in COMPLIANCE_HEADER],
                       rows(), "itassets.installation")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "itassets/software/compliance.html", {
        "form": form, "page": page, "querystring": _querystring(values), "today": at,
        "rows": [(row, selectors.describe(row, judgement, at)) for row in page.object_list],
        "totals": selectors.totals(hromada, at), "can_manage": _can_manage(request),
    })


# --- job profiles -----------------------------------------------------------------------------------------


@view_required
def profile_list(request):
    hromada = request.hromada
    profiles = list(selectors.profiles(hromada))
    counts = selectors.profile_counts(hromada)
    return render(request, "itassets/software/profile_list.html", {
        "rows": [(p, counts.get(p.pk, {})) for p in profiles], "can_manage": _can_manage(request)})


def _profile_form(request, prof: SoftwareProfile | None):
    instance = prof or SoftwareProfile(hromada=request.hromada)
    form = forms.ProfileForm(request.POST or None, instance=instance, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_profile(form.instance, actor=request.user, hromada=request.hromada)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect(_url("profile-detail", saved.pk))
    return render(request, "itassets/software/profile_form.html", {"form": form, "profile": prof},
                  status=400 if request.method == "POST" else 200)


@manage_required
def profile_create(request):
    return _profile_form(request, None)


@manage_required
def profile_edit(request, profile_pk):
    return _profile_form(request, selectors.profile(request.hromada, profile_pk))


@manage_required
def profile_delete(request, profile_pk):
    prof = selectors.profile(request.hromada, profile_pk)
    if request.method == "POST":
        services.delete_profile(prof, actor=request.user, hromada=request.hromada)
        messages.success(request, _("Deleted: %(record)s.") % {"record": prof})
        return redirect(_url("profile-list"))
    computers = selectors.computers(request.hromada).filter(profile=prof).count()
    return render(request, "itassets/software/confirm.html", {
        "object": prof, "back": _url("profile-detail", prof.pk),
        "heading": _("Delete the job profile «%(profile)s»?") % {"profile": prof},
        "text": _("The computers that have this profile keep their software and lose only the profile."),
        "facts": [(_("Computers with the profile"), computers)], "button": _("Yes, delete"),
    })


def _profile_context(request, prof: SoftwareProfile, item_form=None) -> dict:
    hromada = request.hromada
    items = list(selectors.profile_items(prof))
    gaps_qs = selectors.profile_gaps(prof, selectors.computers(hromada)).select_related("institution")
    page = Paginator(gaps_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    gaps = selectors.profile_gaps_for_page(prof, list(page.object_list))
    item_ids = [str(i.pk) for i in items]
    extra = Q(object_type="itassets.softwareprofileitem") & (
        Q(changes__profile_id__0=prof.pk) | Q(changes__profile_id__1=prof.pk) | Q(object_id__in=item_ids))
    return {
        "profile": prof, "items": items, "page": page, "gap_rows": [(c, gaps.get(c.pk, [])) for c in page.object_list],
        "computers": selectors.computers(hromada).filter(profile=prof).count(),
        "item_form": item_form or forms.ProfileItemForm(hromada=hromada), "can_manage": _can_manage(request),
        "history": _history(request, prof, extra),
    }


@view_required
def profile_detail(request, profile_pk):
    prof = selectors.profile(request.hromada, profile_pk)
    return render(request, "itassets/software/profile_detail.html", _profile_context(request, prof))


@require_POST
@manage_required
def profile_item_add(request, profile_pk):
    hromada = request.hromada
    prof = selectors.profile(hromada, profile_pk)
    form = forms.ProfileItemForm(request.POST, hromada=hromada)
    if form.is_valid():
        try:
            item = services.add_profile_item(prof, form.cleaned_data["software"], actor=request.user,
                                             hromada=hromada, minimum_version=form.cleaned_data["minimum_version"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Added to the profile: %(title)s.") % {"title": item.software})
            return redirect(_url("profile-detail", prof.pk))
    return render(request, "itassets/software/profile_detail.html", _profile_context(request, prof, form),
                  status=400)


@manage_required
def profile_item_remove(request, profile_item_pk):
    hromada = request.hromada
    try:
        item = SoftwareProfileItem.objects.select_related("profile", "software").get(
            profile__hromada=hromada, pk=selectors._pk(profile_item_pk))
    except SoftwareProfileItem.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        services.remove_profile_item(item, actor=request.user, hromada=hromada)
        messages.success(request, _("Removed from the profile: %(title)s.") % {"title": item.software})
        return redirect(_url("profile-detail", item.profile_id))
    return render(request, "itassets/software/confirm.html", {
        "object": item, "back": _url("profile-detail", item.profile_id),
        "heading": _("Remove «%(title)s» from the profile «%(profile)s»?") % {"title": item.software,
                                                                             "profile": item.profile},
        "text": _("The computers with this profile will no longer be checked for this title."),
        "facts": [], "button": _("Yes, remove"),
    })
