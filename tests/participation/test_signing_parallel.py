"""Signatures under concurrency, through the API as clients send them: parallel signers are all counted once, in
one unbroken chain; the same person signing from several clients at once is counted once (both databases)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client

from hromada.core.services import create_token
from hromada.participation.models import Petition
from hromada.participation.petitions import services

pytestmark = pytest.mark.django_db(transaction=True)


def _collecting(town):
    secretary = town.staff("council_secretary")
    author = town.person()
    petition = services.create_draft(town.hromada, author=author, title="Укриття в школі", text="Облаштувати.")
    services.submit(petition, author=author, hromada=town.hromada)
    return services.publish(petition, actor=secretary, hromada=town.hromada)


def _sign_all(petition, tokens) -> list[int]:
    barrier = threading.Barrier(len(tokens))
    statuses, errors = [], []

    def sign(token):
        try:
            client = Client(HTTP_HOST="a.localhost", HTTP_AUTHORIZATION=f"Bearer {token}")
            barrier.wait()
            statuses.append(client.post(f"/api/v1/petitions/{petition.pk}/signatures").status_code)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return sorted(statuses)


def test_parallel_signers_are_each_counted_once_in_one_chain(town):
    petition = _collecting(town)
    tokens = [create_token(user=person, name="app")[1] for person in town.crowd(10)]
    assert _sign_all(petition, tokens) == [201] * 10
    petition = Petition.objects.get(pk=petition.pk)
    assert petition.signatures_count == 10
    assert sorted(petition.signatures.values_list("seq", flat=True)) == list(range(1, 11))
    check, counts_agree = services.recount(petition)
    assert check.ok and counts_agree


def test_same_person_from_many_clients_is_counted_once(town):
    petition = _collecting(town)
    person = town.person()
    tokens = [create_token(user=person, name=f"app{n}")[1] for n in range(6)]
    assert _sign_all(petition, tokens) == [201] + [409] * 5
    petition = Petition.objects.get(pk=petition.pk)
    assert petition.signatures_count == 1 == petition.signatures.count()
