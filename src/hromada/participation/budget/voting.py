"""Ballots: one per person per edition, online or on paper, never lost or doubled. CONTRACT (budget-core work).

The ballot row is unique per (edition, voter_key) in the database; the choices, the projects' ``votes_count``,
the edition's ``ballots_count`` and the chained log link are written in the same transaction under the
edition's row lock, so every count can be recomputed from the rows.

Added beyond the contract: ``pseudonym_of``, ``log_fields``, ``LogCheck`` (what ``verify_log`` returns).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.accounts import eligibility
from hromada.accounts.models import AssistedAct, Consent, Membership
from hromada.core import audit, enqueue, rawsql
from hromada.core.hromada_settings import get_setting
from hromada.core.models import AuditEntry
from hromada.core.schemas import MAX_ID
from hromada.core.services import check_can, check_same_hromada
from hromada.participation import chain
from hromada.participation.models import (
    Ballot,
    BallotChannel,
    BallotChoice,
    BallotLogEntry,
    Category,
    Edition,
    Phase,
    Project,
    ProjectStatus,
)

CAPABILITY_BALLOTS = "participation.budget_ballots"
MAX_CHOICES = 100  # more than any Положення allows on one ballot; a longer list is not a ballot
ASSISTED_ACTION = "budget_vote"


class NotEligible(PermissionDenied):
    """The eligibility check refused (or the person may not vote in a district category); API: 403."""


class AlreadyVoted(Exception):
    """A ballot of this person is in, and the Положення does not allow changing it; API: 409."""


def _membership(user, hromada) -> Membership | None:
    return eligibility.membership_for(user, hromada)


def _key_of(user, hromada, membership) -> tuple[str, object | None]:
    if membership is not None and membership.is_verified:
        return f"r{membership.resident_id}", membership.resident
    if (membership is not None and membership.verified_at and membership.declared_tie
            and get_setting(hromada, "eligibility.vote.allow_declared_work_study")):
        return f"u{user.pk}", None
    raise NotEligible(_("Only verified residents may vote in the participatory budget."))


def voter_key(user, hromada) -> tuple[str, object | None]:
    """("r<resident id>", resident) for a verified register member, ("u<user id>", None) for a declared worker
    or student; raises NotEligible otherwise."""
    if user is None or not user.is_authenticated:
        raise NotEligible(_("Sign in to take part."))
    return _key_of(user, hromada, _membership(user, hromada))


def pseudonym_of(edition: Edition, key: str) -> str:
    """How the public ballot log names a voter: 12 hex digits of HMAC-SHA256(edition secret, voter key)."""
    return hmac.new(edition.pseudonym_secret.encode(), key.encode(), hashlib.sha256).hexdigest()[:12]


def log_fields(edition_id: int, seq: int, pseudonym: str, action: str, channel: str, projects: str, at) -> list:
    """The public fields of a ballot log link in the order they are hashed."""
    return [edition_id, seq, pseudonym, action, channel, projects, at]


def check_choices(edition: Edition, project_ids: list[int], *, voter_district=None) -> dict:
    """The Положення's rules on one ballot: admitted projects of this edition, at most ``votes_per_voter`` per
    category, district categories only for their district, no repeats, at least one project. Returns
    {project_id: category}; raises ValidationError naming the broken rule (API: 400)."""
    return {pk: project.category for pk, project in _check(edition, project_ids, voter_district).items()}


def _check(edition: Edition, project_ids, voter_district) -> dict[int, Project]:
    try:
        ids = [int(pk) for pk in (project_ids or [])]
    except (TypeError, ValueError):
        raise ValidationError({"projects": _("The ballot lists something that is not a project.")}) from None
    if not ids:
        raise ValidationError({"projects": _("Choose at least one project.")})
    if len(ids) > MAX_CHOICES or not all(0 < pk <= MAX_ID for pk in ids):
        raise ValidationError({"projects": _("Only projects admitted to the voting of this edition may be "
                                             "chosen.")})
    if len(set(ids)) != len(ids):
        raise ValidationError({"projects": _("A project may be chosen only once on a ballot.")})
    # On every ballot of a voting day: plain SQL (core/rawsql.py), the projects with their categories.
    found = rawsql.fetch([Project, Category], (
        f"SELECT {rawsql.columns(Project, 'p')}, {rawsql.columns(Category, 'c')} "  # noqa: S608
        f"FROM {rawsql.q(Project._meta.db_table)} p JOIN {rawsql.q(Category._meta.db_table)} c "
        f"ON c.id = p.category_id WHERE p.edition_id = %s AND p.status = %s "
        f"AND p.id IN ({', '.join(['%s'] * len(ids))})"), [edition.pk, ProjectStatus.ADMITTED, *ids])
    projects = {}
    for project, category in found:
        project.category = category
        projects[project.pk] = project
    if len(projects) != len(ids):
        raise ValidationError({"projects": _("Only projects admitted to the voting of this edition may be "
                                             "chosen.")})
    per_category: dict[int, list] = {}
    for project in projects.values():
        per_category.setdefault(project.category_id, []).append(project)
    for chosen in per_category.values():
        category = chosen[0].category
        if len(chosen) > category.votes_per_voter:
            raise ValidationError({"projects": ngettext(
                "In the category «%(category)s» you may choose at most %(n)s project.",
                "In the category «%(category)s» you may choose at most %(n)s projects.",
                category.votes_per_voter) % {"category": category.name, "n": category.votes_per_voter}})
        district_id = category.starosta_district_id
        if district_id is not None and getattr(voter_district, "pk", voter_district) != district_id:
            raise NotEligible(_("Only residents of the starosta district may vote in the category "
                                "«%(category)s».") % {"category": category.name})
    return projects


def _projects_text(projects) -> str:
    return ",".join(str(number) for number in sorted(project.number for project in projects))


def _append_log(edition_id: int, hromada_id: int, *, new_ballot: bool, pseudonym: str, action: str, channel: str,
                projects: str, at, counts: tuple = ()) -> str:
    """The next link of the edition's public log. Takes the edition's row lock, then writes the link, the projects'
    vote ``counts`` (``rawsql.add_to_sql`` statements) and the edition's count, length and chain head as one
    statement (core/rawsql.run_together): two round trips under the lock of the hottest row of a voting day, and
    one new version of it per ballot. Returns the link's hash."""
    table = rawsql.q(Edition._meta.db_table)
    prev_hash, length = rawsql.one(
        f"SELECT last_hash, log_length FROM {table} WHERE id = %s{rawsql.for_update()}", [edition_id])  # noqa: S608
    seq = length + 1
    digest = chain.link_hash(prev_hash, log_fields(edition_id, seq, pseudonym, action, channel, projects, at))
    link = BallotLogEntry(hromada_id=hromada_id, edition_id=edition_id, seq=seq, pseudonym=pseudonym, action=action,
                          channel=channel, projects=projects, at=at, prev_hash=prev_hash, hash=digest)
    rawsql.run_together([
        rawsql.insert_sql(link), *counts,
        (f"UPDATE {table} SET ballots_count = ballots_count + %s, log_length = %s, last_hash = %s "  # noqa: S608
         "WHERE id = %s", [int(new_ballot), seq, digest, edition_id])])
    return digest


