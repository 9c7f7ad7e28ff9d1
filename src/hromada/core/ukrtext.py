"""Ukrainian text normalisation for the registers: pure functions, no Django, no database.

Register data arrives typed by hand, pasted from Word and PDF, or imported from spreadsheets made on Latin
keyboard layouts. The same name then appears with four different apostrophes, with Latin letters that look
Cyrillic («Kиїв» with a Latin K), with non-breaking spaces and soft hyphens. These helpers bring such text to
one stored form (`normalise`) and fold it further into a key for search (`search_key`), so that search is a
plain `LIKE` on a stored column and gives the same rows on SQLite and PostgreSQL.

Decisions (each one documented where it is made):

* The stored apostrophe is the typewriter apostrophe ' (U+0027): it is what Ukrainian keyboard layouts and
  most state registers (ЄДДР, ДРРП, Укрпошта address lists) produce, so stored text matches what people type
  and what comes in on import. U+02BC (the "letter apostrophe" of the 2019 orthography) is folded to it too.
* Latin look-alikes are replaced only inside words that are Cyrillic; all-Latin words (IT, Wi-Fi) stay.
* The search key folds ґ into г, drops apostrophes and stress marks, and turns any punctuation into a space.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Register files repeat the same names, streets and settlements: pure functions of short texts are cached.
CACHE_SIZE = 8192

# --- apostrophes -----------------------------------------------------------------------------------------

APOSTROPHE = "'"

# Characters people use for the Ukrainian apostrophe: right/left single quotes, the modifier letter
# apostrophe (U+02BC), the grave accent and acute accent keys, prime, modifier primes and turned commas,
# the reversed quote and the full-width apostrophe.
APOSTROPHE_VARIANTS = "\u2019\u02bc\u0060\u2018\u2032\u00b4\u02b9\u02bb\u02bd\u02c8\u201b\uff07"
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(APOSTROPHE_VARIANTS, APOSTROPHE))


def unify_apostrophes(s: str) -> str:
    """Replace every apostrophe-like character with the stored apostrophe ' (U+0027)."""
    return s.translate(_APOSTROPHE_TABLE)


# --- Latin look-alikes -----------------------------------------------------------------------------------

# Only pairs that are drawn the same in ordinary fonts. Lower-case b, h, k, m, t are deliberately absent:
# their Cyrillic capitals look alike (В, Н, К, М, Т) but the small letters do not (в, н, к, м, т).
LATIN_TO_CYRILLIC: dict[str, str] = {
    "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у", "ï": "ї",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "Ï": "Ї",
}
_LOOKALIKE_TABLE = str.maketrans(LATIN_TO_CYRILLIC)
_CYRILLIC_TWINS = frozenset(LATIN_TO_CYRILLIC.values())

# A word: letters (with combining marks) joined by apostrophes, so «об'єкт» is one word. Hyphens and digits
# separate words, so in «IT-компанія» the Latin «IT» is judged on its own and kept.
_LETTER = r"[^\W\d_]"
_MARK = r"[\u0300-\u036f]"
_APOS_CLASS = "['" + APOSTROPHE_VARIANTS + "]"
# Combining marks count as part of a word wherever they stand, so removing a stress mark cannot split or join
# words (search_key removes them).
_WORD_RE = re.compile(rf"(?:{_LETTER}|{_MARK})+(?:{_APOS_CLASS}(?:{_LETTER}|{_MARK})+)*")


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def _is_latin(ch: str) -> bool:
    return ch.isalpha() and (ch < "\u0250" or "\u1e00" <= ch <= "\u1eff")


