"""Demo e-petitions and participatory budget editions (idempotent; run by core.demo.seed after accounts and acts).

Mohyliv gets a petition in every state (drafts, on moderation, refused with its ground, collecting now and
ending within the next weeks, under consideration with its case, answered with the council session's agenda item
and the adopted act, not reached), the budget edition of this year in its voting phase with ballots of part of
the demo residents, and last year's edition with results and implementation. Slobozhanska gets one petition and
no budget, so tenant isolation shows.

Everything goes through the services, so the demo exercises the real code and the hash chains are real: the past
is replayed on a clock set back (``_at``), so every date, term and chain link comes out as the services would
have made it then. Everything is relative to ``timezone.now()``; a petition (by title) or an edition (by year)
that exists is left alone, so a second run changes nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.utils import timezone

from hromada.core.models import Department, Hromada, StarostaDistrict, User
from hromada.participation import demo_data as data
from hromada.participation.models import Edition, Petition, PetitionStatus, Position, ProjectStatus

MOHYLIV = "UA12020110000034205"
SLOBOZHANSKA = "UA12020250000010438"
RESIDENTS = 300
SECRETARY, ADMIN, PROGRAMME = "secretary@mohyliv.example", "admin@mohyliv.example", "programme@mohyliv.example"
REVIEWER, CNAP = "head@mohyliv.example", "cnap@mohyliv.example"
# Signatures per petition state (the default threshold is 100).
SIGNERS = {"answered": 106, "consideration": 102, "collecting": 41, "not_reached": 17}
VOTERS_NOW, VOTERS_LAST_YEAR = 90, 120


def resident_email(number: int) -> str:
    return f"resident{number:03d}@mohyliv.example"


@contextmanager
def _at(moment: datetime):
    """Replay the past: the services read the clock through ``timezone.now``."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def _residents() -> list[User]:
    by_email = {u.email: u for u in User.objects.filter(email__in=[resident_email(n)
                                                                  for n in range(1, RESIDENTS + 1)])}
    return [by_email[resident_email(n)] for n in range(1, RESIDENTS + 1) if resident_email(n) in by_email]


def seed(report) -> None:
    mohyliv = Hromada.objects.filter(katottg=MOHYLIV).first()
    if mohyliv is None:
        return
    residents = _residents()
    if len(residents) < RESIDENTS:
        return  # the accounts' demo was left out: petitions need verified residents
    now = timezone.now().replace(microsecond=0)
    _seed_petitions(mohyliv, residents, now, report)
    _seed_slobozhanska(report)
    _seed_budget(mohyliv, residents, now, report)


# --- petitions ---------------------------------------------------------------------------------------------

def _sign_many(petition: Petition, hromada, signers, start: datetime, end: datetime) -> None:
    from hromada.participation.petitions import services

    step = (end - start) / max(1, len(signers))
    for index, user in enumerate(signers):
        with _at(start + step * index):
            try:
                services.sign(petition, user=user, hromada=hromada)
            except (services.NotEligible, services.AlreadySigned):
                continue


