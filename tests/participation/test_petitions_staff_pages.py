"""Staff pages of e-petitions as each persona: the list with counts and filters, moderation (publish, refuse with
a ground after confirmation), the answer linked to this hromada's agenda item and act, the XLSX exports (the
signers' list is personal data, so reading it is logged); residents get 403, another hromada's petition 404."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hromada.core.models import AuditEntry
from hromada.participation.models import Petition, PetitionStatus
from hromada.participation.petitions import services
from tests.acts.builders import act
from tests.participation.petition_pages_world import (
    agenda,
    collecting,
    considered,
    on_moderation,
    portal,
    ua,
)

pytestmark = pytest.mark.django_db


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [[cell for cell in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True)]


def test_personas_on_the_list(town, town_b, secretary):
    petition = on_moderation(town)
    assert portal().get("/staff/petitions/").status_code == 302
    assert portal(town.person()).get("/staff/petitions/").status_code == 403
    assert portal(town.unverified()).get(f"/staff/petitions/{petition.pk}/").status_code == 403
    for persona in (town.staff("case_registrar"), secretary, town.staff("hromada_admin"),
                    town.staff("programme_manager")):
        response = portal(persona).get("/staff/petitions/")
        assert response.status_code == 200 and petition.title in response.content.decode()
    foreign = town_b.staff("council_secretary")
    assert portal(foreign, host="b.localhost").get(f"/staff/petitions/{petition.pk}/").status_code == 404
    assert petition.title not in portal(foreign, host="b.localhost").get("/staff/petitions/").content.decode()
    assert portal(foreign, host="b.localhost").post(f"/staff/petitions/{petition.pk}/publish/").status_code == 404
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.MODERATION


def test_the_staff_menu_leads_everyone_who_may_open_the_list_there(town):
    """A reader of the reports (the programme manager) finds the petitions in the menu, not only by the URL."""
    link = 'href="/staff/petitions/"'
    for persona in (town.staff("programme_manager"), town.staff("case_registrar"), town.staff("hromada_admin")):
        assert link in portal(persona).get("/staff/").content.decode(), persona.email
    assert link not in portal(town.staff("hotline_operator")).get("/staff/").content.decode()


def test_list_counts_filters_and_due_highlight(town, secretary):
    waiting = on_moderation(town, title="Лавки у сквері")
    live = collecting(town, secretary, title="Освітлення вулиці")
    Petition.objects.filter(pk=waiting.pk).update(moderation_due="2020-01-01")
    client = portal(secretary)
    body = client.get("/staff/petitions/").content.decode()
    assert f"<h1>{ua('E-petitions')}</h1>" in body
    assert f"{ua('on moderation').capitalize()}: 1" in body
    assert 'class="overdue"' in body  # moderation past its term stands out
    only = client.get("/staff/petitions/", {"status": "moderation"}).content.decode()
    assert "Лавки у сквері" in only and "Освітлення вулиці" not in only
    found = client.get("/staff/petitions/", {"q": "освітлення"}).content.decode()
    assert "Освітлення вулиці" in found and "Лавки у сквері" not in found
    assert client.get("/staff/petitions/", {"status": "bogus", "page": "x"}).status_code == 200
    rows = sheet(client.get("/staff/petitions/export.xlsx", {"status": "collecting"}))
    assert len(rows) == 2 and rows[1][1] == "Освітлення вулиці" and rows[1][0] == live.number
    assert portal(town.person()).get("/staff/petitions/export.xlsx").status_code == 403


def test_moderator_publishes(town):
    petition = on_moderation(town)
    moderator = town.staff("case_registrar")
    page = portal(moderator).get(f"/staff/petitions/{petition.pk}/").content.decode()
    assert ua("Publish and start collecting signatures") in page and ua("Refuse publication") in page
    done = portal(moderator).post(f"/staff/petitions/{petition.pk}/publish/", follow=True).content.decode()
    assert ua("The petition is published; signatures are being collected.") in done
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.COLLECTING and petition.number == 1
    again = portal(moderator).post(f"/staff/petitions/{petition.pk}/publish/", follow=True).content.decode()
    assert ua("Only a petition on moderation can be published.") in again


def test_refusal_needs_ground_reasons_and_confirmation(town, secretary):
    petition = on_moderation(town)
    client = portal(secretary)
    for data in ({}, {"ground": "competence", "reason": "Не наше."}, {"ground": "nonsense", "reason": "Так",
                                                                      "confirmed": "on"},
                 {"ground": "competence", "reason": "", "confirmed": "on"}):
        response = client.post(f"/staff/petitions/{petition.pk}/refuse/", data)
        assert response.status_code == 400, data
        assert 'class="error-summary"' in response.content.decode()
        assert ua("Please correct the errors") in response.content.decode()
        petition.refresh_from_db()
        assert petition.status == PetitionStatus.MODERATION
    done = client.post(f"/staff/petitions/{petition.pk}/refuse/",
                       {"ground": "competence", "reason": "Це питання держави.", "confirmed": "on"}, follow=True)
    assert ua("The petition is not published; the author is told the reasons.") in done.content.decode()
    petition.refresh_from_db()
    assert (petition.status, petition.refusal_ground) == (PetitionStatus.REFUSED, "competence")


def test_residents_and_reporters_may_not_moderate(town):
    petition = on_moderation(town)
    assert portal(town.person()).post(f"/staff/petitions/{petition.pk}/publish/").status_code == 403
    reporter = portal(town.staff("programme_manager"))
    page = reporter.get(f"/staff/petitions/{petition.pk}/").content.decode()
    assert ua("Publish and start collecting signatures") not in page
    reporter.post(f"/staff/petitions/{petition.pk}/publish/")
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.MODERATION


def test_answer_links_agenda_item_and_act(town, town_b, secretary, monkeypatch):
    petition = considered(town, secretary, monkeypatch)
    _session, decision, item = agenda(town, secretary)
    foreign = act(town_b.hromada, town_b.staff("council_secretary"), number="9", title="Чуже рішення")
    client = portal(secretary)
    page = client.get(f"/staff/petitions/{petition.pk}/").content.decode()
    assert f"/staff/cases/{petition.case_id}/" in page and petition.case.number in page
    assert f'value="{item.pk}"' in page and f'value="{decision.pk}"' in page and "Чуже рішення" not in page
    bad = client.post(f"/staff/petitions/{petition.pk}/answer/",
                      {"position": "supported", "text": "Так", "decision": str(foreign.pk)})
    assert bad.status_code == 400
    empty = client.post(f"/staff/petitions/{petition.pk}/answer/", {"position": "", "text": ""})
    assert empty.status_code == 400 and "Це поле обов" in empty.content.decode()
    assert 'class="error-summary"' in bad.content.decode()
    petition.refresh_from_db()
    assert petition.status == PetitionStatus.CONSIDERATION
    moderator = portal(town.staff("case_registrar"))
    assert ua("Record the answer") not in moderator.get(f"/staff/petitions/{petition.pk}/").content.decode()
    done = client.post(f"/staff/petitions/{petition.pk}/answer/",
                       {"position": "supported", "text": "Підтримано.", "agenda_item": str(item.pk),
                        "decision": str(decision.pk)}, follow=True)
    assert ua("The answer is recorded and published; the author and the signers are told.") in done.content.decode()
    petition.refresh_from_db()
    assert (petition.status, petition.agenda_item, petition.decision) == (PetitionStatus.ANSWERED, item, decision)


def test_signers_export_is_logged_and_restricted(town, secretary):
    petition = collecting(town, secretary)
    person = town.person()
    services.sign(petition, user=person, hromada=town.hromada)
    rows = sheet(portal(secretary).get(f"/staff/petitions/{petition.pk}/signers.xlsx"))
    assert rows[1][0] == 1 and rows[1][1] == person.full_name and rows[1][2] is not None
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, actor=secretary).get()
    assert entry.object_id == str(petition.pk)
    assert portal(town.staff("case_registrar")).get(f"/staff/petitions/{petition.pk}/signers.xlsx").status_code == 403
    assert portal(person).get(f"/staff/petitions/{petition.pk}/signers.xlsx").status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_staff_menu_shows_petitions_to_moderators_only(town, secretary):
    staff_menu = portal(secretary).get("/staff/petitions/").content.decode()
    assert 'href="/staff/petitions/"' in staff_menu


def test_pages_have_ordered_headings_and_labels(town, secretary, monkeypatch):
    from tests.participation.petition_pages_world import page_problems

    waiting = on_moderation(town)
    live = collecting(town, secretary)
    resident = town.person()
    pages = [(portal(), "/petitions/"), (portal(resident), f"/petitions/{live.pk}/"),
             (portal(resident), "/cabinet/petitions/"), (portal(resident), "/cabinet/petitions/new/"),
             (portal(waiting.author), f"/cabinet/petitions/{waiting.pk}/edit/"),
             (portal(secretary), "/staff/petitions/"), (portal(secretary), f"/staff/petitions/{waiting.pk}/")]
    for client, path in pages:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert page_problems(response.content.decode()) == [], path