def _insert(edition: Edition, *, key: str, resident, user, channel: str, projects: dict, paper_number: str = "",
            entered_by=None) -> Ballot | None:
    """The ballot, its choices, the counts and its log link; None when this voter's ballot is already in.

    The unique (edition, voter_key) decides who is first without any lock, so ballots of different people go in
    side by side; they queue only for the edition's row, taken last and held for two statements and the commit
    (``_append_log``). Every writer takes the ballot row before the edition and the edition before the projects,
    so two ballots cannot deadlock."""
    now = timezone.now()
    ballot = Ballot(hromada_id=edition.hromada_id, edition_id=edition.pk, voter_key=key, resident=resident,
                    user=user, channel=channel, paper_number=paper_number, entered_by=entered_by,
                    pseudonym=pseudonym_of(edition, key), cast_at=now)
    if rawsql.insert(ballot, unique=("edition_id", "voter_key")) is None:
        return None
    rawsql.insert_rows(BallotChoice, ("ballot_id", "project_id", "category_id"),
                     [(ballot.pk, pk, project.category_id) for pk, project in sorted(projects.items())])
    _append_log(edition.pk, edition.hromada_id, new_ballot=True, pseudonym=ballot.pseudonym,
                action=BallotLogEntry.Action.CAST, channel=channel, projects=_projects_text(projects.values()), at=now,
                counts=(rawsql.add_to_sql(Project, "votes_count", sorted(projects), +1),))
    return ballot