def _seed_petitions(hromada, residents, now: datetime, report) -> None:
    from hromada.participation.petitions import services

    secretary = User.objects.get(email=SECRETARY)
    moderator = User.objects.filter(email="registrar@mohyliv.example").first() or secretary
    existing = set(Petition.objects.filter(hromada=hromada).values_list("title", flat=True))
    # Scenario: (days ago submitted, days ago published) per state; authors and signers differ per petition.
    plan = {"answered": (150, 148), "not_reached": (103, 100), "consideration": (75, 73), "collecting": (47, 45),
            "refused": (30, None), "moderation": (1, None), "draft": (None, None)}
    # Petitions are numbered in the order of publication.
    order = sorted(data.PETITIONS, key=lambda p: -(plan[p[0]][1] or -1))
    offset = 0
    for number, (state, title, text) in enumerate(order):
        author = residents[(number * 37 + 5) % len(residents)]
        signers = [u for u in residents[offset:] + residents[:offset] if u.pk != author.pk][:SIGNERS.get(state, 0)]
        offset = (offset + 61) % len(residents)
        if title in existing:
            continue
        submitted_days, published_days = plan[state]
        created = now - timedelta(days=(submitted_days or 3) + 2, hours=number)
        with _at(created):
            petition = services.create_draft(hromada, author=author, title=title, text=text)
        report.count("e-petitions", True)
        if submitted_days is None:
            continue
        with _at(now - timedelta(days=submitted_days, hours=3)):
            petition = services.submit(petition, author=author, hromada=hromada)
        if state == "moderation":
            continue
        if state == "refused":
            ground, reason = data.REFUSAL
            with _at(now - timedelta(days=submitted_days - 1, hours=1)):
                services.refuse(petition, actor=moderator, hromada=hromada, ground=ground, reason=reason)
            continue
        published = now - timedelta(days=published_days, hours=5)
        with _at(published):
            petition = services.publish(petition, actor=moderator, hromada=hromada)
        ends = timezone.make_aware(datetime.combine(petition.ends_on, datetime.min.time()))
        last = min(now - timedelta(hours=2), ends - timedelta(days=3))
        _sign_many(petition, hromada, signers, published + timedelta(hours=1), last)
        if state == "collecting":
            continue
        closed = ends + timedelta(days=1, hours=1)
        with _at(closed):
            petition = services.close_collection(Petition.objects.get(pk=petition.pk), now=closed)
        if state == "answered":
            item, act = _decision_for(hromada, secretary, closed, now)
            with _at(timezone.make_aware(datetime.combine(item.session.date, datetime.min.time()))
                     + timedelta(days=2, hours=10)):
                services.answer(petition, actor=secretary, hromada=hromada, text=data.ANSWER,
                                position=Position.SUPPORTED, agenda_item=item, decision=act)


def _decision_for(hromada, secretary, after: datetime, now: datetime):
    """An adopted decision of a council session held after the collection closed: the acts' demo's, if one
    fits; otherwise a session, its agenda item and the decision entered through the registry's services."""
    from hromada.acts import services as acts
    from hromada.acts import sessions
    from hromada.acts.models import Act, ActStatus, ActType, AgendaItem, CouncilSession

    item = (AgendaItem.objects.filter(session__hromada=hromada, decision__isnull=False,
                                      session__date__gt=timezone.localdate(after),
                                      session__date__lt=timezone.localdate(now) - timedelta(days=3))
            .select_related("session", "decision").order_by("session__date", "order").first())
    if item is not None:
        return item, item.decision
    day = timezone.localdate(after) + timedelta(days=9)
    while day.weekday() != 3:  # sessions sit on Thursdays
        day += timedelta(days=1)
    last = CouncilSession.objects.filter(hromada=hromada, convocation=8).order_by("-number").first()
    number = (last.number + 1) if last else 1
    with _at(timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=10)):
        session = sessions.create_session(actor=secretary, hromada=hromada, fields={
            "convocation": 8, "number": number, "date": day, "title": f"{number} сесія VIII скликання"})
        act = acts.create_act(actor=secretary, hromada=hromada, fields={
            "number": f"{number}-1/VIII", "date": day, "type": ActType.COUNCIL_DECISION,
            "status": ActStatus.ADOPTED, "title": data.DECISION_TITLE, "convocation": 8, "session": number,
            "text": data.DECISION_TITLE + ".\n\n" + data.ANSWER})
        acts.publish_act(act, actor=secretary, hromada=hromada)
        item = sessions.add_agenda_item(session, actor=secretary, hromada=hromada, fields={
            "order": 1, "title": data.DECISION_TITLE, "decision": Act.objects.get(pk=act.pk), "result": "adopted"})
    return item, item.decision


