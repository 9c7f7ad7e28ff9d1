from __future__ import annotations

from django import forms


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
