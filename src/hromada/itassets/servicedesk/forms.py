"""Forms of the IT service desk pages: they read and check what was typed; the services decide and write."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.itassets.models import Priority, ServiceRequest
from hromada.itassets.servicedesk import services

Status = ServiceRequest.Status
TEXTAREA = {"rows": 4}
MAX_PERIOD_DAYS = 366 * 5


class ReportForm(forms.Form):
    subject = forms.CharField(label=_("what is wrong, in a few words"), max_length=services.MAX_SUBJECT)
    description = forms.CharField(label=_("description"), max_length=services.MAX_TEXT,
                                  widget=forms.Textarea(attrs=TEXTAREA),
                                  help_text=_("What happens, since when, what you already tried, any error "
                                              "message."))
    kind = forms.ChoiceField(label=_("kind of problem"), choices=ServiceRequest.Kind.choices,
                             initial=ServiceRequest.Kind.OTHER)
    priority = forms.ChoiceField(label=_("how urgent"), choices=Priority.choices, initial=Priority.NORMAL,
                                 help_text=_("Critical: your work has stopped and there is no way around it."))
    equipment = forms.TypedChoiceField(label=_("your equipment item"), required=False, coerce=int,
                                       empty_value=None)
    inventory_number = forms.CharField(label=_("or the inventory number of another item"), required=False,
                                       max_length=50,
                                       help_text=_("It is on the label of the item. Leave both empty if the "
                                                   "problem is not with an item."))
    contact = forms.CharField(label=_("phone or room"), required=False, max_length=services.MAX_CONTACT,
                              help_text=_("Where the IT officer finds you."))

    def __init__(self, *args, hromada, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada = hromada
        self.items = {item.pk: item for item in items}
        self.fields["equipment"].choices = [("", _("— not an item of mine —"))] + [
            (item.pk, f"{item.inventory_number} — {item.name}") for item in items]
        if not items:
            self.fields["equipment"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        number = (data.get("inventory_number") or "").strip()
        chosen = self.items.get(data.get("equipment"))
        if number:
            found = services.find_equipment(self.hromada, number)
            if found is None:
                self.add_error("inventory_number", _("No item of this hromada has this inventory number."))
            elif chosen is not None and chosen.pk != found.pk:
                self.add_error("inventory_number", _("Choose one item: from your list or by its number."))
            data["item"] = found
        else:
            data["item"] = chosen
        return data


class TriageForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of problem"), choices=ServiceRequest.Kind.choices)
    priority = forms.ChoiceField(label=pgettext_lazy("IT request", "priority"), choices=Priority.choices,
                                 help_text=_("The due date is recounted from the day of receipt."))


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("assign to"), coerce=int)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["assignee"].choices = [("", "—")] + [
            (person.pk, person.full_name or person.login) for person in people]


class WorkForm(forms.Form):
    text = forms.CharField(label=_("what was done"), max_length=services.MAX_TEXT,
                           widget=forms.Textarea(attrs=TEXTAREA))
    minutes = LocalIntegerField(label=_("time spent, minutes"), required=False, min_value=1,
                                 max_value=services.MAX_MINUTES)


class PartsForm(forms.Form):
    parts = forms.CharField(label=_("parts used"), max_length=services.MAX_PARTS,
                            help_text=_("E.g. a toner cartridge HP 85A, a 650 VA UPS battery."))
    parts_cost = LocalDecimalField(label=_("cost, UAH"), required=False, min_value=0,
                                   max_value=services.MAX_COST, decimal_places=2, max_digits=12, places=2,
                                   help_text=_("E.g. 1 250,00. Leave empty for a part from stock."))
    text = forms.CharField(label=_("note"), required=False, max_length=services.MAX_TEXT)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("note"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs=TEXTAREA))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("new status"))
    text = forms.CharField(label=_("comment"), required=False, max_length=services.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, moves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Status(s).label) for s in moves]


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("what was done"), max_length=services.MAX_TEXT,
                                 widget=forms.Textarea(attrs=TEXTAREA),
                                 help_text=_("The reporter reads this. If the item is to be written off, say so."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=services.MAX_TEXT, widget=forms.Textarea(attrs=TEXTAREA))


class CloseForm(forms.Form):
    text = forms.CharField(label=_("comment"), required=False, max_length=services.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 2}))


SORT_CHOICES = (
    ("-received", _("newest first")), ("received", _("oldest first")), ("due", _("due date, nearest first")),
    ("-due", _("due date, latest first")), ("priority", _("priority, critical first")),
)
STATUS_CHOICES = (("", _("any")), ("open", _("open (not resolved)")), ("overdue", _("overdue")),
                  *Status.choices)


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200,
                        help_text=_("Number, words of the subject or an inventory number."))
    status = forms.ChoiceField(label=_("status"), required=False, choices=STATUS_CHOICES)
    priority = forms.ChoiceField(label=pgettext_lazy("IT request", "priority"), required=False,
                                 choices=(("", _("any")), *Priority.choices))
    kind = forms.ChoiceField(label=_("kind"), required=False,
                             choices=(("", _("any")), *ServiceRequest.Kind.choices))
    assignee = forms.TypedChoiceField(label=_("assigned to"), required=False, coerce=int, empty_value=None)
    institution = forms.TypedChoiceField(label=_("institution"), required=False, coerce=int, empty_value=None)
    department = forms.TypedChoiceField(label=_("department"), required=False, coerce=int, empty_value=None)
    since = forms.DateField(label=_("received from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("received to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("order"), required=False, choices=SORT_CHOICES)
    # Set by links (the item's history, a person's requests), not shown as fields.
    reporter = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    equipment = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)

    def __init__(self, *args, people=(), institutions=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("anyone")), (0, _("nobody yet"))] + [
            (p.pk, p.full_name or p.login) for p in people]
        self.fields["institution"].choices = [("", _("any"))] + [(i.pk, i.name) for i in institutions]
        self.fields["department"].choices = [("", _("any"))] + [(d.pk, d.name) for d in departments]

    def filters(self):
        from hromada.itassets.servicedesk.selectors import Filters

        self.is_valid()  # a field typed wrong is left out; the others still filter
        data = getattr(self, "cleaned_data", {})
        return Filters(**{name: data.get(name) if data.get(name) is not None else default
                          for name, default in (("status", ""), ("priority", ""), ("kind", ""), ("assignee", None),
                                                ("reporter", None), ("institution", None), ("department", None),
                                                ("equipment", None), ("since", None), ("until", None),
                                                ("q", ""), ("sort", ""))})


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until:
            if since > until:
                raise forms.ValidationError(_("The period starts before it ends."))
            if until - since > timedelta(days=MAX_PERIOD_DAYS):
                raise forms.ValidationError(_("Choose a period of at most five years."))
            if since < date(2000, 1, 1) or until > date(2099, 12, 31):
                raise forms.ValidationError(_("Choose dates between 2000 and 2099."))
        return data
