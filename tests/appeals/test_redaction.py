"""Proposed redaction of personal data before a request and its answer are published."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.appeals import redaction
from hromada.registers.validators import rnokpp_check_digit

pytestmark = pytest.mark.usefixtures("_ukrainian")


@pytest.fixture
def _ukrainian():
    from django.utils import translation

    with translation.override("uk"):
        yield


LETTER = """Голові громади
від Петренко Ірини Олегівни,
яка проживає за адресою: с. Бродове, вул. Тараса Шевченка, 12-А, кв. 5
тел. +38 (067) 123-45-67, e-mail: iryna.petrenko@ukr.net, РНОКПП 3012345670

ЗАПИТ
Прошу надати копію рішення № 1234 від 04.12.2026 про бюджет на 2027 рік (1 234 567 грн).
Відповідь прошу надіслати на пошту або за тел. 050 123 45 67. Пeтренко І. О."""


def kinds(text, **kwargs):
    return [(f.kind, f.text) for f in redaction.find(text, **kwargs)]


def test_a_real_world_letter():
    result = redaction.redact(LETTER, names=["Петренко Ірина Олегівна"])
    assert [(f.kind, f.text) for f in result.findings] == [
        ("name", "Петренко Ірини Олегівни"),
        ("address", "вул. Тараса Шевченка, 12-А, кв. 5"),
        ("phone", "+38 (067) 123-45-67"),
        ("email", "iryna.petrenko@ukr.net"),
        ("rnokpp", "3012345670"),
        ("phone", "050 123 45 67"),
        ("name", "Пeтренко І. О."),
    ]
    assert "[телефон приховано]" in result.text and "[ім'я приховано]" in result.text
    # Numbers of decisions, dates and sums are public: they stay.
    assert "№ 1234 від 04.12.2026" in result.text and "1 234 567 грн" in result.text
    assert "Петренко" not in result.text and "ukr.net" not in result.text


@pytest.mark.parametrize("shape", [
    "+380671234567", "+38 067 123 45 67", "+38 (067) 123-45-67", "380671234567", "+380 67 123 45 67",
    "0671234567", "067 123 45 67", "067-123-45-67", "(067) 123-45-67", "(067)1234567", "067.123.45.67",
    "8 067 123 45 67", "(0432) 55-12-34", "0432 551234",
])
def test_phone_shapes(shape):
    assert kinds(f"Мій номер {shape}, дзвоніть.") == [("phone", shape)]


@pytest.mark.parametrize("text", [
    "рішення № 123-45-67", "04.12.2026", "1 234 567 грн", "+1 202 555 0143", "код ЄДРПОУ 04326253",
    "0001234567", "кошторис на 2027 рік, 12 345 678 грн",
])
def test_what_is_not_a_phone(text):
    assert [kind for kind, _text in kinds(text)] == []


DIGIT = st.integers(0, 9).map(str)
SEP = st.sampled_from(["", " ", "-", " - ", "\u00a0", "."])


@st.composite
def phones(draw):
    operator = draw(st.sampled_from(["50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"]))
    rest = "".join(draw(st.lists(DIGIT, min_size=7, max_size=7)))
    a, b, c = rest[:3], rest[3:5], rest[5:]
    sep = draw(SEP)
    prefix = draw(st.sampled_from(["+38", "+38 ", "38", "", "8 "]))
    code = draw(st.sampled_from([f"0{operator}", f"(0{operator})"]))
    return f"{prefix}{code}{draw(st.sampled_from([' ', '']))}{a}{sep}{b}{sep}{c}"


@settings(max_examples=200, deadline=None)
@given(phone=phones(), before=st.sampled_from(["тел. ", "Телефон: ", "дзвоніть на ", "("]),
       after=st.sampled_from(["", ".", ", дякую", ")", " або пишіть"]))
def test_generated_phones_are_found_whole(phone, before, after):
    text = f"{before}{phone}{after}"
    assert kinds(text) == [("phone", phone)]


@st.composite
def rnokpps(draw):
    first9 = "".join(draw(st.lists(DIGIT, min_size=9, max_size=9)))
    return first9 + str(rnokpp_check_digit(first9))


@settings(max_examples=200, deadline=None)
@given(code=rnokpps())
def test_valid_rnokpp_is_found(code):
    found = kinds(f"Мій код {code}.")
    # A valid code that also reads as a phone number (0XX…) is removed either way.
    assert len(found) == 1 and found[0][1] == code and found[0][0] in ("rnokpp", "phone")


@settings(max_examples=100, deadline=None)
@given(code=rnokpps())
def test_a_wrong_check_digit_is_left_unless_named(code):
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    if wrong[0] == "0":
        return  # reads as a phone number
    assert kinds(f"Договір {wrong}.") == []
    assert kinds(f"РНОКПП: {wrong}.") == [("rnokpp", wrong)]


def test_emails():
    assert kinds("Пишіть на Ivan.Petrenko+zapyt@gmail.com або ivan@міськрада.укр.") == [
        ("email", "Ivan.Petrenko+zapyt@gmail.com"), ("email", "ivan@міськрада.укр")]


@pytest.mark.parametrize("address", [
    "вул. Миру, 1", "вулиця Героїв УПА 12/2", "просп. Незалежності, буд. 5, кв. 17", "пров. Сем’янівський, 4 кв. 12",
    "Вул. 8 Березня, 3-Б", "бульв. Шевченка 10, квартира 3",
])
def test_addresses(address):
    assert kinds(f"Проживаю: {address}. Дякую") == [("address", address)]


def test_a_street_without_a_house_number_is_public():
    assert kinds("Ремонт дороги на вул. Миру та просп. Незалежності заплановано.") == []


def test_the_applicants_name_in_its_forms_and_with_look_alikes():
    names = ["Петренко Ірина Олегівна"]
    assert kinds("Звернулася гр. Петренку Ірині.", names=names) == [("name", "Петренку Ірині")]
    assert kinds("Відповідь І.О. Петренко надіслано.", names=names) == [("name", "І.О. Петренко")]
    assert kinds("Пeтpенкo (латинські літери)", names=names) == [("name", "Пeтpенкo")]
    # Lower-case words that share the stem are not names.
    assert kinds("ірина — не ім'я тут", names=names) == []


def test_a_place_named_like_the_applicant_stays():
    assert kinds("Лист з Івано-Франківська від Івана", names=["Іван Сидоренко"]) == [("name", "Івана")]


def test_an_odd_apostrophe_in_the_name():
    assert kinds("Від Мар’яни Дем'яненко", names=["Мар'яна Дем’яненко"]) == [("name", "Мар’яни Дем'яненко")]


def test_empty_and_clean_text():
    assert redaction.redact("").text == ""
    clean = "Прошу надати рішення сесії про бюджет."
    assert redaction.redact(clean, names=["Іван Сидоренко"]).text == clean
