"""Signing: who may sign, one signature per person, the hash chain, the recount and a tampered row detected."""

from __future__ import annotations

import base64
from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hromada.participation import chain
from hromada.participation.models import GENESIS_HASH, Petition, Signature
from hromada.participation.petitions import services
from tests.core.case_builders import freeze
from tests.dbtools import audit_triggers_lifted
from tests.participation.petition_builders import KYIV, TUESDAY, collecting, on_moderation, settings_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(town, secretary, monkeypatch):
    freeze(monkeypatch, TUESDAY)
    return collecting(town, secretary, threshold=3)


def test_signatures_form_a_chain_of_public_fields(town, petition):
    people = town.crowd(3)
    signed = [services.sign(petition, user=person, hromada=town.hromada) for person in people]
    assert [s.seq for s in signed] == [1, 2, 3]
    assert signed[0].prev_hash == GENESIS_HASH and signed[1].prev_hash == signed[0].hash
    first = signed[0]
    assert first.signer_key == f"r{people[0].resident_record.pk}" and first.signer_name == people[0].full_name
    assert first.hash == chain.link_hash(GENESIS_HASH, [petition.pk, 1, first.signer_name, first.signed_at, ""])
    petition = Petition.objects.get(pk=petition.pk)
    assert (petition.signatures_count, petition.last_hash) == (3, signed[2].hash)
    check, counts_agree = services.recount(petition)
    assert (check.ok, check.checked, counts_agree) == (True, 3, True)


def test_threshold_reached_is_marked_once(town, petition):
    for person in town.crowd(2):
        services.sign(petition, user=person, hromada=town.hromada)
    assert Petition.objects.get(pk=petition.pk).reached_at is None
    services.sign(petition, user=town.person(), hromada=town.hromada)
    reached = Petition.objects.get(pk=petition.pk).reached_at
    assert reached is not None
    services.sign(petition, user=town.person(), hromada=town.hromada)
    assert Petition.objects.get(pk=petition.pk).reached_at == reached


def test_the_same_person_signs_once(town, petition):
    person = town.person()
    services.sign(petition, user=person, hromada=town.hromada)
    with pytest.raises(services.AlreadySigned):
        services.sign(petition, user=person, hromada=town.hromada)
    assert Petition.objects.get(pk=petition.pk).signatures_count == 1 == petition.signatures.count()


def test_eligibility_refusals_give_the_reason(town, town_b, petition):
    settings_of(town.hromada, eligibility__sign__min_age=18)
    for person in (town.unverified(), town.person(born=date(2012, 1, 1))):
        with pytest.raises(services.NotEligible) as error:
            services.sign(petition, user=person, hromada=town.hromada)
        assert str(error.value)
    with pytest.raises(PermissionDenied):
        services.sign(petition, user=town_b.person(), hromada=town.hromada)
    with pytest.raises(PermissionDenied):  # another hromada's petition
        services.sign(petition, user=town_b.person(), hromada=town_b.hromada)
    assert petition.signatures.count() == 0


def test_signing_only_while_collecting(town, secretary, petition, monkeypatch):
    with pytest.raises(ValidationError):
        services.sign(on_moderation(town), user=town.person(), hromada=town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 30, 23, 30, tzinfo=KYIV))  # the last day still counts
    services.sign(petition, user=town.person(), hromada=town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 31, 0, 5, tzinfo=KYIV))
    with pytest.raises(ValidationError):
        services.sign(petition, user=town.person(), hromada=town.hromada)
    assert Petition.objects.get(pk=petition.pk).signatures_count == 1


def test_kep_signature_is_kept_when_valid(town, petition):
    container = base64.b64encode(b"0\x82cades").decode()
    signature = services.sign(petition, user=town.person(), hromada=town.hromada, kep_signature=container,
                              kep_subject="Шевченко Тарас Іванович")
    assert (signature.kep_signature, signature.kep_subject) == (container, "Шевченко Тарас Іванович")
    for bad in ("not base64!", base64.b64encode(b"x" * (64 * 1024 + 1)).decode()):
        with pytest.raises(ValidationError) as error:
            services.sign(petition, user=town.person(), hromada=town.hromada, kep_signature=bad)
        assert "kep_signature" in error.value.message_dict
    assert petition.signatures.count() == 1


def test_a_tampered_signature_is_found_by_the_recount(town, petition):
    for person in town.crowd(3):
        services.sign(petition, user=person, hromada=town.hromada)
    with audit_triggers_lifted("participation_signature") as cursor:
        cursor.execute("UPDATE participation_signature SET signer_name = %s WHERE petition_id = %s AND seq = 2",
                       ["Підставна Особа", petition.pk])
    check, _counts = services.recount(petition)
    assert (check.ok, check.broken_at) == (False, 2)


def test_a_removed_signature_is_found_by_the_recount(town, petition):
    for person in town.crowd(3):
        services.sign(petition, user=person, hromada=town.hromada)
    with audit_triggers_lifted("participation_signature") as cursor:
        cursor.execute("DELETE FROM participation_signature WHERE petition_id = %s AND seq = 2", [petition.pk])
    check, counts_agree = services.recount(petition)
    assert (check.ok, check.broken_at, counts_agree) == (False, 3, False)


def test_signatures_cannot_be_changed_in_the_database(town, petition):
    signature = services.sign(petition, user=town.person(), hromada=town.hromada)
    with pytest.raises(Exception):  # noqa: B017 - the trigger's error differs by database
        Signature.objects.filter(pk=signature.pk).update(signer_name="Інша")
