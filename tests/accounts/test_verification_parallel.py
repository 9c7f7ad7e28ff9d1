"""One register record is one account, also when several accounts claim it at the same moment."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from hromada.accounts import services, verification
from hromada.accounts.models import Membership
from hromada.registers.models import Resident
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_parallel_claims_of_one_record_link_exactly_one_account(hromada_a):
    record = Resident.objects.create(hromada=hromada_a, last_name="Коваленко", first_name="Ірина",
                                     birth_date=date(1990, 3, 9), sex="f", rnokpp="3012345678")
    memberships = [services.join_hromada(UserFactory(), hromada_a, consent_version="test") for _ in range(4)]
    barrier = threading.Barrier(len(memberships))
    outcomes, errors = [], []

    def claim(membership_id):
        try:
            barrier.wait()
            membership = Membership.objects.get(pk=membership_id)
            try:
                verification.link(membership, record, method="idgovua")
                outcomes.append("linked")
            except ValidationError as refusal:
                outcomes.append(refusal.code)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(m.pk,)) for m in memberships]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["claimed", "claimed", "claimed", "linked"]
    assert Membership.objects.filter(resident=record).count() == 1
    assert Membership.objects.filter(resident=record, verified_at__isnull=False).count() == 1
