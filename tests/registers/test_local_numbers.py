"""Areas and rents typed as Ukrainians write them: «45,5», «1 200,50» (issue 17)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from hromada.registers.models import LandPlot
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_a_land_plot_is_saved_from_a_decimal_comma_and_thousands_spaces(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "hromada_admin"))
    response = client_a.post(reverse("registers:land-create"), {
        "cadastral_number": "1221455100:01:001:0001", "area_ha": "45,5", "purpose_code": "01.01",
        "ownership": "communal", "lessee": "ТОВ «Агро»", "lease_start": date(2026, 1, 1).isoformat(),
        "lease_end": date(2030, 12, 31).isoformat(), "annual_rent": "1 200,50", "lease_contract_number": "12",
        "lease_contract_date": date(2025, 12, 20).isoformat()})
    assert response.status_code == 302, response.context["form"].errors
    plot = LandPlot.objects.get()
    assert (plot.area_ha, plot.annual_rent) == (Decimal("45.5"), Decimal("1200.50"))
    page = client_a.get(reverse("registers:land-edit", args=[plot.pk])).content.decode()
    assert 'value="45,5"' in page and 'value="1200,50"' in page
