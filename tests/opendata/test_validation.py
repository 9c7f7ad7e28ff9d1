"""Reading uploaded open-data files as tables (opendata.tables) and validating them (opendata.validation):
real-world shaped files written by the tests themselves — a Windows-1251 CSV, a BOM, «;» and tab delimiters,
Excel dates, decimal commas, 31.02 dates, missing cells, duplicate keys, JSON and GeoJSON, PDFs with and
without text — and a schema that tries to make Frictionless read another file or reach the network."""

from __future__ import annotations

import codecs
import http.server
import json
import sys
import threading
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from hromada.opendata import tables, validation
from hromada.opendata.tables import TableError, open_table, sniff_format
from hromada.opendata.validation import Problem, validate
from tests.apiclient import uk

CONTRACTS = {
    "fields": [
        {"name": "contractNumber", "title": "Номер договору", "type": "string", "constraints": {"required": True}},
        {"name": "contractDate", "title": "Дата договору", "type": "date"},
        {"name": "supplierEdrpou", "title": "ЄДРПОУ постачальника", "type": "string"},
        {"name": "amount", "title": "Сума, грн", "type": "number"},
    ],
    "primaryKey": ["contractNumber"],
}
CONTRACTS_HEADER = "contractNumber,contractDate,supplierEdrpou,amount"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def row_col(row: int, column: str) -> str:
    return uk("Row %(row)s, column «%(column)s»", row=row, column=column)


def errors(report) -> list[Problem]:
    return [problem for problem in report.problems if problem.severity == "error"]


def codes(report) -> list[tuple[int | None, str | None, str]]:
    return [(problem.row, problem.column, problem.code) for problem in report.problems]


# --- tables: CSV -----------------------------------------------------------------------------------------------


def test_csv_with_bom_and_semicolons_reads_header_and_rows(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + "назва;сума\n«Ромашка»;\"1;5\"\nТОВ \"Сонце\";2\n".encode())
    table = open_table(path, "csv")
    assert table.header == ["назва", "сума"]  # no BOM glued to the first name
    assert list(table.rows()) == [["«Ромашка»", "1;5"], ['ТОВ "Сонце"', "2"]]
    assert table.first_row == 2
    assert not table.records


def test_csv_tab_and_comma_delimiters_and_excel_sep_line(tmp_path):
    assert open_table(write(tmp_path, "t.csv", "a\tb\n1\t2,5\n"), "csv").header == ["a", "b"]
    assert list(open_table(write(tmp_path, "c.csv", "a,b\n1,2;5\n"), "csv").rows()) == [["1", "2;5"]]
    table = open_table(write(tmp_path, "s.csv", "sep=;\na;b\n1;2\n"), "csv")
    assert table.header == ["a", "b"]
    assert list(table.rows()) == [["1", "2"]]


def test_csv_rows_keep_blank_rows_inside_and_drop_them_at_the_end(tmp_path):
    table = open_table(write(tmp_path, "b.csv", 'a,b\n1,"two\nlines"\n\n,\n3,4\n\n,\n\n'), "csv")
    assert list(table.rows()) == [["1", "two\nlines"], [], ["", ""], ["3", "4"]]
    # rows() reads the file anew each time
    assert len(list(table.rows())) == 4


def test_a_cell_longer_than_the_csv_modules_default_limit(tmp_path):
    text = "Рішення. " * 30_000  # 270 000 characters: the csv module's default limit is 131 072
    table = open_table(write(tmp_path, "long.csv", f'id;text\n1;"{text}"\n'), "csv")
    assert list(table.rows()) == [["1", text]]


def test_cp1251_csv_is_refused_with_its_own_message(tmp_path):
    path = write(tmp_path, "w.csv", "Назва;Адреса\nСквер імені Шевченка;вул. Лісова, 1\n", "cp1251")
    with pytest.raises(TableError) as caught:
        open_table(path, "csv")
    assert caught.value.code == "encoding-error"
    assert caught.value.message == uk("The file is in the Windows-1251 encoding; save it as CSV UTF-8.")

    report = validate(path, "csv", None)
    assert not report.valid
    assert report.problems == [Problem(None, None, None, "encoding-error",
                                       uk("The file is in the Windows-1251 encoding; save it as CSV UTF-8."))]


def test_other_non_utf8_text_is_refused_as_not_utf8(tmp_path):
    path = write(tmp_path, "l.csv", "name\ncafé crème brûlée\n", "latin-1")
    with pytest.raises(TableError) as caught:
        open_table(path, "csv")
    assert caught.value.message == uk("The file is not UTF-8 text; save it in the UTF-8 encoding.")


def test_cp1251_far_down_the_file_is_found_before_any_row_is_read(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(("назва\n" + "рядок\n" * 20000).encode() + "Київ\n".encode("cp1251"))
    with pytest.raises(TableError) as caught:
        open_table(path, "csv")
    assert caught.value.message == uk("The file is in the Windows-1251 encoding; save it as CSV UTF-8.")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The file is empty."),
    (b"\n\n", "The first row of the file is empty: it must hold the column names."),
])
def test_empty_csv(tmp_path, content, message):
    path = tmp_path / "e.csv"
    path.write_bytes(content)
    report = validate(path, "csv", None)
    assert report.problems == [Problem(1 if content else None, None, None, "source-error", uk(message))]


