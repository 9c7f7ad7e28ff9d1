"""The resident's cabinet of petitions: drafts, bad input, submission with a confirmation, sending an unreached
petition on as an appeal, my signatures; somebody else's or another hromada's petition is a 404."""

from __future__ import annotations

from datetime import datetime

import pytest

from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import services
from tests.core.case_builders import freeze
from tests.participation.petition_pages_world import KYIV, MOMENT, collecting, draft, portal, ua

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(town):
    for path in ("/cabinet/petitions/", "/cabinet/petitions/new/"):
        response = portal().get(path)
        assert response.status_code == 302 and "next=" in response["Location"], path
    assert portal().post("/cabinet/petitions/new/", {"title": "Т", "text": "Т"}).status_code == 302
    assert not Petition.objects.exists()


def test_empty_cabinet_and_the_section(town):
    person = town.person()
    body = portal(person).get("/cabinet/petitions/").content.decode()
    assert f"<h1>{ua('My petitions and signatures')}</h1>" in body
    assert ua("You have not started any petitions.") in body and ua("You have not signed any petitions.") in body
    cabinet = portal(person).get("/cabinet/").content.decode()
    assert ua("My petitions and signatures") in cabinet and "/cabinet/petitions/" in cabinet


def test_create_edit_and_submit_with_confirmation(town):
    person = town.person()
    client = portal(person)
    form = client.get("/cabinet/petitions/new/").content.decode()
    assert f"<h1>{ua('Start a petition')}</h1>" in form and 'for="id_title"' in form
    response = client.post("/cabinet/petitions/new/", {"title": "Ліхтарі на Шевченка", "text": "Просимо."})
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.status, petition.author, petition.title) == (PetitionStatus.DRAFT, person, "Ліхтарі на Шевченка")
    assert client.post(f"/cabinet/petitions/{petition.pk}/edit/",
                       {"title": "Ліхтарі на вулиці Шевченка", "text": "Просимо встановити."}).status_code == 302
    petition.refresh_from_db()
    assert petition.title == "Ліхтарі на вулиці Шевченка" and petition.text == "Просимо встановити."
    listing = client.get("/cabinet/petitions/").content.decode()
    assert "Ліхтарі на вулиці Шевченка" in listing and f"/cabinet/petitions/{petition.pk}/submit/" in listing
    confirm = client.get(f"/cabinet/petitions/{petition.pk}/submit/")
    warning = ua("After submission the petition can no longer be changed. It is published or refused within the "
                 "statute's term.")
    assert confirm.status_code == 200 and warning in confirm.content.decode()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.DRAFT  # the confirmation page changes nothing
    done = client.post(f"/cabinet/petitions/{petition.pk}/submit/", follow=True).content.decode()
    assert ua("The petition is submitted for moderation.") in done
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.MODERATION
    # a submitted petition can no longer be edited
    assert client.get(f"/cabinet/petitions/{petition.pk}/edit/").status_code == 302
    client.post(f"/cabinet/petitions/{petition.pk}/edit/", {"title": "Інша", "text": "Інший"})
    petition.refresh_from_db()
    assert petition.title == "Ліхтарі на вулиці Шевченка"


@pytest.mark.parametrize(("title", "text", "field", "message"), [
    ("", "Просимо.", "title", ("Give the petition a title.", {})),
    ("   ", "Просимо.", "title", ("Give the petition a title.", {})),
    ("x" * 10_000, "Просимо.", "title", ("The title is at most %(n)s characters.", {"n": 200})),
    ("Ліхтарі", "", "text", ("State the essence of the petition.", {})),
    ("Ліхтарі\x00", "Текст", "title", None),
], ids=["empty", "blank", "10000", "no-text", "nul"])
def test_bad_input_is_refused_in_ukrainian_and_nothing_changes(town, title, text, field, message):
    client = portal(town.person())
    response = client.post("/cabinet/petitions/new/", {"title": title, "text": text})
    assert response.status_code == 400
    body = response.content.decode()
    if message:
        assert ua(message[0], **message[1]) in body
    assert 'class="error-summary"' in body or "error" in body
    assert not Petition.objects.exists()


def test_control_characters_pasted_from_word_are_cleaned(town):
    person = town.person()
    client = portal(person)
    client.post("/cabinet/petitions/new/", {"title": "Ліхтарі\x0bна\u200b вулиці\u00a0Шевченка",
                                            "text": "Рядок\x0cперший\r\nдругий\x07"})
    petition = Petition.objects.get()
    assert not any(ch in petition.title + petition.text for ch in "\x0b\x0c\x07\u200b")


def test_other_peoples_and_other_hromadas_petitions_are_404(town, town_b):
    mine = draft(town)
    stranger = portal(town.person())
    for path in (f"/cabinet/petitions/{mine.pk}/edit/", f"/cabinet/petitions/{mine.pk}/submit/",
                 f"/cabinet/petitions/{mine.pk}/send-as-appeal/"):
        assert stranger.get(path).status_code == 404, path
        assert stranger.post(path, {"title": "Злам", "text": "Злам"}).status_code == 404, path
    other = portal(mine.author, host="b.localhost")
    assert other.get(f"/cabinet/petitions/{mine.pk}/edit/").status_code == 404
    mine.refresh_from_db()
    assert (mine.status, mine.title) == (PetitionStatus.DRAFT, "Освітлення вулиці Шевченка")


def test_unreached_petition_is_sent_as_an_appeal_after_confirmation(town, secretary, monkeypatch):
    freeze(monkeypatch, MOMENT)
    petition = collecting(town, secretary, threshold=5)
    freeze(monkeypatch, datetime(2026, 12, 22, 9, 0, tzinfo=KYIV))
    services.close_expired()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.NOT_REACHED
    client = portal(petition.author)
    listing = client.get("/cabinet/petitions/").content.decode()
    assert f"/cabinet/petitions/{petition.pk}/send-as-appeal/" in listing
    confirm = client.get(f"/cabinet/petitions/{petition.pk}/send-as-appeal/")
    assert confirm.status_code == 200 and 'name="csrfmiddlewaretoken"' in confirm.content.decode()
    petition.refresh_from_db()
    assert petition.appeal_case_id is None
    done = client.post(f"/cabinet/petitions/{petition.pk}/send-as-appeal/", follow=True).content.decode()
    petition.refresh_from_db()
    assert petition.appeal_case_id is not None
    assert ua("The petition is registered as appeal %(number)s.", number=petition.appeal_case.number) in done
    again = client.post(f"/cabinet/petitions/{petition.pk}/send-as-appeal/", follow=True).content.decode()
    assert ua("The petition has already been sent as an appeal.") in again


def test_sending_a_collecting_petition_as_an_appeal_is_refused(town, secretary):
    petition = collecting(town, secretary)
    body = portal(petition.author).post(f"/cabinet/petitions/{petition.pk}/send-as-appeal/",
                                        follow=True).content.decode()
    assert ua("Only a petition that did not collect the signatures can be sent as an appeal.") in body
    petition.refresh_from_db()
    assert petition.appeal_case_id is None and petition.status == PetitionStatus.COLLECTING


def test_my_signatures_are_listed(town, secretary):
    petition = collecting(town, secretary)
    person = town.person()
    services.sign(petition, user=person, hromada=town.hromada)
    body = portal(person).get("/cabinet/petitions/").content.decode()
    assert f"/petitions/{petition.pk}/" in body and petition.title in body
    section = portal(person).get("/cabinet/").content.decode()
    assert ua("You signed %(counter)s petition.", "You signed %(counter)s petitions.", 1) in section
