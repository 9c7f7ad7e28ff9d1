"""The two tally rules on hand-computed cases, the tie rules, and pabutools as an independent oracle."""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal
from fractions import Fraction

import pytest

from hromada.participation.budget import tally
from hromada.participation.budget.tally import Project

D = Decimal


def test_greedy_skips_a_project_that_does_not_fit_and_continues():
    projects = [Project("A", D(60), 1), Project("B", D(50), 2), Project("C", D(40), 3)]
    ballots = [{"A", "B", "C"}] * 3 + [{"A", "B"}] + [{"A"}]  # A 5 votes, B 4, C 3
    out = tally.greedy(D(100), projects, ballots)
    assert out.selected == ["A", "C"]
    assert [(r.id, r.votes, r.selected, r.reason) for r in out.rows] == [
        ("A", 5, True, tally.FITS), ("B", 4, False, tally.NO_ROOM), ("C", 3, True, tally.FITS)]
    assert (out.spent, out.leftover, out.voters) == (D(100), D(0), 5)


def test_greedy_never_selects_a_project_without_votes():
    out = tally.greedy(D(100), [Project("A", D(10), 1), Project("Z", D(10), 2)], [{"A"}])
    assert out.selected == ["A"]
    assert out.rows[1].reason == tally.NO_VOTES
    assert str(out.rows[1].reason_label) == "не отримав жодного голосу"


def classic():
    """100 voters, budget 100; 60 approve A1..A5, 40 approve B1..B5; every project costs 20."""
    projects = [Project(f"A{i}", D(20), i) for i in range(1, 6)] + [Project(f"B{i}", D(20), 5 + i)
                                                                     for i in range(1, 6)]
    ballots = [{f"A{i}" for i in range(1, 6)}] * 60 + [{f"B{i}" for i in range(1, 6)}] * 40
    return projects, ballots


def test_equal_shares_differs_from_greedy_on_the_classic_example():
    projects, ballots = classic()
    # Greedy: A1..A5 have 60 votes each, B's 40; five A's cost exactly 100.
    assert tally.greedy(D(100), projects, ballots).selected == ["A1", "A2", "A3", "A4", "A5"]
    # Equal shares: each voter holds 100 / 100 = 1. An A costs its 60 supporters 20/60 = 1/3 each
    # (ρ/cost = 1/60); a B costs its 40 supporters 20/40 = 1/2 each (ρ/cost = 1/40). 1/60 < 1/40, so A1, A2, A3
    # are bought (ties among A's: earlier submission) and the A voters are left with 1 - 3·1/3 = 0: A4 is
    # unaffordable. Then B1, B2 at 1/2 each empty the B voters. Spent 5·20 = 100: exhaustive, no Add1 step.
    out = tally.equal_shares(D(100), projects, ballots)
    assert out.selected == ["A1", "A2", "A3", "B1", "B2"]
    assert out.paid_by_shares == out.selected
    assert out.share == Fraction(1)
    assert (out.spent, out.leftover) == (D(100), D(0))
    assert {r.id: r.reason for r in out.rows if r.selected} == dict.fromkeys(out.selected, tally.SHARES)


def test_add1_raises_the_shares_until_the_outcome_is_exhaustive():
    # 3 voters, budget 9: two approve A (cost 7), one approves B (cost 2).
    # Share 3: A's supporters hold 6 < 7, unaffordable; B is bought (2). Spent 2, and A still fits (2 + 7 ≤ 9).
    # Share 4: A: 8 ≥ 7, ρ = 3.5, ρ/cost = 1/2; B: ρ = 2, ρ/cost = 1. A first, then B: spent 9, exhaustive.
    projects = [Project("A", D(7), 1), Project("B", D(2), 2)]
    out = tally.equal_shares(D(9), projects, [{"A"}, {"A"}, {"B"}])
    assert out.selected == ["A", "B"] and out.share == Fraction(4)
    assert out.paid_by_shares == ["A", "B"]


