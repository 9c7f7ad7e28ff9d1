from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core import datasets as registry
from hromada.opendata.models import DESCRIPTION_MAX, TITLE_MAX, TOPICS, Frequency, ResourceFormat

SORT_CHOICES = (("title", _("by title")), ("modified", _("recently updated first")),
                ("quality", _("best quality first")))


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    department = forms.TypedChoiceField(label=_("department"), required=False, coerce=int, empty_value=None)
    fmt = forms.ChoiceField(label=_("format"), required=False,
                            choices=[("", _("any")), *ResourceFormat.choices])
    frequency = forms.ChoiceField(label=_("update frequency"), required=False,
                                  choices=[("", _("any")), *Frequency.choices])
    topic = forms.ChoiceField(label=_("topic"), required=False, choices=[("", _("any")), *TOPICS])
    sort = forms.ChoiceField(label=_("order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("any"))] + [(d.pk, d.name) for d in departments]


class PassportForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=TITLE_MAX,
                            help_text=_("At most 254 characters (the Положення of Resolution 835)."))
    description = forms.CharField(label=_("description"), max_length=DESCRIPTION_MAX, widget=forms.Textarea,
                                  help_text=_("At most 4 000 characters. Say what the data holds and which parts "
                                              "of restricted access are not published."))
    keywords = forms.CharField(label=_("keywords"), max_length=1000, required=False,
                               help_text=_("Separated by commas."))
    frequency = forms.ChoiceField(label=_("update frequency"), choices=Frequency.choices)
    topic = forms.ChoiceField(label=_("topic"), required=False, choices=[("", "—"), *TOPICS])
    department = forms.TypedChoiceField(label=_("responsible unit"), required=False, coerce=int,
                                        empty_value=None)
    responsible = forms.TypedChoiceField(label=_("responsible person"), required=False, coerce=int,
                                         empty_value=None,
                                         help_text=_("Gets the reminders before each deadline."))
    contact_name = forms.CharField(label=_("responsible person (as published)"), max_length=150)
    contact_email = forms.EmailField(label=_("responsible person's e-mail"))
    basis = forms.CharField(label=_("legal basis of collecting the information"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    purpose = forms.CharField(label=_("purpose of collecting the information"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(label=_("language"), choices=(("uk", _("Ukrainian")), ("en", _("English"))))

    def __init__(self, *args, departments=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—")] + [(d.pk, d.name) for d in departments]
        self.fields["responsible"].choices = [("", "—")] + [(p.pk, p.full_name or p.email) for p in people]
        self.departments = {d.pk: d for d in departments}
        self.people = {p.pk: p for p in people}

    def passport(self) -> dict:
        data = dict(self.cleaned_data)
        data["department"] = self.departments.get(data.get("department"))
        data["responsible"] = self.people.get(data.get("responsible"))
        data["topic"] = data.get("topic") or ""
        return data


class NewDatasetForm(PassportForm):
    """A dataset uploaded by staff; generated ones are started from the list of what the platform offers."""


class LiveDatasetForm(forms.Form):
    live_key = forms.ChoiceField(label=_("generated from"))

    def __init__(self, *args, taken=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["live_key"].choices = [(d.key, d.title) for d in registry.all_datasets()
                                           if d.key not in taken]


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=TITLE_MAX)
    description = forms.CharField(label=_("description"), required=False, max_length=DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    format = forms.ChoiceField(label=_("format"), choices=ResourceFormat.choices)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("file"), help_text=_("CSV (UTF-8), XLSX, JSON, GeoJSON; a text as PDF with a "
                                                         "text layer. Up to 100 MB."))
    relevance_date = forms.DateField(label=_("data as of"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))


class ObligationForm(forms.Form):
    applies = forms.TypedChoiceField(label=_("applies to the hromada"), coerce=lambda v: v == "yes",
                                     choices=(("yes", _("yes")), ("no", _("no"))), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("why it does not apply"), max_length=300, required=False)
    department = forms.TypedChoiceField(label=_("responsible unit"), required=False, coerce=int,
                                        empty_value=None)
    responsible = forms.TypedChoiceField(label=_("responsible person"), required=False, coerce=int,
                                         empty_value=None)

    def __init__(self, *args, departments=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—")] + [(d.pk, d.name) for d in departments]
        self.fields["responsible"].choices = [("", "—")] + [(p.pk, p.full_name or p.email) for p in people]
        self.departments = {d.pk: d for d in departments}
        self.people = {p.pk: p for p in people}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("status"), required=False, choices=(
        ("", _("any")), ("draft", _("draft")), ("published", _("published")), ("withdrawn", _("withdrawn")),
        ("overdue", _("overdue")), ("blocked", _("held back"))))
    department = forms.TypedChoiceField(label=_("department"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("any"))] + [(d.pk, d.name) for d in departments]
