"""The demo's equipment (seed 002): Mohyliv holds 87 computers, 61 of them not older than five years (70 %) and 26
to write off; printers, servers, network gear and UPSs; items assigned to the demo accounts; one closed and one open
inventory round; written-off items with their reasons and the act; no cameras; a few items of Slobozhanska. A second
run creates nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from hromada.core.demo.seed import SeedReport, seed_demo
from hromada.core.metrics import get_metric
from hromada.core.models import AuditEntry, Hromada
from hromada.itassets.equipment import demo
from hromada.itassets.models import Assignment, Category, Equipment, InventoryRound

pytestmark = pytest.mark.django_db
# Only the hromadas and accounts of the core, and the programme (its task the new computers were bought under).
SKIP = frozenset({"acts", "appeals", "participation", "cnap", "opendata", "itassets", "registers", "portal",
                  "accounts"})


@pytest.fixture
def seeded(settings):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    seed_demo(skip_apps=SKIP)
    report = SeedReport()
    demo.seed(report)
    return report


def test_the_demo_equipment(seeded):
    mohyliv = Hromada.objects.get(katottg=demo.MOHYLIV)
    items = Equipment.objects.filter(hromada=mohyliv)
    today = timezone.localdate()
    assert get_metric("itassets.computers_total").value(mohyliv, today) == 87
    assert get_metric("itassets.computers_to_write_off").value(mohyliv, today) == 26
    assert get_metric("itassets.computers_modern_share").value(mohyliv, today) == Decimal("70.100")
    assert get_metric("itassets.computers_written_off").value(mohyliv, today) == 5
    assert items.filter(category=Category.CAMERA).count() == 0
    counts = {c: items.filter(category=c).count() for c in (Category.PRINTER, Category.SERVER, Category.NETWORK,
                                                            Category.POWER, Category.MONITOR)}
    assert all(counts.values()), counts
    assert items.filter(status=Equipment.Status.WRITTEN_OFF).count() == 6
    assert not items.filter(status=Equipment.Status.WRITTEN_OFF, write_off_reason="").exists()
    assert items.filter(write_off_act__isnull=False).count() == 5
    accounts = set(items.exclude(assigned_user=None).values_list("assigned_user__email", flat=True))
    assert {"programme@mohyliv.example", "clerk@mohyliv.example", "head@mohyliv.example"} <= accounts
    assert Assignment.objects.filter(hromada=mohyliv, checked_in_on__isnull=False).count() >= 3
    rounds = InventoryRound.objects.filter(hromada=mohyliv)
    assert sorted(rounds.values_list("status", flat=True)) == ["closed", "open"]
    closed = rounds.get(status="closed")
    assert set(closed.checks.values_list("result", flat=True)) == {"found", "moved", "damaged", "missing"}
    assert Equipment.objects.filter(hromada__katottg=demo.SLOBOZHANSKA).count() == 5
    # Derived fields kept by the services.
    assert not items.filter(purchase_date__isnull=False, end_of_life__isnull=True).exists()
    assert not items.filter(name_key="").exists()


def test_a_second_run_creates_nothing(seeded):
    count, entries = Equipment.objects.count(), AuditEntry.objects.count()
    again = SeedReport()
    demo.seed(again)
    assert again.created == {}
    assert Equipment.objects.count() == count and AuditEntry.objects.count() == entries
