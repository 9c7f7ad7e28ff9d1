from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hromada.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from hromada.core import core_datasets, core_metrics, lookups, signals, sqlite_functions  # noqa: F401  (open data; metrics; keyprefix; sign-in audit; LIKE)
        from hromada.core.cases import (  # noqa: F401
            cabinet_sections,  # the cabinet's section
            navigation,  # the staff menu's case pages
            notices,  # the case engine's kinds of notice
            permissions,  # roles
            personal_data,  # what the engine holds about a person
            tasks,  # deadline reminders (scheduled jobs)
            worklist,  # the staff worklist's case items
        )
        from hromada.core.forms_base import install_text_cleaning

        install_text_cleaning()  # every form's text fields drop control characters (see ukrtext.clean_text)

        # Each app offers its live metrics to the programme module from its own metrics.py.
        autodiscover_modules("metrics")
        # Each app registers the kinds of notice it sends in its own notifications.py.
        autodiscover_modules("notifications")
        # Each app offers what is due for staff (the staff home's worklist, core.worklist) in its worklist.py.
        autodiscover_modules("worklist")
        # Each app declares its background tasks and scheduled jobs (core.jobs) in its tasks.py.
        autodiscover_modules("tasks")
        # Each app says what it holds about a person (export, erasure) in its personal_data.py.
        autodiscover_modules("personal_data")
        # Each app declares the open data it generates from its registers (core.datasets) in its datasets.py.
        autodiscover_modules("datasets")
        # Each app says which of its models feed which public pages (core.pagecache) in its pagecache.py.
        from hromada.core import core_pagecache, pagecache, tenancy  # noqa: F401

        autodiscover_modules("pagecache")
        pagecache.connect()
        tenancy.connect()  # a process forgets the hosts it remembers when it changes a hromada or a host
