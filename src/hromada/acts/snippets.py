"""Highlighted snippets: the passage of an act where the query's words are densest, matched words marked.

Made in Python from the stored text for one page of results, so both databases show the same snippet and
the words are marked by lemma: «ділянок» is marked for a query «ділянка».
"""

from __future__ import annotations

import re

from django.utils.html import escape

from hromada.acts.query import ParsedQuery, surface
from hromada.core.ukrlemma import lemmas
from hromada.core.ukrtext import normalise

WINDOW_WORDS = 32
# A snippet is looked for in the beginning of a long text: enough for a decision and its main attachment.
SCAN_CHARS = 40_000
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+", re.UNICODE)


def _is_hit(word: str, wanted_lemmas: frozenset, wanted_words: frozenset) -> bool:
    lowered = word.lower().replace("’", "'").replace("ʼ", "'")
    if wanted_words and surface(lowered) in wanted_words:
        return True
    return bool(wanted_lemmas) and not wanted_lemmas.isdisjoint(lemmas(lowered))


def snippet(text: str, parsed: ParsedQuery, window: int = WINDOW_WORDS) -> str:
    """Escaped HTML of the best window of `window` words, the matched words in <mark>; "" for an empty text."""
    text = normalise(text[:SCAN_CHARS])
    spans = [(m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    if not spans:
        return ""
    wanted_lemmas, wanted_words = parsed.highlight_lemmas(), parsed.highlight_words()
    verdicts: dict[str, bool] = {}  # a text repeats its words: judge each distinct word once
    hits = []
    for s, e in spans:
        word = text[s:e]
        if word not in verdicts:
            verdicts[word] = _is_hit(word, wanted_lemmas, wanted_words)
        hits.append(verdicts[word])
    start = _best_window_start(hits, window)
    chosen = range(start, min(start + window, len(spans)))
    html, cursor = [], spans[chosen[0]][0]
    for i in chosen:
        s, e = spans[i]
        html.append(escape(text[cursor:s]))
        html.append(f"<mark>{escape(text[s:e])}</mark>" if hits[i] else escape(text[s:e]))
        cursor = e
    prefix = "… " if chosen[0] > 0 else ""
    suffix = " …" if chosen[-1] < len(spans) - 1 else ""
    return prefix + " ".join("".join(html).split()) + suffix


def _best_window_start(hits: list[bool], window: int) -> int:
    """Start of the window with the most hits (the earliest such); the text's start when nothing matched."""
    if not any(hits):
        return 0
    best, best_count, count = 0, -1, 0
    for i, hit in enumerate(hits):
        count += hit
        if i >= window:
            count -= hits[i - window]
        start = max(0, i - window + 1)
        if count > best_count:
            best, best_count = start, count
    # Open a little before the first hit of the window, so the reader sees its context.
    first_hit = next(i for i in range(best, len(hits)) if hits[i])
    return max(0, min(best, first_hit - 4))
