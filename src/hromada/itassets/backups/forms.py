"""Forms of the backups register; they parse input — the rules live in the services."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.fields import LocalIntegerField, NotANumber, parse_number
from hromada.core.forms_base import TenantModelForm
from hromada.core.models import Institution
from hromada.itassets.backups import selectors
from hromada.itassets.models import BackupRun, BackupTarget

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
# What people type besides the browser's own value: «21.11.2026 14:30», «2026-11-21 14:30».
INPUT_FORMATS = [LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M"]
UNITS = {"": 1, "б": 1, "b": 1, "байт": 1, "bytes": 1,
         "кб": 1024, "kb": 1024, "kib": 1024, "мб": 1024**2, "mb": 1024**2, "mib": 1024**2,
         "гб": 1024**3, "gb": 1024**3, "gib": 1024**3, "тб": 1024**4, "tb": 1024**4, "tib": 1024**4}
_SIZE = re.compile(r"^(?P<number>.*?)\s*(?P<unit>[a-zA-Zа-яА-ЯіїєґІЇЄҐ]*)\.?$")


def parse_size(text: str) -> int | None:
    """«734 003 200» → 734003200; «1,5 ГБ» → 1610612736 (units of 1024); "" → None."""
    text = (text or "").strip()
    if not text:
        return None
    match = _SIZE.match(text)
    unit = match.group("unit").lower() if match else ""
    if unit not in UNITS:
        raise ValueError(text)
    try:
        number = parse_number(match.group("number"))
    except NotANumber:
        raise ValueError(text) from None
    if number is None or number < 0:
        raise ValueError(text)
    value = number * UNITS[unit]
    return int(value.to_integral_value()) if unit else _whole(value)


def _whole(value: Decimal) -> int:
    if value != value.to_integral_value():
        raise ValueError(value)
    return int(value)


class SizeField(forms.Field):
    """A size in bytes as people type it: «734 003 200», «700 МБ», «1,5 ГБ» (units of 1024)."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Enter the size in bytes or with a unit, e.g. 734 003 200 or 1,5 ГБ.")}

    def to_python(self, value):
        text = (value or "").strip() if isinstance(value, str) else value
        if text in (None, ""):
            return None
        try:
            if len(text) > 40:
                raise ValueError(text)
            return parse_size(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        return attrs


class TargetForm(TenantModelForm):
    tenant_fields = ("institution",)
    retention_days = LocalIntegerField(label=_("copies kept, days"), required=False, min_value=1, max_value=3650)
    restore_test_months = LocalIntegerField(label=_("restore test every, months"), min_value=1, max_value=24,
                                            initial=3)

    class Meta:
        model = BackupTarget
        fields = ["name", "kind", "scope", "institution", "frequency", "destination_kind", "destination",
                  "retention_days", "restore_test_months", "responsible", "notes"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "scope": _("Which databases, shares or computers; e.g. «1С: Бухгалтерія, база ФВ»."),
            "institution": _("Leave empty for the council's own systems."),
            "destination": _("E.g. «NAS у серверній, \\\\nas\\backup» or the cloud service."),
        }

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, hromada=hromada, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(hromada=hromada)
        self.fields["responsible"].queryset = selectors.responsible_candidates(hromada)
        self.fields["responsible"].label_from_instance = lambda user: user.full_name or user.login

    def _post_clean(self):
        """The services check the tenant rules and the model's validation; here only the values are set."""
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)


class RunForm(forms.Form):
    kind = forms.ChoiceField(label=_("what was done"), choices=BackupRun.Kind.choices, initial=BackupRun.Kind.BACKUP,
                             widget=forms.RadioSelect)
    status = forms.ChoiceField(label=_("result"), choices=BackupRun.Status.choices, initial=BackupRun.Status.SUCCESS,
                               widget=forms.RadioSelect)
    finished_at = forms.DateTimeField(
        label=_("finished"), input_formats=INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text=_("Kyiv time; not later than now."))
    size_bytes = SizeField(label=_("size"), required=False,
                           help_text=_("In bytes, or with a unit: 734 003 200, 700 МБ, 1,5 ГБ."))
    checksum = forms.CharField(label=_("SHA-256"), required=False, max_length=200,
                               help_text=_("64 hexadecimal characters, as sha256sum prints them; optional."))
    archive = forms.CharField(label=_("archive"), required=False, max_length=300,
                              help_text=_("The copy's file or folder name."))
    note = forms.CharField(label=_("note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    overdue = forms.ChoiceField(label=_("schedule"), required=False, choices=[
        ("", _("all")), ("any", _("overdue: backup or restore test")), ("backup", _("backup overdue")),
        ("restore", _("restore test overdue")), ("none", _("on schedule"))])
    kind = forms.ChoiceField(label=_("what is backed up"), required=False,
                             choices=[("", _("all")), *BackupTarget.Kind.choices])
    institution = forms.ChoiceField(label=_("institution"), required=False)
    active = forms.ChoiceField(label=_("in service"), required=False, initial="1", choices=[
        ("1", _("in service")), ("0", _("out of service")), ("all", _("all"))])

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", _("all")), ("council", _("the council itself")), *[
            (str(pk), name) for pk, name in Institution.objects.filter(hromada=hromada).values_list("pk", "name")]]

    def values(self) -> dict:
        """Each filter on its own: a value that does not fit (a made-up institution) is ignored, not an error."""
        data = {}
        for name, field in self.fields.items():
            try:
                data[name] = field.clean(field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name)))
            except ValidationError:
                data[name] = ""
        active = data.get("active") or "1"
        return {"q": data.get("q", ""), "overdue": data.get("overdue", ""), "kind": data.get("kind", ""),
                "institution": data.get("institution", ""), "active": "" if active == "all" else active}
