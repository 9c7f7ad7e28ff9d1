"""core.fields: numbers read and shown as Ukrainians type them («1 234,5»)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from hromada.core.fields import LocalDecimalField, LocalIntegerField, NotANumber, format_number, parse_number

D = Decimal


@pytest.mark.parametrize(("text", "expected"), [
    ("45,5", "45.5"), ("45.5", "45.5"), ("1 234,5", "1234.5"), ("1\u00a0234,5", "1234.5"),
    ("1\u202f234\u202f567,125", "1234567.125"), (" 12 ", "12"), ("−3,5", "-3.5"), ("0,001", "0.001"),
    ("1 234", "1234"), ("", None), ("   ", None),
])
def test_parse_number_reads_comma_point_and_thousand_spaces(text, expected):
    assert parse_number(text) == (None if expected is None else D(expected))


@pytest.mark.parametrize("text", ["12 34", "1,234.5", "1.234,5", "1,2,3", "abc", "NaN", "Infinity", "1e5x", "12 345 6"])
def test_parse_number_refuses_what_is_not_one_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_a_number_shown_with_a_comma_reads_back_the_same(number):
    assert parse_number(format_number(number, 3)) == number
    assert parse_number(format_number(number)) == number
    whole, _, fraction = format_number(number, 3).lstrip("-").partition(",")
    grouped = f"{int(whole):,}".replace(",", "\u00a0") + "," + fraction
    assert parse_number(("-" if number < 0 else "") + grouped) == number


class AmountForm(forms.Form):
    amount = LocalDecimalField(max_digits=12, decimal_places=3, places=3, min_value=D(0))
    value = LocalDecimalField(max_digits=18, decimal_places=3, required=False)
    percent = LocalIntegerField(min_value=0, max_value=100, required=False)


def test_the_field_accepts_a_comma_and_shows_one():
    form = AmountForm({"amount": "1 234,5", "value": "12,50", "percent": "45"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"amount": D("1234.5"), "value": D("12.50"), "percent": 45}
    shown = AmountForm(initial={"amount": D("2.500"), "value": D("50.000"), "percent": 40})
    html = str(shown["amount"]) + str(shown["value"])
    assert 'value="2,500"' in html and 'value="50"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_bad_numbers_get_a_clear_message_and_are_shown_as_typed():
    form = AmountForm({"amount": "12 34", "value": "1,2345", "percent": "45,5"})
    assert not form.is_valid()
    assert form.errors["amount"] == ["Введіть число, наприклад 1 234,5."]
    assert form.errors["value"] == ["Переконайтеся, що тут не більше ніж 3 цифри після десяткової коми."]
    assert form.errors["percent"] == ["Введіть ціле число."]
    assert 'value="12 34"' in str(form["amount"])
    assert AmountForm({"amount": "-1"}).errors["amount"] == [
        "Переконайтеся, що це значення більше чи дорівнює 0."]
