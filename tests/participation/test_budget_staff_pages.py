"""Staff pages of the participatory budget: personas, editions and categories, review, paper and assisted
ballots, results, implementation, Excel exports, tenant isolation."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hromada.participation.models import Ballot, Category, Edition, Project
from tests.apiclient import uk
from tests.participation.budget_builders import categories, client, page, project
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today():
    return timezone.localdate()


@pytest.fixture
def cast(town):
    return {
        "reviewer": town.staff("department_head"),
        "clerk": town.staff("cnap_admin"),
        "manager": town.staff("programme_manager"),
        "admin": town.staff("hromada_admin"),
    }


@pytest.fixture
def voting(town):
    edition = edition_rows(town.hromada, today=_today(), phase="voting")
    small, large = categories(edition)
    return edition, [project(edition, small, title="Лавки"), project(edition, small, title="Ліхтарі"),
                     project(edition, large, title="Майданчик", cost="200000")]


def test_personas_on_the_staff_pages(town, cast, voting):
    edition, _rows = voting
    assert client().get("/staff/budget/").status_code == 302
    assert client(town.person()).get("/staff/budget/").status_code == 403
    for who in ("reviewer", "clerk", "manager", "admin"):
        assert client(cast[who]).get("/staff/budget/").status_code == 200, who
        assert client(cast[who]).get(f"/staff/budget/{edition.pk}/").status_code == 200, who
    assert client(cast["clerk"]).get("/staff/budget/new/").status_code == 403
    assert client(cast["reviewer"]).get(f"/staff/budget/{edition.pk}/ballots/").status_code == 403
    assert client(cast["clerk"]).get(f"/staff/budget/{edition.pk}/ballots/").status_code == 200
    assert client(cast["reviewer"]).get(f"/staff/budget/{edition.pk}/results/").status_code == 403
    assert client(cast["manager"]).get(f"/staff/budget/{edition.pk}/results/").status_code == 200


def test_staff_menu_has_the_budget(town, cast):
    body = page(client(cast["manager"]).get("/staff/budget/"))
    assert 'href="/staff/budget/"' in body and "Бюджет участі" in body
    assert 'href="/staff/budget/ballots/"' in page(client(cast["clerk"]).get("/staff/budget/"))


def test_other_hromada_is_404(town, town_b, voting):
    edition, rows = voting
    other_admin = town_b.staff("hromada_admin")
    c = client(other_admin, host="b.localhost")
    category = Category.objects.filter(edition=edition).first()
    for url in (f"/staff/budget/{edition.pk}/", f"/staff/budget/{edition.pk}/edit/",
                f"/staff/budget/{edition.pk}/categories/{category.pk}/",
                f"/staff/budget/{edition.pk}/ballots/", f"/staff/budget/{edition.pk}/results/",
                f"/staff/budget/projects/{rows[0].pk}/", f"/staff/budget/{edition.pk}/ballots.xlsx"):
        assert c.get(url).status_code == 404, url
    assert c.post(f"/staff/budget/projects/{rows[0].pk}/review/", {"decision": "reject", "reason": "x"}
                  ).status_code == 404
    assert "Лавки" not in page(c.get("/staff/budget/projects/"))


def _edition_form(**overrides):
    start = _today() + timedelta(days=10)
    data = {"year": "2027", "title": "Бюджет участі 2027", "regulation_reference": "Рішення № 5",
            "total_budget": "1000000", "submission_starts": start, "submission_ends": start + timedelta(days=30),
            "review_ends": start + timedelta(days=60), "voting_starts": start + timedelta(days=61),
            "voting_ends": start + timedelta(days=80), "results_on": start + timedelta(days=85),
            "implementation_ends": start + timedelta(days=400), "official_method": "equal_shares",
            "tie_rule": "cheaper"}
    data.update(overrides)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def test_manager_creates_and_edits_an_edition(town, cast):
    c = client(cast["manager"])
    response = c.post("/staff/budget/new/", _edition_form())
    assert response.status_code == 302
    edition = Edition.objects.get(year=2027)
    assert edition.official_method == "equal_shares" and edition.total_budget == Decimal("1000000")
    response = c.post(f"/staff/budget/{edition.pk}/edit/", _edition_form(title="Бюджет участі 2027 року"))
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.title == "Бюджет участі 2027 року"


def test_edition_with_dates_out_of_order_is_refused(town, cast):
    start = _today() + timedelta(days=10)
    response = client(cast["manager"]).post("/staff/budget/new/", _edition_form(voting_ends=start))
    assert response.status_code == 400
    assert "error-summary" in page(response)
    assert not Edition.objects.filter(year=2027).exists()


def test_categories_add_edit_delete_with_confirmation(town, cast):
    edition = edition_rows(town.hromada, today=_today(), phase="announced")
    Edition.objects.filter(pk=edition.pk).update(total_budget=Decimal("2000000"))
    c = client(cast["manager"])
    response = c.post(f"/staff/budget/{edition.pk}/categories/new/", {
        "name": "Шкільні проєкти", "order": "3", "budget": "100000", "min_cost": "0", "max_cost": "50000",
        "votes_per_voter": "1", "starosta_district": str(town.district.pk)})
    assert response.status_code == 302
    category = Category.objects.get(edition=edition, name="Шкільні проєкти")
    assert category.starosta_district == town.district
    bad = c.post(f"/staff/budget/{edition.pk}/categories/{category.pk}/", {
        "name": "Шкільні проєкти", "order": "3", "budget": "-1", "min_cost": "0", "max_cost": "50000",
        "votes_per_voter": "1"})
    assert bad.status_code == 400
    category.refresh_from_db()
    assert category.budget == Decimal("100000")
    unconfirmed = c.post(f"/staff/budget/{edition.pk}/categories/{category.pk}/delete/", {})
    assert unconfirmed.status_code == 400 and Category.objects.filter(pk=category.pk).exists()
    confirmed = c.post(f"/staff/budget/{edition.pk}/categories/{category.pk}/delete/", {"confirmed": "on"})
    assert confirmed.status_code == 302 and not Category.objects.filter(pk=category.pk).exists()
    assert client(cast["reviewer"]).post(f"/staff/budget/{edition.pk}/categories/new/", {}).status_code == 403


def test_reviewer_admits_and_rejects_with_reasons(town, cast):
    edition = edition_rows(town.hromada, today=_today(), phase="review")
    small, _large = categories(edition)
    one = project(edition, small, title="Лавки", status="submitted")
    two = project(edition, small, title="Фонтан", status="submitted")
    c = client(cast["reviewer"])
    body = page(c.get("/staff/budget/projects/", {"status": "submitted"}))
    assert "Лавки" in body and "Фонтан" in body
    assert "Допустити до голосування" in page(c.get(f"/staff/budget/projects/{one.pk}/"))
    from hromada.core.models import Department

    department = Department.objects.filter(hromada=town.hromada).first()
    response = c.post(f"/staff/budget/projects/{one.pk}/review/", {
        "department": str(department.pk), "decision": "admit", "reviewed_cost": "45000",
        "reason": "Ділянка комунальна, кошторис реальний."})
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.status == "admitted" and one.reviewed_cost == Decimal("45000") and one.review_department == department
    # Rejecting needs reasons; nothing changes without them.
    response = c.post(f"/staff/budget/projects/{two.pk}/review/", {"decision": "reject", "reason": ""})
    assert response.status_code == 400
    two.refresh_from_db()
    assert two.status == "submitted"
    # Admitting at a cost outside the category's limits is refused, and the department is not set either.
    response = c.post(f"/staff/budget/projects/{two.pk}/review/", {
        "department": str(department.pk), "decision": "admit", "reviewed_cost": "500000", "reason": "x"})
    assert response.status_code == 400 and "Вартість проєкту в категорії" in page(response)
    two.refresh_from_db()
    assert two.status == "submitted" and two.review_department is None
    assert client(cast["clerk"]).post(f"/staff/budget/projects/{two.pk}/review/", {}).status_code == 403


def test_projects_export_xlsx(town, cast, voting):
    response = client(cast["reviewer"]).get("/staff/budget/projects/", {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX


# Paper and assisted ballots.

def test_clerk_finds_the_resident_and_enters_a_paper_ballot(town, cast, voting):
    edition, rows = voting
    voter = town.person(last_name="Гнатюк", first_name="Олена", born=date(1980, 5, 17))
    c = client(cast["clerk"])
    body = page(c.get(f"/staff/budget/{edition.pk}/ballots/", {"name": "Гнатюк Олена", "birth_date": "1980-05-17"}))
    record = voter.resident_record
    assert f"?resident={record.pk}" in body
    body = page(c.get(f"/staff/budget/{edition.pk}/ballots/", {"name": "Гнатюк Олена", "birth_date": "1981-05-17"}))
    assert "У реєстрі немає нікого з таким іменем і датою народження." in body
    form = page(c.get(f"/staff/budget/{edition.pk}/ballots/", {"resident": record.pk}))
    assert "Номер паперового бюлетеня" in form
    response = c.post(f"/staff/budget/{edition.pk}/ballots/", {
        "resident": record.pk, "channel": "paper", "paper_number": "П-0001", "projects": [rows[0].pk, rows[2].pk]})
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper" and ballot.paper_number == "П-0001" and ballot.entered_by == cast["clerk"]
    edition.refresh_from_db()
    assert edition.ballots_count == 1 and Project.objects.get(pk=rows[0].pk).votes_count == 1
    # The same person again: refused, nothing changed.
    again = c.post(f"/staff/budget/{edition.pk}/ballots/", {
        "resident": record.pk, "channel": "paper", "paper_number": "П-0002", "projects": [rows[1].pk]})
    assert again.status_code == 400 and Ballot.objects.count() == 1
    # The person cannot vote online after a paper ballot either.
    assert client(voter).post("/budget/2026/ballot/", {"projects": [rows[1].pk]}).status_code == 302
    assert Ballot.objects.count() == 1
    xlsx = c.get(f"/staff/budget/{edition.pk}/ballots.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"] == XLSX
    from hromada.core.models import AuditEntry

    logged = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, object_type="participation.edition")
    assert logged.changes == {"offline_ballots": [None, 1]}


def test_paper_number_is_used_once_and_assisted_needs_consent(town, cast, voting):
    edition, rows = voting
    first, second = town.person(), town.person()
    c = client(cast["clerk"])
    url = f"/staff/budget/{edition.pk}/ballots/"
    assert c.post(url, {"resident": first.resident_record.pk, "channel": "paper", "paper_number": "17",
                        "projects": [rows[0].pk]}).status_code == 302
    reused = c.post(url, {"resident": second.resident_record.pk, "channel": "paper", "paper_number": "17",
                          "projects": [rows[0].pk]})
    assert reused.status_code == 400
    no_consent = c.post(url, {"resident": second.resident_record.pk, "channel": "assisted",
                              "projects": [rows[0].pk]})
    assert no_consent.status_code == 400
    assert "Для голосування з допомогою потрібна зафіксована згода особи." in page(no_consent)
    assert Ballot.objects.count() == 1
    assisted = c.post(url, {"resident": second.resident_record.pk, "channel": "assisted", "consent": "on",
                            "consent_note": "Згода № 3", "projects": [rows[1].pk]})
    assert assisted.status_code == 302
    assert Ballot.objects.get(resident=second.resident_record).channel == "assisted"


def test_paper_ballot_breaking_a_rule_or_for_a_stranger(town, town_b, cast, voting):
    edition, rows = voting
    c = client(cast["clerk"])
    url = f"/staff/budget/{edition.pk}/ballots/"
    voter = town.person()
    too_many = c.post(url, {"resident": voter.resident_record.pk, "channel": "paper", "paper_number": "5",
                            "projects": [rows[0].pk, rows[1].pk, rows[0].pk]})
    assert too_many.status_code == 400
    outsider = town_b.person()
    response = c.post(url, {"resident": outsider.resident_record.pk, "channel": "paper", "paper_number": "6",
                            "projects": [rows[0].pk]})
    assert response.status_code == 400
    assert uk("Choose a resident from the register of this hromada.") in page(response)
    assert Ballot.objects.count() == 0


# Results and implementation.

def _close_voting(edition):
    shift = (edition.voting_ends - _today()) + timedelta(days=1)
    fields = ("submission_starts", "submission_ends", "review_ends", "voting_starts", "voting_ends", "results_on",
              "implementation_ends")
    Edition.objects.filter(pk=edition.pk).update(**{f: getattr(edition, f) - shift for f in fields})
    edition.refresh_from_db()


def test_results_compare_and_publish_with_confirmation(town, cast, voting):
    edition, rows = voting
    for choice in ([rows[0].pk], [rows[0].pk, rows[1].pk], [rows[2].pk]):
        client(town.person()).post("/budget/2026/ballot/", {"projects": choice})
    c = client(cast["manager"])
    assert "Результати можна обчислити після завершення голосування" in page(
        c.get(f"/staff/budget/{edition.pk}/results/"))
    _close_voting(edition)
    body = page(c.get(f"/staff/budget/{edition.pk}/results/"))
    assert "Найбільше голосів" in body and "Метод рівних часток" in body
    assert c.get(f"/staff/budget/{edition.pk}/results.xlsx")["Content-Type"] == XLSX
    assert c.post(f"/staff/budget/{edition.pk}/results/", {}).status_code == 400
    edition.refresh_from_db()
    assert edition.results_published_at is None
    assert c.post(f"/staff/budget/{edition.pk}/results/", {"confirmed": "on"}).status_code == 302
    edition.refresh_from_db()
    assert edition.results_published_at is not None
    assert set(Project.objects.filter(edition=edition).values_list("status", flat=True)) <= {"winner",
                                                                                            "not_selected"}
    assert Project.objects.get(pk=rows[0].pk).status == "winner"
    assert "Результати оприлюднено" in page(client().get("/budget/2026/results/"))


def test_implementation_progress_and_milestones(town, cast):
    edition = edition_rows(town.hromada, today=_today(), phase="implementation")
    small, _large = categories(edition)
    winner = project(edition, small, title="Лавки", status="winner")
    c = client(cast["manager"])
    response = c.post(f"/staff/budget/projects/{winner.pk}/implementation/", {"progress": "60", "spent": "15000.50"})
    assert response.status_code == 302
    winner.refresh_from_db()
    assert winner.progress == 60 and winner.spent == Decimal("15000.50")
    bad = c.post(f"/staff/budget/projects/{winner.pk}/implementation/", {"progress": "160", "spent": "-1"})
    assert bad.status_code == 400
    winner.refresh_from_db()
    assert winner.progress == 60
    assert c.post(f"/staff/budget/projects/{winner.pk}/milestones/", {"title": "Закупівля"}).status_code == 302
    milestone = winner.milestones.get()
    assert c.post(f"/staff/budget/projects/{winner.pk}/milestones/{milestone.pk}/done/",
                  {"done_on": _today().isoformat()}).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == _today()
    body = page(client().get(f"/budget/2026/projects/{winner.number}/"))
    assert "Закупівля" in body and "15\u00a0000,50\u00a0грн" in body
    assert client(cast["clerk"]).post(f"/staff/budget/projects/{winner.pk}/implementation/",
                                      {"progress": "90", "spent": "1"}).status_code == 403
