"""What the equipment register puts on the managers' worklist (inventory checks due per location, warranties
ending within 30 days) and the programme's metrics it offers (computers not older than five years, to write off,
written off by a date) — exact figures, another hromada's items never counted, queries that do not grow."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.core import worklist
from hromada.core.metrics import get_metric
from hromada.itassets.equipment import services
from hromada.itassets.equipment.lifecycle import add_years
from hromada.itassets.equipment.worklist import CHECK_DUE, WARRANTY
from hromada.itassets.models import Category, Equipment
from tests.factories import InstitutionFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager")


def _item(hromada, actor, number, **fields):
    values = {"inventory_number": number, "category": Category.COMPUTER, "name": f"Комп’ютер {number}",
              "purchase_date": date(2024, 3, 1)}
    values.update(fields)
    return services.create_item(hromada, actor, **values)


def _items(ctx, kind):
    return [item for item in worklist.collect(ctx) if item.kind == kind]


def test_the_worklist_of_a_manager(hromada_a, hromada_b, manager):
    today = timezone.localdate()
    school = InstitutionFactory(hromada=hromada_a, name="Могилівська школа")
    _item(hromada_a, manager, "1", purchase_date=today - timedelta(days=500))  # due since 135 days
    _item(hromada_a, manager, "2", purchase_date=today - timedelta(days=400), institution=school)
    _item(hromada_a, manager, "3", purchase_date=today - timedelta(days=420), institution=school)
    _item(hromada_a, manager, "4", purchase_date=today - timedelta(days=10))  # not yet due
    _item(hromada_a, manager, "5", purchase_date=today - timedelta(days=300), warranty_until=today + timedelta(days=12))
    _item(hromada_a, manager, "6", purchase_date=today - timedelta(days=300), warranty_until=today + timedelta(days=40))
    gone = _item(hromada_a, manager, "7", purchase_date=today - timedelta(days=900))
    services.write_off(gone, actor=manager, hromada=hromada_a, on=today, reason="Знос")
    _item(hromada_b, member(hromada_b, "hromada_admin"), "8", purchase_date=today - timedelta(days=900))
    ctx = worklist.Context(manager, hromada_a, today)
    due = _items(ctx, CHECK_DUE)
    assert [(item.title, item.deadline, item.state) for item in due] == [
        ("1 одиницю час інвентаризувати: сама рада", add_years(today - timedelta(days=500), 1), worklist.OVERDUE),
        ("2 одиниці час інвентаризувати: Могилівська школа", add_years(today - timedelta(days=420), 1),
         worklist.OVERDUE),
    ]
    assert due[1].url == f"/staff/it/equipment/?flag=check_due&institution={school.pk}"
    warranty = _items(ctx, WARRANTY)
    assert [(item.title, item.deadline, item.state) for item in warranty] == [
        ("Закінчується гарантія: Комп'ютер 5 (5)", today + timedelta(days=12), worklist.SOON)]
    head = member(hromada_a, "department_head")
    assert not _items(worklist.Context(head, hromada_a, today), CHECK_DUE)


def test_the_worklist_costs_the_same_queries_for_few_or_many(hromada_a, manager):
    today = timezone.localdate()
    schools = [InstitutionFactory(hromada=hromada_a) for _ in range(3)]

    def count():
        ctx = worklist.Context(manager, hromada_a, today)
        with CaptureQueriesContext(connection) as captured:
            worklist.collect(ctx)
        return len(captured)

    for n in range(3):
        _item(hromada_a, manager, f"A{n}", purchase_date=today - timedelta(days=500), institution=schools[n % 3],
              warranty_until=today + timedelta(days=5))
    few = count()
    for n in range(30):
        _item(hromada_a, manager, f"B{n}", purchase_date=today - timedelta(days=500), institution=schools[n % 3],
              warranty_until=today + timedelta(days=5))
    assert count() == few


def test_the_metrics(hromada_a, hromada_b, manager):
    today = timezone.localdate()
    at = today

    def value(key, day=at, hromada=hromada_a):
        return get_metric(key).value(hromada, day)

    assert value("itassets.computers_modern_share") == Decimal("0.000")  # nothing to divide by
    for n in range(7):
        _item(hromada_a, manager, f"M{n}", purchase_date=today - timedelta(days=100 + n))
    _item(hromada_a, manager, "L1", category=Category.LAPTOP, purchase_date=today - timedelta(days=300))
    _item(hromada_a, manager, "O1", purchase_date=add_years(today, -5))  # five years today: past its life
    _item(hromada_a, manager, "O2", purchase_date=add_years(today, -7))
    _item(hromada_a, manager, "N1", purchase_date=None)  # unknown age: counted as older
    marked = _item(hromada_a, manager, "T1", purchase_date=today - timedelta(days=200))
    services.change_status(marked, actor=manager, hromada=hromada_a, status="to_write_off")
    _item(hromada_a, manager, "P1", category=Category.PRINTER, purchase_date=add_years(today, -9))
    gone = _item(hromada_a, manager, "W1", purchase_date=add_years(today, -9))
    services.write_off(gone, actor=manager, hromada=hromada_a, on=today - timedelta(days=10), reason="Знос")
    _item(hromada_b, member(hromada_b, "hromada_admin"), "B1", purchase_date=add_years(today, -9))
    assert value("itassets.computers_total") == 12
    assert value("itassets.computers_modern_share") == Decimal("75.000")  # 9 of 12
    assert value("itassets.computers_to_write_off") == 3  # two past their life, one marked
    assert value("itassets.computers_written_off") == 1
    assert value("itassets.computers_written_off", today - timedelta(days=11)) == 0
    assert value("itassets.computers_total", hromada=hromada_b) == 1
    assert get_metric("itassets.computers_written_off").dated
    Equipment.objects.filter(hromada=hromada_a).update(category=Category.MONITOR)
    assert value("itassets.computers_total") == 0
