"""Staff area of the core: dashboard, hromada profile, members and roles, audit log, calendar, API tokens."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core import audit, audit_display, deadlines, forms, selectors, services, worklist
from hromada.core.access import require
from hromada.core.collation import uk_sort_key
from hromada.core.deadlines import calendar_for
from hromada.core.exports import csv_response
from hromada.core.hromada_settings import REGISTRY, get_setting
from hromada.core.models import ApiToken, AuditEntry, CalendarException, RoleAssignment
from hromada.core.navigation import staff_menu
from hromada.core.roles import Role, can, roles_of


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable", "detail": type(error).__name__},
                            status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


WORKLIST_PAGE_SIZE = 50


def home(request):
    """The staff home: what is due for this person now (core.worklist), then the person's sections."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    menu = staff_menu(request)
    if not menu:
        raise PermissionDenied
    labels = dict(Role.choices)
    roles = sorted((str(labels[r]) for r in roles_of(request.user, request.hromada)), key=uk_sort_key)
    ctx = worklist.Context(request.user, request.hromada)
    items = worklist.collect(ctx)
    kind = request.GET.get("kind", "")
    unknown_kind = bool(kind) and kind not in worklist.KINDS  # a stale link: the whole list, with a note
    if unknown_kind:
        kind = ""
    shown = [item for item in items if item.kind == kind] if kind else items
    page = Paginator(shown, WORKLIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{
        "item": item, "kind": worklist.KINDS[item.kind].label,
        "date": worklist.long_date(item.deadline) if item.deadline else "",
        "distance": worklist.distance(item, ctx.today, ctx.calendar) if item.deadline else "",
    } for item in page.object_list]
    return render(request, "core/staff/home.html", {
        "menu": [entry for entry in menu if entry["url"] != request.path], "my_roles_display": roles,
        "total": len(items), "counts": worklist.counts(items), "kind": kind, "page": page, "rows": rows,
        "querystring": f"kind={kind}" if kind else "", "unknown_kind": unknown_kind,
    })


@require("hromada.edit")
def hromada_profile(request):
    hromada = request.hromada
    form = forms.HromadaProfileForm(request.POST if request.method == "POST" else None, instance=hromada)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.update_hromada_profile(type(hromada).objects.get(pk=hromada.pk), actor=request.user, **changed)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The hromada profile is saved."))
            return redirect("staff:hromada")
    statutory = [(spec.label, get_setting(hromada, spec.key), spec.legal_basis) for spec in REGISTRY.values()]
    return render(request, "core/staff/hromada_form.html", {"form": form, "statutory": statutory},
                  status=400 if request.method == "POST" else 200)


# --- members --------------------------------------------------------------------------------------

@require("members.view")
def members(request):
    query = request.GET.get("q", "").strip()[:100]
    qs = selectors.members(request.hromada)
    if query:
        qs = qs.filter(Q(full_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query))
    page = Paginator(qs.prefetch_related("role_assignments"), 25).get_page(request.GET.get("page"))
    rows = [(user, [a for a in user.role_assignments.all() if a.hromada_id == request.hromada.pk])
            for user in page.object_list]
    return render(request, "core/staff/members.html", {"page": page, "rows": rows, "q": query})


