"""The responsiveness figures as live open data (all-005), on both databases: per month of receipt and kind, the
figures of the public page (core.cases.figures) on the hand-worked year of figures_data, plus the outcomes."""

from __future__ import annotations

import datetime as dt
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core import datasets
from hromada.core.cases import figures
from hromada.core.models import Case
from tests.apiclient import uk
from tests.appeals.figures_data import build
from tests.clock import Clock
from tests.core.case_builders import at, case
from tests.factories import HromadaFactory

pytestmark = pytest.mark.django_db

D = Decimal
T0 = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
KINDS = ("appeal", "hotline", "info_request")


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, T0)


def rows(hromada) -> list[tuple]:
    return list(datasets.get("appeals.figures").resources[0].rows(hromada))


@pytest.fixture
def data(hromada_a, hromada_b, clock):
    made = build(hromada_a, hromada_b)
    cases = made["cases"]
    # Outcomes (figures_data leaves them blank); an UPDATE, so that updated_at stays T0.
    for number, outcome in ((1, "satisfied"), (2, "rejected"), (3, "forwarded"), (4, "refused"), (9, "provided")):
        Case.objects.filter(pk=cases[number].pk).update(outcome=outcome)
    return made


def test_the_rows_are_the_hand_worked_figures_per_month_and_kind(hromada_a, data):
    appeal, hotline, info = uk("appeal"), uk("hotline call"), uk("public-information request")
    found = rows(hromada_a)
    # 31 December 2025: the appeal answered on 5 January (5 calendar days), on time.
    assert found[0][:13] == (2025, 12, "appeal", appeal, 1, 1, 1, 0, 0, 0, 0, D("100.0"), D(5))
    assert found[1:] == [
        # days 3 11 24, working days 3 9 18; the third was late (due 6 April, answered 9 April)
        (2026, 3, "appeal", appeal, 3, 3, 2, 1, 1, 1, 1, D("66.7"), D(11), 24, D(9), 18),
        # the 48-hour request answered an hour late
        (2026, 3, "info_request", info, 1, 1, 0, 1, 0, 1, 0, D("0.0"), D(2), 2, D(2), 2),
        (2026, 5, "hotline", hotline, 1, 1, 1, 0, 0, 0, 0, D("100.0"), D(0), 0, D(0), 0),
        (2026, 5, "info_request", info, 1, 0, 0, 0, 0, 0, 0, None, None, None, None, None),  # not answered yet
        (2026, 6, "info_request", info, 1, 1, 1, 0, 1, 0, 0, D("100.0"), D(2), 2, D(2), 2),
    ]


def test_the_rows_agree_with_the_public_page_figures(hromada_a, data):
    """Every month and kind as core.cases.figures computes it for the page (the page's own numbers)."""
    for row in rows(hromada_a):
        year, month, kind = row[:3]
        page = dict(figures.compute(hromada_a, year, (kind,)).by_month)[month]
        assert row[4:8] == (page.received, page.answered, page.on_time, page.answered - page.on_time)
        assert row[11:] == (page.on_time_share, page.median_days, page.p95_days, page.median_working_days,
                            page.p95_working_days)


def test_another_hromadas_cases_and_other_kinds_never_count(hromada_a, hromada_b, data, clock):
    case(hromada_a, kind="petition", received=at(2026, 3, 3, 10), due=date(2026, 3, 20))
    assert [row[:5] for row in rows(hromada_b)] == [(2026, 3, "appeal", uk("appeal"), 1)]
    assert (2026, 3, "appeal") in {row[:3] for row in rows(hromada_a)}
    assert {row[2] for row in rows(hromada_a)} == {"appeal", "hotline", "info_request"}
    assert sum(row[4] for row in rows(hromada_a)) == 8  # seven of 2026 and one of 2025


