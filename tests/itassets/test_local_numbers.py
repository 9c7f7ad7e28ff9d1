"""Service-desk minutes and the equipment filter read pasted spaces like the other IT-asset numbers (issue 17)."""

from __future__ import annotations

from hromada.itassets.equipment.forms import FilterForm
from hromada.itassets.servicedesk.forms import WorkForm


def test_minutes_and_years_read_thousands_spaces():
    assert WorkForm.base_fields["minutes"].clean("1 200") == 1200
    assert FilterForm.base_fields["older_than_years"].clean(" 5 ") == 5
    assert 'type="number"' not in WorkForm.base_fields["minutes"].widget.render("minutes", "")
