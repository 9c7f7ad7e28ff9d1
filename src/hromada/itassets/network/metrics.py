"""Live metrics of connectivity and cameras for the programme module (seed 001 annex 2; seed 003 KPIs: institutions
joined to the corporate network, the number of video cameras; seed 002: cameras connected to the police).

All of them read the current state (``dated`` is False; the programme module snapshots them at each monitoring
date), each in one query.

* «≥ 100 Mbit/s» counts an institution when one of its connections in service is **contracted** at 100 Mbit/s or
  more. The contracted speed is what the programme's indicator («підключено до високошвидкісного Інтернету»)
  speaks of and what every connection has; a measured speed is known for some, on one day, and varies with the
  hour — it is shown beside the contract, not counted.
* The denominators are the hromada's institutions (core's structure register); the council's own connection is
  not an institution and is not counted.
* Cameras are the equipment items of the category camera in use (in stock, in repair, broken or written off
  ones are not counted); «connected to the police» are those whose details say so.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hromada.core.core_metrics import UNIT_COUNT, UNIT_PERCENT
from hromada.core.metrics import metric, share
from hromada.core.models import Institution
from hromada.itassets.models import Category, Connection, Equipment
from hromada.itassets.network.selectors import FAST_MBPS


def _institutions(hromada) -> dict:
    """How many institutions there are, how many have a fast connection, how many are in the corporate network."""
    live = Connection.objects.filter(hromada=hromada, active=True, institution=OuterRef("pk"))
    return Institution.objects.filter(hromada=hromada).aggregate(
        total=Count("pk"), fast=Count("pk", filter=Q(Exists(live.filter(contracted_mbps__gte=FAST_MBPS)))),
        joined=Count("pk", filter=Q(Exists(live.filter(corporate_network=True)))))


@metric("itassets.institutions_100mbps_share", name=_("Share of institutions connected at 100 Mbit/s or more"),
        unit=UNIT_PERCENT,
        source=_("Connectivity register: institutions with a connection in service contracted at ≥ 100 Mbit/s"))
def institutions_100mbps_share(hromada, at):
    counts = _institutions(hromada)
    return share(counts["fast"], counts["total"])


@metric("itassets.institutions_in_corporate_network", name=_("Institutions joined to the corporate network"),
        unit=UNIT_COUNT, source=_("Connectivity register: institutions with a connection in service joined to "
                                  "the hromada's corporate network"))
def institutions_in_corporate_network(hromada, at):
    return _institutions(hromada)["joined"]


@metric("itassets.institutions_in_corporate_network_share",
        name=_("Share of institutions joined to the corporate network"), unit=UNIT_PERCENT,
        source=_("Connectivity register and the structure register's institutions"))
def institutions_in_corporate_network_share(hromada, at):
    counts = _institutions(hromada)
    return share(counts["joined"], counts["total"])


def _cameras(hromada):
    return Equipment.objects.filter(hromada=hromada, category=Category.CAMERA, status=Equipment.Status.IN_USE)


@metric("itassets.cameras_total", name=_("Video-surveillance cameras in use"), unit=UNIT_COUNT,
        source=_("Equipment register: items of the category camera in use"))
def cameras_total(hromada, at):
    return _cameras(hromada).count()


@metric("itassets.cameras_police_connected", name=_("Video-surveillance cameras connected to the police"),
        unit=UNIT_COUNT, source=_("Equipment register: cameras in use whose details say they are connected to "
                                  "the police"))
def cameras_police_connected(hromada, at):
    return _cameras(hromada).filter(camera__police_connected=True).count()
