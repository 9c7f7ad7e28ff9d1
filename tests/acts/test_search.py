"""Search finds acts by everyday words in any form, phrases, exclusions and numbers — on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.acts import search
from hromada.acts.search import Filters
from tests.acts.builders import act, secretary

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(hromada_a):
    user = secretary(hromada_a)
    acts = {
        "land": act(hromada_a, user, number="154", when=date(2024, 3, 28),
                    title="Про надання в оренду земельних ділянок громадянам",
                    text="Надати в оренду земельну ділянку площею 0,25 га у с. Могилів."),
        "permit": act(hromada_a, user, number="2311-25/VIII", when=date(2023, 5, 4),
                      title="Про надання дозволу на розроблення проекту землеустрою",
                      text="Розробити проект землеустрою щодо відведення земельної ділянки."),
        "budget": act(hromada_a, user, number="12", when=date(2025, 1, 20), type="executive_decision",
                      title="Про внесення змін до місцевого бюджету на 2025 рік",
                      text="Внести зміни до рішення № 154 від 28.03.2024 у частині видатків на ремонт доріг."),
        "council": act(hromada_a, user, number="7", when=date(2025, 2, 1),
                       title="Про звернення депутатів міської ради",
                       text="Звернення депутатів ради до Кабінету Міністрів України."),
    }
    return acts


def ids(results):
    return [hit.act.pk for hit in results.hits]


def test_inflected_forms_find_each_other(hromada_a, corpus):
    found = search.search(hromada_a, "земельна ділянка")
    assert set(ids(found)) == {corpus["land"].pk, corpus["permit"].pk}
    assert ids(search.search(hromada_a, "оренда")) == [corpus["land"].pk]
    assert ids(search.search(hromada_a, "в оренду")) == [corpus["land"].pk]


def test_both_spellings_of_project(hromada_a, corpus):
    assert ids(search.search(hromada_a, "проєкт землеустрою")) == [corpus["permit"].pk]
    assert ids(search.search(hromada_a, "проекти")) == [corpus["permit"].pk]


def test_ambiguous_forms_keep_every_lemma(hromada_a, corpus):
    # «ради» parses as рада and as рад: indexed under both, a query «рада» finds it.
    assert ids(search.search(hromada_a, "рада депутатів")) == [corpus["council"].pk]


def test_phrase_needs_adjacent_words_in_that_form(hromada_a, corpus):
    assert ids(search.search(hromada_a, '"земельну ділянку"')) == [corpus["land"].pk]
    assert ids(search.search(hromada_a, '"ділянку земельну"')) == []
    assert ids(search.search(hromada_a, '"проект землеустрою"')) == [corpus["permit"].pk]


def test_minus_excludes(hromada_a, corpus):
    assert ids(search.search(hromada_a, "земельна ділянка -оренда")) == [corpus["permit"].pk]
    assert ids(search.search(hromada_a, 'земельна ділянка -"в оренду"')) == [corpus["permit"].pk]


def test_number_lookup(hromada_a, corpus):
    found = ids(search.search(hromada_a, "№ 154"))
    assert found[0] == corpus["land"].pk  # its own number ranks first
    assert corpus["budget"].pk in found  # the text that cites it
    assert ids(search.search(hromada_a, "2311-25/VIII"))[0] == corpus["permit"].pk
    assert ids(search.search(hromada_a, "№2311–25/ѴІІІ")) == [corpus["permit"].pk]
    assert ids(search.search(hromada_a, "№ 2311")) == [corpus["permit"].pk]


def test_filters_and_date_sort(hromada_a, corpus):
    found = search.search(hromada_a, "", Filters(types=["council_decision"]), sort="date")
    assert ids(found) == [corpus["council"].pk, corpus["land"].pk, corpus["permit"].pk]
    found = search.search(hromada_a, "", Filters(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)))
    assert ids(found) == [corpus["land"].pk]


def test_stop_words_and_garbage_are_clean_empty_answers(hromada_a, corpus):
    for q in ("і та в на", "!!!", "-оренда", "x" * 10_000, "\"", "' OR 1=1 --", "NEAR(a b)", "*"):
        results = search.search(hromada_a, q)
        assert results.count == len(results.hits)


def test_snippet_marks_matched_forms(hromada_a, corpus):
    hit = search.search(hromada_a, "ділянка").hits[0]
    assert "<mark>" in hit.snippet and "ділянк" in hit.snippet


def test_other_hromada_acts_are_not_found(hromada_a, hromada_b, corpus):
    assert search.search(hromada_b, "земельна ділянка").count == 0


def test_relevance_ranks_the_newest_matches_and_lists_the_rest_after_them(hromada_a, corpus, monkeypatch):
    user = secretary(hromada_a)
    # Entered after the corpus: the two newest matches of «ділянка».
    weak = act(hromada_a, user, number="90", when=date(2025, 5, 1), title="Про звіт",
               text="Згадано одну ділянку.")
    strong = act(hromada_a, user, number="91", when=date(2025, 5, 2), title="Про ділянку під ділянки",
                 text="Ділянка, ділянки, ділянок.")
    everything = search.search(hromada_a, "ділянка")
    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    windowed = search.search(hromada_a, "ділянка")
    assert windowed.count == everything.count == 4
    assert ids(windowed)[:2] == [strong.pk, weak.pk]  # the window, by relevance
    assert ids(windowed)[2:] == [corpus["permit"].pk, corpus["land"].pk]  # the rest, newest entered first
    assert [hit.score is None for hit in windowed.hits] == [False, False, True, True]
