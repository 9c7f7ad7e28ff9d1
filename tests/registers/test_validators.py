"""Tests for the registers' code validators (hromada.registers.validators): exact cases and hypothesis invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.registers.validators import (
    BUILDING_LETTERS,
    KVTSPZ_SECTIONS,
    RNOKPP_EPOCH,
    building_sort_key,
    check_rnokpp_matches,
    is_cadastral_prefix,
    is_valid_rnokpp,
    kvtspz_section_name,
    normalise_building_number,
    normalise_cadastral,
    normalise_purpose_code,
    normalise_unzr,
    rnokpp_birth_date,
    rnokpp_check_digit,
    rnokpp_sex,
    unzr_check_digit,
    validate_building_number,
    validate_cadastral_number,
    validate_postcode,
    validate_purpose_code,
    validate_rnokpp,
    validate_unzr,
)

# No example database on disk: these tests must not leave files in the repository.
HSETTINGS = settings(database=None, deadline=None, max_examples=200)

DIGITS = "0123456789"


def error_code(validator, value) -> str | None:
    try:
        validator(value)
    except ValidationError as error:
        return error.code
    return None


@pytest.fixture
def english():
    """The msgids are English: assert exact texts without depending on the Ukrainian catalogue."""
    with translation.override("en"):
        yield


# --- РНОКПП ----------------------------------------------------------------------------------------------


def test_known_rnokpp():
    # 1·(-1) + 7·5 + 5·7 + 9·9 + 0·4 + 1·6 + 3·10 + 7·5 + 7·7 = 270; 270 mod 11 = 6.
    assert rnokpp_check_digit("175901377") == 6
    assert is_valid_rnokpp("1759013776")
    assert error_code(validate_rnokpp, "1759013776") is None
    assert rnokpp_birth_date("1759013776") == date(1948, 2, 28)  # 17590 days after 31.12.1899
    assert rnokpp_sex("1759013776") == "m"  # 9th digit 7 is odd


def test_rnokpp_epoch_and_sex_digit():
    assert rnokpp_birth_date("0000100000") == date(1900, 1, 1)
    assert rnokpp_sex("0000100000") == "f"
    assert rnokpp_sex("0000100010") == "m"


def test_rnokpp_negative_weighted_sum_is_taken_modulo_11_mathematically():
    # Only the first weight is negative: 9·(-1) = -9 ≡ 2 (mod 11).
    assert rnokpp_check_digit("900000000") == 2
    assert rnokpp_check_digit("100000000") == 0  # -1 ≡ 10 (mod 11) → 0


@pytest.mark.parametrize(("value", "code"), [
    ("1759013775", "rnokpp_checksum"),
    ("7159013776", "rnokpp_checksum"),  # swapped first two digits
    ("175901377", "rnokpp_format"),
    ("17590137760", "rnokpp_format"),
    ("175901377a", "rnokpp_format"),
    ("1759 013776", "rnokpp_format"),
    ("١٧٥٩٠١٣٧٧٦", "rnokpp_format"),  # Arabic-Indic digits are digits to \d, not to us
    ("", "rnokpp_format"),
])
def test_bad_rnokpp(value, code):
    assert error_code(validate_rnokpp, value) == code


def test_rnokpp_check_digit_needs_nine_digits():
    with pytest.raises(ValueError):
        rnokpp_check_digit("12345678")


def test_rnokpp_cross_check_messages(english):
    assert check_rnokpp_matches("1759013776", date(1948, 2, 28), "m") == []
    assert check_rnokpp_matches("1759013776", None, None) == []
    assert check_rnokpp_matches("1759013776", date(1948, 2, 28), "") == []
    assert check_rnokpp_matches("1759013776", date(1948, 3, 1), "f") == [
        "The РНОКПП encodes the date of birth 28.02.1948, which differs from the one given.",
        "The РНОКПП belongs to a man, but the resident is recorded as a woman.",
    ]
    assert check_rnokpp_matches("1759013766", None, "f") == [
        "The РНОКПП check digit does not match; please check the code for typos."
    ]
    assert check_rnokpp_matches("12345", None, None) == ["The РНОКПП must consist of exactly 10 digits."]


def test_rnokpp_cross_check_of_a_woman(english):
    first9 = "32873" + "123" + "4"  # 32873 days after 31.12.1899 → 01.01.1990; serial 123; 9th digit 4: a woman
    code = first9 + str(rnokpp_check_digit(first9))
    assert rnokpp_birth_date(code) == date(1990, 1, 1)
    assert check_rnokpp_matches(code, date(1990, 1, 1), "f") == []
    assert check_rnokpp_matches(code, date(1990, 1, 1), "M") == [
        "The РНОКПП belongs to a woman, but the resident is recorded as a man."
    ]


@HSETTINGS
@given(st.text(alphabet=DIGITS, min_size=9, max_size=9), st.integers(1, 9))
def test_generated_rnokpp_validates_and_any_other_check_digit_fails(first9, shift):
    code = first9 + str(rnokpp_check_digit(first9))
    validate_rnokpp(code)
    wrong = first9 + str((int(code[9]) + shift) % 10)
    assert error_code(validate_rnokpp, wrong) == "rnokpp_checksum"


RNOKPP_DATES = st.dates(min_value=date(1900, 1, 1), max_value=RNOKPP_EPOCH + timedelta(days=99_999))


@HSETTINGS
@given(RNOKPP_DATES, st.integers(0, 999), st.sampled_from(["m", "f"]), st.integers(0, 4), st.integers(1, 3650))
def test_rnokpp_round_trips_birth_date_and_sex(born, serial, sex, parity_pick, days_off):
    sex_digit = "13579"[parity_pick] if sex == "m" else "02468"[parity_pick]
    # Five digits of the date, a three-digit serial, the sex digit (the 9th), then the check digit.
    first9 = f"{(born - RNOKPP_EPOCH).days:05d}{serial:03d}{sex_digit}"
    code = first9 + str(rnokpp_check_digit(first9))
    assert rnokpp_birth_date(code) == born
    assert rnokpp_sex(code) == sex
    assert check_rnokpp_matches(code, born, sex) == []
    other_sex = "f" if sex == "m" else "m"
    assert len(check_rnokpp_matches(code, born - timedelta(days=days_off), other_sex)) == 2


# --- УНЗР ------------------------------------------------------------------------------------------------


def test_known_unzr():
    # 1·7 + 9·3 + 8·1 + 2·7 + 0·3 + 5·1 + 2·7 + 3·3 + 0·1 + 0·7 + 0·3 + 1·1 = 85 → 5.
    assert unzr_check_digit("198205230001") == 5
    assert error_code(validate_unzr, "19820523-00015") is None


@pytest.mark.parametrize("typed", ["1982052300015", " 19820523-00015 ", "19820523 00015", "19820523–00015",
                                   "19820523 - 00015", "19820523\u201100015"])
def test_unzr_is_normalised_to_the_dashed_form(typed):
    assert normalise_unzr(typed) == "19820523-00015"
    assert error_code(validate_unzr, typed) is None


@pytest.mark.parametrize(("value", "code"), [
    ("19820523-00014", "unzr_checksum"),
    ("19820523-00051", "unzr_checksum"),  # transposed digits
    ("19820230-00011", "unzr_date"),     # 30 February
    ("18991231-00011", "unzr_date"),     # before 1900
    ("21000101-00011", "unzr_date"),     # after 2099
    ("19821323-00011", "unzr_date"),
    ("19820523-0001", "unzr_format"),
    ("1982-05-23-00015", "unzr_format"),
    ("19820523_00015", "unzr_format"),
    ("", "unzr_format"),
])
def test_bad_unzr(value, code):
    assert error_code(validate_unzr, value) == code


def test_unzr_record_number_cannot_be_zero():
    code = "19820523-0000" + str(unzr_check_digit("198205230000"))
    assert error_code(validate_unzr, code) == "unzr_number"


UNZR_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


def make_unzr(born: date, number: int) -> str:
    twelve = born.strftime("%Y%m%d") + f"{number:04d}"
    return f"{twelve[:8]}-{twelve[8:]}{unzr_check_digit(twelve)}"


@HSETTINGS
@given(UNZR_DATES, st.integers(1, 9999), st.integers(1, 9))
def test_generated_unzr_validates_and_any_other_check_digit_fails(born, number, shift):
    code = make_unzr(born, number)
    validate_unzr(code)
    wrong = code[:-1] + str((int(code[-1]) + shift) % 10)
    assert error_code(validate_unzr, wrong) == "unzr_checksum"


@HSETTINGS
@given(UNZR_DATES, st.integers(1, 9999), st.integers(0, 11), st.integers(1, 9))
def test_any_single_digit_typo_in_the_unzr_is_caught(born, number, position, shift):
    code = make_unzr(born, number)
    digits = code.replace("-", "")
    changed = digits[:position] + str((int(digits[position]) + shift) % 10) + digits[position + 1:]
    # The weights 7, 3, 1 are coprime with 10, so one changed digit always changes the sum mod 10.
    assert error_code(validate_unzr, changed) is not None


@HSETTINGS
@given(UNZR_DATES, st.integers(1, 9999), st.sampled_from(["", " ", "-", " - ", "–"]))
def test_normalise_unzr_round_trips(born, number, separator):
    code = make_unzr(born, number)
    assert normalise_unzr(code) == code
    assert normalise_unzr(code.replace("-", separator)) == code
    assert normalise_unzr(normalise_unzr(code.replace("-", separator))) == code


# --- cadastral numbers -----------------------------------------------------------------------------------


def test_cadastral_numbers():
    assert error_code(validate_cadastral_number, "3222486000:01:001:0001") is None
    assert normalise_cadastral(" 3222486000 : 01 : 001 : 0001 ") == "3222486000:01:001:0001"
    assert normalise_cadastral("3222486000010010001") == "3222486000:01:001:0001"
    assert error_code(validate_cadastral_number, "3222486000 01 001 0001") is None
    for bad in ("3222486000:01:001:001", "322248600:01:001:0001", "3222486000:01:001:000a", "3222486000-01-001-0001",
                "3222486000:01:001:00011", ""):
        assert error_code(validate_cadastral_number, bad) == "cadastral_format", bad


@pytest.mark.parametrize(("value", "expected"), [
    ("3", True), ("3222486", True), ("3222486000", True), ("3222486000:", True), ("3222486000:01:0", True),
    ("3222 486", True), ("3222486000:01:001:0001", True),
    ("", False), (" ", False), ("32224860000", False), ("3222486000:01:001:00011", False), ("Петренко", False),
    (":", False), ("3222486000::", False),
])
def test_is_cadastral_prefix(value, expected):
    assert is_cadastral_prefix(value) is expected


CADASTRAL = st.tuples(*(st.text(alphabet=DIGITS, min_size=n, max_size=n) for n in (10, 2, 3, 4))).map(":".join)


@HSETTINGS
@given(CADASTRAL, st.data())
def test_every_prefix_of_a_cadastral_number_is_a_prefix(number, data):
    validate_cadastral_number(number)
    cut = data.draw(st.integers(1, len(number)))
    assert is_cadastral_prefix(number[:cut])
    assert normalise_cadastral(number.replace(":", "")) == number
    assert normalise_cadastral(" ".join(number)) == number


# --- КВЦПЗ -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "code"), [
    ("02.01", None), ("01.01", None), ("19.01", None), ("03.07", None), ("16.00", None), ("18.00", None),
    ("02.00", "purpose_sub"), ("15.00", "purpose_sub"),
    ("20.01", "purpose_section"), ("00.01", "purpose_section"), ("99.99", "purpose_section"),
    ("2.01", "purpose_format"), ("02,01", "purpose_format"), ("0201", "purpose_format"), ("02.1", "purpose_format"),
    (" 02.01", "purpose_format"), ("", "purpose_format"),
])
def test_purpose_codes(value, code):
    assert error_code(validate_purpose_code, value) == code


def test_purpose_code_helpers():
    assert normalise_purpose_code(" 02,01 ") == "02.01"
    assert kvtspz_section_name("02.01") == "Землі житлової забудови"
    assert kvtspz_section_name("13.01") == "Землі зв'язку"
    assert kvtspz_section_name("19.01") == ""  # not confirmed, so not named
    assert sorted(KVTSPZ_SECTIONS) == [f"{n:02d}" for n in range(1, 19)]


@HSETTINGS
@given(st.integers(1, 19), st.integers(1, 99))
def test_every_section_and_subsection_is_accepted(section, subsection):
    validate_purpose_code(f"{section:02d}.{subsection:02d}")


# --- building numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "canonical"), [
    ("12", "12"),
    ("12А", "12-А"),
    ("12а", "12-А"),
    ("12-а", "12-А"),
    ("12 а", "12-А"),
    ("12 - А", "12-А"),
    ("12A", "12-А"),   # Latin A
    ("12-a", "12-А"),  # Latin a
    ("12-B", "12-В"),  # Latin B is В
    ("12і", "12-І"),
    ("12-ї", "12-Ї"),
    ("5/2", "5/2"),
    ("5 / 2", "5/2"),
    ("12-А/1", "12-А/1"),
    ("12а/1б", "12-А/1-Б"),
    ("7 корп. 2", "7 корп. 2"),
    ("7 корпус 2", "7 корп. 2"),
    ("7 корп 2", "7 корп. 2"),
    ("7, корп.2", "7 корп. 2"),
    ("7 к. 2", "7 корп. 2"),
    ("7к2", "7 корп. 2"),
    ("7 К 2", "7 корп. 2"),
    ("7 Корпус а", "7 корп. А"),
    ("12-А/1 корп. 3", "12-А/1 корп. 3"),
    ("буд. 7", "7"),
    ("будинок 7а", "7-А"),
    ("№ 7", "7"),
    ("7к", "7-К"),
    ("  12\u00a0А ", "12-А"),
])
def test_building_numbers_are_normalised(typed, canonical):
    assert normalise_building_number(typed) == canonical
    assert error_code(validate_building_number, typed) is None
    assert normalise_building_number(canonical) == canonical


@pytest.mark.parametrize("typed", [
    "", "0", "012", "12-АБ", "12-Ь", "12b", "12-D", "12//2", "12/", "корп. 2", "7 корп. 0", "7 корп. 1000",
    "12345", "вул. Шевченка, 12", "12-А-Б", "-12",
])
def test_bad_building_numbers(typed):
    assert error_code(validate_building_number, typed) == "building_number_format"


def test_unrecognised_building_number_is_only_normalised():
    assert normalise_building_number("  12b ") == "12b"


def test_building_sort_order():
    typed = ["11", "10-А", "2", "10", "10-Б", "5-А", "5/1", "5", "5/2", "10-А/1", "7 корп. 2", "7 корп. 1", "7",
             "7 корп. А", "10-Ґ", "10-Г", "10-Є", "10-Е", "10-І", "10-И", "10-Ї", "9999", "кіоск"]
    assert sorted(typed, key=building_sort_key) == [
        "2", "5", "5/1", "5/2", "5-А", "7", "7 корп. 1", "7 корп. 2", "7 корп. А", "10", "10-А", "10-А/1",
        "10-Б", "10-Г", "10-Ґ", "10-Е", "10-Є", "10-И", "10-І", "10-Ї", "11", "9999", "кіоск",
    ]


def test_building_sort_key_is_digits_of_fixed_length():
    assert building_sort_key("2") < building_sort_key("10") < building_sort_key("10-А") < building_sort_key("11")
    assert building_sort_key("12а") == building_sort_key("12-А")
    for value in ("2", "10-А/1-Б корп. 3", "9999-Я/9999-Я корп. Я", "кіоск", ""):
        key = building_sort_key(value)
        assert key.isascii() and key.isdigit() and len(key) == 19, value


OPTIONAL_LETTER = st.one_of(st.none(), st.sampled_from(BUILDING_LETTERS))
BUILDINGS = st.tuples(
    st.integers(1, 9999), OPTIONAL_LETTER,
    st.one_of(st.none(), st.tuples(st.integers(1, 9999), OPTIONAL_LETTER)),
    st.one_of(st.none(), st.integers(1, 999), st.sampled_from(BUILDING_LETTERS)),
)


def canonical_building(parts) -> str:
    number, letter, fraction, korpus = parts
    text = str(number) + (f"-{letter}" if letter else "")
    if fraction:
        text += f"/{fraction[0]}" + (f"-{fraction[1]}" if fraction[1] else "")
    if korpus is not None:
        text += f" корп. {korpus}"
    return text


def sortable(parts) -> tuple:
    def rank(letter):
        return BUILDING_LETTERS.index(letter) + 1 if letter else 0

    number, letter, fraction, korpus = parts
    fraction = fraction or (0, None)
    korpus_rank = (0, 0, 0) if korpus is None else (1, korpus, 0) if isinstance(korpus, int) else (2, 0, rank(korpus))
    return (number, rank(letter), fraction[0], rank(fraction[1]), korpus_rank)


@HSETTINGS
@given(BUILDINGS)
def test_canonical_building_numbers_are_fixed_points(parts):
    text = canonical_building(parts)
    assert normalise_building_number(text) == text
    validate_building_number(text)
    assert len(text) <= 30  # registers.Building.number
    loose = text.lower().replace("-", "").replace("корп.", "корпус")
    assert normalise_building_number(loose) == text


@HSETTINGS
@given(BUILDINGS, BUILDINGS)
def test_building_sort_key_orders_like_the_parts(a, b):
    key_a, key_b = building_sort_key(canonical_building(a)), building_sort_key(canonical_building(b))
    assert (key_a < key_b) == (sortable(a) < sortable(b))
    assert (key_a == key_b) == (sortable(a) == sortable(b))


# --- postcodes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "code"), [
    ("01001", None), ("99999", None),
    ("1001", "postcode_format"), ("010011", "postcode_format"), ("01 001", "postcode_format"),
    ("О1001", "postcode_format"), ("", "postcode_format"),
])
def test_postcodes(value, code):
    assert error_code(validate_postcode, value) == code


def test_messages_are_gettext_msgids(english):
    with pytest.raises(ValidationError) as caught:
        validate_postcode("1")
    assert caught.value.messages == ["A postcode consists of exactly 5 digits, for example 01001."]