def _should_convert(word: str) -> bool:
    """True when the Latin letters of `word` are look-alikes typed by mistake into a Cyrillic word.

    A letter only Cyrillic has (б, ї, т, л…) proves the word is Cyrillic; a letter only Latin has (n, s, b…)
    proves it is not a typo. A word made only of look-alikes (ТOВ, IТ) goes by majority, a tie stays as typed.
    """
    latin = cyrillic = 0
    has_cyrillic_only_letter = False
    for ch in word:
        if _is_cyrillic(ch):
            cyrillic += 1
            has_cyrillic_only_letter = has_cyrillic_only_letter or ch not in _CYRILLIC_TWINS
        elif _is_latin(ch):
            if ch not in LATIN_TO_CYRILLIC:
                return False
            latin += 1
    return latin > 0 and (has_cyrillic_only_letter or cyrillic > latin)


def _after_digit(s: str, start: int) -> bool:
    """True when position `start` follows a digit, directly (12A) or through a hyphen (12-A)."""
    before = s[max(0, start - 2):start]
    return before[-1:].isdigit() or (before[-1:] == "-" and before[:1].isdigit())


_HAS_LOOKALIKE = re.compile("[" + re.escape("".join(LATIN_TO_CYRILLIC)) + "]")


@lru_cache(maxsize=CACHE_SIZE)
def fix_lookalikes(s: str) -> str:
    """Replace Latin look-alike letters inside Cyrillic words with their Cyrillic twins.

    «Kиїв» → «Київ», «TOB» next to nothing Cyrillic stays «TOB», «IT», «Wi-Fi» stay Latin. A lone look-alike
    letter right after a digit, directly or through a hyphen, is a house-number letter: «12-A» → «12-А».
    """

    if not _HAS_LOOKALIKE.search(s):
        return s  # most register text is all-Cyrillic: nothing to look at

    def replace(match: re.Match) -> str:
        word = match.group()
        if _should_convert(word) or (
            len(word) == 1 and word in LATIN_TO_CYRILLIC and _after_digit(s, match.start())
        ):
            return word.translate(_LOOKALIKE_TABLE)
        return word

    return _WORD_RE.sub(replace, s)


# --- control characters ----------------------------------------------------------------------------------

# C0 control characters other than tab and line breaks, DEL, and the noncharacters U+FFFE/U+FFFF arrive in text
# pasted from Word (a manual line break is a vertical tab, a page break a form feed) and from other programs.
# Stored, they break every document made of the text later: XML 1.0 — hence DOCX and XLSX — cannot hold them,
# so python-docx/lxml and openpyxl refuse to write them. NUL is left alone here: typed text never holds it, so
# whoever takes input refuses it (Django's form fields, the API body parser) rather than guess what was meant.
_CONTROL_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\r\ufffe\uffff]")
_CONTROL_TABLE = str.maketrans({
    **dict.fromkeys([*map(chr, range(0x01, 0x09)), *map(chr, range(0x0E, 0x20)), "\x7f", "\ufffe", "\uffff"]),
    "\x0b": "\n", "\x0c": "\n", "\r": "\n",
})
# What XML 1.0 cannot hold at all: for writers of documents, which must not fail on text stored long ago.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(s: str) -> str:
    """Free text as it is stored: line breaks as \\n (\\r\\n, \\r, Word's vertical tab and form feed), tabs kept,
    other C0 control characters, DEL, U+FFFE and U+FFFF removed; NUL kept for the caller to refuse. Idempotent."""
    if not _CONTROL_RE.search(s):
        return s  # the common case: nothing to do
    return s.replace("\r\n", "\n").translate(_CONTROL_TABLE)


def xml_safe(s: str) -> str:
    """Text a DOCX or XLSX writer accepts: clean_text, then whatever XML 1.0 still cannot hold (NUL, lone
    surrogates) removed. For writing text already stored, e.g. before clean_text guarded the input."""
    return _NOT_XML_RE.sub("", clean_text(s))


