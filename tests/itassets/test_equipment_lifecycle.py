"""The lifecycle of an item: end of useful life (item > hromada's policy > default), age, straight-line depreciation to
the kopeck, the next inventory check — leap years and month ends included — and a policy change recomputing every
item of its category in the database, with the same dates in SQL as in Python and a bounded number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.itassets.equipment import lifecycle, services
from hromada.itassets.equipment.lifecycle import (
    add_months,
    add_years,
    age_cutoff,
    age_years,
    depreciation,
    end_of_life,
    months_charged,
    next_check_due,
    older_than,
)
from hromada.itassets.models import Category, CategoryPolicy, Equipment
from tests.factories import member

D = Decimal


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 3, 31), -1, date(2024, 2, 29)),
    (date(2024, 8, 31), 6, date(2025, 2, 28)),
    (date(2024, 12, 15), 1, date(2025, 1, 15)),
    (date(2025, 1, 15), -1, date(2024, 12, 15)),
    (date(2024, 5, 31), 12, date(2025, 5, 31)),
    (date(2024, 10, 31), 120, date(2034, 10, 31)),
])
def test_months_are_added_with_the_day_clamped_to_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_years_from_the_29th_of_february():
    assert add_years(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert end_of_life(date(2021, 3, 1), 5) == date(2026, 3, 1)
    assert end_of_life(None, 5) is None


def test_age_and_older_than():
    today = date(2026, 12, 5)
    assert age_cutoff(today, 5) == date(2021, 12, 5)
    assert older_than(date(2021, 12, 5), 5, today)  # the fifth anniversary has come: the useful life is over
    assert not older_than(date(2021, 12, 6), 5, today)
    assert not older_than(None, 5, today)
    assert age_years(date(2021, 12, 5), today) == 5
    assert age_years(date(2021, 12, 6), today) == 4
    assert age_years(None, today) is None
    # Bought on 29 February: a year old on 28 February of a common year.
    assert age_cutoff(date(2025, 2, 28), 1) == date(2024, 2, 29)
    assert older_than(date(2024, 2, 29), 1, date(2025, 2, 28))
    assert not older_than(date(2024, 2, 29), 1, date(2025, 2, 27))
    assert age_years(date(2024, 2, 29), date(2025, 2, 28)) == 1


@pytest.mark.parametrize(("bought", "at", "expected"), [
    (date(2024, 3, 15), date(2024, 3, 31), 0),  # the month of purchase is not charged
    (date(2024, 3, 15), date(2024, 4, 29), 0),
    (date(2024, 3, 15), date(2024, 4, 30), 1),  # charged on the month's last day
    (date(2024, 3, 15), date(2024, 5, 1), 1),
    (date(2024, 3, 15), date(2024, 5, 31), 2),
    (date(2024, 1, 10), date(2024, 2, 28), 0),  # February 2024 has 29 days
    (date(2024, 1, 10), date(2024, 2, 29), 1),
    (date(2023, 1, 10), date(2023, 2, 28), 1),
    (date(2024, 1, 31), date(2024, 2, 29), 1),
    (date(2024, 3, 15), date(2024, 1, 1), 0),  # before the purchase
    (date(2020, 1, 1), date(2030, 1, 1), 60),  # never more than the useful life
])
def test_months_charged(bought, at, expected):
    assert months_charged(bought, at, 60) == expected


def test_straight_line_depreciation_to_the_kopeck():
    value = depreciation(D("24000.00"), date(2024, 3, 1), 5, date(2026, 12, 5))
    assert (value.monthly, value.months, value.accumulated, value.residual) == (D("400.00"), 32, D("12800.00"),
                                                                              D("11200.00"))
    # 1 000 over 36 months: 27,777… a month; the rounding never leaves a remainder at the end.
    assert depreciation(D("1000"), date(2024, 1, 15), 3, date(2024, 2, 29)).accumulated == D("27.78")
    assert depreciation(D("1000"), date(2024, 1, 15), 3, date(2024, 2, 29)).monthly == D("27.78")
    late = depreciation(D("1000"), date(2024, 1, 15), 3, date(2026, 12, 31))
    assert (late.months, late.accumulated, late.residual) == (35, D("972.22"), D("27.78"))
    done = depreciation(D("1000"), date(2024, 1, 15), 3, date(2027, 1, 31))
    assert (done.months, done.accumulated, done.residual, done.fully_depreciated) == (36, D("1000.00"), D("0.00"),
                                                                                      True)
    assert depreciation(D("1000"), date(2024, 1, 15), 3, date(2040, 1, 1)).residual == D("0.00")  # never below 0
    assert depreciation(D("0"), date(2024, 1, 15), 3, date(2025, 1, 1)).residual == D("0.00")
    assert depreciation(None, date(2024, 1, 15), 3, date(2025, 1, 1)) is None
    assert depreciation(D("1000"), None, 3, date(2025, 1, 1)) is None


def test_next_check_from_the_last_check_or_the_purchase():
    assert next_check_due(None, date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert next_check_due(date(2025, 1, 31), date(2020, 1, 1), 12) == date(2026, 1, 31)
    assert next_check_due(None, None, 12) is None


def test_every_category_has_a_default_with_its_basis():
    assert lifecycle.DEFAULTS[Category.COMPUTER].useful_life_years == 5
    assert lifecycle.DEFAULTS[Category.MONITOR].useful_life_years == 7
    assert lifecycle.DEFAULTS[Category.PHONE].useful_life_years == 3
    assert all(d.audit_interval_months == 12 and d.basis for d in lifecycle.DEFAULTS.values())


# --- in the database --------------------------------------------------------------------------------------

TRICKY = [date(2024, 2, 29), date(2024, 1, 31), date(2023, 3, 31), date(2024, 8, 31), date(2020, 12, 31),
          date(2021, 6, 30), date(2025, 5, 15)]


@pytest.fixture
def manager(hromada_a):
    return member(hromada_a, "programme_manager")


def _item(hromada, manager, n, **fields):
    values = {"inventory_number": f"Т-{n:04d}", "category": Category.COMPUTER, "name": f"Комп’ютер {n}",
              "purchase_date": date(2024, 2, 29)}
    values.update(fields)
    return services.create_item(hromada, manager, **values)


@pytest.mark.django_db
def test_the_item_own_life_over_the_policy_over_the_default(hromada_a, manager):
    plain = _item(hromada_a, manager, 1)
    own = _item(hromada_a, manager, 2, useful_life_years=3)
    assert plain.end_of_life == date(2029, 2, 28) and own.end_of_life == date(2027, 2, 28)
    assert plain.next_check_due == date(2025, 2, 28)
    services.set_policy(hromada_a, manager, category=Category.COMPUTER, useful_life_years=4, audit_interval_months=6)
    plain.refresh_from_db()
    own.refresh_from_db()
    assert plain.end_of_life == date(2028, 2, 29) and own.end_of_life == date(2027, 2, 28)
    assert plain.next_check_due == date(2024, 8, 29)
    services.clear_policy(hromada_a, manager, category=Category.COMPUTER)
    plain.refresh_from_db()
    assert plain.end_of_life == date(2029, 2, 28) and plain.next_check_due == date(2025, 2, 28)
    assert not CategoryPolicy.objects.filter(hromada=hromada_a).exists()


@pytest.mark.django_db
def test_a_policy_change_recomputes_the_category_in_sql_as_python_would(hromada_a, hromada_b, manager):
    items = [_item(hromada_a, manager, n, purchase_date=day) for n, day in enumerate(TRICKY)]
    checked = _item(hromada_a, manager, 50, purchase_date=date(2020, 1, 31))
    Equipment.objects.filter(pk=checked.pk).update(last_checked_on=date(2025, 1, 31))
    undated = _item(hromada_a, manager, 51, purchase_date=None)
    monitor = _item(hromada_a, manager, 52, category=Category.MONITOR)
    b_manager = member(hromada_b, "programme_manager")
    other = _item(hromada_b, b_manager, 53)
    before_monitor, before_other = (monitor.end_of_life, monitor.next_check_due), (other.end_of_life,
                                                                                  other.next_check_due)
    for years, months in ((4, 6), (7, 13), (1, 1)):
        services.set_policy(hromada_a, manager, category=Category.COMPUTER, useful_life_years=years,
                            audit_interval_months=months)
        for item in items:
            item.refresh_from_db()
            assert item.end_of_life == add_years(item.purchase_date, years), (item.purchase_date, years)
            assert item.next_check_due == add_months(item.purchase_date, months), (item.purchase_date, months)
        checked.refresh_from_db()
        assert checked.next_check_due == add_months(date(2025, 1, 31), months)
        undated.refresh_from_db()
        assert undated.end_of_life is None and undated.next_check_due is None
    monitor.refresh_from_db()
    other.refresh_from_db()
    assert (monitor.end_of_life, monitor.next_check_due) == before_monitor
    assert (other.end_of_life, other.next_check_due) == before_other


@pytest.mark.django_db
def test_a_policy_change_costs_the_same_queries_for_3_or_30_items(hromada_a, manager):
    def queries(years: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            services.set_policy(hromada_a, manager, category=Category.COMPUTER, useful_life_years=years,
                                audit_interval_months=12)
        return len(captured)

    services.set_policy(hromada_a, manager, category=Category.COMPUTER, useful_life_years=6, audit_interval_months=12)
    for n in range(3):
        _item(hromada_a, manager, n)
    few = queries(3)
    for n in range(3, 30):
        _item(hromada_a, manager, n)
    assert queries(4) == few


@pytest.mark.django_db
def test_a_bad_policy_changes_nothing(hromada_a, manager):
    from django.core.exceptions import PermissionDenied, ValidationError

    item = _item(hromada_a, manager, 1)
    for life, months in ((0, 12), (51, 12), (5, 0), (5, 121)):
        with pytest.raises(ValidationError):
            services.set_policy(hromada_a, manager, category=Category.COMPUTER, useful_life_years=life,
                                audit_interval_months=months)
    with pytest.raises(ValidationError):
        services.set_policy(hromada_a, manager, category="toaster", useful_life_years=5, audit_interval_months=12)
    head = member(hromada_a, "department_head")
    with pytest.raises(PermissionDenied):
        services.set_policy(hromada_a, head, category=Category.COMPUTER, useful_life_years=3, audit_interval_months=12)
    assert not CategoryPolicy.objects.exists()
    item.refresh_from_db()
    assert item.end_of_life == date(2029, 2, 28)
