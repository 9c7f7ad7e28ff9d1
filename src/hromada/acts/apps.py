from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsConfig(AppConfig):
    name = "hromada.acts"
    label = "acts"
    verbose_name = _("Community acts")

    def ready(self) -> None:
        from hromada.acts import navigation, permissions  # noqa: F401  (menus, capabilities)
