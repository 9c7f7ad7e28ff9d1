"""The demo corpus of acts: the import format, numbering, relations and statuses, the seed-003 acts."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

import pytest

from hromada.acts import demo_corpus
from hromada.acts.demo_corpus import RELATION_KINDS, STATUSES, TYPES, corpus, generate
from hromada.core.demo.data import MOHYLIV, SLOBOZHANSKA
from hromada.registers.demo import STREET_NAMES

HROMADAS = {"mohyliv": MOHYLIV, "slobozhanska": SLOBOZHANSKA}
STRONGEST = ["amended", "suspended", "repealed"]  # an act hit by several relations takes the strongest status


@pytest.fixture(scope="module", params=list(HROMADAS))
def acts(request) -> tuple[str, list[dict]]:
    return request.param, corpus(request.param)


def _key(act: dict) -> tuple[str, str]:
    return act["number"], act["date"]


def test_corpus_is_deterministic():
    for hromada in HROMADAS:
        assert corpus(hromada) == corpus(hromada)


def test_size(acts):
    _hromada, records = acts
    assert 200 <= len(records) <= 300
    assert {r["type"] for r in records} == set(TYPES)


def test_required_fields_and_enums(acts):
    hromada, records = acts
    departments = {name for name, _short in HROMADAS[hromada]["departments"]}
    for r in records:
        assert r["number"] and r["title"] and r["text"], r
        assert r["type"] in TYPES and r["status"] in STATUSES
        day = date.fromisoformat(r["date"])
        assert date(2021, 1, 1) <= day <= date(2026, 12, 31)
        assert r["author_unit"] in departments
        assert r["control_unit"] in departments | {""}
        assert r["topics"] and all(isinstance(t, str) and t for t in r["topics"])
        if "published_at" in r:
            published = datetime.fromisoformat(r["published_at"])
            assert published.tzinfo is not None and published.date() >= day
        if "session" in r:
            assert r["convocation"] == 8 and isinstance(r["session"], int)
        assert (r["type"] == "draft_decision") == (r["status"] == "draft")
        if "consideration_date" in r:
            assert r["type"] == "draft_decision" and date.fromisoformat(r["consideration_date"]) > day
        for relation in r["relations"]:
            assert relation["kind"] in RELATION_KINDS
            date.fromisoformat(relation["date"])


def test_number_formats(acts):
    _hromada, records = acts
    for r in records:
        if r["type"] == "council_decision" or (r["type"] == "regulatory_act" and "session" in r):
            session = re.fullmatch(r"\d+-(\d+)/VIII", r["number"]).group(1)
            assert int(session) == r["session"]
        elif r["type"] in ("executive_decision", "regulatory_act"):
            assert r["number"].isdigit()
        elif r["type"] == "head_order":
            assert re.fullmatch(r"\d+-(од|к)", r["number"])
        elif r["type"] == "draft_decision":
            assert re.fullmatch(r"ПР-\d+", r["number"])


def test_numbers_unique_per_type_and_year_and_by_number_and_date(acts):
    _hromada, records = acts
    per_type_year = Counter((r["type"], r["date"][:4], r["number"]) for r in records)
    assert [k for k, n in per_type_year.items() if n > 1] == []
    assert [k for k, n in Counter(map(_key, records)).items() if n > 1] == []


def _series(r: dict) -> tuple[str, str] | None:
    """The numbering series of an act: council decisions run through the convocation, executive decisions and
    each kind of order restart every year (protocols and agendas carry the session's number)."""
    if r["type"] in ("protocol", "agenda", "draft_decision"):
        return None
    if "/VIII" in r["number"]:
        return ("council", "")
    if r["number"].isdigit():
        return ("executive", r["date"][:4])
    if r["type"] == "head_order":
        return (r["number"].split("-")[1], r["date"][:4])
    return None


def test_numbers_grow_with_dates(acts):
    _hromada, records = acts
    series: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for r in records:
        if key := _series(r):
            series.setdefault(key, []).append((r["date"], int(r["number"].split("-")[0])))
    for key, numbered in series.items():
        numbers = [number for _day, number in sorted(numbered)]
        assert numbers == sorted(numbers), key


def test_relations_point_to_earlier_acts(acts):
    _hromada, records = acts
    position = {_key(r): i for i, r in enumerate(records)}
    for i, r in enumerate(records):
        for relation in r["relations"]:
            target = (relation["number"], relation["date"])
            assert target in position, (r["title"], relation)
            assert position[target] < i and relation["date"] < r["date"]


def test_statuses_agree_with_incoming_relations(acts):
    _hromada, records = acts
    incoming: dict[tuple[str, str], set[str]] = {}
    for r in records:
        for relation in r["relations"]:
            if relation["kind"] in demo_corpus.STATUS_BY_RELATION:
                status = demo_corpus.STATUS_BY_RELATION[relation["kind"]]
                incoming.setdefault((relation["number"], relation["date"]), set()).add(status)
    for r in records:
        expected = max(incoming.get(_key(r), set()), key=STRONGEST.index, default=None)
        if expected:
            assert r["status"] == expected, r["title"]
        else:
            assert r["status"] not in STRONGEST, r["title"]
    statuses = Counter(r["status"] for r in records)
    assert statuses["amended"] and statuses["repealed"] and statuses["suspended"] and statuses["draft"]
    kinds = Counter(rel["kind"] for r in records for rel in r["relations"])
    assert set(kinds) == set(RELATION_KINDS)


def test_seed_003_acts():
    records = {_key(r): r for r in corpus("slobozhanska")}
    programme = records["2311-25/VIII", "2023-05-04"]
    assert programme["type"] == "council_decision" and programme["session"] == 25
    assert programme["title"] == ("Про затвердження Програми інформатизації «Цифрова громада» Слобожанської "
                                  "територіальної громади на 2023-2025 роки")
    assert programme["status"] == "amended"
    website = records["2597-28/VIII", "2023-08-03"]
    assert website["title"] == ("Про затвердження Положення про офіційний вебсайт Слобожанської селищної ради та "
                                "її виконавчих органів")
    plan = records["154", "2024-03-28"]
    assert plan["type"] == "executive_decision"
    assert plan["title"] == ("Про затвердження Плану дій з розвитку електронного урядування в Слобожанській "
                             "селищній територіальній громаді на 2024-2025 роки")
    assert {"kind": "implements", "number": "2311-25/VIII", "date": "2023-05-04"} in plan["relations"]
    assert "ВИРІШИВ:" in plan["text"] and "Людмилу Лагоду" in plan["text"]
    amendments = [r for r in records.values() if r["title"].startswith("Про внесення змін до Програми інформатизації")
                  and {"kind": "amends", "number": "2311-25/VIII", "date": "2023-05-04"} in r["relations"]]
    assert amendments and all(r["date"] >= "2024-01-01" for r in amendments)
    assert any("від 04.05.2023 № 2311-25/VIII" in r["text"] for r in amendments)


def test_acts_quote_other_acts_numbers(acts):
    _hromada, records = acts
    numbers = {r["number"] for r in records if "/VIII" in r["number"]}
    quoting = [r for r in records if any(f"№ {n}" in r["text"] for n in numbers if n != r["number"])]
    assert len(quoting) >= 20


def test_places_are_the_demos(acts):
    hromada, records = acts
    settlements = {row[0] for row in HROMADAS[hromada]["settlements"]}
    for r in records:
        for name in re.findall(r"(?:с\.|с-ще) ([А-ЯІЇЄҐ][\w']+)", r["title"] + "\n" + r["text"]):
            assert name in settlements, (name, r["title"])
        for street in re.findall(r"вул\. ([^,.;»)]+?)(?:,| в | по |\)|»|\.|$)", r["text"]):
            assert street in STREET_NAMES, (street, r["title"])


def test_units_and_streets_match_the_demo():
    assert demo_corpus.STREET_NAMES == STREET_NAMES
    institutions = {row[0] for spec in HROMADAS.values() for row in spec["institutions"]}
    assert set(demo_corpus.INSTITUTION_GEN) == institutions
    departments = {name for spec in HROMADAS.values() for name, _short in spec["departments"]}
    assert set(demo_corpus.DEPARTMENT_CASES) == departments


def test_generate():
    records = list(generate(1000))
    assert len(records) == 1000
    assert len({(r["number"], r["date"], r["type"]) for r in records}) == 1000
    assert all(600 <= len(r["text"]) <= 2500 for r in records)
    assert all(r["type"] in TYPES and r["status"] in STATUSES and r["relations"] == [] for r in records)
    dates = [r["date"] for r in records]
    assert dates == sorted(dates) and dates[0] >= "2021-01-01" and dates[-1] <= "2026-12-31"
    assert records == list(generate(1000))
    assert records != list(generate(1000, seed=2))
