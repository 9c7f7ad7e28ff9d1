from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "hromada.appeals"
    label = "appeals"
    verbose_name = _("Appeals, hotline and information requests")

    def ready(self) -> None:
        from hromada.appeals import case_kinds, permissions, settings_specs  # noqa: F401  (registries)
