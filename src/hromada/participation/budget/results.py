"""Results of an edition: both tally rules side by side, the official one deciding. CONTRACT (tally work).

``tally.py`` holds the pure rules (no database): the usual Ukrainian rule (most votes first within each
category's budget) and the Method of Equal Shares, each with the edition's tie rule; ``pabulib.py`` writes and
reads the Pabulib format so anyone can recompute.

Each category is its own instance: its budget, its projects admitted to the voting (and, after the results,
the winners and the not selected), and each ballot's choices in that category. Project ids in the tally are the
public project numbers, so a lot drawn from the public seed is the same for anyone who recomputes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import audit
from hromada.core.models import AuditEntry
from hromada.core.models.notifications import Channel
from hromada.core.notifications import RESIDENTS, notify, register_kind
from hromada.core.notifications.kinds import REGISTRY
from hromada.core.services import check_can, check_same_hromada
from hromada.participation.budget import pabulib, tally
from hromada.participation.models import Ballot, BallotChoice, Category, Edition, Project, ProjectStatus

RESULTS_KIND = "participation.budget.results"
if RESULTS_KIND not in REGISTRY:
    register_kind(RESULTS_KIND, label=gettext_lazy("Results of the participatory budget you voted in"),
                  audience=RESIDENTS, default_channels={Channel.IN_APP},
                  description=gettext_lazy("The results of an edition you voted in are published."))

# Projects that stand in the voting: admitted ones, and the same projects after the results.
COUNTED = (ProjectStatus.ADMITTED, ProjectStatus.WINNER, ProjectStatus.NOT_SELECTED, ProjectStatus.IMPLEMENTING,
           ProjectStatus.IMPLEMENTED)


@dataclass
class CategoryData:
    category: Category
    projects: list[Project]  # models, by number
    input: tally.CategoryInput
    ballots: list[tuple[str, frozenset]]  # (pseudonym, chosen project numbers in this category)


def load(edition: Edition) -> list[CategoryData]:
    """The tally inputs of every category of the edition, from the database (three queries)."""
    categories = list(Category.objects.filter(edition=edition).order_by("order", "id"))
    projects = list(Project.objects.filter(edition=edition, status__in=COUNTED).order_by("number"))
    order = {p.pk: i for i, p in enumerate(sorted(
        projects, key=lambda p: (p.submitted_at is None, p.submitted_at or p.created_at, p.number)), start=1)}
    number_of = {p.pk: p.number for p in projects}
    chosen: dict[int, dict[int, set]] = {}  # ballot → category → numbers
    pseudonyms = dict(Ballot.objects.filter(edition=edition).values_list("pk", "pseudonym"))
    for ballot_id, project_id, category_id in BallotChoice.objects.filter(ballot__edition=edition).values_list(
            "ballot_id", "project_id", "category_id"):
        if project_id in number_of:
            chosen.setdefault(ballot_id, {}).setdefault(category_id, set()).add(number_of[project_id])
    result = []
    for category in categories:
        mine = [p for p in projects if p.category_id == category.pk]
        ballots = [(pseudonyms.get(b, str(b)), frozenset(per[category.pk]))
                   for b, per in sorted(chosen.items()) if per.get(category.pk)]
        data = tally.CategoryInput(
            budget=category.budget,
            projects=[tally.Project(id=p.number, cost=p.final_cost, submitted_order=order[p.pk], name=p.title)
                      for p in mine],
            ballots=[b for _pseudonym, b in ballots])
        result.append(CategoryData(category=category, projects=mine, input=data, ballots=ballots))
    return result


def _outcomes(edition: Edition, data: list[CategoryData]) -> dict:
    return {method: {d.category.pk: tally.tally(method, d.input.budget, d.input.projects, d.input.ballots,
                                                tie_rule=edition.tie_rule, seed=edition.seed) for d in data}
            for method in tally.METHODS}


def compute(edition: Edition) -> dict:
    """{"greedy": {category id: tally.Outcome}, "equal_shares": {category id: tally.Outcome}} from the edition's
    admitted projects and ballots (each category its own instance)."""
    return _outcomes(edition, load(edition))


def comparison(edition: Edition) -> list[dict]:
    """For the results pages, per category: the category, both outcomes and a row per project (most votes
    first): project, number, title, votes, cost, greedy (selected?), equal_shares (selected?), official."""
    data = load(edition)
    outcomes = _outcomes(edition, data)
    pages = []
    for d in data:
        greedy, mes = outcomes[tally.GREEDY][d.category.pk], outcomes[tally.EQUAL_SHARES][d.category.pk]
        by_number = {p.number: p for p in d.projects}
        mes_rows = {r.id: r for r in mes.rows}
        official = greedy if edition.official_method == tally.GREEDY else mes
        rows = [{"project": by_number[r.id], "number": r.id, "title": by_number[r.id].title, "votes": r.votes,
                 "cost": r.cost, "greedy": r.selected, "greedy_reason": r.reason_label,
                 "equal_shares": mes_rows[r.id].selected, "equal_shares_reason": mes_rows[r.id].reason_label,
                 "official": r.id in official.selected_set} for r in greedy.rows]
        pages.append({"category": d.category, "greedy": greedy, "equal_shares": mes, "rows": rows,
                      "voters": greedy.voters})
    return pages


def pabulib_files(edition: Edition) -> dict[str, str]:
    """File name → .pb text, one per category; ``selected`` marks the official rule's outcome."""
    data = load(edition)
    outcomes = _outcomes(edition, data)
    hromada = edition.hromada
    files = {}
    for index, d in enumerate(data, start=1):
        outcome = outcomes[edition.official_method][d.category.pk]
        meta = {
            "description": f"{edition.title}: {d.category.name}",
            "country": "Ukraine",
            "unit": hromada.name,
            "instance": f"{edition.year} {d.category.name}",
            "budget": d.category.budget,
            "rule": pabulib.RULE_NAMES[edition.official_method],
            "date_begin": edition.voting_starts.strftime("%d.%m.%Y"),
            "date_end": edition.voting_ends.strftime("%d.%m.%Y"),
            "language": "uk",
            "edition": edition.year,
            "category": d.category.name,
            "max_length": d.category.votes_per_voter,
            "tie_breaking": edition.tie_rule,
            "seed": edition.seed,
        }
        if d.category.starosta_district_id:
            meta["subunit"] = str(d.category.starosta_district)
        files[f"ukraine_{hromada.katottg or hromada.pk}_{edition.year}_{index}.pb"] = pabulib.write(
            meta, d.input.projects, d.ballots, categories={p.id: d.category.name for p in d.input.projects},
            selected=outcome.selected_set)
    return files


