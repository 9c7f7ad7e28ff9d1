"""Public pages of the participatory budget: editions, projects, the ballot end to end, results, files."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hromada.participation.models import Ballot, BallotLogEntry, Edition, Project
from tests.participation.budget_builders import categories, client, page, project
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def voting(town):
    edition = edition_rows(town.hromada, today=_today(), phase="voting")
    small, large = categories(edition)
    rows = [project(edition, small, title="Лавки в парку", cost="40000", latitude=Decimal("48.4647"),
                    longitude=Decimal("35.0462"), address="Парк Шевченка"),
            project(edition, small, title="Велопарковка", cost="20000"),
            project(edition, small, title="Ліхтарі на вулиці", cost="90000"),
            project(edition, large, title="Спортивний майданчик", cost="350000"),
            project(edition, small, title="Чернетка", status="draft")]
    return edition, rows


def test_index_lists_the_editions_with_their_phase(town, voting):
    body = page(client().get("/budget/"))
    assert "Бюджет участі 2026" in body
    assert "Голосування" in body or "голосування" in body
    assert "900\u00a0000,00\u00a0грн" in body


def test_edition_page_shows_timeline_categories_and_projects(town, voting):
    edition, _rows = voting
    Edition.objects.filter(pk=edition.pk).update(regulation_reference="Рішення ради № 12 від 01.02.2026")
    response = client().get("/budget/2026/")
    body = page(response)
    assert response.status_code == 200
    assert "Рішення ради № 12 від 01.02.2026" in body
    assert "Малі проєкти" in body and "Великі проєкти" in body
    assert "300\u00a0000,00\u00a0грн" in body and "100\u00a0000,00\u00a0грн" in body
    assert " р." in body  # dates as «21 листопада 2026 р.»
    assert 'aria-current="step"' in body
    assert "Лавки в парку" in body and "Спортивний майданчик" in body
    assert "Чернетка" not in body  # drafts are not public
    assert "Кількість голосів за кожен проєкт оприлюднюється після завершення голосування." in body


def test_edition_page_filters_and_search(town, voting):
    edition, _rows = voting
    _small, large = categories(edition)
    body = page(client().get("/budget/2026/", {"category": large.pk}))
    assert "Спортивний майданчик" in body and "Лавки в парку" not in body
    body = page(client().get("/budget/2026/", {"q": "ліхтарі"}))
    assert "Ліхтарі на вулиці" in body and "Велопарковка" not in body
    body = page(client().get("/budget/2026/", {"status": "rejected"}))
    assert "Лавки в парку" not in body
    # An unusable filter value is dropped, never an error page.
    assert client().get("/budget/2026/", {"category": "x", "page": "999"}).status_code == 200


def test_project_page_has_cost_breakdown_location_and_map(town, voting):
    _edition, rows = voting
    response = client().get(f"/budget/2026/projects/{rows[0].number}/")
    body = page(response)
    assert response.status_code == 200
    assert "Кошторис" in body and "Лавки" in body and "40\u00a0000,00\u00a0грн" in body
    assert "https://www.openstreetmap.org/?mlat=48.464700&amp;mlon=35.046200" in body
    assert "leaflet/leaflet.js" in body and "budget-map-data" in body
    assert "оприлюднюються після завершення голосування" in body
    assert "Парк Шевченка" in body


def test_project_without_coordinates_has_no_map_and_drafts_are_404(town, voting):
    _edition, rows = voting
    body = page(client().get(f"/budget/2026/projects/{rows[1].number}/"))
    assert "leaflet" not in body
    assert client().get(f"/budget/2026/projects/{rows[4].number}/").status_code == 404
    assert client().get("/budget/2026/projects/999/").status_code == 404


def test_rejected_project_shows_review_reasons(town, voting):
    _edition, rows = voting
    Project.objects.filter(pk=rows[1].pk).update(status="rejected", review_reason="Ділянка не комунальна.",
                                                 reviewed_at=timezone.now())
    body = page(client().get(f"/budget/2026/projects/{rows[1].number}/"))
    assert "Не допущено до голосування." in body and "Ділянка не комунальна." in body


def test_other_hromada_sees_404(town, town_b, voting):
    _edition, rows = voting
    other = client(host="b.localhost")
    assert other.get("/budget/2026/").status_code == 404
    assert other.get(f"/budget/2026/projects/{rows[0].number}/").status_code == 404
    assert other.get("/budget/2026/ballot/").status_code == 404
    assert other.get("/budget/2026/results/").status_code == 404
    assert other.get("/budget/2026/ballot-log.csv").status_code == 404
    assert "Бюджет участі 2026" not in page(other.get("/budget/"))


# The ballot.

def test_anonymous_is_asked_to_sign_in(town, voting):
    body = page(client().get("/budget/2026/ballot/"))
    assert "Увійдіть, щоб проголосувати" in body
    response = client().post("/budget/2026/ballot/", {"projects": [voting[1][0].pk]})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert Ballot.objects.count() == 0


def test_ballot_page_groups_by_category_with_limits(town, voting):
    resident = town.person()
    body = page(client(resident).get("/budget/2026/ballot/"))
    assert "Малі проєкти: оберіть не більше 2 проєктів" in body
    assert "Великі проєкти: оберіть не більше 1 проєкту" in body
    assert body.count('type="checkbox" name="projects"') == 4


def test_resident_votes_end_to_end(town, voting):
    edition, rows = voting
    resident = town.person()
    c = client(resident)
    response = c.post("/budget/2026/ballot/", {"projects": [rows[0].pk, rows[3].pk]})
    assert response.status_code == 302 and response["Location"].endswith("/budget/2026/ballot/done/")
    body = page(c.get(response["Location"]))
    assert "Ваш голос враховано" in body and "Лавки в парку" in body and "Спортивний майданчик" in body
    edition.refresh_from_db()
    assert edition.ballots_count == 1
    assert Project.objects.get(pk=rows[0].pk).votes_count == 1
    assert Project.objects.get(pk=rows[3].pk).votes_count == 1
    assert Project.objects.get(pk=rows[1].pk).votes_count == 0
    assert BallotLogEntry.objects.filter(edition=edition).count() == 1
    # The ballot page now shows the choice; changes are not allowed in this edition.
    body = page(c.get("/budget/2026/ballot/"))
    assert "Ви проголосували" in body and "Положення не дозволяє змінювати бюлетень." in body
    assert "Змінити голос" not in body
    response = c.post("/budget/2026/ballot/", {"projects": [rows[1].pk]})
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.ballots_count == 1 and Project.objects.get(pk=rows[1].pk).votes_count == 0


def test_ballot_change_when_allowed(town, voting):
    edition, rows = voting
    Edition.objects.filter(pk=edition.pk).update(ballot_changes_allowed=True)
    resident = town.person()
    c = client(resident)
    c.post("/budget/2026/ballot/", {"projects": [rows[0].pk]})
    body = page(c.get("/budget/2026/ballot/"))
    assert "Змінити голос" in body
    body = page(c.get("/budget/2026/ballot/?change=1"))
    assert f'value="{rows[0].pk}" id="project-{rows[0].pk}" checked' in body
    response = c.post("/budget/2026/ballot/", {"projects": [rows[1].pk, rows[2].pk]})
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.ballots_count == 1
    counts = dict(Project.objects.filter(edition=edition).values_list("pk", "votes_count"))
    assert counts[rows[0].pk] == 0 and counts[rows[1].pk] == 1 and counts[rows[2].pk] == 1
    assert BallotLogEntry.objects.filter(edition=edition).count() == 2


def test_broken_rule_is_named_and_nothing_changes(town, voting):
    edition, rows = voting
    resident = town.person()
    response = client(resident).post("/budget/2026/ballot/", {"projects": [rows[0].pk, rows[1].pk, rows[2].pk]})
    assert response.status_code == 400
    assert "Бюлетень не прийнято" in page(response)
    response = client(resident).post("/budget/2026/ballot/", {"projects": ["abc"]})
    assert response.status_code == 400 and "Оберіть проєкти з бюлетеня." in page(response)
    assert Ballot.objects.count() == 0
    edition.refresh_from_db()
    assert edition.ballots_count == 0


def test_not_eligible_sees_the_reason(town, voting):
    _edition, rows = voting
    stranger = town.unverified(email="stranger@example.org")
    body = page(client(stranger).get("/budget/2026/ballot/"))
    assert 'name="projects"' not in body
    assert 'class="warning"' in body
    response = client(stranger).post("/budget/2026/ballot/", {"projects": [rows[0].pk]})
    assert response.status_code == 403
    assert Ballot.objects.count() == 0


def test_ballot_outside_voting_is_refused(town):
    edition_rows(town.hromada, today=_today(), phase="submission")
    resident = town.person()
    body = page(client(resident).get("/budget/2026/ballot/"))
    assert "Голосування триває з" in body and 'name="projects"' not in body


# Results and files.

def _close_voting(edition):
    """Move the edition's dates so that the voting ended yesterday."""
    shift = (edition.voting_ends - _today()) + timedelta(days=1)
    fields = ("submission_starts", "submission_ends", "review_ends", "voting_starts", "voting_ends", "results_on",
              "implementation_ends")
    Edition.objects.filter(pk=edition.pk).update(**{f: getattr(edition, f) - shift for f in fields})
    edition.refresh_from_db()
    return edition


