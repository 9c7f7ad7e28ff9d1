"""Control characters (a vertical tab pasted from Word, \\x01–\\x1f, DEL) never reach the database through a form, an
API body or an import, and documents made of rows stored before that was so still download."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from hromada.acts import services as act_services
from hromada.acts.models import Act
from hromada.core import imports
from hromada.core.ukrtext import clean_text, xml_safe, xml_safe_data
from hromada.programmes.models import AnnualReport, Indicator, Programme, ProgrammeVersion, Task
from hromada.programmes.services import monitoring
from hromada.registers import services as register_services
from hromada.registers.models import PropertyObject, Street
from tests.apiclient import ApiClient, field_errors, ok, uk
from tests.factories import SettlementFactory, member
from tests.programmes.builders import approved_programme, draft_programme, manager

# Every C0 control character but NUL, and DEL: what a paste from Word or another program may carry.
CONTROLS = "".join(map(chr, range(0x01, 0x20))) + "\x7f"
# Tab and line feed kept; vertical tab, form feed and a lone carriage return become line feeds; the rest go.
CONTROLS_CLEAN = "\t\n\n\n\n"
DIRTY = f"Перший{CONTROLS}рядок"
CLEAN = f"Перший{CONTROLS_CLEAN}рядок"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the cleaning function -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    (DIRTY, CLEAN),
    ("рядок\r\nрядок\rрядок\nрядок", "рядок\nрядок\nрядок\nрядок"),
    ("Word\x0bрядок\x0cсторінка", "Word\nрядок\nсторінка"),
    ("таб\tкава\x7f", "таб\tкава"),
    ("не\ufffeсимвол\uffff", "несимвол"),
    ("NUL\x00лишається", "NUL\x00лишається"),  # for the caller to refuse
    ("Звичайний текст, «лапки», ґ, № 5", "Звичайний текст, «лапки», ґ, № 5"),
])
def test_clean_text(text, expected):
    assert clean_text(text) == expected
    assert clean_text(expected) == expected


def test_xml_safe_also_drops_what_xml_cannot_hold():
    assert xml_safe(f"a\x00b\ud800c{CONTROLS}d") == f"abc{CONTROLS_CLEAN}d"
    assert xml_safe_data({"a": [DIRTY, 1, None, ("\x01x",)], "b": {"c": "\x0b"}}) == {
        "a": [CLEAN, 1, None, ("x",)], "b": {"c": "\n"}}


# --- input: forms, API bodies, imports -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_form_stores_clean_text(client_a, hromada_a):
    """A plain forms.Form of an app (the programme's sections), posted through its page."""
    boss = manager(hromada_a)
    programme = draft_programme(hromada_a, boss, tasks_per_unit=1, units=1)
    client_a.force_login(boss)
    response = client_a.post(reverse("programmes:sections", args=[programme.pk]),
                             {"ii": DIRTY, "iii": "Кінець\x0c", "iv": "", "v": "", "vi": "\x01"})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.section_ii, programme.section_iii, programme.section_vi) == (CLEAN, "Кінець", "")


@pytest.mark.django_db
def test_a_model_form_stores_what_clean_typing_would(client_a, hromada_a):
    """A register's ModelForm on the shared CRUD pages: the same record as if the text had been typed clean."""
    keeper = member(hromada_a, "hromada_admin")
    client_a.force_login(keeper)
    fields = {"kind": "building", "inventory_number": "101", "use": "in_use"}
    response = client_a.post(reverse("registers:property-create"),
                             {**fields, "name": f"Будинок{CONTROLS}культури", "address_note": DIRTY,
                              "lease_contract": "\x0b"})
    assert response.status_code == 302, response.content.decode()
    stored = PropertyObject.objects.get()
    twin = register_services.save_property(
        PropertyObject(hromada=hromada_a, kind="building", inventory_number="102", use="in_use",
                       name=f"Будинок{CONTROLS_CLEAN}культури", address_note=CLEAN), actor=keeper, hromada=hromada_a)
    assert (stored.name, stored.address_note, stored.lease_contract) == (twin.name, twin.address_note, "")
    assert not any(ch in stored.name + stored.address_note for ch in CONTROLS.replace("\t", "").replace("\n", ""))