def _seed_slobozhanska(report) -> None:
    hromada = Hromada.objects.filter(katottg=SLOBOZHANSKA).first()
    title, text = data.SLOBOZHANSKA_PETITION
    if hromada is None or Petition.objects.filter(hromada=hromada, title=title).exists():
        return
    author = User.objects.filter(email="secretary@slobozhanska.example").first()
    if author is None:
        return
    # No verified residents in Slobozhanska's demo: the petition is entered as published (collecting, no
    # signatures yet) so its pages and API show it.
    today = timezone.localdate()
    Petition.objects.create(hromada=hromada, number=1, title=title, text=text, author=author,
                            author_name="Оксана Гриценко", author_email="petition@slobozhanska.example",
                            status=PetitionStatus.COLLECTING, threshold=250,
                            threshold_basis="250 підписів (Статут Слобожанської селищної територіальної громади)",
                            submitted_at=timezone.now() - timedelta(days=12),
                            published_at=timezone.now() - timedelta(days=10), ends_on=today + timedelta(days=50))
    report.count("e-petitions", True)


# --- participatory budget --------------------------------------------------------------------------------

def _aware(day, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=hour)


def _seed_budget(hromada, residents, now: datetime, report) -> None:
    today = timezone.localdate(now)
    if not Edition.objects.filter(hromada=hromada, year=today.year).exists():
        # This year's edition: voting opened a few days ago and runs about two more weeks.
        dates = {"submission_starts": today - timedelta(days=110), "submission_ends": today - timedelta(days=70),
                 "review_ends": today - timedelta(days=10), "voting_starts": today - timedelta(days=4),
                 "voting_ends": today + timedelta(days=13), "results_on": today + timedelta(days=20),
                 "implementation_ends": today + timedelta(days=380)}
        edition = _edition(hromada, residents, today.year, dates, data.PROJECTS_2026, report)
        _vote(edition, hromada, residents[:VOTERS_NOW], _aware(dates["voting_starts"], 8), now - timedelta(hours=1))
    if not Edition.objects.filter(hromada=hromada, year=today.year - 1).exists():
        start = today - timedelta(days=365)
        dates = {"submission_starts": start - timedelta(days=240), "submission_ends": start - timedelta(days=200),
                 "review_ends": start - timedelta(days=150), "voting_starts": start - timedelta(days=140),
                 "voting_ends": start - timedelta(days=120), "results_on": start - timedelta(days=110),
                 "implementation_ends": start + timedelta(days=120)}
        edition = _edition(hromada, residents, today.year - 1, dates, data.PROJECTS_2025, report)
        _vote(edition, hromada, residents[-VOTERS_LAST_YEAR:], _aware(dates["voting_starts"], 8),
              _aware(dates["voting_ends"], 20))
        _results_and_implementation(edition, hromada, dates, now, report)


