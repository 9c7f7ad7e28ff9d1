"""The public e-petition pages: the list with filters and pages, a petition as each persona sees it, signing on
the portal, the signature log anyone can recount, open data; another hromada's petition is a 404."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hromada.participation import chain
from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import services
from tests.core.case_builders import freeze
from tests.participation.petition_pages_world import (
    MOMENT,
    answered,
    collecting,
    on_moderation,
    portal,
    ua,
)

pytestmark = pytest.mark.django_db


def test_empty_list_says_so_and_offers_sign_in(town):
    page = portal().get("/petitions/")
    body = page.content.decode()
    assert page.status_code == 200
    assert ua("No petitions are published yet.") in body and "?next=/cabinet/petitions/new/" in body
    assert f"<h1>{ua('E-petitions')}</h1>" in body


def test_list_shows_public_petitions_only_and_filters(town, secretary, monkeypatch):
    freeze(monkeypatch, MOMENT)
    hidden = on_moderation(town, title="На модерації")
    collecting(town, secretary, title="Освітлення вулиці", text="Ліхтарі")
    bench = collecting(town, secretary, title="Лавки у сквері", text="Лавки", days=10)
    services.sign(bench, user=town.person(), hromada=town.hromada)
    client = portal()
    body = client.get("/petitions/").content.decode()
    assert "Освітлення вулиці" in body and "Лавки у сквері" in body and hidden.title not in body
    assert ua("%(counter)s petition", "%(counter)s petitions", 2) in body
    assert "Освітлення вулиці" not in client.get("/petitions/", {"q": "лавки"}).content.decode()
    assert "Лавки у сквері" in client.get("/petitions/", {"q": str(bench.number)}).content.decode()
    found = client.get("/petitions/", {"q": "зоопарк"}).content.decode()
    assert ua("Nothing found. Try other words.") in found
    assert ua("%(counter)s petition", "%(counter)s petitions", 0) in found
    popular = client.get("/petitions/", {"order": "popular"}).content.decode()
    assert popular.index("Лавки у сквері") < popular.index("Освітлення вулиці")
    ending = client.get("/petitions/", {"order": "ending"}).content.decode()
    assert ending.index("Лавки у сквері") < ending.index("Освітлення вулиці")
    newest = client.get("/petitions/").content.decode()
    assert newest.index("Лавки у сквері") < newest.index("Освітлення вулиці")
    answered_only = client.get("/petitions/", {"status": "answered"}).content.decode()
    assert ua("%(counter)s petition", "%(counter)s petitions", 0) in answered_only
    # bad filter values are a form error, never a 500; the list is shown unfiltered
    bad = client.get("/petitions/", {"status": "draft", "order": "x' OR 1=1", "page": "abc"})
    assert bad.status_code == 200 and hidden.title not in bad.content.decode()


def test_list_paginates(town, secretary, monkeypatch):
    freeze(monkeypatch, MOMENT)
    first = collecting(town, secretary, title="Петиція нульова")
    rows = []
    for n in range(2, 22):  # 20 more petitions written straight, enough for a second page of 20
        rows.append(Petition(hromada=town.hromada, number=n, title=f"Петиція {n:02d}", text="Т", author=first.author,
                             author_name=first.author_name, author_email=first.author_email,
                             status=PetitionStatus.COLLECTING, threshold=3, published_at=first.published_at,
                             ends_on=first.ends_on))
    Petition.objects.bulk_create(rows)
    client = portal()
    one = client.get("/petitions/").content.decode()
    two = client.get("/petitions/", {"page": 2}).content.decode()
    assert ua("%(counter)s petition", "%(counter)s petitions", 21) in one
    assert "Петиція нульова" not in one and "Петиція нульова" in two
    assert "page=2" in one
    assert client.get("/petitions/", {"page": 999}).status_code == 200


def test_detail_as_anonymous(town, secretary, monkeypatch):
    freeze(monkeypatch, MOMENT)
    petition = collecting(town, secretary, threshold=10, days=30)
    services.sign(petition, user=town.person(last_name="Мельник", first_name="Ірина"), hromada=town.hromada)
    body = portal().get(f"/petitions/{petition.pk}/").content.decode()
    assert f"№ {petition.number} Освітлення вулиці Шевченка" in body
    assert petition.author_name in body and "Просимо встановити ліхтарі." in body
    assert "21 листопада 2026 р." in body  # the start date
    progress = ua("%(count)s of %(threshold)s needed", count=1, threshold=10)
    assert progress in body  # the progress in words, not only the bar
    assert '<progress max="10" value="1"' in body
    assert f"{ua('Days left')}</dt><dd>30 " in body
    per_day = ua("%(counter)s more signature a day is needed", "%(counter)s more signatures a day are needed", 1)
    assert per_day in body  # 9 more in 30 days
    assert "Мельник Ірина Іванович" in body  # the public list of signers
    assert ua("Sign in to sign the petition") in body and f"?next=/petitions/{petition.pk}/" in body
    assert ua("Recount it yourself") in body and "U+001F" in body and petition.last_hash in body
    assert f"/petitions/{petition.pk}/signatures.csv" in body and f"/petitions/{petition.pk}/signatures.json" in body


def test_detail_as_resident_unverified_signer_and_staff(town, secretary):
    petition = collecting(town, secretary)
    resident = town.person()
    body = portal(resident).get(f"/petitions/{petition.pk}/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in body and ua("Sign the petition") in body
    assert "(необов" in body and 'name="kep_signature"' in body  # the optional КЕП
    unverified = portal(town.unverified()).get(f"/petitions/{petition.pk}/").content.decode()
    assert ua("Sign the petition") + "</button>" not in unverified and "верифіковано" in unverified
    services.sign(petition, user=resident, hromada=town.hromada)
    again = portal(resident).get(f"/petitions/{petition.pk}/").content.decode()
    assert ua("You have signed this petition.") in again and ua("Sign the petition") + "</button>" not in again
    for persona in (town.staff("case_registrar"), secretary, town.staff("hromada_admin")):
        assert portal(persona).get(f"/petitions/{petition.pk}/").status_code == 200


def test_signing_on_the_portal_counts_once(town, secretary):
    petition = collecting(town, secretary)
    person = town.person()
    client = portal(person)
    response = client.post(f"/petitions/{petition.pk}/sign/", follow=True)
    assert response.status_code == 200 and ua("Your signature is counted. Thank you.") in response.content.decode()
    petition.refresh_from_db()
    assert petition.signatures_count == 1
    assert ua("%(count)s of %(threshold)s needed", count=1, threshold=3) in response.content.decode()
    twice = client.post(f"/petitions/{petition.pk}/sign/", follow=True).content.decode()
    assert ua("You have signed this petition already.") in twice
    petition.refresh_from_db()
    assert petition.signatures_count == 1 == petition.signatures.count()


def test_signing_refused_for_anonymous_unverified_and_bad_kep(town, secretary):
    petition = collecting(town, secretary)
    anonymous = portal().post(f"/petitions/{petition.pk}/sign/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    unverified = portal(town.unverified()).post(f"/petitions/{petition.pk}/sign/", follow=True).content.decode()
    assert "верифіковано" in unverified
    bad = portal(town.person()).post(f"/petitions/{petition.pk}/sign/", {"kep_signature": "не base64 !!!"})
    assert bad.status_code == 400 and ua("The e-signature must be a base64 CAdES file.") in bad.content.decode()
    assert portal(town.person()).get(f"/petitions/{petition.pk}/sign/").status_code == 405
    petition.refresh_from_db()
    assert petition.signatures_count == 0 == petition.signatures.count()


def test_drafts_moderation_and_other_hromada_are_404(town, town_b, secretary):
    hidden = on_moderation(town)
    public = collecting(town, secretary)
    for path in (f"/petitions/{hidden.pk}/", f"/petitions/{hidden.pk}/signatures.csv", "/petitions/0/",
                 "/petitions/99999999999999999999/"):
        assert portal().get(path).status_code == 404, path
    other = portal(town_b.person(), host="b.localhost")
    for path in (f"/petitions/{public.pk}/", f"/petitions/{public.pk}/signatures.json"):
        assert other.get(path).status_code == 404
    assert other.post(f"/petitions/{public.pk}/sign/").status_code == 404
    assert public.title not in other.get("/petitions/").content.decode()
    assert public.signatures.count() == 0


def test_signature_log_csv_and_json_recount(town, secretary):
    petition = collecting(town, secretary)
    people = town.crowd(2)
    for person in people:
        services.sign(petition, user=person, hromada=town.hromada)
    petition.refresh_from_db()
    client = portal()
    text = client.get(f"/petitions/{petition.pk}/signatures.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["seq"] for r in rows] == ["1", "2"]
    assert rows[0]["name"] == people[0].full_name and rows[0]["prev_hash"] == "0" * 64
    data = json.loads(client.get(f"/petitions/{petition.pk}/signatures.json").content)
    assert data["signatures"] == 2 and data["last_hash"] == petition.last_hash
    log = data["log"]
    assert {"seq", "name", "signed_at", "prev_hash", "hash"} <= set(log[0])
    prev = "0" * 64
    for link in log:  # the recipe on the page recomputes every hash
        from datetime import datetime

        fields = [petition.pk, link["seq"], link["name"], datetime.fromisoformat(link["signed_at"]),
                  link["kep_subject"]]
        assert link["prev_hash"] == prev
        assert chain.link_hash(prev, fields) == link["hash"]
        prev = link["hash"]
    assert prev == petition.last_hash
    assert rows[1]["hash"] == log[1]["hash"]


def test_answered_petition_links_the_session_and_the_act(town, secretary, monkeypatch):
    petition, session, decision = answered(town, secretary, monkeypatch)
    body = portal().get(f"/petitions/{petition.pk}/").content.decode()
    assert "Підтримано, ліхтарі встановлять." in body and "Підтримано" in body
    assert f"/acts/sessions/{session.pk}/" in body and f"/acts/{decision.pk}/" in body
    assert petition.case.number in body
    assert ua("Sign the petition") + "</button>" not in body


def test_open_data_csv_and_json(town, secretary, monkeypatch):
    petition, _session, decision = answered(town, secretary, monkeypatch)
    hidden = on_moderation(town, title="Прихована")
    client = portal()
    data = json.loads(client.get("/petitions/open-data.json").content)
    assert [row["id"] for row in data] == [petition.pk]
    row = data[0]
    assert (row["number"], row["status"], row["signatures"], row["threshold"], row["position"]) == (
        petition.number, "answered", 1, 1, "supported")
    assert row["author"] == petition.author_name and row["decision_url"].endswith(f"/acts/{decision.pk}/")
    assert row["answered_at"] and row["ends_on"] == petition.ends_on.isoformat()
    text = client.get("/petitions/open-data.csv").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,number,title,status,author")
    assert hidden.title not in text and petition.title in text
    assert "/petitions/open-data.csv" in client.get("/petitions/").content.decode()


def test_navigation_has_petitions(town):
    body = portal().get("/petitions/").content.decode()
    assert 'href="/petitions/"' in body
