"""Parallel signing through the service: distinct residents all counted in one gapless chain; the same person
from many threads at once counted once (both databases)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from hromada.participation.models import Petition
from hromada.participation.petitions import services
from tests.participation.petition_builders import collecting

pytestmark = pytest.mark.django_db(transaction=True)


def _run_parallel(petition, hromada, users) -> tuple[list, list]:
    barrier = threading.Barrier(len(users))
    done, refused, errors = [], [], []

    def sign(user):
        try:
            barrier.wait()
            done.append(services.sign(petition, user=user, hromada=hromada).seq)
        except services.AlreadySigned:
            refused.append(user.pk)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return done, refused


def test_twelve_residents_signing_at_once(town):
    petition = collecting(town, town.staff("council_secretary"), threshold=5)
    done, refused = _run_parallel(petition, town.hromada, town.crowd(12))
    assert (sorted(done), refused) == (list(range(1, 13)), [])
    petition = Petition.objects.get(pk=petition.pk)
    assert petition.signatures_count == 12 == petition.signatures.count()
    assert sorted(petition.signatures.values_list("seq", flat=True)) == list(range(1, 13))
    assert petition.reached_at is not None
    check, counts_agree = services.recount(petition)
    assert check.ok and check.checked == 12 and counts_agree


def test_the_same_person_from_eight_threads(town):
    petition = collecting(town, town.staff("council_secretary"))
    person = town.person()
    done, refused = _run_parallel(petition, town.hromada, [person] * 8)
    assert (done, len(refused)) == ([1], 7)
    petition = Petition.objects.get(pk=petition.pk)
    assert petition.signatures_count == 1 == petition.signatures.count()
    assert services.recount(petition)[0].ok
