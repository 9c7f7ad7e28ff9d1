"""Pages of online applications: the resident's form and progress, the staff's journal and processing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.cnap.applications import forms, selectors, services
from hromada.cnap.applications.forms import upload_name
from hromada.cnap.catalogue import selectors as catalogue
from hromada.cnap.models import ApplicationStatus
from hromada.cnap.views_public import _pk
from hromada.core import audit, ratelimit
from hromada.core.access import require
from hromada.core.cases.services import read_upload
from hromada.core.exports import csv_response, xlsx_response
from hromada.core.models import AuditEntry

process = require("cnap.applications_process")
PAGE_SIZE = 25


def _uploads(form) -> dict:
    files = {}
    for n, spec, _bound in form.upload_fields():
        uploaded = form.cleaned_data.get(upload_name(n))
        if uploaded:
            files[spec["title"]] = read_upload(uploaded)
    return files


def _errors_into(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        name = f"f_{field}" if f"f_{field}" in form.fields else None
        if field.startswith("upload:"):
            title = field.split(":", 1)[1]
            name = next((upload_name(n) for n, spec, _b in form.upload_fields() if spec["title"] == title), None)
        elif field in form.fields:
            name = field
        form.add_error(name, messages_)


@require_http_methods(["GET", "POST"])
@ratelimit.limit_page("application")
def apply(request, pk):
    service = catalogue.public_service(request.hromada, _pk(pk))
    if not service.online:
        return redirect("cnap:detail", service.pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    offices = catalogue.offices_of(service)
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, card=service.card, offices=offices)
    refusal = ""
    try:
        services.check_applicant(service, request.user, request.hromada)
    except PermissionDenied as error:
        refusal = str(error)
    if request.method == "POST" and not refusal and form.is_valid():
        office = next((o for o in offices if o.pk == form.cleaned_data.get("pickup_office")), None)
        try:
            made = services.apply(service, user=request.user, hromada=request.hromada, data=form.answers(),
                                  uploads=_uploads(form), delivery=form.cleaned_data["delivery"],
                                  pickup_office=office)
        except ValidationError as error:
            _errors_into(form, error)
        else:
            messages.success(request, _("Application No. %(number)s is filed. Follow it in your cabinet.")
                             % {"number": made.case.number})
            return redirect("cnap-cabinet:application", made.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cnap/apply.html", {"service": service, "form": form, "refusal": refusal},
                  status=status)


@login_required
def own(request, pk):
    application = selectors.own_one(request.hromada, request.user, _pk(pk))
    form = None
    if application.status == ApplicationStatus.CORRECTIONS:
        form = forms.ApplicationForm(request.POST or None, request.FILES or None, card=application.card,
                                     offices=[], with_delivery=False)
        if request.method == "POST" and form.is_valid():
            try:
                services.resubmit(application, user=request.user, hromada=request.hromada, data=form.answers(),
                                  uploads=_uploads(form))
            except ValidationError as error:
                _errors_into(form, error)
            else:
                messages.success(request, _("The corrected application is sent."))
                return redirect("cnap-cabinet:application", application.pk)
    elif request.method == "POST":
        return redirect("cnap-cabinet:application", application.pk)
    return render(request, "cnap/application_own.html", {
        "application": application, "form": form, "stages": _stages(application),
    }, status=400 if request.method == "POST" else 200)


def _stages(application) -> list[tuple[str, bool]]:
    order = [ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.WITH_PROVIDER,
             ApplicationStatus.READY, ApplicationStatus.ISSUED]
    current = application.status
    if current in (ApplicationStatus.CORRECTIONS, ApplicationStatus.REFUSED):
        return [(label, False) for value, label in ApplicationStatus.choices if value == current]
    reached = order.index(current) if current in order else 0
    return [(ApplicationStatus(value).label, i <= reached) for i, value in enumerate(order)]


# --- staff --------------------------------------------------------------------------------------------------


def _journal_rows(rows):
    for a in rows.iterator(chunk_size=500):
        yield [a.case.number, timezone.localtime(a.submitted_at).strftime("%d.%m.%Y %H:%M"), a.service.title,
               a.case.applicant_name, a.get_status_display(), a.case.due_date.strftime("%d.%m.%Y"),
               a.get_delivery_display(), a.pickup_office.name if a.pickup_office else ""]


JOURNAL_HEADER = ("Номер", "Подано", "Послуга", "Заявник", "Стан", "Граничний строк", "Отримання результату",
                  "Офіс видачі")


@process
def staff_list(request):
    form = forms.StaffFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    rows = selectors.staff_list(request.hromada, status=values.get("status", ""), q=values.get("q", ""))
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        audit.record(AuditEntry.Action.EXPORT, object_type="cnap.application", object_repr="journal",
                     actor=request.user, hromada=request.hromada, changes={"format": [None, fmt]})
        name = f"cnap-journal-{timezone.localdate():%Y%m%d}"
        if fmt == "csv":
            return csv_response(name, JOURNAL_HEADER, _journal_rows(rows))
        return xlsx_response(name, "Журнал", JOURNAL_HEADER, _journal_rows(rows))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({k: v for k, v in values.items() if v})
    return render(request, "cnap/applications_staff.html", {"form": form, "page": page,
                                                            "querystring": querystring})


@process
def staff_detail(request, pk):
    application = selectors.staff_one(request.hromada, _pk(pk))
    audit.record(AuditEntry.Action.VIEW, application, actor=request.user, hromada=request.hromada)
    return render(request, "cnap/application_staff.html", {
        "application": application, "files": application.case.attachments.all(),
        "note_form": forms.NoteForm(), "result_form": forms.ResultForm(),
        "refuse_form": forms.RefuseForm(grounds=application.card.refusal_grounds or []),
        "answers": [(f.get("label", f["name"]), application.answers.get(f["name"]))
                    for f in application.card.application_fields or []],
    })


@process
def staff_file(request, pk, file_pk):
    application = selectors.staff_one(request.hromada, _pk(pk))
    item = application.case.attachments.filter(pk=_pk(file_pk)).first()
    if item is None:
        raise Http404
    audit.record(AuditEntry.Action.VIEW, application, actor=request.user, hromada=request.hromada,
                 changes={"file": [None, item.name]})
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name,
                        content_type=item.content_type)


@process
@require_POST
def staff_act(request, pk):
    application = selectors.staff_one(request.hromada, _pk(pk))
    action, user, hromada = request.POST.get("action", ""), request.user, request.hromada
    try:
        if action in services.TRANSITIONS:
            services.advance(application, action, actor=user, hromada=hromada)
        elif action == "corrections":
            form = forms.NoteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say what to correct or add."))
            services.ask_corrections(application, actor=user, hromada=hromada, note=form.cleaned_data["note"])
        elif action == "result":
            form = forms.ResultForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(_("Describe the result."))
            upload = read_upload(form.cleaned_data["file"]) if form.cleaned_data.get("file") else None
            services.result_ready(application, actor=user, hromada=hromada, text=form.cleaned_data["text"],
                                  upload=upload)
        elif action == "issue":
            services.issue(application, actor=user, hromada=hromada)
        elif action == "refuse":
            form = forms.RefuseForm(request.POST, grounds=application.card.refusal_grounds or [])
            if not form.is_valid():
                raise ValidationError(_("Choose a ground for refusal from the card."))
            services.refuse(application, actor=user, hromada=hromada, ground=form.cleaned_data["ground"],
                            text=form.cleaned_data["text"])
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("cnap-staff:application", application.pk)

