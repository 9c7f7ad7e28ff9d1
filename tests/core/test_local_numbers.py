"""Numbers as Ukrainians type them («45,5», «1 200,50») in every form a person fills in, and in imports."""

from __future__ import annotations

import importlib
import pkgutil
from decimal import Decimal

import pytest
from django import forms

import hromada
from hromada.core import imports
from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.forms import DeadlineForm, HromadaProfileForm, SettlementForm
from hromada.core.forms_base import LocalModelForm, local_number_formfield

# Forms no person types numbers into: API query parameters and a booking form whose slot is a radio button's id.
NOT_TYPED = {
    "hromada.acts.schemas.ActFilterParams",
    "hromada.acts.schemas.SearchParams",
    "hromada.cnap.forms.BookForm",
}


def _all_form_classes():
    for info in pkgutil.walk_packages(hromada.__path__, "hromada."):
        if ".migrations" not in info.name and info.name.rsplit(".", 1)[-1] not in {"__main__", "wsgi"}:
            importlib.import_module(info.name)
    todo, seen = [forms.BaseForm], set()
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return sorted((cls for cls in seen if cls.__module__.startswith("hromada.")), key=lambda c: c.__qualname__)


def test_every_form_reads_a_decimal_comma_and_thousands_spaces():
    """A plain DecimalField/IntegerField/FloatField in a form a person fills in refuses «45,5» and «1 200»."""
    plain = []
    for cls in _all_form_classes():
        if f"{cls.__module__}.{cls.__qualname__}" in NOT_TYPED:
            continue
        for name, field in getattr(cls, "base_fields", {}).items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            if isinstance(field, (forms.DecimalField, forms.FloatField, forms.IntegerField)) and not isinstance(
                    field, (LocalDecimalField, LocalIntegerField)):
                plain.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
            elif isinstance(field.widget, forms.NumberInput):
                plain.append(f"{cls.__module__}.{cls.__qualname__}.{name} (a number input refuses the comma)")
    assert not plain, ("Use core.fields.LocalDecimalField/LocalIntegerField, or derive a ModelForm from "
                       "core.forms_base.LocalModelForm: " + ", ".join(plain))


def test_a_model_form_gets_local_number_fields_unless_it_asks_otherwise():
    from hromada.core.models import Settlement

    class Own(LocalModelForm):
        class Meta:
            model = Settlement
            fields = ["population", "area_ha", "kind"]
            field_classes = {"population": forms.IntegerField}

    assert type(Own.base_fields["area_ha"]) is LocalDecimalField
    assert type(Own.base_fields["population"]) is forms.IntegerField  # the form's own choice wins
    assert isinstance(Own.base_fields["kind"], forms.ChoiceField)  # a field with choices stays a choice
    assert local_number_formfield(Settlement._meta.get_field("name")).__class__ is forms.CharField


@pytest.mark.django_db
def test_settlement_form_posts_a_comma_and_spaces(hromada_a):
    form = SettlementForm({"name": "Вишневе", "kind": "village", "population": "24 000", "area_ha": "1 200,50"},
                          hromada=hromada_a)
    form.is_valid()
    assert not {"population", "area_ha"} & set(form.errors), form.errors
    assert (form.cleaned_data["population"], form.cleaned_data["area_ha"]) == (24000, Decimal("1200.50"))
    html = str(form["area_ha"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html


@pytest.mark.django_db
def test_profile_and_deadline_forms_read_local_numbers(hromada_a):
    profile = HromadaProfileForm(instance=hromada_a)
    assert isinstance(profile.fields["area_ha"], LocalDecimalField)
    deadline = DeadlineForm({"amount": "1 000", "unit": DeadlineForm.base_fields["unit"].choices[0][0]})
    deadline.is_valid()
    assert "amount" not in deadline.errors


@pytest.mark.parametrize(("text", "number"), [("1 234,56", Decimal("1234.56")), ("1234.56", Decimal("1234.56")),
                                              ("1\u00a0234,5", Decimal("1234.5")), ("45,5", Decimal("45.5")),
                                              ("\u22122,5", Decimal("-2.5"))])
def test_import_columns_read_numbers_as_the_forms_do(text, number):
    if number is None:
        with pytest.raises(imports.RowError):
            imports.parse_decimal("area", text)
    else:
        assert imports.parse_decimal("area", text) == number


def test_import_columns_refuse_a_misplaced_thousands_space():
    with pytest.raises(imports.RowError):
        imports.parse_decimal("area", "12 34")  # a typo, not 1234
