"""The public chains are append-only in the database itself: a signature or a ballot-log link can be neither
altered nor deleted; only a signature's link to an erased account may be emptied."""

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from hromada.participation.models import BallotLogEntry, Petition, Signature
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db


def test_signature_keeps_its_content_but_may_lose_the_account_link(town):
    person = town.person()
    petition = Petition.objects.create(hromada=town.hromada, title="Ліхтарі", text="Текст", author=person,
                                       author_name="Автор", author_email="a@example.org")
    signature = Signature.objects.create(
        hromada=town.hromada, petition=petition, seq=1, signer=person, signer_key="r1", signer_name="Шевченко",
        signed_at=timezone.now(), prev_hash="0" * 64, hash="1" * 64)
    Signature.objects.filter(pk=signature.pk).update(signer=None)
    for change in ({"signer_name": "Інше ім'я"}, {"hash": "2" * 64}, {"seq": 7}):
        with pytest.raises(DatabaseError), transaction.atomic():
            Signature.objects.filter(pk=signature.pk).update(**change)
    with pytest.raises(DatabaseError), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).delete()
    signature.refresh_from_db()
    assert (signature.signer_id, signature.signer_name, signature.hash) == (None, "Шевченко", "1" * 64)


def test_ballot_log_link_can_be_neither_altered_nor_deleted(town):
    edition = edition_rows(town.hromada, today=timezone.localdate())
    link = BallotLogEntry.objects.create(
        hromada=town.hromada, edition=edition, seq=1, pseudonym="abc", action="cast", channel="online",
        projects="1,2", at=timezone.now(), prev_hash="0" * 64, hash="1" * 64)
    with pytest.raises(DatabaseError), transaction.atomic():
        BallotLogEntry.objects.filter(pk=link.pk).update(projects="3")
    with pytest.raises(DatabaseError), transaction.atomic():
        BallotLogEntry.objects.filter(pk=link.pk).delete()
    assert BallotLogEntry.objects.get(pk=link.pk).projects == "1,2"
