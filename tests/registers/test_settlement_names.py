"""Settlement names written with their type in front («с. Могилів», «смт Слобожанське») in every register import.

Old systems export the settlement with its type, abbreviated in many ways, in any case and spacing, with
non-breaking spaces, odd apostrophes and Latin look-alike letters. Each import kind that has a settlement column
must find the same settlement for all of them, tell two settlements of one name apart by the type, refuse a
missing or contradicting type with a message that names what exists, and stay all-or-nothing and idempotent.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hromada.core import import_flow
from hromada.core.models import Settlement
from hromada.core.ukrtext import SETTLEMENT_TYPES, normalise, split_settlement_type
from hromada.registers import selectors
from hromada.registers.models import Building, LandPlot, PropertyObject, Resident, Street
from tests.factories import SettlementFactory, member

NBSP = "\u00a0"
SELO, SELYSHCHE, MISTO = Settlement.Kind.SELO, Settlement.Kind.SELYSHCHE, Settlement.Kind.MISTO

# (as written in the file, the settlement meant). Each spelling seen in real exports of old systems.
SPELLINGS: list[tuple[str, str]] = [
    ("с. Могилів", "Могилів"),
    ("село Могилів", "Могилів"),
    ("с.Могилів", "Могилів"),
    ("С. МОГИЛІВ", "Могилів"),
    ("СЕЛО Могилів", "Могилів"),
    ("с Могилів", "Могилів"),
    (f"с.{NBSP}Могилів", "Могилів"),                # non-breaking space from Word
    ("  с .  Могилів ", "Могилів"),                  # odd spacing
    ("c. Могилів", "Могилів"),                       # Latin c
    ("C.Могилів", "Могилів"),                        # Latin capital C
    ("Могилів", "Могилів"),                          # no type at all
    ("с-ще Молодіжне", "Молодіжне"),
    ("с-ще Молодiжне", "Молодіжне"),                 # Latin i in the name
    ("с-ще. Молодіжне", "Молодіжне"),
    ("С - ЩЕ Молодіжне", "Молодіжне"),
    ("селище Молодіжне", "Молодіжне"),
    ("Селище Молодіжне", "Молодіжне"),
    ("с/ще Молодіжне", "Молодіжне"),
    ("сел. Молодіжне", "Молодіжне"),
    ("смт Слобожанське", "Слобожанське"),            # смт is a селище since 2024
    ("смт. Слобожанське", "Слобожанське"),
    ("смт.Слобожанське", "Слобожанське"),
    ("СМТ Слобожанське", "Слобожанське"),
    ("cмт Слобожанське", "Слобожанське"),            # Latin c
    ("селище міського типу Слобожанське", "Слобожанське"),
    (f"селище{NBSP}міського  типу{NBSP}Слобожанське", "Слобожанське"),
    ("м. Підгородне", "Підгородне"),
    ("місто Підгородне", "Підгородне"),
    ("м.Підгородне", "Підгородне"),
    ("М. ПІДГОРОДНЕ", "Підгородне"),
    ("M. Підгородне", "Підгородне"),                 # Latin M
    ("м Підгородне", "Підгородне"),
    ("с. Мар’янівка", "Мар'янівка"),                 # right single quote
    ("с. Марʼянівка", "Мар'янівка"),                 # modifier letter apostrophe
    ("с. Мар'янівка", "Мар'янівка"),                 # typewriter apostrophe
    ("с.Мар`янівка", "Мар'янівка"),                  # grave accent
]


def run(kind: str, path, *args) -> tuple[int, dict]:
    report = path.parent / f"{path.stem}-report.json"
    try:
        call_command("import", kind, str(path), "--report", str(report), *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(report.read_text(encoding="utf-8"))


def write_csv(path, header: str, lines: list[str], encoding: str = "utf-8-sig"):
    path.write_bytes(("\r\n".join([header, *lines]) + "\r\n").encode(encoding))
    return path


def reasons(report: dict) -> set[tuple[int, str, str, str]]:
    return {(e["row"], e["column"], e["value"], e["reason"]) for e in report["errors"]}


@pytest.fixture
def places(hromada_a) -> dict[str, Settlement]:
    made = [SettlementFactory(hromada=hromada_a, name=name, kind=kind) for name, kind in (
        ("Могилів", SELO), ("Молодіжне", SELYSHCHE), ("Слобожанське", SELYSHCHE), ("Підгородне", MISTO),
        ("Мар'янівка", SELO))]
    return {settlement.name: settlement for settlement in made}


@pytest.fixture
def twins(hromada_a) -> dict[str, Settlement]:
    """A village and a selyshche called Іванівка in one hromada."""
    return {kind: SettlementFactory(hromada=hromada_a, name="Іванівка", kind=kind) for kind in (SELO, SELYSHCHE)}


# --- the normaliser ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "meant"), SPELLINGS)
def test_split_settlement_type_gives_the_bare_name(written, meant):
    kind, name = split_settlement_type(written)
    assert name in (meant, meant.upper())
    expected_kind = {"Могилів": SELO, "Мар'янівка": SELO, "Молодіжне": SELYSHCHE, "Слобожанське": SELYSHCHE,
                     "Підгородне": MISTO}[meant]
    assert kind == (None if written == "Могилів" else expected_kind)


@pytest.mark.parametrize(("written", "expected"), [
    ("Селище", (None, "Селище")),                   # a type word alone is a name (a village called Селище)
    ("с.", (None, "с.")),
    ("село Селище", (SELO, "Селище")),
    ("Нове Село", (None, "Нове Село")),             # a type at the end is part of the name
    ("Смолянка", (None, "Смолянка")),               # no boundary after «с» or «смт»
    ("Мала Виска", (None, "Мала Виска")),
    ("Селищанське", (None, "Селищанське")),
    ("Могилів, с.", (None, "Могилів, с.")),
    ("с, Могилів", (SELO, "Могилів")),
])
def test_split_settlement_type_leaves_names_alone(written, expected):
    assert split_settlement_type(written) == expected


@hypothesis_settings(database=None, deadline=None, max_examples=300)
@given(st.sampled_from(SETTLEMENT_TYPES), st.data(),
       st.text(alphabet="абвгдеєжзиіїйклмнопрстуфхцчшщьюя'", min_size=2, max_size=12))
def test_every_settlement_form_is_recognised_in_any_case_and_spacing(settlement_type, data, tail):
    name = "Ж" + tail.lstrip("'")  # no type form begins with «ж», so the name is never taken for a type
    forms = [settlement_type.name, *settlement_type.abbreviations]
    form = data.draw(st.sampled_from([*forms, *(f.rstrip(".") for f in forms), *(f.rstrip(".") + "." for f in forms)]))
    written = data.draw(st.sampled_from([form, form.upper(), form.capitalize()]))
    gap = data.draw(st.sampled_from([" ", "  ", NBSP, "\t"] + (["", " "] if written.endswith(".") else [])))
    assert split_settlement_type(f"{written}{gap}{name}") == (settlement_type.key, normalise(name))


def test_settlement_type_keys_are_the_kinds_of_the_settlement_model():
    assert {t.key for t in SETTLEMENT_TYPES} == set(Settlement.Kind.values)


# --- every import kind with a settlement column ---------------------------------------------------------

STREET_NAMES = ["Шевченка", "Франка", "Лесі Українки", "Садова", "Миру", "Центральна", "Шкільна", "Польова",
                "Лісова", "Молодіжна", "Зарічна", "Соборна", "Козацька", "Вишнева", "Паркова", "Степова",
                "Перемоги", "Нова", "Київська", "Весняна", "Сонячна", "Квіткова", "Заводська", "Мирна", "Лугова",
                "Гетьманська", "Калинова", "Ставкова", "Вокзальна", "Поштова", "Дружби", "Грушевського",
                "Липова", "Яблунева", "Березова", "Тополина"]
assert len(STREET_NAMES) >= len(SPELLINGS)


def test_streets_accept_every_spelling(tmp_path, places):
    path = write_csv(tmp_path / "вулиці.csv", "Населений пункт;Вулиця", [
        f"{written};вул. {STREET_NAMES[i]}" for i, (written, _meant) in enumerate(SPELLINGS)])
    code, report = run("streets", path)
    assert (code, report["errors"], report["created"]) == (0, [], len(SPELLINGS))
    for i, (_written, meant) in enumerate(SPELLINGS):
        assert Street.objects.get(name=STREET_NAMES[i]).settlement == places[meant]


def test_buildings_accept_every_spelling(tmp_path, places):
    path = write_csv(tmp_path / "будинки.csv", "населений пункт;вулиця;будинок;індекс;вид", [
        f'"{written}";вул. Шевченка;{i + 1};51440;житловий' for i, (written, _meant) in enumerate(SPELLINGS)])
    code, report = run("buildings", path)
    assert (code, report["errors"], report["created"]) == (0, [], len(SPELLINGS))
    for i, (_written, meant) in enumerate(SPELLINGS):
        assert Building.objects.get(number=str(i + 1), street__settlement=places[meant]).street.name == "Шевченка"
    assert Street.objects.count() == len(places)  # one «Шевченка» in each settlement, however it was written


RESIDENTS_HEADER = ("прізвище;ім'я;по батькові;дата народження;стать;РНОКПП;населений пункт;вулиця;будинок;"
                    "квартира;телефон;email;статус")


def test_residents_accept_every_spelling(tmp_path, places):
    born = date(1960, 1, 1)
    path = write_csv(tmp_path / "жителі.csv", RESIDENTS_HEADER, [
        f"Коваленко;Марія;Петрівна;{(born + timedelta(days=i)):%d.%m.%Y};ж;;{written};вул. Шевченка;{i + 1};;;;"
        "зареєстрована" for i, (written, _meant) in enumerate(SPELLINGS)])
    code, report = run("residents", path)
    assert (code, report["errors"], report["created"]) == (0, [], len(SPELLINGS))
    for i, (_written, meant) in enumerate(SPELLINGS):
        resident = Resident.objects.get(birth_date=born + timedelta(days=i))
        assert (resident.building.street.settlement, resident.building.number) == (places[meant], str(i + 1))


def test_land_plots_accept_every_spelling(tmp_path, places):
    path = write_csv(
        tmp_path / "земля.csv", "кадастровий номер;площа, га;цільове призначення;форма власності;"
        "власник або користувач;населений пункт",
        [f"1221455100:01:001:{i + 1:04d};0,2500;02.01;приватна;Шевченко Т. Г.;{written}"
         for i, (written, _meant) in enumerate(SPELLINGS)])
    code, report = run("land", path)
    assert (code, report["errors"], report["created"]) == (0, [], len(SPELLINGS))
    for i, (_written, meant) in enumerate(SPELLINGS):
        assert LandPlot.objects.get(cadastral_number=f"1221455100:01:001:{i + 1:04d}").settlement == places[meant]


def test_property_accepts_every_spelling(tmp_path, places):
    path = write_csv(tmp_path / "майно.csv", "інвентарний номер;об'єкт;вид;населений пункт;вулиця;будинок", [
        f"10130{i + 1:02d};Будівля клубу;будівля;{written};вул. Центральна;{i + 1}"
        for i, (written, _meant) in enumerate(SPELLINGS)])
    code, report = run("property", path)
    assert (code, report["errors"], report["created"]) == (0, [], len(SPELLINGS))
    for i, (_written, meant) in enumerate(SPELLINGS):
        building = PropertyObject.objects.get(inventory_number=f"10130{i + 1:02d}").building
        assert (building.street.settlement, building.number) == (places[meant], str(i + 1))


def test_a_windows_1251_file_with_the_type_glued_to_the_name(tmp_path, places):
    """The most common legacy export: Excel's «CSV (роздільники — крапки з комою)» in Windows-1251."""
    path = write_csv(tmp_path / "жителі.csv", RESIDENTS_HEADER, [
        "Шевченко;Тарас;Григорович;09.03.1990;ч;;с.Могилів;вул.Шевченка;12а;5;0501234567;;зареєстрований",
        "Кур’ята;Олена;Іванівна;01.07.1985;ж;;смт.Слобожанське;вулиця Шевченка;3;;;;ВПО",
        "Бондар;Ігор;;12.12.1970;ч;;С.МОГИЛІВ;вул.Шевченка;12-А;7;;;",
    ], encoding="cp1251")
    code, report = run("residents", path)
    assert (code, report["errors"], report["created"]) == (0, [], 3)
    assert {(r.last_name, r.building.street.settlement.name, r.building.number) for r in Resident.objects.all()} == {
        ("Шевченко", "Могилів", "12-А"), ("Кур'ята", "Слобожанське", "3"), ("Бондар", "Могилів", "12-А")}
    assert Building.objects.count() == 2