def xml_safe_data(value):
    """xml_safe for every text in nested dicts, lists and tuples (a snapshot, a report); other values as they are."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: xml_safe_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe_data(item) for item in value)
    return value


# --- spaces and the stored form --------------------------------------------------------------------------

# Invisible characters pasted from word processors and web pages: soft hyphen, zero-width space and joiners,
# word joiner, byte-order mark. The Unicode hyphens (U+2010, non-breaking U+2011) become the ASCII hyphen.
_INVISIBLE_TABLE = str.maketrans({"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None,
                                  "\u2060": None, "\ufeff": None, "\u2010": "-", "\u2011": "-"})


def collapse_spaces(s: str) -> str:
    """Every run of whitespace (tabs, newlines, non-breaking and narrow spaces) becomes one space; trimmed."""
    return " ".join(s.split())


# Text that every step of normalise() would leave as it is: Ukrainian letters (composed), the stored apostrophe,
# hyphens and single inner spaces. Checked first, so clean text skips the Unicode work.
_PLAIN_RE = re.compile(r"[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'\-]+(?: [А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'\-]+)*")


@lru_cache(maxsize=CACHE_SIZE)
def normalise(s: str) -> str:
    """The stored form of a name or address: NFC, no invisible characters, one apostrophe, no Latin
    look-alikes in Cyrillic words, single spaces. Idempotent."""
    if _PLAIN_RE.fullmatch(s):
        return s  # already in the stored form: the common case in register files
    # Invisible characters go first: one between a letter and its combining mark would keep them apart.
    text = unicodedata.normalize("NFC", s.translate(_INVISIBLE_TABLE))
    text = fix_lookalikes(unify_apostrophes(text))
    # Again: a Cyrillic letter put in place of a Latin one may now compose with a following combining mark.
    return collapse_spaces(unicodedata.normalize("NFC", text))


@lru_cache(maxsize=CACHE_SIZE)
def name_case(s: str) -> str:
    """Capitalise a Ukrainian personal name: «іВАНОВ-петренко» → «Іванов-Петренко».

    Each word and each part after a hyphen starts with a capital; an apostrophe does not start a new part,
    as in Ukrainian spelling a letter after an apostrophe is never capital: «д'АРТАНЬЯН» → «Д'артаньян».
    The text is normalised before and after: a change of case can turn an unambiguous Latin letter into a
    look-alike (b → B), which must not survive into a Cyrillic word.
    """
    return normalise(_WORD_RE.sub(lambda m: m.group()[:1].upper() + m.group()[1:].lower(), normalise(s)))


# --- street types ----------------------------------------------------------------------------------------


class StreetType(NamedTuple):
    key: str
    name: str
    abbreviations: tuple[str, ...]


# The keys are the values of registers.models.StreetKind, so whatever expand_street_type returns can be stored.
# Abbreviations are the ones in common use in Ukrainian addresses; each may also be written without its dot.
# «пр.» is left out on purpose: it is used for проспект, провулок and проїзд alike.
STREET_TYPES: tuple[StreetType, ...] = (
    StreetType("vulytsia", "вулиця", ("вул.",)),
    StreetType("provulok", "провулок", ("пров.",)),
    StreetType("ploshcha", "площа", ("пл.",)),
    StreetType("prospekt", "проспект", ("просп.", "пр-т", "пр-кт")),
    StreetType("bulvar", "бульвар", ("бульв.", "бул.", "б-р")),
    StreetType("uzviz", "узвіз", ("узв.",)),
    StreetType("tupyk", "тупик", ("туп.",)),
    StreetType("shose", "шосе", ("ш.",)),
    StreetType("naberezhna", "набережна", ("наб.",)),
    StreetType("proizd", "проїзд", ("пр-д",)),
    StreetType("maidan", "майдан", ()),
    StreetType("aleia", "алея", ()),
    StreetType("vyizd", "в'їзд", ()),
)
STREET_TYPE_NAMES: dict[str, str] = {t.key: t.name for t in STREET_TYPES}


def _street_forms() -> list[tuple[str, str]]:
    forms: dict[str, str] = {}
    for street_type in STREET_TYPES:
        forms[street_type.name] = street_type.key
        for abbreviation in street_type.abbreviations:
            forms[abbreviation] = street_type.key
            forms[abbreviation.rstrip(".")] = street_type.key
    # Longest first, so «вулиця» is tried before «вул.» and «вул.» before «вул».
    return sorted(forms.items(), key=lambda item: -len(item[0]))


_STREET_FORMS = _street_forms()
_TRIM = " ,;"


def _type_prefix(text: str) -> tuple[str, str, str] | None:
    for form, key in _STREET_FORMS:
        head, rest = text[:len(form)], text[len(form):]
        if head.lower() == form and rest and (form.endswith(".") or rest[0] in _TRIM):
            rest = rest.strip(_TRIM)
            if rest:
                return key, rest, form
    return None


def _type_suffix(text: str) -> tuple[str, str, str] | None:
    for form, key in _STREET_FORMS:
        if len(text) <= len(form):
            continue
        head, tail = text[:-len(form)], text[-len(form):]
        if tail.lower() == form and head[-1] in _TRIM:
            head = head.strip(_TRIM)
            if head:
                return key, head, form
    return None


@lru_cache(maxsize=CACHE_SIZE)
def expand_street_type(s: str) -> tuple[str | None, str]:
    """Split a street into its type key and bare name: «вул. Шевченка» → ("vulytsia", "Шевченка").

    The type may come first or last («Соборна площа», «Шевченка, вул.»). Without a recognised type, or when
    nothing but the type is given («Набережна» is a street name), the key is None and the text is returned
    normalised. When both ends name a type, the first wins, except «набережна»: being an adjective it is more
    often the name itself, as in «Набережна вулиця».
    """
    text = normalise(s).strip(_TRIM)
    prefix, suffix = _type_prefix(text), _type_suffix(text)
    if prefix and not (suffix and prefix[2] == "набережна"):
        return prefix[0], prefix[1]
    if suffix:
        return suffix[0], suffix[1]
    return None, text


# --- settlement types ------------------------------------------------------------------------------------


class SettlementType(NamedTuple):
    key: str
    name: str
    abbreviations: tuple[str, ...]


# The keys are the values of core.models.Settlement.Kind. Old registers (КОАТУУ-era exports, ДРАЦС, Укрпошта
# lists) put the type in front of the name: «с. Могилів», «смт Слобожанське», «с-ще Молодіжне».
# «Селище міського типу» is no category any more: the Law «Про засади адміністративно-територіального устрою
# України» (No. 3285-IX, in force since 2024) knows only the місто, the селище and the село, and every former
# смт is now a селище. Files made before (and many made since) still write «смт», so it is read as a селище.
# «Сел.» is taken for селище, as in КОАТУУ lists; «с.» alone is always село. «Хутір» is left out: it is no
# category of settlement, and the register has no such type to match it against.
SETTLEMENT_TYPES: tuple[SettlementType, ...] = (
    SettlementType("selo", "село", ("с.",)),
    SettlementType("selyshche", "селище", ("с-ще", "с/ще", "сел.")),
    SettlementType("selyshche", "селище міського типу", ("смт",)),
    SettlementType("misto", "місто", ("м.",)),
)


def _compact(form: str) -> str:
    return "".join(form.split()).lower().rstrip(".")


# Every form without its spaces and its final dot (the dot is optional), so a matched form is looked up as is.
_SETTLEMENT_FORMS: dict[str, str] = {
    _compact(form): settlement_type.key
    for settlement_type in SETTLEMENT_TYPES for form in (settlement_type.name, *settlement_type.abbreviations)}


def _settlement_type_pattern() -> re.Pattern:
    # Any spacing inside a form: «селище  міського типу», «с - ще», «с / ще».
    forms = sorted({form.rstrip(".") for t in SETTLEMENT_TYPES for form in (t.name, *t.abbreviations)},
                   key=len, reverse=True)  # longest first: «селище міського типу» before «селище», «с-ще» before «с»
    bodies = ["".join(r"\s+" if ch == " " else rf"\s*{re.escape(ch)}\s*" if ch in "-/" else re.escape(ch)
                      for ch in form) for form in forms]
    # After the type: a dot (then any spaces, or none: «с.Могилів»), a comma, or at least one space.
    return re.compile(rf"(?P<type>{'|'.join(bodies)})(?:\s*\.\s*|\s*[,;]\s*|\s+)(?=\S)", re.IGNORECASE)


_SETTLEMENT_TYPE_RE = _settlement_type_pattern()


@lru_cache(maxsize=CACHE_SIZE)
def split_settlement_type(s: str) -> tuple[str | None, str]:
    """Split a settlement into its type key and bare name: «с. Могилів» → ("selo", "Могилів").

    The type is recognised in front only, in any case and spacing, in full or abbreviated, with or without
    its dot, with Latin look-alikes («c.» typed with a Latin c): «смт. Слобожанське», «С/ЩЕ Молодіжне»,
    «селище міського типу Слобожанське» all give ("selyshche", "Слобожанське"). A type at the end is not
    looked for, as many names end in one («Нове Село»). Without a recognised type, or when nothing but the
    type is given («Селище» is a village's name), the key is None and the text is returned normalised.
    """
    text = normalise(s).strip(_TRIM)
    # Look-alikes are folded only for matching (a lone «c.» is no Cyrillic word for fix_lookalikes); the
    # translation is one character for one, so the match positions hold in `text`.
    match = _SETTLEMENT_TYPE_RE.match(text.translate(_LOOKALIKE_TABLE))
    if not match:
        return None, text
    return _SETTLEMENT_FORMS[_compact(match["type"])], text[match.end():].strip(_TRIM)


# --- search ----------------------------------------------------------------------------------------------

_STRESS = "\u0301"  # the combining acute accent some documents put on stressed vowels
_DIGIT_LETTER_RE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_NOT_WORD_RE = re.compile(r"[\W_]+")
_LOOSE_MARKS_RE = re.compile(_MARK)


@lru_cache(maxsize=CACHE_SIZE)
def search_key(s: str) -> str:
    """The folded form used for search, computed in Python and stored, so SQLite and PostgreSQL agree.

    normalise, then:
    * lower case (casefold) and no stress marks;
    * ґ → г: people type «Гудзь» for «Ґудзь», and older documents have no ґ at all;
    * apostrophes removed, so «Мар'яна» with any apostrophe, or none, gives «маряна»;
    * any other punctuation, hyphens included, becomes a space: «Івано-Франківськ» = «Івано Франківськ»;
    * a number and a letter are split: «12А» = «12-А» = «12 а»;
    * single spaces. Idempotent: search_key(search_key(x)) == search_key(x).
    """
    if _PLAIN_RE.fullmatch(s):
        # Composed Cyrillic letters, the stored apostrophe, single spaces and hyphens: only folding is left.
        return collapse_spaces(s.casefold().replace(APOSTROPHE, "").replace("ґ", "г").replace("-", " "))
    text = unicodedata.normalize("NFD", s).replace(_STRESS, "")
    text = normalise(text).casefold().replace(APOSTROPHE, "")
    # Combining marks still loose after NFC belong to no Ukrainian letter (й, ї are composed by now).
    text = unicodedata.normalize("NFC", _LOOSE_MARKS_RE.sub("", text))
    # Words are final now (apostrophes gone may have joined «a''т»), and lower case may have turned a
    # look-alike into an unambiguous letter (Т → т) that settles a tie: look once more, so that a second
    # pass finds nothing to change.
    text = fix_lookalikes(text).replace("ґ", "г")
    text = _DIGIT_LETTER_RE.sub(" ", text)
    return collapse_spaces(_NOT_WORD_RE.sub(" ", text))


def name_tokens(s: str) -> list[str]:
    """The search keys of each word, for matching words in any order: «Шевченко Тарас» → ["шевченко", "тарас"]."""
    return search_key(s).split()
