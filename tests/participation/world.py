"""A small town for the participation tests: a starosta district with a settlement and a house, another
district, verified residents (linked to register records) and staff. Shared by every participation test."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hromada.accounts import services as account_services
from hromada.accounts import verification
from hromada.core.models import StarostaDistrict
from hromada.participation.models import Category, Edition
from hromada.registers import services as register_services
from hromada.registers.models import Building, Resident, Street
from tests.core.case_builders import staff
from tests.factories import SettlementFactory, UserFactory, member

_names = itertools.count(1)
SURNAMES = ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Мельник", "Лисенко")


@dataclass
class Town:
    hromada: object
    keeper: object
    district: object
    house: object
    other_district: object
    other_house: object
    people: list = field(default_factory=list)

    def person(self, *, born: date = date(1990, 3, 9), status: str = "registered", house=None,
               last_name: str = "", first_name: str = "Тарас", **user_kwargs):
        """A verified resident (an account linked to a register record of this hromada)."""
        n = next(_names)
        record = register_services.save_resident(Resident(
            last_name=last_name or SURNAMES[n % len(SURNAMES)], first_name=first_name, patronymic="Іванович",
            birth_date=born, sex="m", building=house or self.house, status=status),
            actor=self.keeper, hromada=self.hromada)
        user_kwargs.setdefault("email", f"person{n}@example.org")
        user_kwargs.setdefault("full_name", f"{record.last_name} {first_name} Іванович")
        user = UserFactory(**user_kwargs)
        membership = account_services.join_hromada(user, self.hromada,
                                                   consent_version=account_services.CONSENT_VERSION)
        verification.link(membership, record, method="idgovua")
        user.resident_record = record
        self.people.append(user)
        return user

    def unverified(self, **user_kwargs):
        user = UserFactory(**user_kwargs)
        account_services.join_hromada(user, self.hromada, consent_version=account_services.CONSENT_VERSION)
        return user

    def crowd(self, n: int) -> list:
        return [self.person() for _ in range(n)]

    def staff(self, role: str, unit=None, **kwargs):
        return staff(self.hromada, role, unit, **kwargs) if unit is not None else member(self.hromada, role,
                                                                                          **kwargs)


def build_town(hromada) -> Town:
    keeper = member(hromada, "hromada_admin")
    district = StarostaDistrict.objects.create(hromada=hromada, name="Бродівський старостинський округ")
    other = StarostaDistrict.objects.create(hromada=hromada, name="Ясенівський старостинський округ")
    houses = []
    for name, street_name, dist in (("Бродове", "Шевченка", district), ("Ясенове", "Лесі Українки", other)):
        settlement = SettlementFactory(hromada=hromada, name=name, starosta_district=dist)
        street = register_services.save_street(Street(settlement=settlement, kind="vulytsia", name=street_name),
                                               actor=keeper, hromada=hromada)
        houses.append(register_services.save_building(Building(street=street, number="3"), actor=keeper,
                                                      hromada=hromada))
    return Town(hromada=hromada, keeper=keeper, district=district, house=houses[0], other_district=other,
                other_house=houses[1])


def edition_rows(hromada, *, year: int = 2026, today: date, phase: str = "voting", changes: bool = False,
                 method: str = "greedy", district=None) -> Edition:
    """An edition written straight to the table, its dates placed so that ``today`` falls in ``phase``; two
    categories (small 300 000 / ≤ 100 000, 2 votes; large 600 000 / ≤ 400 000, 1 vote), the second for
    ``district`` when given. Services are tested in their own files; this is for pages, API and tallies."""
    from datetime import timedelta as td

    offsets = {"announced": 10, "submission": 0, "review": -40, "voting": -70, "results": -90,
               "implementation": -120}[phase]
    start = today + td(days=offsets)
    edition = Edition.objects.create(
        hromada=hromada, year=year, title=f"Бюджет участі {year}", total_budget=Decimal("900000"),
        submission_starts=start, submission_ends=start + td(days=29), review_ends=start + td(days=59),
        voting_starts=start + td(days=60), voting_ends=start + td(days=79), results_on=start + td(days=85),
        implementation_ends=start + td(days=400), ballot_changes_allowed=changes, official_method=method,
        seed="a" * 64, pseudonym_secret="b" * 64)
    Category.objects.create(hromada=hromada, edition=edition, name="Малі проєкти", order=1,
                            budget=Decimal("300000"), max_cost=Decimal("100000"), votes_per_voter=2)
    Category.objects.create(hromada=hromada, edition=edition, name="Великі проєкти", order=2,
                            budget=Decimal("600000"), min_cost=Decimal("100000"), max_cost=Decimal("400000"),
                            votes_per_voter=1, starosta_district=district)
    return edition
