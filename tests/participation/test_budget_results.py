"""Results of an edition from the database: both rules per category, the comparison for pages, the Pabulib
export, and publishing (permission, only after the voting, once, statuses, audit, notices)."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hromada.core.models import AuditEntry
from hromada.core.models.notifications import Notice
from hromada.participation.budget import pabulib, results, tally
from hromada.participation.models import Ballot, BallotChoice, Project, ProjectStatus
from tests.participation.world import edition_rows

D = Decimal


def build(town, *, phase="results", method="greedy"):
    """Small category (budget set to 200 000): S1, S2, S3 cost 100 000; voters 1–3 choose S1 and S2, voters 4–5
    choose S3. Large category (600 000): L1 150 000 chosen by voters 1–3, L2 400 000 by voter 4.

    Greedy, small: S1, S2 (3 votes each) spend 200 000, S3 does not fit. Equal shares, small: 5 voters, share
    40 000: S1 costs its 3 supporters 33 333.33 each; S2 is then unaffordable (3 × 6 666.67) and S3 too (2 × 40 000
    < 100 000): spent 100 000, S3 would fit, so Add1 raises the share; at 50 000 S1 (ρ/cost 1/3) then S3 (ρ/cost
    1/2, its 2 supporters paying 50 000 each) are bought: 200 000, exhaustive. Equal shares picks S1, S3.
    Large: both rules pick L1, L2 (550 000); equal shares reaches L2 at share 400 000 (4 voters)."""
    today = timezone.localdate()
    edition = edition_rows(town.hromada, today=today, phase=phase, method=method)
    small, large = list(edition.categories.order_by("order"))
    small.budget = D(200000)
    small.save(update_fields=["budget"])
    authors = [town.person() for _ in range(2)]
    voters = [town.person() for _ in range(5)]
    start = timezone.now() - timedelta(days=100)
    made = {}
    for number, (code, category, cost) in enumerate(
            [("S1", small, 100000), ("S2", small, 100000), ("S3", small, 100000), ("L1", large, 150000),
             ("L2", large, 400000), ("R", small, 50000)], start=1):
        made[code] = Project.objects.create(
            hromada=town.hromada, edition=edition, category=category, number=number, title=f"Проєкт {code}",
            summary="Коротко", description="Опис", author=authors[number % 2], author_name="Автор",
            cost=D(cost) + 1 if code == "S3" else D(cost), reviewed_cost=D(cost) if code == "S3" else None,
            status=ProjectStatus.REJECTED if code == "R" else ProjectStatus.ADMITTED,
            submitted_at=start + timedelta(hours=number))
    choices = [("S1", "S2", "L1"), ("S1", "S2", "L1"), ("S1", "S2", "L1"), ("S3", "L2"), ("S3",)]
    for i, (person, chosen) in enumerate(zip(voters, choices, strict=True), start=1):
        ballot = Ballot.objects.create(hromada=town.hromada, edition=edition, voter_key=f"r{i}", user=person,
                                       pseudonym=f"p{i:04d}", cast_at=start + timedelta(days=80))
        for code in chosen:
            BallotChoice.objects.create(ballot=ballot, project=made[code], category=made[code].category)
    return edition, made, authors, voters


def test_compute_gives_both_rules_per_category(town):
    edition, made, _authors, _voters = build(town)
    small, large = list(edition.categories.order_by("order"))
    out = results.compute(edition)
    number = {code: p.number for code, p in made.items()}
    assert out["greedy"][small.pk].selected == [number["S1"], number["S2"]]
    assert out["equal_shares"][small.pk].selected == [number["S1"], number["S3"]]
    assert out["equal_shares"][small.pk].share == 50000
    assert out["greedy"][large.pk].selected == out["equal_shares"][large.pk].selected == [number["L1"],
                                                                                        number["L2"]]
    # The department's estimate counts, and a project not admitted is not in the tally.
    rows = {r.id: r for r in out["greedy"][small.pk].rows}
    assert rows[number["S3"]].cost == D(100000) and number["R"] not in rows
    assert out["greedy"][small.pk].voters == 5 and out["greedy"][large.pk].voters == 4


def test_comparison_rows_for_the_results_page(town):
    edition, _made, _authors, _voters = build(town)
    pages = results.comparison(edition)
    assert [p["category"].name for p in pages] == ["Малі проєкти", "Великі проєкти"]
    small = pages[0]
    assert [(r["title"], r["votes"], r["cost"], r["greedy"], r["equal_shares"], r["official"])
            for r in small["rows"]] == [
        ("Проєкт S1", 3, D(100000), True, True, True),
        ("Проєкт S2", 3, D(100000), True, False, True),
        ("Проєкт S3", 2, D(100000), False, True, False),
    ]
    assert str(small["rows"][2]["greedy_reason"]) == "не вміщується в залишок бюджету"
    assert str(small["rows"][2]["equal_shares_reason"]) == "оплачено з рівних часток його прихильників"


def test_pabulib_export_of_the_edition_recomputes_to_the_same_outcome(town):
    from pabutools.election.pabulib import parse_pabulib_from_string

    edition, made, _authors, _voters = build(town, method="equal_shares")
    data = pabulib.export_edition(edition)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        texts = [archive.read(n).decode() for n in names]
    assert len(names) == 2 and all(n.endswith(".pb") for n in names)
    small = pabulib.parse(texts[0])
    assert small.meta["unit"] == town.hromada.name and small.meta["rule"] == "equalshares"
    assert small.meta["instance"] == "2026 Малі проєкти" and small.meta["country"] == "Ukraine"
    assert sorted(v for v, _b in small.ballots) == ["p0001", "p0002", "p0003", "p0004", "p0005"]
    assert small.selected == {str(made["S1"].number), str(made["S3"].number)}
    assert small.tally().selected == [str(made["S1"].number), str(made["S3"].number)]
    assert small.tally(tally.GREEDY).selected == [str(made["S1"].number), str(made["S2"].number)]
    instance, profile = parse_pabulib_from_string(texts[1])
    assert sorted(p.name for p in instance) == [str(made["L1"].number), str(made["L2"].number)]
    assert profile.num_ballots() == 4
    # Voters are named by pseudonym only: no names, e-mails or register keys in the file.
    assert "r1" not in "".join(texts).split("VOTES")[1].split() and "@" not in "".join(texts)


@pytest.mark.parametrize(("method", "winners"), [("greedy", {"S1", "S2", "L1", "L2"}),
                                                  ("equal_shares", {"S1", "S3", "L1", "L2"})])
def test_publish_marks_winners_by_the_official_rule(town, method, winners, django_capture_on_commit_callbacks):
    edition, made, _authors, voters = build(town, method=method)
    manager = town.staff("programme_manager")
    with django_capture_on_commit_callbacks(execute=True):
        results.publish(edition, actor=manager, hromada=town.hromada)
    statuses = {code: Project.objects.get(pk=p.pk).status for code, p in made.items()}
    assert statuses == {code: (ProjectStatus.REJECTED if code == "R" else ProjectStatus.WINNER if code in winners
                               else ProjectStatus.NOT_SELECTED) for code in made}
    edition.refresh_from_db()
    assert edition.results_published_at is not None
    entry = AuditEntry.objects.get(object_type="participation.edition", object_id=str(edition.pk),
                                   changes__has_key="results")
    assert entry.action == "update" and entry.actor_id == manager.pk
    assert sorted(entry.changes["winners"]) == sorted(made[c].number for c in winners)
    # Every voter is told; the authors hear about their projects.
    told = set(Notice.objects.filter(kind=results.RESULTS_KIND).values_list("recipient_id", flat=True))
    assert told == {v.pk for v in voters}
    assert Notice.objects.filter(kind="participation.budget_author").count() == 5


def test_publish_only_once_and_only_after_the_voting(town):
    edition, _made, _authors, _voters = build(town)
    manager = town.staff("programme_manager")
    results.publish(edition, actor=manager, hromada=town.hromada)
    with pytest.raises(ValidationError) as error:
        results.publish(edition, actor=manager, hromada=town.hromada)
    assert error.value.message_dict["edition"] == ["Результати цього бюджету участі вже оприлюднено."]


def test_publish_during_the_voting_is_refused_and_changes_nothing(town):
    edition, _made, _authors, _voters = build(town, phase="voting")
    with pytest.raises(ValidationError) as error:
        results.publish(edition, actor=town.staff("programme_manager"), hromada=town.hromada)
    assert error.value.message_dict["edition"] == ["Результати можна оприлюднити лише після завершення голосування."]
    assert set(Project.objects.filter(edition=edition).values_list("status", flat=True)) == {
        ProjectStatus.ADMITTED, ProjectStatus.REJECTED}
    edition.refresh_from_db()
    assert edition.results_published_at is None


def test_publish_needs_the_capability_and_the_same_hromada(town, town_b):
    edition, _made, _authors, voters = build(town)
    with pytest.raises(PermissionDenied):
        results.publish(edition, actor=voters[0], hromada=town.hromada)
    with pytest.raises(PermissionDenied):
        results.publish(edition, actor=town_b.staff("programme_manager"), hromada=town_b.hromada)
    edition.refresh_from_db()
    assert edition.results_published_at is None
    assert not Project.objects.filter(edition=edition, status=ProjectStatus.WINNER).exists()
