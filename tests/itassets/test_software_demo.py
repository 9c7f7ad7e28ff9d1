"""The software demo: on the equipment demo's computers, a few unlicensed and outdated installations and one licence
expiring this month; idempotent; and it tolerates a hromada without computers yet."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from hromada.core.demo.seed import SeedReport
from hromada.core.metrics import get_metric
from hromada.itassets.models import Installation, Licence, Seat, Software, SoftwareProfile
from hromada.itassets.software import demo, selectors
from tests.factories import DepartmentFactory, HromadaFactory, member
from tests.itassets.software_world import equipment

pytestmark = pytest.mark.django_db


@pytest.fixture
def mohyliv(db):
    return HromadaFactory(katottg=demo.MOHYLIV, name="Могилівська", host="m.localhost")


def _computers(hromada):
    units = {short: DepartmentFactory(hromada=hromada, short_name=short) for short in ("ФВ", "ЗВ", "ЦНАП")}
    made = []
    for n in range(30):
        unit = {0: "ФВ", 1: "ФВ", 2: "ФВ", 3: "ФВ", 4: "ЗВ", 6: "ЗВ", 7: "ЦНАП"}.get(n)
        year = 2014 if n in (8, 10, 12) else (2019 if n % 3 == 0 else 2023)
        made.append(equipment(hromada, inventory_number=f"D{n:03d}", department=units[unit] if unit else None,
                              purchase_date=date(year, 5, 1), assigned_name=f"Працівник {n}" if n < 4 else ""))
    return made


def test_the_demo_on_the_equipment_demos_computers(mohyliv):
    member(mohyliv, "programme_manager", email=demo.PROGRAMME)
    _computers(mohyliv)
    report = SeedReport()
    demo.seed(report)
    assert report.created["software titles"] == len(demo.TITLES)
    assert report.created["job profiles"] == 3
    today = timezone.localdate()
    parus = Licence.objects.get(hromada=mohyliv, software__name="Парус-Бюджет")
    assert (parus.expires_on.year, parus.expires_on.month) == (today.year, today.month) and parus.expires_on >= today
    unlicensed = sorted(selectors.installations(mohyliv).filter(~selectors.licensed_q(mohyliv, today))
                        .values_list("software__name", flat=True))
    assert unlicensed == ["Avast Free Antivirus"] * 3 + ["M.E.Doc"] + ["Microsoft Office 2021 Standard"] * 2
    totals = selectors.totals(mohyliv, today)
    assert totals.outdated >= 3 and totals.unsupported >= 3
    assert selectors.installations(mohyliv).filter(software__name="Windows 7 Professional").exists()
    assert get_metric("itassets.unlicensed_installations").value(mohyliv, today) == 6
    assert get_metric("itassets.licences_expiring_60d").value(mohyliv, today) >= 1
    accountant = SoftwareProfile.objects.get(hromada=mohyliv, name="Бухгалтер")
    assert accountant.items.count() == 7 and "16 ГБ" in accountant.hardware
    assert set(selectors.computers(mohyliv).filter(profile=accountant).values_list("inventory_number", flat=True)) \
        >= {"D000", "D001", "D002", "D003"}

    counts = (Software.objects.count(), Licence.objects.count(), Seat.objects.count(), Installation.objects.count())
    again = SeedReport()
    demo.seed(again)
    assert again.created == {}
    assert counts == (Software.objects.count(), Licence.objects.count(), Seat.objects.count(),
                      Installation.objects.count())


def test_without_computers_the_demo_seeds_titles_licences_and_profiles(mohyliv):
    report = SeedReport()
    demo.seed(report)
    assert Software.objects.filter(hromada=mohyliv).count() == len(demo.TITLES)
    assert Licence.objects.filter(hromada=mohyliv).count() == 8
    assert SoftwareProfile.objects.filter(hromada=mohyliv).count() == 3
    assert not Installation.objects.exists() and not Seat.objects.exists()
    demo.seed(SeedReport())
    assert Licence.objects.filter(hromada=mohyliv).count() == 8


def test_no_demo_hromada_no_demo():
    demo.seed(SeedReport())
    assert not Software.objects.exists()
