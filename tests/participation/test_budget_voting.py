"""Online and paper ballots: eligibility, the Положення's rules, one ballot per person, the chained log."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from hromada.accounts.models import AssistedAct
from hromada.participation.budget import selectors, voting
from hromada.participation.budget.voting import AlreadyVoted, NotEligible
from hromada.participation.models import (
    Ballot,
    BallotChoice,
    BallotLogEntry,
    Project,
    ProjectStatus,
)
from tests.dbtools import audit_triggers_lifted
from tests.participation.world import edition_rows

pytestmark = pytest.mark.django_db


def settings_of(hromada, **values):
    hromada.settings = (hromada.settings or {}) | {key.replace("__", "."): value for key, value in values.items()}
    hromada.save(update_fields=["settings"])


def admitted(edition, category, n=1, *, status=ProjectStatus.ADMITTED):
    rows = []
    for _ in range(n):
        number = Project.objects.filter(edition=edition).count() + 1
        rows.append(Project.objects.create(
            hromada=edition.hromada, edition=edition, category=category, number=number, title=f"Проєкт {number}",
            summary="Коротко", description="Опис", author_name="Автор", cost=Decimal("50000"), status=status))
    return rows


@pytest.fixture
def voting_edition(town):
    edition = edition_rows(town.hromada, today=timezone.localdate(), district=town.district)
    small, large = edition.categories.order_by("order")
    edition.small, edition.large = small, large
    edition.p = admitted(edition, small, 3) + admitted(edition, large, 2)
    return edition


def ids(*projects):
    return [p.pk for p in projects]


def message(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(m for ms in error.message_dict.values() for m in ms) if hasattr(error, "error_dict") \
            else " ".join(error.messages)
    return str(error)


def test_cast_counts_and_log(town, voting_edition):
    e, p = voting_edition, voting_edition.p
    person = town.person()
    ballot = voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[0], p[1], p[3]))
    assert ballot.voter_key == f"r{person.resident_record.pk}" and ballot.channel == "online"
    e.refresh_from_db()
    assert e.ballots_count == 1
    assert [Project.objects.get(pk=x.pk).votes_count for x in p] == [1, 1, 0, 1, 0]
    link = BallotLogEntry.objects.get(edition=e)
    assert (link.seq, link.action, link.channel, link.projects) == (1, "cast", "online", "1,2,4")
    assert link.pseudonym == ballot.pseudonym and len(ballot.pseudonym) == 12 and e.last_hash == link.hash
    check = voting.verify_log(e)
    assert check.ok and check.checked == 1
    assert voting.ballot_of(e, person, town.hromada) == ballot
    assert selectors.my_ballot(e, person, town.hromada) == ballot
    assert voting.ballot_of(e, town.person(), town.hromada) is None


def test_second_ballot_refused_without_changes(town, voting_edition):
    e, p = voting_edition, voting_edition.p
    person = town.person()
    voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[0]))
    with pytest.raises(AlreadyVoted) as error:
        voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[1]))
    assert str(error.value) == "Ви вже проголосували в цьому конкурсі."
    assert Ballot.objects.count() == 1 and Project.objects.get(pk=p[1].pk).votes_count == 0


def test_ballot_change_allowed(town, voting_edition):
    e, p = voting_edition, voting_edition.p
    e.ballot_changes_allowed = True
    e.save()
    person = town.person()
    first = voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[0], p[1]))
    second = voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[1], p[2], p[3]))
    assert first.pk == second.pk and second.changed_at is not None
    e.refresh_from_db()
    assert e.ballots_count == 1
    assert [Project.objects.get(pk=x.pk).votes_count for x in p] == [0, 1, 1, 1, 0]
    assert set(BallotChoice.objects.values_list("project_id", flat=True)) == set(ids(p[1], p[2], p[3]))
    links = list(BallotLogEntry.objects.filter(edition=e).values_list("seq", "action", "projects"))
    assert links == [(1, "cast", "1,2"), (2, "changed", "2,3,4")]
    assert voting.verify_log(e).ok


@pytest.mark.parametrize(("choice", "text"), [
    (lambda p: [], "Оберіть хоча б один проєкт."),
    (lambda p: [p[0].pk, p[0].pk], "Проєкт можна обрати в бюлетені лише один раз."),
    (lambda p: [p[0].pk, p[1].pk, p[2].pk], "У категорії «Малі проєкти» можна обрати не більше 2 проєктів."),
    (lambda p: [p[3].pk, p[4].pk], "У категорії «Великі проєкти» можна обрати не більше 1 проєкту."),
    (lambda p: [999999], "Можна обирати лише проєкти, допущені до голосування в цьому конкурсі."),
    (lambda p: ["x"], "У бюлетені вказано щось, що не є проєктом."),
])
def test_ballot_rules(town, voting_edition, choice, text):
    person = town.person()
    with pytest.raises(ValidationError) as error:
        voting.cast(voting_edition, user=person, hromada=town.hromada, project_ids=choice(voting_edition.p))
    assert message(error.value) == text
    assert Ballot.objects.count() == 0 and BallotLogEntry.objects.count() == 0


def test_not_admitted_and_other_edition_projects_refused(town, voting_edition):
    rejected = admitted(voting_edition, voting_edition.small, status=ProjectStatus.REJECTED)[0]
    other = edition_rows(town.hromada, year=2025, today=timezone.localdate())
    foreign = admitted(other, other.categories.first())[0]
    for pk in (rejected.pk, foreign.pk):
        with pytest.raises(ValidationError):
            voting.cast(voting_edition, user=town.person(), hromada=town.hromada, project_ids=[pk])


def test_district_category(town, voting_edition):
    e, p = voting_edition, voting_edition.p
    outsider = town.person(house=town.other_house)
    with pytest.raises(NotEligible) as error:
        voting.cast(e, user=outsider, hromada=town.hromada, project_ids=ids(p[3]))
    assert str(error.value) == ("У категорії «Великі проєкти» можуть голосувати лише мешканці старостинського "
                                "округу.")
    voting.cast(e, user=outsider, hromada=town.hromada, project_ids=ids(p[0]))  # the common category is open
    local = town.person()
    voting.cast(e, user=local, hromada=town.hromada, project_ids=ids(p[3]))
    assert voting.check_choices(e, ids(p[0], p[3]), voter_district=town.district) == {
        p[0].pk: e.small, p[3].pk: e.large}


def test_eligibility(town, voting_edition):
    e, p = voting_edition, voting_edition.p
    today = timezone.localdate()
    sixteen = today.replace(year=today.year - 16) - timedelta(days=1)
    fifteen = today.replace(year=today.year - 15) - timedelta(days=1)
    voting.cast(e, user=town.person(born=sixteen), hromada=town.hromada, project_ids=ids(p[0]))
    with pytest.raises(NotEligible) as error:
        voting.cast(e, user=town.person(born=fifteen), hromada=town.hromada, project_ids=ids(p[0]))
    assert str(error.value) == "Це доступно мешканцям віком від 16 років."
    with pytest.raises(NotEligible) as error:
        voting.cast(e, user=town.person(status="left"), hromada=town.hromada, project_ids=ids(p[0]))
    assert "вибув" in str(error.value)
    with pytest.raises(NotEligible) as error:
        voting.cast(e, user=town.unverified(), hromada=town.hromada, project_ids=ids(p[0]))
    assert str(error.value).startswith("Ваш обліковий запис не верифіковано")
    assert Ballot.objects.count() == 1


def test_declared_worker(town, voting_edition):
    from hromada.accounts import eligibility
    from hromada.accounts.models import Membership

    e, p = voting_edition, voting_edition.p
    worker = town.unverified()
    membership = Membership.objects.get(user=worker, hromada=town.hromada)
    membership.verified_at = timezone.now()
    membership.save()
    settings_of(town.hromada, eligibility__vote__allow_declared_work_study=True)
    eligibility.declare_tie(membership, "work")
    with pytest.raises(NotEligible):  # not a resident of the district
        voting.cast(e, user=worker, hromada=town.hromada, project_ids=ids(p[3]))
    ballot = voting.cast(e, user=worker, hromada=town.hromada, project_ids=ids(p[0]))
    assert ballot.voter_key == f"u{worker.pk}" and ballot.resident is None
    assert voting.voter_key(worker, town.hromada) == (f"u{worker.pk}", None)
    settings_of(town.hromada, eligibility__vote__allow_declared_work_study=False)
    with pytest.raises(NotEligible):
        voting.voter_key(worker, town.hromada)


def test_phase_must_be_voting(town):
    edition = edition_rows(town.hromada, today=timezone.localdate(), phase="review")
    project = admitted(edition, edition.categories.first())[0]
    with pytest.raises(ValidationError) as error:
        voting.cast(edition, user=town.person(), hromada=town.hromada, project_ids=[project.pk])
    assert message(error.value) == "Голосування в цьому конкурсі зараз не триває."


def test_other_hromada_refused(town, town_b, voting_edition):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        voting.cast(voting_edition, user=town_b.person(), hromada=town_b.hromada, project_ids=ids(voting_edition.p[0]))


# Paper ballots ---------------------------------------------------------------------------------------------------

@pytest.fixture
def clerk(town):
    return town.staff("cnap_admin")


def test_paper_ballot_and_online_exclusion(town, voting_edition, clerk):
    e, p = voting_edition, voting_edition.p
    person = town.person()
    ballot = voting.enter_paper(e, actor=clerk, hromada=town.hromada, resident=person.resident_record,
                                paper_number="A-001", project_ids=ids(p[0]))
    assert (ballot.channel, ballot.paper_number, ballot.entered_by) == ("paper", "A-001", clerk)
    with pytest.raises(AlreadyVoted):
        voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[1]))
    online = town.person()
    voting.cast(e, user=online, hromada=town.hromada, project_ids=ids(p[1]))
    with pytest.raises(AlreadyVoted) as error:
        voting.enter_paper(e, actor=clerk, hromada=town.hromada, resident=online.resident_record,
                           paper_number="A-002", project_ids=ids(p[0]))
    assert str(error.value) == "Ця особа вже проголосувала онлайн."
    with pytest.raises(ValidationError) as error:
        voting.enter_paper(e, actor=clerk, hromada=town.hromada, resident=town.person().resident_record,
                           paper_number="A-001", project_ids=ids(p[0]))
    assert error.value.message_dict == {"paper_number": ["Паперовий бюлетень з таким номером уже внесено."]}
    with pytest.raises(ValidationError) as error:
        voting.enter_paper(e, actor=clerk, hromada=town.hromada, resident=town.person().resident_record,
                           paper_number=" ", project_ids=ids(p[0]))
    assert error.value.message_dict == {"paper_number": ["Вкажіть номер паперового бюлетеня."]}
    e.refresh_from_db()
    assert e.ballots_count == 2 and voting.verify_log(e).ok
    assert list(selectors.offline_ballots(e)) == [ballot]


def test_paper_eligibility_from_register(town, voting_edition, clerk):
    from hromada.registers import services as register_services
    from hromada.registers.models import Resident

    e, p = voting_edition, voting_edition.p
    today = timezone.localdate()
    young = register_services.save_resident(Resident(
        last_name="Мельник", first_name="Ян", patronymic="", birth_date=today.replace(year=today.year - 15),
        sex="m", building=town.house, status="registered"), actor=town.keeper, hromada=town.hromada)
    with pytest.raises(NotEligible):
        voting.enter_paper(e, actor=clerk, hromada=town.hromada, resident=young, paper_number="1",
                           project_ids=ids(p[0]))
    left = town.person(status="left").resident_record
    with pytest.raises(NotEligible):
        voting.enter_paper(e, actor=clerk, hromada=town.hromada, resident=left, paper_number="1",
                           project_ids=ids(p[0]))
    unlinked = register_services.save_resident(Resident(
        last_name="Мельник", first_name="Ян", patronymic="", birth_date=date(1950, 1, 1), sex="m",
        building=town.house, status="registered"), actor=town.keeper, hromada=town.hromada)
    ballot = voting.enter_paper(e, actor=clerk, hromada=town.hromada, resident=unlinked, paper_number="1",
                                project_ids=ids(p[3]))
    assert ballot.voter_key == f"r{unlinked.pk}" and ballot.user is None


def test_paper_needs_capability(town, voting_edition):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        voting.enter_paper(voting_edition, actor=town.person(), hromada=town.hromada,
                           resident=town.person().resident_record, paper_number="1",
                           project_ids=ids(voting_edition.p[0]))
    assert Ballot.objects.count() == 0


def test_assisted_counted(town, voting_edition, clerk):
    from hromada.accounts import assisted
    from hromada.core.models import AuditEntry

    person = town.person()
    ballot = voting.enter_paper(voting_edition, actor=clerk, hromada=town.hromada,
                                resident=person.resident_record, paper_number="Ц-7",
                                project_ids=ids(voting_edition.p[0]), assisted=True, consent_note="усна згода")
    assert ballot.channel == "assisted"
    act = AssistedAct.objects.get()
    assert (act.staff, act.person, act.action) == (clerk, person, "budget_vote") and act.consent is not None
    assert sum(row["total"] for row in assisted.monthly_counts(town.hromada)) == 1
    other = voting.enter_paper(voting_edition, actor=clerk, hromada=town.hromada,
                               resident=town.person().resident_record, paper_number="",
                               project_ids=ids(voting_edition.p[0]), assisted=True)
    assert (other.channel, other.paper_number) == ("assisted", "")  # no paper form needed when assisted
    assert AuditEntry.objects.filter(object_type__icontains="ballot").exists()


def test_tampering_detected(town, voting_edition):
    e, p = voting_edition, voting_edition.p
    for person in town.crowd(3):
        voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[0]))
    assert voting.verify_log(e).ok
    link = BallotLogEntry.objects.get(edition=e, seq=2)
    with audit_triggers_lifted("participation_ballotlogentry"), connection.cursor() as cursor:
        cursor.execute("UPDATE participation_ballotlogentry SET projects = %s WHERE id = %s", ["2", link.pk])
    check = voting.verify_log(e)
    assert not check.ok and check.broken_at == 2


def test_counts_recomputed(town, voting_edition):
    e, p = voting_edition, voting_edition.p
    for person in town.crowd(2):
        voting.cast(e, user=person, hromada=town.hromada, project_ids=ids(p[0]))
    assert voting.verify_log(e).ok
    Project.objects.filter(pk=p[0].pk).update(votes_count=5)
    check = voting.verify_log(e)
    assert check.chain.ok and not check.ok and "votes_count 5 != 2" in check.reason
    Project.objects.filter(pk=p[0].pk).update(votes_count=2)
    type(e).objects.filter(pk=e.pk).update(ballots_count=3)
    assert not voting.verify_log(e).ok


