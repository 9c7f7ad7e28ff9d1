"""Forms of the staff's case pages: the list's filters and one form per step (each posts to its own URL).

The forms only read input; the services decide (capability, state, statutory limits) and their
ValidationError comes back onto the form (``add_service_errors``).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.cases import kinds
from hromada.core.fields import LocalIntegerField
from hromada.core.models import CaseAttachment, CaseChannel, CaseOutcome, CaseStatus, Department, RoleAssignment, User
from hromada.core.roles import Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STATES = (
    ("overdue", _("overdue")),
    ("today", _("due today")),
    ("soon", _("due within 2 working days")),
    ("open", _("open cases")),
    ("closed", _("answered or closed")),
)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError on the form: field messages beside their fields, the rest on top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class FilterForm(forms.Form):
    """The list's search and filters (GET); an unusable value is dropped, never an error page."""

    q = forms.CharField(label=_("Number, subject or applicant"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("kind"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False,
                               choices=[("", _("all")), *list(CaseStatus.choices)])
    state = forms.ChoiceField(label=_("term"), required=False, choices=[("", _("all")), *list(STATES)])
    department = forms.ModelChoiceField(label=_("department"), required=False, queryset=Department.objects.none(),
                                        empty_label=_("all"))
    category = forms.ChoiceField(label=_("category"), required=False)
    channel = forms.ChoiceField(label=_("channel"), required=False,
                                choices=[("", _("all")), *list(CaseChannel.choices)])
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, hromada, categories, years):
        super().__init__(data)
        self.fields["kind"].choices = [("", _("all")), *kinds.choices()]
        self.fields["department"].queryset = Department.objects.filter(hromada=hromada)
        self.fields["category"].choices = [("", _("all"))] + [(str(row.pk), row.name) for row in categories]
        self.fields["year"].choices = [("", _("all"))] + [(str(year), str(year)) for year in years]

    def values(self) -> dict:
        """The valid filters only: each field is judged on its own so one bad value does not drop the rest."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        return {name: value for name, value in data.items() if value not in (None, "")}


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none(),
                                        error_messages={"required": _("Choose the department."),
                                                        "invalid_choice": _("Choose a department of this hromada.")})
    executor = StaffChoiceField(label=_("main executor"), queryset=User.objects.none(), required=False,
                                error_messages={"invalid_choice": _("Choose a member of the department's staff.")})
    co_executors = StaffMultipleChoiceField(
        label=_("co-executors"), queryset=User.objects.none(), required=False,
        error_messages={"invalid_choice": _("Choose members of the department's staff."),
                        "invalid_pk_value": _("Choose members of the department's staff.")})
    resolution = forms.CharField(label=_("resolution"), required=False, max_length=5000, widget=forms.Textarea(
        attrs={"rows": 3}))
    due_date = forms.DateField(label=_("due date of the resolution"), required=False, widget=DATE,
                               help_text=_("Empty: the case's own due date."))
    category = forms.ModelChoiceField(label=_("category"), required=False, queryset=None,
                                      empty_label=_("keep as it is"))

    def __init__(self, *args, hromada, case, departments, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        staff = User.objects.filter(pk__in=RoleAssignment.objects.filter(
            hromada=hromada, department__in=departments, role__in=(Role.CLERK, Role.DEPARTMENT_HEAD))
            .values("user_id")).order_by("full_name", "email")
        self.fields["executor"].queryset = staff
        self.fields["co_executors"].queryset = staff
        self.fields["category"].queryset = categories
        self.hromada = hromada
        if not self.is_bound:
            self.initial = {"department": case.department_id or case.suggested_department_id,
                            "executor": case.executor_id, "resolution": case.resolution,
                            "co_executors": [row.user_id for row in case.executors.all() if not row.main]}

    def clean(self):
        data = super().clean()
        department = data.get("department")
        people = [person for person in [data.get("executor"), *(data.get("co_executors") or [])] if person]
        if department is not None and people:
            members = set(RoleAssignment.objects.filter(hromada=self.hromada, department=department,
                                                        user__in=people).values_list("user_id", flat=True))
            strangers = [str(person) for person in people if person.pk not in members]
            if strangers:
                self.add_error("executor" if data.get("executor") and data["executor"].pk not in members
                               else "co_executors",
                               _("Not on the staff of «%(department)s»: %(names)s.")
                               % {"department": department, "names": ", ".join(strangers)})
        return data


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("new due date"), widget=DATE,
                            error_messages={"required": _("Enter the new due date."),
                                            "invalid": _("Enter the date as DD.MM.YYYY.")})
    reason = forms.CharField(label=_("reason of the extension"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}), error_messages={"required": _("State the reason of the extension.")})


class ForwardForm(forms.Form):
    to_body = forms.CharField(label=_("body the case is forwarded to"), max_length=300,
                              error_messages={"required": _("Name the body the case is forwarded to.")})
    reason = forms.CharField(label=_("why it is forwarded"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("State why the case is not in the hromada's "
                                                           "competence.")})


def _outcomes(spec: kinds.CaseKind) -> list[tuple[str, str]]:
    allowed = spec.extra.get("outcomes", [CaseOutcome.SATISFIED, CaseOutcome.EXPLAINED, CaseOutcome.REJECTED])
    labels = dict(CaseOutcome.choices)
    return [(str(key), labels[key]) for key in allowed]


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("answer"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}),
                           error_messages={"required": _("Write the answer.")})
    outcome = forms.ChoiceField(label=_("outcome"), error_messages={
        "required": _("Choose the outcome of the answer."), "invalid_choice": _("Choose the outcome of the answer.")})
    refusal_ground = forms.ChoiceField(label=_("ground of refusal"), required=False, error_messages={
        "invalid_choice": _("A refusal names its statutory ground.")})
    file = forms.FileField(label=_("signed answer (DOCX or PDF)"), required=False)
    copy_pages = LocalIntegerField(label=_("pages of copies"), required=False, min_value=0, max_value=100_000,
                                    error_messages={"min_value": _("The number of pages cannot be negative."),
                                                    "invalid": _("Enter a whole number of pages.")})

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        spec = kinds.get(case.kind)
        self.fields["outcome"].choices = [("", "—"), *_outcomes(spec)]
        if spec.refusal_grounds:
            self.fields["refusal_ground"].choices = [("", "—")] + [(k, str(v)) for k, v in spec.refusal_grounds]
        else:
            del self.fields["refusal_ground"]
        if "copy_fee" not in spec.extra:
            del self.fields["copy_pages"]
        if not self.is_bound and case.answer_text:
            self.initial = {"text": case.answer_text, "outcome": case.outcome,
                            "refusal_ground": case.refusal_ground, "copy_pages": case.copy_pages}


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("what to change in the answer"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Say what to change in the answer.")})


class ConfirmMixin(forms.Form):
    """A destructive step is posted twice: the first shows what will happen, the second (confirmed) does it."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class DismissForm(ConfirmMixin):
    """Close without consideration on a ground the kind's law gives."""

    ground = forms.ChoiceField(label=_("ground in the law"), error_messages={
        "required": _("Name the ground the law gives for not considering it."),
        "invalid_choice": _("Name the ground the law gives for not considering it.")})
    reason = forms.CharField(label=_("explanation for the applicant"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("State the reason.")})

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        grounds = kinds.get(case.kind).closing_grounds
        self.fields["ground"].choices = [("", "—")] + [(key, str(label)) for key, label in grounds]


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("note on closing"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("State the reason.")})


class ReopenForm(ConfirmMixin):
    reason = forms.CharField(label=_("reason of reopening"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("State the reason.")})


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Write the note.")})


class AttachForm(forms.Form):
    file = forms.FileField(label=_("file"), error_messages={"required": _("Choose a file."),
                                                            "empty": _("The file is empty.")})
    role = forms.ChoiceField(label=_("what the file is"), choices=[("", "—"), *list(CaseAttachment.Role.choices)],
                             error_messages={"required": _("Choose what the file is."),
                                             "invalid_choice": _("Choose what the file is.")})