def publish(edition: Edition, *, actor, hromada) -> Edition:
    """After the voting closes: winners by the official rule marked WINNER, the rest NOT_SELECTED,
    ``results_published_at`` set, authors and voters notified."""
    check_can(actor, hromada, "participation.budget_manage")
    check_same_hromada(edition, hromada)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().select_related("hromada").get(pk=edition.pk)
        if edition.results_published_at is not None:
            raise ValidationError({"edition": _("The results of this edition are already published.")})
        if timezone.localdate() <= edition.voting_ends:
            raise ValidationError({"edition": _("The results can be published only after the voting closes.")})
        data = load(edition)
        outcomes = _outcomes(edition, data)
        official = outcomes[edition.official_method]
        winners, others = [], []
        for d in data:
            chosen = official[d.category.pk].selected_set
            for p in d.projects:
                (winners if p.number in chosen else others).append(p)
        Project.objects.filter(pk__in=[p.pk for p in winners]).update(status=ProjectStatus.WINNER)
        Project.objects.filter(pk__in=[p.pk for p in others]).update(status=ProjectStatus.NOT_SELECTED)
        edition.results_published_at = timezone.now()
        edition.save(update_fields=["results_published_at"])
        summary = {str(d.category.pk): {"method": edition.official_method,
                                        "selected": sorted(official[d.category.pk].selected),
                                        "spent": str(official[d.category.pk].spent)} for d in data}
        audit.record(AuditEntry.Action.UPDATE, edition, actor=actor, hromada=hromada,
                     changes={"results_published_at": [None, edition.results_published_at.isoformat()],
                              "results": summary, "winners": sorted(p.number for p in winners)})
        project_news = [(p.pk, "winner") for p in winners] + [(p.pk, "not_selected") for p in others]
        voter_ids = list(Ballot.objects.filter(edition=edition, user__isnull=False)
                         .values_list("user_id", flat=True).distinct())
        transaction.on_commit(lambda: _tell(edition.pk, project_news, voter_ids))
    return edition


def _tell(edition_id: int, project_news: list, voter_ids: list) -> None:
    from hromada.participation.budget import notices

    for project_id, what in project_news:
        notices.tell_author(project_id, what)
    edition = Edition.objects.select_related("hromada").get(pk=edition_id)
    for person in get_user_model().objects.filter(pk__in=voter_ids, is_active=True):
        notify(person, RESULTS_KIND, hromada=edition.hromada,
               subject=_("Results of «%(title)s»") % {"title": edition.title},
               body=_("The results of «%(title)s» are published.") % {"title": edition.title},
               dedupe_key=f"budget-results:{edition.pk}")


def total(outcomes: dict) -> Decimal:
    """Money a set of per-category outcomes spends."""
    return sum((o.spent for o in outcomes.values()), Decimal(0))
