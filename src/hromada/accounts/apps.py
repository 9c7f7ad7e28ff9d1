from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hromada.accounts"
    label = "accounts"
    verbose_name = _("Resident accounts")

    def ready(self) -> None:
        from hromada.accounts import cabinet_sections, navigation, permissions, settings_specs, staff_providers  # noqa: F401  (registries)  # noqa: F401  (staff menu; providers, audit mask)
