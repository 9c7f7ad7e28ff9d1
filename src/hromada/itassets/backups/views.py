"""Staff pages of the backups register: the list with the overdue filters, a system with its runs, the forms."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core import audit, audit_display, exports
from hromada.core.access import require
from hromada.core.models import AuditEntry
from hromada.core.roles import can
from hromada.itassets.backups import forms, schedule, selectors, services
from hromada.itassets.models import BackupTarget
from hromada.itassets.permissions import MANAGE, REPORT, VIEW

PAGE_SIZE = 25


def _target(request, target_pk) -> BackupTarget:
    """The hromada's target, if this person may see it (the register's readers and its responsible person)."""
    target = selectors.target(request.hromada, target_pk)
    if not services.may_view(request.user, request.hromada, target):
        raise PermissionDenied
    return target


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def export_rows(qs):
    for t in qs.iterator(chunk_size=500):
        yield (t.name, t.get_kind_display(), t.institution.name if t.institution else _("the council itself"),
               t.get_frequency_display(), t.get_destination_kind_display(), t.destination, t.retention_days,
               t.restore_test_months, str(t.responsible) if t.responsible else "", _when(t.last_success_at),
               _when(t.last_restore_test_at), _yes(t.backup_overdue), _yes(t.restore_overdue), _yes(t.active),
               _yes(t.platform))


def export_header() -> list[str]:
    return [_("System"), _("What is backed up"), _("Institution"), _("Schedule"), _("Copies go to"),
            _("Where exactly"), _("Copies kept, days"), _("Restore test every, months"), _("Responsible"),
            _("Last successful backup"), _("Last restore test"), _("Backup overdue"), _("Restore test overdue"),
            _("In service"), _("Hromada's own backup")]


@require(VIEW)
def target_list(request, fmt: str | None = None):
    hromada = request.hromada
    form = forms.FilterForm(request.GET, hromada=hromada)
    values = form.values()
    qs = selectors.filtered(hromada, **values)
    if fmt is not None:
        audit.record(AuditEntry.Action.EXPORT, object_type="itassets.backuptarget",
                     object_repr=f"{BackupTarget._meta.verbose_name_plural} ({fmt})", hromada=hromada)
        if fmt == "xlsx":
            return exports.xlsx_response("backups", _("Backups"), export_header(), export_rows(qs))
        return exports.csv_response("backups", export_header(), export_rows(qs))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return render(request, "itassets/backups/list.html", {
        "form": form, "page": page, "querystring": querystring, "filtered": any(values.values()),
        "can_manage": can(request.user, hromada, MANAGE), "overdue_count": selectors.overdue(hromada).count(),
    })


@require(REPORT)
def target_detail(request, target_pk):
    hromada = request.hromada
    target = _target(request, target_pk)
    grace = schedule.grace(hromada)
    runs = list(selectors.runs(target)[:100])
    return render(request, "itassets/backups/detail.html", {
        "target": target, "runs": runs, "backup_due": schedule.backup_due_at(target, grace),
        "restore_due": schedule.restore_due_at(target), "grace_hours": int(grace.total_seconds() // 3600),
        "period": schedule.PERIODS.get(target.frequency),
        "history": audit_display.history(target, request.user),
        "can_manage": can(request.user, hromada, MANAGE),
        "can_record": services.may_record(request.user, hromada, target),
    })


@require(MANAGE)
def target_form(request, target_pk=None):
    hromada = request.hromada
    target = selectors.target(hromada, target_pk) if target_pk is not None else None
    form = forms.TargetForm(request.POST if request.method == "POST" else None, instance=target, hromada=hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_target(form.instance, actor=request.user, hromada=hromada)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect("itassets-staff:backup-detail", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "itassets/backups/form.html", {"form": form, "target": target}, status=status)


def _attach(form, error: ValidationError) -> None:
    """A service's error beside its field when the form has one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require(MANAGE)
def target_deactivate(request, target_pk):
    hromada = request.hromada
    target = selectors.target(hromada, target_pk)
    error = None
    if request.method == "POST":
        try:
            services.deactivate_target(target, actor=request.user, hromada=hromada)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Taken out of service: %(record)s.") % {"record": target})
            return redirect("itassets-staff:backup-detail", target.pk)
    return render(request, "itassets/backups/deactivate.html", {"target": target, "error": error},
                  status=409 if error else 200)


@require(MANAGE)
@require_POST
def target_activate(request, target_pk):
    hromada = request.hromada
    target = selectors.target(hromada, target_pk)
    services.activate_target(target, actor=request.user, hromada=hromada)
    messages.success(request, _("Returned to service: %(record)s.") % {"record": target})
    return redirect("itassets-staff:backup-detail", target.pk)


@require(REPORT)
def run_form(request, target_pk):
    hromada = request.hromada
    target = _target(request, target_pk)
    if not services.may_record(request.user, hromada, target):
        raise PermissionDenied
    if not target.active:
        raise Http404
    form = forms.RunForm(request.POST if request.method == "POST" else None,
                         initial={"finished_at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_run(target, actor=request.user, hromada=hromada, kind=data["kind"],
                                status=data["status"], finished_at=data["finished_at"],
                                size_bytes=data["size_bytes"], checksum=data["checksum"], archive=data["archive"],
                                note=data["note"])
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("The run is recorded."))
            return redirect("itassets-staff:backup-detail", target.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "itassets/backups/run_form.html", {"form": form, "target": target}, status=status)
