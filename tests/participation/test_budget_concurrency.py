"""Ballots under concurrency on the real database: none lost, none doubled, the chain intact."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from hromada.participation.budget import voting
from hromada.participation.budget.voting import AlreadyVoted
from hromada.participation.models import Ballot, BallotChoice, BallotLogEntry, Edition, Project, ProjectStatus
from tests.parallel import at_once as _run
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db(transaction=True)


def _projects(edition):
    small, large = edition.categories.order_by("order")
    rows = []
    for number, category in enumerate((small, small, small, large), start=1):
        rows.append(Project.objects.create(
            hromada=edition.hromada, edition=edition, category=category, number=number, title=f"Проєкт {number}",
            summary="Коротко", description="Опис", author_name="Автор", cost=Decimal("50000"),
            status=ProjectStatus.ADMITTED))
    return rows


def _consistent(edition):
    edition.refresh_from_db()
    assert edition.ballots_count == Ballot.objects.filter(edition=edition).count()
    for project in Project.objects.filter(edition=edition):
        assert project.votes_count == BallotChoice.objects.filter(project=project).count()
    assert voting.verify_log(edition).ok


def test_distinct_voters_at_once(town):
    edition = edition_rows(town.hromada, today=timezone.localdate())
    p = _projects(edition)
    people = town.crowd(12)
    choice = [p[0].pk, p[3].pk]
    results = _run([lambda person=person: voting.cast(edition, user=person, hromada=town.hromada,
                                                      project_ids=choice) for person in people])
    assert all(isinstance(result, Ballot) for result in results), results
    assert Ballot.objects.filter(edition=edition).count() == 12
    assert Project.objects.get(pk=p[0].pk).votes_count == 12 and Project.objects.get(pk=p[3].pk).votes_count == 12
    assert list(BallotLogEntry.objects.filter(edition=edition).values_list("seq", flat=True)) == list(range(1, 13))
    _consistent(edition)


def test_same_voter_many_threads(town):
    edition = edition_rows(town.hromada, today=timezone.localdate())
    p = _projects(edition)
    person = town.person()
    results = _run([lambda: voting.cast(edition, user=person, hromada=town.hromada, project_ids=[p[0].pk])] * 8)
    assert sum(isinstance(result, Ballot) for result in results) == 1
    assert sum(isinstance(result, AlreadyVoted) for result in results) == 7, results
    assert Ballot.objects.filter(edition=edition).count() == 1
    assert Project.objects.get(pk=p[0].pk).votes_count == 1
    _consistent(edition)


def test_same_voter_changing_in_parallel(town):
    edition = edition_rows(town.hromada, today=timezone.localdate(), changes=True)
    p = _projects(edition)
    person = town.person()
    choices = [[p[i % 3].pk, p[3].pk] if i % 2 else [p[i % 3].pk] for i in range(8)]
    results = _run([lambda choice=choice: voting.cast(edition, user=person, hromada=town.hromada,
                                                      project_ids=choice) for choice in choices])
    assert all(isinstance(result, Ballot) for result in results), results
    ballot = Ballot.objects.get(edition=edition)
    final = set(BallotChoice.objects.filter(ballot=ballot).values_list("project_id", flat=True))
    assert final in [set(choice) for choice in choices]
    for project in p:
        assert Project.objects.get(pk=project.pk).votes_count == (1 if project.pk in final else 0)
    assert Edition.objects.get(pk=edition.pk).ballots_count == 1
    assert BallotLogEntry.objects.filter(edition=edition).count() == 8
    last = BallotLogEntry.objects.filter(edition=edition).order_by("-seq").first()
    assert last.projects == ",".join(str(n) for n in sorted(Project.objects.get(pk=pk).number for pk in final))
    _consistent(edition)
