"""The public responsiveness figures: exact on the hand-worked year of figures_data (medians, 95th
percentiles, on-time shares, a term in hours), the page for anyone, the filters, the files, the cache."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hromada.appeals.views_figures import KINDS
from hromada.core.cases import figures
from tests.appeals.figures_data import build
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(hromada_a, hromada_b):
    return build(hromada_a, hromada_b)


def figures_of(hromada, kinds=KINDS, year=2026):
    return figures.compute(hromada, year, kinds)


def numbers(row) -> tuple:
    return (row.received, row.answered, row.on_time, row.on_time_share, row.median_days, row.p95_days,
            row.median_working_days, row.p95_working_days)


def test_the_years_totals(hromada_a, data):
    result = figures_of(hromada_a)
    # days 0 2 2 3 11 24, working days 0 2 2 3 9 18; on time: 1, 2, 6, 9 of six answered
    assert numbers(result.total) == (7, 6, 4, Decimal("66.7"), 2.5, 24, 2.5, 18)


def test_per_month(hromada_a, data):
    months = dict(figures_of(hromada_a).by_month)
    assert numbers(months[3]) == (4, 4, 2, Decimal("50.0"), 7.0, 24, 6.0, 18)  # 3 11 24 2; w.d. 3 9 18 2
    assert numbers(months[5]) == (2, 1, 1, Decimal("100.0"), 0, 0, 0, 0)
    assert numbers(months[6]) == (1, 1, 1, Decimal("100.0"), 2, 2, 2, 2)
    assert numbers(months[1]) == (0, 0, 0, None, None, None, None, None)
    assert len(months) == 12


def test_per_department_and_category(hromada_a, data):
    result = figures_of(hromada_a)
    assert [(row.label, *numbers(row)) for row in result.by_department] == [
        ("Водоканал", 3, 2, 1, Decimal("50.0"), 2, 2, 2, 2),  # the 48-hour request late by an hour
        ("Відділ доріг", 3, 3, 2, Decimal("66.7"), 11, 24, 9, 18),
        ("не розподілено", 1, 1, 1, Decimal("100.0"), 0, 0, 0, 0),
    ]
    assert [(row.label, row.received, row.answered) for row in result.by_category] == [
        ("без категорії", 5, 4), ("Дороги", 2, 2)]
    assert [(month, row.label, row.received) for month, row in result.department_months] == [
        (3, "Відділ доріг", 3), (3, "Водоканал", 1), (5, "Водоканал", 1), (5, "не розподілено", 1),
        (6, "Водоканал", 1)]


def test_a_kind_alone(hromada_a, data):
    result = figures_of(hromada_a, kinds=("info_request",))
    assert numbers(result.total) == (3, 2, 1, Decimal("50.0"), 2, 2, 2, 2)
    assert figures_of(hromada_a, year=2025).total.received == 1
    assert figures_of(hromada_a, year=2024).empty


def test_the_queries_do_not_grow_with_the_cases(hromada_a, hromada_b, data):
    with CaptureQueriesContext(connection) as many:
        figures_of(hromada_a)
    with CaptureQueriesContext(connection) as few:
        figures_of(hromada_b)
    assert len(many) == len(few) + 2  # + the names of the units and categories (hromada B's case has neither)


def test_the_figures_are_cached_for_a_few_minutes(hromada_a, data):
    first = figures.figures(hromada_a, 2026, KINDS)
    with CaptureQueriesContext(connection) as queries:
        again = figures.figures(hromada_a, 2026, KINDS)
    assert len(queries) == 0 and numbers(again.total) == numbers(first.total)


@pytest.mark.parametrize("role", [None, "resident", "clerk", "department_head", "case_registrar", "hotline_operator",
                                  "hromada_admin"])
def test_anyone_reads_the_page(client_a, hromada_a, data, role):
    if role:
        client_a.force_login(member(hromada_a, role))
    response = client_a.get("/appeals/figures/", {"year": "2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and "<title>Березень: надійшло 4, відповіли вчасно 2</title>" in body
    assert "Відділ доріг" in body and "Дороги" in body and "66,7" in body
    assert "Петренко" not in body and "Яма на дорозі" not in body  # no applicant, no subject
    assert 'href="/appeals/figures/data.csv?year=2026"' in body


def test_the_kind_filter_and_bad_input(client_a, hromada_a, data):
    response = client_a.get("/appeals/figures/", {"year": "2026", "kind": "info_request"})
    assert response.context["figures"].total.received == 3
    assert 'href="/appeals/figures/data.xlsx?year=2026&amp;kind=info_request"' in response.content.decode()
    bad = client_a.get("/appeals/figures/", {"year": "1900", "kind": "nonsense"})
    assert bad.status_code == 200 and bad.context["kind"] == "" and bad.context["year"] == bad.context["years"][0]
    body = bad.content.decode()
    assert "За цей рік показників немає; показано останній рік." in body
    assert "Такого виду справ немає; показано всі." in body


def test_the_empty_state(client_a, hromada_a):
    response = client_a.get("/appeals/figures/")
    body = response.content.decode()
    assert response.status_code == 200 and response.context["figures"].empty
    assert 'id="chart-title"' not in body and "не надходило" in body


def test_another_hromadas_cases_do_not_count(client, hromada_b, data):
    client.defaults["HTTP_HOST"] = "b.localhost"
    assert client.get("/appeals/figures/", {"year": "2026"}).context["figures"].total.received == 1


def test_the_csv(client_a, hromada_a, data):
    response = client_a.get("/appeals/figures/data.csv", {"year": "2026"})
    assert response["Content-Disposition"] == 'attachment; filename="appeals-figures-2026.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["таблиця", "місяць", "назва", "надійшло"]
    assert rows[1] == ["рік", "", "Усього", "7", "6", "4", "66.7", "2.5", "24", "2.5", "18"]
    assert rows[4] == ["місяць", "3", "Березень", "4", "4", "2", "50.0", "7.0", "24", "6.0", "18"]
    assert ["структурний підрозділ", "", "Відділ доріг", "3", "3", "2", "66.7", "11", "24", "9", "18"] in rows
    assert ["категорія", "3", "Дороги", "2", "2", "2", "100.0", "7.0", "11", "6.0", "9"] in rows
    assert not any("Петренко" in cell for row in rows for cell in row)


def test_the_xlsx(client_a, hromada_a, data):
    response = client_a.get("/appeals/figures/data.xlsx", {"year": "2026", "kind": "info_request"})
    assert response["Content-Disposition"] == 'attachment; filename="appeals-figures-2026-info_request.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1] == ["рік", None, "Усього", 3, 2, 1, 50, 2, 2, 2, 2]
    assert ["структурний підрозділ", None, "Водоканал", 3, 2, 1, 50, 2, 2, 2, 2] in rows