def test_an_xlsx_export_with_typed_settlements(tmp_path, places):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Населений пункт", "Вулиця"])
    for written in (f"с.{NBSP}Могилів", "СМТ Слобожанське", "  м.Підгородне", "с-ще Молодiжне"):
        workbook.active.append([written, "вул. Шевченка"])
    path = tmp_path / "вулиці.xlsx"
    workbook.save(path)
    code, report = run("streets", path)
    assert (code, report["errors"], report["created"]) == (0, [], 4)
    assert sorted(Street.objects.values_list("settlement__name", flat=True)) == [
        "Могилів", "Молодіжне", "Підгородне", "Слобожанське"]


# --- one name, two settlements -----------------------------------------------------------------------


def test_the_type_tells_two_settlements_of_one_name_apart(tmp_path, twins):
    path = write_csv(tmp_path / "вулиці.csv", "населений пункт;вулиця", [
        "село Іванівка;вул. Шевченка", "с-ще Іванівка;вул. Франка", "смт Іванівка;вул. Садова",
        "с. Іванівка;вул. Миру"])
    code, report = run("streets", path)
    assert (code, report["errors"], report["created"]) == (0, [], 4)
    assert {(s.name, s.settlement.kind) for s in Street.objects.all()} == {
        ("Шевченка", SELO), ("Франка", SELYSHCHE), ("Садова", SELYSHCHE), ("Миру", SELO)}