def _edition(hromada, residents, year: int, dates: dict, projects, report) -> Edition:
    from hromada.participation.budget import services

    manager = User.objects.filter(email=PROGRAMME).first() or User.objects.get(email=ADMIN)
    reviewer = User.objects.filter(email=REVIEWER).first() or manager
    department = Department.objects.filter(hromada=hromada, short_name="ФВ").first()
    with _at(_aware(dates["submission_starts"]) - timedelta(days=20)):
        edition = services.create_edition(
            hromada, actor=manager, year=year, title=f"Бюджет участі Могилівської громади {year}",
            total_budget=sum((c[2] for c in data.CATEGORIES), Decimal(0)), ballot_changes_allowed=True,
            official_method="greedy", tie_rule="earlier",
            regulation_reference="Положення про бюджет участі Могилівської сільської територіальної громади",
            **dates)
        categories = {}
        for order, (key, name, budget, max_cost, votes, district) in enumerate(data.CATEGORIES):
            categories[key] = services.add_category(
                edition, actor=manager, hromada=hromada, name=name, budget=budget, max_cost=max_cost,
                votes_per_voter=votes, order=order,
                starosta_district=StarostaDistrict.objects.filter(hromada=hromada, name=district).first()
                if district else None)
    report.count("budget editions", True)
    submitted = []
    span = (dates["submission_ends"] - dates["submission_starts"]).days
    for index, (key, title, summary, address, lat, lon, items) in enumerate(projects):
        author = residents[(index * 23 + 11) % len(residents)]
        with _at(_aware(dates["submission_starts"] + timedelta(days=index * span // len(projects)), 11)):
            project = services.submit_project(
                edition, author=author, hromada=hromada, category=categories[key], title=title, summary=summary,
                description=f"{summary}\n\nПроєкт подано жителем громади; кошторис наведено нижче.",
                cost_items=[{"name": n, "quantity": Decimal(q), "unit": u, "amount": Decimal(a)}
                            for n, q, u, a in items],
                address=address, latitude=Decimal(lat), longitude=Decimal(lon))
        submitted.append(project)
        report.count("budget projects", True)
    for index, project in enumerate(submitted):
        with _at(_aware(dates["submission_ends"] + timedelta(days=2 + index), 9)):
            project = services.start_review(project, actor=reviewer, hromada=hromada, department=department)
        with _at(_aware(dates["review_ends"] - timedelta(days=5), 15)):
            services.review_project(project, actor=reviewer, hromada=hromada, admitted=True, reviewed_cost=project.cost,
                                    reason="Проєкт відповідає Положенню, кошторис обґрунтований.")
    return Edition.objects.get(pk=edition.pk)


def _vote(edition: Edition, hromada, voters, start: datetime, end: datetime) -> None:
    """Ballots through ``voting.cast`` (the chain is real): each voter picks by a fixed pattern, so results
    have clear winners and one district project; a voter outside the district drops the district choice."""
    from hromada.participation.budget import voting

    projects = list(edition.projects.filter(status=ProjectStatus.ADMITTED).select_related("category")
                    .order_by("number"))
    by_category: dict[int, list] = {}
    for project in projects:
        by_category.setdefault(project.category_id, []).append(project)
    step = (end - start) / max(1, len(voters))
    for index, user in enumerate(voters):
        choice = []
        for category_projects in by_category.values():
            votes = category_projects[0].category.votes_per_voter
            # Popularity falls with the position: the first projects get the most votes.
            picks = [p for rank, p in enumerate(category_projects) if (index * (rank + 3)) % (rank + 2) == 0]
            choice += [p.pk for p in (picks or category_projects[:1])[:votes]]
        with _at(start + step * index):
            for ids in (choice, [pk for pk in choice if not _in_district(pk, projects)]):
                try:
                    voting.cast(edition, user=user, hromada=hromada, project_ids=ids)
                    break
                except (ValidationError, voting.NotEligible):  # a district choice outside the district
                    continue
                except voting.AlreadyVoted:
                    break


def _in_district(pk: int, projects) -> bool:
    return any(p.pk == pk and p.category.starosta_district_id for p in projects)


def _results_and_implementation(edition: Edition, hromada, dates: dict, now: datetime, report) -> None:
    from hromada.participation.budget import results, services

    manager = User.objects.filter(email=PROGRAMME).first() or User.objects.get(email=ADMIN)
    with _at(_aware(dates["results_on"] - timedelta(days=3), 12)):
        results.publish(edition, actor=manager, hromada=hromada)
    winners = list(edition.projects.filter(status=ProjectStatus.WINNER).order_by("number"))
    for index, project in enumerate(winners):
        done = index == 0
        for title, days in data.MILESTONES:
            due = dates["results_on"] + timedelta(days=days)
            with _at(_aware(dates["results_on"] + timedelta(days=5), 9)):
                milestone = services.add_milestone(project, actor=manager, hromada=hromada, title=title, due_on=due)
            if (done or days < 150) and _aware(due) < now:
                with _at(_aware(due, 16)):
                    services.complete_milestone(milestone, actor=manager, hromada=hromada, done_on=due)
        finished = dates["results_on"] + timedelta(days=200)
        progress, spent = (100, project.final_cost) if done else (40 + 15 * index % 50, project.final_cost * 2 / 5)
        with _at(_aware(min(finished, timezone.localdate(now) - timedelta(days=1)), 14)):
            services.update_implementation(project, actor=manager, hromada=hromada, progress=progress,
                                           spent=Decimal(spent).quantize(Decimal("0.01")),
                                           implemented_on=finished if done else None,
                                           note="Роботи виконано, об'єкт передано громаді." if done else "")
        report.count("budget projects implemented" if done else "budget projects in implementation", True)
