"""Ukrainian alphabetical order, the same in PostgreSQL, SQLite and Python.

Both databases and Python compare text by code point unless told otherwise, and Ukrainian letters are not in
alphabetical order in Unicode: Є (U+0404), І (U+0406) and Ї (U+0407) come before А (U+0410), and ґ (U+0491)
after я. Every ordering by a human name or title goes through this module instead:

* ``uk("name")`` (or ``uk("-name")``) is an ``order_by`` / ``Meta.ordering`` term comparing the column with the
  collation ``uk_icu``. On PostgreSQL that is an ICU collation made by core's migration 0007 (``uk-UA`` with
  punctuation ignored); on SQLite it is a Python collation registered on every connection
  (core.sqlite_functions) that compares ``uk_sort_key``.
* ``uk_sort_key(text)`` is the key for sorts done in Python (``sorted(rows, key=lambda r: uk_sort_key(r.name))``).

The order (docs/decisions/0006-ukrainian-collation.md): letters by the Ukrainian alphabet
а б в г ґ д е є ж з и і ї й к л м н о п р с т у ф х ц ч ш щ ь ю я; case ignored, and among texts equal but for
case the one with lower case first; apostrophes, spaces, hyphens and other punctuation ignored («Мар'яна»
sorts as «Маряна», after «Марченко»); digits before letters, Cyrillic before Latin (as ICU's ``uk`` does). Texts
that are still equal are ordered by code point, as PostgreSQL breaks ties of a deterministic collation.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db.models import F
from django.db.models.expressions import Expression, OrderBy
from django.db.models.functions import Collate

COLLATION = "uk_icu"
# The PostgreSQL collation: ICU's Ukrainian with punctuation and spaces "shifted" (ignored at every level that
# is compared). The migration that creates it is core 0007_uk_collation.
ICU_LOCALE = "uk-UA-u-ka-shifted"

UK_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"

# Primary groups, in ICU's order for the uk locale: symbols, digits, Cyrillic, Latin, everything else.
_SYMBOL, _DIGIT, _CYRILLIC, _LATIN, _OTHER = range(5)

# Cyrillic letters: the Ukrainian alphabet, with room between letters for the Russian and Belarusian ones
# (ё = е with a mark, ъ ы between щ and ь, э between ь and ю; ў = у with a mark), as the Unicode collation
# algorithm places them.
_CYRILLIC_RANK: dict[str, tuple[int, int]] = {letter: (10 * (i + 1), 0) for i, letter in enumerate(UK_ALPHABET)}
_CYRILLIC_RANK.update({
    "ё": (_CYRILLIC_RANK["е"][0], 1),
    "ў": (_CYRILLIC_RANK["у"][0], 1),
    "ъ": (_CYRILLIC_RANK["щ"][0] + 3, 0),
    "ы": (_CYRILLIC_RANK["щ"][0] + 6, 0),
    "э": (_CYRILLIC_RANK["ь"][0] + 5, 0),
})

_MAX = 0x10FFFF


def _char(value: int) -> str:
    """One weight as a character above the separator U+0000."""
    return chr(min(value + 1, _MAX))


Weights = tuple[tuple[str, str, str], ...]


@lru_cache(maxsize=8192)
def _weights(char: str) -> Weights:
    """(primary, secondary, tertiary) weights of one character as strings; none if it is ignored."""
    lower = char.lower()
    if len(lower) != 1:  # «İ» lowers to two characters; compare by the first
        lower = lower[0]
    tertiary = _char(0 if char == lower else 1)
    if lower in _CYRILLIC_RANK:
        rank, mark = _CYRILLIC_RANK[lower]
        return ((_char(_CYRILLIC) + _char(rank), _char(mark), tertiary),)
    category = unicodedata.category(char)
    if category[0] in "PZ" or category in ("Cc", "Cf"):
        return ()  # apostrophes, spaces, hyphens, quotes, control and format characters
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return ((_char(_DIGIT) + _char(digit), _char(0), tertiary),)
    compatible = unicodedata.normalize("NFKD", char)
    if compatible != unicodedata.normalize("NFD", char):
        # «№» sorts as «No», «ﬁ» as «fi», after them (a compatibility variant differs at the third level).
        return tuple((p, s, _char(2)) for part in compatible for p, s, _t in _weights(part))
    if category[0] == "S":
        return ((_char(_SYMBOL) + _char(ord(char)), _char(0), tertiary),)
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    secondary = _char(sum(ord(m) for m in marks) if marks else 0)
    if base in _CYRILLIC_RANK:
        rank, mark = _CYRILLIC_RANK[base]
        return ((_char(_CYRILLIC) + _char(rank), _char(mark + 1) if marks else secondary, tertiary),)
    if "a" <= base <= "z":
        return ((_char(_LATIN) + _char(ord(base)), secondary, tertiary),)
    return ((_char(_OTHER) + _char(ord(base)), secondary, tertiary),)


@lru_cache(maxsize=65536)
def uk_sort_key(text: str | None) -> str:
    """A string whose code-point order is the Ukrainian alphabetical order of `text` (None sorts first).

    Primary weights (letters, case and punctuation ignored), then secondary (marks), then tertiary (lower
    case first), then the text itself; each level ends with U+0000, so a shorter text that is a prefix of a
    longer one comes first.
    """
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    primary, secondary, tertiary = [], [], []
    for char in text:
        for p, s, t in _weights(char):
            primary.append(p)
            secondary.append(s)
            tertiary.append(t)
    return "".join(primary) + "\0" + "".join(secondary) + "\0" + "".join(tertiary) + "\0" + text


_KEYS: dict[str, str] = {}  # the SQLite collation's keys (a plain dict: it is called for every comparison)
_KEYS_MAX = 100_000  # about 25 MB at most; cleared when full


def compare(a: str, b: str) -> int:
    """The SQLite collation function: negative, zero or positive as `a` sorts before, with or after `b`."""
    keys = _KEYS
    ka = keys.get(a)
    if ka is None:
        if len(keys) >= _KEYS_MAX:
            keys.clear()
        ka = keys[a] = uk_sort_key(a)
    kb = keys.get(b)
    if kb is None:
        if len(keys) >= _KEYS_MAX:
            keys.clear()
        kb = keys[b] = uk_sort_key(b)
    return (ka > kb) - (ka < kb)


def uk(field: str | Expression) -> Collate | OrderBy:
    """An ordering term by `field` in Ukrainian alphabetical order; a leading «-» orders descending.

    ``Resident.objects.order_by(uk("last_name"), uk("first_name"), "pk")`` — usable in ``Meta.ordering`` too.
    """
    if isinstance(field, str):
        if field.startswith("-"):
            return Collate(F(field[1:]), COLLATION).desc()
        return Collate(F(field), COLLATION)
    return Collate(field, COLLATION)


def is_text_field(model, path: str) -> bool:
    """Whether `path` («name», «street__name») names text people write: a CharField or TextField, without choices
    and editable (derived keys such as a building's sort_key already sort by code point)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db.models import CharField, TextField

    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.is_relation:
            model = field.related_model
    return isinstance(field, (CharField, TextField)) and not field.choices and field.editable


def order_term(model, name: str) -> Collate | OrderBy | str:
    """`name` («name», «-last_name», «apartments») as an ordering term: text collated, anything else as it is."""
    return uk(name) if is_text_field(model, name.lstrip("-")) else name
