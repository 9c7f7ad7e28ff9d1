from __future__ import annotations

import functools

from django import forms
from django.db import models
from django.forms.models import ModelFormMetaclass

from hromada.core.fields import LocalDecimalField, LocalIntegerField
from hromada.core.ukrtext import clean_text


def install_text_cleaning() -> None:
    """Clean control characters out of the text of every form field: one place for every form of every app.

    Every text field — CharField and its subclasses (e-mail, URL, slug, regex), which is also what a model's
    CharField and TextField become in a ModelForm — reads its input through ``forms.CharField.to_python``, so
    that is where ukrtext.clean_text goes: a vertical tab pasted from Word becomes a line break, other C0
    control characters are dropped, before stripping and validation. NUL stays for Django's own validator to
    refuse, as the API does. Passwords are left exactly as typed. Called once, from CoreConfig.ready().
    """
    original = forms.CharField.to_python
    if getattr(original, "cleans_control_characters", False):
        return

    @functools.wraps(original)
    def to_python(self, value):
        if isinstance(value, str) and not isinstance(self.widget, forms.PasswordInput):
            value = clean_text(value)
        return original(self, value)

    to_python.cleans_control_characters = True  # type: ignore[attr-defined]
    forms.CharField.to_python = to_python  # type: ignore[method-assign]


def local_number_formfield(db_field, **kwargs):
    """A ModelForm's formfield_callback: model number fields read «1 234,5» as Ukrainians type them.

    A DecimalField or FloatField becomes core.fields.LocalDecimalField (two decimals — money — are shown with
    both, «1200,50»; others without trailing zeros, «45,5»), an integer field LocalIntegerField. Fields with
    choices stay choice fields; a form's own ``field_classes``/declared fields win.
    """
    if not db_field.choices and "form_class" not in kwargs:
        if isinstance(db_field, models.DecimalField):
            kwargs["form_class"] = LocalDecimalField
            kwargs.setdefault("places", 2 if db_field.decimal_places == 2 else None)
        elif isinstance(db_field, models.FloatField):
            kwargs["form_class"] = LocalDecimalField
        elif isinstance(db_field, models.IntegerField) and not isinstance(db_field, models.AutoField):
            kwargs["form_class"] = LocalIntegerField
    return db_field.formfield(**kwargs)


class LocalNumbersMetaclass(ModelFormMetaclass):
    """Gives every ModelForm built on LocalModelForm the callback above unless its Meta names another."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            meta.formfield_callback = local_number_formfield
        return super().__new__(mcs, name, bases, attrs)


class LocalModelForm(forms.ModelForm, metaclass=LocalNumbersMetaclass):
    """The ModelForm every app's forms derive from: numbers typed with a decimal comma and thousands spaces."""


class TenantModelForm(LocalModelForm):
    """A ModelForm for a tenant row: choices limited to the hromada, constraints checked with the hromada."""

    # Foreign keys whose choices must come from the same hromada: field name → model with hromada_id.
    tenant_fields: tuple[str, ...] = ()

    def __init__(self, *args, hromada, **kwargs):
        super().__init__(*args, **kwargs)
        self.hromada = hromada
        if self.instance.pk is None:
            self.instance.hromada = hromada
        for name in self.tenant_fields:
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(hromada=hromada)

    def _get_validation_exclusions(self):
        # Unique constraints include the hromada, which is not a form field: validate them anyway.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("hromada")
        return exclusions
