"""Figures of the IT service desk with exact numbers (per month, kind and priority; times to close in hours and
working days; on time), the programme's two metrics, the worklist items — each in a bounded number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hromada.core import worklist
from hromada.core.metrics import get_metric
from hromada.itassets.servicedesk import selectors, services
from tests.itassets.servicedesk_world import cast, clock_at

pytestmark = pytest.mark.django_db


def file(world, clock, moment, **fields):
    clock.now = moment
    return world.report(**fields)


def resolve(world, clock, request, moment):
    clock.now = moment
    return services.resolve(request, actor=world.officer, hromada=world.hromada, resolution="Зроблено.")


@pytest.fixture
def history(hromada_a, hromada_b, monkeypatch):
    """Six requests around the first quarter of 2026 (martial law: 1 January is a working day)."""
    from tests.itassets.servicedesk_world import kyiv

    world = cast(hromada_a)
    clock = clock_at(monkeypatch, 2025, 12, 29, 10, 0)
    f = file(world, clock, kyiv(2025, 12, 29, 10, 0), kind="software", priority="normal")  # due 5 Jan
    a = file(world, clock, kyiv(2026, 1, 5, 9, 0), kind="hardware", priority="normal")  # due 12 Jan
    b = file(world, clock, kyiv(2026, 1, 16, 16, 0), kind="network", priority="critical")  # due 19 Jan
    resolve(world, clock, f, kyiv(2026, 1, 2, 9, 0))  # 95 h, 4 working days, on time
    resolve(world, clock, a, kyiv(2026, 1, 7, 15, 0))  # 54 h, 2 working days, on time
    resolve(world, clock, b, kyiv(2026, 1, 20, 10, 0))  # 90 h, 2 working days, late
    c = file(world, clock, kyiv(2026, 2, 2, 10, 0), kind="printing", priority="high")
    resolve(world, clock, c, kyiv(2026, 2, 2, 12, 30))  # 2.5 h, 0 working days, on time
    services.close(c, actor=world.officer, hromada=world.hromada)
    d = file(world, clock, kyiv(2026, 2, 3, 11, 0), kind="printing", priority="low")
    services.cancel(d, actor=world.officer, hromada=world.hromada, reason="Дубль")
    file(world, clock, kyiv(2026, 3, 30, 8, 0), kind="other", priority="normal")  # still open
    other = cast(hromada_b)  # another hromada's requests count nowhere here
    r = file(other, clock, kyiv(2026, 1, 5, 9, 0))
    services.resolve(r, actor=other.officer, hromada=hromada_b, resolution="x")
    return world


def test_figures_per_month_kind_and_priority(history, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        figures = selectors.figures(history.hromada, date(2026, 1, 1), date(2026, 3, 31))
    total = figures.total
    assert (total.received, total.resolved, total.on_time, total.on_time_share) == (5, 4, 3, Decimal("75.0"))
    assert (total.mean_hours, total.median_hours) == (Decimal("60.4"), Decimal("72.0"))
    assert (total.mean_working_days, total.median_working_days) == (Decimal("2.0"), Decimal("2.0"))
    months = [(m, r.received, r.resolved, r.on_time_share, r.mean_hours, r.median_hours)
              for m, r in figures.by_month]
    assert months == [
        (date(2026, 1, 1), 2, 3, Decimal("66.7"), Decimal("79.7"), Decimal("90.0")),
        (date(2026, 2, 1), 2, 1, Decimal("100.0"), Decimal("2.5"), Decimal("2.5")),
        (date(2026, 3, 1), 1, 0, None, None, None),
    ]
    assert [(r.label, r.received, r.resolved, r.on_time) for r in figures.by_kind] == [
        ("несправність обладнання", 1, 1, 1), ("програмне забезпечення", 0, 1, 1), ("мережа або інтернет", 1, 1, 0),
        ("друк і сканування", 2, 1, 1), ("інше", 1, 0, 0)]
    assert [(r.label, r.received, r.resolved, r.on_time_share) for r in figures.by_priority] == [
        ("критичний — робота зупинилася", 1, 1, Decimal("0.0")), ("високий", 1, 1, Decimal("100.0")),
        ("звичайний", 2, 2, Decimal("100.0")), ("низький", 1, 0, None)]


def test_an_empty_period_has_empty_months(history):
    figures = selectors.figures(history.hromada, date(2025, 6, 1), date(2025, 7, 31))
    assert figures.empty and [m for m, _r in figures.by_month] == [date(2025, 6, 1), date(2025, 7, 1)]


def test_the_metrics_count_the_twelve_months_up_to_the_date(history, django_assert_num_queries):
    hours, on_time = get_metric("itassets.requests_mean_close_hours"), get_metric("itassets.requests_on_time_share")
    assert hours.dated and on_time.dated
    with django_assert_num_queries(1):
        assert hours.value(history.hromada, date(2026, 3, 31)) == Decimal("60.375")
    with django_assert_num_queries(1):
        assert on_time.value(history.hromada, date(2026, 3, 31)) == Decimal("75.000")
    assert hours.value(history.hromada, date(2026, 1, 10)) == Decimal("74.500")  # F and A only
    assert on_time.value(history.hromada, date(2026, 1, 10)) == Decimal("100.000")
    assert hours.value(history.hromada, date(2025, 12, 31)) == Decimal("0.000")  # nothing resolved yet
    assert on_time.value(history.hromada, date(2027, 2, 1)) == Decimal("100.000")  # 2 February 2026 only
    assert on_time.value(history.hromada, date(2027, 3, 1)) == Decimal("0.000")  # all older than a year


def test_the_worklist_offers_new_requests_to_officers_and_own_ones_to_the_assignee(hromada_a, monkeypatch,
                                                                                 django_assert_max_num_queries):
    world = cast(hromada_a)
    clock = clock_at(monkeypatch, 2026, 3, 2, 9, 0)
    new = world.report(subject="Новий", priority="critical")  # due 3 March
    taken = world.report(subject="Взятий")  # due 9 March
    services.assign(taken, actor=world.admin, hromada=world.hromada, assignee=world.officer)
    clock.advance(days=2)  # 4 March

    def items(user):
        ctx = worklist.Context(user, world.hromada)
        return [(i.kind, i.title, i.deadline, i.state) for i in worklist.collect(ctx)
                if i.kind.startswith("itassets.request")]

    from hromada.itassets.servicedesk.worklist import requests as provider

    with django_assert_max_num_queries(2):  # the new ones, the person's own: whatever their number
        provider(worklist.Context(world.officer, world.hromada))
    officers = items(world.officer)
    assert officers == [("itassets.request_new", f"{new.number} Новий", date(2026, 3, 3), "overdue"),
                        ("itassets.request_assigned", f"{taken.number} Взятий", date(2026, 3, 9), "open")]
    assert items(world.admin) == [("itassets.request_new", f"{new.number} Новий", date(2026, 3, 3), "overdue")]
    assert items(world.clerk) == [] and items(world.head) == []
