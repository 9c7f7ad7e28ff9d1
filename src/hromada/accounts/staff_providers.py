"""Staff pages where a hromada's administrator configures its sign-in providers (IdentityProvider rows), built
on the shared CRUD pages and mounted at /staff/identity-providers/ in the "accounts_providers" namespace.

The client secret is write-only: it is never shown back, an empty field keeps the stored one, and the audit log
records only that it changed (core.audit.mask_field)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import IdentityProvider
from hromada.core import audit
from hromada.core.crud import Crud
from hromada.core.forms_base import TenantModelForm
from hromada.core.navigation import ADMINISTRATION, NavItem, add_staff

CAPABILITY = "identity_providers.manage"

audit.mask_field(IdentityProvider, "client_secret")


class IdentityProviderForm(TenantModelForm):
    client_secret = forms.CharField(
        label=_("client secret"), max_length=500, required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Never shown again. Leave empty to keep the stored secret."),
    )

    class Meta:
        model = IdentityProvider
        fields = ["kind", "name", "label", "url", "client_id", "client_secret", "enabled"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["client_secret"].help_text = ""

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data.get("client_secret", "")
        if secret:
            return secret
        stored = IdentityProvider.objects.filter(pk=self.instance.pk).values_list("client_secret", flat=True).first()
        if stored:
            return stored  # left empty: keep the stored secret
        raise forms.ValidationError(_("Enter the client secret the provider issued."), code="required")


def _providers(hromada):
    return IdentityProvider.objects.filter(hromada=hromada).order_by("label", "pk")


PROVIDERS = Crud(
    slug="identity-providers", model=IdentityProvider, form_class=IdentityProviderForm, queryset=_providers,
    namespace="accounts_providers",
    list_fields=("label", "name", "kind", "url", "enabled"),
    detail_fields=("label", "name", "kind", "url", "client_id", "enabled"),
    search_fields=("label", "name", "url"), filter_fields=("kind",), ordering_fields=("label", "name"),
    view_capability=CAPABILITY, manage_capability=CAPABILITY,
)

app_name = "accounts_providers"
urlpatterns = PROVIDERS.urls()

add_staff(NavItem("accounts_providers:identity-providers-list", _("Sign-in providers"), CAPABILITY,
                  ADMINISTRATION, 55))
