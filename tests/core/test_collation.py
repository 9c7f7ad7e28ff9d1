"""Ukrainian alphabetical order (core.collation) in Python, in both databases, and in the lists people read."""

from __future__ import annotations

import csv
import io
import itertools
import random
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils.html import escape

from hromada.core.collation import UK_ALPHABET, uk, uk_sort_key
from hromada.core.models import Department, RoleAssignment
from hromada.registers import services as registers
from hromada.registers.models import Resident, Street
from tests.apiclient import ApiClient
from tests.factories import DepartmentFactory, SettlementFactory, UserFactory, member

NAMES = ["Ільченко", "Євген", "Іван", "Ірина", "Анастасія", "Ґава", "Гаврилюк", "Яків", "Юлія", "Щербак", "ящик",
         "Ярослава", "Мар'яна", "Марченко", "абрикос"]
UKRAINIAN_ORDER = ["абрикос", "Анастасія", "Гаврилюк", "Ґава", "Євген", "Іван", "Ільченко", "Ірина", "Марченко",
                   "Мар'яна", "Щербак", "Юлія", "Яків", "Ярослава", "ящик"]


def shuffled(items, seed=5):
    items = list(items)
    random.Random(seed).shuffle(items)
    return items


# --- the key ---------------------------------------------------------------------------------------------------


def test_the_key_orders_the_whole_alphabet_lower_case_first():
    letters = UK_ALPHABET + UK_ALPHABET.upper()
    assert len(UK_ALPHABET) == 33
    expected = [ch for lower in UK_ALPHABET for ch in (lower, lower.upper())]
    assert sorted(shuffled(letters), key=uk_sort_key) == expected
    assert "".join(expected[::2]) == "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


def test_every_letter_sorts_after_the_one_before_it_whatever_the_case():
    for before, after in itertools.pairwise(UK_ALPHABET):
        for a in (before, before.upper()):
            for b in (after, after.upper()):
                assert uk_sort_key(a + "я") < uk_sort_key(b + "а"), (a, b)


def test_the_key_orders_names_as_the_ukrainian_alphabet_does():
    assert sorted(shuffled(NAMES), key=uk_sort_key) == UKRAINIAN_ORDER
    assert sorted(NAMES) != UKRAINIAN_ORDER  # code point order starts with «Євген», «Іван»


def test_the_apostrophe_is_ignored_and_case_decides_only_between_equals():
    assert sorted(["Мар'яна", "Марченко", "Марія"], key=uk_sort_key) == ["Марія", "Марченко", "Мар'яна"]
    # the same name with any apostrophe or none: lower case first, then by code point (as PostgreSQL breaks ties)
    assert sorted(["Мар’яна", "Маряна", "мар'яна", "Мар'яна"], key=uk_sort_key) == [
        "мар'яна", "Мар'яна", "Маряна", "Мар’яна"]
    assert sorted(["іванна", "Іван", "іван", "Іванків"], key=uk_sort_key) == ["іван", "Іван", "Іванків", "іванна"]
    assert sorted(["Ґ", "г", "ґ", "Г"], key=uk_sort_key) == ["г", "Г", "ґ", "Ґ"]


def test_spaces_hyphens_digits_latin_and_the_number_sign():
    assert sorted(["Нова Одеса", "Новаків", "Нова-Басань"], key=uk_sort_key) == ["Нова-Басань", "Новаків",
                                                                                "Нова Одеса"]
    assert sorted(["Школа № 5", "Ліцей", "10 років", "2 квітня", "Zoom", "Яр"], key=uk_sort_key) == [
        "10 років", "2 квітня", "Ліцей", "Школа № 5", "Яр", "Zoom"]
    assert uk_sort_key(None) < uk_sort_key("") < uk_sort_key("а")


# --- the databases -------------------------------------------------------------------------------------------------

ODD = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБГҐЄІЇЙЯ'’ -.,0129abzZёъыэ\"«»()№"


