from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "hromada.registers"
    label = "registers"
    verbose_name = _("Community registers")

    def ready(self) -> None:
        from hromada.registers import navigation, permissions  # noqa: F401  (menus, capabilities)
