"""The residents import end to end through `hromada import`: encodings, errors, all-or-nothing, idempotence."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command

from hromada.registers.models import Building, Resident, Street
from tests.factories import SettlementFactory
from tests.registers.identifiers import rnokpp_for

pytestmark = pytest.mark.django_db

HEADER = "прізвище;ім'я;по батькові;дата народження;стать;РНОКПП;населений пункт;вулиця;будинок;квартира;" \
         "телефон;email;статус"


def run(path, *args) -> tuple[int, dict]:
    report = path.parent / "report.json"
    try:
        call_command("import", "residents", str(path), "--report", str(report), *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture
def mohyliv(hromada_a):
    return SettlementFactory(hromada=hromada_a, name="Могилів")


def rows(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def test_a_good_file_in_windows_1251_creates_streets_buildings_and_residents(tmp_path, mohyliv):
    code = rnokpp_for(date(1990, 3, 9), "m")
    path = tmp_path / "residents.csv"
    path.write_bytes(rows(
        f"Шевченко;Тарас;Григорович;09.03.1990;ч;{code};Могилів;вул. Шевченка;12а;5;0501234567;;зареєстрований",
        "Кур’ята;Олена;Іванівна;1985-07-01;ж;;Могилів;вулиця Шевченка;12-А;;;;ВПО",
    ).encode("cp1251"))
    exit_code, report = run(path)
    assert exit_code == 0, report["errors"]
    assert (report["created"], report["extras"]["streets_created"], report["extras"]["buildings_created"]) == (2, 1, 1)
    assert Street.objects.get().name == "Шевченка"
    assert Building.objects.get().number == "12-А"
    olena = Resident.objects.get(first_name="Олена")
    assert (olena.last_name, olena.status) == ("Кур'ята", "idp")
    # The same file again changes nothing.
    exit_code, report = run(path)
    assert (exit_code, report["created"], report["updated"], report["unchanged"]) == (0, 0, 0, 2)


def test_one_bad_row_and_nothing_is_written(tmp_path, mohyliv):
    path = tmp_path / "residents.csv"
    path.write_text(rows(
        "Шевченко;Тарас;;09.03.1990;ч;;Могилів;Шевченка;1;;;;",
        "Франко;Іван;;31.02.1990;ч;1234567890;Дрогобич;Шевченка;1;;;;",
    ), encoding="utf-8-sig")
    exit_code, report = run(path)
    assert exit_code == 2
    problems = {(e["row"], e["column"]) for e in report["errors"]}
    assert {(3, "дата народження"), (3, "РНОКПП"), (3, "населений пункт")} <= problems
    assert not Resident.objects.exists() and not Street.objects.exists()
    exit_code, report = run(path, "--skip-invalid")
    assert exit_code == 0
    assert list(Resident.objects.values_list("last_name", flat=True)) == ["Шевченко"]


def test_english_headers_and_comma_separator(tmp_path, mohyliv):
    path = tmp_path / "residents.csv"
    path.write_text("last_name,first_name,birth_date,sex,settlement\nШевченко,Тарас,1990-03-09,m,Могилів\n",
                    encoding="utf-8")
    exit_code, _report = run(path)
    assert exit_code == 0
    assert Resident.objects.get().building is None
