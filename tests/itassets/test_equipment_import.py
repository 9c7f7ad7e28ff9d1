"""The import of equipment through the core engine and the staff pages: Ukrainian headings, categories by name or
abbreviation, dates «01.03.2024» and sums «24 000,50», Windows-1251 CSV and XLSX; all rows or none with a row report;
a second run changes nothing; a file of some columns changes only those; written-off items untouched."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from hromada.core import imports
from hromada.core.models import AuditEntry
from hromada.itassets.equipment import services
from hromada.itassets.equipment.importers import EquipmentImporter
from hromada.itassets.models import Category, Equipment
from tests.factories import DepartmentFactory, InstitutionFactory, member

pytestmark = pytest.mark.django_db

HEADER = "Інвентарний номер;Найменування;Категорія;Дата придбання;Вартість, грн;Заклад;Відділ;Кабінет;Стан"
ROWS = [
    "ПK-0012;Комп’ютер бухгалтера;ПК;01.03.2024;24 000,50;;ФВ;9;використовується",
    "10140002;Багатофункціональний пристрій;МФУ;15.01.2019;8 400;Могилівська школа;;Учительська;",
    "10140003;Джерело безперебійного живлення;ДБЖ;29.02.2024;4650;;;Серверна;на складі",
]


@pytest.fixture
def place(hromada_a):
    InstitutionFactory(hromada=hromada_a, name="Могилівська школа")
    DepartmentFactory(hromada=hromada_a, name="Фінансовий відділ", short_name="ФВ")
    return hromada_a


def _csv(tmp_path, lines, *, encoding="cp1251", name="opys.csv"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _run(path, hromada, actor=None, **kwargs):
    return imports.run_import(EquipmentImporter, path, hromada=hromada, actor=actor, **kwargs)


def test_a_good_cp1251_file_and_a_second_run(tmp_path, place):
    path = _csv(tmp_path, [HEADER, *ROWS])
    report = _run(path, place)
    assert (report.status, report.encoding, report.created, report.updated) == ("done", "cp1251", 3, 0)
    pc = Equipment.objects.get(inventory_number="ПК-0012")  # the Latin K read as the Cyrillic one
    assert (pc.category, pc.cost, pc.purchase_date, pc.department.short_name, pc.room, pc.status) == (
        Category.COMPUTER, Decimal("24000.50"), date(2024, 3, 1), "ФВ", "9", "in_use")
    assert pc.end_of_life == date(2029, 3, 1) and pc.next_check_due == date(2025, 3, 1)
    assert "компютер бухгалтера" in pc.name_key
    mfd = Equipment.objects.get(inventory_number="10140002")
    assert (mfd.category, mfd.institution.name, mfd.status, mfd.end_of_life) == (
        Category.PRINTER, "Могилівська школа", "in_use", date(2024, 1, 15))
    ups = Equipment.objects.get(inventory_number="10140003")
    assert (ups.category, ups.status, ups.end_of_life) == (Category.POWER, "in_stock", date(2029, 2, 28))
    assert AuditEntry.objects.filter(object_type="import.equipment").count() == 1
    rows = list(Equipment.objects.order_by("pk").values())
    again = _run(path, place)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(Equipment.objects.order_by("pk").values()) == rows


def test_a_file_of_some_columns_changes_only_those(tmp_path, place):
    _run(_csv(tmp_path, [HEADER, *ROWS]), place)
    path = _csv(tmp_path, ["інв. номер;найменування;категорія;кабінет", "пк-0012;Комп’ютер бухгалтера;ПК;10"],
                encoding="utf-8-sig", name="rooms.csv")
    report = _run(path, place)
    assert (report.created, report.updated) == (0, 1)
    pc = Equipment.objects.get(inventory_number="ПК-0012")
    assert (pc.room, pc.cost, pc.department.short_name, pc.purchase_date) == ("10", Decimal("24000.50"), "ФВ",
                                                                             date(2024, 3, 1))


def test_a_bad_file_changes_nothing_and_reports_each_row(tmp_path, place, hromada_a):
    manager = member(hromada_a, "programme_manager")
    gone = services.create_item(hromada_a, manager, inventory_number="10149999", category="computer", name="Старий",
                                purchase_date=date(2015, 1, 1))
    services.write_off(gone, actor=manager, hromada=hromada_a, on=date(2025, 1, 1), reason="Знос")
    before = (list(Equipment.objects.order_by("pk").values()), AuditEntry.objects.count())
    path = _csv(tmp_path, [HEADER, *ROWS,
                           "10140004;Ноутбук;тостер;01.03.2024;100;;;;",
                           "10140005;Ноутбук;ноутбук;31.02.2024;сто гривень;Невідома школа;;;",
                           "10140006;Ноутбук;ноутбук;01.03.2099;100;;;;списано",
                           ";Без номера;ПК;;;;;;",
                           "10140002;Повтор;ПК;;;;;;",
                           "10149999;Старий;ПК;;;;;;"])
    report = _run(path, place)
    assert report.status == "validation_errors"
    problems = {(issue.row, issue.column) for issue in report.errors}
    assert {(5, "Категорія"), (6, "Дата придбання"), (6, "Вартість, грн"), (6, "Заклад"), (7, "Дата придбання"),
            (7, "Стан"), (8, "Інвентарний номер"), (10, "Інвентарний номер")} <= problems
    assert any(issue.row == 9 for issue in report.errors)  # a number twice in the file
    reasons = {(issue.row, issue.column): issue.reason for issue in report.errors}
    assert reasons[(5, "Категорія")].startswith("Невідоме значення; очікується одне з: настільний комп’ютер")
    assert reasons[(6, "Заклад")] == "У громади немає такого закладу."
    assert reasons[(10, "Інвентарний номер")] == "Обладнання списане; імпорт його не змінює."
    assert (list(Equipment.objects.order_by("pk").values()), AuditEntry.objects.count()) == before


def test_an_xlsx_file(tmp_path, place):
    book = Workbook()
    sheet = book.active
    sheet.append(["Інвентарний номер", "Найменування", "Категорія", "Дата придбання", "Вартість, грн",
                  "Гарантія до", "Строк корисного використання, років"])
    sheet.append(["10150001", "Сервер", "сервер", date(2021, 6, 30), 96400.5, "30.06.2024", 8])
    sheet.append([10150002, "Комутатор", "Комутатор", "01.02.2020", "8 200,00", None, None])
    path = tmp_path / "opys.xlsx"
    book.save(path)
    report = _run(path, place)
    assert (report.status, report.created) == ("done", 2)
    server = Equipment.objects.get(inventory_number="10150001")
    assert (server.cost, server.purchase_date, server.useful_life_years, server.end_of_life) == (
        Decimal("96400.50"), date(2021, 6, 30), 8, date(2029, 6, 30))
    assert Equipment.objects.get(inventory_number="10150002").category == Category.NETWORK


def test_the_import_pages(client_a, hromada_a, hromada_b, place, tmp_path):
    client_a.force_login(member(hromada_a, "programme_manager"))
    data = ("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("cp1251")
    response = client_a.post(reverse("itassets-staff:equipment-import-upload"),
                             {"file": SimpleUploadedFile("опис.csv", data, content_type="text/csv")})
    assert response.status_code == 302
    preview = response["Location"]
    page = client_a.get(preview).content.decode()
    assert "Windows-1251" in page and "Інвентарний номер" in page
    import_id = preview.rstrip("/").rsplit("/", 1)[1]
    response = client_a.post(reverse("itassets-staff:equipment-import-check", args=[import_id]))
    assert response["Location"] == reverse("itassets-staff:equipment-import-report", args=[import_id])
    assert "Помилок не знайдено" in client_a.get(response["Location"]).content.decode()
    confirm = reverse("itassets-staff:equipment-import-confirm", args=[import_id, "all"])
    assert client_a.get(confirm).status_code == 200
    response = client_a.post(confirm)
    assert response["Location"] == reverse("itassets-staff:equipment-import-result", args=[import_id])
    assert Equipment.objects.filter(hromada=hromada_a).count() == 3
    # B's staff do not see A's import; a clerk of A has no import pages.
    b_client = client_a.__class__(HTTP_HOST="b.localhost")
    b_client.force_login(member(hromada_b, "hromada_admin"))
    assert b_client.get(reverse("itassets-staff:equipment-import-result", args=[import_id])).status_code == 404
    client_a.force_login(member(hromada_a, "clerk"))
    assert client_a.get(reverse("itassets-staff:equipment-import")).status_code == 403
    assert client_a.get(reverse("itassets-staff:equipment-import-template-csv")).status_code == 403


def test_an_upload_that_is_no_table_is_refused(client_a, hromada_a, place):
    client_a.force_login(member(hromada_a, "programme_manager"))
    for content in (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b""):
        response = client_a.post(reverse("itassets-staff:equipment-import-upload"),
                                 {"file": SimpleUploadedFile("photo.csv", content)})
        assert response.status_code == 400
    response = client_a.post(reverse("itassets-staff:equipment-import-upload"), {})
    assert response.status_code == 400
    assert not Equipment.objects.exists()


def test_the_templates_read_back(tmp_path, place):
    DepartmentFactory(hromada=place, name="Загальний відділ", short_name="ЗВ")
    path = tmp_path / "template.csv"
    path.write_bytes(imports.template_csv(EquipmentImporter))
    report = _run(path, place, dry_run=True)
    assert (report.status, report.errors_total) == ("dry_run", 0), report.errors
    workbook = io.BytesIO(imports.template_xlsx(EquipmentImporter))
    xlsx = tmp_path / "template.xlsx"
    xlsx.write_bytes(workbook.getvalue())
    assert _run(xlsx, place, dry_run=True).errors_total == 0
