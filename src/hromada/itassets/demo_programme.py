"""The snapshots of Mohyliv's programme indicators taken again once the IT assets demo is in place.

The programme's demo binds its IT indicators to this module's metrics and takes the snapshots of the quarters
already ended — before there was anything in the register to measure. Taking them again (idempotent: one
snapshot per indicator and period, updated) puts the demo register's figures on the monitoring pages.
"""

from __future__ import annotations

from django.utils import timezone

from hromada.core.models import Hromada, User
from hromada.programmes.models import Programme
from hromada.programmes.services import monitoring

MOHYLIV = "UA12020110000034205"
MANAGER = "programme@mohyliv.example"


def seed(report) -> None:
    hromada = Hromada.objects.filter(katottg=MOHYLIV).first()
    manager = User.objects.filter(email=MANAGER).first()
    programme = Programme.objects.filter(hromada=hromada).order_by("pk").first() if hromada else None
    if programme is None or manager is None or not programme.indicators.filter(metric_key__startswith="itassets."):
        return
    today = timezone.localdate()
    for period in programme.periods.filter(period_end__lt=today):
        monitoring.take_snapshots(period, actor=manager, hromada=hromada, today=today)