def test_changed_at_follows_the_cases(hromada_a, hromada_b, data, clock):
    dataset = datasets.get("appeals.figures")
    assert dataset.changed_at(hromada_a) == T0

    answered = clock.advance(days=1)
    pending = Case.objects.get(pk=data["cases"][5].pk)
    pending.answered_at, pending.status = clock.now, "answered"
    pending.save()
    assert dataset.changed_at(hromada_a) == answered
    assert rows(hromada_a)[4][4:6] == (1, 1)

    clock.advance(days=1)
    case(hromada_b, received=at(2026, 7, 2, 10), due=date(2026, 8, 2))
    case(hromada_a, kind="petition", received=at(2026, 7, 2, 10), due=date(2026, 7, 20))
    assert dataset.changed_at(hromada_a) == answered


def test_a_case_counts_in_its_kyiv_month_of_receipt(hromada_a, clock):
    # 23:30 on 31 January in Kyiv is 21:30 UTC; 00:30 on 1 March in Kyiv is still 28 February in UTC.
    case(hromada_a, received=at(2026, 1, 31, 23, 30), answered=at(2026, 2, 2, 10), due=date(2026, 3, 2),
         status="answered")
    case(hromada_a, received=at(2026, 3, 1, 0, 30), due=date(2026, 4, 1))
    assert [row[:8] for row in rows(hromada_a)] == [(2026, 1, "appeal", uk("appeal"), 1, 1, 1, 0),
                                                    (2026, 3, "appeal", uk("appeal"), 1, 0, 0, 0)]


def test_an_empty_hromada_has_no_rows_and_no_change_but_the_obligation_applies(db):
    empty = HromadaFactory()
    dataset = datasets.get("appeals.figures")
    assert rows(empty) == [] and dataset.changed_at(empty) is None and dataset.available(empty)


def test_the_number_of_queries_does_not_grow_with_the_rows(hromada_a, clock):
    def add(months: range, kinds: tuple[str, ...]) -> None:
        for n in months:
            year, month = 2024 + n // 12, n % 12 + 1
            for kind in kinds:
                case(hromada_a, kind=kind, received=at(year, month, 3, 10), answered=at(year, month, 5, 10),
                     due=date(year, month, 28), status="answered", outcome="satisfied")

    def queries() -> int:
        dataset = datasets.get("appeals.figures")
        with CaptureQueriesContext(connection) as captured:
            list(dataset.resources[0].rows(hromada_a))
            dataset.changed_at(hromada_a)
        return len(captured)

    add(range(0, 3), KINDS[:1])
    assert len(rows(hromada_a)) == 3
    few = queries()
    add(range(3, 12), KINDS)
    assert len(rows(hromada_a)) == 30
    assert queries() == few


def test_rows_are_lazy(hromada_a, data):
    with CaptureQueriesContext(connection) as captured:
        pending = datasets.get("appeals.figures").resources[0].rows(hromada_a)
    assert len(captured) == 0 and next(iter(pending))[:3] == (2025, 12, "appeal")


def test_the_schema_is_a_valid_table_schema_and_the_rows_fit_it(hromada_a, data):
    frictionless = pytest.importorskip("frictionless")
    resource = datasets.get("appeals.figures").resources[0]
    descriptor = resource.table_schema()
    report = frictionless.Schema.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    data = frictionless.Resource(data=[[f.name for f in resource.fields], *resource.rows(hromada_a)],
                                 schema=frictionless.Schema.from_descriptor(descriptor))
    checked = data.validate()
    assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type"])


def test_the_passport_is_complete():
    dataset = datasets.get("appeals.figures")
    assert (dataset.obligation, dataset.frequency, dataset.topic) == ("all-005", "monthly", "derzhava")
    assert len(str(dataset.description)) >= 100 and dataset.basis and dataset.purpose and dataset.keywords
    resource = dataset.resources[0]
    assert resource.primary_key == ("year", "month", "kind")
    assert all(f.name[0].islower() and f.name.isascii() and not f.public_personal for f in resource.fields)