@pytest.mark.django_db
def test_an_api_body_stores_clean_text(hromada_a):
    boss = manager(hromada_a)
    programme = draft_programme(hromada_a, boss, tasks_per_unit=1, units=1)
    api = ApiClient(boss)
    sections = ok(api.put(f"/programmes/{programme.pk}/sections", {"ii": DIRTY, "iii": "рядок\r\nрядок"}))
    assert (sections["sections"]["ii"], sections["sections"]["iii"]) == (CLEAN, "рядок\nрядок")
    programme.refresh_from_db()
    assert (programme.section_ii, programme.section_iii) == (CLEAN, "рядок\nрядок")


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Про\x00нуль", "Про\ud800сурогат"])
def test_an_api_body_with_nul_or_a_lone_surrogate_is_refused_and_changes_nothing(hromada_a, text):
    boss = manager(hromada_a)
    programme = draft_programme(hromada_a, boss, tasks_per_unit=1, units=1)
    api = ApiClient(boss)
    # json.dumps writes the lone surrogate as the escape \ud800, which is how a client can send it.
    response = api.send("PUT", f"/programmes/{programme.pk}/sections", raw=json.dumps({"ii": text, "iii": DIRTY}))
    assert field_errors(response, 400) == {"__all__": uk("The text contains characters that cannot be stored.")}
    programme.refresh_from_db()
    assert (programme.section_ii, programme.section_iii) == ("", "")


@pytest.mark.django_db
def test_a_register_api_body_stores_what_clean_typing_would(hromada_a):
    keeper = member(hromada_a, "hromada_admin")
    town = SettlementFactory(hromada=hromada_a, name="Могилів")
    created = ok(ApiClient(keeper).post("/registers/streets", {
        "settlement_id": town.pk, "kind": "vulytsia", "name": f"Шевченка{CONTROLS}", "decision": DIRTY}), 201)
    twin = register_services.save_street(Street(settlement=town, kind="provulok", name=f"Шевченка{CONTROLS_CLEAN}"),
                                         actor=keeper, hromada=hromada_a)
    assert created["name"] == twin.name == Street.objects.get(pk=created["id"]).name == "Шевченка"


def test_import_cells_are_cleaned_the_same_way(tmp_path):
    # In a CSV, only Word's breaks: other control characters in the head of a file mark it as binary.
    table = tmp_path / "rows.csv"
    table.write_text("name;note\n\x0bШевченка\x0c;\"рядок\x0bрядок\r\nрядок\"\n", encoding="utf-8")
    assert list(imports.iter_records(table)) == [(1, ["name", "note"]), (2, ["Шевченка", "рядок\nрядок\nрядок"])]
    lines = tmp_path / "rows.jsonl"
    lines.write_text(json.dumps({"name": f"\x0bШевченка{CONTROLS}", "note": DIRTY}) + "\n", encoding="utf-8")
    assert list(imports.iter_records(lines)) == [(0, ["name", "note"]), (1, ["Шевченка", CLEAN])]


# --- output: documents of rows stored before the fix -----------------------------------------------------


