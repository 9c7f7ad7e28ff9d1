from __future__ import annotations

import functools

from django import forms

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


class TenantModelForm(forms.ModelForm):
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
