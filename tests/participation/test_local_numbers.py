"""Project costs and budgets typed as Ukrainians write them: «1 200,50» (issue 17)."""

from __future__ import annotations

from decimal import Decimal

from hromada.participation.budget.forms import CategoryForm, CostItemForm, ImplementationForm, ReviewForm


def test_a_cost_item_reads_a_decimal_comma_and_thousands_spaces():
    form = CostItemForm({"name": "Лавки", "quantity": "2,5", "unit": "шт.", "amount": "1 200,50"})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["quantity"], form.cleaned_data["amount"]) == (Decimal("2.5"), Decimal("1200.50"))
    assert 'inputmode="decimal"' in str(form["amount"]) and 'type="number"' not in str(form["amount"])


def test_budgets_review_and_spending_read_the_comma():
    assert CategoryForm.base_fields["budget"].clean("1\u00a0000\u00a0000,00") == Decimal("1000000.00")
    assert ReviewForm.base_fields["reviewed_cost"].clean("45,5") == Decimal("45.5")
    assert ImplementationForm.base_fields["spent"].clean("1 200,50") == Decimal("1200.50")
    assert ImplementationForm.base_fields["spent"].prepare_value(Decimal("1200.5")) == "1200,50"