# --- tables: XLSX --------------------------------------------------------------------------------------------


def test_xlsx_first_sheet_dates_as_iso_and_numbers_without_float_noise(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["contractNumber", "contractDate", "signedAt", "amount", "count", "ok", "note", None, None])
    sheet.append(["Д-1", datetime(2024, 2, 29), datetime(2024, 2, 29, 14, 30), 0.1 + 0.2, 12.0, True, None])
    sheet.append(["Д-2", date(2024, 3, 1), time(9, 5), 1e-05, 7, False, "текст"])
    sheet.append([None, None, None, None, None, None, None, None, "поза заголовком"])
    sheet.append([])
    sheet["A7"] = None  # formatted but empty rows at the end are not rows a person sees
    sheet["A7"].number_format = "0.00"
    workbook.create_sheet("Other")["A1"] = "not read"
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    table = open_table(path, "xlsx")
    assert table.header == ["contractNumber", "contractDate", "signedAt", "amount", "count", "ok", "note"]
    assert list(table.rows()) == [
        ["Д-1", "2024-02-29", "2024-02-29T14:30:00", "0.3", "12", "true", None],
        ["Д-2", "2024-03-01", "09:05:00", "0.00001", "7", "false", "текст"],
        [None, None, None, None, None, None, None, None, "поза заголовком"],
    ]


def test_xlsx_with_excel_dates_validates_against_a_date_schema(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(CONTRACTS_HEADER.split(","))
    sheet.append(["Д-1", datetime(2024, 2, 29), "12345678", 1500.5])
    sheet.append(["Д-2", datetime(2024, 3, 1), "32145678", 0.1 + 0.2])
    path = tmp_path / "contracts.xlsx"
    workbook.save(path)
    report = validate(path, "xlsx", CONTRACTS)
    assert report.problems == []
    assert report.valid
    assert report.row_count == 2
    assert report.header == CONTRACTS_HEADER.split(",")


def test_damaged_xlsx_is_a_format_error(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    report = validate(path, "xlsx", None)
    assert report.problems == [Problem(None, None, None, "format-error",
                                       uk("The workbook cannot be read: the XLSX file is damaged."))]


# --- tables: JSON and GeoJSON --------------------------------------------------------------------------------


def test_json_list_of_objects_header_is_the_union_of_keys_in_first_seen_order(tmp_path):
    path = write(tmp_path, "a.json", json.dumps([
        {"name": "Сквер", "area": 1.50},
        {"name": "Парк", "open": True, "tags": ["a", "b"], "area": None},
        {"extra": {"x": 1}},
    ], ensure_ascii=False).replace("1.5", "1.50"))
    table = open_table(path, "json")
    assert table.header == ["name", "area", "open", "tags", "extra"]
    assert list(table.rows()) == [
        ["Сквер", "1.50", None, None, None],
        ["Парк", None, "true", '["a","b"]', None],
        [None, None, None, None, '{"x":1}'],
    ]
    assert table.first_row == 1
    assert table.records


@pytest.mark.parametrize("key", ["data", "records"])
def test_json_object_with_data_or_records(tmp_path, key):
    path = write(tmp_path, "d.json", json.dumps({"meta": {"count": [1, 2]}, key: [{"a": 1}, {"a": 2, "b": "x"}]}))
    table = open_table(path, "json")
    assert table.header == ["a", "b"]
    assert list(table.rows()) == [["1", None], ["2", "x"]]


def test_json_is_read_element_by_element_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "_CHUNK", 7)  # every record and key spans several reads
    records = [{"id": n, "name": f"запис {n}", "value": n / 4} for n in range(40)]
    table = open_table(write(tmp_path, "c.json", json.dumps({"data": records}, ensure_ascii=False)), "json")
    assert table.header == ["id", "name", "value"]
    rows = list(table.rows())
    assert len(rows) == 40
    assert rows[39] == ["39", "запис 39", "9.75"]


@pytest.mark.parametrize(("text", "row", "message"), [
    ('{"rows": [{"a": 1}]}', None, "The JSON file must hold a list of objects, or an object with the list under "
                                   "«data» or «records»."),
    ('[{"a": 1}, 5]', 2, "Record %(row)s is not an object: the table's records must be JSON objects."),
    ('[{"a": 1}, {"a": }]', 2, "Record %(row)s is not valid JSON."),
    ('[{"a": NaN}]', 1, "Record %(row)s is not valid JSON."),
    ('[{"a": 1}', None, "The file is not valid JSON."),
])
def test_json_of_the_wrong_shape(tmp_path, text, row, message):
    report = validate(write(tmp_path, "w.json", text), "json", None)
    expected = uk(message, row=row) if "%(row)s" in message else uk(message)
    assert report.problems == [Problem(row if "%(row)s" in message else None, None, None, "format-error", expected)]


GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"name": "Сквер Шевченка", "area": 0.75},
         "geometry": {"type": "Point", "coordinates": [30.5234, 50.4501]}},
        {"type": "Feature", "properties": {"name": "Парк", "benches": 12},
         "geometry": {"type": "Polygon", "coordinates": [[[30.1, 50.1], [30.2, 50.1], [30.2, 50.2], [30.1, 50.1]]]}},
    ],
}


