"""Forms of the budget pages: thin; the Положення's rules are the services'."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.forms_base import LocalModelForm
from hromada.core.ukrtext import clean_text
from hromada.participation.budget.selectors import PUBLIC_STATUSES
from hromada.participation.models import Edition, ProjectStatus, TallyMethod, TieRule

MONEY = {"max_digits": 14, "decimal_places": 2, "places": 2}
COST_ROWS, MAX_COST_ROWS, PHOTO_ROWS = 3, 40, 3


class CleanCharField(forms.CharField):
    """Text as it is stored: pasted control characters (other than NUL, which Django refuses) cleaned away."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if value else value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProjectFilterForm(forms.Form):
    q = CleanCharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(label=_("category"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False)
    district = forms.ChoiceField(label=_("starosta district"), required=False)

    def __init__(self, data=None, *, categories=(), districts=()):
        super().__init__(data)
        labels = dict(ProjectStatus.choices)
        self.fields["category"].choices = [("", _("all"))] + [(str(c.pk), c.name) for c in categories]
        self.fields["status"].choices = [("", _("all"))] + [(s, labels[s]) for s in PUBLIC_STATUSES]
        self.fields["district"].choices = [("", _("all"))] + [(str(d.pk), d.name) for d in districts]
        if not districts:
            del self.fields["district"]


class ProjectForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    title = CleanCharField(label=_("Title"), max_length=200)
    summary = CleanCharField(label=_("Summary"), max_length=500, help_text=_("One or two sentences."))
    description = CleanCharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}),
                                 max_length=20_000)
    address = CleanCharField(label=_("Location"), required=False, max_length=300,
                             help_text=_("The address or a description of the place."))
    latitude = LocalDecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6,
                                  min_value=-90, max_value=90, help_text=_("For example 48.4647 (optional)."))
    longitude = LocalDecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6,
                                   min_value=-180, max_value=180, help_text=_("For example 35.0462 (optional)."))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = {str(c.pk): c for c in categories}
        self.fields["category"].choices = [("", "—")] + [(str(c.pk), c.name) for c in categories]

    def clean_category(self):
        return self.categories[self.cleaned_data["category"]]


class CostItemForm(forms.Form):
    name = CleanCharField(label=_("Item"), max_length=200, required=False)
    quantity = LocalDecimalField(label=_("Quantity"), max_digits=12, decimal_places=3, required=False,
                                  min_value=Decimal("0.001"))
    unit = CleanCharField(label=_("Unit"), max_length=20, required=False)
    amount = LocalDecimalField(label=_("Amount, UAH"), required=False, min_value=Decimal("0.01"), **MONEY,
                                error_messages={"min_value": _("The amount must be positive.")})

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("name") and data.get("amount") is None:
            self.add_error("amount", _("Give the amount of this item."))
        elif data.get("amount") is not None and not data.get("name"):
            self.add_error("name", _("Name the item."))
        return data

    def item(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return {"name": data["name"], "quantity": data.get("quantity") or Decimal(1), "unit": data.get("unit", ""),
                "amount": data["amount"]}


class BaseCostItems(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not [f for f in self.forms if f.cleaned_data.get("name")]:
            raise forms.ValidationError(_("List at least one cost item."))

    def items(self) -> list[dict]:
        return [item for item in (f.item() for f in self.forms) if item]


CostItems = forms.formset_factory(CostItemForm, formset=BaseCostItems, extra=COST_ROWS, max_num=MAX_COST_ROWS,
                                  validate_max=True, absolute_max=MAX_COST_ROWS)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), required=False, help_text=_("JPEG or PNG, up to 5 MB."))
    caption = CleanCharField(label=_("What the photo shows"), max_length=300, required=False,
                             help_text=_("Read aloud to people who cannot see the photo."))

    def clean(self):
        data = super().clean()
        if data.get("photo") and not data.get("caption"):
            self.add_error("caption", _("Describe what the photo shows."))
        return data


Photos = forms.formset_factory(PhotoForm, extra=PHOTO_ROWS, max_num=PHOTO_ROWS, absolute_max=PHOTO_ROWS)


class PaperBallotSearchForm(forms.Form):
    name = CleanCharField(label=_("Surname and name in the register"), max_length=100)
    birth_date = forms.DateField(label=_("date of birth"), widget=DateInput())