def _insert_in_one_statement(edition: Edition, *, key: str, resident, user, projects: dict) -> Ballot | None:
    """What ``_insert`` does for an online ballot, as one PostgreSQL statement, so that the edition's row is
    locked only while the database itself runs the rest of that statement: no round trip to a Python thread that
    must first win its interpreter lock back while every other ballot waits (docs/decisions/0011).

    The parts run in this order because each reads the one before: the ballot row (the unique key decides who
    is first), its choices, the edition's row lock with its chain head and length (only if the ballot went in),
    the edition's new count, length and head — the link's SHA-256 computed by the database over exactly the
    payload ``chain.link_hash`` hashes (the previous hash, then the fields joined by U+001F) — the log link, and
    last the projects' counts. ``verify_log`` recomputes every link in Python."""
    now = timezone.now()
    ballot = Ballot(hromada_id=edition.hromada_id, edition_id=edition.pk, voter_key=key, resident=resident,
                    user=user, channel=BallotChannel.ONLINE, paper_number="", entered_by=None,
                    pseudonym=pseudonym_of(edition, key), cast_at=now)
    ballot_sql, ballot_params = rawsql.insert_sql(ballot)
    choices = sorted((pk, project.category_id) for pk, project in projects.items())
    numbers = _projects_text(projects.values())
    # The payload after the edition id and the number, which only the locked row knows.
    tail = chain.SEPARATOR + chain.joined([ballot.pseudonym, BallotLogEntry.Action.CAST, BallotChannel.ONLINE,
                                          numbers, now])
    e, c, log, p = (rawsql.q(m._meta.db_table) for m in (Edition, BallotChoice, BallotLogEntry, Project))
    at = BallotLogEntry._meta.get_field("at").get_db_prep_save(now, connection)
    row = rawsql.one(
        f"WITH b AS ({ballot_sql} ON CONFLICT (edition_id, voter_key) DO NOTHING RETURNING id), "  # noqa: S608
        f"c AS (INSERT INTO {c} (ballot_id, project_id, category_id) SELECT b.id, v.p, v.c FROM b "
        f"CROSS JOIN (VALUES {', '.join(['(%s::bigint, %s::bigint)'] * len(choices))}) AS v(p, c) RETURNING 1), "
        f"old AS (SELECT id, last_hash, log_length FROM {e} WHERE id = %s AND EXISTS (SELECT 1 FROM b) "
        "FOR NO KEY UPDATE), "
        f"upd AS (UPDATE {e} AS ed SET ballots_count = ed.ballots_count + 1, log_length = old.log_length + 1, "
        "last_hash = encode(sha256(convert_to(old.last_hash || chr(31) || old.id::text || chr(31) || "
        "(old.log_length + 1)::text || %s, 'UTF8')), 'hex') FROM old WHERE ed.id = old.id "
        "RETURNING ed.log_length AS seq, ed.last_hash AS hash, old.last_hash AS prev_hash), "
        f"ins AS (INSERT INTO {log} (hromada_id, edition_id, seq, pseudonym, action, channel, projects, at, "
        "prev_hash, hash) SELECT %s, %s, upd.seq, %s, %s, %s, %s, %s, upd.prev_hash, upd.hash FROM upd "
        "RETURNING 1), "
        f"cnt AS (UPDATE {p} SET votes_count = votes_count + 1 WHERE id IN ({', '.join(['%s'] * len(choices))}) "
        "AND EXISTS (SELECT 1 FROM upd) RETURNING 1) "
        "SELECT b.id, (SELECT count(*) FROM c), (SELECT count(*) FROM ins), (SELECT count(*) FROM cnt) FROM b",
        [*ballot_params, *(value for choice in choices for value in choice), edition.pk, tail,
         edition.hromada_id, edition.pk, ballot.pseudonym, BallotLogEntry.Action.CAST, BallotChannel.ONLINE,
         numbers, at, *(pk for pk, _ in choices)])
    if row is None:
        return None
    ballot.pk, chosen, linked, counted = row
    if (chosen, linked, counted) != (len(choices), 1, len(choices)):  # cannot happen: refuse rather than guess
        raise RuntimeError(f"ballot {ballot.pk}: {chosen} choices, {linked} links, {counted} counts written")
    ballot._state.adding = False
    return ballot


def _change(edition: Edition, ballot: Ballot, projects: dict) -> Ballot:
    now = timezone.now()
    rawsql.one(f"SELECT id FROM {rawsql.q(Edition._meta.db_table)} WHERE id = %s{rawsql.for_update()}",  # noqa: S608
               [edition.pk])  # the edition's lock before the projects' counts, as in _insert
    old = set(BallotChoice.objects.filter(ballot=ballot).values_list("project_id", flat=True))
    new = set(projects)
    if old - new:
        BallotChoice.objects.filter(ballot=ballot, project_id__in=old - new).delete()
        rawsql.add_to(Project, "votes_count", sorted(old - new), -1)
    if new - old:
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, project_id=pk,
                                                       category_id=projects[pk].category_id)
                                          for pk in new - old])
        rawsql.add_to(Project, "votes_count", sorted(new - old), +1)
    ballot.changed_at, ballot.confirmed_at = now, None
    Ballot.objects.filter(pk=ballot.pk).update(changed_at=now, confirmed_at=None)  # the change is told anew
    _append_log(edition.pk, edition.hromada_id, new_ballot=False, pseudonym=ballot.pseudonym,
                action=BallotLogEntry.Action.CHANGED, channel=ballot.channel,
                projects=_projects_text(projects.values()), at=now)
    return ballot


