from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "hromada.appeals"
    label = "appeals"
    verbose_name = _("Appeals, hotline and information requests")

    def ready(self) -> None:
        import hromada.appeals.navigation  # noqa: F401  (public menu items)
        from hromada.appeals import case_kinds, hotline, navigation_hotline, permissions, settings_specs  # noqa: F401
