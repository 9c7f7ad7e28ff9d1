"""Demo IT assets of Mohyliv (seed 002: about 70 % of computers modern, 26 to write off) and a little of
Slobozhanska for tenant isolation; idempotent. Each concern seeds its own part, equipment first (the others
attach to it); then the programme's IT indicators are bound to the module's metrics."""

from __future__ import annotations

from hromada.itassets import demo_programme
from hromada.itassets.backups import demo as backups
from hromada.itassets.equipment import demo as equipment
from hromada.itassets.network import demo as network
from hromada.itassets.servicedesk import demo as servicedesk
from hromada.itassets.software import demo as software


def seed(report) -> None:
    for part in (equipment, software, network, backups, servicedesk, demo_programme):
        part.seed(report)
