from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.fields import LocalIntegerField
from hromada.core.forms_base import LocalModelForm, TenantModelForm
from hromada.core.models import (
    CalendarException,
    Department,
    Hromada,
    Institution,
    Official,
    Settlement,
    StarostaDistrict,
)
from hromada.core.roles import Role

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SettlementForm(TenantModelForm):
    tenant_fields = ("starosta_district",)

    class Meta:
        model = Settlement
        fields = ["name", "kind", "katottg", "population", "population_date", "area_ha", "starosta_district"]
        widgets = {"population_date": DATE_INPUT}


class StarostaDistrictForm(TenantModelForm):
    tenant_fields = ("centre",)

    class Meta:
        model = StarostaDistrict
        fields = ["name", "centre", "starosta_name"]


class DepartmentForm(TenantModelForm):
    class Meta:
        model = Department
        fields = ["name", "short_name", "head_name", "email", "phone"]


class InstitutionForm(TenantModelForm):
    tenant_fields = ("settlement",)
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Institution
        fields = ["name", "short_name", "kind", "edrpou", "settlement", "address", "head_name", "phone", "email",
                  "website"]


class OfficialForm(TenantModelForm):
    class Meta:
        model = Official
        fields = ["position", "full_name", "order"]


class HromadaProfileForm(LocalModelForm):
    class Meta:
        model = Hromada
        fields = ["name", "short_name", "council_name", "kind", "oblast", "raion", "area_ha", "population",
                  "population_date", "admin_centre", "description"]
        widgets = {"population_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["admin_centre"].queryset = Settlement.objects.filter(hromada=self.instance)


class CalendarExceptionForm(LocalModelForm):
    class Meta:
        model = CalendarException
        fields = ["date", "kind", "reason"]
        widgets = {"date": DATE_INPUT}


class NewMemberForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False)
    phone = forms.CharField(label=_("phone"), required=False, max_length=20)
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none(), required=False)
    institution = forms.ModelChoiceField(label=_("institution"), queryset=Institution.objects.none(), required=False,
                                         help_text=_("Only for a partner institution's reader."))

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(hromada=hromada)
        self.fields["institution"].queryset = Institution.objects.filter(hromada=hromada)

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Give an e-mail or a phone number."))
        return data


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    department = forms.ModelChoiceField(label=_("department"), queryset=Department.objects.none(), required=False)
    institution = forms.ModelChoiceField(label=_("institution"), queryset=Institution.objects.none(), required=False,
                                         help_text=_("Only for a partner institution's reader."))

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(hromada=hromada)
        self.fields["institution"].queryset = Institution.objects.filter(hromada=hromada)


class TokenForm(forms.Form):
    name = forms.CharField(label=_("token name"), max_length=100)
    days = LocalIntegerField(label=_("valid for, days"), min_value=1, max_value=3650, required=False,
                              help_text=_("Leave empty for a token without an expiry date."))


class DeadlineForm(forms.Form):
    UNITS = [("working_days", _("working days")), ("calendar_days", _("calendar days")),
             ("months", _("calendar months"))]
    start = forms.DateField(label=_("start date (the event)"), widget=DATE_INPUT)
    amount = LocalIntegerField(label=_("term"), min_value=1, max_value=3650)
    unit = forms.ChoiceField(label=_("unit"), choices=UNITS)


class AuditFilterForm(forms.Form):
    from hromada.core.models import AuditEntry

    action = forms.ChoiceField(label=_("action"), required=False,
                               choices=[("", _("all actions")), *AuditEntry.Action.choices])
    who = forms.CharField(label=_("who"), required=False, max_length=254)
    object_type = forms.CharField(label=_("record type"), required=False, max_length=100)
    date_from = forms.DateField(label=_("from"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE_INPUT)
