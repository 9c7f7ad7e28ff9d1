"""The participation demo: a petition in every state, the budget editions, real chains, idempotent seeding."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.core.demo.seed import seed_demo
from hromada.core.models import Hromada
from hromada.participation import demo
from hromada.participation.models import (
    Ballot,
    BallotLogEntry,
    Edition,
    Milestone,
    Petition,
    PetitionStatus,
    Phase,
    Project,
    ProjectStatus,
    Signature,
)
from hromada.participation.petitions import services as petitions

pytestmark = pytest.mark.django_db

# The answered petition makes its own decision.
SKIP = frozenset({"acts", "appeals", "programmes", "portal", "cnap", "opendata", "itassets"})


@pytest.fixture
def fast_passwords(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEMO_PASSWORD = "demo-pass-2026"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _counts() -> tuple:
    return tuple(model.objects.count() for model in (Petition, Signature, Edition, Project, Ballot,
                                                      BallotLogEntry, Milestone))


def test_the_demo_has_every_state_real_chains_and_seeds_once(fast_passwords):
    seed_demo(skip_apps=SKIP)
    mohyliv = Hromada.objects.get(katottg=demo.MOHYLIV)
    slobozhanska = Hromada.objects.get(katottg=demo.SLOBOZHANSKA)
    today = timezone.localdate()
    petitions_ = {p.status: p for p in Petition.objects.filter(hromada=mohyliv)}
    assert set(petitions_) == set(PetitionStatus.values)
    assert Petition.objects.filter(hromada=mohyliv, status=PetitionStatus.DRAFT).count() == 2
    assert petitions_[PetitionStatus.REFUSED].refusal_ground == "competence"
    collecting = petitions_[PetitionStatus.COLLECTING]
    assert today < collecting.ends_on <= today + timezone.timedelta(days=21)
    assert 0 < collecting.signatures_count < collecting.threshold
    considered = petitions_[PetitionStatus.CONSIDERATION]
    assert considered.case is not None and considered.signatures_count >= considered.threshold
    answered = petitions_[PetitionStatus.ANSWERED]
    assert answered.decision.hromada_id == mohyliv.pk
    assert answered.agenda_item.session.hromada_id == mohyliv.pk
    assert answered.agenda_item.decision_id == answered.decision_id
    assert answered.answered_at > answered.collection_closed_at > answered.published_at
    assert petitions_[PetitionStatus.NOT_REACHED].signatures_count < petitions_[PetitionStatus.NOT_REACHED].threshold
    for petition in Petition.objects.exclude(signatures_count=0):
        check, count_ok = petitions.recount(petition)
        assert check.ok and count_ok, petition
        assert petition.signatures.filter(signed_at__gt=petition.published_at).count() == petition.signatures_count
    assert list(Petition.objects.filter(hromada=slobozhanska).values_list("status", flat=True)) == ["collecting"]

    if Edition.objects.filter(hromada=mohyliv).exists():
        _check_budget(mohyliv, slobozhanska, today)

    before = _counts()
    seed_demo(skip_apps=SKIP)
    assert _counts() == before


def _check_budget(mohyliv, slobozhanska, today) -> None:
    from hromada.participation.budget import results, services, voting

    assert not Edition.objects.filter(hromada=slobozhanska).exists()
    now_edition = Edition.objects.get(hromada=mohyliv, year=today.year)
    assert services.phase_of(now_edition) == Phase.VOTING
    assert now_edition.projects.filter(status=ProjectStatus.ADMITTED).count() == 12
    assert now_edition.categories.count() == 3
    assert now_edition.ballots_count == Ballot.objects.filter(edition=now_edition).count() == demo.VOTERS_NOW
    last = Edition.objects.get(hromada=mohyliv, year=today.year - 1)
    assert last.results_published_at is not None
    assert last.ballots_count == Ballot.objects.filter(edition=last).count() == demo.VOTERS_LAST_YEAR
    outcome = results.compute(last)
    assert set(outcome) == {"greedy", "equal_shares"}
    assert last.projects.filter(status=ProjectStatus.IMPLEMENTED).count() == 1
    assert last.projects.filter(status__in=[ProjectStatus.WINNER, ProjectStatus.IMPLEMENTING,
                                            ProjectStatus.IMPLEMENTED]).count() >= 2
    for edition in (now_edition, last):
        assert voting.verify_log(edition).ok
        for project in edition.projects.all():
            assert project.cost == sum(item.amount for item in project.cost_items.all())
