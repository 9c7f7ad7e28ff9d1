"""Seats given at the same moment never pass the licence's number, on the real database (SQLite and PostgreSQL
runs): the count is taken under the licence's row lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hromada.itassets.models import Licence, Seat
from hromada.itassets.software import services
from tests.factories import member
from tests.itassets.software_world import equipment, licence, software
from tests.parallel import at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(hromada_a):
    officer = member(hromada_a, "programme_manager")
    title = software(hromada_a, name="M.E.Doc")
    return officer, title, [equipment(hromada_a) for _ in range(8)]


def test_eight_computers_at_once_get_exactly_the_three_seats(hromada_a, world):
    officer, title, computers = world
    lic = licence(hromada_a, title, seats=3)
    results = at_once([lambda pc=pc: services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=pc)
                       for pc in computers])
    given = [r for r in results if isinstance(r, Seat)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(given), len(refused)) == (3, 5), results
    assert Seat.objects.filter(licence=lic, released_on__isnull=True).count() == 3


def test_one_computer_twice_at_once_gets_one_seat(hromada_a, world):
    officer, title, computers = world
    lic = licence(hromada_a, title, seats=5)
    results = at_once([lambda: services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=computers[0])
                       for _ in range(4)])
    assert sum(isinstance(r, Seat) for r in results) == 1, results
    assert all(isinstance(r, (Seat, ValidationError)) for r in results), results
    assert Seat.objects.filter(licence=lic).count() == 1


def test_cutting_the_seats_while_they_are_given_never_leaves_more_in_use(hromada_a, world):
    officer, title, computers = world
    lic = licence(hromada_a, title, seats=4)
    services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=computers[0])

    def cut():
        stored = Licence.objects.get(pk=lic.pk)
        stored.seats = 2
        return services.save_licence(stored, actor=officer, hromada=hromada_a)

    jobs = [cut] + [lambda pc=pc: services.assign_seat(lic, actor=officer, hromada=hromada_a, equipment=pc)
                    for pc in computers[1:4]]
    results = at_once(jobs)
    assert all(isinstance(r, (Seat, Licence, ValidationError)) for r in results), results
    stored = Licence.objects.get(pk=lic.pk)
    assert Seat.objects.filter(licence=lic, released_on__isnull=True).count() <= stored.seats