def test_geojson_feature_collection_properties_and_geometry(tmp_path):
    path = write(tmp_path, "parks.geojson", json.dumps(GEOJSON, ensure_ascii=False))
    table = open_table(path, "geojson")
    assert table.header == ["name", "area", "benches", "geometry"]
    assert list(table.rows()) == [
        ["Сквер Шевченка", "0.75", None, '{"type":"Point","coordinates":[30.5234,50.4501]}'],
        ["Парк", None, "12",
         '{"type":"Polygon","coordinates":[[[30.1,50.1],[30.2,50.1],[30.2,50.2],[30.1,50.1]]]}'],
    ]
    report = validate(path, "geojson", None)
    assert report.valid
    assert report.problems == []
    assert report.row_count == 2
    assert report.inferred_schema["fields"] == [
        {"name": "name", "type": "string"}, {"name": "area", "type": "number"},
        {"name": "benches", "type": "integer"}, {"name": "geometry", "type": "geojson"},
    ]


def test_geojson_that_is_not_a_feature_collection(tmp_path):
    feature = GEOJSON["features"][0]
    report = validate(write(tmp_path, "one.geojson", json.dumps(feature)), "geojson", None)
    assert report.problems == [Problem(None, None, None, "format-error",
                                       uk("The file is not a GeoJSON FeatureCollection."))]


def test_geojson_problems_name_the_record_and_the_field(tmp_path):
    schema = {"fields": [{"name": "name", "title": "Назва", "type": "string"},
                         {"name": "area", "title": "Площа, га", "type": "number"},
                         {"name": "geometry", "type": "geojson"}]}
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Сквер", "area": "0,75"}, "geometry": None},
    ]}
    report = validate(write(tmp_path, "p.geojson", json.dumps(data)), "geojson", schema)
    assert report.problems == [Problem(1, "area", "0,75", "type-error", uk(
        "Record %(row)s, field «%(column)s»", row=1, column="Площа, га") + ": " + uk(
        "«%(value)s» has a decimal comma; open data uses a dot as the decimal separator. Write %(example)s.",
        value="0,75", example="0.75"))]


# --- sniffing --------------------------------------------------------------------------------------------------


def _xlsx_bytes(tmp_path) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    workbook.save(tmp_path / "s.xlsx")
    return (tmp_path / "s.xlsx").read_bytes()[:4096]


def test_sniff_format(tmp_path):
    xlsx = _xlsx_bytes(tmp_path)
    assert sniff_format("дані.csv", "назва;сума\n1;2\n".encode()) == "csv"
    assert sniff_format("дані.CSV", codecs.BOM_UTF8 + b"a,b\n") == "csv"
    assert sniff_format("book.xlsx", xlsx) == "xlsx"
    assert sniff_format("book.bin", xlsx) == "xlsx"  # the content decides
    assert sniff_format("scan.pdf", b"%PDF-1.7\n...") == "pdf"
    assert sniff_format("scan.csv", b"%PDF-1.4\n...") == "pdf"
    assert sniff_format("a.json", b'[{"a": 1}]') == "json"
    assert sniff_format("a.json", b'{"type": "FeatureCollection", "features": []}') == "geojson"
    assert sniff_format("a.geojson", b'{"features": [], "type": "FeatureCollection"}') == "geojson"
    assert sniff_format("a.txt", b'{"data": []}') == "json"
    assert sniff_format("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) is None
    assert sniff_format("doc.docx", b"PK\x03\x04\x14\x00word/document.xml") is None
    assert sniff_format("book.xlsx", b"a,b\n1,2\n") is None  # the name promises a workbook the content is not
    assert sniff_format("a.json", b"a,b\n") is None
    assert sniff_format("picture.png", b"\x89PNG\r\n\x1a\n\0\0") is None
    assert sniff_format("notes.docx", b"plain text") is None


# --- PDF -------------------------------------------------------------------------------------------------------


def _pdf(path: Path, content: bytes, *, font: bool) -> Path:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if font:
        helvetica = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                      NameObject("/Subtype"): NameObject("/Type1"),
                                      NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(helvetica)})})
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as target:
        writer.write(target)
    return path


def test_pdf_with_a_text_layer_is_valid(tmp_path):
    path = _pdf(tmp_path / "act.pdf", b"BT /F1 12 Tf 72 720 Td (Rishennia sesii miskoi rady No 15) Tj ET", font=True)
    assert tables.is_pdf_with_text(path)
    report = validate(path, "pdf", None)
    assert report.valid
    assert report.problems == []


def test_scanned_pdf_without_text_is_refused(tmp_path):
    # A page that only paints an image, as a scanner makes it.
    path = _pdf(tmp_path / "scan.pdf", b"q 500 0 0 700 40 60 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x10\x80\xf0\x40 EI Q",
                font=False)
    assert not tables.is_pdf_with_text(path)
    report = validate(path, "pdf", None)
    assert not report.valid
    assert report.problems == [Problem(None, None, None, "pdf-no-text", uk(
        "The PDF has no text layer: it is a scan or a picture, which a computer cannot read. Open data texts "
        "must be machine-readable: save the PDF from the text editor, or run text recognition (OCR) on the "
        "scan."))]


