from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "hromada.programmes"
    label = "programmes"
    verbose_name = _("Informatization programme")

    def ready(self) -> None:
        from hromada.programmes import navigation, permissions  # noqa: F401  (menus, capabilities)
