from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "hromada.participation"
    label = "participation"
    verbose_name = _("E-petitions and the participatory budget")

    def ready(self) -> None:
        from hromada.participation import permissions, settings_specs  # noqa: F401
        from hromada.participation.budget import (  # noqa: F401
            cabinet_sections as budget_cabinet,
        )
        from hromada.participation.budget import metrics as budget_metrics  # noqa: F401
        from hromada.participation.budget import navigation as budget_navigation  # noqa: F401
        from hromada.participation.budget import notices as budget_notices  # noqa: F401
        from hromada.participation.budget import results as budget_results  # noqa: F401
        from hromada.participation.budget import tasks as budget_tasks  # noqa: F401
        from hromada.participation.budget import worklist as budget_worklist  # noqa: F401
        from hromada.participation.petitions import (  # noqa: F401
            cabinet_sections,
            case_kind,
            metrics,
            navigation,
            notices,
            tasks,
            worklist,
        )