AMBIGUOUS = "Назва неоднозначна: село Іванівка, селище Іванівка — вкажіть тип."


@pytest.mark.parametrize("kind", ["streets", "buildings", "residents", "land", "property"])
def test_a_name_of_two_settlements_without_a_type_is_refused_and_nothing_is_written(tmp_path, twins, places, kind):
    header, good, bad = {
        "streets": ("населений пункт;вулиця", "с. Могилів;вул. Шевченка", "Іванівка;вул. Шевченка"),
        "buildings": ("населений пункт;вулиця;будинок", "с. Могилів;вул. Шевченка;1", "Іванівка;вул. Шевченка;2"),
        "residents": (RESIDENTS_HEADER, "Шевченко;Тарас;;09.03.1990;ч;;с. Могилів;вул. Шевченка;1;;;;",
                      "Франко;Іван;;27.08.1956;ч;;Іванівка;вул. Шевченка;2;;;;"),
        "land": ("кадастровий номер;площа, га;цільове призначення;форма власності;населений пункт",
                 "1221455100:01:001:0001;0,25;02.01;приватна;с. Могилів",
                 "1221455100:01:001:0002;0,25;02.01;приватна;Іванівка"),
        "property": ("інвентарний номер;об'єкт;вид;населений пункт;вулиця;будинок",
                     "1013001;Будівля клубу;будівля;с. Могилів;вул. Шевченка;1",
                     "1013002;Будівля школи;будівля;Іванівка;вул. Шевченка;2"),
    }[kind]
    path = write_csv(tmp_path / "файл.csv", header, [good, bad])
    code, report = run(kind, path)
    assert code == 2
    assert reasons(report) == {(3, "населений пункт", "Іванівка", AMBIGUOUS)}
    for model in (Street, Building, Resident, LandPlot, PropertyObject):
        assert not model.objects.exists()


