"""Validators and pure helpers for the registers' codes: РНОКПП, УНЗР, cadastral numbers, КВЦПЗ purpose codes,
building numbers and postcodes.

Each `validate_*` raises a Django ValidationError with a Ukrainian message. The validators of building
numbers, УНЗР and cadastral numbers accept whatever their `normalise_*` brings to the canonical form (so «12а»
passes and is stored as «12-А»): services normalise before they save. РНОКПП, КВЦПЗ codes and postcodes are
checked exactly as given (`normalise_purpose_code` is there for imports).

Digits are ASCII only: `[0-9]`, never `\\d`, which would also let Arabic-Indic digits through.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hromada.core.ukrtext import LATIN_TO_CYRILLIC, normalise

SEX_MALE = "m"  # the values of registers.models.Sex
SEX_FEMALE = "f"

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))


def _squeeze(value: str) -> str:
    """Drop all whitespace: codes are often pasted with spaces inside (e.g. «3222 4860 00:01:001:0001»)."""
    return "".join((value or "").split())


# --- РНОКПП (the taxpayer's registration number, formerly ІПН) ------------------------------------------

RNOKPP_RE = re.compile(r"^[0-9]{10}$")
RNOKPP_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
# The first five digits count days from this date, so 00001 is 1 January 1900.
RNOKPP_EPOCH = date(1899, 12, 31)

RNOKPP_FORMAT_MESSAGE = _("The РНОКПП must consist of exactly 10 digits.")
RNOKPP_CHECKSUM_MESSAGE = _("The РНОКПП check digit does not match; please check the code for typos.")


def rnokpp_check_digit(first9: str) -> int:
    """Expected 10th digit: Σ dᵢ·wᵢ over the first nine digits, mod 11, mod 10.

    Python's % is never negative, so the rare negative sum (only the first weight is negative) is taken
    modulo 11 the mathematical way.
    """
    if not re.fullmatch(r"[0-9]{9}", first9 or ""):
        raise ValueError("nine ASCII digits expected")
    total = sum(int(d) * w for d, w in zip(first9, RNOKPP_WEIGHTS, strict=True))
    return total % 11 % 10


def is_valid_rnokpp(code: str) -> bool:
    return bool(RNOKPP_RE.fullmatch(code or "")) and rnokpp_check_digit(code[:9]) == int(code[9])


def rnokpp_birth_date(code: str) -> date:
    """The date of birth the code encodes (its first five digits are days after 31.12.1899)."""
    return RNOKPP_EPOCH + timedelta(days=int(code[:5]))


def rnokpp_sex(code: str) -> str:
    """"m" or "f" (registers.models.Sex): the 9th digit is odd for men and even for women."""
    return SEX_MALE if int(code[8]) % 2 else SEX_FEMALE


def validate_rnokpp(value: str) -> None:
    if not RNOKPP_RE.fullmatch(value or ""):
        raise ValidationError(RNOKPP_FORMAT_MESSAGE, code="rnokpp_format")
    if not is_valid_rnokpp(value):
        raise ValidationError(RNOKPP_CHECKSUM_MESSAGE, code="rnokpp_checksum")


def check_rnokpp_matches(code: str, birth_date: date | None, sex: str | None) -> list[str]:
    """Problems (Ukrainian, for the clerk) between a РНОКПП and the resident's date of birth and sex.

    Returns rather than raises: a mismatch is usually a typo in one of the three, and the caller decides how
    to show it. A missing birth date or sex is not checked.
    """
    if not RNOKPP_RE.fullmatch(code or ""):
        return [str(RNOKPP_FORMAT_MESSAGE)]
    if not is_valid_rnokpp(code):
        return [str(RNOKPP_CHECKSUM_MESSAGE)]
    problems = []
    encoded = rnokpp_birth_date(code)
    if birth_date is not None and encoded != birth_date:
        problems.append(
            gettext("The РНОКПП encodes the date of birth %(date)s, which differs from the one given.")
            % {"date": encoded.strftime("%d.%m.%Y")}
        )
    given = (sex or "").lower()
    if given in (SEX_MALE, SEX_FEMALE) and given != rnokpp_sex(code):
        if given == SEX_MALE:
            problems.append(gettext("The РНОКПП belongs to a woman, but the resident is recorded as a man."))
        else:
            problems.append(gettext("The РНОКПП belongs to a man, but the resident is recorded as a woman."))
    return problems


# --- УНЗР (the unique record number in the Unified State Demographic Register) --------------------------

UNZR_RE = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})-([0-9]{4})([0-9])$")
_UNZR_WEIGHTS = (7, 3, 1)


def unzr_check_digit(twelve_digits: str) -> int:
    """ICAO 9303 check digit (as in a passport's machine-readable zone): weights 7, 3, 1 repeating, sum mod 10."""
    if not re.fullmatch(r"[0-9]{12}", twelve_digits or ""):
        raise ValueError("twelve ASCII digits expected")
    return sum(int(d) * _UNZR_WEIGHTS[i % 3] for i, d in enumerate(twelve_digits)) % 10


def normalise_unzr(value: str) -> str:
    """«19820523 00012», «1982052300012» or «19820523–00012» → «19820523-00012»; anything else only trimmed."""
    text = _squeeze(value).translate(_DASHES)
    if re.fullmatch(r"[0-9]{13}", text):
        return f"{text[:8]}-{text[8:]}"
    return text


def _unzr_date(year: str, month: str, day: str) -> date | None:
    try:
        born = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return born if 1900 <= born.year <= 2099 else None


def validate_unzr(value: str) -> None:
    text = normalise_unzr(value)
    match = UNZR_RE.fullmatch(text)
    if not match:
        raise ValidationError(
            _("The УНЗР must look like YYYYMMDD-NNNNC: the date of birth, a dash and five digits."),
            code="unzr_format",
        )
    year, month, day, number, check = match.groups()
    if _unzr_date(year, month, day) is None:
        raise ValidationError(
            _("The first eight digits of the УНЗР must be a real date of birth (years 1900–2099)."), code="unzr_date"
        )
    if number == "0000":
        raise ValidationError(_("The record number in the УНЗР cannot be 0000."), code="unzr_number")
    if unzr_check_digit(year + month + day + number) != int(check):
        raise ValidationError(
            _("The УНЗР check digit does not match; please check the number for typos."), code="unzr_checksum"
        )


# --- cadastral numbers of land plots ---------------------------------------------------------------------

# KOATUU of the territory (10) : cadastral zone (2) : quarter (3) : plot (4).
CADASTRAL_RE = re.compile(r"^[0-9]{10}:[0-9]{2}:[0-9]{3}:[0-9]{4}$")
_CADASTRAL_TEMPLATE = "0000000000:00:000:0000"


def normalise_cadastral(value: str) -> str:
    """Remove spaces; 19 bare digits get their colons. Anything else is left for the validator to reject."""
    text = _squeeze(value)
    if re.fullmatch(r"[0-9]{19}", text):
        return f"{text[:10]}:{text[10:12]}:{text[12:15]}:{text[15:]}"
    return text


def validate_cadastral_number(value: str) -> None:
    if not CADASTRAL_RE.fullmatch(normalise_cadastral(value)):
        raise ValidationError(
            _("The cadastral number must look like 1234567890:12:345:6789 (10, 2, 3 and 4 digits separated by "
              "colons)."),
            code="cadastral_format",
        )


def is_cadastral_prefix(value: str) -> bool:
    """True when `value` (spaces ignored) can begin a cadastral number: «3222486», «3222486000:01:0»…

    Lets a search box tell a cadastral number being typed from an owner's name.
    """
    text = _squeeze(value)
    if not text or len(text) > len(_CADASTRAL_TEMPLATE):
        return False
    return all((t == ":" and c == ":") or (t == "0" and c in "0123456789")
               for c, t in zip(text, _CADASTRAL_TEMPLATE, strict=False))


# --- КВЦПЗ: the classifier of types of designated purpose of land plots ----------------------------------

PURPOSE_CODE_RE = re.compile(r"^([0-9]{2})\.([0-9]{2})$")
KVTSPZ_SECTION_RANGE = range(1, 20)  # sections 01–19
# Sections 16–19 (reserve, reserve fund, common use…) have been recorded without a subdivision, as «16.00»;
# sections 01–15 always have one. Not confirmed against the 2021 text of the classifier, hence permissive.
_SECTIONS_WITHOUT_SUBDIVISION = range(16, 20)

# Section names, only those we are sure of: 01–15 follow the land categories of the Land Code (Art. 19) split
# into sections, 16–18 are the long-standing «запасу / резервного фонду / загального користування».
# Section 19 is left out: its current wording could not be confirmed. Section 13 may have been renamed
# («електронних комунікацій») after the 2020 Law on electronic communications; also unconfirmed.
KVTSPZ_SECTIONS: dict[str, str] = {
    "01": "Землі сільськогосподарського призначення",
    "02": "Землі житлової забудови",
    "03": "Землі громадської забудови",
    "04": "Землі природно-заповідного фонду",
    "05": "Землі іншого природоохоронного призначення",
    "06": "Землі оздоровчого призначення",
    "07": "Землі рекреаційного призначення",
    "08": "Землі історико-культурного призначення",
    "09": "Землі лісогосподарського призначення",
    "10": "Землі водного фонду",
    "11": "Землі промисловості",
    "12": "Землі транспорту",
    "13": "Землі зв'язку",
    "14": "Землі енергетики",
    "15": "Землі оборони",
    "16": "Землі запасу",
    "17": "Землі резервного фонду",
    "18": "Землі загального користування",
}


def normalise_purpose_code(value: str) -> str:
    """Remove spaces and accept a comma for the dot («02,01» from spreadsheets) → «02.01»."""
    return _squeeze(value).replace(",", ".")


def validate_purpose_code(value: str) -> None:
    match = PURPOSE_CODE_RE.fullmatch(value or "")
    if not match:
        raise ValidationError(
            _("The purpose code (КВЦПЗ) must look like 02.01: two digits of the section, a dot and two digits."),
            code="purpose_format",
        )
    section, subsection = int(match.group(1)), int(match.group(2))
    if section not in KVTSPZ_SECTION_RANGE:
        raise ValidationError(
            _("The КВЦПЗ has no section %(section)s: sections are numbered from 01 to 19."),
            code="purpose_section",
            params={"section": match.group(1)},
        )
    if subsection == 0 and section not in _SECTIONS_WITHOUT_SUBDIVISION:
        raise ValidationError(_("The purpose code (КВЦПЗ) needs a subsection other than 00."), code="purpose_sub")


def kvtspz_section_name(code: str) -> str:
    """The name of the code's section, or "" when the section is not in KVTSPZ_SECTIONS."""
    return KVTSPZ_SECTIONS.get(normalise_purpose_code(code)[:2], "")


# --- building numbers ------------------------------------------------------------------------------------

# Letters a building number may carry, in alphabetical order (the order the sort key uses). The soft sign
# never begins or stands for a letter of its own.
UKRAINIAN_ALPHABET = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
BUILDING_LETTERS = UKRAINIAN_ALPHABET.replace("Ь", "")
_LETTER_CLASS = "[" + BUILDING_LETTERS + BUILDING_LETTERS.lower() + "".join(LATIN_TO_CYRILLIC) + "]"
_NUMBER = r"[1-9][0-9]{0,3}"
# «буд. 7», «№ 7», «7», «7А», «7 а», «7-А», «7/2», «7-А/2-Б», «7 корп. 2», «7к2», «7, корпус А».
_BUILDING_RE = re.compile(
    rf"(?:(?i:будинок|буд\.?)\s*|№\s*)?"
    rf"(?P<num>{_NUMBER})(?:\s*-?\s*(?P<let>{_LETTER_CLASS}))?"
    rf"(?:\s*/\s*(?P<frac>{_NUMBER})(?:\s*-?\s*(?P<flet>{_LETTER_CLASS}))?)?"
    rf"(?:\s*,?\s*(?i:корпус|корп\.?|к\.?)\s*(?P<korp>[1-9][0-9]{{0,2}}|{_LETTER_CLASS}))?"
)


def _letter(raw: str | None) -> str:
    """Capital Cyrillic form of a building letter (Latin look-alikes, typed on the wrong layout, converted)."""
    if not raw:
        return ""
    upper = raw.upper()
    return LATIN_TO_CYRILLIC.get(upper, upper)


def _parse_building(value: str) -> re.Match | None:
    return _BUILDING_RE.fullmatch(normalise(value or ""))


@lru_cache(maxsize=16384)
def normalise_building_number(value: str) -> str:
    """«12а» → «12-А», «5 / 2» → «5/2», «7 корпус 2» → «7 корп. 2»; anything unrecognised only normalised."""
    match = _parse_building(value)
    if not match:
        return normalise(value or "")
    text = match["num"] + (f"-{_letter(match['let'])}" if match["let"] else "")
    if match["frac"]:
        text += f"/{match['frac']}" + (f"-{_letter(match['flet'])}" if match["flet"] else "")
    if match["korp"]:
        text += f" корп. {_letter(match['korp']) if not match['korp'].isdigit() else match['korp']}"
    return text


def validate_building_number(value: str) -> None:
    if not _parse_building(value):
        raise ValidationError(
            _("Enter a building number such as 12, 12-А, 5/2 or 7 корп. 2."), code="building_number_format"
        )


def _letter_rank(raw: str | None) -> str:
    return f"{BUILDING_LETTERS.index(_letter(raw)) + 1:02d}" if raw else "00"


@lru_cache(maxsize=16384)
def building_sort_key(value: str) -> str:
    """A key that orders buildings as people expect: 2 < 10 < 10-А < 10-Б < 11, 5 < 5/1 < 5-А.

    Only ASCII digits and of fixed length, so every database collation orders it the same way as Python.
    Numbers the parser does not recognise sort after all others.
    """
    match = _parse_building(value)
    if not match:
        return "1" + "0" * 18
    korpus = match["korp"] or ""
    if korpus.isdigit():
        korpus_key = f"1{int(korpus):03d}00"
    elif korpus:
        korpus_key = f"2000{_letter_rank(korpus)}"
    else:
        korpus_key = "000000"
    return (f"0{int(match['num']):04d}{_letter_rank(match['let'])}"
            f"{int(match['frac'] or 0):04d}{_letter_rank(match['flet'])}{korpus_key}")


# --- postcodes -------------------------------------------------------------------------------------------

POSTCODE_RE = re.compile(r"^[0-9]{5}$")


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.fullmatch(value or ""):
        raise ValidationError(_("A postcode consists of exactly 5 digits, for example 01001."), code="postcode_format")
