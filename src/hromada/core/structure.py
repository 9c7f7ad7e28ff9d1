"""Staff pages for the hromada's structure, built on the shared CRUD pages."""

from hromada.core import forms, selectors
from hromada.core.crud import Crud
from hromada.core.models import Department, Institution, Official, Settlement, StarostaDistrict

SETTLEMENTS = Crud(
    slug="settlements", model=Settlement, form_class=forms.SettlementForm, queryset=selectors.settlements,
    list_fields=("name", "kind", "katottg", "population", "starosta_district"),
    detail_fields=("name", "kind", "katottg", "population", "population_date", "area_ha", "starosta_district"),
    search_fields=("name", "katottg"), filter_fields=("kind", "starosta_district"),
    ordering_fields=("name", "population", "katottg"),
)
DISTRICTS = Crud(
    slug="districts", model=StarostaDistrict, form_class=forms.StarostaDistrictForm,
    queryset=selectors.starosta_districts,
    list_fields=("name", "centre", "starosta_name"), detail_fields=("name", "centre", "starosta_name"),
    search_fields=("name", "starosta_name"),
)
DEPARTMENTS = Crud(
    slug="departments", model=Department, form_class=forms.DepartmentForm, queryset=selectors.departments,
    list_fields=("name", "head_name", "phone"), detail_fields=("name", "short_name", "head_name", "email", "phone"),
    search_fields=("name", "short_name", "head_name"),
)
INSTITUTIONS = Crud(
    slug="institutions", model=Institution, form_class=forms.InstitutionForm, queryset=selectors.institutions,
    list_fields=("name", "kind", "edrpou", "settlement"),
    detail_fields=("name", "short_name", "kind", "edrpou", "settlement", "address", "head_name", "phone", "email",
                   "website"),
    search_fields=("name", "short_name", "edrpou"), filter_fields=("kind", "settlement"),
    ordering_fields=("name", "edrpou"),
)
OFFICIALS = Crud(
    slug="officials", model=Official, form_class=forms.OfficialForm, queryset=selectors.officials,
    list_fields=("full_name", "position", "order"), detail_fields=("full_name", "position", "order"),
    search_fields=("full_name", "position"), ordering_fields=("order", "full_name"),
)

ALL = (SETTLEMENTS, DISTRICTS, DEPARTMENTS, INSTITUTIONS, OFFICIALS)
