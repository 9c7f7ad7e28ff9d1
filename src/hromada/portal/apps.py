from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hromada.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from hromada.portal import navigation, permissions  # noqa: F401  (menus, capabilities)