def test_add1_keeps_the_last_feasible_run_then_fills_by_votes():
    # 2 voters, budget 10, X and Y cost 6 each, one supporter each. Share 5: nothing affordable, X still fits.
    # Share 6: X then Y are bought (12 > 10): infeasible, so the share-5 run (empty) is kept. The completion by
    # votes (1 each; tie: X submitted earlier) takes X, and Y no longer fits.
    projects = [Project("X", D(6), 1), Project("Y", D(6), 2)]
    out = tally.equal_shares(D(10), projects, [{"X"}, {"Y"}])
    assert out.selected == ["X"] and out.paid_by_shares == [] and out.share == Fraction(5)
    assert [(r.id, r.reason) for r in out.rows] == [("X", tally.COMPLETION), ("Y", tally.NO_ROOM)]


def tied():
    # Equal votes, budget fits one: P1 is cheaper, P2 was submitted earlier.
    return [Project("P1", D(50), 2), Project("P2", D(60), 1)], [{"P1", "P2"}] * 3


@pytest.mark.parametrize("rule", [tally.greedy, tally.equal_shares])
def test_tie_rules_earlier_and_cheaper(rule):
    projects, ballots = tied()
    assert rule(D(70), projects, ballots, tie_rule="earlier").selected == ["P2"]
    assert rule(D(70), projects, ballots, tie_rule="cheaper").selected == ["P1"]


def test_lot_is_decided_by_the_public_seed():
    projects, ballots = tied()
    winners = {}
    for seed in (hashlib.sha256(str(i).encode()).hexdigest() for i in range(16)):
        expected = min(("P1", "P2"), key=lambda pid: hashlib.sha256(f"{seed}{pid}".encode()).hexdigest())
        first = tally.greedy(D(70), projects, ballots, tie_rule="lot", seed=seed).selected
        again = tally.greedy(D(70), projects, ballots, tie_rule="lot", seed=seed).selected
        assert first == again == [expected]
        assert tally.equal_shares(D(70), projects, ballots, tie_rule="lot", seed=seed).selected == [expected]
        winners[seed] = expected
    assert set(winners.values()) == {"P1", "P2"}  # the seed matters


def test_bad_inputs_are_refused():
    with pytest.raises(tally.TallyError):
        tally.greedy(D(10), [Project("A", D(1))], [], tie_rule="coin")
    with pytest.raises(tally.TallyError):
        tally.greedy(D(10), [Project("A", D(-1))], [])
    with pytest.raises(tally.TallyError):
        tally.greedy(D(10), [Project("A", D(1)), Project("A", D(2))], [])
    with pytest.raises(tally.TallyError):
        tally.tally("borda", D(10), [], [])


def test_no_ballots_selects_nothing():
    for method in tally.METHODS:
        out = tally.tally(method, D(10), [Project("A", D(1))], [])
        assert out.selected == [] and out.leftover == D(10)


def test_tally_edition_treats_each_category_on_its_own():
    small = tally.CategoryInput(D(100), [Project(1, D(60), 1), Project(2, D(50), 2)], [])
    large = tally.CategoryInput(D(500), [Project(3, D(400), 3), Project(4, D(300), 4)], [])
    ballots = [{1, 3}, {1, 4}, {2, 3}]  # each ballot's choices span both categories
    cats = {"small": tally.CategoryInput(small.budget, small.projects, ballots),
            "large": (large.budget, large.projects, ballots)}
    out = tally.tally_edition(cats, "greedy")
    assert out["small"].selected == [1] and out["large"].selected == [3]
    assert out["small"].voters == 3 and out["large"].voters == 3


# --- pabutools as an oracle -------------------------------------------------------------------------------