@pytest.mark.django_db
def test_the_database_orders_as_the_key_does(hromada_a):
    """The same order from PostgreSQL's ICU collation, SQLite's registered one and Python's key — for Ukrainian
    names and for anything else people type: punctuation, digits, Latin letters, Russian letters, ties."""
    rng = random.Random(11)
    names = {"".join(rng.choice(ODD) for _ in range(rng.randint(1, 7))) for _ in range(400)}
    names |= set(NAMES) | {"Мар’яна", "Маряна", "мар'яна", "Ґава", "ґава", "ГАВА", "е", "Е", "ее", "Ее", "еЕ"}
    Department.objects.bulk_create([Department(hromada=hromada_a, name=n) for n in names])
    rows = Department.objects.filter(hromada=hromada_a)
    assert list(rows.values_list("name", flat=True)) == sorted(names, key=uk_sort_key)  # Meta.ordering
    assert list(rows.order_by(uk("-name")).values_list("name", flat=True)) == sorted(names, key=uk_sort_key)[::-1]


# --- the lists ------------------------------------------------------------------------------------------------------


def assert_in_order(html: str, names: list[str]):
    positions = [html.find(escape(name)) for name in names]
    assert -1 not in positions, [n for n, p in zip(names, positions, strict=True) if p == -1]
    assert positions == sorted(positions), [n for _p, n in sorted(zip(positions, names, strict=True))]


def csv_column(response, column: int = 0) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row[column] for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]]


def xlsx_column(response, column: int = 0) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.django_db
def test_departments_list_export_and_api(admin_client_a, hromada_a):
    for name in shuffled(NAMES):
        DepartmentFactory(hromada=hromada_a, name=name)
    expected = [*UKRAINIAN_ORDER]
    page = admin_client_a.get(reverse("staff:departments-list"))
    assert page.status_code == 200
    assert_in_order(page.content.decode(), expected)
    assert csv_column(admin_client_a.get(reverse("staff:departments-export-csv"))) == expected
    assert xlsx_column(admin_client_a.get(reverse("staff:departments-export-xlsx"))) == expected
    reverse_page = admin_client_a.get(reverse("staff:departments-list"), {"sort": "-name"})
    assert_in_order(reverse_page.content.decode(), expected[::-1])
    api = admin_client_a.get("/api/v1/departments", {"limit": 100})
    assert [row["name"] for row in api.json()["items"]] == expected


@pytest.mark.django_db
def test_members_list(admin_client_a, hromada_a):
    for name in shuffled(NAMES):
        RoleAssignment.objects.create(user=UserFactory(full_name=name), hromada=hromada_a, role="head")
    page = admin_client_a.get(reverse("staff:members"))
    assert page.status_code == 200
    assert_in_order(page.content.decode(), UKRAINIAN_ORDER)


@pytest.fixture
def keeper(hromada_a):
    return member(hromada_a, "hromada_admin")


@pytest.mark.django_db
def test_streets_list_export_and_api(client_a, hromada_a, keeper):
    village = SettlementFactory(hromada=hromada_a, name="Могилів")
    town = SettlementFactory(hromada=hromada_a, name="Андріївка")
    for name in shuffled(NAMES):
        for settlement in (village, town):
            registers.save_street(Street(settlement=settlement, kind="vulytsia", name=name), actor=keeper,
                                  hromada=hromada_a)
    stored = list(Street.objects.filter(settlement=town).values_list("name", flat=True))
    assert [uk_sort_key(n) for n in stored] == sorted(uk_sort_key(n) for n in stored)
    assert [n.lower() for n in stored] == [n.lower() for n in UKRAINIAN_ORDER]
    client_a.force_login(keeper)
    page = client_a.get(reverse("registers:streets-list"), {"settlement": town.pk})
    assert_in_order(page.content.decode(), stored)
    exported = csv_column(client_a.get(reverse("registers:streets-export-csv")))
    assert exported == stored + stored  # Андріївка's streets, then Могилів's
    api = ApiClient(keeper).get("/registers/streets", {"limit": 100})
    assert [row["name"] for row in api.json()["items"]] == stored + stored


