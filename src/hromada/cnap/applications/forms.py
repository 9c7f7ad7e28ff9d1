"""The online application form, built from the card's fields and documents (data, not code)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.cnap.models import ApplicationStatus, Delivery
from hromada.core.fields import LocalIntegerField

MAX_UPLOAD_FIELDS = 20


def _field(spec: dict) -> forms.Field:
    kind, label = spec.get("kind", "text"), spec.get("label", spec["name"])
    common = {"label": label, "required": bool(spec.get("required")), "help_text": spec.get("help", "")}
    if kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, **common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "number":
        return LocalIntegerField(**common)
    if kind == "choice":
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in spec.get("choices") or []], **common)
    if kind == "checkbox":
        return forms.BooleanField(**common)
    return forms.CharField(max_length=2000, **common)


def upload_name(n: int) -> str:
    return f"upload_{n}"


class ApplicationForm(forms.Form):
    delivery = forms.ChoiceField(label=_("How to receive the result"), choices=Delivery.choices,
                                 widget=forms.RadioSelect, initial=Delivery.CABINET)
    pickup_office = forms.TypedChoiceField(label=_("Office to collect it at"), required=False, coerce=int,
                                           empty_value=None)

    def __init__(self, data=None, files=None, *, card, offices, with_delivery: bool = True):
        super().__init__(data, files)
        self.card = card
        for spec in card.application_fields or []:
            self.fields[f"f_{spec['name']}"] = _field(spec)
        for n, spec in enumerate((card.uploads or [])[:MAX_UPLOAD_FIELDS]):
            help_text = _("You may share it from Дія as a PDF copy.") if spec.get("diia_sharing") else ""
            self.fields[upload_name(n)] = forms.FileField(label=spec["title"], required=bool(spec.get("required")),
                                                          help_text=help_text)
        self.fields["pickup_office"].choices = [("", "—")] + [(o.pk, o.name) for o in offices]
        if not with_delivery:
            del self.fields["delivery"], self.fields["pickup_office"]

    def answers(self) -> dict:
        values = {}
        for spec in self.card.application_fields or []:
            value = self.cleaned_data.get(f"f_{spec['name']}")
            values[spec["name"]] = value.isoformat() if hasattr(value, "isoformat") else value
        return values

    def upload_fields(self):
        return [(n, spec, self[upload_name(n)]) for n, spec in enumerate((self.card.uploads or [])[
            :MAX_UPLOAD_FIELDS])]


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("all")), *ApplicationStatus.choices])
    q = forms.CharField(label=_("number or resident"), required=False, max_length=100)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("what to correct or add"), widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=2000)


class ResultForm(forms.Form):
    text = forms.CharField(label=_("result"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    file = forms.FileField(label=_("result document"), required=False)


class RefuseForm(forms.Form):
    ground = forms.ChoiceField(label=_("ground for refusal"))
    text = forms.CharField(label=_("explanation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                           required=False)

    def __init__(self, data=None, *, grounds):
        super().__init__(data)
        self.fields["ground"].choices = [(g, g) for g in grounds]
