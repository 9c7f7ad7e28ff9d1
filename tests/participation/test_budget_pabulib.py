"""The Pabulib format: a known equal-shares outcome read from a .pb text, our export read by pabutools' parser,
round trips, and clear errors for malformed files."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from fractions import Fraction

import pytest

from hromada.participation.budget import pabulib, tally
from hromada.participation.budget.tally import Project

# The classic example as a Pabulib file: 100 voters, budget 100, ten projects costing 20; voters 1–60 approve
# A1..A5, voters 61–100 approve B1..B5. Equal shares (cost utilities): A1, A2, A3 at 1/3 per A voter, then
# B1, B2 at 1/2 per B voter (see test_budget_tally); greedy: A1..A5.
CLASSIC = "\n".join(
    ["META", "key;value", "description;Класичний приклад", "country;Ukraine", "unit;Тестова громада",
     "instance;2026", "num_projects;10", "num_votes;100", "budget;100", "vote_type;approval",
     "rule;equalshares", "tie_breaking;earlier", "seed;", "PROJECTS", "project_id;cost;votes;name;submission_order"]
    + [f"A{i};20;60;Проєкт A{i};{i}" for i in range(1, 6)]
    + [f"B{i};20;40;Проєкт B{i};{5 + i}" for i in range(1, 6)]
    + ["VOTES", "voter_id;vote"]
    + [f"v{v};A1,A2,A3,A4,A5" for v in range(1, 61)]
    + [f"v{v};B1,B2,B3,B4,B5" for v in range(61, 101)]) + "\n"


def test_a_pabulib_example_with_a_known_equal_shares_outcome():
    instance = pabulib.parse(CLASSIC)
    assert instance.budget == Decimal(100) and len(instance.ballots) == 100
    assert instance.tally().selected == ["A1", "A2", "A3", "B1", "B2"]  # the file's rule: equal shares
    assert instance.tally(tally.GREEDY).selected == ["A1", "A2", "A3", "A4", "A5"]


def test_the_example_parses_the_same_in_pabutools():
    from pabutools.election import Cost_Sat
    from pabutools.election.pabulib import parse_pabulib_from_string
    from pabutools.rules import method_of_equal_shares

    instance, profile = parse_pabulib_from_string(CLASSIC)
    outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    assert sorted(p.name for p in outcome) == ["A1", "A2", "A3", "B1", "B2"]


def sample():
    projects = [Project(1, Decimal("95000.50"), 2, "Лавки; сквер"),
                Project(2, Decimal(60000), 1, 'Дитячий "майданчик"'), Project(10, Decimal(40000), 3, "Велостоянка")]
    ballots = [("k3f9a1", frozenset({1, 2})), ("a0b1c2", frozenset({10})), ("zz0001", frozenset({2, 10})),
               ("empty1", frozenset())]
    meta = {"description": "Бюджет участі 2026: Малі проєкти", "unit": "Могилів-Подільська громада",
            "instance": "2026 Малі проєкти", "budget": Decimal("200000.00"), "rule": "greedy",
            "date_begin": "01.09.2026", "date_end": "20.09.2026", "tie_breaking": "lot", "seed": "ab" * 32}
    return meta, projects, ballots


def test_our_export_parses_in_pabutools_with_the_same_projects_and_votes():
    from pabutools.election.pabulib import parse_pabulib_from_string

    meta, projects, ballots = sample()
    text = pabulib.write(meta, projects, ballots, categories={1: "Малі проєкти", 2: "Малі проєкти",
                                                               10: "Малі проєкти"}, selected={1, 2})
    instance, profile = parse_pabulib_from_string(text)
    assert instance.budget_limit == 200000
    assert {p.name: p.cost for p in instance} == {"1": Fraction("95000.5"), "2": 60000, "10": 40000}
    assert instance.meta["country"] == "Ukraine" and instance.meta["vote_type"] == "approval"
    assert instance.meta["num_projects"] == "3" and instance.meta["num_votes"] == "3"  # the empty ballot is left out
    names = {p.name: instance.project_meta[p]["name"] for p in instance}
    assert names == {"1": "Лавки; сквер", "2": 'Дитячий "майданчик"', "10": "Велостоянка"}
    votes = sorted((b.meta["voter_id"], sorted(p.name for p in b)) for b in profile)
    assert votes == [("a0b1c2", ["10"]), ("k3f9a1", ["1", "2"]), ("zz0001", ["10", "2"])]
    assert {p.name: instance.project_meta[p]["votes"] for p in instance} == {"1": "1", "2": "2", "10": "2"}
    assert {p.name: instance.project_meta[p]["selected"] for p in instance} == {"1": "1", "2": "1", "10": "0"}


def test_round_trip_recomputes_the_same_outcome():
    meta, projects, ballots = sample()
    text = pabulib.write(meta, projects, ballots)
    back = pabulib.parse(text)
    assert back.meta["seed"] == "ab" * 32 and back.meta["tie_breaking"] == "lot"
    assert [(p.id, p.cost, p.submitted_order, p.name) for p in back.projects] == [
        ("1", Decimal("95000.50"), 2, "Лавки; сквер"), ("2", Decimal(60000), 1, 'Дитячий "майданчик"'),
        ("10", Decimal(40000), 3, "Велостоянка")]
    original = tally.greedy(Decimal(200000), projects, [b for _v, b in ballots], tie_rule="lot", seed="ab" * 32)
    assert back.tally().selected == [str(i) for i in original.selected]
    for method in tally.METHODS:
        a = tally.tally(method, Decimal(200000), projects, [b for _v, b in ballots], tie_rule="lot", seed="ab" * 32)
        assert back.tally(method).selected == [str(i) for i in a.selected]


def test_edition_zip_holds_one_file_per_category():
    data = pabulib.edition_zip({"a.pb": "META\n", "b.pb": "META\n"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["a.pb", "b.pb"]


@pytest.mark.parametrize(("text", "message"), [
    ("key;value\nbudget;10\n", "Рядок 1: файл має починатися з розділу META."),
    ("META\nkey;value\nvote_type;approval\n", "У розділі META немає бюджету (budget)."),
    ("META\nkey;value\nbudget;десять\n", "Бюджет «десять» не є невід’ємним числом."),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;-5\n",
     "Рядок 6: вартість «-5» не є невід’ємним числом."),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n1;6\n", "Рядок 7: проєкт 1 вказано двічі."),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5;7\n",
     "Рядок 6: полів — 3, а в заголовку — 2."),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv1;1,9\n",
     "Рядок 9: у голосі вказано невідомий проєкт 9."),
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv1;1\nv1;1\n",
     "Рядок 10: учасник v1 голосує двічі."),
    ("META\nkey;value\nbudget;10\nvote_type;ordinal\n", "Можна прочитати лише голоси «за» (vote_type «ordinal»)."),
])
def test_malformed_files_get_a_clear_message(text, message):
    with pytest.raises(pabulib.PabulibError) as error:
        pabulib.parse(text)
    assert str(error.value) == message