@require("members.manage")
def member_create(request):
    form = forms.NewMemberForm(request.POST if request.method == "POST" else None, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_member(
                actor=request.user, hromada=request.hromada, email=data["email"], phone=data["phone"],
                full_name=data["full_name"], role=data["role"], department=data["department"],
                institution=data["institution"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The account is created; the person sets a password through "
                                        "“Forgot your password?” on the sign-in page."))
            return redirect("staff:member-detail", user.pk)
    return render(request, "core/staff/member_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@require("members.view")
def member_detail(request, pk):
    user = selectors.member(request.hromada, pk)
    form = forms.GrantRoleForm(request.POST if request.method == "POST" else None, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_role(actor=request.user, hromada=request.hromada, user=user,
                                role=form.cleaned_data["role"], department=form.cleaned_data["department"],
                                institution=form.cleaned_data["institution"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role is granted."))
            return redirect("staff:member-detail", user.pk)
    if request.method == "GET":
        # The card shows a person's e-mail and phone: reading personal data is logged (house rule 4).
        audit.record(AuditEntry.Action.VIEW, user, hromada=request.hromada)
    history = audit_display.history(user, request.user, hromada=request.hromada)
    return render(request, "core/staff/member_detail.html", {
        "member": user, "assignments": selectors.role_assignments(request.hromada, user), "form": form,
        "history": history,
    }, status=400 if request.method == "POST" else 200)


@require("members.manage")
def role_revoke(request, pk, assignment_pk):
    user = selectors.member(request.hromada, pk)
    try:
        assignment = selectors.role_assignments(request.hromada, user).get(pk=assignment_pk)
    except (RoleAssignment.DoesNotExist, ValueError):
        raise Http404 from None
    error = None
    if request.method == "POST":
        try:
            services.revoke_role(actor=request.user, hromada=request.hromada, assignment=assignment)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The role is removed."))
            return redirect("staff:member-detail", user.pk)
    return render(request, "core/staff/role_revoke.html", {"member": user, "assignment": assignment, "error": error},
                  status=409 if error else 200)


# --- audit log ------------------------------------------------------------------------------------

def _filtered_audit(request):
    form = forms.AuditFilterForm(request.GET or None)
    qs = selectors.audit_entries(request.hromada)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            qs = qs.filter(action=data["action"])
        if data["who"]:
            qs = qs.filter(Q(actor_label__icontains=data["who"]) | Q(actor__full_name__icontains=data["who"]))
        if data["object_type"]:  # the stored type («registers.resident») or its Ukrainian name («мешканець»)
            qs = qs.filter(Q(object_type__icontains=data["object_type"])
                           | Q(object_type__in=audit_display.types_matching(data["object_type"])))
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            qs = qs.filter(at__gte=datetime.combine(data["date_from"], time.min, tz))
        if data["date_to"]:
            qs = qs.filter(at__lte=datetime.combine(data["date_to"], time.max, tz))
    return form, qs


@require("audit.view")
def audit_log(request):
    form, qs = _filtered_audit(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/staff/audit.html", {"form": form, "page": page, "querystring": query.urlencode(),
                                                     "lines": audit_display.present(page.object_list, request.user)})


@require("audit.view")
def audit_export(request):
    _form, qs = _filtered_audit(request)
    audit.record(AuditEntry.Action.EXPORT, object_type="core.auditentry", object_repr="audit log (csv)",
                 hromada=request.hromada)
    # The raw columns as stored, and beside them the entry as people read it (hromada.core.audit_display).
    header = [_("time"), _("who"), _("action"), _("record type"), _("record id"), _("record"), _("changes"),
              _("address"), _("request id"), _("what was done"), _("changes in words")]
    rows = ([timezone.localtime(e.at).isoformat(), e.actor_label, e.get_action_display(), e.object_type,
             e.object_id, e.object_repr, e.changes, e.ip, e.request_id, line.sentence, line.changes_text]
            for line in audit_display.present_iter(qs.iterator(chunk_size=500), request.user) for e in [line.entry])
    return csv_response("audit", header, rows)


# --- calendar -------------------------------------------------------------------------------------

def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2099 else timezone.localdate().year


@require("calendar.view")
def calendar_view(request):
    hromada = request.hromada
    cal = calendar_for(hromada)
    year = _year(request)
    holidays = cal.holidays(year)
    special_days = []
    current = date(year, 1, 1)
    while current.year == year:
        working = cal.is_working_day(current)
        weekend = current.weekday() >= 5
        if current in holidays or working == weekend:
            label = cal.day_off_reason(current) or _("working day")
            if working and current in holidays:
                label = f"{label} ({holidays[current]})"
            special_days.append((current, working, label))
        current += timedelta(days=1)
    deadline_form = forms.DeadlineForm(request.GET if "amount" in request.GET else None)
    deadline = None
    if deadline_form.is_bound and deadline_form.is_valid():
        data = deadline_form.cleaned_data
        try:
            deadline = deadlines.deadline(cal, data["start"], data["amount"], data["unit"])
        except ValidationError as error:
            deadline_form.add_error(None, error)
    exception_form = forms.CalendarExceptionForm()
    return render(request, "core/staff/calendar.html", {
        "year": year, "special_days": special_days, "exceptions": selectors.calendar_exceptions(hromada),
        "martial_law": cal.is_martial_law(timezone.localdate()), "deadline_form": deadline_form,
        "deadline": deadline, "exception_form": exception_form,
        "can_manage": can(request.user, hromada, "calendar.manage"),
    })


@require("calendar.manage")
@require_POST
def calendar_exception_add(request):
    form = forms.CalendarExceptionForm(request.POST)
    if form.is_valid():
        try:
            services.add_calendar_exception(actor=request.user, hromada=request.hromada, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The calendar exception is added."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect("staff:calendar")


@require("calendar.manage")
def calendar_exception_delete(request, pk):
    try:
        exception = selectors.calendar_exceptions(request.hromada).get(pk=pk)
    except (CalendarException.DoesNotExist, ValueError):
        raise Http404 from None
    if request.method == "POST":
        services.remove_calendar_exception(actor=request.user, hromada=request.hromada, exception=exception)
        messages.success(request, _("The calendar exception is removed."))
        return redirect("staff:calendar")
    return render(request, "core/staff/calendar_exception_delete.html", {"exception": exception})


# --- API tokens -----------------------------------------------------------------------------------

@require("api_tokens.own")
def tokens(request):
    form = forms.TokenForm(request.POST if request.method == "POST" else None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.create_token(user=request.user, name=form.cleaned_data["name"],
                                                  days=form.cleaned_data["days"], hromada=request.hromada)
        form = forms.TokenForm()
    return render(request, "core/staff/tokens.html", {
        "form": form, "tokens": selectors.api_tokens(request.user), "new_token": new_token,
    }, status=400 if form.errors else 200)


@require("api_tokens.own")
def token_revoke(request, pk):
    try:
        token = selectors.api_tokens(request.user).get(pk=pk, revoked_at__isnull=True)
    except (ApiToken.DoesNotExist, ValueError):
        raise Http404 from None
    if request.method == "POST":
        services.revoke_token(user=request.user, token=token, hromada=request.hromada)
        messages.success(request, _("The token is revoked."))
        return redirect("staff:tokens")
    return render(request, "core/staff/token_revoke.html", {"token": token})