def test_a_type_that_contradicts_the_only_settlement_of_the_name_is_refused(tmp_path, places):
    path = write_csv(tmp_path / "земля.csv", "кадастровий номер;площа, га;цільове призначення;форма власності;"
                     "населений пункт", [
                         "1221455100:01:001:0001;0,25;02.01;комунальна;с. Могилів",
                         "1221455100:01:001:0002;0,25;02.01;комунальна;м. Могилів",
                         "1221455100:01:001:0003;0,25;02.01;комунальна;смт Могилів",
                         "1221455100:01:001:0004;0,25;02.01;комунальна;село Підгородне",
                         "1221455100:01:001:0005;0,25;02.01;комунальна;с. Іванівка",
                     ])
    code, report = run("land", path)
    assert code == 2
    assert reasons(report) == {
        (3, "населений пункт", "м. Могилів", "Тип не збігається: у громаді є лише село Могилів."),
        (4, "населений пункт", "смт Могилів", "Тип не збігається: у громаді є лише село Могилів."),
        (5, "населений пункт", "село Підгородне", "Тип не збігається: у громаді є лише місто Підгородне."),
        (6, "населений пункт", "с. Іванівка", "У громаді немає такого населеного пункту."),
    }
    assert not LandPlot.objects.exists()


def test_a_type_missing_from_both_of_two_settlements_names_them_both(tmp_path, twins):
    path = write_csv(tmp_path / "вулиці.csv", "населений пункт;вулиця", ["м. Іванівка;вул. Шевченка"])
    code, report = run("streets", path)
    assert code == 2
    assert reasons(report) == {(2, "населений пункт", "м. Іванівка",
                                "Тип не збігається: у громаді є лише село Іванівка, селище Іванівка.")}
    assert not Street.objects.exists()


