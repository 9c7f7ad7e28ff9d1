"""/api/v1/petitions: the list (filters, search, pages), one petition with its answer and links, the public
signature log, and signing with a resident token or session (201 / 409 / 403 with the reason / 400 / 404)."""

from __future__ import annotations

import pytest

from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import services
from tests.apiclient import ApiClient, field_errors, ok
from tests.core.case_builders import freeze
from tests.participation.petition_pages_world import MOMENT, answered, collecting, on_moderation, ua

pytestmark = pytest.mark.django_db
ITEM_KEYS = {"id", "number", "title", "status", "signatures", "threshold", "published_at", "ends_on", "author"}


def test_list_filters_search_and_pages(town, town_b, secretary, monkeypatch):
    freeze(monkeypatch, MOMENT)
    hidden = on_moderation(town, title="Прихована")
    lights = collecting(town, secretary, title="Освітлення вулиці", threshold=3)
    collecting(town, secretary, title="Лавки у сквері")
    api = ApiClient()
    listing = ok(api.get("/petitions", {"status": "collecting"}))
    assert listing["count"] == 2 and hidden.pk not in {row["id"] for row in listing["items"]}
    row = next(r for r in listing["items"] if r["id"] == lights.pk)
    assert set(row) == ITEM_KEYS
    assert (row["number"], row["title"], row["status"], row["signatures"], row["threshold"], row["author"]) == (
        lights.number, "Освітлення вулиці", "collecting", 0, 3, lights.author_name)
    assert row["ends_on"] == lights.ends_on.isoformat() and row["published_at"].startswith("2026-11-21")
    found = ok(api.get("/petitions", {"q": "лавки"}))
    assert [r["title"] for r in found["items"]] == ["Лавки у сквері"]
    assert ok(api.get("/petitions", {"status": "answered"}))["count"] == 0
    paged = ok(api.get("/petitions", {"page": 2, "page_size": 1}))
    assert paged["count"] == 2 and len(paged["items"]) == 1
    assert api.get("/petitions", {"status": "draft"}).status_code in (400, 422)
    assert api.get("/petitions", {"page": 0}).status_code in (400, 422)
    assert ok(ApiClient(host="b.localhost").get("/petitions"))["count"] == 0


def test_detail_with_answer_case_and_decision(town, secretary, monkeypatch):
    petition, session, decision = answered(town, secretary, monkeypatch)
    body = ok(ApiClient().get(f"/petitions/{petition.pk}"))
    assert set(body) >= ITEM_KEYS
    assert (body["status"], body["answer"], body["position"]) == ("answered", "Підтримано, ліхтарі встановлять.",
                                                                  "supported")
    assert body["case_number"] == petition.case.number and body["case_due_date"] == petition.case.due_date.isoformat()
    assert body["decision_id"] == decision.pk and body["decision_url"].endswith(f"/acts/{decision.pk}/")
    assert body["session_url"].endswith(f"/acts/sessions/{session.pk}/")
    assert body["days_left"] is None and body["last_hash"] == petition.last_hash


def test_drafts_moderation_and_other_hromadas_are_404(town, town_b, secretary):
    hidden = on_moderation(town)
    public = collecting(town, secretary)
    for path in (f"/petitions/{hidden.pk}", f"/petitions/{hidden.pk}/signatures", "/petitions/0",
                 "/petitions/99999999999"):
        response = ApiClient().get(path)
        assert response.status_code == 404, path
        assert response.json()["detail"]
    assert ApiClient(host="b.localhost").get(f"/petitions/{public.pk}").status_code == 404
    assert ApiClient(town.person()).post(f"/petitions/{hidden.pk}/signatures").status_code == 404


def test_signing_contract(town, town_b, secretary):
    petition = collecting(town, secretary)
    person = town.person()
    api = ApiClient(person)
    signed = ok(api.post(f"/petitions/{petition.pk}/signatures"), 201)
    assert signed["seq"] == 1 and len(signed["hash"]) == 64 and signed["signed_at"]
    petition.refresh_from_db()
    assert petition.signatures_count == 1 and petition.last_hash == signed["hash"]
    again = api.post(f"/petitions/{petition.pk}/signatures")
    assert again.status_code == 409
    assert again.json() == {"detail": ua("You have signed this petition already.")}
    refused = ApiClient(town.unverified()).post(f"/petitions/{petition.pk}/signatures")
    assert refused.status_code == 403 and "верифіковано" in refused.json()["detail"]
    assert ApiClient().post(f"/petitions/{petition.pk}/signatures").status_code == 401
    stranger = ApiClient(town_b.person(), host="b.localhost").post(f"/petitions/{petition.pk}/signatures")
    assert stranger.status_code == 404
    petition.refresh_from_db()
    assert petition.signatures_count == 1 == petition.signatures.count()


def test_signing_by_session_with_a_kep_and_bad_bodies(town, secretary):
    petition = collecting(town, secretary)
    person = town.person()
    api = ApiClient(person, session=True)
    bad = api.post(f"/petitions/{petition.pk}/signatures", {"kep_signature": "не base64 !!!"})
    assert field_errors(bad)["kep_signature"] == ua("The e-signature must be a base64 CAdES file.")
    assert api.send("POST", f"/petitions/{petition.pk}/signatures", raw="{not json").status_code == 400
    assert api.post(f"/petitions/{petition.pk}/signatures", {"vote": "yes"}).status_code == 400
    assert api.post(f"/petitions/{petition.pk}/signatures", ["x"]).status_code == 400
    assert petition.signatures.count() == 0
    signed = ok(api.post(f"/petitions/{petition.pk}/signatures", {"kep_signature": "TUlJQg==",
                                                                   "kep_subject": "Тарас"}), 201)
    assert signed["seq"] == 1
    assert petition.signatures.get().kep_subject == "Тарас"


def test_signing_when_not_collecting_is_400(town, secretary, monkeypatch):
    petition, _session, _decision = answered(town, secretary, monkeypatch)
    response = ApiClient(town.person()).post(f"/petitions/{petition.pk}/signatures")
    assert field_errors(response) == {"__all__": ua("Signatures are not collected for this petition.")}
    assert Petition.objects.get(pk=petition.pk).status == PetitionStatus.ANSWERED


def test_public_log(town, secretary):
    petition = collecting(town, secretary)
    people = town.crowd(2)
    for person in people:
        services.sign(petition, user=person, hromada=town.hromada)
    log = ok(ApiClient().get(f"/petitions/{petition.pk}/signatures"))
    assert [row["seq"] for row in log["items"]] == [1, 2]
    assert log["items"][0]["name"] == people[0].full_name and log["items"][0]["prev_hash"] == "0" * 64
    assert log["items"][1]["prev_hash"] == log["items"][0]["hash"]
    assert set(log["items"][0]) == {"seq", "name", "signed_at", "kep_subject", "prev_hash", "hash"}
