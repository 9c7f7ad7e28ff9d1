"""Closing the collection, the consideration case, the answer linked to the council's agenda item and act, and
a petition that did not collect the signatures going on as an ordinary appeal."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hromada.core.models import Case, CaseOutcome, CaseStatus
from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import services
from tests.acts.builders import act
from tests.core.case_builders import freeze
from tests.participation.petition_builders import KYIV, TUESDAY, closed, collecting, council_decision

pytestmark = pytest.mark.django_db


def test_reached_opens_a_petition_case_with_the_statute_term(town, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch, signers=2, threshold=2)
    assert petition.status == PetitionStatus.CONSIDERATION and petition.collection_closed_at is not None
    case = petition.case
    assert (case.kind, case.collective, case.signatories, case.applicant) == ("petition", True, 2, petition.author)
    assert case.subject == petition.title and petition.text in case.text
    assert case.received_at.date() == date(2026, 12, 31)
    assert case.due_date == date(2027, 1, 14)  # 10 working days; 1 and 7 January are holidays
    assert "23-1" in case.term_basis


def test_closing_refusals(town, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch)
    with pytest.raises(ValidationError):
        services.close_collection(petition)  # closed already
    assert services.close_expired() == 0
    assert Case.objects.filter(kind="petition").count() == 1


def test_answer_links_the_agenda_item_and_its_act_and_closes_the_case(town, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch)
    item, decision = council_decision(town, secretary)
    services.answer(petition, actor=secretary, hromada=town.hromada, text="Підтримано.", position="supported",
                    agenda_item=item)
    petition.refresh_from_db()
    assert (petition.status, petition.agenda_item, petition.decision) == (PetitionStatus.ANSWERED, item, decision)
    assert (petition.answer_position, petition.answered_by) == ("supported", secretary)
    case = Case.objects.get(pk=petition.case_id)
    assert (case.status, case.outcome, case.answer_text) == (CaseStatus.ANSWERED, CaseOutcome.SATISFIED,
                                                             "Підтримано.")
    with pytest.raises(ValidationError):
        services.answer(petition, actor=secretary, hromada=town.hromada, text="Ще раз", position="supported",
                        agenda_item=item)


def test_answer_refusals_change_nothing(town, town_b, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch)
    other_secretary = town_b.staff("council_secretary")
    foreign_item, foreign_act = council_decision(town_b, other_secretary)
    with pytest.raises(ValidationError) as error:
        services.answer(petition, actor=secretary, hromada=town.hromada, text="Так", position="supported",
                        agenda_item=foreign_item)
    assert "agenda_item" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.answer(petition, actor=secretary, hromada=town.hromada, text="Так", position="supported",
                        decision=foreign_act)
    assert "decision" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.answer(petition, actor=secretary, hromada=town.hromada, text=" ", position="maybe")
    assert {"text", "position", "agenda_item"} <= set(error.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.answer(petition, actor=town.person(), hromada=town.hromada, text="Так", position="supported",
                        decision=act(town.hromada, secretary, number="77"))
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONSIDERATION and petition.decision is None
    assert Case.objects.get(pk=petition.case_id).status != CaseStatus.ANSWERED


def test_answer_only_under_consideration(town, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch, signers=0, threshold=3)
    with pytest.raises(ValidationError):
        services.answer(petition, actor=secretary, hromada=town.hromada, text="Так", position="supported",
                        decision=act(town.hromada, secretary, number="5"))


def test_not_reached_is_sent_as_a_collective_appeal_once(town, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch, signers=2, threshold=5)
    assert petition.status == PetitionStatus.NOT_REACHED and petition.case is None
    with pytest.raises(PermissionDenied):
        services.send_as_appeal(petition, author=town.person(), hromada=town.hromada)
    case = services.send_as_appeal(petition, author=petition.author, hromada=town.hromada)
    assert (case.kind, case.collective, case.signatories, case.applicant) == ("appeal", True, 2, petition.author)
    assert case.subject == petition.title and "Шевченка" in case.applicant_address
    assert Petition.objects.get(pk=petition.pk).appeal_case == case
    with pytest.raises(ValidationError):
        services.send_as_appeal(petition, author=petition.author, hromada=town.hromada)
    assert Case.objects.filter(kind="appeal").count() == 1


def test_a_reached_petition_is_not_sent_as_an_appeal(town, secretary, monkeypatch):
    petition = closed(town, secretary, monkeypatch)
    with pytest.raises(ValidationError):
        services.send_as_appeal(petition, author=petition.author, hromada=town.hromada)
    assert not Case.objects.filter(kind="appeal").exists()


def test_the_platform_opens_the_case_also_for_an_erased_author(town, secretary, monkeypatch):
    from hromada.participation import personal_data

    freeze(monkeypatch, TUESDAY)
    petition = collecting(town, secretary, threshold=1)
    services.sign(petition, user=town.person(), hromada=town.hromada)
    personal_data.erase_participation(petition.author, town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 31, 9, 0, tzinfo=KYIV))
    assert services.close_expired() == 1
    petition.refresh_from_db()
    case = petition.case
    assert petition.author is None and case.applicant is None and case.created_by is None
    assert (case.applicant_name, case.applicant_email) == (petition.author_name, petition.author_email)
