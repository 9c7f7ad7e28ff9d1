"""Ukrainian lemmas for full-text search: every inflected form of a word finds the others.

Text is lemmatised in Python (pymorphy3 with the Ukrainian dictionary) and the same function lemmatises
queries, so SQLite FTS5 and PostgreSQL full-text search (`simple` configuration) index and match the same
lemma strings. The Ukrainian dictionary has no frequencies, so the first parse can be wrong («ради» → «рад»):
every distinct normal form of a word is kept («ради» → {«рад», «рада»}). Spellings from before the 2019
orthography are mapped to the current ones («проект» → «проєкт»).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from hromada.core.ukrtext import normalise

WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+", re.UNICODE)

# Spellings the 2019 orthography changed, both directions found by either (lemma → canonical lemma).
SPELLINGS = {"проект": "проєкт", "проектний": "проєктний", "проектування": "проєктування", "проектувати": "проєктувати",
             "проектант": "проєктант"}

# Words too common in acts to narrow a search (matched after lemmatisation).
STOP_LEMMAS = frozenset({
    "і", "й", "та", "а", "але", "або", "чи", "в", "у", "на", "з", "із", "зі", "до", "від", "за", "по", "про", "для",
    "при", "під", "над", "між", "через", "що", "як", "це", "цей", "той", "який", "яка", "які", "не", "ні", "так",
    "також", "бути", "є", "його", "її", "їх", "він", "вона", "воно", "вони", "ми", "ви", "я", "о", "об",
})


@cache
def analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="uk")


def words(text: str) -> list[str]:
    """Lower-case words and numbers of a text, apostrophes unified (numbers kept: act numbers matter)."""
    return [w.replace("’", "'").replace("ʼ", "'") for w in WORD_RE.findall(normalise(text).lower())]


@lru_cache(maxsize=65536)
def lemmas(word: str) -> tuple[str, ...]:
    """Every distinct normal form of a word, current spelling, without stop words; numbers as they are."""
    if word.isdigit():
        return (word,)
    forms = {SPELLINGS.get(p.normal_form, p.normal_form) for p in analyzer().parse(word)}
    forms = {form.replace("'", "") for form in forms} - STOP_LEMMAS
    return tuple(sorted(forms))


def index_text(text: str) -> str:
    """The text as a space-separated string of lemmas, for the search index."""
    return " ".join(lemma for word in words(text) for lemma in lemmas(word))


def query_groups(query: str) -> list[tuple[str, ...]]:
    """A query as groups of alternative lemmas, one group per meaningful word (any lemma of a word matches)."""
    return [group for group in (lemmas(word) for word in words(query)) if group]
