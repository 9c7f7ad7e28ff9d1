"""Writes and staff pages of the offices: their entry, weekly hours, windows with their services, and the days
that differ (closed days, other hours, the mobile office's visiting days). Every change re-plans the bookable
slots at once (a booked slot is never removed; staff cancel it and the resident is told)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hromada.cnap.catalogue import selectors
from hromada.cnap.models import Office, OfficeDay, OfficeHours, Service, Window
from hromada.cnap.queue.schedule import sync_slots
from hromada.cnap.views_public import WEEKDAYS, _pk
from hromada.core import audit
from hromada.core.access import require
from hromada.core.forms_base import LocalModelForm, TenantModelForm
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry, Settlement, StarostaDistrict
from hromada.core.services import check_can, save_record

manage = require("cnap.catalogue_manage")


class OfficeForm(TenantModelForm):
    tenant_fields = ("starosta_district",)

    class Meta:
        model = Office
        fields = ("name", "kind", "address", "starosta_district", "phone", "email", "accessibility", "slot_minutes",
                  "ticket_prefix", "order", "is_active")
        widgets = {"accessibility": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, hromada=hromada, **kwargs)
        self.fields["starosta_district"].queryset = StarostaDistrict.objects.filter(hromada=hromada)

    def clean_slot_minutes(self):
        value = self.cleaned_data["slot_minutes"]
        if not 5 <= value <= 120:
            raise ValidationError(_("A slot is 5 to 120 minutes long."))
        return value


class HoursForm(forms.Form):
    """The week: for each day an opening and a closing time (both empty: closed) and an optional break."""

    def __init__(self, data=None, *, office: Office):
        super().__init__(data)
        current = {h.weekday: h for h in office.hours.all()}
        for n, name in enumerate(WEEKDAYS):
            row = current.get(n)
            for part, label in (("opens", gettext_lazy("opens")), ("closes", gettext_lazy("closes")),
                                ("break_starts", gettext_lazy("break from")),
                                ("break_ends", gettext_lazy("break until"))):
                self.fields[f"{part}_{n}"] = forms.TimeField(
                    label=f"{name}: {label}", required=False, initial=getattr(row, part, None) if row else None,
                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def clean(self):
        data = super().clean()
        for n, name in enumerate(WEEKDAYS):
            opens, closes = data.get(f"opens_{n}"), data.get(f"closes_{n}")
            pause = data.get(f"break_starts_{n}"), data.get(f"break_ends_{n}")
            if bool(opens) != bool(closes) or (opens and closes and opens >= closes):
                self.add_error(f"closes_{n}", _("%(day)s: give the opening and a later closing time.")
                               % {"day": name.capitalize()})
            elif bool(pause[0]) != bool(pause[1]) or (all(pause) and not (opens < pause[0] < pause[1] < closes)):
                self.add_error(f"break_ends_{n}", _("%(day)s: the break lies within the hours.")
                               % {"day": name.capitalize()})
        return data

    def week(self) -> dict[int, tuple]:
        data = self.cleaned_data
        return {n: (data[f"opens_{n}"], data[f"closes_{n}"], data.get(f"break_starts_{n}"),
                    data.get(f"break_ends_{n}")) for n in range(7) if data.get(f"opens_{n}")}


class WindowForm(LocalModelForm):
    class Meta:
        model = Window
        fields = ("number", "label", "services", "bookable", "is_active")
        widgets = {"services": forms.CheckboxSelectMultiple}

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        self.fields["services"].queryset = Service.objects.filter(hromada=office.hromada)


class DayForm(LocalModelForm):
    class Meta:
        model = OfficeDay
        fields = ("day", "closed", "opens", "closes", "place", "settlement", "reason")
        widgets = {"day": forms.DateInput(attrs={"type": "date"}), "opens": forms.TimeInput(attrs={"type": "time"}),
                   "closes": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        self.fields["settlement"].queryset = Settlement.objects.filter(hromada=office.hromada)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if not data.get("closed") and (not opens or not closes or opens >= closes):
            raise ValidationError(_("Give the hours of that day, or mark it closed."))
        return data


def _number(value) -> int:
    """A posted id, or 0 (no row) for anything that is not one."""
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 19 else 0


def replan(office: Office) -> tuple[int, int]:
    today = timezone.localdate()
    return sync_slots(office, today, today + timedelta(days=int(get_setting(office.hromada,
                                                                            "cnap.booking_days_ahead")) + 1))


@transaction.atomic
def save_hours(office: Office, week: dict, *, actor, hromada) -> None:
    check_can(actor, hromada, "cnap.catalogue_manage")
    before = {h.weekday: f"{h.opens:%H:%M}–{h.closes:%H:%M}" for h in office.hours.all()}
    office.hours.all().delete()
    OfficeHours.objects.bulk_create([OfficeHours(office=office, weekday=n, opens=o, closes=c, break_starts=bs,
                                                 break_ends=be) for n, (o, c, bs, be) in week.items()])
    after = {n: f"{o:%H:%M}–{c:%H:%M}" for n, (o, c, _bs, _be) in week.items()}
    audit.record(AuditEntry.Action.UPDATE, office, actor=actor, hromada=hromada, changes={"hours": [before, after]})


@manage
@require_http_methods(["GET", "POST"])
def office_edit(request, pk=None):
    office = selectors.office(request.hromada, _pk(pk), active_only=False) if pk is not None else None
    form = OfficeForm(request.POST or None, instance=office, hromada=request.hromada)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_record(form.instance, actor=request.user, hromada=request.hromada,
                                capability="cnap.catalogue_manage")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            replan(saved)
            messages.success(request, _("Saved: %(record)s.") % {"record": saved})
            return redirect("cnap-staff:office", saved.pk)
    return render(request, "cnap/staff_office_form.html", {"form": form, "office": office},
                  status=400 if request.method == "POST" else 200)


@manage
@require_http_methods(["GET", "POST"])
def office_settings(request, pk):
    """The office's week, windows and special days on one page; each form posts on its own."""
    office = selectors.office(request.hromada, _pk(pk), active_only=False)
    what = request.POST.get("form", "")
    post = request.POST if request.method == "POST" else None
    hours = HoursForm(post if what == "hours" else None, office=office)
    editing = office.windows.filter(pk=_number(request.POST.get("window_id"))).first() if what == "window" else None
    window = WindowForm(post if what == "window" else None, instance=editing, office=office)
    day = DayForm(post if what == "day" else None, office=office)
    status = 200
    if post is not None:
        bound = {"hours": hours, "window": window, "day": day}.get(what)
        if what == "delete_day":
            OfficeDay.objects.filter(office=office, pk=_number(request.POST.get("day_id"))).delete()
            audit.record(AuditEntry.Action.UPDATE, office, actor=request.user, hromada=request.hromada,
                         changes={"day_removed": [request.POST.get("day_id"), None]})
            replan(office)
            return redirect("cnap-staff:office", office.pk)
        if bound is not None and bound.is_valid():
            try:
                if what == "hours":
                    save_hours(office, hours.week(), actor=request.user, hromada=request.hromada)
                else:
                    check_can(request.user, request.hromada, "cnap.catalogue_manage")
                    with transaction.atomic():
                        saved = bound.save()
                        audit.record(AuditEntry.Action.UPDATE, office, actor=request.user, hromada=request.hromada,
                                     changes={what: [None, str(saved)]})
            except ValidationError as error:
                bound.add_error(None, error)
            else:
                added, removed = replan(office)
                messages.success(request, _("Saved. Bookable slots: %(added)s added, %(removed)s free ones removed.")
                                 % {"added": added, "removed": removed})
                return redirect("cnap-staff:office", office.pk)
        status = 400
    today = timezone.localdate()
    return render(request, "cnap/staff_office.html", {
        "office": office, "hours_form": hours, "window_form": window, "day_form": day,
        "windows": office.windows.prefetch_related("services"),
        "days": office.days.filter(day__gte=today).select_related("settlement")[:60],
        "hour_rows": [(WEEKDAYS[n], [hours[f"{p}_{n}"] for p in ("opens", "closes", "break_starts", "break_ends")])
                      for n in range(7)],
    }, status=status)
