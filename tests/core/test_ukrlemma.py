"""Ukrainian lemmas: inflected forms meet, both spellings of «проєкт» meet, stop words drop out."""

from hromada.core import ukrlemma


def lemma_set(text: str) -> set[str]:
    return set(ukrlemma.index_text(text).split())


def test_inflected_forms_share_a_lemma():
    assert lemma_set("земельна ділянка") & lemma_set("земельних ділянок") == {"земельний", "ділянка"}
    assert "оренда" in lemma_set("в оренду") & lemma_set("оренда")


def test_every_parse_is_kept_so_an_ambiguous_word_is_not_lost():
    assert {"рада", "рад"} <= lemma_set("ради")


def test_both_spellings_of_project_meet():
    assert "проєкт" in lemma_set("проекту рішення") & lemma_set("проєкт")


def test_stop_words_and_numbers():
    assert ukrlemma.query_groups("про затвердження") == [("затвердження",)]
    assert ("154",) in ukrlemma.query_groups("рішення № 154")


def test_apostrophes_are_unified():
    assert lemma_set("пам’ятка") == lemma_set("пам'ятка") == lemma_set("памʼятка")