def _opens_as_docx(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n"
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return text


def _xlsx_values(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [value for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row]


def _dirty_snapshot(value):
    """The snapshot as a version frozen before the fix would hold it: control characters in its texts."""
    if isinstance(value, dict):
        return {k: (f"{v}\x0b\x01\x1f" if k in {"title", "name", "goal"} and isinstance(v, str) else _dirty_snapshot(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_dirty_snapshot(item) for item in value]
    return value


@pytest.mark.django_db
def test_a_programme_stored_with_control_characters_downloads(hromada_a):
    boss = manager(hromada_a)
    programme = approved_programme(hromada_a, boss, tasks_per_unit=1, units=1)
    pid = programme.pk
    consolidated = monitoring.consolidate_year(programme, actor=boss, hromada=hromada_a, year=2026)
    # Written straight into the database, as rows saved before input was cleaned are.
    Programme.objects.filter(pk=pid).update(goal="Мета\x0bдруга\x01", section_ii="Абзац\x0bрядок\x1f",
                                            title="Програма\x01 «Цифрова громада»\x1f")
    Task.objects.filter(programme_id=pid).update(name="Завдання\x0bодин\x01", expected_result="\x1fРезультат")
    Indicator.objects.filter(programme_id=pid).update(name="Індикатор\x0b\x01", data_source="Звіт\x1f")
    version = ProgrammeVersion.objects.get(programme_id=pid, number=1)
    ProgrammeVersion.objects.filter(pk=version.pk).update(snapshot=_dirty_snapshot(version.snapshot))
    AnnualReport.objects.filter(pk=consolidated.pk).update(data=_dirty_snapshot(consolidated.data))
    api = ApiClient(boss)

    document = api.get(f"/programmes/{pid}/document.docx")
    assert (document.status_code, document["Content-Type"]) == (200, DOCX)
    text = _opens_as_docx(document.content)
    # A line break in the passport and in a table; in a section, the light markup joins a paragraph's lines.
    assert "Мета\nдруга" in text and "Абзац рядок" in text and "Завдання\nодин" in text
    assert "Програма «Цифрова громада»" in text
    assert not any(ch in text for ch in "\x01\x0b\x1f")
    assert "<w:br/>" in zipfile.ZipFile(io.BytesIO(document.content)).read("word/document.xml").decode()

    version_one = api.get(f"/programmes/{pid}/document.docx", {"version": 1})
    assert version_one.status_code == 200
    assert "Програма інформатизації «Цифрова громада»\n" in _opens_as_docx(version_one.content)

    for annex in ("1", "2"):
        for fmt, content_type in (("docx", DOCX), ("xlsx", XLSX)):
            download = api.get(f"/programmes/{pid}/annexes/{annex}.{fmt}")
            assert (download.status_code, download["Content-Type"]) == (200, content_type), (annex, fmt)
            if fmt == "docx":
                _opens_as_docx(download.content)
    annex1 = _xlsx_values(api.get(f"/programmes/{pid}/annexes/1.xlsx").content)
    assert "Завдання\nодин" in annex1 and "Результат" in annex1
    assert "Індикатор\n" in _xlsx_values(api.get(f"/programmes/{pid}/annexes/2.xlsx").content)

    for which in ("progress", "effectiveness"):
        report = api.get(f"/programmes/{pid}/annual-reports/2026/{which}.docx")
        assert report.status_code == 200, which
        assert not any(ch in _opens_as_docx(report.content) for ch in "\x01\x0b\x1f")
        sheet = api.get(f"/programmes/{pid}/annual-reports/2026/{which}.xlsx")
        assert sheet.status_code == 200, which
        assert not any(isinstance(v, str) and any(ch in v for ch in "\x01\x0b\x1f")
                       for v in _xlsx_values(sheet.content))


@pytest.mark.django_db
def test_a_new_annual_report_is_frozen_clean(hromada_a):
    boss = manager(hromada_a)
    programme = approved_programme(hromada_a, boss, tasks_per_unit=1, units=1)
    Task.objects.filter(programme=programme).update(name="Завдання\x0bодин\x01")
    report = monitoring.consolidate_year(programme, actor=boss, hromada=hromada_a, year=2026)
    assert [row["task"] for row in report.data["progress"]["rows"]] == ["Завдання\nодин"]


@pytest.mark.django_db
def test_acts_stored_with_control_characters_export(client_a, hromada_a):
    secretary = member(hromada_a, "council_secretary")
    act = act_services.create_act(actor=secretary, hromada=hromada_a, fields={
        "number": "7", "date": date(2025, 3, 14), "type": "council_decision", "status": "in_force",
        "title": "Про затвердження Порядку", "text": "Текст"})
    act_services.publish_act(act, actor=secretary, hromada=hromada_a)
    Act.objects.filter(pk=act.pk).update(title="Про\x0bзатвердження\x01 Порядку\x1f", text="Текст\x0b\x01рішення")

    xlsx = client_a.get("/api/v1/acts/export.xlsx")
    assert (xlsx.status_code, xlsx["Content-Type"]) == (200, XLSX)
    assert "Про\nзатвердження Порядку" in _xlsx_values(xlsx.content)

    csv_text = b"".join(client_a.get("/api/v1/acts/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text), delimiter=";"))
    assert [row["title"] for row in rows] == ["Про\nзатвердження Порядку"]

    exported = json.loads(b"".join(client_a.get("/api/v1/acts/export.json").streaming_content))
    assert [(a["title"], a["text"]) for a in exported["acts"]] == [("Про\nзатвердження Порядку", "Текст\nрішення")]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_registers_stored_with_control_characters_export(client_a, hromada_a, fmt):
    keeper = member(hromada_a, "hromada_admin")
    town = SettlementFactory(hromada=hromada_a, name="Могилів")
    street = register_services.save_street(Street(settlement=town, kind="vulytsia", name="Шевченка"), actor=keeper,
                                           hromada=hromada_a)
    Street.objects.filter(pk=street.pk).update(name="Шевченка\x0b\x01\x1f")
    client_a.force_login(keeper)
    response = client_a.get(reverse(f"registers:streets-export-{fmt}"))
    assert response.status_code == 200
    if fmt == "xlsx":
        values = _xlsx_values(response.content)
    else:
        values = [v for row in csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")),
                                          delimiter=";") for v in row]
    assert "Шевченка\n" in values
    assert not any(isinstance(v, str) and any(ch in v for ch in "\x01\x0b\x1f") for v in values)
