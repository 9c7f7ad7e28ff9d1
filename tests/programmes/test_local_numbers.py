"""Strategy results, plan indicators and years typed as Ukrainians write numbers (issue 17)."""

from __future__ import annotations

from decimal import Decimal

from hromada.programmes.forms import IndicatorForm, ProgrammeCreateForm
from hromada.programmes.forms_strategy import PlanIndicatorForm, ResultForm


def test_model_number_fields_read_a_decimal_comma_and_thousands_spaces():
    assert ResultForm.base_fields["target_value"].clean("1 200,50") == Decimal("1200.50")
    assert PlanIndicatorForm.base_fields["actual"].clean("45,5") == Decimal("45.5")
    assert ProgrammeCreateForm.base_fields["start_year"].clean(" 2026 ") == 2026
    assert IndicatorForm.base_fields["baseline_year"].clean("2\u00a0025") == 2025