def test_results_page_shows_both_rules_side_by_side(town, voting):
    edition, rows = voting
    for choice in ([rows[0].pk, rows[1].pk], [rows[0].pk], [rows[2].pk, rows[3].pk]):
        client(town.person()).post("/budget/2026/ballot/", {"projects": choice})
    assert page(client().get("/budget/2026/results/")).count("Метод рівних часток") == 0
    _close_voting(edition)
    response = client().get("/budget/2026/results/")
    body = page(response)
    assert response.status_code == 200
    assert "Найбільше голосів" in body and "Метод рівних часток" in body
    assert "Переможців визначає правило:" in body
    assert "У разі рівності голосів перевага надається:" in body
    assert "залишок" in body and "витрачено" in body
    assert "Як перерахувати" in body
    assert "Подано 3 бюлетені." in body
    # Votes are public now.
    assert "2 голоси" in page(client().get("/budget/2026/"))


def test_ballot_log_csv_and_json(town, voting):
    edition, rows = voting
    client(town.person()).post("/budget/2026/ballot/", {"projects": [rows[0].pk]})
    response = client().get("/budget/2026/ballot-log.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "seq;pseudonym;action;channel;projects;at;prev_hash;hash"
    assert lines[1].startswith("1;") and ";cast;online;1;" in lines[1]
    data = json.loads(client().get("/budget/2026/ballot-log.json").content)
    assert data["ballots"] == 1 and data["log"][0]["projects"] == "1"
    edition.refresh_from_db()
    assert data["last_hash"] == edition.last_hash == data["log"][0]["hash"]
    assert client().get("/budget/2026/ballot-log.xml").status_code == 404


def test_pabulib_zip_after_voting(town, voting):
    import io
    import zipfile

    edition, rows = voting
    client(town.person()).post("/budget/2026/ballot/", {"projects": [rows[0].pk]})
    assert client().get("/budget/2026/pabulib.zip").status_code == 404  # not while voting
    _close_voting(edition)
    response = client().get("/budget/2026/pabulib.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 2 and all(n.endswith(".pb") for n in names)


def test_open_data(town, voting):
    data = json.loads(client().get("/budget/open-data/projects.json").content)
    assert {row["title"] for row in data} == {"Лавки в парку", "Велопарковка", "Ліхтарі на вулиці",
                                              "Спортивний майданчик"}
    assert all(row["votes"] == "" for row in data)  # not before the voting closes
    editions = json.loads(client().get("/budget/open-data/editions.json").content)
    assert editions[0]["year"] == 2026 and editions[0]["projects"] == 4
    response = client().get("/budget/open-data/editions.csv")
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("id;year;title")
    assert client().get("/budget/open-data/other.csv").status_code == 404


def test_implementation_page_lists_winners(town, voting):
    _edition, rows = voting
    Project.objects.filter(pk=rows[0].pk).update(status="implementing", progress=40, spent=Decimal("12000"))
    body = page(client().get("/budget/2026/implementation/"))
    assert "Лавки в парку" in body and "12\u00a0000,00\u00a0грн" in body and "Велопарковка" not in body
    assert "openstreetmap.org" in body


# Submission.

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def submission(town):
    return edition_rows(town.hromada, today=_today(), phase="submission")


def _form(edition, **overrides):
    small, _large = categories(edition)
    data = {"category": str(small.pk), "title": "Лавки в сквері", "summary": "Шість лавок біля ставка.",
            "description": "Поставити шість лавок.", "address": "Сквер біля ставка", "latitude": "48.4647",
            "longitude": "35.0462",
            "cost-TOTAL_FORMS": "3", "cost-INITIAL_FORMS": "0", "cost-MIN_NUM_FORMS": "0", "cost-MAX_NUM_FORMS": "40",
            "cost-0-name": "Лавка", "cost-0-quantity": "6", "cost-0-unit": "шт", "cost-0-amount": "30000",
            "cost-1-name": "Монтаж", "cost-1-quantity": "1", "cost-1-unit": "", "cost-1-amount": "6000",
            "photo-TOTAL_FORMS": "3", "photo-INITIAL_FORMS": "0", "photo-MIN_NUM_FORMS": "0",
            "photo-MAX_NUM_FORMS": "3"}
    data.update(overrides)
    return data


def test_submit_a_project(town, submission):
    from django.core.files.uploadedfile import SimpleUploadedFile

    author = town.person()
    data = _form(submission, **{"photo-0-photo": SimpleUploadedFile("place.png", PNG, content_type="image/png"),
                                "photo-0-caption": "Порожній сквер біля ставка"})
    response = client(author).post("/budget/2026/submit/", data)
    assert response.status_code == 302, page(response)
    created = Project.objects.get(edition=submission)
    assert response["Location"].endswith(f"/budget/2026/projects/{created.number}/")
    assert created.cost == Decimal("36000.00") and created.author == author and created.status == "submitted"
    assert list(created.cost_items.values_list("name", flat=True)) == ["Лавка", "Монтаж"]
    body = page(client().get(response["Location"]))
    assert 'alt="Порожній сквер біля ставка"' in body
    photo_url = f"/budget/2026/projects/{created.number}/photos/{created.photos.get().pk}/"
    assert photo_url in body
    photo = client().get(photo_url)
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"


def test_submission_page_for_anonymous_and_outside_the_phase(town, submission):
    assert client().get("/budget/2026/submit/").status_code == 302
    resident = town.person()
    body = page(client(resident).get("/budget/2026/submit/"))
    assert "Більше рядків" in body and 'name="cost-2-amount"' in body
    Edition.objects.filter(pk=submission.pk).update(submission_ends=_today() - timedelta(days=1),
                                                    submission_starts=_today() - timedelta(days=5))
    body = page(client(resident).get("/budget/2026/submit/"))
    assert "Проєкти приймаються з" in body and 'name="title"' not in body


def test_more_rows_without_javascript(town, submission):
    data = _form(submission, more="1")
    response = client(town.person()).post("/budget/2026/submit/", data)
    body = page(response)
    assert response.status_code == 200
    assert 'name="cost-4-amount"' in body and 'value="Монтаж"' in body and 'value="Лавки в сквері"' in body
    assert "error-summary" not in body
    assert Project.objects.count() == 0


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"cost-0-amount": "300000"}, "must lie"),
    ({"cost-0-amount": "-5"}, "Сума має бути додатною."),
    ({"title": "Лавки\x00"}, "null"),
    ({"cost-0-name": "", "cost-0-amount": "", "cost-1-name": "", "cost-1-amount": ""}, "at least one"),
    ({"latitude": "95"}, "latitude"),
])
def test_bad_input_is_refused_in_ukrainian_and_nothing_is_saved(town, submission, overrides, expected):
    from tests.apiclient import uk

    response = client(town.person()).post("/budget/2026/submit/", _form(submission, **overrides))
    body = page(response)
    assert response.status_code == 400
    assert "Виправте помилки" in body or "error-summary" in body
    messages = {
        "must lie": "Вартість проєкту в категорії",
        "null": uk("Null characters are not allowed."),
        "at least one": uk("List at least one cost item."),
        "latitude": uk("Ensure this value is less than or equal to %(limit_value)s.", limit_value=90),
    }
    assert messages.get(expected, expected) in body
    assert Project.objects.count() == 0


def test_non_image_photo_is_refused(town, submission):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.apiclient import uk

    data = _form(submission, **{"photo-0-photo": SimpleUploadedFile("plan.png", b"%PDF-1.4 not an image"),
                                "photo-0-caption": "План"})
    response = client(town.person()).post("/budget/2026/submit/", data)
    assert response.status_code == 400
    assert uk("The file «%(name)s» is not a JPEG or PNG photo.", name="plan.png") in page(response)
    assert Project.objects.count() == 0


def test_other_control_characters_are_cleaned(town, submission):
    response = client(town.person()).post("/budget/2026/submit/", _form(submission, title="Лавки\x07 в сквері"))
    assert response.status_code == 302
    assert Project.objects.get().title == "Лавки в сквері"


def test_unverified_person_cannot_submit(town, submission):
    stranger = town.unverified(email="s2@example.org")
    body = page(client(stranger).get("/budget/2026/submit/"))
    assert 'name="title"' not in body and 'class="warning"' in body
    assert client(stranger).post("/budget/2026/submit/", _form(submission)).status_code == 403
    assert Project.objects.count() == 0
