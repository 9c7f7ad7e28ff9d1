"""Forms of the register pages; they parse input — normalisation and the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.core.forms import DATE_INPUT
from hromada.core.forms_base import TenantModelForm
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street


class StreetForm(TenantModelForm):
    tenant_fields = ("settlement",)
    decision = forms.CharField(label=_("decision on renaming"), max_length=300, required=False,
                               help_text=_("When the name changes, the former one is kept with this decision."))

    class Meta:
        model = Street
        fields = ["settlement", "kind", "name"]

    def _post_clean(self):
        """Uniqueness is checked by the service once the name's search key is derived."""
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields)


class BuildingForm(TenantModelForm):
    tenant_fields = ("street",)

    class Meta:
        model = Building
        fields = ["street", "number", "postcode", "kind", "apartments", "latitude", "longitude"]
        help_texts = {"number": _("As written on the building: 12, 12-А, 5/2, 7 корп. 2.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = self.fields["street"].queryset.select_related("settlement")
        self.fields["street"].label_from_instance = lambda s: f"{s.settlement.name}, {s}"

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields)


class ResidentForm(TenantModelForm):
    tenant_fields = ("building",)

    class Meta:
        model = Resident
        fields = ["last_name", "first_name", "patronymic", "birth_date", "sex", "rnokpp", "unzr", "building",
                  "apartment", "registered_on", "phone", "email", "status", "verification", "verified_on"]
        widgets = {"birth_date": DATE_INPUT, "registered_on": DATE_INPUT, "verified_on": DATE_INPUT}
        help_texts = {"rnokpp": _("10 digits; optional."), "unzr": _("РРРРММДД-ННННК; optional.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = self.fields["building"].queryset.select_related("street__settlement")
        self.fields["building"].label_from_instance = lambda b: f"{b.street.settlement.name}, {b}"

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields)


class LandPlotForm(TenantModelForm):
    tenant_fields = ("settlement",)

    class Meta:
        model = LandPlot
        fields = ["cadastral_number", "area_ha", "purpose_code", "ownership", "owner", "settlement", "lessee",
                  "lease_start", "lease_end", "annual_rent", "lease_contract_number", "lease_contract_date"]
        widgets = {"lease_start": DATE_INPUT, "lease_end": DATE_INPUT, "lease_contract_date": DATE_INPUT}
        help_texts = {"cadastral_number": _("NNNNNNNNNN:NN:NNN:NNNN"), "purpose_code": _("E.g. 01.01")}

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields)


class PropertyForm(TenantModelForm):
    tenant_fields = ("building", "holder")

    class Meta:
        model = PropertyObject
        fields = ["name", "kind", "inventory_number", "building", "address_note", "holder", "area_m2", "book_value",
                  "book_value_date", "use", "lease_contract"]
        widgets = {"book_value_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = self.fields["building"].queryset.select_related("street__settlement")
        self.fields["building"].label_from_instance = lambda b: f"{b.street.settlement.name}, {b}"

    def _post_clean(self):
        opts = self._meta
        self.instance = forms.models.construct_instance(self, self.instance, opts.fields)
