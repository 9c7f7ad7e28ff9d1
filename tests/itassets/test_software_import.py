"""The import of installed software: a good file, a bad one that changes nothing, Windows-1251 CSV, XLSX, the same
file twice, titles matched by their search key or created — and the staff pages that run it."""

from __future__ import annotations

import io
import uuid
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hromada.core import imports
from hromada.core.models import AuditEntry
from hromada.itassets.models import Category, Equipment, Installation, Software
from hromada.itassets.software.importers import InstallationImporter
from tests.factories import member
from tests.itassets.software_world import equipment, install, software

pytestmark = pytest.mark.django_db
HEADER = "Інвентарний номер;Програма;Виробник;Версія;Дата встановлення;Вид"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def computers(hromada_a):
    return {number: equipment(hromada_a, inventory_number=number) for number in ("101001", "101002", "ІНВ-7А")}


def write(tmp_path, lines, encoding="utf-8") -> Path:
    path = tmp_path / f"{uuid.uuid4().hex}.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def run(path, hromada, **kwargs):
    return imports.run_import(InstallationImporter, path, hromada=hromada, **kwargs)


def installed() -> list[tuple]:
    return sorted(Installation.objects.values_list("equipment__inventory_number", "software__name", "version",
                                                   "source"))


def problems(report) -> list[tuple]:
    return [(issue.row, issue.column, issue.value, issue.reason) for issue in report.errors]


def test_a_good_file_records_installations_and_creates_unknown_titles(tmp_path, hromada_a, computers):
    office = software(hromada_a, name="Microsoft Office", vendor="Microsoft", kind="office")
    report = run(write(tmp_path, [HEADER,
                                  "101001;microsoft  OFFICE;Microsoft;16.0.5435;12.03.2024;",
                                  "101001;M.E.Doc;ТОВ «М.Е.Док»;11.02.153;;бухгалтерія",
                                  "101002;Microsoft Office;;16.0.4266;;",
                                  "інв-7а;7-Zip;Igor Pavlov;24.08;;інше"]), hromada_a)
    assert (report.status, report.created, report.extras) == ("done", 4, {"titles_created": 2})
    assert installed() == [("101001", "M.E.Doc", "11.02.153", "import"),
                           ("101001", "Microsoft Office", "16.0.5435", "import"),
                           ("101002", "Microsoft Office", "16.0.4266", "import"),
                           ("ІНВ-7А", "7-Zip", "24.08", "import")]
    assert Installation.objects.get(equipment=computers["101001"], software=office).installed_on == date(2024, 3, 12)
    medoc = Software.objects.get(name="M.E.Doc")
    assert (medoc.vendor, medoc.kind, medoc.free, medoc.name_key) == ("ТОВ «М.Е.Док»", "accounting", False, "m e doc")
    entry = AuditEntry.objects.get(object_type="import.itassets_software")
    assert (entry.changes["created"], entry.changes["titles_created"]) == (4, 2)


def test_the_same_file_again_changes_nothing_and_a_new_version_updates(tmp_path, hromada_a, computers):
    lines = [HEADER, "101001;Windows 10 Pro;Microsoft;10.0.19045;01.02.2023;ОС", "101002;7-Zip;;24.08;;"]
    first = run(write(tmp_path, lines), hromada_a)
    again = run(write(tmp_path, lines), hromada_a)
    assert (first.created, again.created, again.updated, again.unchanged) == (2, 0, 0, 2)
    assert Software.objects.count() == 2
    lines[1] = "101001;Windows 10 Pro;Microsoft;10.0.19046;;ОС"  # a date left empty keeps the one recorded
    changed = run(write(tmp_path, lines), hromada_a)
    assert (changed.updated, changed.unchanged) == (1, 1)
    row = Installation.objects.get(software__name="Windows 10 Pro")
    assert (row.version, row.installed_on) == ("10.0.19046", date(2023, 2, 1))


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8-sig"])
def test_windows_1251_and_bom_csv(tmp_path, hromada_a, computers, encoding):
    report = run(write(tmp_path, [HEADER, "101001;Парус-Бюджет;Корпорація «Парус»;8.5.6;;бухгалтерія",
                                  "101002;СЕД «АСКОД»;;4.6;;СЕД"], encoding=encoding), hromada_a)
    assert (report.status, report.created, report.encoding in ("cp1251", "windows-1251", "utf-8-sig", "utf-8")) == (
        "done", 2, True)
    assert sorted(Software.objects.values_list("name", "kind")) == [("Парус-Бюджет", "accounting"),
                                                                  ("СЕД «АСКОД»", "edms")]


def test_xlsx_with_english_headers(tmp_path, hromada_a, computers):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["inventory_number", "software", "publisher", "version"])
    sheet.append([101001, "Google Chrome", "Google", "131.0.6778"])
    path = tmp_path / "agent.xlsx"
    book.save(path)
    report = run(path, hromada_a)
    assert (report.status, report.created) == ("done", 1)
    assert installed() == [("101001", "Google Chrome", "131.0.6778", "import")]