def test_a_file_that_is_not_a_pdf(tmp_path):
    path = write(tmp_path, "fake.pdf", "just text")
    assert not tables.is_pdf_with_text(path)
    assert validate(path, "pdf", None).problems == [
        Problem(None, None, None, "format-error", uk("The file is not a PDF document."))]
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.4\n garbage without objects")
    assert not tables.is_pdf_with_text(damaged)
    assert [p.code for p in validate(damaged, "pdf", None).problems] == ["pdf-no-text"]


# --- validation against a schema -----------------------------------------------------------------------------------


def contracts_csv(tmp_path, *rows: str, name: str = "contracts.csv") -> Path:
    return write(tmp_path, name, "\n".join([CONTRACTS_HEADER, *rows]) + "\n")


def test_a_clean_file_is_valid(tmp_path):
    path = contracts_csv(tmp_path, "Д-1,2024-02-29,12345678,1500.50", "Д-2,2024-03-01,00132457,")
    report = validate(path, "csv", CONTRACTS)
    assert report.valid
    assert report.problems == []
    assert report.problem_count == report.error_count == report.warning_count == 0
    assert report.row_count == 2
    assert report.inferred_schema is None


def test_the_31st_of_february_in_row_7(tmp_path):
    rows = [f"Д-{n},2024-01-0{n},12345678,100" for n in range(1, 6)] + ["Д-6,31.02.2024,12345678,100"]
    report = validate(contracts_csv(tmp_path, *rows), "csv", CONTRACTS)
    assert not report.valid
    assert report.problems == [Problem(7, "contractDate", "31.02.2024", "type-error", row_col(7, "Дата договору")
                                       + ": " + uk("«%(value)s» is not a date in the YYYY-MM-DD format (ISO 8601). "
                                                   "Write the date as %(example)s.",
                                                   value="31.02.2024", example="2024-02-29"))]


@pytest.mark.parametrize(("value", "example"), [
    ("15.03.2024", "2024-03-15"),
    ("5/3/2024", "2024-03-05"),
    ("2024.03.15", "2024-03-15"),
    ("2024-02-30", "2024-02-29"),
    ("2023-02-29", "2023-02-28"),
])
def test_dates_not_in_iso_get_the_iso_form_as_a_hint(tmp_path, value, example):
    report = validate(contracts_csv(tmp_path, f"Д-1,{value},12345678,1"), "csv", CONTRACTS)
    assert [p.message for p in report.problems] == [row_col(2, "Дата договору") + ": " + uk(
        "«%(value)s» is not a date in the YYYY-MM-DD format (ISO 8601). Write the date as %(example)s.",
        value=value, example=example)]


def test_a_date_that_cannot_be_understood_gets_a_general_example(tmp_path):
    report = validate(contracts_csv(tmp_path, "Д-1,березень 2024,12345678,1"), "csv", CONTRACTS)
    assert [p.message for p in report.problems] == [row_col(2, "Дата договору") + ": " + uk(
        "«%(value)s» is not a date in the YYYY-MM-DD format (ISO 8601). Write the date like 2024-03-15.",
        value="березень 2024")]


