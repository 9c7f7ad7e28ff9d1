from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hromada.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from hromada.core import signals, sqlite_functions  # noqa: F401  (audit of sign-ins; Unicode LIKE)
