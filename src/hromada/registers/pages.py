"""Staff pages of the registers, built on the shared CRUD pages (core.crud) with the registers' services."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from hromada.core import audit_display
from hromada.core.crud import Crud
from hromada.core.roles import can
from hromada.registers import forms, permissions, selectors, services
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street

NAMESPACE = "registers"


def _save_street(obj, *, actor, hromada, form=None):
    decision = form.cleaned_data.get("decision", "") if form is not None else ""
    return services.save_street(obj, actor=actor, hromada=hromada, decision=decision)


def _plain(save):
    def wrapper(obj, *, actor, hromada, form=None):
        return save(obj, actor=actor, hromada=hromada)

    return wrapper


STREETS = Crud(
    slug="streets", model=Street, form_class=forms.StreetForm, namespace=NAMESPACE,
    search=selectors.streets, save=_save_street, delete=services.delete,
    list_fields=("name", "kind", "settlement"), detail_fields=("name", "kind", "settlement"),
    filter_fields=("settlement", "kind"), ordering_fields=("name",),
    view_capability="registers.view", manage_capability="registers.manage", export_capability="registers.view",
)
BUILDINGS = Crud(
    slug="buildings", model=Building, form_class=forms.BuildingForm, namespace=NAMESPACE,
    search=selectors.buildings, save=_plain(services.save_building), delete=services.delete,
    list_fields=("street", "number", "kind", "apartments", "postcode"),
    detail_fields=("street", "number", "postcode", "kind", "apartments", "latitude", "longitude"),
    filter_fields=("kind",), ordering_fields=("sort_key", "apartments"),
    view_capability="registers.view", manage_capability="registers.manage", export_capability="registers.view",
)
LAND = Crud(
    slug="land", model=LandPlot, form_class=forms.LandPlotForm, namespace=NAMESPACE,
    search=selectors.land_plots, save=_plain(services.save_land_plot), delete=services.delete,
    list_fields=("cadastral_number", "area_ha", "purpose_code", "ownership", "owner", "lessee"),
    detail_fields=("cadastral_number", "area_ha", "purpose_code", "ownership", "owner", "settlement", "lessee",
                   "lease_start", "lease_end", "annual_rent", "lease_contract_number", "lease_contract_date"),
    filter_fields=("ownership", "settlement"), ordering_fields=("cadastral_number", "area_ha"),
    view_capability="registers.view", manage_capability="registers.manage", export_capability="registers.export",
)
PROPERTY = Crud(
    slug="property", model=PropertyObject, form_class=forms.PropertyForm, namespace=NAMESPACE,
    search=selectors.property_objects, save=_plain(services.save_property), delete=services.delete,
    list_fields=("name", "kind", "inventory_number", "building", "holder", "use"),
    detail_fields=("name", "kind", "inventory_number", "building", "address_note", "holder", "area_m2",
                   "book_value", "book_value_date", "use", "lease_contract"),
    filter_fields=("kind", "use", "holder"), ordering_fields=("name", "inventory_number", "book_value"),
    view_capability="registers.view", manage_capability="registers.manage", export_capability="registers.export",
)

MASKED = "•••"
FULL_ONLY = permissions.RESIDENT_FULL_ONLY


class ResidentCrud(Crud):
    """Residents are personal data: every card read is logged, and fields are masked for who may not see them."""

    def detail_view(self, request, pk):
        obj = self.get_object(request, pk)
        full = can(request.user, request.hromada, "residents.view_full")
        services.log_resident_view(obj, actor=request.user, hromada=request.hromada,
                                   what="card" if full else "masked card")
        fields = []
        for name in self.detail_fields:
            value = self.display(obj, name)
            if not full and name in FULL_ONLY and value:
                value = obj.birth_date.year if name == "birth_date" else MASKED
            fields.append((self.label(name), value))
        return render(request, "core/crud/detail.html", {
            "crud": self, "object": obj, "fields": fields,
            "history": audit_display.history(obj, request.user) if full else [],
            "can_manage": can(request.user, request.hromada, self.manage_capability),
            "notice": None if full else _("Some fields are hidden: your role sees the minimum needed."),
        })


RESIDENTS = ResidentCrud(
    slug="residents", model=Resident, form_class=forms.ResidentForm, namespace=NAMESPACE,
    search=selectors.residents, save=_plain(services.save_resident), delete=services.delete,
    list_fields=("last_name", "first_name", "patronymic", "building", "status"),
    detail_fields=("last_name", "first_name", "patronymic", "birth_date", "sex", "rnokpp", "unzr", "building",
                   "apartment", "registered_on", "phone", "email", "status", "verification", "verified_on"),
    filter_fields=("status", "verification"), ordering_fields=("last_name", "status"),
    view_capability="residents.view", manage_capability="residents.manage", export_capability="registers.export",
)

ALL = (STREETS, BUILDINGS, RESIDENTS, LAND, PROPERTY)