def test_decimal_comma_in_a_number_column_is_an_error_with_a_hint_to_use_a_dot(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_bytes(codecs.BOM_UTF8 + "contractNumber;contractDate;supplierEdrpou;amount\nД-1;2024-01-02;12345678;"
                                       "1500,75\nД-2;2024-01-03;12345678;1 234,5\n".encode())
    report = validate(path, "csv", CONTRACTS)
    assert report.problems == [
        Problem(2, "amount", "1500,75", "type-error", row_col(2, "Сума, грн") + ": " + uk(
            "«%(value)s» has a decimal comma; open data uses a dot as the decimal separator. Write %(example)s.",
            value="1500,75", example="1500.75")),
        Problem(3, "amount", "1 234,5", "type-error", row_col(3, "Сума, грн") + ": " + uk(
            "«%(value)s» has a decimal comma; open data uses a dot as the decimal separator. Write %(example)s.",
            value="1 234,5", example="1234.5")),
    ]


def test_a_missing_required_cell(tmp_path):
    report = validate(contracts_csv(tmp_path, "Д-1,2024-01-02,12345678,1", ",2024-01-03,12345678,2"), "csv", CONTRACTS)
    assert report.problems == [Problem(3, "contractNumber", "", "constraint-error", row_col(3, "Номер договору") + ": "
                                       + uk("the cell is empty, but this column is required. Fill it in."))]


def test_a_duplicate_primary_key_names_the_first_row(tmp_path):
    report = validate(contracts_csv(tmp_path, "Д-1,2024-01-02,12345678,1", "Д-2,2024-01-02,12345678,1",
                                    "Д-1,2024-01-03,12345678,2"), "csv", CONTRACTS)
    assert report.problems == [Problem(4, None, "Д-1", "primary-key", uk("Row %(row)s", row=4) + ": " + uk(
        "the key %(columns)s = «%(value)s» is the same as in row %(first)s. Every row's key must be unique.",
        columns="«Номер договору»", value="Д-1", first=2))]


def test_unique_constraint(tmp_path):
    schema = {"fields": [{"name": "id", "type": "integer"},
                         {"name": "email", "title": "Пошта", "type": "string", "constraints": {"unique": True}}]}
    report = validate(write(tmp_path, "u.csv", "id,email\n1,a@rada.gov.ua\n2,b@rada.gov.ua\n3,a@rada.gov.ua\n"),
                      "csv", schema)
    assert report.problems == [Problem(4, "email", "a@rada.gov.ua", "unique-error", row_col(4, "Пошта") + ": " + uk(
        "«%(value)s» repeats the value of row %(first)s, but the values in this column must be unique.",
        value="a@rada.gov.ua", first=2))]


BLANK = "the row is empty. Delete empty rows."


def test_missing_and_extra_cells_and_blank_rows(tmp_path):
    path = contracts_csv(tmp_path, "Д-1,2024-01-02,12345678", "", "Д-2,2024-01-02,12345678,1,2", ",,,",
                         "Д-3,2024-01-02,12345678,1")
    report = validate(path, "csv", CONTRACTS)
    assert report.problems == [
        Problem(2, "amount", "", "missing-cell", row_col(2, "Сума, грн") + ": " + uk(
            "the row ends before this column: the cell is missing. Check the delimiters and quotes in the row.")),
        Problem(3, None, None, "blank-row", uk("Row %(row)s", row=3) + ": " + uk(BLANK)),
        Problem(4, None, "2", "extra-cell", uk("Row %(row)s, column %(position)s", row=4, position=5) + ": " + uk(
            "the row has more cells than the header (an extra «%(value)s»). Check the delimiters and quotes in the "
            "row: text with a delimiter inside must be in double quotes.", value="2")),
        Problem(5, None, None, "blank-row", uk("Row %(row)s", row=5) + ": " + uk(BLANK)),
    ]


@pytest.mark.parametrize(("kind", "extra", "value", "msgid", "params"), [
    ("integer", {}, "12.5", "«%(value)s» is not a whole number. Write digits only, like 1234.", {}),
    ("integer", {}, "1 200", "«%(value)s» has spaces between the digits. Write the number without them: %(example)s.",
     {"example": "1200"}),
    ("number", {}, "багато", "«%(value)s» is not a number. Write digits with a dot as the decimal separator, like "
                             "1234.5.", {}),
    ("boolean", {}, "так", "«%(value)s» is not a yes/no value. Write one of: %(accepted)s.",
     {"accepted": "true, false"}),
    ("boolean", {"trueValues": ["так"], "falseValues": ["ні"]}, "yes",
     "«%(value)s» is not a yes/no value. Write one of: %(accepted)s.", {"accepted": "так, ні"}),
    ("datetime", {}, "15.03.2024 14:30", "«%(value)s» is not a date and time in the YYYY-MM-DDThh:mm:ss format "
                                         "(ISO 8601). Write it as %(example)s.", {"example": "2024-03-15T14:30:00"}),
    ("time", {}, "9 годин", "«%(value)s» is not a time in the hh:mm:ss format. Write it like 14:30:00.", {}),
    ("year", {}, "24", "«%(value)s» is not a year. Write four digits, like 2024.", {}),
    ("geopoint", {}, "біля ставка", "«%(value)s» is not a point. Write the longitude and latitude in decimal degrees "
                                    "separated by a comma, like «30.5234, 50.4501».", {}),
    ("string", {"format": "uri"}, "rada.gov.ua", "«%(value)s» is not a web address. Write the full address starting "
                                                 "with https://.", {}),
])
def test_type_errors_say_how_to_write_the_value(tmp_path, kind, extra, value, msgid, params):
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "value", "title": "Значення", "type": kind,
                                                             **extra}]}
    report = validate(write(tmp_path, "t.csv", f'id,value\n1,"{value}"\n'), "csv", schema)
    assert [(p.code, p.message) for p in report.problems] == [
        ("type-error", row_col(2, "Значення") + ": " + uk(msgid, value=value, **params))]


@pytest.mark.parametrize(("constraints", "value", "msgid", "params"), [
    ({"minLength": 3}, "ab", "«%(value)s» is shorter than %(limit)s characters.", {"limit": 3}),
    ({"maxLength": 3}, "abcd", "«%(value)s» is longer than %(limit)s characters. Shorten it.", {"limit": 3}),
    ({"minimum": 10}, "5", "«%(value)s» is less than the smallest allowed value %(limit)s.", {"limit": 10}),
    ({"maximum": 10}, "50", "«%(value)s» is greater than the largest allowed value %(limit)s.", {"limit": 10}),
    ({"pattern": "[0-9]{4}-[0-9]{2}"}, "12-34", "«%(value)s» does not match the pattern this column requires "
                                                "(%(pattern)s).", {"pattern": "[0-9]{4}-[0-9]{2}"}),
    ({"enum": ["5", "10"]}, "7", "«%(value)s» is not one of the allowed values: %(allowed)s.",
     {"allowed": "«5», «10»"}),
])
def test_constraint_errors(tmp_path, constraints, value, msgid, params):
    kind = "integer" if {"minimum", "maximum"} & set(constraints) else "string"
    schema = {"fields": [{"name": "value", "title": "Значення", "type": kind, "constraints": constraints}]}
    report = validate(write(tmp_path, "c.csv", f"value\n{value}\n"), "csv", schema)
    assert [(p.code, p.message) for p in report.problems] == [
        ("constraint-error", row_col(2, "Значення") + ": " + uk(msgid, value=value, **params))]


