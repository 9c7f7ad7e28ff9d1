"""Forms of the ЦНАП pages (every one works without JavaScript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.cnap.queue.live import PURPOSES

PURPOSE_LABELS = {"consult": _("a consultation"), "submit": _("to submit documents"),
                  "collect": _("to collect a result")}


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    category = forms.TypedChoiceField(label=_("category"), required=False, coerce=int, empty_value=None)
    situation = forms.TypedChoiceField(label=_("life situation"), required=False, coerce=int, empty_value=None)
    office = forms.TypedChoiceField(label=_("office"), required=False, coerce=int, empty_value=None)
    online = forms.BooleanField(label=_("online only"), required=False)

    def __init__(self, data, *, categories, situations, offices):
        super().__init__(data)
        everything = [("", _("all"))]
        self.fields["category"].choices = everything + [(c.pk, c.title) for c in categories]
        self.fields["situation"].choices = everything + [(s.pk, s.title) for s in situations]
        self.fields["office"].choices = everything + [(o.pk, o.name) for o in offices]


class DayForm(forms.Form):
    date = forms.DateField(label=_("day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    office = forms.TypedChoiceField(label=_("office"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, offices):
        super().__init__(data)
        self.fields["office"].choices = [("", _("any office"))] + [(o.pk, o.name) for o in offices]


class BookForm(forms.Form):
    slot = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class TicketForm(forms.Form):
    purpose = forms.ChoiceField(label=_("I came"), choices=[(p, PURPOSE_LABELS[p]) for p in PURPOSES],
                                widget=forms.RadioSelect, initial="submit")
    service = forms.TypedChoiceField(label=_("service"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, services):
        super().__init__(data)
        self.fields["service"].choices = [("", _("not sure / other"))] + [(s.pk, s.title) for s in services]


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("booking code"), max_length=12,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
