"""Proposed redaction of personal data before a request and its answer are published (Law «Про доступ до
публічної інформації», Art. 7 and Law «Про захист персональних даних»).

``redact(text, names=...)`` finds what looks like a person's data — a РНОКПП, a Ukrainian phone number, an
e-mail address, a private person's street address, the applicant's own name — and returns the text with each
finding replaced by a label, plus the findings. It only *proposes*: the clerk reads the result, edits it and
confirms on the publish page. Matching runs on a copy of the text with Latin look-alike letters and odd
apostrophes unified (character for character, so positions stay the same), so «Пeтренкo» and «Сем’янівська»
are found like their clean spellings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hromada.core.ukrtext import fix_lookalikes, unify_apostrophes
from hromada.registers.validators import is_valid_rnokpp

RNOKPP, PHONE, EMAIL, ADDRESS, NAME = "rnokpp", "phone", "email", "address", "name"


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str  # as written in the original text

    @property
    def label(self) -> str:
        return replacement(self.kind)


@dataclass
class Redaction:
    text: str
    findings: list[Finding] = field(default_factory=list)


def replacement(kind: str) -> str:
    return {
        RNOKPP: _("[РНОКПП removed]"), PHONE: _("[phone removed]"), EMAIL: _("[e-mail removed]"),
        ADDRESS: _("[address removed]"), NAME: _("[name removed]"),
    }[kind]


def _matching_copy(text: str) -> str:
    """The text with look-alikes and apostrophes unified; the same length, so offsets carry over."""
    copy = fix_lookalikes(unify_apostrophes(text))
    return copy if len(copy) == len(text) else text


# --- e-mail ------------------------------------------------------------------------------------------------

_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")


# --- phones ------------------------------------------------------------------------------------------------

# A run of digit groups joined by at most two separators («+38 (067) 123-45-67», «067.123.45.67»); each run is
# then searched for its longest stretch of groups whose digits make a Ukrainian number.
_GROUP = r"\+?\(?\d+\)?"
_SEPARATORS = "[ \t\u00a0\u2009\u202f\\-\u2010\u2011\u2012\u2013.]"
_RUN_RE = re.compile(rf"(?<![\w+]){_GROUP}(?:{_SEPARATORS}{{0,3}}{_GROUP})*")
_GROUP_RE = re.compile(_GROUP)


def _is_phone(digits: str, plus: bool) -> bool:
    if plus and not digits.startswith("38"):
        return False  # a foreign number: not ours to judge, and rarely a resident's
    if digits.startswith("380") and len(digits) == 12:
        digits = digits[2:]
    elif digits.startswith("80") and len(digits) == 11 and not plus:
        digits = digits[1:]  # the old long-distance «8 0XX …»
    return len(digits) == 10 and digits[0] == "0" and digits[1] != "0"


def _closing(text: str, start: int) -> int:
    """The position of the bracket that closes the one at ``start``, or -1."""
    depth = 0
    for position in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[position], 0)
        if depth == 0:
            return position
    return -1


def _phones(copy: str) -> list[tuple[int, int]]:
    found = []
    for run in _RUN_RE.finditer(copy):
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group()) for m in _GROUP_RE.finditer(run.group())]
        i = 0
        while i < len(groups):
            for j in range(len(groups) - 1, i - 1, -1):
                digits = "".join(re.sub(r"\D", "", g[2]) for g in groups[i:j + 1])
                if _is_phone(digits, groups[i][2].startswith("+")):
                    start, end = groups[i][0], groups[j][1]
                    # «(067)» keeps both brackets; an unpaired bracket at an edge belongs to the sentence.
                    while copy[start] == "(" and copy.count("(", start, end) > copy.count(")", start, end):
                        start += 1
                    while copy[end - 1] == ")" and copy.count(")", start, end) > copy.count("(", start, end):
                        end -= 1
                    if copy[start] == "(" and _closing(copy, start) == end - 1:
                        start, end = start + 1, end - 1  # «(067 123 45 67)»: the brackets are the sentence's
                    found.append((start, end))
                    i = j
                    break
            i += 1
    return found


# --- РНОКПП ------------------------------------------------------------------------------------------------

_TEN_DIGITS_RE = re.compile(r"(?<![\d\w])\d{10}(?![\d\w])")
_RNOKPP_WORDS_RE = re.compile(r"(РНОКПП|ІПН|ідентифікаційн\w*\s+(код|номер)\w*|реєстраційн\w*\s+номер\w*\s+облікової"
                              r"|податков\w*\s+номер\w*|код\w*\s+платника)", re.IGNORECASE)


def _rnokpps(copy: str) -> list[tuple[int, int]]:
    found = []
    for match in _TEN_DIGITS_RE.finditer(copy):
        before = copy[max(0, match.start() - 60):match.start()]
        if is_valid_rnokpp(match.group()) or _RNOKPP_WORDS_RE.search(before):
            found.append(match.span())
    return found


# --- addresses ---------------------------------------------------------------------------------------------

_STREET_WORDS = (r"вул\.|вулиц[яіюею]\w*|просп\.|пр-т\.?|проспект\w*|пров\.|провул\w*|бульв\.|бул\.|бульвар\w*"
                 r"|пл\.|площ[аіеу]\w*|узвіз\w*|тупик\w*|туп\.|проїзд\w*|шосе|майдан\w*")
# A street's name is capitalised («Тараса Шевченка», «8 Березня», «Героїв УПА»): the case matters here.
_NAME_WORD = r"(?-i:(?:\d{1,3}-?(?:го|й|ї|а)?\s+)?[А-ЯІЇЄҐA-Z][\w'\-]*\.?)"
_BUILDING = r"\d{1,4}(?:\s?-?[а-яієїґА-ЯІЄЇҐ](?!\w))?(?:/\d{1,4}[а-яієїґ]?)?"
_ADDRESS_RE = re.compile(
    rf"(?<!\w)(?:{_STREET_WORDS})\s*{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
    rf"(?:,\s*|\s+)(?:(?:буд\.|будинок|б\.)\s*)?(?:№\s*)?{_BUILDING}"
    rf"(?:(?:,\s*|\s+)(?:кв\.|квартира|кв|к\.)\s*№?\s*\d{{1,4}}[а-яієїґ]?)?",
    re.IGNORECASE,
)


def _addresses(copy: str) -> list[tuple[int, int]]:
    return [m.span() for m in _ADDRESS_RE.finditer(copy)]


# --- names -------------------------------------------------------------------------------------------------

_INITIALS = r"(?-i:(?:\s*[А-ЯІЇЄҐ]\.){1,2})"


def _stem(word: str) -> str:
    """The part of a name that survives declension: «Петренко» → «Петренк», «Ірина» → «Ірин»."""
    if len(word) >= 7:
        return word[:-2]
    if len(word) >= 4:
        return word[:-1]
    return word


def _name_pattern(names) -> re.Pattern | None:
    words = []
    for name in names:
        for word in re.split(r"[\s,]+", _matching_copy(name or "")):
            word = word.strip(".'-")
            if len(word) >= 3 and word[:1].isalpha():
                words.append(word)
    if not words:
        return None
    # «Іван» must not take «Івано-Франківськ»: a hyphen after the stem ends the match.
    stems = "|".join(sorted({re.escape(_stem(word)) for word in words}, key=len, reverse=True))
    word = rf"(?:{stems})[\w']{{0,4}}"
    # A name part, with initials before («І. О. Петренко») or after («Петренко І.О.»).
    return re.compile(rf"(?<![\w'])(?-i:(?:[А-ЯІЇЄҐ]\.\s*){{1,2}})?{word}(?![\w'-])(?:{_INITIALS})?",
                      re.IGNORECASE)


def _names(copy: str, names) -> list[tuple[int, int]]:
    pattern = _name_pattern(names)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(copy):
        start, end = match.span()
        if not copy[start].isupper():
            continue  # names are written with a capital; «ірина» inside a sentence is not one
        found.append((start, end))
    return found


# --- together ----------------------------------------------------------------------------------------------


def find(text: str, *, names=()) -> list[Finding]:
    """Every proposed finding, in order, without overlaps (the longer of two overlapping ones wins)."""
    if not text:
        return []
    copy = _matching_copy(text)
    spans = []
    for kind, found in ((EMAIL, _EMAIL_RE.finditer(copy)), (ADDRESS, _addresses(copy)), (PHONE, _phones(copy)),
                        (RNOKPP, _rnokpps(copy)), (NAME, _names(copy, names))):
        for item in found:
            start, end = item.span() if isinstance(item, re.Match) else item
            spans.append((start, end, kind))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    findings: list[Finding] = []
    for start, end, kind in spans:
        if findings and start < findings[-1].end:
            continue
        last = findings[-1] if findings else None
        if last and kind == NAME == last.kind and not text[last.end:start].strip():
            # «Петренко Ірина Олегівна» is one name, replaced once.
            findings[-1] = Finding(NAME, last.start, end, text[last.start:end])
            continue
        findings.append(Finding(kind, start, end, text[start:end]))
    return findings


def redact(text: str, *, names=()) -> Redaction:
    findings = find(text or "", names=names)
    parts, position = [], 0
    for finding in findings:
        parts.append(text[position:finding.start])
        parts.append(finding.label)
        position = finding.end
    parts.append((text or "")[position:])
    return Redaction("".join(parts), findings)


def propose(case) -> tuple[Redaction, Redaction]:
    """The proposed public text of a case's request and of its answer, hiding the applicant's name too."""
    names = [case.applicant_name] if case.applicant_name else []
    return redact(case.text, names=names), redact(case.answer_text, names=names)
