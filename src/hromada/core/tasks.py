"""The platform's own scheduled jobs."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from hromada.core.jobs import scheduled

IMPORT_RETENTION = timedelta(days=14)  # uploads hold personal data: nothing of an import is kept past its use


@scheduled("purge-imports", cron="30 3 * * *", label=_("Delete old staff import uploads and reports"))
def purge_imports() -> str:
    from hromada.core.import_flow import purge_old_imports

    return f"imports purged: {purge_old_imports(IMPORT_RETENTION)}"