def test_two_settlements_of_one_name_and_type_are_refused_with_their_codes(tmp_path, hromada_a):
    first, second = (SettlementFactory(hromada=hromada_a, name="Іванівка", kind=SELO) for _ in range(2))
    path = write_csv(tmp_path / "вулиці.csv", "населений пункт;вулиця", ["с. Іванівка;вул. Шевченка",
                                                                          "Іванівка;вул. Франка"])
    code, report = run("streets", path)
    assert code == 2
    message = (f"Цю назву й тип мають кілька населених пунктів (КАТОТТГ {first.katottg}, {second.katottg}); "
               "спершу уточніть назву одного з них.")
    assert reasons(report) == {(2, "населений пункт", "с. Іванівка", message),
                               (3, "населений пункт", "Іванівка", message)}
    assert not Street.objects.exists()


def test_a_name_that_begins_with_a_type_word_is_found_as_written(tmp_path, hromada_a):
    selyshche = SettlementFactory(hromada=hromada_a, name="Селище", kind=SELO)
    new_selo = SettlementFactory(hromada=hromada_a, name="Нове Село", kind=SELO)
    path = write_csv(tmp_path / "вулиці.csv", "населений пункт;вулиця", [
        "Селище;вул. Шевченка", "с. Селище;вул. Франка", "Нове Село;вул. Садова", "с. Нове Село;вул. Миру"])
    code, report = run("streets", path)
    assert (code, report["errors"], report["created"]) == (0, [], 4)
    assert {(s.name, s.settlement) for s in Street.objects.all()} == {
        ("Шевченка", selyshche), ("Франка", selyshche), ("Садова", new_selo), ("Миру", new_selo)}


# --- idempotence and speed ---------------------------------------------------------------------------