def test_a_pattern_with_an_example_shows_the_example(tmp_path):
    schema = {"fields": [{"name": "code", "title": "Код", "type": "string", "example": "1234-56",
                          "constraints": {"pattern": "[0-9]{4}-[0-9]{2}"}}]}
    report = validate(write(tmp_path, "c.csv", "code\n12-34\n"), "csv", schema)
    assert [p.message for p in report.problems] == [row_col(2, "Код") + ": " + uk(
        "«%(value)s» is not written in the form this column requires, for example «%(example)s».",
        value="12-34", example="1234-56")]


def header(position: int) -> str:
    return uk("Header, column %(position)s", position=position)


def test_header_problems_against_the_schema(tmp_path):
    schema = {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "title": "Назва"},
                         {"name": "area"}, {"name": "district"}]}
    report = validate(write(tmp_path, "h.csv", "id,title,area,area,\n1,a,2,3,4\n"), "csv", schema)
    assert report.problems == [
        Problem(1, "title", "title", "incorrect-label", header(2) + ": " + uk(
            "the column is named «%(label)s», but the schema expects «%(name)s» here. Rename the column (the header "
            "holds the field names, not the titles) or correct the schema.", label="title", name="name")),
        Problem(1, "area", "area", "duplicate-label", header(4) + ": " + uk(
            "the name «%(label)s» repeats the name of column %(first)s. Give every column its own name.",
            label="area", first=3)),
        Problem(1, None, None, "extra-label", header(5) + ": " + uk(
            "the column has no name and is not described in the schema. Delete it if it is empty.")),
    ]
    report = validate(write(tmp_path, "b.csv", "id,name,,district\n1,a,2,3\n"), "csv", schema)
    assert report.problems == [Problem(1, "area", None, "blank-label", header(3) + ": " + uk(
        "the column has no name. Name it, or delete the column if it is empty."))]
    report = validate(write(tmp_path, "m.csv", "id,name\n1,a\n"), "csv", schema)
    assert [(p.code, p.message) for p in report.problems] == [
        ("missing-label", header(3) + ": " + uk("the schema describes the column «%(column)s» here, but the file has "
                                                "no such column. Add it or correct the schema.", column="area")),
        ("missing-label", header(4) + ": " + uk("the schema describes the column «%(column)s» here, but the file has "
                                                "no such column. Add it or correct the schema.", column="district")),
    ]
    report = validate(write(tmp_path, "x.csv", "id,name,area,district,note\n1,a,2,3,4\n"), "csv", schema)
    assert [(p.code, p.message) for p in report.problems] == [
        ("extra-label", header(5) + ": " + uk("the column «%(label)s» is not described in the schema. Delete it or "
                                              "add it to the schema.", label="note"))]


def test_an_invalid_schema_is_reported_and_nothing_is_validated(tmp_path):
    path = write(tmp_path, "s.csv", "a\n1\n")
    report = validate(path, "csv", {"fields": [{"name": "a", "type": "strin"}]})
    assert not report.valid
    assert [p.code for p in report.problems] == ["schema-error"]
    assert report.problems[0].message.startswith(uk("The table schema is not valid: %(note)s", note=""))
    assert validate(path, "csv", {"fields": "a"}).problems == [Problem(None, None, None, "schema-error", uk(
        "The table schema must have «fields»: a list of objects, one for each column."))]


# --- the Ukrainian checks ---------------------------------------------------------------------------------------


def test_edrpou_checksum_by_name_and_by_uk_check(tmp_path):
    path = contracts_csv(tmp_path, "Д-1,2024-01-02,12345678,1", "Д-2,2024-01-02,12345670,1",
                         "Д-3,2024-01-02,132457,1", "Д-4,2024-01-02,1234567A,1")
    report = validate(path, "csv", CONTRACTS)  # the name says edrpou
    title = "ЄДРПОУ постачальника"
    assert report.problems == [
        Problem(3, "supplierEdrpou", "12345670", "edrpou", row_col(3, title) + ": " + uk(
            "«%(value)s» is not a valid ЄДРПОУ code: its check digit does not match. Check the code for typos.",
            value="12345670")),
        Problem(4, "supplierEdrpou", "132457", "edrpou", row_col(4, title) + ": " + uk(
            "«%(value)s» is not a ЄДРПОУ code: it must have 8 digits. If the code begins with zeros, store the column "
            "as text so that the spreadsheet keeps them (%(padded)s).", value="132457", padded="00132457")),
        Problem(5, "supplierEdrpou", "1234567A", "edrpou", row_col(5, title) + ": " + uk(
            "«%(value)s» is not a ЄДРПОУ code: it must have exactly 8 digits.", value="1234567A")),
    ]
    schema = {"fields": [{"name": "supplier", "title": "Код постачальника", "type": "string", "ukCheck": "edrpou"}]}
    report = validate(write(tmp_path, "s.csv", "supplier\n32145678\n32145670\n"), "csv", schema)
    assert [(p.row, p.code) for p in report.problems] == [(3, "edrpou")]


