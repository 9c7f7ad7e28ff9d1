"""Forms of the hotline: the call in progress on the operator's console and the period of the figures."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_PERIOD_DAYS = 366


def category_label(category) -> str:
    parts = [category.name]
    if category.department_id:
        parts.append(str(category.department))
    if category.term_hours:
        parts.append(_("within %(n)s h") % {"n": category.term_hours})
    label = f"{parts[0]} — {', '.join(parts[1:])}" if len(parts) > 1 else parts[0]
    emergency = _("Emergency")
    return f"{emergency}: {label}" if category.emergency else label


class CallForm(forms.Form):
    """Everything the operator types during a call; which fields are required depends on the button pressed."""

    caller_phone = forms.CharField(label=gettext_lazy("caller's phone"), max_length=32, required=False,
                                   widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    caller_name = forms.CharField(label=gettext_lazy("caller's name"), max_length=200, required=False,
                                  widget=forms.TextInput(attrs={"autocomplete": "off"}))
    resident = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(label=gettext_lazy("category"), required=False, widget=forms.RadioSelect)
    summary = forms.CharField(label=gettext_lazy("what the caller said"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    subject = forms.CharField(label=gettext_lazy("subject (for a case; the first words of the text if empty)"),
                              max_length=300, required=False)
    answer = forms.CharField(label=gettext_lazy("consultation given"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {str(c.pk): c for c in categories}
        self.fields["category"].choices = [("", _("not chosen"))] + [
            (str(c.pk), category_label(c)) for c in categories]

    def clean_category(self):
        value = self.cleaned_data.get("category") or ""
        return self.categories.get(value)


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label=gettext_lazy("to"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - timedelta(days=29)
        if start > end:
            raise forms.ValidationError(_("The start of the period is after its end."))
        if (end - start).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most %(n)s days.") % {"n": MAX_PERIOD_DAYS})
        data["start"], data["end"] = start, end
        return data

    def period(self):
        """The chosen period, or the last 30 days when the form is invalid."""
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        today = timezone.localdate()
        return today - timedelta(days=29), today