def _check_phase(edition: Edition) -> None:
    from hromada.participation.budget.services import phase_of

    if phase_of(edition) != Phase.VOTING:
        raise ValidationError({"projects": _("The voting of this edition is not open.")})


def cast(edition: Edition, *, user, hromada, project_ids: list[int]) -> Ballot:
    """An online ballot during the voting phase; a second one changes the first when allowed, else
    AlreadyVoted."""
    check_same_hromada(edition, hromada)
    membership = _membership(user, hromada) if user is not None and user.is_authenticated else None
    decision = eligibility.check(user, hromada, "vote", membership=membership)
    if not decision:
        raise NotEligible(decision.reason)
    key, resident = _key_of(user, hromada, membership)
    _check_phase(edition)
    district = None
    if resident is not None:
        facts = eligibility.resident_facts(membership)
        district = facts.starosta_district if facts else None
    projects = _check(edition, project_ids, district)
    one_statement = connection.vendor == "postgresql"
    # On PostgreSQL outside a transaction block the statement is its own transaction: the edition's lock ends
    # inside the database with it, not after another round trip (within a caller's transaction it simply joins).
    ballot = (_insert_in_one_statement(edition, key=key, resident=resident, user=user, projects=projects)
              if one_statement else None)
    with transaction.atomic():
        if not one_statement:
            ballot = _insert(edition, key=key, resident=resident, user=user, channel=BallotChannel.ONLINE,
                             projects=projects)
        if ballot is None:
            existing = Ballot.objects.get(edition_id=edition.pk, voter_key=key)
            if not (edition.ballot_changes_allowed and existing.channel == BallotChannel.ONLINE):
                raise AlreadyVoted(_("You have already voted in this edition."))
            ballot = _change(edition, existing, projects)
    _confirm_soon(edition.pk)
    return ballot


CONFIRM_EVERY = 1.0  # seconds: at most one confirmation task per edition and web process in this time
_confirm_enqueued: dict[int, float] = {}
_confirm_lock = threading.Lock()


def _confirm_soon(edition_id: int) -> None:
    """Have the voter told the ballot is counted (notices.confirm_ballots, by the worker). A task per ballot was a
    tenth of a ballot's cost at a peak, so each web process enqueues at most one per edition a second, and that
    run confirms every ballot still unconfirmed; the 15-minute job catches the last ones of a burst."""
    from hromada.participation.budget import notices

    now = time.monotonic()
    with _confirm_lock:
        if now - _confirm_enqueued.get(edition_id, -CONFIRM_EVERY) < CONFIRM_EVERY:
            return
        _confirm_enqueued[edition_id] = now
    enqueue.after_commit(notices.confirm_ballots, edition_id)


def _check_resident(resident, hromada) -> object | None:
    """Eligibility by the register record itself (paper ballots); returns the record's starosta district."""
    if resident is None or resident.hromada_id != hromada.pk:
        raise ValidationError({"resident": _("Choose a resident from the register of this hromada.")})
    if resident.status not in eligibility.allowed_statuses(hromada, "vote"):
        raise NotEligible(_("The person's status in the residents register («%(status)s») does not allow voting.")
                          % {"status": resident.get_status_display()})
    minimum = int(get_setting(hromada, "eligibility.vote.min_age"))
    if eligibility.age_on(resident.birth_date, timezone.localdate()) < minimum:
        raise NotEligible(_("This is open to residents aged %(age)s and over.") % {"age": minimum})
    building = resident.building
    settlement = building.street.settlement if building is not None else None
    return settlement.starosta_district if settlement is not None else None


