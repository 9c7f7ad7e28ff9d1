"""The two tally rules of the participatory budget, pure Python (no database), exact arithmetic.

Each category of an edition is its own instance: its budget, its admitted projects, and the voters' choices in
that category (approval ballots: a set of project ids per voter). Project ids are the public project numbers,
so anyone can recompute an outcome from the Pabulib export (``pabulib.py``), including ties decided by lot.

Rules
-----
``greedy`` — the usual Ukrainian rule: projects by votes, most first (ties by the edition's tie rule); each
project is selected if its cost still fits in the remaining budget, otherwise it is skipped and the next one is
tried ("skip and continue"). Projects without a single vote are never selected. This is pabutools'
``greedy_utilitarian_welfare`` with cost satisfaction (satisfaction per cost = votes).

``equal_shares`` — the Method of Equal Shares in the variant equalshares.net and Pabulib use for approval
ballots (pabutools ``method_of_equal_shares(sat_class=Cost_Sat, voter_budget_increment=1)`` followed by
``greedy_utilitarian_welfare(sat_class=Cost_Sat)`` as completion):

* utilities: **cost utilities** — a voter's utility for an approved project is its cost; so the project chosen
  in each round is the one whose supporters can pay its cost with the smallest payment ρ per supporter
  *relative to the cost* (ρ / cost minimal, i.e. the largest "effective vote count" cost / ρ). A supporter pays
  ρ, or everything they still have when that is less than ρ ("the poorest pay all they have").
* voters: the ballots with at least one choice in the category; each starts with budget / n.
* completion **Add1**: while the outcome is not exhaustive (some supported project still fits in the unspent
  budget), the run is repeated with every voter's starting share raised by ``step`` (1 UAH); the last outcome
  whose total cost stays within the category budget is kept.
* then a **greedy fill by votes** (the ``greedy`` rule above) over the remaining budget.

Payments are ``fractions.Fraction`` so no rounding can flip an outcome; ties (equal ρ / cost in a round, equal
votes in a greedy pass) are resolved by the tie rule:

* ``earlier`` — the project submitted earlier (``submitted_order`` smaller), then the smaller id;
* ``cheaper`` — the lower cost, then the earlier submission;
* ``lot`` — the order of SHA-256(seed + str(project id)) (hex), deterministic from the edition's public seed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

GREEDY = "greedy"
EQUAL_SHARES = "equal_shares"
METHODS = (GREEDY, EQUAL_SHARES)
TIE_RULES = ("earlier", "cheaper", "lot")

# Reasons of a row (machine codes; REASON_LABELS gives the words shown on pages).
FITS = "fits"
NO_ROOM = "does not fit the remaining budget"
NO_VOTES = "no votes"
SHARES = "paid from its supporters' equal shares"
COMPLETION = "added by the completion by votes"
REASON_LABELS = {
    FITS: _("fits in the remaining budget"),
    NO_ROOM: _("does not fit in the remaining budget"),
    NO_VOTES: _("received no votes"),
    SHARES: _("paid from its supporters' equal shares"),
    COMPLETION: _("added by the completion by votes"),
}


class TallyError(ValueError):
    """Inputs that cannot be tallied (unknown rule, negative cost, duplicate ids)."""


@dataclass(frozen=True)
class Project:
    id: Hashable  # the public project number (str(id) is what the lot hashes and Pabulib writes)
    cost: Decimal
    submitted_order: int = 0
    name: str = ""


@dataclass(frozen=True)
class Row:
    id: Hashable
    name: str
    votes: int
    cost: Decimal
    selected: bool
    reason: str

    @property
    def reason_label(self):
        return REASON_LABELS.get(self.reason, self.reason)


@dataclass
class Outcome:
    method: str
    budget: Decimal
    selected: list = field(default_factory=list)  # ids in the order of selection
    rows: list[Row] = field(default_factory=list)  # every project, most votes first (ties by the tie rule)
    spent: Decimal = Decimal(0)
    leftover: Decimal = Decimal(0)
    voters: int = 0
    # Equal shares only: the per-voter share of the kept Add1 run and the projects it paid for.
    share: Fraction | None = None
    paid_by_shares: list = field(default_factory=list)

    @property
    def selected_set(self) -> set:
        return set(self.selected)


@dataclass(frozen=True)
class CategoryInput:
    budget: Decimal
    projects: list[Project]
    ballots: list  # iterables of project ids; ids of other categories are ignored


# --- helpers ---------------------------------------------------------------------------------------------


def lot_key(seed: str, project_id) -> str:
    return hashlib.sha256(f"{seed}{project_id}".encode()).hexdigest()


def tie_key(project: Project, tie_rule: str, seed: str = ""):
    """Sort key: the project that wins a tie comes first."""
    if tie_rule == "earlier":
        return (project.submitted_order, str(project.id))
    if tie_rule == "cheaper":
        return (project.cost, project.submitted_order, str(project.id))
    if tie_rule == "lot":
        return (lot_key(seed, project.id),)
    raise TallyError(f"unknown tie rule {tie_rule!r}")


def _check(budget: Decimal, projects: list[Project], tie_rule: str) -> dict:
    if tie_rule not in TIE_RULES:
        raise TallyError(f"unknown tie rule {tie_rule!r}")
    if budget < 0:
        raise TallyError("the budget is negative")
    by_id = {}
    for p in projects:
        if p.id in by_id:
            raise TallyError(f"project {p.id!r} is listed twice")
        if p.cost < 0:
            raise TallyError(f"project {p.id!r} has a negative cost")
        by_id[p.id] = p
    return by_id


def _ballot_groups(ballots: Iterable, ids) -> Counter:
    """Identical ballots (restricted to this category) grouped with their count; empty ballots dropped."""
    groups: Counter = Counter()
    for ballot in ballots:
        chosen = frozenset(b for b in ballot if b in ids)
        if chosen:
            groups[chosen] += 1
    return groups


def _votes(groups: Counter, ids) -> dict:
    votes = dict.fromkeys(ids, 0)
    for chosen, count in groups.items():
        for pid in chosen:
            votes[pid] += count
    return votes


def _order(projects: list[Project], votes: dict, tie_rule: str, seed: str) -> list[Project]:
    return sorted(projects, key=lambda p: (-votes[p.id], tie_key(p, tie_rule, seed)))


def _greedy_fill(order: list[Project], votes: dict, remaining: Fraction, chosen: list, reasons: dict,
                 reason: str) -> Fraction:
    for p in order:
        if p.id in reasons:
            continue
        if votes[p.id] == 0:
            reasons[p.id] = NO_VOTES
        elif Fraction(p.cost) <= remaining:
            chosen.append(p.id)
            remaining -= Fraction(p.cost)
            reasons[p.id] = reason
        else:
            reasons[p.id] = NO_ROOM
    return remaining


def _outcome(method, budget, order, votes, chosen, reasons, voters) -> Outcome:
    spent = sum((p.cost for p in order if p.id in set(chosen)), Decimal(0))
    rows = [Row(id=p.id, name=p.name, votes=votes[p.id], cost=p.cost, selected=p.id in set(chosen),
                reason=reasons[p.id]) for p in order]
    return Outcome(method=method, budget=budget, selected=list(chosen), rows=rows, spent=spent,
                   leftover=budget - spent, voters=voters)


# --- the usual rule --------------------------------------------------------------------------------------


def greedy(budget: Decimal, projects: list[Project], ballots: Iterable, *, tie_rule: str = "earlier",
           seed: str = "") -> Outcome:
    """Most votes first within the budget, "skip and continue": a project that does not fit in the remaining
    budget is skipped and the next one is tried; projects without votes are not selected."""
    by_id = _check(budget, projects, tie_rule)
    groups = _ballot_groups(ballots, by_id)
    votes = _votes(groups, by_id)
    order = _order(projects, votes, tie_rule, seed)
    chosen: list = []
    reasons: dict = {}
    _greedy_fill(order, votes, Fraction(budget), chosen, reasons, FITS)
    return _outcome(GREEDY, budget, order, votes, chosen, reasons, sum(groups.values()))


# --- the Method of Equal Shares --------------------------------------------------------------------------


# A money amount as a linear function of the starting share s: (a, c) means a·s + c. Every budget and every
# payment of one run is linear in s, so each decision of the run (affordable or not, who pays all they have,
# which project wins the round) holds on an interval of s; the run reports how far up it stays valid, and the
# Add1 loop skips the steps that would repeat the same decisions (the same outcome) — exactly the outcome of
# stepping one unit at a time, without thousands of identical runs.
_ZERO = (Fraction(0), Fraction(0))


def _at(x, s):
    return x[0] * s + x[1]


def _sub(x, y):
    return (x[0] - y[0], x[1] - y[1])


def _scale(x, k):
    return (x[0] * k, x[1] * k)


class _Validity:
    """The upper end of the interval [s, hi] (or [s, hi)) on which recorded sign conditions keep holding."""

    def __init__(self, s: Fraction):
        self.s = s
        self.hi: Fraction | None = None  # None: unbounded
        self.inclusive = True

    def keep(self, f, sign: int, strict: bool) -> None:
        """``f`` (linear) keeps its sign at s: sign > 0 means f ≥ 0 (f > 0 if strict), sign < 0 means f ≤ 0."""
        a, c = f
        if a == 0 or (a > 0) == (sign > 0):
            return  # constant, or moving away from zero as s grows
        root = -c / a
        if self.hi is None or root < self.hi or (root == self.hi and strict):
            self.hi, self.inclusive = root, not strict


def _mes_fixed(share: Fraction, groups: list[tuple[frozenset, int]], candidates: list[Project], keys: dict
               ) -> tuple[list, _Validity]:
    """One run of MES with cost utilities where every voter starts with ``share``: the ids bought, in order,
    and how far the share may grow with the same run."""
    valid = _Validity(share)
    budgets = [(Fraction(1), Fraction(0))] * len(groups)
    supporters = {p.id: [g for g, (chosen, _n) in enumerate(groups) if p.id in chosen] for p in candidates}
    remaining = {p.id: p for p in candidates}
    chosen: list = []
    while remaining:
        evaluated = []  # (ratio value, key, project, rho as linear, ratio as linear, poor groups)
        for pid in list(remaining):
            p = remaining[pid]
            cost = Fraction(p.cost)
            sup = supporters[pid]
            available = (sum(budgets[g][0] * groups[g][1] for g in sup),
                         sum(budgets[g][1] * groups[g][1] for g in sup))
            if _at(available, share) < cost:
                valid.keep(_sub(available, (0, cost)), -1, True)
                del remaining[pid]  # budgets only shrink: it will never be affordable in this run
                continue
            valid.keep(_sub(available, (0, cost)), 1, False)
            paid = Fraction(0)
            left = sum(groups[g][1] for g in sup)
            poor = []
            for g in sorted(sup, key=lambda g: _at(budgets[g], share)):
                rho_value = (cost - paid) / left
                if rho_value <= _at(budgets[g], share):
                    break
                paid += _at(budgets[g], share) * groups[g][1]
                left -= groups[g][1]
                poor.append(g)
            poor_total = (sum(budgets[g][0] * groups[g][1] for g in poor),
                          sum(budgets[g][1] * groups[g][1] for g in poor))
            rho = _scale(_sub((0, cost), poor_total), Fraction(1, left))
            for g in sup:
                valid.keep(_sub(budgets[g], rho), -1 if g in poor else 1, False)
            ratio = _scale(rho, 1 / cost)
            evaluated.append((_at(ratio, share), keys[pid], p, rho, ratio, poor))
        if not evaluated:
            break
        best = min(evaluated, key=lambda e: (e[0], e[1]))
        for other in evaluated:
            if other is not best:
                valid.keep(_sub(best[4], other[4]), -1, not best[1] < other[1])
        _value, _key, p, rho, _ratio, poor = best
        chosen.append(p.id)
        del remaining[p.id]
        for g in supporters[p.id]:
            budgets[g] = _ZERO if g in poor else _sub(budgets[g], rho)
    return chosen, valid


def equal_shares(budget: Decimal, projects: list[Project], ballots: Iterable, *, tie_rule: str = "earlier",
                 seed: str = "", step: Decimal = Decimal(1)) -> Outcome:
    """The Method of Equal Shares (cost utilities) with Add1 completion (per-voter share raised by ``step``)
    and a greedy fill by votes; see the module docstring for the exact variant."""
    by_id = _check(budget, projects, tie_rule)
    if step <= 0:
        raise TallyError("the Add1 step must be positive")
    counted = _ballot_groups(ballots, by_id)
    votes = _votes(counted, by_id)
    order = _order(projects, votes, tie_rule, seed)
    n = sum(counted.values())
    limit = Fraction(budget)
    chosen: list = []
    reasons: dict = {}
    share = None
    if n:
        groups = sorted(counted.items(), key=lambda item: sorted(map(str, item[0])))
        keys = {p.id: tie_key(p, tie_rule, seed) for p in projects}
        free = [p.id for p in order if votes[p.id] and p.cost == 0]  # supported and free: always taken
        candidates = [p for p in order if votes[p.id] and p.cost > 0]
        share = limit / n
        previous: list = []
        previous_share = share
        step = Fraction(step)
        while True:
            run, valid = _mes_fixed(share, groups, candidates, keys)
            spent = sum(Fraction(by_id[i].cost) for i in run)
            if spent > limit:
                run, share = previous, previous_share
                break
            if all(p.id in run or spent + Fraction(p.cost) > limit for p in candidates):
                break
            # The steps up to ``valid.hi`` repeat this very run (feasible, not exhaustive): skip them. (No bound
            # means one step: with shares growing every supported project becomes affordable, so the loop ends.)
            skip = 1
            if valid.hi is not None and valid.hi > share:
                last = (valid.hi - share) // step  # whole steps that stay within [share, hi]
                if not valid.inclusive and share + last * step == valid.hi:
                    last -= 1
                skip = max(1, int(last) + 1)
            previous, previous_share = run, share + (skip - 1) * step
            share += skip * step
        chosen = free + run
        for pid in chosen:
            reasons[pid] = SHARES
    remaining = limit - sum(Fraction(by_id[i].cost) for i in chosen)
    paid_by_shares = list(chosen)
    _greedy_fill(order, votes, remaining, chosen, reasons, COMPLETION)
    outcome = _outcome(EQUAL_SHARES, budget, order, votes, chosen, reasons, n)
    outcome.share = share
    outcome.paid_by_shares = paid_by_shares
    return outcome


RULES = {GREEDY: greedy, EQUAL_SHARES: equal_shares}


def tally(method: str, budget: Decimal, projects: list[Project], ballots: Iterable, *, tie_rule: str = "earlier",
          seed: str = "") -> Outcome:
    if method not in RULES:
        raise TallyError(f"unknown tally method {method!r}")
    return RULES[method](budget, projects, list(ballots), tie_rule=tie_rule, seed=seed)


def tally_edition(categories: Mapping, method: str, *, tie_rule: str = "earlier", seed: str = "") -> dict:
    """Each category on its own: ``categories`` maps a key to a ``CategoryInput`` (or a (budget, projects,
    ballots) tuple); returns the key → ``Outcome``."""
    result = {}
    for key, data in categories.items():
        budget, projects, ballots = (data.budget, data.projects, data.ballots) if isinstance(
            data, CategoryInput) else data
        result[key] = tally(method, budget, list(projects), ballots, tie_rule=tie_rule, seed=seed)
    return result
