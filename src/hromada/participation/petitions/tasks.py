"""Scheduled work of e-petitions: closing collections that ended, the yearly share threshold."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from hromada.core.hromada_settings import get_setting
from hromada.core.jobs import scheduled
from hromada.core.models import Hromada


@scheduled("participation-petitions-close", cron="10 0 * * *",
           label=gettext_lazy("Close e-petitions whose collection period ended"))
def close_petitions() -> str:
    from hromada.participation.petitions.services import close_expired

    return f"closed {close_expired()}"


@scheduled("participation-petitions-threshold", cron="5 0 1 1 *",
           label=gettext_lazy("Fix the year's e-petition threshold from the registered residents"))
def yearly_threshold() -> str:
    from hromada.participation.petitions.services import compute_year_threshold

    year, done = timezone.localdate().year, 0
    for hromada in Hromada.objects.all():
        if get_setting(hromada, "petitions.threshold_mode") == "share":
            compute_year_threshold(hromada, year)
            done += 1
    return f"{done} hromadas"
