from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CnapConfig(AppConfig):
    name = "hromada.cnap"
    label = "cnap"
    verbose_name = _("ЦНАП: services and the e-queue")

    def ready(self) -> None:
        from hromada.cnap import cabinet_sections, navigation, permissions, settings_specs  # noqa: F401
        from hromada.cnap.applications import case_kind  # noqa: F401
        from hromada.cnap.queue import notices, tasks  # noqa: F401