def test_katottg(tmp_path):
    schema = {"fields": [{"name": "territory", "title": "Громада", "type": "string", "ukCheck": "katottg"},
                         {"name": "katottgCode", "type": "string"}]}
    path = write(tmp_path, "k.csv", "territory,katottgCode\nUA12020110000034205,UA12020110000034205\n"
                                    "UA1202011000003420,ua12020110000034205\n")
    report = validate(path, "csv", schema)
    msgid = "«%(value)s» is not a КАТОТТГ code: it must be «UA» followed by 17 digits, like UA12020110000034205."
    assert report.problems == [
        Problem(3, "territory", "UA1202011000003420", "katottg",
                row_col(3, "Громада") + ": " + uk(msgid, value="UA1202011000003420")),
        Problem(3, "katottgCode", "ua12020110000034205", "katottg",
                row_col(3, "katottgCode") + ": " + uk(msgid, value="ua12020110000034205")),
    ]


def test_a_date_in_a_text_column_must_be_iso(tmp_path):
    schema = {"fields": [{"name": "decision", "title": "Рішення", "type": "string"}]}
    path = write(tmp_path, "d.csv", "decision\n2024-03-15\n15.03.2024\nрішення від 15.03.2024 № 5\n")
    report = validate(path, "csv", schema)
    assert report.problems == [Problem(3, "decision", "15.03.2024", "date-format", row_col(3, "Рішення") + ": " + uk(
        "«%(value)s» is not a date in the YYYY-MM-DD format (ISO 8601). Write the date as %(example)s.",
        value="15.03.2024", example="2024-03-15"))]


def test_control_characters_other_than_tab_and_newline(tmp_path):
    schema = {"fields": [{"name": "name", "title": "Назва", "type": "string"}]}
    path = write(tmp_path, "c.csv", 'name\n"рядок\tз табуляцією\nі переносом"\nСквер\x0bімені\n\x00\n')
    report = validate(path, "csv", schema)
    msgid = ("the text has an invisible control character (U+%(code)s) at position %(position)s. Delete it: it "
             "usually comes from copying out of another program.")
    assert report.problems == [
        Problem(3, "name", "Сквер\x0bімені", "control-character",
                row_col(3, "Назва") + ": " + uk(msgid, code="000B", position=6)),
        Problem(4, "name", "\x00", "control-character",
                row_col(4, "Назва") + ": " + uk(msgid, code="0000", position=1)),
    ]


# --- without a schema -----------------------------------------------------------------------------------------


