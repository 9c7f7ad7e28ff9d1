"""Forms of the strategy, action plan and self-assessment pages: they parse input; the services validate it.

Where a form checks something itself (the term of a strategy, the range of an answer) it calls the same
check the service applies, so the message appears beside its field.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core import metrics
from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.forms import DATE_INPUT
from hromada.core.forms_base import LocalModelForm, TenantModelForm
from hromada.programmes import methodologies
from hromada.programmes.models import (
    ActionPlan,
    ActionStep,
    PlanIndicator,
    PlanMeasure,
    StrategicDirection,
    StrategicGoal,
    Strategy,
    StrategyResult,
    SwotItem,
)
from hromada.programmes.services import assessment as assessment_svc
from hromada.programmes.services import strategy as svc

VALUE_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's errors beside the form's fields; those about other fields go to the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def plain(value: Decimal) -> Decimal:
    """12.500 → 12.5 and 100.000 → 100, so a stored value is shown as it was typed."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _value_field(form: forms.Form, name: str) -> None:
    """A value reads «12,5» and «1 234,5» as Ukrainians type them (core.fields.LocalDecimalField)."""
    field = form.fields[name]
    form.fields[name] = local = LocalDecimalField(
        label=field.label, required=field.required, help_text=field.help_text, max_digits=field.max_digits,
        decimal_places=field.decimal_places, min_value=field.min_value, max_value=field.max_value,
        widget=forms.TextInput(attrs=VALUE_ATTRS))
    local.initial = field.initial


def _metric_choices() -> list[tuple[str, str]]:
    return [("", _("— none: the value is entered by hand —")), *metrics.choices()]


def _metric_field(label, help_text) -> forms.ChoiceField:
    # The registry is read when the form is made, so metrics registered after this import are offered too.
    return forms.ChoiceField(label=label, required=False, help_text=help_text, choices=_metric_choices)


class _PartForm(LocalModelForm):
    """A form for a part of a strategy or plan; unit choices are limited to the hromada."""

    value_fields: tuple[str, ...] = ()

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada = hromada
        if "departments" in self.fields:
            self.fields["departments"].widget = forms.CheckboxSelectMultiple()
            self.fields["departments"].queryset = svc.departments(hromada)
        for name in self.value_fields:
            _value_field(self, name)
            if not self.is_bound and self.initial.get(name) is not None:
                self.initial[name] = plain(self.initial[name])
        if "order" in self.fields:
            self.fields["order"].required = False

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class _TermForm(TenantModelForm):
    def clean(self):
        data = super().clean()
        for name, message in svc.check_term(data.get("start_year"), data.get("end_year")).items():
            self.add_error(name, message)
        return data


class StrategyForm(_TermForm):
    class Meta:
        model = Strategy
        fields = ["title", "start_year", "end_year", "approval_decision", "approval_date", "summary", "is_published"]
        widgets = {"approval_date": DATE_INPUT, "title": forms.TextInput()}


class ActionPlanForm(_TermForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "start_year", "end_year", "decision_body", "decision_number", "decision_date", "goal",
                  "is_published"]
        widgets = {"decision_date": DATE_INPUT}


class DirectionForm(_PartForm):
    class Meta:
        model = StrategicDirection
        fields = ["number", "name"]


class GoalForm(_PartForm):
    class Meta:
        model = StrategicGoal
        fields = ["code", "name", "order"]
        help_texts = {"code": _("As in the document, e.g. I.II."), "order": _("Leave 0 to put the goal last.")}


class ResultForm(_PartForm):
    value_fields = ("baseline_value", "target_value", "current_value")
    metric_key = _metric_field(_("live metric"), _("When chosen, the current value is computed by the platform "
                                                   "from its own data at the moment the page is opened."))

    class Meta:
        model = StrategyResult
        fields = ["text", "unit", "baseline_value", "target_value", "metric_key", "current_value", "current_as_of",
                  "deadline_text", "deadline", "departments", "responsible_other", "order"]
        widgets = {"deadline": DATE_INPUT, "current_as_of": DATE_INPUT}
        help_texts = {
            "baseline_value": _("Leave empty if the document gives none: it then counts as 0."),
            "current_value": _("For a result measured by hand; leave empty when a live metric is chosen."),
            "deadline_text": _("As the document words it, e.g. “By 2025”."),
            "responsible_other": _("Officials or bodies that are not a unit of the council, as worded."),
            "order": _("Leave 0 to put the result last."),
        }


class StepForm(_PartForm):
    class Meta:
        model = ActionStep
        fields = ["text", "deadline", "is_done"]
        widgets = {"deadline": DATE_INPUT}


