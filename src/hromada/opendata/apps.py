from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "hromada.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from hromada.opendata import navigation, permissions, settings_specs  # noqa: F401
