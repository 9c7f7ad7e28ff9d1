"""Live open data of e-petitions (mun-petitions) and of the participatory budget (mun-budget), on both databases.

Each dataset must hold exactly what the public pages show: published petitions with their signers' names and
times (the petition page lists them), budget projects in public statuses with votes only after the voting.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.core import datasets
from hromada.core.models import StarostaDistrict
from hromada.participation.models import Edition, Petition, Project, Signature
from hromada.participation.petitions import services
from tests.apiclient import uk
from tests.core.case_builders import freeze
from tests.factories import HromadaFactory
from tests.participation.budget_builders import categories, project
from tests.participation.petition_builders import KYIV, TUESDAY, collecting, council_decision, on_moderation
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db

D = Decimal
ROOT = "http://a.localhost"
KEYS = ("participation.petitions", "participation.budget")


def rows(key: str, hromada, resource: str) -> list[tuple]:
    return list(datasets.get(key).resource(resource).rows(hromada))


def resource(key: str, name: str):
    return datasets.get(key).resource(name)


# --- e-petitions -----------------------------------------------------------------------------------------

ANSWERED_AT = datetime(2027, 1, 12, 12, 0, tzinfo=KYIV)
SECOND = datetime(2027, 1, 13, 10, 0, tzinfo=KYIV)


@pytest.fixture
def petitions(town, town_b, secretary, monkeypatch):
    """№ 1 answered by the council's decision (one signer), № 2 collecting (two signers), one on moderation;
    hromada B has a petition with a signer of its own."""
    freeze(monkeypatch, TUESDAY)
    answered = collecting(town, secretary, threshold=1, author=town.person(last_name="Мельник", first_name="Олена"))
    services.sign(answered, user=town.person(last_name="Коваленко", first_name="Петро"), hromada=town.hromada)
    freeze(monkeypatch, datetime(2026, 12, 31, 9, 0, tzinfo=KYIV))
    services.close_expired()
    freeze(monkeypatch, ANSWERED_AT)
    item, decision = council_decision(town, secretary)
    answered.refresh_from_db()
    services.answer(answered, actor=secretary, hromada=town.hromada, text="Підтримано.", position="supported",
                    agenda_item=item)

    freeze(monkeypatch, SECOND)
    second = collecting(town, secretary, threshold=3, title="Ремонт амбулаторії", text="Просимо відремонтувати.",
                        author=town.person(last_name="Ткаченко", first_name="Ірина"))
    for last_name in ("Бондаренко", "Лисенко"):
        services.sign(second, user=town.person(last_name=last_name, first_name="Тарас"), hromada=town.hromada)
    hidden = on_moderation(town, title="Ще не оприлюднена")

    foreign = collecting(town_b, town_b.staff("council_secretary"), threshold=5, title="Петиція громади Б")
    services.sign(foreign, user=town_b.person(last_name="Олійник"), hromada=town_b.hromada)
    return {"answered": answered, "second": second, "hidden": hidden, "decision": decision, "foreign": foreign}


def test_petitions_are_the_published_ones_with_their_answers(town, petitions):
    answered, second, decision = petitions["answered"], petitions["second"], petitions["decision"]
    assert rows("participation.petitions", town.hromada, "petitions") == [
        (1, "Освітлення вулиці Шевченка", "Мельник Олена Іванович", uk("the council"), TUESDAY, date(2026, 12, 30), 1,
         1, uk("answered"), date(2027, 1, 12), uk("supported"), "Підтримано.", f"{ROOT}/acts/{decision.pk}/",
         f"{ROOT}/petitions/{answered.pk}/"),
        (2, "Ремонт амбулаторії", "Ткаченко Ірина Іванович", uk("the council"), SECOND, date(2027, 2, 11), 2, 3,
         uk("collecting signatures"), None, None, None, None, f"{ROOT}/petitions/{second.pk}/"),
    ]


def test_signatures_are_the_names_and_times_the_petition_page_shows(town, petitions, client_a):
    assert rows("participation.petitions", town.hromada, "signatures") == [
        (1, 1, "Коваленко Петро Іванович", TUESDAY),
        (2, 1, "Бондаренко Тарас Іванович", SECOND),
        (2, 2, "Лисенко Тарас Іванович", SECOND),
    ]
    page = client_a.get(f"/petitions/{petitions['second'].pk}/").content.decode()
    assert "Бондаренко Тарас Іванович" in page and "Лисенко Тарас Іванович" in page
    # Nothing else about a signer is published: the resource has exactly these four columns.
    assert [f.name for f in resource("participation.petitions", "signatures").fields] == [
        "petitionNumber", "seq", "signerName", "signedAt"]


def test_unpublished_and_other_hromadas_petitions_never_appear(town, town_b, petitions):
    titles = {row[1] for row in rows("participation.petitions", town.hromada, "petitions")}
    assert titles == {"Освітлення вулиці Шевченка", "Ремонт амбулаторії"}
    assert [row[1] for row in rows("participation.petitions", town_b.hromada, "petitions")] == ["Петиція громади Б"]
    assert [row[2] for row in rows("participation.petitions", town_b.hromada, "signatures")] == [
        "Олійник Тарас Іванович"]
    assert "Олійник Тарас Іванович" not in {row[2] for row in rows("participation.petitions", town.hromada,
                                                                       "signatures")}
    assert rows("participation.petitions", town_b.hromada, "petitions")[0][-1].startswith("http://b.localhost/")


def test_petitions_changed_at_follows_publication_signatures_and_answers(town, town_b, petitions, secretary,
                                                                       monkeypatch):
    dataset = datasets.get("participation.petitions")
    petitions_at = resource("participation.petitions", "petitions").changed_at
    signatures_at = resource("participation.petitions", "signatures").changed_at
    assert (petitions_at(town.hromada), signatures_at(town.hromada)) == (SECOND, SECOND)

    signed = freeze_at(monkeypatch, 2027, 1, 14, 8)
    services.sign(petitions["second"], user=town.person(last_name="Шевченко"), hromada=town.hromada)
    assert (petitions_at(town.hromada), signatures_at(town.hromada)) == (signed, signed)
    assert rows("participation.petitions", town.hromada, "petitions")[1][6] == 3

    # A petition submitted for moderation, or another hromada's signature, is no change of this open data.
    freeze_at(monkeypatch, 2027, 1, 15, 8)
    on_moderation(town, title="Ще одна на модерації")
    services.sign(petitions["foreign"], user=town_b.person(), hromada=town_b.hromada)
    assert dataset.changed_at(town.hromada) == signed


def freeze_at(monkeypatch, *args) -> datetime:
    moment = datetime(*args, tzinfo=KYIV)
    freeze(monkeypatch, moment)
    return moment


def test_petitions_without_any_are_empty_and_unavailable(db):
    empty = HromadaFactory()
    dataset = datasets.get("participation.petitions")
    assert dataset.changed_at(empty) is None and not dataset.available(empty)
    assert rows("participation.petitions", empty, "petitions") == rows("participation.petitions", empty,
                                                                        "signatures") == []


# --- the participatory budget ----------------------------------------------------------------------------

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=KYIV)
PUBLISHED = datetime(2026, 5, 1, 10, 0, tzinfo=KYIV)


@pytest.fixture
def budget(hromada_a, hromada_b, monkeypatch):
    """2025: results published (a winner with the department's estimate, one not selected, one implemented in the
    district category, one not admitted); 2026: voting now (one admitted, one not admitted, one withdrawn, one
    draft); hromada B: an edition with a project."""
    freeze(monkeypatch, NOW)
    today = NOW.date()
    district = StarostaDistrict.objects.create(hromada=hromada_a, name="Бродівський старостинський округ")
    past = edition_rows(hromada_a, year=2025, today=today, phase="implementation", district=district)
    Edition.objects.filter(pk=past.pk).update(results_published_at=PUBLISHED, ballots_count=12)
    small, large = categories(past)
    made = {
        "winner": project(past, small, title="Дитячий майданчик", cost="50000", status="winner",
                          reviewed_cost=D("45000"), votes_count=7),
        "not_selected": project(past, small, title="Велодоріжка", cost="60000", status="not_selected", votes_count=3),
        "implemented": project(past, large, title="Сквер", cost="200000", status="implemented", votes_count=10,
                               progress=100, spent=D("195000"), implemented_on=date(2026, 5, 30),
                               address="с. Бродове, вул. Шевченка", latitude=D("48.450001"),
                               longitude=D("34.983333")),
        "rejected_past": project(past, small, title="Фонтан", status="rejected"),
    }
    current = edition_rows(hromada_a, year=2026, today=today, phase="voting")
    small_now, large_now = categories(current)
    made |= {
        "admitted": project(current, small_now, title="Лавки в парку", status="admitted", votes_count=4),
        "rejected": project(current, large_now, title="Новий стадіон", cost="150000", status="rejected",
                            reviewed_cost=D("180000")),
        "withdrawn": project(current, small_now, title="Відкликаний", status="withdrawn"),
        "draft": project(current, small_now, title="Чернетка", status="draft"),
    }
    foreign = edition_rows(hromada_b, year=2026, today=today, phase="voting")
    made["foreign"] = project(foreign, categories(foreign)[0], title="Проєкт громади Б", status="admitted")
    made |= {"past": past, "current": current, "small": small, "large": large}
    return made


def test_projects_are_the_public_ones_with_votes_only_after_the_voting(hromada_a, budget):
    b = budget

    def url(year, number):
        return f"{ROOT}/budget/{year}/projects/{number}/"

    assert rows("participation.budget", hromada_a, "projects") == [
        (b["winner"].pk, 2025, 1, "Дитячий майданчик", "Малі проєкти", None, None, None, None, D("50000"), D("45000"),
         uk("won"), 7, True, 0, D(0), None, url(2025, 1)),
        (b["not_selected"].pk, 2025, 2, "Велодоріжка", "Малі проєкти", None, None, None, None, D("60000"), None,
         uk("not selected"), 3, False, 0, D(0), None, url(2025, 2)),
        (b["implemented"].pk, 2025, 3, "Сквер", "Великі проєкти", "Бродівський старостинський округ",
         "с. Бродове, вул. Шевченка", D("48.450001"), D("34.983333"), D("200000"), None, uk("implemented"), 10, True,
         100, D("195000"), date(2026, 5, 30), url(2025, 3)),
        (b["rejected_past"].pk, 2025, 4, "Фонтан", "Малі проєкти", None, None, None, None, D("50000"), None,
         uk("not admitted"), 0, False, 0, D(0), None, url(2025, 4)),
        (b["admitted"].pk, 2026, 1, "Лавки в парку", "Малі проєкти", None, None, None, None, D("50000"), None,
         uk("admitted to voting"), None, None, 0, D(0), None, url(2026, 1)),
        (b["rejected"].pk, 2026, 2, "Новий стадіон", "Великі проєкти", None, None, None, None, D("150000"),
         D("180000"), uk("not admitted"), None, None, 0, D(0), None, url(2026, 2)),
    ]


def test_results_are_per_category_of_the_editions_with_published_results(hromada_a, budget):
    method = uk("most votes first, within each category's budget")
    assert rows("participation.budget", hromada_a, "results") == [
        (budget["small"].pk, 2025, "Малі проєкти", None, D("300000"), 12, 2, 10, 1, D("45000"), D("255000"), method,
         PUBLISHED),
        (budget["large"].pk, 2025, "Великі проєкти", "Бродівський старостинський округ", D("600000"), 12, 1, 10, 1,
         D("200000"), D("400000"), method, PUBLISHED),
    ]


def test_another_hromadas_budget_never_appears(hromada_a, hromada_b, budget):
    assert "Проєкт громади Б" not in {row[3] for row in rows("participation.budget", hromada_a, "projects")}
    assert [row[3] for row in rows("participation.budget", hromada_b, "projects")] == ["Проєкт громади Б"]
    assert rows("participation.budget", hromada_b, "results") == []


def test_budget_changed_at_follows_the_voting_the_results_and_the_projects(hromada_a, hromada_b, budget,
                                                                        monkeypatch):
    projects_at, results_at = (resource("participation.budget", "projects").changed_at,
                               resource("participation.budget", "results").changed_at)
    assert (projects_at(hromada_a), results_at(hromada_a)) == (NOW, NOW)

    # The voting of 2026 ends on 24 June: its votes come out at the start of 25 June, whenever one looks.
    current = budget["current"]
    assert current.voting_ends == date(2026, 6, 24)
    freeze(monkeypatch, datetime(2026, 6, 27, 15, 0, tzinfo=KYIV))
    closed = datetime(2026, 6, 25, 0, 0, tzinfo=KYIV)
    assert projects_at(hromada_a) == closed and results_at(hromada_a) == NOW
    assert rows("participation.budget", hromada_a, "projects")[4][12:14] == (4, None)

    # The results published: winners marked by an UPDATE (results.publish), the edition stamped.
    published = freeze_at(monkeypatch, 2026, 6, 28, 10)
    Project.objects.filter(pk=budget["admitted"].pk).update(status="winner")
    Edition.objects.filter(pk=current.pk).update(results_published_at=published)
    assert projects_at(hromada_a) == results_at(hromada_a) == published
    assert rows("participation.budget", hromada_a, "projects")[4][11:14] == (uk("won"), 4, True)
    assert len(rows("participation.budget", hromada_a, "results")) == 4

    # A project leaving the public list is a change; another hromada's project is not.
    withdrawn = freeze_at(monkeypatch, 2026, 6, 29, 10)
    rejected = budget["rejected"]
    rejected.status = "withdrawn"
    rejected.save()
    freeze_at(monkeypatch, 2026, 6, 30, 10)
    budget["foreign"].save()
    assert projects_at(hromada_a) == withdrawn
    assert "Новий стадіон" not in {row[3] for row in rows("participation.budget", hromada_a, "projects")}


def test_budget_without_editions_is_empty_and_unavailable(db):
    empty = HromadaFactory()
    dataset = datasets.get("participation.budget")
    assert dataset.changed_at(empty) is None and not dataset.available(empty)
    assert rows("participation.budget", empty, "projects") == rows("participation.budget", empty, "results") == []


# --- cost ------------------------------------------------------------------------------------------------

_numbers = itertools.count(1)


def _petitions(hromada, count: int) -> None:
    """Published petitions with a signature each, written straight to the tables."""
    for _ in range(count):
        n = next(_numbers)
        petition = Petition.objects.create(
            hromada=hromada, number=n, title=f"Петиція {n}", text="Текст", author_name=f"Автор {n}",
            author_email=f"author{n}@example.org", status="collecting", threshold=100,
            published_at=datetime(2026, 3, 1, 10, tzinfo=KYIV), ends_on=date(2026, 4, 30), signatures_count=1)
        Signature.objects.create(hromada=hromada, petition=petition, seq=1, signer_key=f"r{n}",
                                 signer_name=f"Підписант {n}", signed_at=datetime(2026, 3, 2, 10, tzinfo=KYIV),
                                 prev_hash="0" * 64, hash=f"{n:064d}")


def _projects(edition, count: int) -> None:
    small, large = categories(edition)
    for n in range(count):
        project(edition, small if n % 2 else large, status="winner" if n % 3 else "not_selected", votes_count=n)


def test_the_number_of_queries_does_not_grow_with_the_rows(hromada_a, monkeypatch):
    freeze(monkeypatch, NOW)
    past = edition_rows(hromada_a, year=2025, today=NOW.date(), phase="implementation")
    Edition.objects.filter(pk=past.pk).update(results_published_at=PUBLISHED)
    current = edition_rows(hromada_a, year=2026, today=NOW.date(), phase="voting")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for key in KEYS:
                dataset = datasets.get(key)
                for item in dataset.resources:
                    list(item.rows(hromada_a))
                dataset.changed_at(hromada_a)
        return len(captured)

    _petitions(hromada_a, 3)
    _projects(past, 2)
    _projects(current, 1)
    few = queries()
    _petitions(hromada_a, 27)
    _projects(past, 14)
    _projects(current, 13)
    assert len(rows("participation.petitions", hromada_a, "signatures")) == 30
    assert len(rows("participation.budget", hromada_a, "projects")) == 30
    assert queries() == few


def test_rows_are_lazy(hromada_a, monkeypatch):
    freeze(monkeypatch, NOW)
    _petitions(hromada_a, 1)
    edition = edition_rows(hromada_a, year=2025, today=NOW.date(), phase="implementation")
    Edition.objects.filter(pk=edition.pk).update(results_published_at=PUBLISHED)
    _projects(edition, 1)
    with CaptureQueriesContext(connection) as captured:
        pending = [item.rows(hromada_a) for key in KEYS for item in datasets.get(key).resources]
    assert len(captured) == 0 and all(next(iter(p)) for p in pending)


# --- schemas and passports -------------------------------------------------------------------------------


def test_every_schema_is_a_valid_table_schema_and_the_rows_fit_it(hromada_a, budget, monkeypatch):
    frictionless = pytest.importorskip("frictionless")
    _petitions(hromada_a, 2)
    for key in KEYS:
        for item in datasets.get(key).resources:
            descriptor = item.table_schema()
            report = frictionless.Schema.validate_descriptor(descriptor)
            assert report.valid, report.flatten(["type", "note"])
            header = [f.name for f in item.fields]
            data = frictionless.Resource(data=[header, *item.rows(hromada_a)],
                                         schema=frictionless.Schema.from_descriptor(descriptor))
            checked = data.validate()
            assert checked.valid, checked.flatten(["rowNumber", "fieldName", "type"])


def test_the_passports_are_complete_and_names_are_marked_public_by_law():
    petitions, budget = datasets.get("participation.petitions"), datasets.get("participation.budget")
    assert (petitions.obligation, budget.obligation) == ("mun-petitions", "mun-budget")
    assert "23-1" in str(petitions.basis) and "835" in str(petitions.basis)
    for dataset in (petitions, budget):
        assert len(str(dataset.description)) >= 100 and dataset.purpose and dataset.keywords and dataset.topic
        for item in dataset.resources:
            assert item.primary_key and all(f.name[0].islower() and f.name.isascii() for f in item.fields)
    marked = {(item.key, f.name) for dataset in (petitions, budget) for item in dataset.resources
              for f in item.fields if f.public_personal}
    assert marked == {("petitions", "authorName"), ("signatures", "signerName")}


def test_votes_come_out_at_the_start_of_the_day_after_the_voting_in_kyiv():
    from hromada.participation.datasets import _voting_closed_at

    assert _voting_closed_at(Edition(voting_ends=date(2026, 3, 28))) == datetime(2026, 3, 29, tzinfo=KYIV)