@pytest.mark.django_db
def test_residents_list_exports_and_api(client_a, hromada_a, keeper):
    for i, name in enumerate(shuffled(NAMES)):
        registers.save_resident(Resident(last_name=name, first_name="Олена", birth_date=date(1990, 1, 1 + i),
                                         sex="f"), actor=keeper, hromada=hromada_a)
    # two residents of one surname: the given name decides, in the same order
    for first in ("Ярина", "Євгенія", "Ігор"):
        registers.save_resident(Resident(last_name="Ґава", first_name=first, birth_date=date(1980, 1, 1), sex="f"),
                                actor=keeper, hromada=hromada_a)
    stored = {name.lower(): name for name in Resident.objects.values_list("last_name", flat=True)}
    surnames = [stored[n.lower()] for n in UKRAINIAN_ORDER]
    expected = [(s, f) for s in surnames for f in (["Євгенія", "Ігор", "Олена", "Ярина"] if s == stored["ґава"]
                                                    else ["Олена"])]
    client_a.force_login(keeper)
    page = client_a.get(reverse("registers:residents-list"))
    assert page.status_code == 200
    assert_in_order(page.content.decode(), surnames)
    assert_in_order(page.content.decode(), ["Євгенія", "Ігор", "Ярина"])
    csv_rows = b"".join(client_a.get(reverse("registers:residents-export-csv")).streaming_content)
    rows = list(csv.reader(io.StringIO(csv_rows.decode("utf-8-sig")), delimiter=";"))[1:]
    assert [(r[0], r[1]) for r in rows] == expected
    xlsx = client_a.get(reverse("registers:residents-export-xlsx"))
    assert list(zip(xlsx_column(xlsx, 0), xlsx_column(xlsx, 1), strict=True)) == expected
    api = ApiClient(keeper).get("/registers/residents", {"limit": 100})
    assert [r["full_name"] for r in api.json()["items"]] == [f"{s} {f}" for s, f in expected]
    backwards = client_a.get(reverse("registers:residents-list"), {"sort": "-last_name"})
    assert_in_order(backwards.content.decode(), surnames[::-1])


@pytest.mark.django_db
def test_topics_and_the_units_a_filter_offers(hromada_a):
    from hromada.acts.models import Topic
    from hromada.programmes.services import strategy

    for name in shuffled(NAMES):
        Topic.objects.create(hromada=hromada_a, name=name)
        DepartmentFactory(hromada=hromada_a, name=name)
    assert [t.name for t in Topic.objects.filter(hromada=hromada_a)] == UKRAINIAN_ORDER
    assert [d.name for d in strategy.departments(hromada_a)] == UKRAINIAN_ORDER


@pytest.mark.django_db
def test_programmes_and_unit_reports(hromada_a):
    from hromada.programmes import selectors as programme_selectors
    from hromada.programmes.services import monitoring
    from hromada.programmes.services import programme as programmes
    from tests.programmes.builders import approved_programme, manager

    actor = manager(hromada_a)
    programme = approved_programme(hromada_a, actor, units=3, tasks_per_unit=1)
    for department, name in zip(programme.tasks.values_list("departments", flat=True).distinct().order_by(
            "departments"), ["Ільченко", "Анастасія", "Ґава"], strict=True):
        Department.objects.filter(pk=department).update(name=name)
    period = monitoring.open_period(programme, actor=actor, hromada=hromada_a, kind="quarter", year=2026, quarter=1)
    expected = ["Анастасія", "Ґава", "Ільченко"]
    assert [r.department.name for r in period.reports.all()] == expected
    assert [row["report"].department.name for row in monitoring.period_board(period)] == expected
    for title in ("Іти вперед", "Абетка"):
        programmes.create_programme(actor=actor, hromada=hromada_a, title=title, start_year=2026, end_year=2028)
    titles = [p.title for p in programme_selectors.programmes(hromada_a) if p.start_year == 2026]
    assert titles.index("Абетка") < titles.index("Іти вперед") < titles.index(programme.title)


def test_only_text_people_write_is_collated():
    from hromada.core.collation import order_term
    from hromada.registers.models import Building

    assert order_term(Resident, "-last_name") == uk("-last_name")
    assert order_term(Street, "settlement__name") == uk("settlement__name")
    assert order_term(Resident, "status") == "status"  # choices: codes
    assert order_term(Building, "sort_key") == "sort_key"  # a derived key
    assert order_term(Building, "apartments") == "apartments"
    assert order_term(Resident, "no_such_field") == "no_such_field"
