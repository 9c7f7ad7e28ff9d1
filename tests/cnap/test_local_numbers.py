"""A service's fee and an application's number field typed with a decimal comma (issue 17)."""

from __future__ import annotations

from decimal import Decimal

from hromada.cnap.applications.forms import _field
from hromada.cnap.catalogue.forms import CardForm
from hromada.cnap.offices import OfficeForm


def test_a_fee_reads_a_decimal_comma_and_thousands_spaces():
    assert CardForm.base_fields["fee"].clean("1 200,50") == Decimal("1200.50")
    assert CardForm.base_fields["fee"].clean("45,5") == Decimal("45.5")
    assert CardForm.base_fields["term_amount"].clean(" 30 ") == 30
    assert OfficeForm.base_fields["slot_minutes"].clean("15") == 15


def test_a_number_field_of_an_online_application_reads_thousands_spaces():
    field = _field({"name": "area", "kind": "number", "label": "Площа"})
    assert field.clean("1 200") == 1200
    assert 'type="number"' not in field.widget.render("area", "")
