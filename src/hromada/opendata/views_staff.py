"""Staff pages of open data: the datasets, one dataset with its actions, the passport, uploads with their
validation report, the obligations of Resolution 835 and the compliance page per unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core import audit_display, exports
from hromada.core.access import pk_or_404 as _pk
from hromada.core.access import require
from hromada.core.models import Department
from hromada.core.roles import STAFF_ROLES, can
from hromada.core.selectors import capability_holders
from hromada.core.ukformat import end_sentence, long_date
from hromada.opendata import forms, obligations, publishing, quality, selectors, services
from hromada.opendata.models import Dataset, DatasetStatus
from hromada.opendata.permissions import MANAGE, PUBLISH, may_edit, unit_ids

publish_required = require(PUBLISH)
manage_required = require(MANAGE)
PAGE_SIZE = 25


def _departments(hromada):
    return list(Department.objects.filter(hromada=hromada))


def _people(hromada):
    """Staff of the hromada who may be made responsible for a dataset."""
    from hromada.core.models import RoleAssignment

    ids = RoleAssignment.objects.filter(hromada=hromada, role__in=STAFF_ROLES).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True))


def _editable(request, pk) -> Dataset:
    dataset = selectors.staff_dataset(request.hromada, _pk(pk))
    if not may_edit(request.user, dataset):
        raise PermissionDenied
    return dataset


def _visible(request):
    qs = Dataset.objects.filter(hromada=request.hromada)
    if not can(request.user, request.hromada, MANAGE):
        qs = qs.filter(Q(responsible=request.user) | Q(department_id__in=unit_ids(request.user, request.hromada)))
    return qs


EXPORT_HEADER = ("identifier", "title", "obligation", "status", "frequency", "unit", "responsible", "e-mail",
                 "last changed", "next due", "quality", "generated from")


@publish_required
def datasets(request):
    hromada = request.hromada
    departments = _departments(hromada)
    form = forms.StaffFilterForm(request.GET or None, departments=departments)
    values = form.cleaned_data if form.is_valid() else {}
    qs = selectors.text_search(_visible(request), values.get("q", ""))
    status = values.get("status")
    if status in DatasetStatus.values:
        qs = qs.filter(status=status)
    elif status == "overdue":
        qs = qs.filter(next_due__lt=timezone.localdate()).exclude(status=DatasetStatus.WITHDRAWN)
    elif status == "blocked":
        qs = qs.exclude(blocked_reason="")
    if values.get("department"):
        qs = qs.filter(department_id=values["department"])
    qs = qs.select_related("department", "responsible").order_by("next_due", "title", "pk")
    if request.GET.get("export") in ("csv", "xlsx"):
        rows = ((d.identifier, d.title, d.obligation_code, d.get_status_display(), d.get_frequency_display(),
                 d.department.name if d.department else "", d.contact_name, d.contact_email,
                 timezone.localtime(d.last_modified_at).strftime("%Y-%m-%d %H:%M") if d.last_modified_at else "",
                 d.next_due.isoformat() if d.next_due else "", d.quality, d.live_key) for d in qs)
        if request.GET["export"] == "csv":
            return exports.csv_response("opendata-datasets", EXPORT_HEADER, rows)
        return exports.xlsx_response("opendata-datasets", _("Datasets"), EXPORT_HEADER, rows)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({k: v for k, v in values.items() if v not in (None, "")})
    return render(request, "opendata/staff_datasets.html", {
        "form": form, "page": page, "querystring": querystring, "today": timezone.localdate(),
        "can_manage": can(request.user, hromada, MANAGE),
    })


@manage_required
def new_dataset(request):
    hromada = request.hromada
    taken = set(Dataset.objects.filter(hromada=hromada).exclude(live_key="").values_list("live_key", flat=True))
    live_form = forms.LiveDatasetForm(taken=taken)
    upload_form = forms.NewDatasetForm(departments=_departments(hromada), people=_people(hromada),
                                       initial={"frequency": "yearly", "contact_name": request.user.full_name,
                                                "contact_email": request.user.email, "language": "uk"})
    if request.method == "POST":
        try:
            if request.POST.get("kind") == "live":
                live_form = forms.LiveDatasetForm(request.POST, taken=taken)
                if live_form.is_valid():
                    dataset = services.create_dataset(hromada, request.user,
                                                      live_key=live_form.cleaned_data["live_key"])
                    messages.success(request, _("The dataset is created. Check its passport, then publish it."))
                    return redirect("opendata-staff:dataset", dataset.pk)
            else:
                upload_form = forms.NewDatasetForm(request.POST, departments=_departments(hromada),
                                                   people=_people(hromada))
                if upload_form.is_valid():
                    dataset = services.create_dataset(hromada, request.user, **upload_form.passport())
                    messages.success(request, _("The dataset is created. Add its resources and upload the data."))
                    return redirect("opendata-staff:dataset", dataset.pk)
        except ValidationError as error:
            target = live_form if request.POST.get("kind") == "live" else upload_form
            _add_errors(target, error)
    return render(request, "opendata/staff_new.html", {"live_form": live_form, "upload_form": upload_form})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@publish_required
def dataset(request, pk):
    dataset = selectors.staff_dataset(request.hromada, _pk(pk))
    if not may_edit(request.user, dataset):
        raise PermissionDenied
    resources = list(dataset.resources.all())
    history = audit_display.history(dataset, request.user, limit=20, hromada=request.hromada)
    return render(request, "opendata/staff_dataset.html", {
        "dataset": dataset, "resources": resources, "history": history, "today": timezone.localdate(),
        "can_manage": can(request.user, request.hromada, MANAGE), "gaps": quality.passport_gaps(dataset),
        "criteria": [(quality.CRITERIA[k], v) for k, v in dataset.quality_detail.items() if k in quality.CRITERIA],
        "obligation": obligations.load().get(dataset.obligation_code) if dataset.obligation_code else None,
        "upload_form": forms.UploadForm(),
    })


@publish_required
def edit_passport(request, pk):
    dataset = _editable(request, pk)
    hromada = request.hromada
    initial = {name: getattr(dataset, name) for name in services.PASSPORT_FIELDS}
    initial.update(keywords=", ".join(dataset.keywords), department=dataset.department_id,
                   responsible=dataset.responsible_id)
    form = forms.PassportForm(request.POST or None, initial=initial, departments=_departments(hromada),
                              people=_people(hromada))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_passport(dataset, request.user, form.passport())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The passport is saved."))
            return redirect("opendata-staff:dataset", dataset.pk)
    return render(request, "opendata/staff_passport.html", {"dataset": dataset, "form": form})


@require_POST
@publish_required
def publish(request, pk):
    dataset = _editable(request, pk)
    if not dataset.is_live:
        raise Http404
    outcome = publishing.publish_live(dataset, user=request.user)
    if not outcome.ok:
        messages.error(request, _("Nothing was published: personal data was found. Details are on the page."))
    elif outcome.published:
        messages.success(request, _("Published: %(names)s.") % {
            "names": ", ".join(v.resource.title for v in outcome.published)})
    else:
        messages.info(request, _("The data has not changed since the last version; it is confirmed current."))
    return redirect("opendata-staff:dataset", dataset.pk)


@require_POST
@publish_required
def confirm(request, pk):
    dataset = _editable(request, pk)
    try:
        services.confirm_current(dataset, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, end_sentence(_("The data is confirmed current; the next update is due %(due)s.") % {
            "due": long_date(dataset.next_due) if dataset.next_due else "—"}))
    return redirect("opendata-staff:dataset", dataset.pk)


@require_POST
@publish_required
def source_changed(request, pk):
    dataset = _editable(request, pk)
    services.mark_source_changed(dataset, request.user)
    messages.success(request, _("Noted: the data must be updated within 3 working days."))
    return redirect("opendata-staff:dataset", dataset.pk)


@manage_required
def withdraw(request, pk):
    dataset = selectors.staff_dataset(request.hromada, _pk(pk))
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.withdraw(dataset, request.user, form.cleaned_data["reason"])
        messages.success(request, _("The dataset is withdrawn; its page tells visitors so."))
        return redirect("opendata-staff:dataset", dataset.pk)
    return render(request, "opendata/staff_confirm.html", {
        "dataset": dataset, "form": form, "title": _("Withdraw the dataset"),
        "question": _("The dataset leaves the catalogue, the API and the national portal's harvest. Its versions "
                      "stay stored. Withdraw it?"), "button": _("Withdraw")})


@require_POST
@manage_required
def restore(request, pk):
    dataset = selectors.staff_dataset(request.hromada, _pk(pk))
    services.restore(dataset, request.user)
    messages.success(request, _("The dataset is back in the catalogue."))
    return redirect("opendata-staff:dataset", dataset.pk)


@manage_required
def delete(request, pk):
    dataset = selectors.staff_dataset(request.hromada, _pk(pk))
    if request.method == "POST":
        try:
            services.delete_draft(dataset, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("opendata-staff:dataset", dataset.pk)
        messages.success(request, _("The draft is deleted."))
        return redirect("opendata-staff:datasets")
    return render(request, "opendata/staff_confirm.html", {
        "dataset": dataset, "form": None, "title": _("Delete the draft"),
        "question": _("The draft and its passport will be deleted. This cannot be undone. Delete it?"),
        "button": _("Delete")})


@publish_required
def new_resource(request, pk):
    dataset = _editable(request, pk)
    form = forms.ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_resource(dataset, request.user, title=form.cleaned_data["title"],
                                  description=form.cleaned_data["description"], fmt=form.cleaned_data["format"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The resource is added; upload its data."))
            return redirect("opendata-staff:dataset", dataset.pk)
    return render(request, "opendata/staff_resource.html", {"dataset": dataset, "form": form})


@publish_required
def upload(request, pk, resource_pk):
    dataset = _editable(request, pk)
    resource = next((r for r in dataset.resources.all() if r.pk == _pk(resource_pk)), None)
    if resource is None:
        raise Http404
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = publishing.upload(resource, form.cleaned_data["file"], user=request.user,
                                       relevance_date=form.cleaned_data.get("relevance_date"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result.version is not None:
                messages.success(request, _("Version %(n)d is published.") % {"n": result.version.number})
                return redirect("opendata-staff:dataset", dataset.pk)
    return render(request, "opendata/staff_upload.html", {
        "dataset": dataset, "resource": resource, "form": form, "result": result,
        "file_dropped": request.method == "POST" and bool(request.FILES)})


@manage_required
def compliance(request):
    rows, total = selectors.compliance(request.hromada)
    catalogue = obligations.load()
    decided = dict(selectors.ObligationChoice.objects.filter(hromada=request.hromada)
                   .values_list("code", "applies"))
    section = request.GET.get("section", "")
    listed = [o for o in catalogue.obligations if not section or o.section == section]
    return render(request, "opendata/staff_compliance.html", {
        "rows": rows, "total": total, "obligations": listed, "decided": decided, "version": catalogue.version,
        "today": timezone.localdate(), "section": section,
    })


@manage_required
def obligation(request, code):
    hromada = request.hromada
    item = obligations.load().get(code)
    if item is None:
        raise Http404
    choice = selectors.ObligationChoice.objects.filter(hromada=hromada, code=code).first()
    initial = {"applies": "yes" if choice is None or choice.applies else "no",
               "reason": choice.reason if choice else "",
               "department": choice.department_id if choice else None,
               "responsible": choice.responsible_id if choice else None}
    form = forms.ObligationForm(request.POST or None, initial=initial, departments=_departments(hromada),
                                people=_people(hromada))
    if request.method == "POST" and request.POST.get("action") == "start":
        try:
            dataset = services.start_obligation(hromada, request.user, code)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("opendata-staff:dataset", dataset.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.choose_obligation(
                hromada, request.user, code, applies=form.cleaned_data["applies"],
                reason=form.cleaned_data["reason"], department=form.departments.get(form.cleaned_data["department"]),
                responsible=form.people.get(form.cleaned_data["responsible"]))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("opendata-staff:compliance")
    dataset = Dataset.objects.filter(hromada=hromada, obligation_code=code).first()
    return render(request, "opendata/staff_obligation.html", {
        "obligation": item, "form": form, "choice": choice, "dataset": dataset,
        "frequency": obligations.load().frequencies.get(item.frequency) if item.frequency else None,
        "managers": capability_holders(hromada, MANAGE)})