class PaperBallotForm(forms.Form):
    resident = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(label=_("How the ballot is cast"), widget=forms.RadioSelect, choices=[
        ("paper", _("Paper ballot filled in by the person")),
        ("assisted", _("Assisted: staff enter the choice on the person's behalf"))], initial="paper")
    paper_number = CleanCharField(label=_("Paper ballot number"), max_length=30, required=False)
    projects = forms.MultipleChoiceField(label=_("Projects chosen"), widget=forms.CheckboxSelectMultiple)
    consent = forms.BooleanField(label=_("The person consented, in writing, to staff entering the choice on their "
                                         "behalf"), required=False)
    consent_note = CleanCharField(label=_("Consent note"), max_length=300, required=False,
                                  help_text=_("E.g. the number of the written consent."))

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(str(p.pk), f"№ {p.number} {p.title} ({p.category.name})")
                                           for p in projects]

    def clean(self):
        data = super().clean()
        if data.get("channel") == "assisted" and not data.get("consent"):
            self.add_error("consent", _("Assisted voting needs the person's recorded consent."))
        if data.get("channel") == "paper" and not data.get("paper_number"):
            self.add_error("paper_number", _("Give the number printed on the paper ballot."))
        return data


class EditionForm(LocalModelForm):
    class Meta:
        model = Edition
        fields = ["year", "title", "regulation_reference", "total_budget", "submission_starts", "submission_ends",
                  "review_ends", "voting_starts", "voting_ends", "results_on", "implementation_ends",
                  "ballot_changes_allowed", "official_method", "tie_rule"]
        widgets = {name: DateInput() for name in ("submission_starts", "submission_ends", "review_ends",
                                                  "voting_starts", "voting_ends", "results_on",
                                                  "implementation_ends")}
        field_classes = {"title": CleanCharField, "regulation_reference": CleanCharField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
        self.fields["official_method"].choices = TallyMethod.choices
        self.fields["tie_rule"].choices = TieRule.choices

    def validate_unique(self):
        """Uniqueness and the phases' order are the service's to judge (one message, nothing saved)."""


class CategoryForm(forms.Form):
    name = CleanCharField(label=_("Title"), max_length=150)
    order = LocalIntegerField(label=_("Order"), min_value=0, max_value=1000, initial=0)
    budget = LocalDecimalField(label=_("Budget of the category, UAH"), min_value=0, **MONEY)
    min_cost = LocalDecimalField(label=_("Least project cost, UAH"), min_value=0, initial=0, **MONEY)
    max_cost = LocalDecimalField(label=_("Greatest project cost, UAH"), min_value=0, **MONEY)
    votes_per_voter = LocalIntegerField(label=_("Projects a voter may choose"), min_value=1, max_value=50,
                                         initial=1)
    starosta_district = forms.ChoiceField(label=_("Only for the starosta district"), required=False)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.districts = {str(d.pk): d for d in districts}
        self.fields["starosta_district"].choices = [("", _("the whole hromada"))] + [
            (str(d.pk), d.name) for d in districts]

    def clean_starosta_district(self):
        return self.districts.get(self.cleaned_data["starosta_district"])


class ConfirmForm(forms.Form):
    confirmed = forms.BooleanField(label=_("I confirm"), required=True)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["confirmed"].label = label


PUBLISH_LABEL = _("I confirm: the results will be published and the winners marked")
DELETE_LABEL = _("I confirm: the category will be deleted")


class StaffProjectFilterForm(forms.Form):
    q = CleanCharField(label=_("Search"), required=False, max_length=200)
    edition = forms.ChoiceField(label=_("edition"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("all")), *ProjectStatus.choices])

    def __init__(self, data=None, *, editions=()):
        super().__init__(data)
        self.fields["edition"].choices = [("", _("all"))] + [(str(e.pk), str(e.year)) for e in editions]


class ReviewForm(forms.Form):
    department = forms.ChoiceField(label=_("Reviewing department"), required=False)
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("admit", _("Admit to voting")), ("reject", _("Do not admit"))])
    reviewed_cost = LocalDecimalField(label=_("Cost estimated by the department, UAH"), required=False,
                                       min_value=Decimal("0.01"), **MONEY)
    reason = CleanCharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.departments = {str(d.pk): d for d in departments}
        self.fields["department"].choices = [("", "—")] + [(str(d.pk), d.name) for d in departments]

    def clean_department(self):
        return self.departments.get(self.cleaned_data["department"])


class ImplementationForm(forms.Form):
    progress = LocalIntegerField(label=_("Progress, %"), min_value=0, max_value=100)
    spent = LocalDecimalField(label=_("Spent, UAH"), min_value=0, **MONEY)
    implemented_on = forms.DateField(label=_("Implemented on"), required=False, widget=DateInput(),
                                     help_text=_("With 100 %: the date the project was completed."))
    note = CleanCharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MilestoneForm(forms.Form):
    title = CleanCharField(label=_("Milestone"), max_length=300)
    due_on = forms.DateField(label=_("Planned"), required=False, widget=DateInput())


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done"), widget=DateInput())
    note = CleanCharField(label=_("Note"), required=False, max_length=2000)


class StaffPhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPEG or PNG, up to 5 MB."))
    caption = CleanCharField(label=_("What the photo shows"), max_length=300)
