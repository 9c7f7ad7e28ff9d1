"""Voters are told their ballot is counted — in batches: a burst of ballots enqueues one confirmation task per web
process and second, that run tells everyone still untold, a change is told anew, and the 15-minute job catches the
ballots a burst left behind. Paper ballots are not confirmed online."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hromada.core import jobs
from hromada.core.models.notifications import Notice
from hromada.participation.budget import voting
from hromada.participation.models import Ballot
from tests.participation.test_budget_voting import admitted, ids
from tests.participation.world import edition_rows
from tests.tasktools import run_enqueued_tasks

pytestmark = pytest.mark.django_db(transaction=True)

KIND = "participation.budget_voter"


@pytest.fixture
def edition(town, monkeypatch):
    monkeypatch.setattr(voting, "CONFIRM_EVERY", 3600.0)  # a slow machine must not split a "burst" in two
    edition = edition_rows(town.hromada, today=timezone.localdate(), changes=True)
    small, _large = edition.categories.order_by("order")
    edition.p = admitted(edition, small, 3)
    voting._confirm_enqueued.clear()  # another test's ballots in this process must not hold the next one back
    return edition


def _confirmation_tasks() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="confirm_ballots").count()


def test_a_burst_enqueues_one_task_and_everyone_is_told(town, edition):
    voters = [town.person() for _ in range(5)]
    for person in voters:
        voting.cast(edition, user=person, hromada=town.hromada, project_ids=ids(edition.p[0]))
    assert _confirmation_tasks() == 1  # five ballots within a second: one task, not five
    assert Notice.objects.filter(kind=KIND).count() == 0  # nothing told before the worker runs
    run_enqueued_tasks()
    for person in voters:
        notice = Notice.objects.get(kind=KIND, recipient=person)
        ballot = Ballot.objects.get(edition=edition, user=person)
        assert ballot.pseudonym in notice.body and "враховано" in notice.body
        assert ballot.confirmed_at is not None
    run_enqueued_tasks()
    assert Notice.objects.filter(kind=KIND).count() == 5  # a second run tells no one twice


def test_a_change_is_told_anew(town, edition):
    person = town.person()
    voting.cast(edition, user=person, hromada=town.hromada, project_ids=ids(edition.p[0]))
    run_enqueued_tasks()
    voting._confirm_enqueued.clear()
    voting.cast(edition, user=person, hromada=town.hromada, project_ids=ids(edition.p[1]))
    assert Ballot.objects.get(edition=edition, user=person).confirmed_at is None
    run_enqueued_tasks()
    assert Notice.objects.filter(kind=KIND, recipient=person).count() == 2
    assert Ballot.objects.get(edition=edition, user=person).confirmed_at is not None


def test_the_job_tells_the_ballots_a_burst_left_behind(town, edition):
    first, last = town.person(), town.person()
    voting.cast(edition, user=first, hromada=town.hromada, project_ids=ids(edition.p[0]))
    run_enqueued_tasks()  # the burst's task ran before the last ballot came
    voting.cast(edition, user=last, hromada=town.hromada, project_ids=ids(edition.p[0]))  # within the second
    assert _confirmation_tasks() == 1
    run_enqueued_tasks()
    assert not Notice.objects.filter(kind=KIND, recipient=last).exists()
    run = jobs.run_now("participation-ballot-confirmations")
    assert (run.status, run.output) == ("succeeded", "1 ballots confirmed")
    assert Notice.objects.filter(kind=KIND, recipient=last).count() == 1
    assert not Ballot.objects.filter(edition=edition, confirmed_at__isnull=True).exists()


def test_paper_ballots_are_not_confirmed_online(town, edition):
    clerk = town.staff("cnap_admin")
    person = town.person()
    voting.enter_paper(edition, actor=clerk, hromada=town.hromada, resident=person.resident_record,
                       paper_number="П-17", project_ids=ids(edition.p[0]))
    jobs.run_now("participation-ballot-confirmations")
    run_enqueued_tasks()
    assert not Notice.objects.filter(kind=KIND).exists()
