"""The programme metrics of the registry of acts: publication on time, by the hromada's working-day calendar."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from hromada.acts import services
from hromada.acts.metrics import year_before
from hromada.core.metrics import REGISTRY
from hromada.core.models import CalendarException
from tests.acts.builders import act, secretary

pytestmark = pytest.mark.django_db

KYIV = dt.timezone(dt.timedelta(hours=2))
ADOPTED = "acts.adopted_published_on_time"
DRAFTS = "acts.drafts_published_ahead"


def at_noon(day: date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=KYIV)


@pytest.fixture
def clock(monkeypatch):
    """Today is 15 December 2026 (publication times cannot be in the future)."""
    now = dt.datetime(2026, 12, 15, 12, tzinfo=KYIV)
    monkeypatch.setattr(timezone, "now", lambda: now)
    return now.date()


@pytest.fixture
def keeper(hromada_a):
    return secretary(hromada_a)


def adopted(hromada, keeper, number, when, published=None, **fields):
    made = act(hromada, keeper, number=number, when=when, **fields)
    if published is not None:
        made = services.publish_act(made, actor=keeper, hromada=hromada, when=at_noon(published))
    return made


def draft(hromada, keeper, number, considered, published=None, **fields):
    made = act(hromada, keeper, number=number, when=considered - dt.timedelta(days=40), type="draft_decision",
               status="draft", consideration_date=considered, **fields)
    if published is not None:  # confirmed: some are published after their consideration, on purpose
        made = services.publish_act(made, actor=keeper, hromada=hromada, when=at_noon(published), confirmed=True)
    return made


def value(key: str, hromada, at: date) -> Decimal:
    return REGISTRY[key].value(hromada, at)


def test_both_metrics_are_registered_as_dated_percentages():
    for key in (ADOPTED, DRAFTS):
        assert REGISTRY[key].dated is True and str(REGISTRY[key].unit) == "%"


def test_three_of_four_adopted_acts_on_time_is_75(hromada_a, keeper, clock):
    # Five working days from Monday 2 November 2026 is Monday 9 November.
    adopted(hromada_a, keeper, "1", date(2026, 11, 2), published=date(2026, 11, 2))
    adopted(hromada_a, keeper, "2", date(2026, 11, 2), published=date(2026, 11, 9))
    adopted(hromada_a, keeper, "3", date(2026, 11, 2), published=date(2026, 11, 10))  # late
    adopted(hromada_a, keeper, "4", date(2026, 1, 5), type="executive_decision", published=date(2026, 1, 6))
    # Not counted: internal, a protocol, a draft, older than a year, adopted after the date.
    act(hromada_a, keeper, number="5", when=date(2026, 11, 2), internal=True)
    adopted(hromada_a, keeper, "6", date(2026, 11, 2), type="protocol", published=date(2026, 11, 30))
    act(hromada_a, keeper, number="7", when=date(2026, 11, 2), type="council_decision", status="draft")
    adopted(hromada_a, keeper, "8", date(2025, 12, 1), published=date(2026, 1, 30))
    adopted(hromada_a, keeper, "9", date(2026, 12, 2), published=date(2026, 12, 2))
    assert value(ADOPTED, hromada_a, date(2026, 12, 1)) == Decimal("75.000")


def test_unpublished_acts_within_their_term_are_left_out_and_overdue_ones_are_late(hromada_a, keeper, clock):
    adopted(hromada_a, keeper, "1", date(2026, 12, 1), published=date(2026, 12, 2))
    adopted(hromada_a, keeper, "2", date(2026, 12, 10))  # due 17.12: still within its term on the 15th
    assert value(ADOPTED, hromada_a, clock) == Decimal("100.000")
    adopted(hromada_a, keeper, "3", date(2026, 12, 1))  # due 8.12, not published: overdue
    assert value(ADOPTED, hromada_a, clock) == Decimal("50.000")


def test_an_act_published_after_the_date_was_unpublished_at_that_date(hromada_a, keeper, clock):
    adopted(hromada_a, keeper, "1", date(2026, 11, 2), published=date(2026, 11, 3))
    adopted(hromada_a, keeper, "2", date(2026, 11, 20), published=date(2026, 11, 27))
    # On 24 November the second was within its term (due 27.11) and is left out; on the 30th it is on time.
    assert value(ADOPTED, hromada_a, date(2026, 11, 24)) == Decimal("100.000")
    assert value(ADOPTED, hromada_a, date(2026, 11, 30)) == Decimal("100.000")
    adopted(hromada_a, keeper, "3", date(2026, 11, 2), published=date(2026, 11, 30))
    # On the 20th the third was overdue (due 9.11) and unpublished; on the 30th published late: late both times.
    assert value(ADOPTED, hromada_a, date(2026, 11, 20)) == Decimal("50.000")
    assert value(ADOPTED, hromada_a, date(2026, 11, 30)) == Decimal("66.700")


def test_friday_to_friday_is_five_working_days(hromada_a, keeper, clock):
    # 20.11.2026 is a Friday; the week after has no holiday (and under martial law holidays are worked anyway):
    # the fifth working day is Friday 27.11.
    adopted(hromada_a, keeper, "1", date(2026, 11, 20), published=date(2026, 11, 27))
    assert value(ADOPTED, hromada_a, clock) == Decimal("100.000")
    adopted(hromada_a, keeper, "2", date(2026, 11, 20), published=date(2026, 11, 30))
    assert value(ADOPTED, hromada_a, clock) == Decimal("50.000")


def test_a_local_day_off_moves_the_deadline(hromada_a, keeper, clock):
    adopted(hromada_a, keeper, "1", date(2026, 11, 20), published=date(2026, 11, 30))
    assert value(ADOPTED, hromada_a, clock) == Decimal("0.000")
    CalendarException.objects.create(hromada=hromada_a, date=date(2026, 11, 25), kind=CalendarException.Kind.DAY_OFF)
    assert value(ADOPTED, hromada_a, clock) == Decimal("100.000")


def test_statutory_holidays_before_martial_law_are_not_working_days(hromada_a, keeper):
    # Friday 24.12.2021: Christmas (Saturday the 25th) moved to Monday the 27th, New Year to Monday 3 January:
    # the fifth working day is Tuesday 4 January 2022.
    adopted(hromada_a, keeper, "1", date(2021, 12, 24), published=date(2022, 1, 4))
    adopted(hromada_a, keeper, "2", date(2021, 12, 24), published=date(2022, 1, 5))
    assert value(ADOPTED, hromada_a, date(2022, 2, 1)) == Decimal("50.000")


def test_the_hromadas_term_is_read_from_its_settings(hromada_a, keeper, clock):
    adopted(hromada_a, keeper, "1", date(2026, 11, 2), published=date(2026, 11, 10))  # the 6th working day
    assert value(ADOPTED, hromada_a, clock) == Decimal("0.000")
    hromada_a.settings = {"acts.adopted_publication_working_days": 6}
    hromada_a.save()
    assert value(ADOPTED, hromada_a, clock) == Decimal("100.000")


def test_drafts_published_ten_working_days_ahead(hromada_a, keeper, clock):
    # Considered Tuesday 1.12.2026: the tenth working day before it is Tuesday 17.11.
    draft(hromada_a, keeper, "П-1", date(2026, 12, 1), published=date(2026, 11, 17))
    draft(hromada_a, keeper, "П-2", date(2026, 12, 1), published=date(2026, 11, 18))  # late
    draft(hromada_a, keeper, "П-3", date(2026, 12, 1))  # never published: overdue
    draft(hromada_a, keeper, "П-4", date(2026, 12, 1), published=date(2026, 11, 2))
    draft(hromada_a, keeper, "П-5", date(2026, 12, 1), internal=True)  # internal: not counted
    draft(hromada_a, keeper, "П-6", date(2027, 1, 20))  # considered after the date: not counted
    draft(hromada_a, keeper, "П-7", date(2025, 11, 1), published=date(2025, 10, 1))  # older than a year
    adopted(hromada_a, keeper, "1", date(2026, 11, 2), published=date(2026, 11, 30))  # not a draft
    assert value(DRAFTS, hromada_a, clock) == Decimal("50.000")


def test_nothing_to_judge_is_zero(hromada_a, clock):
    assert value(ADOPTED, hromada_a, clock) == Decimal("0.000")
    assert value(DRAFTS, hromada_a, clock) == Decimal("0.000")


def test_other_hromadas_acts_do_not_count(hromada_a, hromada_b, keeper, clock):
    adopted(hromada_a, keeper, "1", date(2026, 11, 2), published=date(2026, 11, 3))
    adopted(hromada_b, secretary(hromada_b), "1", date(2026, 11, 2), published=date(2026, 11, 30))
    assert value(ADOPTED, hromada_a, clock) == Decimal("100.000")
    assert value(ADOPTED, hromada_b, clock) == Decimal("0.000")


def test_a_bounded_number_of_queries(hromada_a, keeper, clock, django_assert_num_queries):
    adopted(hromada_a, keeper, "1", date(2026, 11, 2), published=date(2026, 11, 3))
    # The acts, the calendar's exceptions and whether an adopted act was published as a draft first.
    with django_assert_num_queries(3):
        value(ADOPTED, hromada_a, clock)
    for n in range(10):
        adopted(hromada_a, keeper, f"2{n}", date(2026, 10, 1 + n), published=date(2026, 10, 15))
        draft(hromada_a, keeper, f"П-{n}", date(2026, 11, 2 + n), published=date(2026, 10, 1))
    for key, count in ((ADOPTED, 3), (DRAFTS, 2)):
        with django_assert_num_queries(count):
            value(key, hromada_a, clock)


def test_the_window_is_the_year_up_to_the_date():
    assert year_before(date(2026, 12, 15)) == date(2025, 12, 15)
    assert year_before(date(2024, 2, 29)) == date(2023, 2, 28)
