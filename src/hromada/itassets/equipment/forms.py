"""Forms of the equipment pages. They read what people type (a decimal comma, «24 000,50», an inventory number
with a Latin letter) and leave every rule to the services, which report errors by field."""

from __future__ import annotations

from django import forms
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.acts.models import Act
from hromada.acts.numbers import number_key
from hromada.core import selectors as core_selectors
from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.forms_base import LocalModelForm
from hromada.core.models import Department, Institution
from hromada.itassets.equipment import selectors
from hromada.itassets.equipment.services import EDITABLE_STATUSES, normalise_inventory_number
from hromada.itassets.models import Category, Equipment, FundingSource, InventoryCheck, SoftwareProfile

ANY = ("", _("any"))
COUNCIL = "0"
STATUS_CHOICES = [(value, label) for value, label in Equipment.Status.choices]
EDITABLE_STATUS_CHOICES = [(value, label) for value, label in Equipment.Status.choices if value in EDITABLE_STATUSES]


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _institutions(hromada):
    return core_selectors.institutions(hromada).order_by("name")


def _departments(hromada):
    return core_selectors.departments(hromada)


class ItemByNumber(forms.CharField):
    """An item of the hromada named by its inventory number (a select of 50 000 items would be no help)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 50)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.hromada = None

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        number = normalise_inventory_number(text)
        found = Equipment.objects.filter(hromada=self.hromada, inventory_number=number).first()
        if found is None:
            raise forms.ValidationError(_("The hromada has no item with the inventory number %(number)s.")
                                        % {"number": number})
        return found


class EquipmentForm(LocalModelForm):
    cost = LocalDecimalField(label=_("cost, UAH"), required=False, max_digits=14, decimal_places=2, min_value=0,
                             places=2, help_text=_("E.g. 24 000,50."))
    useful_life_years = LocalIntegerField(label=_("useful life, years"), required=False, min_value=1, max_value=50,
                                          help_text=_("Leave empty to use the category's."))
    parent_number = ItemByNumber(label=_("part of (inventory number)"),
                                 help_text=_("For a component: the inventory number of the item it belongs to."))
    status = forms.ChoiceField(label=_("status"), choices=EDITABLE_STATUS_CHOICES)

    class Meta:
        model = Equipment
        fields = ("inventory_number", "category", "name", "manufacturer", "model", "serial_number", "specification",
                  "purchase_date", "cost", "funding_source", "programme_task", "warranty_until", "useful_life_years",
                  "institution", "department", "room", "profile", "status", "notes")
        widgets = {"purchase_date": date_input(), "warranty_until": date_input(),
                   "specification": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada = hromada
        from hromada.programmes.models import Task

        self.fields["institution"].queryset = _institutions(hromada)
        self.fields["institution"].empty_label = _("— the council itself —")
        self.fields["department"].queryset = _departments(hromada)
        self.fields["department"].empty_label = "—"
        self.fields["programme_task"].queryset = (Task.objects.filter(programme__hromada=hromada)
                                                  .select_related("programme").order_by("programme_id", "order", "pk"))
        self.fields["programme_task"].label_from_instance = lambda task: task.name[:150]
        self.fields["profile"].queryset = SoftwareProfile.objects.filter(hromada=hromada).order_by("pk")
        self.fields["parent_number"].hromada = hromada
        if self.instance.pk and self.instance.parent_id and not self.is_bound:
            self.initial["parent_number"] = self.instance.parent.inventory_number
        if self.instance.status == Equipment.Status.WRITTEN_OFF:
            self.fields["status"].choices = STATUS_CHOICES
            self.fields["status"].disabled = True
        # The field order of the page: the parent's number after the room.
        order = list(self.fields)
        order.remove("parent_number")
        order.insert(order.index("room") + 1, "parent_number")
        self.order_fields(order)

    def _post_clean(self):
        # The services validate (with the hromada, the normalised number and the stored state); the form only
        # puts what was typed on the instance.
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        if "parent_number" in self.cleaned_data:
            self.instance.parent = self.cleaned_data["parent_number"]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200,
                        help_text=_("Inventory number, name, model, serial number or person."))
    category = forms.ChoiceField(label=_("category"), required=False, choices=[ANY, *Category.choices])
    status = forms.ChoiceField(label=_("status"), required=False, choices=[ANY, *Equipment.Status.choices])
    institution = forms.TypedChoiceField(label=_("institution"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("department"), required=False, coerce=int, empty_value=None)
    funding_source = forms.ChoiceField(label=_("funding source"), required=False,
                                       choices=[ANY, *FundingSource.choices])
    older_than_years = LocalIntegerField(label=_("older than, years"), required=False, min_value=1, max_value=50)
    flag = forms.ChoiceField(label=_("only"), required=False, choices=[
        ANY, ("past_end_of_life", _("past the end of useful life")), ("check_due", _("due for an inventory check")),
        ("warranty_expired", _("warranty expired")), ("warranty_ending", _("warranty ends within 30 days")),
        ("held", _("not written off"))])
    sort = forms.ChoiceField(label=_("order"), required=False, choices=[
        ("", _("by inventory number")), ("name", _("by name")), ("category", _("by category")),
        ("purchase_date", _("oldest first")), ("-purchase_date", _("newest first")),
        ("end_of_life", _("end of useful life")), ("next_check_due", _("next inventory check")),
        ("-cost", _("most expensive first"))])

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [ANY, (COUNCIL, _("the council itself"))] + [
            (i.pk, i.short_name or i.name) for i in _institutions(hromada)]
        self.fields["department"].choices = [ANY] + [(d.pk, d.name) for d in _departments(hromada)]

    def filters(self, *, ids=()) -> selectors.Filters:
        data: dict = {}
        if self.is_bound:
            self.is_valid()  # an unusable value of one filter is ignored (and shown), the others still apply
            data = self.cleaned_data
        flag = data.get("flag") or ""
        return selectors.Filters(
            q=data.get("q") or "", category=data.get("category") or "", status=data.get("status") or "",
            institution=data.get("institution"), department=data.get("department"),
            funding_source=data.get("funding_source") or "", older_than_years=data.get("older_than_years"),
            past_end_of_life=flag == "past_end_of_life", check_due=flag == "check_due",
            warranty_expired=flag == "warranty_expired", warranty_ending=flag == "warranty_ending",
            include_written_off=flag != "held", ids=list(ids), sort=data.get("sort") or "")


class PolicyForm(forms.Form):
    useful_life_years = LocalIntegerField(label=_("useful life, years"), min_value=1, max_value=50)
    audit_interval_months = LocalIntegerField(label=_("inventory check every, months"), min_value=1, max_value=120)


class CheckOutForm(forms.Form):
    user = forms.TypedChoiceField(label=_("to a member of staff (account)"), required=False, coerce=int,
                                  empty_value=None)
    person_name = forms.CharField(label=_("or to a person (name)"), required=False, max_length=150,
                                  help_text=_("Someone without an account, e.g. a teacher of the school."))
    institution = forms.ModelChoiceField(label=_("institution"), required=False, queryset=Institution.objects.none(),
                                         empty_label=_("— the council itself —"))
    department = forms.ModelChoiceField(label=_("department"), required=False, queryset=Department.objects.none(),
                                        empty_label="—")
    room = forms.CharField(label=_("room"), required=False, max_length=100)
    parent_number = ItemByNumber(label=_("or into another item (its inventory number)"),
                                 help_text=_("E.g. a monitor or a UPS that goes with a computer."))
    checked_out_on = forms.DateField(label=_("checked out on"), widget=date_input())
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, hromada, **kwargs):
        kwargs.setdefault("initial", {"checked_out_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.members = {u.pk: u for u in core_selectors.members(hromada)}
        self.fields["user"].choices = [("", "—")] + [(u.pk, u.full_name or u.login) for u in self.members.values()]
        self.fields["institution"].queryset = _institutions(hromada)
        self.fields["department"].queryset = _departments(hromada)
        self.fields["parent_number"].hromada = hromada

    def values(self) -> dict:
        data = self.cleaned_data
        return {"user": self.members.get(data.get("user")), "person_name": data.get("person_name", ""),
                "institution": data.get("institution"), "department": data.get("department"),
                "room": data.get("room", ""), "parent": data.get("parent_number"), "on": data["checked_out_on"],
                "note": data.get("note", "")}


class CheckInForm(forms.Form):
    checked_in_on = forms.DateField(label=_("checked in on"), widget=date_input())
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"checked_in_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"), choices=EDITABLE_STATUS_CHOICES)
    note = forms.CharField(label=_("note"), required=False, max_length=300)


class WriteOffForm(forms.Form):
    written_off_on = forms.DateField(label=_("written off on"), widget=date_input())
    reason = forms.CharField(label=_("reason of the write-off"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("E.g. worn out, not worth repairing (the commission's act)."))
    act_number = forms.CharField(label=_("number of the act that decided it"), required=False, max_length=60,
                                 help_text=_("An act of the registry of acts, e.g. an executive committee decision."))
    act_date = forms.DateField(label=_("date of the act"), required=False, widget=date_input(),
                               help_text=_("Needed only if several acts have this number."))
    confirm = forms.BooleanField(label=_("I confirm the write-off"), required=True)

    def __init__(self, *args, hromada, **kwargs):
        kwargs.setdefault("initial", {"written_off_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.hromada = hromada

    def clean(self):
        data = super().clean()
        number = data.get("act_number")
        data["act"] = None
        if number:
            key = number_key(number)
            acts = Act.objects.filter(hromada=self.hromada, number_key=key) if key else Act.objects.none()
            if data.get("act_date"):
                acts = acts.filter(date=data["act_date"])
            found = list(acts[:2])
            if not found:
                self.add_error("act_number", _("The registry of acts has no act with this number%(date)s.") % {
                    "date": (" " + _("and date")) if data.get("act_date") else ""})
            elif len(found) > 1:
                self.add_error("act_date", _("Several acts have this number; give the act's date."))
            else:
                data["act"] = found[0]
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason for undoing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class RoundForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200,
                            help_text=_("E.g. «Annual inventory 2026 — the school»."))
    institution = forms.ModelChoiceField(label=_("institution"), required=False, queryset=Institution.objects.none(),
                                         empty_label=_("— the council itself —"))
    department = forms.ModelChoiceField(label=_("department"), required=False, queryset=Department.objects.none(),
                                        empty_label="—")
    room = forms.CharField(label=_("room"), required=False, max_length=100)
    started_on = forms.DateField(label=_("started on"), widget=date_input())
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, hromada, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = _institutions(hromada)
        self.fields["department"].queryset = _departments(hromada)


RESULT_CHOICES = InventoryCheck.Result.choices


class CheckForm(forms.Form):
    """One finding of a round: the item (its id from the sheet, or an inventory number typed) and the result."""

    item = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    number = ItemByNumber(label=_("inventory number"))
    result = forms.ChoiceField(label=_("result"), choices=RESULT_CHOICES)
    found_location = forms.CharField(label=_("where it was found"), required=False, max_length=200)
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada = hromada
        self.fields["number"].hromada = hromada

    def clean(self):
        data = super().clean()
        if data.get("item"):
            data["equipment"] = Equipment.objects.filter(hromada=self.hromada, pk=data["item"]).first()
        else:
            data["equipment"] = data.get("number")
        if data.get("equipment") is None and not self.errors:
            self.add_error("number", _("Give the inventory number of the item."))
        return data


class CloseRoundForm(forms.Form):
    closed_on = forms.DateField(label=_("closed on"), widget=date_input())
    confirm = forms.BooleanField(label=_("I confirm: the items not recorded are missing"), required=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
