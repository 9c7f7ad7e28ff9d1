"""Act numbers as people write them — «№ 2311-25/VIII», «2311–25/ѴІІІ», «154» — folded to one key.

The key is lower case with every separator a hyphen; a roman numeral typed with Cyrillic look-alikes
(«ІХ») becomes Latin («ix»), so a convocation suffix matches however it was typed. For the search index the
key also becomes a single word token (`number_tokens`): the full number, the number without its convocation
suffix so that «1921-49» finds «1921-49/VIII», and its leading integer so that «№ 154» finds «154-12/VIII».
"""

from __future__ import annotations

import re

from hromada.core.ukrtext import normalise

# Cyrillic letters that are used for roman numerals when typed on a Ukrainian layout.
_ROMAN_TWINS = str.maketrans({"і": "i", "х": "x", "с": "c", "м": "m", "v": "v", "ѵ": "v"})
_ROMAN_RE = re.compile(r"^[ivxlcdmіхсмѵ]+$")
_PART_RE = re.compile(r"[^\W_]+", re.UNICODE)
NUMBER_PREFIX_RE = re.compile(r"^\s*(?:№|n[o°º]?\.?\s*(?=\d))\s*", re.IGNORECASE)
# Every dash typed between the parts of a number: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en and
# em dash, horizontal bar, minus sign.
DASHES = "-‐‑‒–—―−"
# A token that is evidently an act number: digits joined to more parts by a dash, / or \ («154-12/VIII», «12/3»,
# «2311–25/ѴІІІ» — any letters, the Cyrillic look-alikes of a roman numeral among them).
NUMBER_SHAPE_RE = re.compile(rf"^\d+(?:[{DASHES}/\\.][^\W_]+)+$")
INDEX_PREFIX = "nr"
INDEX_SEPARATOR = "z"


def _fold_part(part: str) -> str:
    part = part.lower()
    return part.translate(_ROMAN_TWINS) if _ROMAN_RE.match(part) else part


def number_parts(number: str) -> list[str]:
    """The alphanumeric parts of a number: «№ 2311-25/VIII» → ["2311", "25", "viii"]."""
    text = NUMBER_PREFIX_RE.sub("", normalise(number or ""))
    return [_fold_part(part) for part in _PART_RE.findall(text)]


def number_key(number: str) -> str:
    """The stored lookup key: «№ 2311–25/VIII» → «2311-25-viii»."""
    return "-".join(number_parts(number))[:80]


def number_tokens(number: str) -> list[str]:
    """Index tokens of a number: the whole number, and the leading integer when the number has more parts."""
    parts = number_parts(number)
    if not parts:
        return []
    tokens = [INDEX_PREFIX + INDEX_SEPARATOR.join(parts)]
    if len(parts) > 2 and _is_convocation(parts[-1]):  # «1921-49/VIII» is also «1921-49»
        tokens.append(INDEX_PREFIX + INDEX_SEPARATOR.join(parts[:-1]))
    if len(parts) > 1 and parts[0].isdigit():
        tokens.append(INDEX_PREFIX + parts[0])
    return tokens


def _is_convocation(part: str) -> bool:
    """A convocation suffix: a roman numeral (already folded to Latin by number_parts)."""
    return bool(re.fullmatch(r"[ivxlcdm]+", part))


def query_token(number: str) -> str | None:
    """The index token a typed number looks up (the whole of it), or None when it has no parts."""
    parts = number_parts(number)
    return INDEX_PREFIX + INDEX_SEPARATOR.join(parts) if parts else None


def looks_like_number(token: str) -> bool:
    return bool(NUMBER_SHAPE_RE.match(token))
