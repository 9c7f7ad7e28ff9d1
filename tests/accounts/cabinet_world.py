"""Residents for the cabinet tests: unverified and verified (linked to a register record)."""

from __future__ import annotations

from datetime import date

from hromada.accounts import services, verification
from hromada.registers import services as register_services
from hromada.registers.models import Building, Resident, Street
from tests.factories import SettlementFactory, UserFactory, member


def resident(hromada, **user_kwargs):
    user = UserFactory(**user_kwargs)
    services.join_hromada(user, hromada, consent_version=services.CONSENT_VERSION)
    return user


def verified_resident(hromada, keeper=None, **user_kwargs):
    keeper = keeper or member(hromada, "hromada_admin")
    settlement = SettlementFactory(hromada=hromada, name="Бродове")
    street = register_services.save_street(Street(settlement=settlement, kind="vulytsia", name="Шевченка"),
                                           actor=keeper, hromada=hromada)
    house = register_services.save_building(Building(street=street, number="3"), actor=keeper, hromada=hromada)
    record = register_services.save_resident(Resident(
        last_name="Шевченко", first_name="Тарас", patronymic="Григорович", birth_date=date(1990, 3, 9), sex="m",
        building=house, status="registered"), actor=keeper, hromada=hromada)
    user = resident(hromada, **user_kwargs)
    membership = user.memberships.get(hromada=hromada)
    verification.link(membership, record, method="idgovua")
    return user
