"""Forms of connectivity and cameras; they parse input («100,5», «48,713») — the rules live in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.forms import DATE_INPUT
from hromada.core.forms_base import TenantModelForm
from hromada.core.models import Institution, Settlement
from hromada.itassets.models import Camera, Connection, Equipment
from hromada.itassets.network import selectors

COORDINATE_HELP = _("Decimal degrees, e.g. 48,713012; leave empty if unknown.")


class ConnectionForm(TenantModelForm):
    tenant_fields = ("institution", "settlement")
    contracted_mbps = LocalDecimalField(label=_("contracted speed, Mbit/s"), max_digits=8, decimal_places=1)
    measured_mbps = LocalDecimalField(label=_("measured speed, Mbit/s"), max_digits=8, decimal_places=1,
                                      required=False)
    monthly_cost = LocalDecimalField(label=_("monthly cost, UAH"), max_digits=12, decimal_places=2, required=False,
                                     places=2)
    latitude = LocalDecimalField(label=_("latitude"), max_digits=9, decimal_places=6, required=False,
                                 help_text=COORDINATE_HELP)
    longitude = LocalDecimalField(label=_("longitude"), max_digits=9, decimal_places=6, required=False,
                                  help_text=COORDINATE_HELP)

    class Meta:
        model = Connection
        fields = ["institution", "settlement", "address", "latitude", "longitude", "provider", "technology",
                  "contracted_mbps", "measured_mbps", "measured_on", "contract", "contract_until", "monthly_cost",
                  "corporate_network", "public", "notes"]
        widgets = {"measured_on": DATE_INPUT, "contract_until": DATE_INPUT,
                   "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"settlement": _("Leave empty to take the institution's settlement."),
                      "public": _("Shown on the public page as the speed band only, never the contract or cost.")}

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, hromada=hromada, **kwargs)
        self.fields["institution"].empty_label = _("— the council itself —")

    def _post_clean(self):
        """The services check the rules (and the model's validation); here the values are only set."""
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)


class CameraForm(TenantModelForm):
    tenant_fields = ("settlement",)
    latitude = LocalDecimalField(label=_("latitude"), max_digits=9, decimal_places=6, required=False,
                                 help_text=COORDINATE_HELP)
    longitude = LocalDecimalField(label=_("longitude"), max_digits=9, decimal_places=6, required=False,
                                  help_text=COORDINATE_HELP)
    retention_days = LocalIntegerField(label=_("recordings kept, days"), required=False)

    class Meta:
        model = Camera
        fields = ["settlement", "location", "watched_object", "latitude", "longitude", "police_connected",
                  "police_connected_on", "retention_days", "public"]
        widgets = {"police_connected_on": DATE_INPUT}
        help_texts = {"location": _("An address or a landmark, e.g. «вул. Центральна, 1, біля ЦНАП»."),
                      "public": _("The public map shows the place only, never the stream or the address of the "
                                  "camera in the network.")}

    def __init__(self, *args, hromada, **kwargs):
        # Camera has no hromada of its own: its item's; TenantModelForm would set one on the instance.
        super(TenantModelForm, self).__init__(*args, **kwargs)
        self.hromada = hromada
        self.fields["settlement"].queryset = Settlement.objects.filter(hromada=hromada)

    def _post_clean(self):
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)


def _choice(field, data, name):
    try:
        return field.clean(field.widget.value_from_datadict(data, {}, name))
    except ValidationError:
        return field.initial if field.initial is not None else ""


class ConnectionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    technology = forms.ChoiceField(label=_("technology"), required=False)
    provider = forms.ChoiceField(label=_("provider"), required=False)
    institution_kind = forms.ChoiceField(label=_("institution"), required=False)
    settlement = forms.ChoiceField(label=_("settlement"), required=False)
    corporate = forms.ChoiceField(label=_("corporate network"), required=False, choices=[
        ("", _("all")), ("yes", _("joined")), ("no", _("not joined"))])
    slow = forms.BooleanField(label=_("below 100 Mbit/s"), required=False)
    active = forms.ChoiceField(label=_("in service"), required=False, initial="1", choices=[
        ("1", _("in service")), ("0", _("out of service")), ("all", _("all"))])

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technology"].choices = [("", _("all")), *Connection.Technology.choices]
        self.fields["provider"].choices = [("", _("all")), *[(p, p) for p in selectors.providers(hromada)]]
        self.fields["institution_kind"].choices = [("", _("all")), ("council", _("the council itself")),
                                                   *Institution.Kind.choices]
        self.fields["settlement"].choices = [("", _("all")), *[
            (str(s.pk), str(s)) for s in Settlement.objects.filter(hromada=hromada)]]

    def filters(self) -> selectors.ConnectionFilters:
        """Each filter on its own: a value that does not fit is ignored, not an error page."""
        value = {name: _choice(field, self.data, name) for name, field in self.fields.items()}
        active = value["active"] or "1"
        return selectors.ConnectionFilters(
            q=value["q"], technology=value["technology"], provider=value["provider"], slow=bool(value["slow"]),
            corporate=value["corporate"], institution_kind=value["institution_kind"],
            settlement=int(value["settlement"]) if value["settlement"] else None,
            active="" if active == "all" else active)


class CameraFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    settlement = forms.ChoiceField(label=_("settlement"), required=False)
    police = forms.ChoiceField(label=_("connected to the police"), required=False, choices=[
        ("", _("all")), ("yes", _("yes")), ("no", _("no"))])
    retention = forms.ChoiceField(label=_("recordings kept"), required=False, choices=[
        ("", _("all")), ("none", _("not stated")), ("short", _("less than 30 days")),
        ("long", _("30 days or more"))])
    public = forms.ChoiceField(label=_("on the public map"), required=False, choices=[
        ("", _("all")), ("yes", _("yes")), ("no", _("no"))])
    status = forms.ChoiceField(label=_("status"), required=False)
    details = forms.ChoiceField(label=_("details"), required=False, choices=[
        ("", _("all")), ("missing", _("not filled in yet"))])

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all")), *Equipment.Status.choices]
        self.fields["settlement"].choices = [("", _("all")), *[
            (str(s.pk), str(s)) for s in Settlement.objects.filter(hromada=hromada)]]

    def filters(self) -> selectors.CameraFilters:
        value = {name: _choice(field, self.data, name) for name, field in self.fields.items()}
        return selectors.CameraFilters(
            q=value["q"], settlement=int(value["settlement"]) if value["settlement"] else None,
            police=value["police"], retention=value["retention"], public=value["public"], status=value["status"],
            details=value["details"])