def test_a_bad_file_reports_every_problem_and_changes_nothing(tmp_path, hromada_a, hromada_b, computers):
    from django.utils import translation

    equipment(hromada_a, inventory_number="P-1", category=Category.PRINTER)
    equipment(hromada_a, inventory_number="OLD-1", status=Equipment.Status.WRITTEN_OFF, written_off_on=date(2025, 1, 1))
    equipment(hromada_b, inventory_number="B-1")
    software(hromada_a, name="Антивірус", vendor="ESET")
    software(hromada_a, name="Антивірус", vendor="Avast")
    before = installed()
    with translation.override("uk"):
        report = run(write(tmp_path, [HEADER,
                                      "101001;Good;;1.0;;",
                                      "999999;Office;;;;",
                                      "P-1;Office;;;;",
                                      "OLD-1;Office;;;;",
                                      "B-1;Office;;;;",
                                      "101002;;;;;",
                                      "101002;Антивірус;;;;",
                                      "101002;Office;;;31.02.2024;",
                                      "101002;Office2;;;;гра",
                                      "101001;good;;2.0;;"]), hromada_a)
    assert report.status == "validation_errors"
    rows = [(row, column) for row, column, _value, _reason in problems(report)]
    assert rows == [(3, "Інвентарний номер"), (4, "Інвентарний номер"), (5, "Інвентарний номер"),
                    (6, "Інвентарний номер"), (7, "Програма"), (8, "Виробник"), (9, "Дата встановлення"),
                    (10, "Вид"), (11, "Інвентарний номер")]
    reasons = {row: reason for row, _column, _value, reason in problems(report)}
    assert reasons[5] == "Комп’ютер списано."
    assert reasons[8] == "Цю назву мають програми кількох виробників: зазначте виробника."
    assert reasons[11] == "Такий самий запис уже є в рядку 2."
    assert installed() == before and Software.objects.count() == 2
    assert not AuditEntry.objects.filter(object_type="import.itassets_software").exists()


def test_a_title_without_vendor_in_the_register_is_matched_by_a_row_with_one(tmp_path, hromada_a, computers):
    software(hromada_a, name="7-Zip", vendor="")
    report = run(write(tmp_path, [HEADER, "101001;7-ZIP;Igor Pavlov;24.08;;"]), hromada_a)
    assert (report.created, report.extras) == (1, {})
    assert Software.objects.count() == 1


def test_an_installation_entered_by_hand_is_updated_not_duplicated(tmp_path, hromada_a, computers):
    title = software(hromada_a, name="Windows 11 Pro", vendor="Microsoft")
    install(hromada_a, computers["101001"], title, "10.0.22631")
    report = run(write(tmp_path, [HEADER, "101001;Windows 11 Pro;Microsoft;10.0.26100;;"]), hromada_a)
    assert (report.created, report.updated) == (0, 1)
    assert Installation.objects.get().version == "10.0.26100"


def test_control_characters_and_look_alikes(tmp_path, hromada_a, computers):
    # A Latin «I» and «A» in the inventory number, a vertical tab from Word in the name.
    report = run(write(tmp_path, [HEADER, "IНВ-7A;Adobe\x0bReader;Adobe;2024.1;;"]), hromada_a)
    assert report.status == "done", problems(report)
    assert installed() == [("ІНВ-7А", "Adobe Reader", "2024.1", "import")]


# --- the pages ------------------------------------------------------------------------------------------------


def _upload(client, content: bytes, name="програми.csv"):
    return client.post(reverse("itassets-staff:software-import-upload"), {"file": SimpleUploadedFile(name, content)})


def _id(response) -> uuid.UUID:
    assert response.status_code == 302, response.content.decode()[:1500]
    return uuid.UUID(response["Location"].rstrip("/").split("/")[-1])


def test_the_page_flow(client_a, hromada_a, computers):
    client_a.force_login(member(hromada_a, "programme_manager"))
    home = client_a.get(reverse("itassets-staff:software-import"))
    assert home.status_code == 200 and "Інвентарний номер" in home.content.decode()
    content = "\n".join([HEADER, "101001;Microsoft Office;Microsoft;16.0;;", "101002;LibreOffice;;24.8;;"])
    ident = _id(_upload(client_a, content.encode("cp1251")))
    preview = client_a.get(reverse("itassets-staff:software-import-preview", args=[ident]))
    assert preview.status_code == 200 and "Microsoft Office" in preview.content.decode()
    checked = client_a.post(reverse("itassets-staff:software-import-check", args=[ident]))
    assert checked["Location"] == reverse("itassets-staff:software-import-report", args=[ident])
    assert client_a.get(checked["Location"]).status_code == 200
    confirm = reverse("itassets-staff:software-import-confirm", args=[ident, "all"])
    assert client_a.get(confirm).status_code == 200
    assert Installation.objects.count() == 0  # nothing until confirmed
    done = client_a.post(confirm)
    assert done["Location"] == reverse("itassets-staff:software-import-result", args=[ident])
    assert "Створено назв програм" in client_a.get(done["Location"]).content.decode()
    assert Installation.objects.count() == 2


def test_templates_download(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "hromada_admin"))
    response = client_a.get(reverse("itassets-staff:software-import-template-xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER.split(";")
    response = client_a.get(reverse("itassets-staff:software-import-template-csv"))
    assert response.content.decode("utf-8-sig").splitlines()[0] == HEADER


@pytest.mark.parametrize("role", ["department_head", "clerk"])
def test_only_managers_import(client_a, hromada_a, role):
    client_a.force_login(member(hromada_a, role))
    assert client_a.get(reverse("itassets-staff:software-import")).status_code == 403
    assert _upload(client_a, HEADER.encode()).status_code == 403


def test_another_hromadas_import_is_not_found(client, hromada_a, hromada_b, computers):
    client.force_login(member(hromada_a, "hromada_admin"))
    ident = _id(client.post(reverse("itassets-staff:software-import-upload"),
                            {"file": SimpleUploadedFile("a.csv", f"{HEADER}\n101001;X;;;;\n".encode())},
                            HTTP_HOST="a.localhost"))
    client.force_login(member(hromada_b, "hromada_admin"))
    assert client.get(reverse("itassets-staff:software-import-preview", args=[ident]),
                      HTTP_HOST="b.localhost").status_code == 404
