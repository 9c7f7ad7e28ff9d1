"""The import engine and `hromada import`: reading, columns, all-or-nothing, idempotency, reports, exit codes.

A tiny "pets" importer defined here stores its rows in core.Official (position = name, full_name = born;owner,
order = weight), so no migration is needed.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import time as time_module
import weakref
import zipfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from hromada.cli import main as cli_main
from hromada.core import imports
from hromada.core.imports import Column, Counts, ImportFileError, Issue, RowError, RowErrors
from hromada.core.models import AuditEntry, Hromada, Official
from tests.factories import HromadaFactory

HEADER = "Кличка;Дата народження;Вага, кг;Ім'я власника"
REPO = Path(__file__).resolve().parents[2]


class Pet(dict):
    """A cleaned row; a dict subclass so that tests can hold weak references to it."""


class PetImporter(imports.Importer):
    title = "pets"
    columns = (
        Column("name", "Кличка", aliases=("name",), required=True, help="the pet's name"),
        Column("born", "Дата народження", aliases=("born", "birth date"), help="ДД.ММ.РРРР"),
        Column("weight", "Вага, кг", aliases=("weight",), help="whole kilograms"),
        Column("owner", "Ім'я власника", aliases=("owner",)),
    )
    key_columns = ("name",)
    extra_labels = {"heavy": "heavy pets"}

    def clean(self, raw, context):
        errors = []
        name = raw["name"]
        if not name:
            errors.append(RowError("name", name, "Give the name."))
        elif len(name) > 200:
            errors.append(RowError("name", name, "At most 200 characters."))
        born = weight = None
        try:
            born = imports.parse_date("born", raw["born"])
        except RowError as error:
            errors.append(error)
        try:
            weight = imports.parse_int("weight", raw["weight"], minimum=0, maximum=200)
        except RowError as error:
            errors.append(error)
        if errors:
            raise RowErrors(errors)
        full_name = f"{born.isoformat() if born else ''};{raw['owner']}"
        return Pet(position=name, full_name=full_name, order=weight or 0)

    def natural_key(self, clean):
        return (clean["position"],)

    def write(self, batch, context):
        counts = imports.upsert(Official.objects.filter(hromada=context.hromada), batch, key=("position",),
                                fields=("full_name", "order"), create_defaults={"hromada": context.hromada})
        counts.extras["heavy"] = sum(1 for row in batch if row["order"] >= 10)
        return counts

    def example_row(self):
        return {"name": "Мурчик", "born": "01.02.2020", "weight": "4", "owner": "Олена Петренко"}


@pytest.fixture
def pets():
    imports.register("pets")(PetImporter)
    yield PetImporter
    imports.unregister("pets")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def write_csv(path: Path, lines: list[str], *, encoding="utf-8", bom=False, delimiter=";") -> Path:
    text = "\n".join(line.replace(";", delimiter) for line in lines) + "\n"
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode(encoding))
    return path


GOOD = [HEADER, "Мурчик;01.02.2020;4;Олена", "Рекс;2019-05-06;12;Іван", "Ґава;;;"]


def stored(hromada) -> list[tuple]:
    return sorted(Official.objects.filter(hromada=hromada).values_list("position", "full_name", "order"))


GOOD_STORED = [("Мурчик", "2020-02-01;Олена", 4), ("Рекс", "2019-05-06;Іван", 12), ("Ґава", ";", 0)]


def import_log():
    return list(AuditEntry.objects.filter(object_type__startswith="import.").order_by("id"))


# --- reading ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "bom", "delimiter", "label"), [
    ("utf-8", False, ";", "utf-8"),
    ("utf-8", True, ";", "utf-8-sig"),
    ("cp1251", False, ";", "cp1251"),
    ("utf-8", False, ",", "utf-8"),
    ("cp1251", False, ",", "cp1251"),
    ("utf-8", True, "\t", "utf-8-sig"),
])
def test_csv_encodings_and_delimiters_are_detected(tmp_path, encoding, bom, delimiter, label):
    lines = ['Кличка;Дата народження;"Вага, кг";Ім\'я власника', "Їжак Єва;01.02.2020;4;Ґанна", "",
             ' ;  ; ;', '  Рекс ;"06.05.2019";"12";"Іван, син"']
    if delimiter == ";":
        lines = [line.replace('"Вага, кг"', "Вага, кг") for line in lines]
    path = write_csv(tmp_path / "pets.csv", lines, encoding=encoding, bom=bom, delimiter=delimiter)
    fmt = imports.sniff(path)
    assert (fmt.kind, fmt.encoding, fmt.delimiter) == ("csv", label, delimiter)
    header, rows = imports.open_rows(path)
    assert header == ["Кличка", "Дата народження", "Вага, кг", "Ім'я власника"]
    assert list(rows) == [(2, ["Їжак Єва", "01.02.2020", "4", "Ґанна"]), (5, ["Рекс", "06.05.2019", "12", "Іван, син"])]


def test_a_header_with_commas_in_a_semicolon_file_is_read_by_semicolons(tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["Кличка;Вага, кг", "Мурчик;3,5"])
    assert imports.sniff(path).delimiter == ";"
    assert list(imports.open_rows(path)[1]) == [(2, ["Мурчик", "3,5"])]


def test_excel_sep_line_and_leading_blank_lines(tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["sep=,", "", "Кличка,Вага", "Мурчик,4"], bom=True)
    assert imports.sniff(path).delimiter == ","
    header, rows = imports.open_rows(path)
    assert header == ["Кличка", "Вага"]
    assert list(rows) == [(3, ["Мурчик", "4"])]


def test_a_multiline_cell_is_one_row_as_a_spreadsheet_counts_it(tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["Кличка;Примітка", 'Мурчик;"рядок 1\nрядок 2"', "Рекс;"])
    assert list(imports.open_rows(path)[1]) == [(2, ["Мурчик", "рядок 1\nрядок 2"]), (3, ["Рекс"])]


def test_cp1251_is_chosen_only_when_the_text_is_not_utf8(tmp_path):
    # The non-ASCII text comes after 64 KiB of ASCII: detection keeps reading until it meets some.
    lines = ["name;weight", *[f"pet{i};{i % 50}" for i in range(8000)], "Ґава;5"]
    path = write_csv(tmp_path / "pets.csv", lines, encoding="cp1251")
    assert path.stat().st_size > 64 * 1024
    assert imports.sniff(path).encoding == "cp1251"
    assert list(imports.open_rows(path)[1])[-1] == (8002, ["Ґава", "5"])


def test_xlsx_first_sheet_values_become_text_as_in_a_csv(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["  КЛИЧКА ", "Дата народження", "Вага, кг"])
    sheet.append(["Мурчик", datetime(2020, 2, 1), 4])
    sheet.append(["Рекс", date(2019, 5, 6), 12.0])
    sheet.append([None, None, None])
    sheet.append(["Ґава", datetime(2021, 3, 4, 15, 30), 3.25])
    workbook.create_sheet("other").append(["not", "read"])
    path = tmp_path / "pets.xlsx"
    workbook.save(path)
    assert imports.sniff(path) == imports.SourceFormat("xlsx")
    header, rows = imports.open_rows(path)
    assert header == ["КЛИЧКА", "Дата народження", "Вага, кг"]
    assert list(rows) == [(2, ["Мурчик", "01.02.2020", "4"]), (3, ["Рекс", "06.05.2019", "12"]),
                          (5, ["Ґава", "04.03.2021 15:30", "3.25"])]


def test_the_format_is_decided_by_content_not_by_name(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Кличка"])
    workbook.active.append(["Мурчик"])
    xlsx_named_csv = tmp_path / "pets.csv"
    workbook.save(xlsx_named_csv)
    csv_named_xlsx = write_csv(tmp_path / "pets.xlsx", ["Кличка", "Рекс"])
    assert list(imports.open_rows(xlsx_named_csv)[1]) == [(2, ["Мурчик"])]
    assert list(imports.open_rows(csv_named_xlsx)[1]) == [(2, ["Рекс"])]


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (True, "TRUE"), (5, "5"), (5.0, "5"), (3.25, "3.25"), (1e-05, "0.00001"),
    (12345678901234.0, "12345678901234"), (Decimal("5.00"), "5"), (Decimal("2.50"), "2.50"),
    (date(991, 8, 24), "24.08.0991"), (datetime(1991, 8, 24), "24.08.1991"),
    (datetime(1991, 8, 24, 9, 5, 7), "24.08.1991 09:05:07"), (time(9, 5), "09:05"), ("текст", "текст"),
])
def test_cell_text(value, text):
    assert imports.cell_text(value) == text


def _zip(path: Path, names: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return path


@pytest.mark.parametrize(("case", "message"), [
    ("empty", "The file is empty."),
    ("blank lines", "The file has no header row: it contains only empty lines."),
    ("binary", "This is not a table: the file is neither CSV nor XLSX."),
    ("control characters", "This is not a table: the file is neither CSV nor XLSX."),
    ("neither encoding", "The file is neither UTF-8 nor Windows-1251 text. Save the table as CSV (UTF-8) or XLSX."),
    ("utf-16", "The file is in UTF-16. Save the table as CSV (UTF-8) or XLSX."),
    ("xls", "This is an old Excel workbook (.xls) or a password-protected one. Save it as XLSX without a "
            "password, or as CSV."),
    ("ods", "This is an OpenDocument spreadsheet (.ods). Save it as XLSX or CSV."),
    ("docx", "This is not a table: the file is neither CSV nor XLSX."),
    ("damaged xlsx", "The workbook cannot be read: the XLSX file is damaged."),
    ("missing", "The file does not exist."),
    ("directory", "This is a directory, not a file."),
])
def test_files_that_are_not_tables_are_refused_clearly(tmp_path, case, message):
    path = tmp_path / "pets.csv"
    if case == "empty":
        path.write_bytes(b"")
    elif case == "blank lines":
        path.write_bytes(b"\r\n  \n;;\n")
    elif case == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    elif case == "control characters":
        path.write_bytes(b"%PDF-1.7\n\x01\x02\x03 stream")
    elif case == "neither encoding":
        path.write_bytes("Кличка;Вага\n".encode("cp1251") + b"\x98\x98;1\n")
    elif case == "utf-16":
        path.write_bytes("Кличка;Вага\n".encode("utf-16"))
    elif case == "xls":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    elif case == "ods":
        _zip(path, {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    elif case == "docx":
        _zip(path, {"word/document.xml": b"<x/>"})
    elif case == "damaged xlsx":
        _zip(path, {"xl/workbook.xml": b"<not-a-workbook", "[Content_Types].xml": b"<x/>"})
    elif case == "directory":
        path.mkdir()
    with pytest.raises(ImportFileError) as raised:
        _header, rows = imports.open_rows(path)
        list(rows)
    assert str(raised.value) == message


def test_invalid_utf8_after_the_detection_is_an_error_naming_the_row(tmp_path):
    path = tmp_path / "pets.csv"
    lines = ["Кличка;Вага", *[f"Тварина {i};4" for i in range(5000)]]
    path.write_bytes("\n".join(lines).encode() + b"\n\xc0\xc0;5\n")
    assert imports.sniff(path).encoding == "utf-8"
    _header, rows = imports.open_rows(path)
    with pytest.raises(ImportFileError) as raised:
        list(rows)
    assert str(raised.value) == ("Row 5002: The file is not valid UTF-8 text. Save the table as CSV (UTF-8) "
                                 "or XLSX.")


# --- columns ---------------------------------------------------------------------------------------------


def test_headers_match_case_apostrophes_and_spaces_and_english_aliases():
    mapping = imports.match_columns(PetImporter.columns, ["  КЛИЧКА", "birth  DATE", "WEIGHT", "ім’я   власника"])
    assert mapping.positions == {"name": 0, "born": 1, "weight": 2, "owner": 3}
    assert mapping.headers == {"name": "  КЛИЧКА", "born": "birth  DATE", "weight": "WEIGHT",
                               "owner": "ім’я   власника"}
    assert imports.normalise_header(" ІМʼЯ\u00a0 Власника ") == "ім'я власника"
    assert (mapping.unknown, mapping.missing, mapping.duplicates) == ([], [], [])


def test_a_missing_required_column_is_a_file_level_error_naming_it(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["Вага, кг;Колір", "4;рудий"])
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert report.status == "validation_errors"
    assert report.errors == [Issue(1, "Кличка", "", "The required column is missing (accepted headers: «Кличка», "
                                                     "«name»).")]
    assert report.warnings == ["Column «Колір» is not recognised and was ignored."]
    assert report.rows_total == 0
    assert stored(hromada_a) == []


def test_a_column_given_twice_is_an_error(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["Кличка;name", "Мурчик;Рекс"])
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert report.status == "validation_errors"
    assert report.errors == [Issue(1, "name", "name", "The column appears twice (columns 1 and 2).")]


def test_unknown_columns_are_a_warning_and_the_rest_is_imported(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["name;Колір;;born", "Мурчик;рудий;x;01.02.2020"])
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert report.status == "done"
    assert report.warnings == ["Column «Колір» is not recognised and was ignored."]
    assert report.columns == {"name": "name", "born": "born"}
    assert stored(hromada_a) == [("Мурчик", "2020-02-01;", 0)]


def test_importer_definitions_are_checked_at_registration():
    class Clashing(imports.Importer):
        columns = (Column("a", "Назва", aliases=("name",)), Column("b", "NAME"))

    with pytest.raises(ValueError, match="would match both 'a' and 'b'"):
        imports.register("clash")(Clashing)

    class WrongKey(imports.Importer):
        columns = (Column("a", "Назва"),)
        key_columns = ("b",)

    with pytest.raises(ValueError, match="key column 'b' is not a column"):
        imports.register("wrong-key")(WrongKey)
    assert "clash" not in imports.kinds()


def test_the_registry(pets):
    assert "pets" in imports.kinds()
    assert imports.get("pets") is PetImporter
    assert PetImporter.kind == "pets"
    with pytest.raises(imports.UnknownKind):
        imports.get("unicorns")

    class Other(imports.Importer):
        pass

    with pytest.raises(ValueError, match="already registered"):
        imports.register("pets")(Other)


# --- validation ------------------------------------------------------------------------------------------


def test_row_errors_name_row_column_value_and_reason_and_nothing_is_written(pets, hromada_a, tmp_path):
    lines = ["name;birth date;Вага, кг", "Мурчик;01.02.2020;4", ";31.02.2020;абв", "", "Мурчик;;5",
             "Рекс;06/05/2019;300", "Ґава;6 травня;-1"]
    path = write_csv(tmp_path / "pets.csv", lines)
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert report.status == "validation_errors"
    assert report.errors == [
        Issue(3, "name", "", "Give the name."),
        Issue(3, "birth date", "31.02.2020", "There is no such date."),
        Issue(3, "Вага, кг", "абв", "Give a number, e.g. 12,5."),
        Issue(5, "name", "Мурчик", "The same record appears in row 2."),
        Issue(6, "Вага, кг", "300", "The number must be at most 200."),
        Issue(7, "birth date", "6 травня", "Give the date as DD.MM.YYYY, e.g. 24.08.1991."),
        Issue(7, "Вага, кг", "-1", "The number must be at least 0."),
    ]
    assert (report.rows_total, report.rows_valid, report.rows_invalid, report.errors_total) == (5, 1, 4, 7)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert stored(hromada_a) == []
    assert import_log() == []


def test_an_error_in_a_column_the_file_lacks_is_named_by_its_ukrainian_header(hromada_a, tmp_path):
    class NeedsOwner(PetImporter):
        def clean(self, raw, context):
            if not raw["owner"]:
                raise RowError("owner", "", "Who owns it?")
            return super().clean(raw, context)

    report = imports.run_import(NeedsOwner, write_csv(tmp_path / "p.csv", ["name", "Рекс"]), hromada=hromada_a)
    assert report.errors == [Issue(2, "Ім'я власника", "", "Who owns it?")]


def test_a_django_validation_error_from_clean_becomes_row_errors(hromada_a, tmp_path):
    from django.core.exceptions import ValidationError

    class Strict(PetImporter):
        def clean(self, raw, context):
            raise ValidationError({"name": ["Bad name."], "__all__": ["Bad row."]})

    report = imports.run_import(Strict, write_csv(tmp_path / "p.csv", ["name", "Рекс"]), hromada=hromada_a)
    assert report.errors == [Issue(2, "name", "Рекс", "Bad name."), Issue(2, "", "", "Bad row.")]


def test_the_stored_error_list_is_capped_but_counted(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["name;weight", *[f"p{i};x" for i in range(1005)]])
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert (len(report.errors), report.errors_total, report.errors_not_listed) == (1000, 1005, 5)
    assert report.errors[-1].row == 1001
    data = json.loads(report.to_json())
    assert (len(data["errors"]), data["errors_total"], data["errors_not_listed"]) == (1000, 1005, 5)


def test_long_values_are_cut_in_the_report(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["name", "я" * 300])
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert report.errors == [Issue(2, "name", "я" * 199 + "…", "At most 200 characters.")]


# --- writing ---------------------------------------------------------------------------------------------


def test_a_valid_file_is_imported_with_counts_and_one_audit_entry(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", GOOD)
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert report.status == "done"
    assert (report.format, report.encoding, report.delimiter) == ("csv", "utf-8", ";")
    assert (report.rows_total, report.rows_valid, report.created, report.updated, report.unchanged) == (3, 3, 3, 0, 0)
    assert report.extras == {"heavy": 1}
    assert stored(hromada_a) == GOOD_STORED
    [entry] = import_log()
    assert (entry.action, entry.object_type, entry.object_repr, entry.hromada_id) == (
        AuditEntry.Action.SYSTEM, "import.pets", "pets.csv", hromada_a.pk)
    changes = dict(entry.changes)
    started = datetime.fromisoformat(changes.pop("started"))  # when the writing began (audit_display's window)
    assert changes == {"file": "pets.csv", "sha256": report.sha256, "rows": 3, "created": 3, "updated": 0,
                       "unchanged": 0, "skipped": 0, "heavy": 1}
    assert started <= entry.at


def test_reimporting_is_idempotent_and_updates_only_what_differs(pets, hromada_a, hromada_b, tmp_path):
    path = write_csv(tmp_path / "pets.csv", GOOD)
    imports.run_import(pets, path, hromada=hromada_a)
    again = imports.run_import(pets, path, hromada=hromada_a)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert stored(hromada_a) == GOOD_STORED
    changed = write_csv(tmp_path / "pets2.csv", [HEADER, "Мурчик;01.02.2020;5;Олена", "Рекс;2019-05-06;12;Іван",
                                                 "Ґава;;;", "Новий;;;"])
    third = imports.run_import(pets, changed, hromada=hromada_a)
    assert (third.created, third.updated, third.unchanged) == (1, 1, 2)
    assert stored(hromada_a)[0] == ("Мурчик", "2020-02-01;Олена", 5)
    assert len(import_log()) == 3
    # Another hromada's rows with the same names are its own.
    other = imports.run_import(pets, path, hromada=hromada_b)
    assert (other.created, other.updated) == (3, 0)
    assert len(stored(hromada_a)) == 4


def test_dry_run_validates_and_writes_nothing(pets, hromada_a, tmp_path):
    report = imports.run_import(pets, write_csv(tmp_path / "pets.csv", GOOD), hromada=hromada_a, dry_run=True)
    assert (report.status, report.rows_valid, report.created) == ("dry_run", 3, 0)
    assert stored(hromada_a) == []
    assert import_log() == []


def test_dry_run_with_errors_is_a_validation_failure(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", [*GOOD, "Зайва;;x;"])
    assert imports.run_import(pets, path, hromada=hromada_a, dry_run=True).status == "validation_errors"
    report = imports.run_import(pets, path, hromada=hromada_a, dry_run=True, skip_invalid=True)
    assert (report.status, report.rows_valid, report.rows_invalid) == ("dry_run", 3, 1)
    assert stored(hromada_a) == []


def test_skip_invalid_writes_the_valid_rows_and_reports_the_rest(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", [*GOOD, "Зайва;;x;", "Рекс;;1;"])
    report = imports.run_import(pets, path, hromada=hromada_a, skip_invalid=True)
    assert report.status == "done"
    assert (report.rows_total, report.rows_valid, report.rows_skipped, report.created) == (5, 3, 2, 3)
    assert [issue.row for issue in report.errors] == [5, 6]
    assert stored(hromada_a) == GOOD_STORED  # the duplicate "Рекс" of row 6 did not overwrite row 3


def test_skip_invalid_with_no_valid_row_is_still_a_validation_failure(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["name;weight", "a;x"])
    report = imports.run_import(pets, path, hromada=hromada_a, skip_invalid=True)
    assert report.status == "validation_errors"
    assert import_log() == []


def test_a_header_without_rows_is_done_with_a_warning_and_no_audit(pets, hromada_a, tmp_path):
    report = imports.run_import(pets, write_csv(tmp_path / "pets.csv", [HEADER]), hromada=hromada_a)
    assert (report.status, report.rows_total, report.warnings) == ("done", 0, ["The file has no data rows, only "
                                                                                "the header."])
    assert import_log() == []


def test_xlsx_import(pets, hromada_a, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Кличка", "Дата народження", "Вага, кг", "owner"])
    workbook.active.append(["Мурчик", datetime(2020, 2, 1), 4, "Олена"])
    workbook.active.append(["Рекс", "2019-05-06", 12.0, "Іван"])
    workbook.active.append(["Ґава"])
    path = tmp_path / "pets.xlsx"
    workbook.save(path)
    report = imports.run_import(pets, path, hromada=hromada_a)
    assert (report.status, report.format, report.encoding, report.delimiter) == ("done", "xlsx", None, None)
    assert stored(hromada_a) == GOOD_STORED


def test_upsert_counts(hromada_a):
    Official.objects.create(hromada=hromada_a, position="A", full_name="x", order=1)
    Official.objects.create(hromada=hromada_a, position="B", full_name="y", order=2)
    counts = imports.upsert(Official.objects.filter(hromada=hromada_a),
                            [{"position": "A", "full_name": "x", "order": 1},
                             {"position": "B", "full_name": "y", "order": 3},
                             {"position": "C", "full_name": "z", "order": 0}],
                            key=("position",), fields=("full_name", "order"), create_defaults={"hromada": hromada_a})
    assert (counts.created, counts.updated, counts.unchanged) == (1, 1, 1)
    assert stored(hromada_a) == [("A", "x", 1), ("B", "y", 3), ("C", "z", 0)]


def test_upsert_stamps_auto_now_fields_of_updated_rows(hromada_a):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    Hromada.objects.filter(pk=hromada_a.pk).update(updated_at=old)
    counts = imports.upsert(Hromada.objects.all(), [{"katottg": hromada_a.katottg, "short_name": "Нова"}],
                            key=("katottg",), fields=("short_name",))
    assert (counts.created, counts.updated) == (0, 1)
    hromada_a.refresh_from_db()
    assert hromada_a.short_name == "Нова"
    assert hromada_a.updated_at > old


# --- all or nothing --------------------------------------------------------------------------------------


class CrashingPets(PetImporter):
    """Writes its first two batches, then fails on the third."""

    crash: type[BaseException] = RuntimeError

    def __init__(self):
        self.calls = 0

    def write(self, batch, context):
        self.calls += 1
        if self.calls == 3:
            raise self.crash("boom")
        return super().write(batch, context)


def _many_pets(tmp_path, count=7) -> Path:
    return write_csv(tmp_path / "pets.csv", ["name;weight", *[f"pet{i};{i}" for i in range(count)]])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("crash", [RuntimeError, KeyboardInterrupt])
def test_a_crash_in_the_third_batch_leaves_the_database_as_it_was(tmp_path, crash):
    hromada = HromadaFactory(is_default=True)
    Official.objects.create(hromada=hromada, position="pet1", full_name="old", order=99)
    before = stored(hromada)
    importer = CrashingPets()
    importer.crash = crash
    with pytest.raises(crash, match="boom"):
        imports.run_import(importer, _many_pets(tmp_path), hromada=hromada, batch_size=2)
    assert importer.calls == 3
    assert stored(hromada) == before
    assert import_log() == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_import_is_durable(tmp_path):
    hromada = HromadaFactory(is_default=True)
    report = imports.run_import(PetImporter, _many_pets(tmp_path), hromada=hromada, batch_size=2)
    assert report.created == 7
    assert len(stored(hromada)) == 7
    assert len(import_log()) == 1


_KILLED_IMPORT = """
import os, sys, time
from pathlib import Path
import django
django.setup()
from hromada.core import imports
from hromada.core.models import Hromada
from tests.core.test_imports import PetImporter