class NewStepForm(_PartForm):
    class Meta:
        model = ActionStep
        fields = ["text", "deadline"]
        widgets = {"deadline": DATE_INPUT}
        labels = {"text": _("New step")}


class SwotForm(_PartForm):
    class Meta:
        model = SwotItem
        fields = ["quadrant", "text", "order"]
        help_texts = {"order": _("Leave 0 to put the item last.")}


class MeasureForm(_PartForm):
    class Meta:
        model = PlanMeasure
        fields = ["number", "name", "departments", "responsible_other", "period_text", "start", "end",
                  "completion_indicator", "status"]
        widgets = {"start": DATE_INPUT, "end": DATE_INPUT}
        help_texts = {"period_text": _("As the plan words it, e.g. “March – December 2024”.")}


class PlanIndicatorForm(_PartForm):
    value_fields = ("target", "actual")
    metric_key = _metric_field(_("live metric"), _("When chosen, the actual value is computed by the platform "
                                                   "from its own data at the moment the page is opened."))

    class Meta:
        model = PlanIndicator
        fields = ["name", "unit", "target", "metric_key", "actual", "order"]
        help_texts = {"order": _("Leave 0 to put the indicator last.")}


# --- self-assessment ----------------------------------------------------------------------------------------


class StartAssessmentForm(forms.Form):
    methodology = forms.ChoiceField(label=_("methodology"))
    year = LocalIntegerField(label=_("year"), min_value=assessment_svc.YEAR_MIN, max_value=assessment_svc.YEAR_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["methodology"].choices = [(f"{m.key}@{m.version}", m.label) for m in methodologies.available()]
        self.fields["year"].initial = timezone.localdate().year

    def methodology_pair(self) -> tuple[str, str]:
        key, _sep, version = self.cleaned_data["methodology"].partition("@")
        return key, version


YES_NO_CHOICES = [("1", _("yes")), ("0", _("no")), ("", _("not answered"))]


class AnswersForm(forms.Form):
    """One form for every item of the methodology, three fields per item: value, evidence link, comment."""

    def __init__(self, *args, methodology: methodologies.Methodology, stored: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.methodology = methodology
        for indicator in methodology.indicators:
            row = stored.get(indicator.key)
            value = row.value if row else None
            if indicator.answer == methodologies.YES_NO:
                field = forms.ChoiceField(label=indicator.question, choices=YES_NO_CHOICES, required=False,
                                          widget=forms.RadioSelect)
                initial = "" if value is None else ("1" if value == 1 else "0")
            else:
                field = LocalDecimalField(label=indicator.question, required=False, max_digits=18, decimal_places=3,
                                          widget=forms.TextInput(attrs=VALUE_ATTRS))
                initial = None if value is None else plain(value)
                if indicator.answer == methodologies.PERCENT:
                    field.help_text = _("Percentage, 0 to 100.")
                else:
                    field.help_text = _("A number, 0 or more; %(target)s or more scores in full.") % {
                        "target": svc.fmt(indicator.target)}
            field.initial = initial
            self.fields[f"{indicator.key}__value"] = field
            self.fields[f"{indicator.key}__evidence_url"] = forms.URLField(
                label=_("evidence link"), required=False, max_length=500, assume_scheme="https",
                initial=row.evidence_url if row else "", help_text=indicator.evidence_hint,
            )
            self.fields[f"{indicator.key}__comment"] = forms.CharField(
                label=_("comment"), required=False, max_length=500, initial=row.comment if row else "",
            )

    def clean(self):
        data = super().clean()
        for indicator in self.methodology.indicators:
            name = f"{indicator.key}__value"
            if name in self.errors:
                continue
            problem = methodologies.answer_problem(indicator, self._value(data.get(name)))
            if problem:
                self.add_error(name, problem)
        return data

    @staticmethod
    def _value(raw) -> Decimal | None:
        if raw in (None, ""):
            return None
        return Decimal(raw)

    def answers(self) -> dict[str, assessment_svc.AnswerInput]:
        data = self.cleaned_data
        return {
            i.key: assessment_svc.AnswerInput(
                value=self._value(data.get(f"{i.key}__value")),
                evidence_url=data.get(f"{i.key}__evidence_url") or "",
                comment=(data.get(f"{i.key}__comment") or "").strip(),
            )
            for i in self.methodology.indicators
        }

    def modules(self) -> list[dict]:
        """The bound fields grouped by module, for the template."""
        return [
            {"module": module, "items": [
                {"indicator": i, "value": self[f"{i.key}__value"], "evidence": self[f"{i.key}__evidence_url"],
                 "comment": self[f"{i.key}__comment"]}
                for i in module.indicators
            ]}
            for module in self.methodology.modules
        ]
