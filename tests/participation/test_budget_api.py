"""The budget API contract: exact codes and bodies."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.participation.models import Ballot, Edition, Project
from tests.apiclient import ApiClient, uk
from tests.participation.budget_builders import categories, project
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(town):
    edition = edition_rows(town.hromada, today=timezone.localdate(), phase="voting")
    small, large = categories(edition)
    rows = [project(edition, small, title="Лавки", cost="40000"), project(edition, small, title="Ліхтарі"),
            project(edition, small, title="Клумби"), project(edition, large, title="Майданчик", cost="350000"),
            project(edition, small, title="Відхилений", status="rejected")]
    return edition, rows


def test_editions_list_and_phase_filter(town, voting):
    edition, _rows = voting
    edition_rows(town.hromada, year=2025, today=timezone.localdate(), phase="implementation")
    data = ApiClient().get("/budget/editions").json()
    assert [e["year"] for e in data] == [2026, 2025]
    assert data[0] == {"id": edition.pk, "year": 2026, "title": "Бюджет участі 2026", "phase": "voting",
                       "ballots": 0, "total_budget": "900000.00", "voting_starts": edition.voting_starts.isoformat(),
                       "voting_ends": edition.voting_ends.isoformat()}
    voting_only = ApiClient().get("/budget/editions", {"phase": "voting"}).json()
    assert [e["year"] for e in voting_only] == [2026]
    assert ApiClient().get("/budget/editions", {"phase": "nonsense"}).status_code == 422


def test_edition_detail_has_categories(town, voting):
    edition, _rows = voting
    small, _large = categories(edition)
    data = ApiClient().get(f"/budget/editions/{edition.pk}").json()
    assert data["phase"] == "voting" and data["ballots"] == 0
    assert data["categories"][0] == {"id": small.pk, "name": "Малі проєкти", "budget": "300000.00",
                                     "min_cost": "0.00", "max_cost": "100000.00", "votes_per_voter": 2,
                                     "starosta_district": None}
    assert data["categories"][1]["votes_per_voter"] == 1
    assert ApiClient().get("/budget/editions/999999").status_code == 404


def test_projects_without_votes_during_voting(town, voting):
    edition, rows = voting
    small, large = categories(edition)
    data = ApiClient().get(f"/budget/editions/{edition.pk}/projects").json()
    assert [p["title"] for p in data] == ["Лавки", "Ліхтарі", "Клумби", "Відхилений", "Майданчик"]
    assert data[0] == {"id": rows[0].pk, "number": 1, "title": "Лавки", "category": small.pk,
                       "category_name": "Малі проєкти", "cost": "40000.00", "status": "admitted"}
    assert "votes" not in data[0]
    only_large = ApiClient().get(f"/budget/editions/{edition.pk}/projects", {"category": large.pk}).json()
    assert [p["title"] for p in only_large] == ["Майданчик"]


def test_projects_show_votes_after_voting(town):
    edition = edition_rows(town.hromada, today=timezone.localdate(), phase="results")
    small, _large = categories(edition)
    row = project(edition, small, title="Лавки")
    Project.objects.filter(pk=row.pk).update(votes_count=7)
    data = ApiClient().get(f"/budget/editions/{edition.pk}/projects").json()
    assert data[0]["votes"] == 7


def test_cast_a_ballot_with_a_resident_token(town, voting):
    edition, rows = voting
    resident = town.person()
    api = ApiClient(resident)
    response = api.post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[1].pk, rows[0].pk]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ballot"]["projects"] == sorted([rows[0].pk, rows[1].pk])
    assert body["ballot"]["changed"] is False and body["ballot"]["cast_at"]
    edition.refresh_from_db()
    assert edition.ballots_count == 1
    assert ApiClient().get(f"/budget/editions/{edition.pk}").json()["ballots"] == 1
    # Again, changes not allowed: 409, nothing changed.
    again = api.post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[2].pk]})
    assert again.status_code == 409
    assert again.json() == {"detail": uk("You have already voted in this edition.")}
    assert Project.objects.get(pk=rows[2].pk).votes_count == 0


def test_resident_scoped_token_and_session_work(town, voting):
    from django.test import Client

    from hromada.core.services import create_token

    edition, rows = voting
    resident = town.person()
    token = create_token(user=resident, name="app", scope="resident")[1]
    response = Client(HTTP_HOST="a.localhost").post(
        f"/api/v1/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201
    other = town.person()
    session = ApiClient(other, session=True)
    assert session.post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]}).status_code == 201
    assert Project.objects.get(pk=rows[0].pk).votes_count == 2


def test_change_allowed_gives_changed_true(town, voting):
    edition, rows = voting
    Edition.objects.filter(pk=edition.pk).update(ballot_changes_allowed=True)
    api = ApiClient(town.person())
    assert api.post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]}).status_code == 201
    response = api.post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[1].pk]})
    assert response.status_code == 201 and response.json()["ballot"]["changed"] is True
    assert Ballot.objects.count() == 1


def test_broken_rules_are_400_naming_the_rule(town, voting):
    edition, rows = voting
    api = ApiClient(town.person())
    url = f"/budget/editions/{edition.pk}/ballot"
    too_many = api.post(url, {"projects": [rows[0].pk, rows[1].pk, rows[2].pk]})
    assert too_many.status_code == 400
    assert too_many.json()["detail"][0]["field"] == "projects"
    empty = api.post(url, {"projects": []})
    assert empty.json() == {"detail": [{"field": "projects", "message": uk("Choose at least one project.")}]}
    repeated = api.post(url, {"projects": [rows[0].pk, rows[0].pk]})
    assert repeated.json() == {"detail": [{"field": "projects",
                                           "message": uk("A project may be chosen only once on a ballot.")}]}
    rejected = api.post(url, {"projects": [rows[4].pk]})
    assert rejected.status_code == 400
    assert api.post(url, {"projects": "1"}).status_code == 422
    # Ids no database column holds, and a list no Положення allows: refused before any statement, not a 500.
    admitted_only = {"detail": [{"field": "projects", "message": uk(
        "Only projects admitted to the voting of this edition may be chosen.")}]}
    for projects in ([2**63], [-1], [0], [rows[0].pk, *range(10**9, 10**9 + 100)]):
        answer = api.post(url, {"projects": projects})
        assert (answer.status_code, answer.json()) == (400, admitted_only), projects
    assert Ballot.objects.count() == 0
    edition.refresh_from_db()
    assert (edition.ballots_count, edition.log_length) == (0, 0)


def test_not_eligible_is_403_with_the_reason(town, voting):
    edition, rows = voting
    young = town.person(born=timezone.localdate().replace(year=timezone.localdate().year - 10))
    response = ApiClient(young).post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]})
    assert response.status_code == 403
    assert response.json()["detail"]
    unverified = town.unverified(email="nobody@example.org")
    response = ApiClient(unverified).post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]})
    assert response.status_code == 403 and response.json()["detail"]
    assert Ballot.objects.count() == 0


def test_anonymous_is_401(town, voting):
    edition, rows = voting
    response = ApiClient().post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]})
    assert response.status_code == 401


def test_other_hromada_is_404(town, town_b, voting):
    edition, rows = voting
    stranger = ApiClient(town.person(), host="b.localhost")
    assert ApiClient(host="b.localhost").get(f"/budget/editions/{edition.pk}").status_code == 404
    assert ApiClient(host="b.localhost").get(f"/budget/editions/{edition.pk}/projects").status_code == 404
    assert ApiClient(host="b.localhost").get("/budget/editions").json() == []
    assert stranger.post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]}).status_code == 404
    assert Ballot.objects.count() == 0


def test_ballot_costs_no_queries_beyond_the_service(town, voting):
    """The load-tested path: the edition read once, then the voting service; the response adds nothing."""
    from unittest import mock

    from hromada.participation.budget import voting as voting_service

    edition, rows = voting
    api = ApiClient(town.person())
    real_cast = voting_service.cast
    counted = {}

    def cast(*args, **kwargs):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            result = real_cast(*args, **kwargs)
        counted["service"] = len(ctx.captured_queries)
        return result

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with mock.patch.object(voting_service, "cast", cast), CaptureQueriesContext(connection) as total:
        assert api.post(f"/budget/editions/{edition.pk}/ballot", {"projects": [rows[0].pk]}).status_code == 201
    # Authentication (token lookup, its use stamp) and the edition read are the only others.
    outside = [q["sql"] for q in total.captured_queries][: len(total.captured_queries) - counted["service"]]
    # The host, the token and its use stamp, and the edition: one read of the budget's tables, nothing after.
    assert len(outside) == 4, outside
    assert sum("participation_" in sql for sql in outside) == 1, outside