def _oracle(budget, projects, ballots, tie_rule, seed):
    from pabutools.election import ApprovalBallot, ApprovalProfile, Cost_Sat, Instance
    from pabutools.election import Project as PabuProject
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    from pabutools.tiebreaking import TieBreakingRule

    instance = Instance(budget_limit=Fraction(budget))
    pabu = {}
    for p in projects:
        pabu[p.id] = PabuProject(str(p.id), Fraction(p.cost))
        instance.add(pabu[p.id])
    profile = ApprovalProfile([ApprovalBallot([pabu[i] for i in b]) for b in ballots if b])
    ours = {str(p.id): p for p in projects}
    tie = TieBreakingRule(lambda _i, _p, proj: tally.tie_key(ours[proj.name], tie_rule, seed))
    mes = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1, tie_breaking=tie)
    mes = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, initial_budget_allocation=mes,
                                     tie_breaking=tie)
    greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, tie_breaking=tie)
    return {int(p.name) for p in mes}, {int(p.name) for p in greedy}


def test_both_rules_agree_with_pabutools_on_30_random_instances():
    rng = random.Random(2026)
    compared = 0
    for k in range(30):
        m, n = rng.randint(5, 12), rng.randint(20, 80)
        projects = [Project(i, D(rng.randint(2, 40)), rng.randint(1, 4)) for i in range(1, m + 1)]
        budget = D(rng.randint(40, 120))
        ballots = [set(rng.sample(range(1, m + 1), rng.randint(1, min(3, m)))) for _ in range(n)]
        rule, seed = ("earlier", "cheaper", "lot")[k % 3], f"s{k}"
        mes = tally.equal_shares(budget, projects, ballots, tie_rule=rule, seed=seed)
        greedy = tally.greedy(budget, projects, ballots, tie_rule=rule, seed=seed)
        oracle_mes, oracle_greedy = _oracle(budget, projects, ballots, rule, seed)
        voted = {r.id for r in greedy.rows if r.votes}  # pabutools may add unvoted projects at the very end
        assert mes.selected_set == oracle_mes & voted, k
        assert greedy.selected_set == oracle_greedy & voted, k
        compared += mes.selected_set != greedy.selected_set
    assert compared > 0  # the instances do tell the rules apart


def test_add1_jumps_over_steps_that_repeat_the_same_run():
    # 4 voters, budget 600 000: three approve L1 (150 000), one approves L2 (400 000). Share 150 000: L1 is
    # bought at 50 000 each; L2's lone supporter holds 150 000 < 400 000, and L2 would still fit (550 000), so
    # Add1 goes on — every step up to 399 999 repeats that run. At share 400 000 L1 (ρ/cost = 1/3) then L2
    # (ρ/cost = 1) are bought: 550 000, exhaustive. The same answer as 250 000 single steps, in a few runs.
    projects = [Project("L1", D(150000), 1), Project("L2", D(400000), 2)]
    out = tally.equal_shares(D(600000), projects, [{"L1"}] * 3 + [{"L2"}])
    assert out.selected == ["L1", "L2"] and out.paid_by_shares == ["L1", "L2"]
    assert out.share == Fraction(400000)


def test_equal_shares_agrees_with_pabutools_when_costs_are_in_thousands():
    # Real-sized money: many Add1 steps, most of them skipped by the validity intervals.
    rng = random.Random(13)
    for k in range(4):
        m, n = rng.randint(5, 9), rng.randint(20, 60)
        projects = [Project(i, D(rng.randrange(10, 100) * 1000), rng.randint(1, 5)) for i in range(1, m + 1)]
        budget = D(rng.randrange(150, 400) * 1000)
        ballots = [set(rng.sample(range(1, m + 1), rng.randint(1, 3))) for _ in range(n)]
        rule = ("earlier", "cheaper", "lot")[k % 3]
        mes = tally.equal_shares(budget, projects, ballots, tie_rule=rule, seed="x")
        oracle_mes, _greedy = _oracle(budget, projects, ballots, rule, "x")
        voted = {r.id for r in mes.rows if r.votes}
        assert mes.selected_set == oracle_mes & voted, k