def test_a_row_with_the_type_and_again_without_it_is_the_same_record(tmp_path, places):
    streets = write_csv(tmp_path / "вулиці-1.csv", "населений пункт;вулиця", ["с. Могилів;вул. Шевченка"])
    assert run("streets", streets)[1]["created"] == 1
    for i, again in enumerate(["Могилів;вулиця Шевченка", f"СЕЛО{NBSP}Могилів;Шевченка", "c.Могилів;вул.Шевченка"]):
        streets = write_csv(tmp_path / f"вулиці-{i + 2}.csv", "населений пункт;вулиця", [again])
        code, report = run("streets", streets)
        assert (code, report["created"], report["updated"], report["unchanged"]) == (0, 0, 0, 1)
    assert Street.objects.count() == 1

    first = write_csv(tmp_path / "жителі-1.csv", RESIDENTS_HEADER, [
        "Шевченко;Тарас;Григорович;09.03.1990;ч;;с. Могилів;вул. Шевченка;12-А;5;;;",
        "Франко;Іван;Якович;27.08.1956;ч;;смт Слобожанське;вул. Франка;1;;;;"])
    code, report = run("residents", first)
    assert (code, report["created"]) == (0, 2)
    again = write_csv(tmp_path / "жителі-2.csv", RESIDENTS_HEADER, [
        "Шевченко;Тарас;Григорович;09.03.1990;ч;;Могилів;вулиця Шевченка;12а;5;;;",
        "Франко;Іван;Якович;27.08.1956;ч;;селище Слобожанське;Франка;1;;;;"])
    code, report = run("residents", again)
    assert (code, report["created"], report["updated"], report["unchanged"]) == (0, 0, 0, 2)
    assert (Resident.objects.count(), Building.objects.count(), Street.objects.count()) == (2, 2, 2)


