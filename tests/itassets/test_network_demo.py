"""The demo of connectivity, cameras and backups: consistent with seeds 002 and 003, one overdue backup, and a
second run changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone, translation

from hromada.core.demo.seed import SeedReport, seed_demo
from hromada.core.metrics import get_metric
from hromada.core.models import Hromada, Institution
from hromada.itassets.backups import demo as backups_demo
from hromada.itassets.backups import selectors as backup_selectors
from hromada.itassets.models import BackupRun, BackupTarget, Camera, Connection, Equipment
from hromada.itassets.network import demo as network_demo

pytestmark = pytest.mark.django_db

# The hromadas and their people only; then this concern's own demo, as itassets.demo calls it.
OTHERS = frozenset({"acts", "appeals", "participation", "cnap", "opendata", "programmes", "registers", "portal",
                    "accounts", "itassets"})


def seed_mine() -> SeedReport:
    report = SeedReport()
    with translation.override("uk"):
        network_demo.seed(report)
        backups_demo.seed(report)
    return report


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "demo-Password-7391"
    seed_demo(skip_apps=OTHERS)
    return seed_mine()


def test_the_demo_is_consistent_and_idempotent(demo):
    mohyliv = Hromada.objects.get(katottg="UA12020110000034205")
    slobozhanska = Hromada.objects.get(katottg="UA12020250000010438")
    today = timezone.localdate()

    # Connections of every institution and of the council.
    conns = Connection.objects.filter(hromada=mohyliv, active=True)
    institutions = set(Institution.objects.filter(hromada=mohyliv).values_list("pk", flat=True))
    assert institutions <= set(conns.values_list("institution_id", flat=True))
    assert conns.filter(institution__isnull=True).exists()
    assert {"fibre", "radio", "dsl", "mobile"} <= set(conns.values_list("technology", flat=True))
    assert get_metric("itassets.institutions_100mbps_share").value(mohyliv, today) == Decimal("75.000")
    assert get_metric("itassets.institutions_in_corporate_network").value(mohyliv, today) == 5

    # Cameras in the settlements, as equipment items of their own range, some connected to the police.
    cams = Camera.objects.filter(equipment__hromada=mohyliv).select_related("equipment", "settlement")
    assert cams.count() == 12
    assert all(c.equipment.inventory_number.startswith("ВС-") and c.equipment.category == "camera" for c in cams)
    assert len({c.settlement_id for c in cams}) >= 5
    assert all(c.latitude is not None and Decimal(48) < c.latitude < Decimal(49) for c in cams)
    assert get_metric("itassets.cameras_total").value(mohyliv, today) == 11
    assert get_metric("itassets.cameras_police_connected").value(mohyliv, today) == 5

    # Backups: the platform, accounting, files, computers, website, mail — the mail overdue.
    names = set(BackupTarget.objects.filter(hromada=mohyliv).values_list("name", flat=True))
    assert len(names) == 6
    assert BackupTarget.objects.filter(platform=True).count() == 2
    overdue = list(backup_selectors.overdue(mohyliv))
    assert [t.name for t in overdue] == ["Службова пошта в домені gov.ua"]
    assert overdue[0].backup_overdue and not overdue[0].restore_overdue
    assert BackupRun.objects.filter(hromada=mohyliv, kind="restore_test", status="success").count() >= 3
    assert BackupTarget.objects.filter(hromada=slobozhanska).count() == 2
    assert Connection.objects.filter(hromada=slobozhanska).count() == 2
    assert Camera.objects.filter(equipment__hromada=slobozhanska).count() == 2

    counts = (Connection.objects.count(), Camera.objects.count(), Equipment.objects.count(),
              BackupTarget.objects.count(), BackupRun.objects.count())
    again = seed_mine()
    for label in ("internet connections", "video-surveillance cameras", "backed-up systems", "backup runs"):
        assert label not in again.created, label
    assert (Connection.objects.count(), Camera.objects.count(), Equipment.objects.count(),
            BackupTarget.objects.count(), BackupRun.objects.count()) == counts
