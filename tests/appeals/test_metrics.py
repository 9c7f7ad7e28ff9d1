"""The live metrics of appeals, exact on the hand-worked year of figures_data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hromada.core.metrics import REGISTRY
from tests.appeals.figures_data import build

pytestmark = pytest.mark.django_db


def value(key: str, hromada, at: date) -> Decimal:
    return REGISTRY[key].value(hromada, at)


@pytest.fixture
def data(hromada_a, hromada_b):
    return build(hromada_a, hromada_b)


def test_share_of_appeals_filed_electronically(hromada_a, data):
    # appeals and hotline cases of 2026: portal, e-mail, post, phone
    assert value("appeals.electronic_share", hromada_a, date(2026, 6, 30)) == Decimal("50.000")
    # by 31 March: portal, e-mail, post
    assert value("appeals.electronic_share", hromada_a, date(2026, 3, 31)) == Decimal("66.700")
    assert value("appeals.electronic_share", hromada_a, date(2026, 1, 31)) == Decimal("0.000")


def test_share_of_appeals_answered_on_time(hromada_a, data):
    assert value("appeals.on_time_share", hromada_a, date(2026, 6, 30)) == Decimal("75.000")  # 1, 2, 6 of 1, 2, 3, 6
    assert value("appeals.on_time_share", hromada_a, date(2026, 3, 31)) == Decimal("100.000")  # 3 not answered yet


def test_median_time_to_answer_in_working_days(hromada_a, data):
    assert value("appeals.median_answer_working_days", hromada_a, date(2026, 6, 30)) == Decimal("6.000")  # 0 3 9 18
    assert value("appeals.median_answer_working_days", hromada_a, date(2026, 3, 31)) == Decimal("6.000")  # 3 9
    assert value("appeals.median_answer_working_days", hromada_a, date(2026, 3, 4)) == Decimal("0.000")  # none


def test_hotline_calls_per_month(hromada_a, data):
    assert value("appeals.hotline_calls_per_month", hromada_a, date(2026, 6, 30)) == Decimal("0.833")  # 5 / 6
    assert value("appeals.hotline_calls_per_month", hromada_a, date(2026, 5, 15)) == Decimal("1.000")  # 5 / 5
    assert value("appeals.hotline_calls_per_month", hromada_a, date(2026, 1, 31)) == Decimal("3.000")
    assert value("appeals.hotline_calls_per_month", hromada_a, date(2026, 1, 5)) == Decimal("1.000")


def test_information_requests_answered_on_time(hromada_a, data):
    # the 48-hour request answered an hour late; the June one within its term
    assert value("appeals.info_requests_on_time", hromada_a, date(2026, 6, 30)) == Decimal("50.000")
    assert value("appeals.info_requests_on_time", hromada_a, date(2026, 5, 31)) == Decimal("0.000")


def test_the_metrics_are_dated_and_named_for_the_programme_module():
    keys = ["appeals.electronic_share", "appeals.on_time_share", "appeals.median_answer_working_days",
            "appeals.hotline_calls_per_month", "appeals.info_requests_on_time"]
    assert all(REGISTRY[key].dated for key in keys)
    assert str(REGISTRY["appeals.electronic_share"].unit) == "%"


def test_the_demo_indicator_reads_the_metric():
    from hromada.programmes.demo import INDICATORS

    row = next(row for row in INDICATORS if row[0] == "Частка звернень, поданих в електронному вигляді")
    assert row[5] == "appeals.electronic_share" and row[6]
