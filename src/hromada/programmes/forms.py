"""Forms of the programme pages; they only parse input — every rule lives in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core import metrics, selectors
from hromada.core.fields import LocalDecimalField, LocalIntegerField, format_number
from hromada.core.forms import DATE_INPUT
from hromada.core.forms_base import LocalModelForm
from hromada.programmes import catalogue
from hromada.programmes.models import SECTIONS, Indicator, MonitoringPeriod, Programme, Source, Task
from hromada.programmes.models.fields import MONEY_MAX


def money(label, *, required=True) -> forms.DecimalField:
    """Thousand UAH: «1 234,5» or «1234.5» typed, «1234,500» shown (core.fields.LocalDecimalField)."""
    return LocalDecimalField(
        label=label, max_digits=12, decimal_places=3, min_value=Decimal(0), max_value=MONEY_MAX, places=3,
        required=required, initial=Decimal(0) if required else None,
        widget=forms.TextInput(attrs={"class": "num"}),
        error_messages={"max_decimal_places": _("At most three decimals (thousand UAH to the hryvnia).")},
    )


def value(label, *, required=False) -> forms.DecimalField:
    """An indicator value: «12,5» typed or shown, trailing zeros dropped."""
    return LocalDecimalField(label=label, max_digits=18, decimal_places=3, required=required,
                             widget=forms.TextInput(attrs={"class": "num"}))


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's errors beside the fields they name; the rest go to the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ProgrammeCreateForm(LocalModelForm):
    class Meta:
        model = Programme
        fields = ["title", "start_year", "end_year"]


class PassportForm(LocalModelForm):
    """Passport items 3–10; item 10 has one row of three amounts per year of the term."""

    class Meta:
        model = Programme
        fields = ["title", "decree_title", "decree_date", "decree_number", "gsc_approval_date", "goal",
                  "developer", "head_position", "head_name", "responsible_departments", "responsible_institutions",
                  "responsible_other", "start_year", "end_year"]
        widgets = {"decree_date": DATE_INPUT, "gsc_approval_date": DATE_INPUT,
                   "goal": forms.Textarea(attrs={"rows": 3}),
                   "responsible_departments": forms.CheckboxSelectMultiple,
                   "responsible_institutions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["developer"].queryset = selectors.departments(hromada)
        self.fields["responsible_departments"].queryset = selectors.departments(hromada)
        self.fields["responsible_institutions"].queryset = selectors.institutions(hromada)
        stored = {row.year: row for row in self.instance.financing.all()} if self.instance.pk else {}
        for year in self.financing_years():
            row = stored.get(year)
            for part, label in (("total", _("total")), ("local", _("local budget")), ("other", _("other sources"))):
                field = money(f"{year}: {label}")
                if row is not None:
                    field.initial = {"total": row.total, "local": row.local_budget, "other": row.other_sources}[part]
                self.fields[f"financing-{year}-{part}"] = field

    def financing_years(self) -> list[int]:
        """The years of the term as submitted (so a changed term shows its new years), else as stored."""
        try:
            first = int(self.data.get("start_year") or self.instance.start_year)
            last = int(self.data.get("end_year") or self.instance.end_year)
        except (TypeError, ValueError):
            return self.instance.years if self.instance.pk else []
        if not 2000 <= first <= last <= 2099 or last - first > 9:
            return self.instance.years if self.instance.pk else []
        return list(range(first, last + 1))

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def financing_headers(self):
        return [_("total"), _("local budget"), _("other sources")]

    def financing_rows(self):
        for year in self.financing_years():
            yield year, [self[f"financing-{year}-{part}"] for part in ("total", "local", "other")]

    def cleaned_financing(self) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
        data = self.cleaned_data
        return {year: tuple(data.get(f"financing-{year}-{part}") or Decimal(0) for part in ("total", "local", "other"))
                for year in self.financing_years()}

    def _post_clean(self):
        """Model validation happens in the service, which knows the whole passport."""


class SectionsForm(forms.Form):
    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        cat = catalogue.load(programme.catalogue)
        for key in SECTIONS:
            section = cat.sections[key]
            self.fields[key] = forms.CharField(
                label=section["title"], required=False, initial=getattr(programme, f"section_{key}"),
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=_("Paragraphs are separated by an empty line; a line starting with «- » is a list item; "
                            "**text** is bold."),
            )
            self.fields[key].guidance = section["guidance"]


class CatalogueDirectionsForm(forms.Form):
    keys = forms.MultipleChoiceField(label=_("Directions recommended by the template"),
                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        taken = set(programme.directions.values_list("catalogue_key", flat=True))
        self.fields["keys"].choices = [(d.key, d.name) for d in catalogue.load(programme.catalogue).directions
                                       if d.key not in taken]


class DirectionForm(forms.Form):
    name = forms.CharField(label=_("Own direction of the hromada"), max_length=300)


class TaskForm(LocalModelForm):
    class Meta:
        model = Task
        fields = ["direction", "name", "project", "departments", "start_date", "end_date", "expected_result"]
        widgets = {"start_date": DATE_INPUT, "end_date": DATE_INPUT,
                   "departments": forms.CheckboxSelectMultiple,
                   "name": forms.TextInput(attrs={"list": "catalogue-tasks"}),
                   "expected_result": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["direction"].queryset = programme.directions.all()
        self.fields["departments"].queryset = selectors.departments(programme.hromada)
        self.fields["name"].help_text = _("Type your own or pick one of the template's recommended tasks.")
        stored = {(f.year, f.source): f.planned for f in self.instance.financing.all()} if self.instance.pk else {}
        for year in programme.years:
            for source in Source:
                field = money(f"{year}: {source.label}")
                field.initial = stored.get((year, source.value), Decimal(0))
                self.fields[f"fin-{year}-{source.value}"] = field

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def financing_headers(self):
        return [source.label for source in Source]

    def financing_fields(self):
        for year in self.programme.years:
            yield year, [self[f"fin-{year}-{source.value}"] for source in Source]

    def cleaned_financing(self) -> dict[tuple[int, str], Decimal]:
        return {(year, source.value): self.cleaned_data.get(f"fin-{year}-{source.value}") or Decimal(0)
                for year in self.programme.years for source in Source}

    def _post_clean(self):
        """The service checks the term against the programme and saves the M2M itself."""
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields, ["departments"])


class IndicatorForm(LocalModelForm):
    metric_key = forms.ChoiceField(label=_("live metric"), required=False,
                                   help_text=_("Leave empty to enter the actual values by hand."))
    baseline_value = value(Indicator._meta.get_field("baseline_value").verbose_name)

    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "baseline_value", "baseline_year", "data_source", "metric_key"]

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["direction"].queryset = programme.directions.all()
        self.fields["metric_key"].choices = [("", _("— entered by hand —")), *metrics.choices()]
        stored = {row.year: row.target for row in self.instance.years.all()} if self.instance.pk else {}
        for year in programme.years:
            field = value(_("target %(year)s") % {"year": year})
            field.initial = stored.get(year)
            self.fields[f"target-{year}"] = field

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def target_fields(self):
        return [self[f"target-{year}"] for year in self.programme.years]

    def cleaned_targets(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(f"target-{year}") for year in self.programme.years}

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields)


class ActualForm(forms.Form):
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    actual = value(_("actual value"))
    source = forms.CharField(label=_("source"), max_length=300, required=False)
    as_of = forms.DateField(label=_("as of"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in programme.years]


class ApprovalForm(forms.Form):
    decision = forms.CharField(label=_("approval decision"), max_length=300,
                               help_text=_("E.g. «рішення сесії сільської ради № 12/3»"))
    decided_on = forms.DateField(label=_("date of the decision"), widget=DATE_INPUT)


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=MonitoringPeriod.Kind.choices)
    year = forms.TypedChoiceField(label=_("year"), coerce=int)
    quarter = forms.TypedChoiceField(label=_("quarter"), coerce=int, required=False, empty_value=None,
                                     choices=[("", "—"), (1, "I"), (2, "II"), (3, "III"), (4, "IV")])

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in programme.years]


class UnitReportForm(forms.Form):
    """A unit's report: per task its status, percentage, running totals of actual financing and comments.

    A new quarter starts from the unit's figures submitted for the previous quarter of the year (``previous``:
    task id → TaskProgress), the first quarter from zero. Every field of a task row also carries a
    ``summary_label`` naming the task, so the error summary says which task each error is about.
    """

    ROW = ("status", "percent_done", "actual_local", "actual_other", "comment", "correction")

    summary = forms.CharField(label=_("summary for the head of programme"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, report, tasks, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = list(tasks)
        previous = previous or {}
        self.fields["summary"].initial = report.summary
        stored = {p.task_id: p for p in report.progress.all()}
        for task in self.tasks:
            prefix = f"task-{task.pk}"
            row = stored.get(task.pk)
            before = previous.get(task.pk)
            self.fields[f"{prefix}-status"] = forms.ChoiceField(
                label=_("status"), choices=Task.Status.choices, initial=row.status if row else task.status)
            self.fields[f"{prefix}-percent_done"] = LocalIntegerField(
                label=_("done, %"), min_value=0, max_value=100, initial=row.percent_done if row else task.percent_done,
                widget=forms.TextInput(attrs={"class": "num"}))
            for name, label in (("actual_local", _("actual from the local budget, thousand UAH")),
                                ("actual_other", _("actual from other sources, thousand UAH"))):
                field = self.fields[f"{prefix}-{name}"] = money(label)
                source = row or before
                if source is not None:
                    field.initial = getattr(source, name)
                if before is not None:
                    field.help_text = _("Reported for %(period)s: %(amount)s") % {
                        "period": before.report.period, "amount": format_number(getattr(before, name), 3)}
            self.fields[f"{prefix}-comment"] = forms.CharField(
                label=_("what was done"), required=False, initial=row.comment if row else "",
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{prefix}-correction"] = forms.CharField(
                label=_("Correction"), required=False, initial=row.correction if row else "",
                help_text=_("Only if a running total is lower than reported for the previous quarter: say why."),
                widget=forms.Textarea(attrs={"rows": 2}))
            for name in self.ROW:
                field = self.fields[f"{prefix}-{name}"]
                field.summary_label = f"{task}: {field.label}"

    def summary_fields(self):
        return [self["summary"]]

    def task_rows(self):
        for task in self.tasks:
            prefix = f"task-{task.pk}"
            yield task, [self[f"{prefix}-{name}"] for name in self.ROW]

    def cleaned_progress(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {task.pk: {name: data.get(f"task-{task.pk}-{name}") for name in self.ROW} for task in self.tasks}