def test_without_a_schema_the_inferred_one_is_returned_and_used(tmp_path):
    rows = [f"{n},назва {n},{n}.5,2024-01-{n:02d}" for n in range(1, 11)]
    path = write(tmp_path, "i.csv", "\n".join(["id,name,amount,day", *rows, "x,c,3,2024-01-31"]) + "\n")
    report = validate(path, "csv", None)
    assert report.inferred_schema == {"fields": [
        {"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
        {"name": "amount", "type": "number"}, {"name": "day", "type": "date"},
    ]}
    assert [(p.row, p.column, p.code, p.severity) for p in report.problems] == [(12, "id", "type-error", "error")]
    assert report.problems[0].message == row_col(12, "id") + ": " + uk(
        "«%(value)s» is not a whole number. Write digits only, like 1234.", value="x")


def test_headers_not_in_lower_camel_case_are_a_warning_only_when_the_schema_is_inferred(tmp_path):
    path = write(tmp_path, "h.csv", "contractNumber,Сума договору,contract_date\nД-1,1.5,2024-01-02\n")
    report = validate(path, "csv", None)
    assert report.valid
    assert report.error_count == 0
    assert report.warning_count == 2
    msgid = ("the name «%(label)s» is not in lowerCamelCase Latin. Open data names columns like contractDate or "
             "totalAmount; the Ukrainian name belongs in the schema as the column's title.")
    assert report.problems == [
        Problem(1, "Сума договору", "Сума договору", "header-naming",
                header(2) + ": " + uk(msgid, label="Сума договору"), "warning"),
        Problem(1, "contract_date", "contract_date", "header-naming",
                header(3) + ": " + uk(msgid, label="contract_date"), "warning"),
    ]
    schema = {"fields": [{"name": "contractNumber"}, {"name": "Сума договору", "type": "number"},
                         {"name": "contract_date", "type": "date"}]}
    assert validate(path, "csv", schema).problems == []


def test_a_decimal_comma_in_an_inferred_text_column_is_a_warning(tmp_path):
    report = validate(write(tmp_path, "d.csv", "name;area\nСквер;0,75\nПарк;12\n"), "csv", None)
    assert report.valid
    assert report.problems == [Problem(2, "area", "0,75", "decimal-comma", row_col(2, "area") + ": " + uk(
        "«%(value)s» looks like a number with a decimal comma; open data uses a dot: %(example)s.",
        value="0,75", example="0.75"), "warning")]


def test_json_records_are_numbered_from_one(tmp_path):
    path = write(tmp_path, "r.json", json.dumps({"data": [{"id": 1, "day": "2024-01-02"},
                                                          {"id": 2, "day": "02.01.2024"}]}))
    report = validate(path, "json", None)
    assert report.problems == [Problem(2, "day", "02.01.2024", "date-format", uk(
        "Record %(row)s, field «%(column)s»", row=2, column="day") + ": " + uk(
        "«%(value)s» is not a date in the YYYY-MM-DD format (ISO 8601). Write the date as %(example)s.",
        value="02.01.2024", example="2024-01-02"))]
    assert report.row_count == 2


def test_at_most_100_problems_are_kept_and_all_are_counted(tmp_path):
    rows = [f"Д-{n},not a date,12345678,1" for n in range(150)]
    report = validate(contracts_csv(tmp_path, *rows), "csv", CONTRACTS)
    assert len(report.problems) == 100
    assert report.problem_count == report.error_count == 150
    assert report.truncated
    assert [p.row for p in report.problems] == list(range(2, 102))
    assert report.row_count == 150


# --- safety: nothing but the given file, no network ---------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # the name http.server calls
        _Recorder.requests.append(self.path)
        body = json.dumps({"fields": [{"name": "a", "type": "integer"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    """A real HTTP server on loopback that records every request it gets."""
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


_OPENED: list[str] | None = None
_HOOKED = False


def _audit(event, args):
    if _OPENED is not None and event == "open" and args and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(str(args[0]))


@pytest.fixture
def opened():
    """The paths the process opens while the test runs (Python's audit hook sees every open)."""
    global _OPENED, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)  # hooks cannot be removed; outside these tests it only tests a global
        _HOOKED = True
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


def test_a_schema_cannot_make_frictionless_open_another_file_or_a_url(tmp_path, web, opened):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\nsecret\n")
    path = write(tmp_path, "data.csv", "a,b\n1,2\n")
    schema = {
        "$schema": f"{web}/profile.json",
        "profile": f"{web}/tabular.json",
        "path": "/etc/passwd",
        "dialect": "/etc/passwd",
        "fields": [{"name": "a", "type": "integer", "rdfType": f"{web}/rdf",
                    "constraints": {"jsonSchema": {"$ref": f"{web}/c.json"}}},
                   {"name": "b", "type": "integer", "constraints": {"jsonSchema": {"$ref": "file:///etc/passwd"}}}],
        "foreignKeys": [{"fields": ["a"], "reference": {"resource": "/etc/passwd", "fields": ["a"]}},
                        {"fields": ["b"], "reference": {"resource": "secret.csv", "fields": ["a"]}},
                        {"fields": ["b"], "reference": {"resource": f"{web}/other.csv", "fields": ["a"]}}],
    }
    opened.clear()
    report = validate(path, "csv", schema)
    assert report.valid
    assert report.problems == [Problem(None, None, None, "schema-ignored", uk(
        "The schema's «%(key)s» is not checked here: only this file is read, never another one.", key="foreignKeys"),
        "warning")]
    assert _Recorder.requests == []
    assert "/etc/passwd" not in opened
    assert str(secret) not in opened
    assert str(path) in opened


@pytest.mark.parametrize("where", ["/etc/passwd", "file:///etc/passwd", "../secret.json", "web"])
def test_a_schema_given_as_a_path_or_url_is_refused_unread(tmp_path, web, opened, where):
    location = f"{web}/schema.json" if where == "web" else where
    path = write(tmp_path, "data.csv", "a\n1\n")
    (tmp_path.parent / "secret.json").write_text("{}")
    opened.clear()
    report = validate(path, "csv", location)
    assert report.problems == [Problem(None, None, None, "schema-error", uk(
        "The table schema must be a JSON object with a list of fields."))]
    assert _Recorder.requests == []
    assert not [path for path in opened if "passwd" in path or "secret" in path]
    if where == "web":
        # The control: handed to Frictionless as it is, the same string is fetched, and the recorder sees it.
        from frictionless import Schema

        Schema.from_descriptor(location)
        assert _Recorder.requests == ["/schema.json"]


def test_frictionless_runs_untrusted_and_offline_during_validation(tmp_path, web):
    from frictionless import FrictionlessException, Resource, system

    with validation._sealed():
        assert system.trusted is False
        with pytest.raises(Exception, match="network access is disabled"):
            system.http_session.get(f"{web}/x.csv")
        # A descriptor naming an absolute path is refused in untrusted mode before anything is read.
        with pytest.raises(FrictionlessException, match='path "/etc/passwd" is not safe'):
            Resource({"name": "x", "path": "/etc/passwd", "format": "csv"})
    assert _Recorder.requests == []


def test_an_inferred_schema_keeps_codes_with_leading_zeros_as_text(tmp_path):
    path = write(tmp_path, "codes.csv", "programCode,supplierEdrpou,count,total\n0110150,41025608,3,10.5\n"
                                        "0611021,04352003,12,7\n")
    report = validate(path, "csv")
    assert report.valid
    types = {f["name"]: f["type"] for f in report.inferred_schema["fields"]}
    assert types == {"programCode": "string", "supplierEdrpou": "string", "count": "integer", "total": "number"}
