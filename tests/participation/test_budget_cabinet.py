"""The cabinet's «Мій бюджет участі»: my ballots and my projects."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.participation.models import Edition, Project
from tests.participation.budget_builders import categories, client, page, project
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(town):
    edition = edition_rows(town.hromada, today=timezone.localdate(), phase="voting")
    small, large = categories(edition)
    return edition, [project(edition, small, title="Лавки"), project(edition, large, title="Майданчик",
                                                                     cost="200000")]


def test_anonymous_goes_to_sign_in(town):
    response = client().get("/cabinet/budget/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_my_ballots_and_projects(town, voting):
    edition, rows = voting
    resident = town.person()
    Project.objects.filter(pk=rows[1].pk).update(author=resident, review_reason="Кошторис уточнено.")
    c = client(resident)
    body = page(c.get("/cabinet/budget/"))
    assert "Мій бюджет участі" in body and "Ви ще не голосували." in body
    assert "Майданчик" in body and "Кошторис уточнено." in body
    c.post("/budget/2026/ballot/", {"projects": [rows[0].pk]})
    body = page(c.get("/cabinet/budget/"))
    assert "Бюджет участі 2026" in body and "Проголосовано" in body and "№ 1 Лавки" in body
    assert "Змінити голос" not in body  # this edition does not allow changes
    Edition.objects.filter(pk=edition.pk).update(ballot_changes_allowed=True)
    assert "Змінити голос" in page(c.get("/cabinet/budget/"))


def test_cabinet_section_is_registered(town, voting):
    _edition, rows = voting
    resident = town.person()
    client(resident).post("/budget/2026/ballot/", {"projects": [rows[0].pk]})
    body = page(client(resident).get("/cabinet/"))
    assert "Мій бюджет участі" in body
    assert "обрано 1 проєкт" in body


def test_someone_elses_project_cannot_be_withdrawn(town, voting):
    _edition, rows = voting
    owner, other = town.person(), town.person()
    Project.objects.filter(pk=rows[0].pk).update(author=owner, status="submitted")
    assert client(other).post(f"/cabinet/budget/projects/{rows[0].pk}/withdraw/").status_code == 404
    assert client(owner).get(f"/cabinet/budget/projects/{rows[0].pk}/withdraw/").status_code == 200


def test_other_hromada_shows_nothing_of_this_one(town, town_b, voting):
    _edition, rows = voting
    resident = town.person()
    Project.objects.filter(pk=rows[0].pk).update(author=resident)
    body = page(client(resident, host="b.localhost").get("/cabinet/budget/"))
    assert "Лавки" not in body
