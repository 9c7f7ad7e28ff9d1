"""Tests for the pure Ukrainian text helpers (hromada.core.ukrtext): exact cases and hypothesis invariants."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from hromada.core.ukrtext import (
    APOSTROPHE_VARIANTS,
    LATIN_TO_CYRILLIC,
    STREET_TYPE_NAMES,
    STREET_TYPES,
    collapse_spaces,
    expand_street_type,
    fix_lookalikes,
    name_case,
    name_tokens,
    normalise,
    search_key,
    unify_apostrophes,
)

# No example database on disk: these tests must not leave files in the repository.
HSETTINGS = settings(database=None, deadline=None, max_examples=300)

CYRILLIC_TWINS = "".join(LATIN_TO_CYRILLIC.values())
UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"
# Register-like text: both alphabets, digits, every apostrophe, hyphens and dashes, odd spaces, invisible
# characters, combining marks (breve, diaeresis, stress), punctuation.
MESSY = (UKRAINIAN + "abcdehikmnopstxyABCEHIKMOPTXYïÏéß" + "0123456789" + "'" + APOSTROPHE_VARIANTS
         + "-\u2010\u2011\u2013\u2014 \t\n\u00a0\u202f\u00ad\u200b\ufeff" + "\u0301\u0306\u0308" + ".,/№«»()")
MESSY_TEXT = st.text(alphabet=MESSY, max_size=40)
ANY_TEXT = st.text(max_size=40)


# --- apostrophes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", [*APOSTROPHE_VARIANTS, "'"])
def test_every_apostrophe_becomes_the_typewriter_one(variant):
    assert unify_apostrophes(f"Мар{variant}яна") == "Мар'яна"


def test_apostrophe_variants_cover_the_usual_suspects():
    for variant in "’ʼ`‘′´":
        assert variant in APOSTROPHE_VARIANTS


# --- look-alikes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "fixed"), [
    ("Kиїв", "Київ"),             # Latin K
    ("Бiла Церква", "Біла Церква"),  # Latin i
    ("Пoлтaвa", "Полтава"),      # Latin o and a
    ("Cумська", "Сумська"),      # Latin C
    ("вулиця Cадова", "вулиця Садова"),
    ("Пpиморська", "Приморська"),  # Latin p
    ("Xарків", "Харків"),        # Latin X
    ("ТOВ «Зоря»", "ТОВ «Зоря»"),  # only look-alikes in the word: the Cyrillic majority decides
    ("oб'єкт", "об'єкт"),        # an apostrophe does not split the word
    ("oб’єкт", "об’єкт"),
    ("Kиївськa-Tepнoпільськa", "Київська-Тернопільська"),
    ("Їжакiвка", "Їжаківка"),
    ("Ïжаківка", "Їжаківка"),      # Latin i with diaeresis
])
def test_latin_lookalikes_in_cyrillic_words_are_replaced(typed, fixed):
    assert fix_lookalikes(typed) == fixed


@pytest.mark.parametrize("text", [
    "IT", "Wi-Fi", "IT-компанія", "Coca-Cola", "TOB", "ABC", "Nокіа", "iPhone", "OK", "Hotel «Київ»",
    "IТ",  # one Latin, one Cyrillic look-alike: a tie stays as typed
])
def test_latin_words_and_undecidable_words_are_left_alone(text):
    assert fix_lookalikes(text) == text


@pytest.mark.parametrize(("typed", "fixed"), [
    ("12-A", "12-А"), ("12A", "12А"), ("12-a", "12-а"), ("5/2-B", "5/2-В"), ("12-A/1", "12-А/1"),
    ("вул. Садова, 3-K", "вул. Садова, 3-К"),
])
def test_a_lone_lookalike_after_a_number_is_a_house_letter(typed, fixed):
    assert fix_lookalikes(typed) == fixed


@pytest.mark.parametrize("text", ["12-AB", "A-12", "12 A", "5G", "12-b", "COVID-19", "-A", "A"])
def test_other_latin_next_to_numbers_is_left_alone(text):
    assert fix_lookalikes(text) == text


@st.composite
def cyrillic_word_with_lookalikes(draw):
    """A Cyrillic word with a letter only Cyrillic has, and some of its twins swapped for Latin letters."""
    word = draw(st.text(alphabet=UKRAINIAN, min_size=1, max_size=12))
    assume(any(ch not in CYRILLIC_TWINS for ch in word))
    to_latin = {cyr: lat for lat, cyr in LATIN_TO_CYRILLIC.items()}
    swaps = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    typed = "".join(to_latin[ch] if swap and ch in to_latin else ch for ch, swap in zip(word, swaps, strict=True))
    return word, typed


@HSETTINGS
@given(cyrillic_word_with_lookalikes())
def test_any_mix_of_lookalikes_in_a_cyrillic_word_is_undone(pair):
    word, typed = pair
    assert fix_lookalikes(typed) == word
    assert fix_lookalikes(f"вул. {typed}, {typed}") == f"вул. {word}, {word}"


@HSETTINGS
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'.,", max_size=30))
def test_text_without_cyrillic_or_digits_is_never_changed(text):
    assert fix_lookalikes(text) == text


@HSETTINGS
@given(st.text(alphabet=UKRAINIAN + "0123456789 -'.,/", max_size=30))
def test_cyrillic_text_is_never_changed(text):
    assert fix_lookalikes(text) == text


# --- spaces, normalise, name case ------------------------------------------------------------------------


def test_collapse_spaces():
    assert collapse_spaces("  Тарас\u00a0\u00a0Шевченко\t\n ") == "Тарас Шевченко"
    assert collapse_spaces("a\u202fb") == "a b"
    assert collapse_spaces("") == ""


def test_normalise_cleans_pasted_text():
    pasted = "  вул.\u00a0Пуш\u00adкіна,\u200b Kиїв\u2011Cвятошинський  Мар\u2019яна "
    assert normalise(pasted) == "вул. Пушкіна, Київ-Святошинський Мар'яна"


def test_normalise_composes_decomposed_letters():
    assert normalise("Ки\u0457в") == "Київ"
    assert normalise("Ки\u0456\u0308в") == "Київ"  # і + combining diaeresis → ї
    assert normalise("Гаи\u0306") == "Гай"  # и + combining breve → й


@HSETTINGS
@given(MESSY_TEXT)
@example("AА\u200b\u0306")  # the invisible space kept А and its breve apart: Ӑ is only Cyrillic
def test_normalise_is_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert not any(v in once for v in APOSTROPHE_VARIANTS)
    assert once == once.strip() and "  " not in once


@HSETTINGS
@given(ANY_TEXT)
def test_normalise_is_idempotent_on_any_unicode(text):
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(("typed", "cased"), [
    ("іВАНОВ-петренко", "Іванов-Петренко"),
    ("д'АРТАНЬЯН", "Д'артаньян"),
    ("МАР’ЯНА", "Мар'яна"),
    ("олена  степанівна", "Олена Степанівна"),
    ("IВАНОВ", "Іванов"),  # a Latin I would otherwise become a Latin i
    ("ґудзь", "Ґудзь"),
    ("ївга", "Ївга"),
    ("", ""),
])
def test_name_case(typed, cased):
    assert name_case(typed) == cased


@HSETTINGS
@given(st.text(alphabet=UKRAINIAN + " -'’", max_size=30))
def test_name_case_is_idempotent_and_keeps_letters(text):
    once = name_case(text)
    assert name_case(once) == once
    assert once.lower() == normalise(text).lower()


@HSETTINGS
@given(st.text(alphabet=UKRAINIAN + "abcehkmoptxyABCEHKMOPTXYï -'’", max_size=30))
@example("bБ")  # the capital B is a look-alike, the small b was not
def test_name_case_is_idempotent_with_latin_letters(text):
    once = name_case(text)
    assert name_case(once) == once


# --- street types ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("вул. Шевченка", ("vulytsia", "Шевченка")),
    ("вул.Шевченка", ("vulytsia", "Шевченка")),
    ("вул Шевченка", ("vulytsia", "Шевченка")),
    ("ВУЛИЦЯ Шевченка", ("vulytsia", "Шевченка")),
    ("Шевченка, вул.", ("vulytsia", "Шевченка")),
    ("Шевченка вулиця", ("vulytsia", "Шевченка")),
    ("пров. Тихий", ("provulok", "Тихий")),
    ("провулок Тихий", ("provulok", "Тихий")),
    ("пл. Ринок", ("ploshcha", "Ринок")),
    ("Соборна площа", ("ploshcha", "Соборна")),
    ("просп. Свободи", ("prospekt", "Свободи")),
    ("пр-т Свободи", ("prospekt", "Свободи")),
    ("проспект Свободи", ("prospekt", "Свободи")),
    ("бульв. Лесі Українки", ("bulvar", "Лесі Українки")),
    ("б-р Лесі Українки", ("bulvar", "Лесі Українки")),
    ("Андріївський узвіз", ("uzviz", "Андріївський")),
    ("туп. Садовий", ("tupyk", "Садовий")),
    ("Київське шосе", ("shose", "Київське")),
    ("наб. Перемоги", ("naberezhna", "Перемоги")),
    ("набережна Перемоги", ("naberezhna", "Перемоги")),
    ("проїзд Залізничний", ("proizd", "Залізничний")),
    ("майдан Незалежності", ("maidan", "Незалежності")),
    ("алея Героїв", ("aleia", "Героїв")),
    ("в’їзд Тихий", ("vyizd", "Тихий")),
    ("вулиця Набережна", ("vulytsia", "Набережна")),
    ("Набережна вулиця", ("vulytsia", "Набережна")),  # the adjective is the name
    ("  вyл.  Cадова ", ("vulytsia", "Садова")),      # Latin y and C fixed first
    ("Набережна", (None, "Набережна")),                # a type word alone is a name
    ("вулиця", (None, "вулиця")),
    ("Шевченка", (None, "Шевченка")),
    ("Вулична", (None, "Вулична")),                    # no boundary after «вул»
    ("Плавнева", (None, "Плавнева")),
    ("пр. Миру", (None, "пр. Миру")),                  # «пр.» is ambiguous
])
def test_expand_street_type(typed, expected):
    assert expand_street_type(typed) == expected


def test_street_type_keys_match_the_register_model():
    keys = [t.key for t in STREET_TYPES]
    assert keys == ["vulytsia", "provulok", "ploshcha", "prospekt", "bulvar", "uzviz", "tupyk", "shose",
                    "naberezhna", "proizd", "maidan", "aleia", "vyizd"]
    assert STREET_TYPE_NAMES["vyizd"] == "в'їзд"
    assert all(len(key) <= 12 for key in keys)  # registers.Street.kind is 12 characters long


@HSETTINGS
@given(st.sampled_from(STREET_TYPES), st.data(),
       st.text(alphabet="абвгдеєжзиіїклмнопрстуфхцчшщюя", min_size=2, max_size=12))
def test_every_street_form_is_recognised_before_and_after_the_name(street_type, data, tail):
    name = "Ж" + tail  # no type form begins with «ж», so the name is never taken for a type
    forms = [street_type.name, *street_type.abbreviations, *(a.rstrip(".") for a in street_type.abbreviations)]
    form = data.draw(st.sampled_from(forms))
    written = data.draw(st.sampled_from([form, form.upper(), form.capitalize()]))
    assert expand_street_type(f"{written} {name}") == (street_type.key, name)
    assert expand_street_type(f"{name}, {written}") == (street_type.key, name)
    assert expand_street_type(f"{name} {written}") == (street_type.key, name)


# --- search ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "key"), [
    ("Ґудзь", "гудзь"),
    ("Гудзь", "гудзь"),
    ("Мар'яна", "маряна"),
    ("Мар’яна", "маряна"),
    ("Марʼяна", "маряна"),
    ("Маряна", "маряна"),
    ("Івано-Франківськ", "івано франківськ"),
    ("Івано–Франківськ", "івано франківськ"),
    ("  ШЕВЧЕНКО   Тарас ", "шевченко тарас"),
    ("вул. Шевченка, 12-А", "вул шевченка 12 а"),
    ("вул Шевченка 12А", "вул шевченка 12 а"),
    ("вул Шевченка 12A", "вул шевченка 12 а"),  # Latin A
    ("ТОВ «Зоря»", "тов зоря"),
    ("Kиїв", "київ"),
    ("Миросла\u0301ва", "мирослава"),  # stress mark
    ("Wi-Fi", "wi fi"),
    ("", ""),
])
def test_search_key(text, key):
    assert search_key(text) == key


def test_name_tokens():
    assert name_tokens("Шевченко, Тарас  Григорович") == ["шевченко", "тарас", "григорович"]
    assert name_tokens("  ") == []
    assert sorted(name_tokens("Тарас Шевченко")) == sorted(name_tokens("шевченко ТАРАС"))


@HSETTINGS
@given(MESSY_TEXT)
@example("A'ʹТ")      # two apostrophes: two words, one once they are removed
@example("0A'\u0301A")  # a stress mark after an apostrophe
def test_search_key_is_idempotent_and_folded(text):
    key = search_key(text)
    assert search_key(key) == key
    assert search_key(normalise(text)) == key
    assert key == key.strip() and "  " not in key
    assert "'" not in key and "ґ" not in key and "-" not in key
    assert key == key.casefold()
    assert name_tokens(text) == key.split()


@HSETTINGS
@given(ANY_TEXT)
def test_search_key_is_idempotent_on_any_unicode(text):
    assert search_key(search_key(text)) == search_key(text)


@HSETTINGS
@given(cyrillic_word_with_lookalikes())
def test_search_key_does_not_depend_on_lookalikes_case_or_apostrophes(pair):
    word, typed = pair
    assert search_key(typed) == search_key(word) == search_key(word.upper())
    assert search_key(typed.replace("ґ", "г")) == search_key(word)


PLAIN_ALPHABET = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя'- "


@given(st.text(alphabet=PLAIN_ALPHABET, max_size=30))
def test_the_fast_path_for_clean_text_agrees_with_the_full_folding(text):
    """normalise and search_key skip the Unicode work for clean text; the result must be the same."""
    from hromada.core import ukrtext

    if not ukrtext._PLAIN_RE.fullmatch(text):
        return
    assert ukrtext.normalise(text) == text
    slow = ukrtext.collapse_spaces(ukrtext._NOT_WORD_RE.sub(" ", ukrtext.fix_lookalikes(
        ukrtext.normalise(text.replace(" ", "  ") + " ").casefold().replace("'", "")).replace("ґ", "г")))
    assert ukrtext.search_key(text) == slow