def enter_paper(edition: Edition, *, actor, hromada, resident, paper_number: str, project_ids: list[int],
                assisted: bool = False, consent_note: str = "") -> Ballot:
    """Staff (``participation.budget_ballots``) enter a paper ballot with its number, or vote for a resident at
    the ЦНАП with recorded consent (assisted: counted in the public assisted-acts figures). A person who voted
    online cannot vote on paper (AlreadyVoted), a paper number is used once."""
    check_can(actor, hromada, CAPABILITY_BALLOTS)
    check_same_hromada(edition, hromada)
    paper_number = " ".join((paper_number or "").split())
    if not paper_number and not assisted:  # an assisted vote at the ЦНАП may have no paper form
        raise ValidationError({"paper_number": _("Give the number of the paper ballot.")})
    if len(paper_number) > 30:
        raise ValidationError({"paper_number": _("The ballot number is at most 30 characters.")})
    district = _check_resident(resident, hromada)
    _check_phase(edition)
    projects = _check(edition, project_ids, district)
    key = f"r{resident.pk}"
    channel = BallotChannel.ASSISTED if assisted else BallotChannel.PAPER
    person = Membership.objects.filter(hromada=hromada, resident=resident).select_related("user").first()
    with transaction.atomic():
        try:
            with transaction.atomic():  # a used paper number breaks the partial unique constraint
                ballot = _insert(edition, key=key, resident=resident, user=person.user if person else None,
                                 channel=channel, projects=projects, paper_number=paper_number, entered_by=actor)
        except IntegrityError:
            raise ValidationError({"paper_number": _("A paper ballot with this number has already been "
                                                     "entered.")}) from None
        if ballot is None:
            existing = Ballot.objects.get(edition_id=edition.pk, voter_key=key)
            if existing.channel == BallotChannel.ONLINE:
                raise AlreadyVoted(_("This person has already voted online."))
            raise AlreadyVoted(_("This person has already voted on paper."))
        if assisted:
            _assisted_act(hromada, actor, person.user if person else None, consent_note)
        audit.record(AuditEntry.Action.CREATE, ballot, actor=actor, hromada=hromada,
                     changes={"paper_number": [None, paper_number], "channel": [None, channel]})
    return ballot


def _assisted_act(hromada, staff, person, consent_note: str) -> None:
    from hromada.accounts import services as account_services

    consent = None
    if person is not None:
        consent = account_services.give_consent(person, hromada, purpose=Consent.Purpose.ASSISTED,
                                                channel="ЦНАП", recorded_by=staff)
    AssistedAct.objects.create(hromada=hromada, staff=staff, person=person, action=ASSISTED_ACTION,
                               consent=consent)


def ballot_of(edition: Edition, user, hromada) -> Ballot | None:
    if user is None or not user.is_authenticated or edition.hromada_id != hromada.pk:
        return None
    membership = _membership(user, hromada)
    keys = [f"u{user.pk}"]
    if membership is not None and membership.resident_id:
        keys.append(f"r{membership.resident_id}")
    return (Ballot.objects.filter(edition_id=edition.pk, voter_key__in=keys)
            .prefetch_related("choices__project").first())


@dataclass(frozen=True)
class LogCheck:
    """The chain check plus the recount of ballots and votes from the rows."""

    chain: chain.ChainCheck
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems

    @property
    def checked(self) -> int:
        return self.chain.checked

    @property
    def broken_at(self):
        return self.chain.broken_at

    @property
    def reason(self) -> str:
        return self.chain.reason or "; ".join(self.problems)


def verify_log(edition: Edition) -> LogCheck:
    """Recompute the edition's ballot log chain (chain.ChainCheck) and compare it with the ballots."""
    rows = (BallotLogEntry.objects.filter(edition_id=edition.pk).order_by("seq")
            .values_list("seq", "prev_hash", "hash", "pseudonym", "action", "channel", "projects", "at"))
    check = chain.verify((seq, prev, digest, log_fields(edition.pk, seq, pseudonym, action, channel, projects, at))
                         for seq, prev, digest, pseudonym, action, channel, projects, at in rows.iterator())
    problems = []
    fresh = Edition.objects.get(pk=edition.pk)
    ballots = Ballot.objects.filter(edition_id=edition.pk).count()
    if fresh.ballots_count != ballots:
        problems.append(f"ballots_count {fresh.ballots_count} != {ballots} ballots")
    if check.ok and fresh.log_length != check.checked:
        problems.append(f"log_length {fresh.log_length} != {check.checked} links")
    counted = dict(BallotChoice.objects.filter(ballot__edition_id=edition.pk).values("project_id")
                   .annotate(n=Count("pk")).values_list("project_id", "n"))
    for pk, number, votes in Project.objects.filter(edition_id=edition.pk).values_list("pk", "number",
                                                                                      "votes_count"):
        if votes != counted.get(pk, 0):
            problems.append(f"project {number}: votes_count {votes} != {counted.get(pk, 0)} choices")
    if check.ok and check.checked and fresh.last_hash != (rows.last() or (None, None, None))[2]:
        problems.append("the edition's last hash differs from the last link")
    return LogCheck(chain=check, problems=problems)
