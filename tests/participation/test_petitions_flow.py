"""A petition from a draft to the council's answer linked to an act, and signing through the portal and the API,
as residents and staff meet them (the lead's end-to-end slice; detailed rules have their own files)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hromada.acts.models import AgendaItem, CouncilSession
from hromada.core.models import CaseStatus
from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import selectors, services
from tests.acts.builders import act
from tests.apiclient import ApiClient, ok, uk
from tests.core.case_builders import freeze

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")


def settings_of(hromada, **values):
    hromada.settings = (hromada.settings or {}) | {key.replace("__", "."): value for key, value in values.items()}
    hromada.save(update_fields=["settings"])


def collecting(town, secretary, *, threshold=3, days=30):
    settings_of(town.hromada, petitions__threshold=threshold, petitions__collection_days=days)
    author = town.person(first_name="Олена")
    petition = services.create_draft(town.hromada, author=author, title="Освітлення вулиці Шевченка",
                                     text="Просимо встановити ліхтарі.")
    services.submit(petition, author=author, hromada=town.hromada)
    return services.publish(petition, actor=secretary, hromada=town.hromada)


def test_draft_to_answer_linked_to_council_decision(town, secretary, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 1, 10, 0, tzinfo=KYIV))  # Tuesday
    petition = collecting(town, secretary)
    assert (petition.status, petition.number, petition.threshold) == (PetitionStatus.COLLECTING, 1, 3)
    assert petition.ends_on == date(2026, 12, 30)
    assert petition.moderation_due == date(2026, 12, 3)  # 2 working days
    for person in town.crowd(3):
        services.sign(petition, user=person, hromada=town.hromada)
    petition.refresh_from_db()
    assert petition.signatures_count == 3 and petition.reached_at is not None
    check, counts_agree = services.recount(petition)
    assert check.ok and check.checked == 3 and counts_agree
    with pytest.raises(ValidationError):
        services.close_collection(petition)  # the period is not over
    freeze(monkeypatch, datetime(2026, 12, 31, 9, 0, tzinfo=KYIV))
    assert services.close_expired() == 1
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONSIDERATION
    assert petition.case.kind == "petition" and petition.case.signatories == 3
    assert petition.case.due_date == date(2027, 1, 14)  # 10 working days after 31 Dec (1 Jan and 7 Jan are off)
    session = CouncilSession.objects.create(hromada=town.hromada, convocation=8, number=41, date=date(2027, 1, 12))
    decision = act(town.hromada, secretary, number="41/3", when=date(2027, 1, 12), title="Про освітлення")
    item = AgendaItem.objects.create(session=session, order=3, title="Про петицію № 1", decision=decision,
                                     result=AgendaItem.Result.ADOPTED)
    services.answer(petition, actor=secretary, hromada=town.hromada, text="Підтримано, ліхтарі встановлять.",
                    position="supported", agenda_item=item)
    petition.refresh_from_db()
    assert (petition.status, petition.decision, petition.agenda_item) == (PetitionStatus.ANSWERED, decision, item)
    assert petition.case.status == CaseStatus.ANSWERED and petition.case.answered_at is not None
    page = Client(HTTP_HOST="a.localhost").get(f"/petitions/{petition.pk}/").content.decode()
    assert "Підтримано" in page and f"/acts/{decision.pk}/" in page


def test_signing_twice_is_refused_and_counts_once(town, secretary):
    petition = collecting(town, secretary)
    person = town.person()
    services.sign(petition, user=person, hromada=town.hromada)
    with pytest.raises(services.AlreadySigned):
        services.sign(petition, user=person, hromada=town.hromada)
    petition.refresh_from_db()
    assert petition.signatures_count == 1 == petition.signatures.count()


def test_unverified_and_strangers_may_not_sign(town, town_b, secretary):
    petition = collecting(town, secretary)
    with pytest.raises(services.NotEligible):
        services.sign(petition, user=town.unverified(), hromada=town.hromada)
    with pytest.raises(PermissionDenied):
        services.sign(petition, user=town_b.person(), hromada=town_b.hromada)
    assert petition.signatures.count() == 0


def test_answer_must_link_this_hromadas_act(town, town_b, secretary, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 1, 10, 0, tzinfo=KYIV))
    petition = collecting(town, secretary, threshold=1)
    services.sign(petition, user=town.person(), hromada=town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 31, 9, 0, tzinfo=KYIV))
    services.close_expired()
    petition.refresh_from_db()
    foreign = act(town_b.hromada, town_b.staff("council_secretary"), number="9")
    with pytest.raises(ValidationError) as error:
        services.answer(petition, actor=secretary, hromada=town.hromada, text="Так", position="supported",
                        decision=foreign)
    assert "decision" in error.value.message_dict
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONSIDERATION


def test_not_reached_goes_on_as_a_collective_appeal(town, secretary, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 1, 10, 0, tzinfo=KYIV))
    petition = collecting(town, secretary, threshold=5)
    services.sign(petition, user=town.person(), hromada=town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 31, 9, 0, tzinfo=KYIV))
    services.close_expired()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.NOT_REACHED
    case = services.send_as_appeal(petition, author=petition.author, hromada=town.hromada)
    assert (case.kind, case.collective, case.signatories) == ("appeal", True, 1)
    with pytest.raises(ValidationError):
        services.send_as_appeal(petition, author=petition.author, hromada=town.hromada)


def test_share_threshold_is_fixed_for_the_year(town):
    settings_of(town.hromada, petitions__threshold_mode="share", petitions__threshold_share="50")
    town.crowd(3)  # three registered residents
    number, basis = services.current_threshold(town.hromada, today=date(2026, 5, 1))
    assert number == 2 and "50 %" in basis
    town.crowd(4)
    assert services.current_threshold(town.hromada, today=date(2026, 9, 1))[0] == 2  # fixed for 2026
    assert services.current_threshold(town.hromada, today=date(2027, 1, 2))[0] == 4


def test_api_signing_contract(town, town_b, secretary):
    petition = collecting(town, secretary)
    listing = ok(ApiClient().get("/petitions", {"status": "collecting"}))
    assert listing["items"][0] | {} == listing["items"][0]
    assert {k: listing["items"][0][k] for k in ("id", "title", "signatures", "threshold")} == {
        "id": petition.pk, "title": petition.title, "signatures": 0, "threshold": 3}
    person = town.person()
    api = ApiClient(person)
    signed = ok(api.post(f"/petitions/{petition.pk}/signatures"), 201)
    assert (signed["seq"], signed["signatures"]) == (1, 1)
    again = api.post(f"/petitions/{petition.pk}/signatures")
    assert again.status_code == 409 and again.json()["detail"] == uk("You have signed this petition already.")
    stranger = ApiClient(town.unverified()).post(f"/petitions/{petition.pk}/signatures")
    assert stranger.status_code == 403 and "верифіковано" in stranger.json()["detail"]
    assert ApiClient(person, host="b.localhost").post(f"/petitions/{petition.pk}/signatures").status_code == 404
    detail = ok(ApiClient().get(f"/petitions/{petition.pk}"))
    assert detail["signatures"] == 1 and detail["ends_on"] == petition.ends_on.isoformat()


def test_portal_signing_and_public_log(town, secretary):
    petition = collecting(town, secretary)
    person = town.person()
    client = Client(HTTP_HOST="a.localhost")
    client.force_login(person)
    response = client.post(f"/petitions/{petition.pk}/sign/")
    assert response.status_code == 302
    page = client.get(f"/petitions/{petition.pk}/").content.decode()
    assert uk("You have signed this petition.") in page
    log = client.get(f"/petitions/{petition.pk}/signatures.csv").content.decode("utf-8-sig").splitlines()
    assert log[0].startswith("seq,name") and log[1].startswith("1,")
    assert selectors.has_signed(petition, person)


def test_drafts_and_refusals_are_not_public(town, secretary):
    author = town.person()
    draft = services.create_draft(town.hromada, author=author, title="Чернетка", text="Текст")
    client = Client(HTTP_HOST="a.localhost")
    assert client.get(f"/petitions/{draft.pk}/").status_code == 404
    services.submit(draft, author=author, hromada=town.hromada)
    services.refuse(draft, actor=secretary, hromada=town.hromada, ground="competence", reason="Це питання держави.")
    assert client.get(f"/petitions/{draft.pk}/").status_code == 404
    assert Petition.objects.get(pk=draft.pk).status == PetitionStatus.REFUSED


def test_moderation_needs_the_capability(town):
    author = town.person()
    petition = services.create_draft(town.hromada, author=author, title="Т", text="Т")
    services.submit(petition, author=author, hromada=town.hromada)
    with pytest.raises(PermissionDenied):
        services.publish(petition, actor=town.person(), hromada=town.hromada)


def test_bad_draft_input_changes_nothing(town):
    author = town.person()
    with pytest.raises(ValidationError) as error:
        services.create_draft(town.hromada, author=author, title="x" * 300, text="  ")
    assert set(error.value.message_dict) == {"title", "text"}
    assert not Petition.objects.exists()
    # Word's line break in the title, Latin look-alikes typed into Cyrillic words, a form feed in the text.
    petition = services.create_draft(town.hromada, author=author, title="Лiхтарi\x0bна вулицi Шевченкa",
                                     text="Текст\x0c")
    assert (petition.title, petition.text) == ("Ліхтарі на вулиці Шевченка", "Текст")


def test_days_left_and_per_day(town, secretary, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 1, 10, 0, tzinfo=KYIV))
    petition = collecting(town, secretary, threshold=100, days=10)
    assert selectors.days_left(petition, date(2026, 12, 1)) == 10
    assert selectors.per_day_needed(petition, date(2026, 12, 1)) == 10
    assert selectors.per_day_needed(petition, date(2026, 12, 10)) == 100
    assert selectors.days_left(petition, date(2026, 12, 1) + timedelta(days=30)) == 0


def test_erasure_keeps_the_public_record_and_detaches_the_account(town, secretary):
    from hromada.core import personal_data

    petition = collecting(town, secretary)
    author, signer = petition.author, town.person()
    services.sign(petition, user=signer, hromada=town.hromada)
    draft = services.create_draft(town.hromada, author=signer, title="Чернетка", text="Текст")
    exported = personal_data.export(signer, town.hromada)["participation.petitions"]
    assert [s["petition"] for s in exported["signatures"]] == [petition.number]
    personal_data.erase(signer, town.hromada)
    personal_data.erase(author, town.hromada)
    signature = petition.signatures.get()
    assert signature.signer_id is None and signature.signer_name == signer.resident_record.last_name + " Тарас Іванович"
    assert not Petition.objects.filter(pk=draft.pk).exists()
    petition.refresh_from_db()
    assert petition.author_id is None and petition.author_name and services.recount(petition)[0].ok
