"""Forms of the registry pages: a case brought on paper, e-mail or post; categories; journal and report periods."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.cases import kinds, selectors, services
from hromada.core.fields import LocalIntegerField
from hromada.core.forms_base import TenantModelForm
from hromada.core.hromada_settings import get_setting
from hromada.core.models import CaseCategory, CaseChannel, Department, RoleAssignment, User
from hromada.core.roles import Role
from hromada.core.validators import normalize_phone

# Kinds staff register here; hotline calls have the hotline's own pages.
REGISTRY_KINDS = ("appeal", "info_request")
# Cases that reach staff outside the portal: on paper, by post, at a reception, or by e-mail.
REGISTRY_CHANNELS = (CaseChannel.PAPER_CNAP, CaseChannel.PAPER_STAROSTA, CaseChannel.POST, CaseChannel.RECEPTION,
                     CaseChannel.EMAIL)
# A scan of the paper original is a PDF or an image.
SCAN_FORMATS = ("pdf", "jpg", "png")
# Benefits that give an appeal priority (Art. 20 of the Law «Про звернення громадян» and the status laws).
PRIORITY_GROUNDS = (
    _("person with a disability due to war"),
    _("war veteran (combatant)"),
    _("person with a disability of group I"),
    _("person with a disability of group II"),
    _("family member of a fallen Defender of Ukraine"),
    _("large family"),
    _("single mother"),
    _("Hero of Ukraine"),
    _("person affected by the Chornobyl disaster"),
)
LOCAL_INPUT = "%Y-%m-%dT%H:%M"
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_PERIOD_DAYS = 3 * 366


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; the form checks each by its content (``services.check_upload``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [item for item in data if item]
        return [data] if data else []


def matching_resident(hromada, *, email: str = "", phone: str = "") -> User | None:
    """A resident account of the hromada that holds the e-mail or phone the applicant gave."""
    who = Q()
    if email and email.strip():
        who |= Q(email__iexact=email.strip())
    if phone and phone.strip():
        who |= Q(phone=normalize_phone(phone))
    if not who:
        return None
    residents = RoleAssignment.objects.filter(hromada=hromada, role=Role.RESIDENT).values("user_id")
    return User.objects.filter(who, pk__in=residents, is_active=True).order_by("pk").first()


class RegistrationForm(forms.Form):
    """A case brought to the council; the fields keep the engine's names so its errors land beside them."""

    subkind = forms.ChoiceField(label=_("type of appeal"), required=False)
    channel = forms.ChoiceField(label=_("how it arrived"))
    received_at = forms.DateTimeField(
        label=_("date and time of receipt"), input_formats=[LOCAL_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text=_("When the council received it; it may be earlier than today, never later than now."))
    applicant_name = forms.CharField(label=_("applicant (surname, name, patronymic)"), max_length=200,
                                     required=False)
    applicant_address = forms.CharField(label=_("address (place of residence)"), max_length=300, required=False)
    applicant_email = forms.CharField(label=_("e-mail"), max_length=254, required=False,
                                      widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    applicant_phone = forms.CharField(label=_("phone"), max_length=32, required=False,
                                      widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}))
    link_account = forms.BooleanField(
        label=_("link the case to the resident's account with this e-mail or phone"), required=False, initial=True,
        help_text=_("If the e-mail or phone belongs to a resident's account of the hromada, the case appears in "
                    "their cabinet."))
    collective = forms.BooleanField(label=_("collective"), required=False)
    signatories = LocalIntegerField(label=_("number of signatories"), min_value=1, max_value=1_000_000,
                                     initial=1)
    # The page warns above this box that an anonymous appeal is closed at once (Art. 8).
    anonymous = forms.BooleanField(label=_("anonymous (no name or address, not signed)"), required=False)
    category = forms.ModelChoiceField(label=_("category"), queryset=CaseCategory.objects.none(), required=False,
                                      empty_label=_("— not chosen —"))
    subject = forms.CharField(label=_("subject"), max_length=services.MAX_SUBJECT)
    text = forms.CharField(label=_("text (summary of the case)"), max_length=services.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 6}))
    priority = forms.BooleanField(label=_("priority consideration (Art. 20)"), required=False)
    priority_ground = forms.CharField(
        label=_("ground of priority"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"list": "priority-grounds", "autocomplete": "off"}),
        help_text=_("The benefit the applicant holds, e.g. a person with a disability or a war veteran."))
    urgent = forms.BooleanField(required=False)
    urgent_ground = forms.CharField(label=_("ground of urgency"), max_length=300, required=False)
    attachments = MultipleFileField(
        label=_("scans of the paper original"), required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}))

    def __init__(self, *args, hromada, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada, self.kind = hromada, kind
        self.spec = kinds.get(kind)
        self.uploads: list[services.Upload] = []
        self.fields["channel"].choices = [("", _("— choose —"))] + [(c.value, c.label) for c in REGISTRY_CHANNELS]
        self.fields["attachments"].help_text = _("PDF, JPEG or PNG, up to %(n)s files.") % {
            "n": services.MAX_ATTACHMENTS}
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["category"].queryset = CaseCategory.objects.filter(
            pk__in=[row.pk for row in selectors.categories(hromada, kind)])
        hint = {"hx-get": reverse("case-registry:account-hint"), "hx-trigger": "change",
                "hx-target": "#account-hint", "hx-swap": "outerHTML",
                "hx-include": "[name=applicant_email],[name=applicant_phone]"}
        for name in ("applicant_email", "applicant_phone"):
            self.fields[name].widget.attrs.update(hint)
        if kind == "appeal":
            self.fields["subkind"].required = True
            self.fields["subkind"].choices = [("", _("— choose —")), *self.spec.subkinds]
            self.fields["urgent"].label = _("does not need additional study (answer within %(n)s days)") % {
                "n": get_setting(hromada, "appeals.simple_term_days")}
            del self.fields["urgent_ground"]
        else:
            for name in ("subkind", "anonymous", "collective", "signatories", "priority", "priority_ground"):
                del self.fields[name]
            self.fields["applicant_name"].label = _("requester (name or title)")
            self.fields["applicant_address"].label = _("postal address")
            self.fields["text"].label = _("the information requested")
            self.fields["urgent"].label = _("urgent: answer within %(n)s hours") % {
                "n": get_setting(hromada, "public_info.urgent_hours")}
            self.fields["urgent_ground"].help_text = _(
                "Art. 20 part 2: information needed to protect life or liberty, on the state of the environment, "
                "food quality, accidents, disasters or other emergencies.")

    def clean(self):
        data = super().clean()
        if data.get("urgent") and "urgent_ground" in self.fields and not (data.get("urgent_ground") or "").strip():
            self.add_error("urgent_ground", _("State why the request is urgent (Art. 20 part 2)."))
        files = self.files.getlist("attachments") if self.files else []
        if len(files) > services.MAX_ATTACHMENTS:
            self.add_error("attachments", _("Attach at most %(n)s files.") % {"n": services.MAX_ATTACHMENTS})
            return data
        for uploaded in files:
            try:
                upload = services.read_upload(uploaded)
                fmt = services.check_upload(upload)
            except ValidationError as error:
                self.add_error("attachments", error.messages[0])
                break
            if fmt not in SCAN_FORMATS:
                self.add_error("attachments", _("The scan «%(name)s» is not a PDF, JPEG or PNG file.")
                               % {"name": upload.name})
                break
            self.uploads.append(upload)
        return data

    def service_kwargs(self) -> dict:
        """What the form gives ``services.register_case``."""
        data = self.cleaned_data
        values = {
            "channel": data["channel"], "received_at": data["received_at"], "subject": data["subject"],
            "text": data["text"], "applicant_name": data.get("applicant_name", ""),
            "applicant_address": data.get("applicant_address", ""), "applicant_email": data.get("applicant_email", ""),
            "applicant_phone": data.get("applicant_phone", ""), "category": data.get("category"),
            "urgent": bool(data.get("urgent")), "urgent_ground": data.get("urgent_ground", "") or "",
            "attachments": self.uploads,
        }
        if self.kind == "appeal":
            signatories = data.get("signatories") or 1
            values |= {"subkind": data["subkind"], "anonymous": bool(data.get("anonymous")),
                       "collective": bool(data.get("collective")), "signatories": signatories,
                       "priority": bool(data.get("priority")), "priority_ground": data.get("priority_ground", "")}
            if values["anonymous"]:
                # Art. 8: an anonymous appeal carries no author; the entered contact details are not kept.
                for name in ("applicant_name", "applicant_address", "applicant_email", "applicant_phone"):
                    values[name] = ""
        return values


class CategoryForm(TenantModelForm):
    tenant_fields = ("department",)
    kinds = forms.MultipleChoiceField(
        label=_("case kinds"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the category serves every kind."))

    class Meta:
        model = CaseCategory
        fields = ["name", "kinds", "department", "term_hours", "emergency", "order"]
        help_texts = {
            "term_hours": _("The hromada's own shorter term (e.g. 24 hours for emergencies); it applies only when "
                            "shorter than the statutory one."),
            "department": _("The unit that usually handles such cases; registration sends new cases there."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kinds.choices()
        self.fields["department"].queryset = Department.objects.filter(hromada=self.hromada)
        if self.instance.pk and not self.is_bound:
            self.initial["kinds"] = [key for key in self.instance.kinds.split(",") if key]

    def clean_kinds(self) -> str:
        return ",".join(self.cleaned_data.get("kinds") or [])


class PeriodForm(forms.Form):
    """The period (by date of receipt) and kind of a journal or report; the current month by default."""

    start = forms.DateField(label=_("from"), widget=DATE_INPUT)
    end = forms.DateField(label=_("to"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("kind"), required=False)

    def __init__(self, data=None, **kwargs):
        today = timezone.localdate()
        defaults = {"start": today.replace(day=1).isoformat(), "end": today.isoformat(), "kind": ""}
        if data is not None:
            data = {key: data.get(key) or defaults[key] for key in defaults}
        super().__init__(data or defaults, **kwargs)
        self.fields["kind"].choices = [("", _("all kinds"))] + [
            (key, kinds.get(key).label) for key in kinds.REGISTRY]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end of the period comes after its start."))
            elif end - start > timedelta(days=MAX_PERIOD_DAYS):
                self.add_error("end", _("Choose a period of at most three years."))
        return data

    def period(self) -> tuple[date, date, str]:
        data = self.cleaned_data
        return data["start"], data["end"], data.get("kind") or ""