def _settlement_reads(kind: str, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        code, report = run(kind, path)
    assert (code, report["errors"]) == (0, [])
    return sum(query["sql"].startswith("SELECT") and 'FROM "core_settlement"' in query["sql"]
               for query in queries.captured_queries)


def test_settlements_are_read_once_per_import_however_many_rows(tmp_path, places):
    spellings = [written for written, _meant in SPELLINGS]
    small = write_csv(tmp_path / "мало.csv", RESIDENTS_HEADER, [
        f"Коваленко;Марія;;{date(1960, 1, 1) + timedelta(days=i):%d.%m.%Y};ж;;{spellings[i]};вул. Шевченка;1;;;;"
        for i in range(2)])
    large = write_csv(tmp_path / "багато.csv", RESIDENTS_HEADER, [
        f"Бондар;Олег;;{date(1970, 1, 1) + timedelta(days=i):%d.%m.%Y};ч;;{spellings[i % len(spellings)]};"
        f"вул. Шевченка;{i + 1};;;;" for i in range(120)])
    # One read serves the rows' check (by name) and the write (by id), whatever the file's size.
    assert (_settlement_reads("residents", small), _settlement_reads("residents", large)) == (1, 1)


# --- the staff and API searches take an address as people write it --------------------------------------


def test_address_search_leaves_the_settlement_and_street_types_out(tmp_path, places, hromada_a):
    path = write_csv(tmp_path / "майно.csv", "інвентарний номер;об'єкт;вид;населений пункт;вулиця;будинок", [
        "1013001;Будівля клубу;будівля;с. Могилів;вул. Шевченка;12-А",
        "1013002;Будівля школи;будівля;м. Підгородне;вул. Шевченка;12",
        "1013003;Сквер;земля;с-ще Молодіжне;Набережна;5"])
    assert run("property", path)[0] == 0
    club, school, square = (PropertyObject.objects.get(inventory_number=f"101300{i}") for i in (1, 2, 3))

    def found(search, query):
        return {str(row) for row in search(hromada_a, query)}

    both = {str(club.building), str(school.building)}
    assert str(club.building) == "вул. Шевченка, 12-А"
    for query, expected in [
        ("Шевченка 12", both),
        ("вул. Шевченка, 12-А", both),
        ("вул. Шевченка 12", both),
        ("с. Могилів, вул. Шевченка, 12", {str(club.building)}),
        ("С.МОГИЛІВ, вулиця Шевченка, 12", {str(club.building)}),
        ("село Могилів, Шевченка, 12", {str(club.building)}),
        ("Могилів, Шевченка 12", {str(club.building)}),
        ("м. Підгородне, вул. Шевченка, 12", {str(school.building)}),
        ("місто Підгородне, вул. Шевченка, 12", {str(school.building)}),
    ]:
        assert found(selectors.buildings, query) == expected, query
    assert {o.pk for o in selectors.property_objects(hromada_a, "м. Підгородне, вул. Шевченка, 12")} == {school.pk}
    people = write_csv(tmp_path / "жителі.csv", RESIDENTS_HEADER,
                       ["Шевченко;Тарас;;09.03.1990;ч;;с. Могилів;вул. Шевченка;12-А;;;;"])
    assert run("residents", people)[0] == 0
    taras = Resident.objects.get()
    assert list(selectors.residents(hromada_a, "с. Могилів, вул. Шевченка, 12")) == [taras]
    assert list(selectors.residents(hromada_a, "м. Підгородне, вул. Шевченка, 12")) == []
    assert found(selectors.buildings, "Набережна 5") == {str(square.building)}  # the type word is the name
    assert found(selectors.buildings, "с-ще Молодіжне, Набережна, 5") == {str(square.building)}
    assert {s.name for s in selectors.streets(hromada_a, "вул. Шевченка")} == {"Шевченка"}
    assert {s.name for s in selectors.streets(hromada_a, "вулиця шевченка")} == {"Шевченка"}
    assert {s.name for s in selectors.streets(hromada_a, "Набережна")} == {"Набережна"}


# --- the staff upload pages use the same importers ---------------------------------------------------------


def _upload_and_check(client, content: bytes, kind: str) -> str:
    response = client.post(reverse("registers:import-upload"),
                           {"kind": kind, "file": SimpleUploadedFile("експорт.csv", content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    ident = uuid.UUID(response["Location"].rstrip("/").split("/")[-1])
    assert client.post(reverse("registers:import-check", args=[ident])).status_code == 302
    return ident.hex


def _state(hromada, ident: str) -> dict:
    return json.loads(import_flow.Upload(hromada.pk, ident).state_path.read_text(encoding="utf-8"))


@pytest.fixture
def staff_client(client_a, hromada_a, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    client_a.force_login(member(hromada_a, "cnap_admin"))
    return client_a


def test_staff_upload_in_windows_1251_with_typed_settlements(staff_client, hromada_a, places, twins):
    content = ("\r\n".join([RESIDENTS_HEADER,
                            "Шевченко;Тарас;;09.03.1990;ч;;с.Могилів;вул.Шевченка;12а;;;;",
                            "Франко;Іван;;27.08.1956;ч;;Іванівка;вул. Франка;1;;;;"]) + "\r\n").encode("cp1251")
    ident = _upload_and_check(staff_client, content, "residents")
    report = _state(hromada_a, ident)["check"]
    assert (report["rows_valid"], report["rows_invalid"]) == (1, 1)
    assert {(e["row"], e["column"], e["value"], e["reason"]) for e in report["errors"]} == {
        (3, "населений пункт", "Іванівка", AMBIGUOUS)}
    page = staff_client.get(reverse("registers:import-report", args=[uuid.UUID(ident)])).content.decode()
    assert "Назва неоднозначна: село Іванівка, селище Іванівка — вкажіть тип." in page
    assert not Resident.objects.exists()

    content = content.replace("Іванівка;".encode("cp1251"), "с-ще Іванівка;".encode("cp1251"))
    ident = _upload_and_check(staff_client, content, "residents")
    assert _state(hromada_a, ident)["check"]["errors"] == []
    staff_client.post(reverse("registers:import-confirm", args=[uuid.UUID(ident), "all"]))
    assert {(r.last_name, r.building.street.settlement) for r in Resident.objects.all()} == {
        ("Шевченко", places["Могилів"]), ("Франко", twins[SELYSHCHE])}
