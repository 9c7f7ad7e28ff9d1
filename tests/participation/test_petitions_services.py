"""Drafts, submission and moderation of e-petitions: each step, its refusals, and the audit trail."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hromada.core.models import AuditEntry
from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import services
from tests.core.case_builders import freeze
from tests.participation.petition_builders import KYIV, TUESDAY, collecting, draft, on_moderation, settings_of

pytestmark = pytest.mark.django_db


def test_draft_takes_the_author_from_the_account_and_cleans_text(town):
    author = town.person(first_name="Олена")
    petition = services.create_draft(town.hromada, author=author, title="  Ліхтарі\u00a0на вулиці  ",
                                     text="Текст\u200b петиції ")
    assert petition.status == PetitionStatus.DRAFT and petition.number is None
    assert (petition.author_name, petition.author_email) == (author.full_name, author.email)
    assert petition.title == "Ліхтарі на вулиці" and petition.addressee == "council"


@pytest.mark.parametrize(("title", "text", "fields"), [
    ("", "Текст", {"title"}), ("x" * 201, "Текст", {"title"}), ("Назва", "   ", {"text"}), ("", "", {"title", "text"}),
])
def test_bad_draft_changes_nothing(town, title, text, fields):
    with pytest.raises(ValidationError) as error:
        services.create_draft(town.hromada, author=town.person(), title=title, text=text)
    assert set(error.value.message_dict) == fields
    assert not Petition.objects.exists()


def test_only_eligible_residents_start_petitions(town, town_b, monkeypatch):
    freeze(monkeypatch, TUESDAY)
    settings_of(town.hromada, eligibility__sign__min_age=18)
    for person in (town.unverified(), town.person(born=date(2010, 5, 1)), town_b.person()):
        with pytest.raises(services.NotEligible) as error:
            services.create_draft(town.hromada, author=person, title="Назва", text="Текст")
        assert str(error.value.args[0])  # the reason for the person
    assert not Petition.objects.exists()


def test_only_the_author_edits_and_only_a_draft(town):
    petition = draft(town)
    services.update_draft(petition, author=petition.author, hromada=town.hromada, title="Нова назва", text="Новий")
    petition.refresh_from_db()
    assert (petition.title, petition.text) == ("Нова назва", "Новий")
    with pytest.raises(PermissionDenied):
        services.update_draft(petition, author=town.person(), hromada=town.hromada, title="Чужа", text="Чужий")
    services.submit(petition, author=petition.author, hromada=town.hromada)
    with pytest.raises(ValidationError):
        services.update_draft(petition, author=petition.author, hromada=town.hromada, title="Пізно", text="Пізно")
    with pytest.raises(ValidationError):
        services.submit(petition, author=petition.author, hromada=town.hromada)
    petition.refresh_from_db()
    assert petition.title == "Нова назва"


def test_another_hromadas_petition_is_not_found(town, town_b):
    petition = draft(town)
    with pytest.raises((PermissionDenied, Petition.DoesNotExist, ValidationError)):
        services.submit(petition, author=petition.author, hromada=town_b.hromada)
    assert Petition.objects.get(pk=petition.pk).status == PetitionStatus.DRAFT


def test_submission_sets_the_moderation_term_in_working_days(town, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 4, 15, 0, tzinfo=KYIV))  # Friday
    petition = on_moderation(town)
    assert petition.status == PetitionStatus.MODERATION
    assert petition.moderation_due == date(2026, 12, 8)  # 2 working days: Monday, Tuesday


def test_publication_numbers_fixes_threshold_and_end(town, secretary, monkeypatch):
    freeze(monkeypatch, TUESDAY)
    first = collecting(town, secretary, threshold=250, days=60)
    second = collecting(town, secretary, threshold=250, days=60)
    assert (first.number, second.number) == (1, 2)
    assert first.threshold == 250 and "250" in first.threshold_basis and "Статут" in first.threshold_basis
    assert first.ends_on == date(2027, 1, 29)  # 60 calendar days counting 1 December
    assert first.moderated_by == secretary and first.published_at is not None
    assert AuditEntry.objects.filter(object_id=str(first.pk), actor=secretary).exists()
    settings_of(town.hromada, petitions__threshold=999)
    first.refresh_from_db()
    assert first.threshold == 250  # fixed at publication


def test_publication_refusals(town, secretary):
    petition = draft(town)
    with pytest.raises(ValidationError):
        services.publish(petition, actor=secretary, hromada=town.hromada)  # still a draft
    services.submit(petition, author=petition.author, hromada=town.hromada)
    for outsider in (town.person(), petition.author):
        with pytest.raises(PermissionDenied):
            services.publish(petition, actor=outsider, hromada=town.hromada)
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.MODERATION and petition.number is None


def test_refusal_needs_a_ground_and_reasons(town, secretary):
    petition = on_moderation(town)
    with pytest.raises(ValidationError) as error:
        services.refuse(petition, actor=secretary, hromada=town.hromada, ground="whim", reason=" ")
    assert set(error.value.message_dict) == {"ground", "reason"}
    with pytest.raises(PermissionDenied):
        services.refuse(petition, actor=town.person(), hromada=town.hromada, ground="duplicate", reason="Є така")
    assert Petition.objects.get(pk=petition.pk).status == PetitionStatus.MODERATION
    services.refuse(petition, actor=secretary, hromada=town.hromada, ground="competence",
                    reason="Питання вирішує держава.")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.REFUSED and petition.refusal_ground == "competence"
    assert "Питання вирішує держава." in petition.refusal_reason
    with pytest.raises(ValidationError):
        services.publish(petition, actor=secretary, hromada=town.hromada)


def test_refusal_grounds_cover_the_statute(town):
    assert {key for key, _label in services.REFUSAL_GROUNDS} == {
        "prohibited", "competence", "duplicate", "offensive", "no_essence"}


def test_public_search_and_order(town, secretary, monkeypatch):
    from hromada.participation.petitions import selectors

    freeze(monkeypatch, TUESDAY)
    hidden = on_moderation(town, title="Об’єкт на модерації", text="Текст")
    old = collecting(town, secretary, title="Сквер", text="Відновити об’єкт культурної спадщини", days=60)
    new = collecting(town, secretary, title="ЛІХТАРІ на вулиці", text="Освітлення", days=10)
    services.sign(old, user=town.person(), hromada=town.hromada)
    assert list(selectors.public_petitions(town.hromada, q="об'єкт")) == [old]  # apostrophe, case
    assert list(selectors.public_petitions(town.hromada, q="ліхтарі")) == [new]
    assert list(selectors.public_petitions(town.hromada, order="ending")) == [new, old]
    assert list(selectors.public_petitions(town.hromada, order="popular")) == [old, new]
    assert hidden not in selectors.public_petitions(town.hromada)
    assert list(selectors.public_petitions(town.hromada, status="answered")) == []