class Hanging(PetImporter):
    calls = 0
    def write(self, batch, context):
        counts = super().write(batch, context)
        Hanging.calls += 1
        if Hanging.calls == 3:
            Path(sys.argv[2]).write_text("written")
            time.sleep(600)
        return counts

imports.run_import(Hanging, sys.argv[1], hromada=Hromada.objects.get(is_default=True), batch_size=2)
"""


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_process_leaves_the_database_as_it_was(tmp_path):
    """A real SIGKILL in the middle of writing, in another process, against a real database."""
    hromada = HromadaFactory(is_default=True)
    Official.objects.create(hromada=hromada, position="pet1", full_name="old", order=99)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hromada.settings", "HROMADA_DATA_DIR": str(tmp_path)}
    if connection.vendor == "sqlite":
        database = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(database)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        env["HROMADA_DATABASE_URL"] = f"sqlite:///{database}"
    else:
        params = settings.DATABASES["default"]
        user, host, port = params["USER"], params["HOST"] or "127.0.0.1", params["PORT"] or 5432
        env["HROMADA_DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{connection.settings_dict['NAME']}"
    marker = tmp_path / "written"
    process = subprocess.Popen([sys.executable, "-c", _KILLED_IMPORT, str(_many_pets(tmp_path)), str(marker)],
                               cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time_module.monotonic() + 120
        while not marker.exists() and process.poll() is None and time_module.monotonic() < deadline:
            time_module.sleep(0.05)
        assert marker.exists(), process.stderr.read().decode() if process.poll() is not None else "no progress"
    finally:
        process.kill()
        process.wait()
    if connection.vendor == "sqlite":
        with sqlite3.connect(database) as check:
            rows = check.execute("SELECT position, full_name, \"order\" FROM core_official").fetchall()
            log = check.execute("SELECT COUNT(*) FROM core_auditentry WHERE object_type LIKE 'import.%'").fetchone()
        assert (rows, log) == ([("pet1", "old", 99)], (0,))
    else:
        assert stored(hromada) == [("pet1", "old", 99)]
        assert import_log() == []


def test_a_file_changed_during_the_import_is_refused_and_nothing_written(hromada_a, tmp_path):
    path = _many_pets(tmp_path, count=3)

    class Tampered(PetImporter):
        def write(self, batch, context):
            counts = super().write(batch, context)
            with path.open("a", encoding="utf-8") as stream:
                stream.write("intruder;1\n")
            return counts

    with pytest.raises(ImportFileError, match=r"^The file changed during the import; nothing was imported\.$"):
        imports.run_import(Tampered, path, hromada=hromada_a)
    assert stored(hromada_a) == []
    assert import_log() == []


def test_write_must_return_counts(hromada_a, tmp_path):
    class Careless(PetImporter):
        def write(self, batch, context):
            return None

    with pytest.raises(TypeError, match="must return Counts"):
        imports.run_import(Careless, _many_pets(tmp_path, 1), hromada=hromada_a)


# --- streaming and memory --------------------------------------------------------------------------------


class CountingPets(PetImporter):
    """Records the batch sizes and how many cleaned rows are alive whenever a row is cleaned."""

    def __init__(self):
        self.alive = 0
        self.most_alive = {"validate": 0, "write": 0}
        self.batches: list[int] = []
        self.present: frozenset = frozenset()

    def prepare(self, context):
        self.present = context.present

    def clean(self, raw, context):
        row = super().clean(raw, context)
        self.alive += 1
        weakref.finalize(row, self._forget)
        self.most_alive[context.phase] = max(self.most_alive[context.phase], self.alive)
        return row

    def _forget(self):
        self.alive -= 1

    def write(self, batch, context):
        self.batches.append(len(batch))
        return Counts(created=len(batch))


def test_a_large_file_is_streamed_one_batch_at_a_time(hromada_a, tmp_path):
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as stream:
        stream.write("Кличка;Дата народження;Вага, кг\n")
        for i in range(50_000):
            stream.write(f"Тварина {i};{1 + i % 28:02d}.{1 + i % 12:02d}.2020;{i % 200}\n")
    importer = CountingPets()
    done: list[int] = []
    report = imports.run_import(importer, path, hromada=hromada_a, progress=done.append)
    assert (report.status, report.rows_total, report.created) == ("done", 50_000, 50_000)
    assert importer.batches == [1000] * 50
    assert importer.present == {"name", "born", "weight"}
    # Pass 1 holds at most one batch before spooling it to disk; pass 2 reads back one batch at a time.
    assert importer.most_alive["validate"] <= 1001
    assert importer.most_alive["write"] <= 1001
    assert done == list(range(1000, 100_001, 1000))


# --- templates -------------------------------------------------------------------------------------------


def test_csv_template(pets, hromada_a, tmp_path):
    content = imports.template_csv(pets)
    assert content == codecs.BOM_UTF8 + (HEADER + "\r\nМурчик;01.02.2020;4;Олена Петренко\r\n").encode()
    path = tmp_path / "template.csv"
    path.write_bytes(content)
    report = imports.run_import(pets, path, hromada=hromada_a, dry_run=True)
    assert (report.status, report.rows_valid, report.errors, report.warnings) == ("dry_run", 1, [], [])


def test_xlsx_template(pets, hromada_a, tmp_path):
    path = tmp_path / "template.xlsx"
    path.write_bytes(imports.template_xlsx(pets))
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["pets", "Columns"]
    assert [[c.value for c in row] for row in workbook["pets"].iter_rows()] == [
        ["Кличка", "Дата народження", "Вага, кг", "Ім'я власника"], ["Мурчик", "01.02.2020", "4", "Олена Петренко"]]
    assert [c.value for c in workbook["Columns"][2]] == ["Кличка", "yes", "name", "the pet's name", "Мурчик"]
    report = imports.run_import(pets, path, hromada=hromada_a, dry_run=True)
    assert (report.status, report.rows_valid, report.errors, report.warnings) == ("dry_run", 1, [], [])


def test_describe_columns(pets):
    assert imports.describe_columns(pets)[:2] == [
        {"key": "name", "header": "Кличка", "aliases": ["name"], "required": True, "help": "the pet's name",
         "example": "Мурчик"},
        {"key": "born", "header": "Дата народження", "aliases": ["born", "birth date"], "required": False,
         "help": "ДД.ММ.РРРР", "example": "01.02.2020"},
    ]


# --- parsing helpers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("24.08.1991", date(1991, 8, 24)), ("4.8.1991", date(1991, 8, 4)), ("24/08/1991", date(1991, 8, 24)),
    ("1991-08-24", date(1991, 8, 24)), ("24.08.1991 00:00", date(1991, 8, 24)), ("", None),
])
def test_parse_date(text, expected):
    assert imports.parse_date("born", text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("29.02.2021", "There is no such date."), ("24.08.91", "Give the date as DD.MM.YYYY, e.g. 24.08.1991."),
    ("24.08.1991 12:30", "Give the date as DD.MM.YYYY, e.g. 24.08.1991."),
])
def test_parse_date_errors(text, reason):
    with pytest.raises(RowError) as raised:
        imports.parse_date("born", text)
    assert (raised.value.column, raised.value.value, raised.value.reason) == ("born", text, reason)


def test_parse_numbers():
    assert imports.parse_decimal("w", "1 234,50") == Decimal("1234.50")
    assert imports.parse_decimal("w", "3.5", places=1) == Decimal("3.5")
    assert imports.parse_int("w", "5,0") == 5
    assert imports.parse_int("w", "") is None
    for call, reason in [
        (lambda: imports.parse_decimal("w", "3,25", places=1), "Give at most 1 digit after the decimal mark."),
        (lambda: imports.parse_decimal("w", "NaN"), "Give a number, e.g. 12,5."),
        (lambda: imports.parse_int("w", "2,5"), "Give a whole number."),
        (lambda: imports.parse_int("w", "", required=True), "The value is required."),
    ]:
        with pytest.raises(RowError) as raised:
            call()
        assert raised.value.reason == reason


# --- the command -----------------------------------------------------------------------------------------


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def test_command_imports_into_the_default_hromada(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", GOOD)
    code, out, err = run("pets", path)
    assert (code, err) == (0, "")
    assert out == (f"Import of pets from {path} (CSV, UTF-8, delimiter «;») into Громада А.\n"
                   "Rows: 3, valid: 3, with errors: 0.\n"
                   "Created: 3, updated: 0, unchanged: 0.\n"
                   "  heavy pets: 1\n"
                   "Imported.\n")
    assert stored(hromada_a) == GOOD_STORED
    code, out, _err = run("pets", path)
    assert code == 0
    assert "Created: 0, updated: 0, unchanged: 3.\n" in out


def test_command_validation_errors_exit_2_write_nothing_and_the_report(pets, hromada_a, tmp_path):
    lines = ['Кличка;Дата народження;"Вага, кг";Ім\'я власника', *GOOD[1:], "Зайва;;x;"]
    path = write_csv(tmp_path / "pets.csv", lines, encoding="cp1251", delimiter=",")
    report_path = tmp_path / "report.json"
    code, out, err = run("pets", path, "--report", report_path)
    assert (code, err) == (2, "")
    assert out == (f"Import of pets from {path} (CSV, Windows-1251, delimiter «,») into Громада А.\n"
                   "Rows: 4, valid: 3, with errors: 1.\n"
                   "Errors:\n"
                   "  row 5, column «Вага, кг», value «x»: Give a number, e.g. 12,5.\n"
                   "Nothing was imported: correct the errors and run the import again, or give --skip-invalid to "
                   "import only the valid rows.\n")
    assert stored(hromada_a) == []
    data = json.loads(report_path.read_text(encoding="utf-8"))
    assert data["status"] == "validation_errors"
    assert data["errors"] == [{"row": 5, "column": "Вага, кг", "value": "x", "reason": "Give a number, e.g. 12,5."}]
    assert (data["kind"], data["file"], data["hromada"], data["encoding"], data["delimiter"]) == (
        "pets", "pets.csv", hromada_a.katottg, "cp1251", ",")


def test_command_skip_invalid_exits_0_and_reports_the_skipped(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", [*GOOD, "Зайва;;x;"])
    report_path = tmp_path / "report.json"
    code, out, _err = run("pets", path, "--skip-invalid", "--report", report_path)
    assert code == 0
    assert out.endswith("Created: 3, updated: 0, unchanged: 0.\n  heavy pets: 1\n"
                        "Imported; 1 row with errors was left out.\n")
    assert stored(hromada_a) == GOOD_STORED
    data = json.loads(report_path.read_text(encoding="utf-8"))
    assert (data["status"], data["rows_skipped"], data["created"]) == ("done", 1, 3)


def test_command_dry_run(pets, hromada_a, tmp_path):
    code, out, err = run("pets", write_csv(tmp_path / "pets.csv", GOOD), "--dry-run", "--verbosity", "2")
    assert (code, err) == (0, "3 rows processed…\n")
    assert out.endswith("Rows: 3, valid: 3, with errors: 0.\nDry run: the file can be imported; nothing was written.\n")
    code, out, _err = run("pets", write_csv(tmp_path / "bad.csv", [*GOOD, "x;;y;"]), "--dry-run")
    assert code == 2
    assert stored(hromada_a) == []


def test_command_lists_the_first_50_errors(pets, hromada_a, tmp_path):
    path = write_csv(tmp_path / "pets.csv", ["name;weight", *[f"p{i};x" for i in range(53)]])
    code, out, _err = run("pets", path)
    assert code == 2
    lines = out.splitlines()
    assert lines[3] == "  row 2, column «weight», value «x»: Give a number, e.g. 12,5."
    assert lines[52] == "  row 51, column «weight», value «x»: Give a number, e.g. 12,5."
    assert lines[53] == "  … and 3 more errors (give --report FILE to get them all)."
    code, out, _err = run("pets", path, "--report", tmp_path / "report.json")
    assert out.splitlines()[53] == "  … and 3 more errors (see the report)."


def test_command_into_another_hromada_by_its_code(pets, hromada_a, hromada_b, tmp_path):
    code, _out, _err = run("pets", write_csv(tmp_path / "pets.csv", GOOD), "--hromada", hromada_b.katottg.lower())
    assert code == 0
    assert (stored(hromada_a), stored(hromada_b)) == ([], GOOD_STORED)


@pytest.mark.parametrize(("case", "message"), [
    ("binary", r"^.*pets\.png: This is not a table: the file is neither CSV nor XLSX\.$"),
    ("missing file", r"^.*nothing\.csv: The file does not exist\.$"),
    ("unknown kind", r"^Unknown register unicorns\. Available: .*\bpets\b.*\.$"),
    ("unknown hromada", r"^No hromada with KATOTTG code UA00000000000000000\.$"),
    ("crash", r"^The import failed and nothing was changed: RuntimeError: boom$"),
    ("batch size", r"^--batch-size must be at least 1\.$"),
])
def test_command_failures_exit_1_with_a_clear_message_and_a_report(pets, hromada_a, tmp_path, case, message,
                                                                    monkeypatch):
    good = write_csv(tmp_path / "pets.csv", GOOD)
    args = ["pets", good]
    if case == "binary":
        (tmp_path / "pets.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        args = ["pets", tmp_path / "pets.png"]
    elif case == "missing file":
        args = ["pets", tmp_path / "nothing.csv"]
    elif case == "unknown kind":
        args = ["unicorns", good]
    elif case == "unknown hromada":
        args += ["--hromada", "UA00000000000000000"]
    elif case == "crash":
        def explode(self, batch, context):
            raise RuntimeError("boom")

        monkeypatch.setattr(PetImporter, "write", explode)
    elif case == "batch size":
        args += ["--batch-size", "0"]
    report_path = tmp_path / "report.json"
    code, out, err = run(*args, "--report", report_path)
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert re.match(message, err), err
    data = json.loads(report_path.read_text(encoding="utf-8"))
    assert (data["status"], data["message"]) == ("failed", err)
    assert stored(hromada_a) == []
    assert import_log() == []


def test_command_needs_a_default_hromada_or_a_code(pets, db, tmp_path):
    HromadaFactory()
    code, _out, err = run("pets", write_csv(tmp_path / "pets.csv", GOOD))
    assert (code, err) == (1, "There is no default hromada; give its KATOTTG code with --hromada.")


def test_command_refuses_a_report_in_a_missing_directory_before_importing(pets, hromada_a, tmp_path):
    code, _out, err = run("pets", write_csv(tmp_path / "pets.csv", GOOD), "--report", tmp_path / "no" / "r.json")
    assert (code, err) == (1, f"Directory {tmp_path / 'no'} does not exist.")
    assert stored(hromada_a) == []


def test_command_line_usage_errors_exit_1_not_2(capsys):
    with pytest.raises(SystemExit) as raised:
        cli_main(["hromada", "import", "pets"])
    assert raised.value.code == 1
    assert "error: the following arguments are required: FILE" in capsys.readouterr().err
