from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItassetsConfig(AppConfig):
    name = "hromada.itassets"
    label = "itassets"
    verbose_name = _("IT assets")

    def ready(self) -> None:
        from hromada.itassets import navigation, permissions, settings_specs  # noqa: F401
        from hromada.itassets.backups import platform

        platform.register()  # the platform's own backups and restore tests in the register (core.backup hooks)
