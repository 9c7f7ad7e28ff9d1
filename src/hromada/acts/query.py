"""What a search box query means, before any database sees it.

    земельних ділянок оренда      every word, in any inflected form (all its lemmas are alternatives)
    "земельна ділянка"            a phrase: these words, next to each other, in these forms
    -оренда  -"земельна ділянка"  excluded words and phrases
    № 154   154-12/VIII           an act number (its own number, or the number quoted in a text)

The parsed query is a plain value that the SQLite and the PostgreSQL backends both translate (acts.search),
so the two databases answer the same query with the same acts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hromada.acts import numbers
from hromada.core.ukrlemma import lemmas, words
from hromada.core.ukrtext import normalise

# Longer queries are cut here: nobody types more, and it bounds the work a request can ask of the index.
MAX_QUERY_CHARS = 500
MAX_TERMS = 12

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Spaces around a dash or slash between a number and its next part (digits, or a roman numeral for the
# convocation): the spaces go, the separator stays.
_SPACED_NUMBER_RE = re.compile(
    rf"(?<=\d)\s*([{numbers.DASHES}/\\])\s*(?=\d|[IVXLCDMivxlcdmІіХхСсМмѴѵ]+(?![^\W\d_]))")


def surface(word: str) -> str:
    """A word as the phrase index keeps it: lower case, no apostrophe, the current spelling of «проєкт»."""
    word = word.replace("'", "")
    return "проєкт" + word[6:] if word.startswith("проект") else word


@dataclass(frozen=True)
class NumberTerm:
    token: str  # the index token of the number (acts.numbers)
    parts: tuple[str, ...]  # its parts, to find it quoted in a text as a phrase


# Partial matches (acts.search): a query of PARTIAL_MIN_WORDS plain words or more also finds the acts that lack
# one of them; from LONG_QUERY_WORDS words, two — never fewer than half of the words and one more are kept.
PARTIAL_MIN_WORDS = 3
LONG_QUERY_WORDS = 5


@dataclass
class ParsedQuery:
    groups: list[tuple[str, ...]] = field(default_factory=list)  # each: alternative lemmas of one word
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    numbers: list[NumberTerm] = field(default_factory=list)
    excluded_groups: list[tuple[str, ...]] = field(default_factory=list)
    excluded_phrases: list[tuple[str, ...]] = field(default_factory=list)
    group_words: list[str] = field(default_factory=list)  # the word typed for each group, in the same order
    number_texts: list[str] = field(default_factory=list)  # each number as typed (without «№»)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: no words (only stop words, punctuation or exclusions)."""
        return not (self.groups or self.phrases or self.numbers)

    @property
    def missing_allowed(self) -> int:
        """How many plain words a partial match may lack: 0 (no partial matches) below three words, 1 for
        three or four, 2 from five (and at least half of the words plus one are always kept)."""
        count = len(self.groups)
        if count < PARTIAL_MIN_WORDS:
            return 0
        allowed = 1 if count < LONG_QUERY_WORDS else 2
        return min(allowed, count - (count // 2 + 1))

    def terms(self) -> list[str]:
        """The positive terms as the reader typed them: plain words, then phrases, then numbers."""
        return [*self.group_words, *(" ".join(phrase) for phrase in self.phrases), *self.number_texts]

    def highlight_lemmas(self) -> frozenset[str]:
        return frozenset(lemma for group in self.groups for lemma in group)

    def highlight_words(self) -> frozenset[str]:
        return frozenset(word for phrase in self.phrases for word in phrase) | frozenset(
            part for number in self.numbers for part in number.parts)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(surface(word) for word in words(text))


def parse(query: str) -> ParsedQuery:
    parsed = ParsedQuery()
    text = normalise(query or "")[:MAX_QUERY_CHARS]
    # «№ 154» is one number whether or not a space follows the sign.
    text = re.sub(r"№\s+", "№", text)
    # «1921 - 49», «1921 – 49 / VIII» are the number «1921-49/VIII» typed with spaces.
    text = _SPACED_NUMBER_RE.sub(r"\1", text)
    seen: set = set()
    for minus, quoted, plain in _TOKEN_RE.findall(text):
        if len(seen) >= MAX_TERMS:
            break
        if quoted or (minus and not plain):
            phrase = _phrase(quoted)
            if not phrase or phrase in seen:
                continue
            seen.add(phrase)
            if minus:
                parsed.excluded_phrases.append(phrase)
            elif len(phrase) == 1:
                _add_word(parsed, words(quoted)[0], seen)
            else:
                parsed.phrases.append(phrase)
            continue
        _add_plain(parsed, plain, seen)
    return parsed


def _add_plain(parsed: ParsedQuery, token: str, seen: set) -> None:
    excluded = token.startswith("-") and len(token) > 1
    if excluded:
        token = token[1:]
    if token.startswith("№") or numbers.looks_like_number(token):
        parts = tuple(numbers.number_parts(token))
        number_token = numbers.query_token(token)
        if number_token and not excluded and number_token not in seen:
            seen.add(number_token)
            parsed.numbers.append(NumberTerm(number_token, parts))
            parsed.number_texts.append(numbers.NUMBER_PREFIX_RE.sub("", token) or token)
        return
    for word in words(token):
        group = lemmas(word)
        if not group or group in seen:
            continue
        seen.add(group)
        if excluded:
            parsed.excluded_groups.append(group)
        else:
            parsed.groups.append(group)
            parsed.group_words.append(word)


def _add_word(parsed: ParsedQuery, word: str, seen: set) -> None:
    group = lemmas(word)
    if group and group not in seen:
        seen.add(group)
        parsed.groups.append(group)
        parsed.group_words.append(word)
