"""The programme's official documents, read back with python-docx and openpyxl: structure, texts and figures."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from hromada.cli import ALIASES
from hromada.core.models import AuditEntry
from hromada.programmes import catalogue, documents, reports, snapshot
from hromada.programmes.services import programme as svc
from tests.programmes.builders import approved_programme, draft_programme, manager

NBSP = "\u00a0"
TITLE = "Програма інформатизації «Цифрова громада»"
LABELS = catalogue.load().passport_items
SECTION_TITLES = [catalogue.load().sections[key]["title"] for key in ("ii", "iii", "iv", "v", "vi")]
ANNEX1_HEADER = [
    "№ з/п", "Пріоритетний напрям", "Завдання", "Проєкт, робота", "Відповідальні за виконання", "Строк виконання",
    "2026: місцевий бюджет, тис. грн", "2026: інші джерела, тис. грн",
    "2027: місцевий бюджет, тис. грн", "2027: інші джерела, тис. грн",
    "2028: місцевий бюджет, тис. грн", "2028: інші джерела, тис. грн",
    "Очікуваний результат",
]
ANNEX2_HEADER = ["№ з/п", "Найменування індикатора", "Одиниця виміру", "Базове значення (рік)",
                 "Цільове значення 2026", "Цільове значення 2027", "Цільове значення 2028", "Джерело даних"]
GOVERNANCE = "Цифрова трансформація управління територіальною громадою"
SERVICES = "Цифровізація публічних послуг"


@pytest.fixture
def actor(hromada_a):
    return manager(hromada_a)


@pytest.fixture
def approved(hromada_a, actor):
    return approved_programme(hromada_a, actor)


def _doc(content: bytes):
    return Document(io.BytesIO(content))


def _texts(document) -> list[str]:
    """Non-empty body paragraphs (a section break leaves an empty one behind)."""
    return [p.text for p in document.paragraphs if p.text]


def _headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _task_row(programme, name: str) -> tuple[str, str]:
    """(number, department) of a builder task: its Annex 1 number and the unit it was given."""
    task = programme.tasks.get(name=name)
    data = snapshot.freeze(programme)
    number = next(t["number"] for d in data["directions"] for t in d["tasks"] if t["id"] == task.pk)
    return number, task.departments.get().name


# --- numbers and dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("1234.5"), f"1{NBSP}234,500"),
    ("1234567.891", f"1{NBSP}234{NBSP}567,891"),
    ("0", "0,000"),
    ("999.9996", f"1{NBSP}000,000"),
    ("-1234.5", f"-1{NBSP}234,500"),
    (None, ""),
])
def test_amounts_in_ukrainian_style(value, text):
    assert documents.format_amount(value) == text


@pytest.mark.parametrize(("value", "text"), [
    ("10.000", "10"), ("12.500", "12,5"), ("1500", f"1{NBSP}500"), ("0.000", "0"), ("-2.25", "-2,25"), (None, ""),
])
def test_indicator_values_keep_only_their_decimals(value, text):
    assert documents.format_number(value) == text


def test_dates_and_terms():
    assert documents.format_date("2025-09-01") == "01.09.2025"
    assert documents.format_date(date(2026, 3, 5)) == "05.03.2026"
    assert documents.format_date(None) == ""
    assert documents.term_text(2026, 2028) == "2026–2028 роки"
    assert documents.term_text(2026, 2026) == "2026 рік"
    assert documents.task_term("2026-01-01", "2027-12-31") == "2026–2027 роки"
    assert documents.task_term("2026-03-01", "2026-09-30") == "01.03.2026–30.09.2026"



@pytest.mark.parametrize(("decision", "phrase"), [
    ("Рішення сесії № 12/3", "рішенням сесії від 20.12.2025 № 12/3"),
    ("рішення сесії сільської ради №12/3.", "рішенням сесії сільської ради від 20.12.2025 № 12/3"),
    ("Рішення 12 сесії VIII скликання від 20.12.2025 № 45-3/VIII",
     "рішенням 12 сесії VIII скликання від 20.12.2025 № 45-3/VIII"),
    ("Розпорядження голови № 5", "розпорядженням голови від 20.12.2025 № 5"),
    ("рішенням виконкому № 7", "рішенням виконкому від 20.12.2025 № 7"),
    ("сесії ради № 9", "рішенням сесії ради від 20.12.2025 № 9"),
    ("№ 45-3/VIII", "рішенням від 20.12.2025 № 45-3/VIII"),
])
def test_the_approving_decision_stands_in_the_instrumental_case(decision, phrase):
    assert documents.approved_by(decision, date(2025, 12, 20)) == phrase


def test_the_docx_says_approved_by_the_session_decision_grammatically(approved):
    """«затверджено рішенням сесії … від … № …», never «затверджено Рішення сесії № … від …»."""
    text = "\n".join(_texts(_doc(documents.programme_docx(snapshot.freeze(approved)))))
    assert "затверджено рішенням сесії від 20.12.2025 № 12/3" in text
    assert "затверджено Рішення" not in text and "затверджено рішення " not in text


# --- the programme ----------------------------------------------------------------------------------------


def test_programme_title_block_and_headings_follow_the_template(approved):
    document = _doc(documents.programme_docx(snapshot.freeze(approved)))
    assert _texts(document)[:5] == [TITLE, "Громада А", "Версія 1, затверджено рішенням сесії від 20.12.2025 № 12/3",
                                    "I. Паспорт", TITLE]
    assert _headings(document) == [
        "I. Паспорт", *SECTION_TITLES,
        "Перелік завдань, проєктів, робіт з інформатизації на 2026–2028 роки",
        "Перелік індикаторів виконання програми",
    ]
    texts = _texts(document)
    assert texts[texts.index("Додаток 1") + 1] == "Перелік завдань, проєктів, робіт з інформатизації на 2026–2028 роки"
    assert texts[texts.index("Додаток 2") + 1] == "Перелік індикаторів виконання програми"


def test_passport_items_in_order_with_their_values(approved, hromada_a):
    document = _doc(documents.programme_docx(snapshot.freeze(approved)))
    texts = _texts(document)
    first = texts.index(f"{LABELS[0]}: Громада А")
    responsible = "; ".join(d.name for d in approved.responsible_departments.all())
    assert texts[first:first + 14] == [
        f"{LABELS[0]}: Громада А",
        f"{LABELS[1]}: {hromada_a.katottg}",
        f"{LABELS[2]}: «Про розроблення програми інформатизації» від 01.09.2025 № 45-р",
        f"{LABELS[3]}: _____",
        f"{LABELS[4]}: Цифрова трансформація громади",
        f"{LABELS[5]}: {approved.developer.name}",
        f"{LABELS[6]}: Заступник голови, Тетяна Смірнова",
        f"{LABELS[7]}: {responsible}",
        f"{LABELS[8]}: 2026–2028 роки",
        LABELS[9],
        "Загальний обсяг, тис. грн, 60,000",
        "у тому числі:",
        "місцевий бюджет 40,000",
        "інші джерела 20,000",
    ]
    assert LABELS[0] == "1. Найменування територіальної громади"
    assert LABELS[9] == "10. Джерела та обсяги фінансування"
    assert approved.responsible_departments.count() == 2
    label_runs = [p.runs[0] for p in document.paragraphs if p.text.startswith(tuple(LABELS))]
    assert [r.text for r in label_runs] == list(LABELS)
    assert all(r.bold for r in label_runs)


def test_passport_financing_table(approved):
    document = _doc(documents.programme_docx(snapshot.freeze(approved)))
    financing = document.tables[0]
    assert financing.style.name == "Table Grid"
    assert _rows(financing) == [
        ["Джерела фінансування", "Всього", "2026", "2027", "2028"],
        ["Обсяг фінансування, всього", "60,000", "60,000", "0,000", "0,000"],
        ["місцевий бюджет", "40,000", "40,000", "0,000", "0,000"],
        ["інші джерела", "20,000", "20,000", "0,000", "0,000"],
    ]


def test_sections_are_rendered_from_the_markup_and_a_draft_says_so(hromada_a, actor):
    programme = draft_programme(hromada_a, actor)
    svc.update_sections(programme, actor=actor, hromada=hromada_a, sections={
        "iii": "Огляд **стану** інформатизації.\n\nПроблеми:\n- застаріла техніка;\n- <b>не HTML</b>.",
    })
    document = _doc(documents.programme_docx(snapshot.freeze(programme)))
    texts = _texts(document)
    assert texts[2] == "Проєкт"
    start = texts.index(SECTION_TITLES[1])
    assert texts[start + 1:start + 6] == ["Огляд стану інформатизації.", "Проблеми:", "застаріла техніка;",
                                          "<b>не HTML</b>.", SECTION_TITLES[2]]
    by_text = {p.text: p for p in document.paragraphs}
    overview = by_text["Огляд стану інформатизації."]
    assert [(r.text, bool(r.bold)) for r in overview.runs] == [("Огляд ", False), ("стану", True),
                                                               (" інформатизації.", False)]
    assert by_text["застаріла техніка;"].style.name == "List Bullet"
    assert texts[texts.index(SECTION_TITLES[0]) + 1] == SECTION_TITLES[1]  # an empty section adds nothing


def test_annex1_table(approved):
    document = _doc(documents.programme_docx(snapshot.freeze(approved)))
    annex1 = document.tables[1]
    rows = _rows(annex1)
    assert rows[0] == ANNEX1_HEADER
    number, department = _task_row(approved, "Завдання 1")
    assert number == "1.1"
    assert rows[1] == ["1.1", f"1. {GOVERNANCE}", "Завдання 1", "Проєкт 1", department, "2026 рік",
                       "10,000", "5,000", "–", "–", "–", "–", "Результат"]
    assert [row[:3] for row in rows[1:5]] == [
        ["1.1", f"1. {GOVERNANCE}", "Завдання 1"], ["1.2", f"1. {GOVERNANCE}", "Завдання 3"],
        ["2.1", f"2. {SERVICES}", "Завдання 2"], ["2.2", f"2. {SERVICES}", "Завдання 4"],
    ]
    assert rows[5] == ["Усього за Програмою"] * 6 + ["40,000", "20,000", "0,000", "0,000", "0,000", "0,000", ""]
    assert len(rows) == 6
    # The direction is one cell spanning its tasks, written once.
    assert annex1.cell(1, 1)._tc is annex1.cell(2, 1)._tc
    assert annex1.cell(2, 1)._tc is not annex1.cell(3, 1)._tc


def test_annex2_table(approved):
    document = _doc(documents.programme_docx(snapshot.freeze(approved)))
    assert _rows(document.tables[2]) == [
        ANNEX2_HEADER,
        ["1", "Частка електронних звернень", "%", "10 (2025)", "20", "25", "30", ""],
        ["2", "Заклади громади", "од.", "0 (2025)", "3", "3", "3",
         approved.indicators.get(name="Заклади громади").data_source],
    ]
    assert len(document.tables) == 3


def test_pages_fonts_and_properties(approved):
    document = _doc(documents.programme_docx(snapshot.freeze(approved)))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE,
                                                          WD_ORIENT.LANDSCAPE]
    assert document.sections[1].page_width > document.sections[1].page_height
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 12)
    assert document.core_properties.title == TITLE
    assert document.core_properties.language == "uk-UA"
    assert all(t.style.name == "Table Grid" for t in document.tables)


def test_a_stored_version_renders_as_approved_after_an_amendment(hromada_a, actor, approved):
    svc.start_amendment(approved, actor=actor, hromada=hromada_a)
    svc.update_passport(approved, actor=actor, hromada=hromada_a, fields={"title": "Нова редакція"},
                        departments=list(approved.responsible_departments.all()))
    stored = approved.versions.get(number=1).snapshot
    old = _texts(_doc(documents.programme_docx(stored)))
    current = _texts(_doc(documents.programme_docx(snapshot.freeze(approved))))
    assert old[:3] == [TITLE, "Громада А", "Версія 1, затверджено рішенням сесії від 20.12.2025 № 12/3"]
    assert current[:3] == ["Нова редакція", "Громада А", "Проєкт"]


# --- annexes alone ----------------------------------------------------------------------------------------


def test_annexes_alone_are_landscape_with_the_same_tables(approved):
    data = snapshot.freeze(approved)
    whole = _doc(documents.programme_docx(data))
    for render, mark, table in ((documents.annex1_docx, "Додаток 1", 1), (documents.annex2_docx, "Додаток 2", 2)):
        document = _doc(render(data))
        assert [s.orientation for s in document.sections] == [WD_ORIENT.LANDSCAPE]
        assert _texts(document)[0] == mark
        assert _texts(document)[2:4] == [f"{TITLE} — Громада А",
                                         "Версія 1, затверджено рішенням сесії від 20.12.2025 № 12/3"]
        assert [_rows(t) for t in document.tables] == [_rows(whole.tables[table])]
        assert document.core_properties.language == "uk-UA"


def _sheet(content: bytes, index: int = 0):
    return load_workbook(io.BytesIO(content)).worksheets[index]


def _values(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_annex1_xlsx(approved):
    sheet = _sheet(documents.annex1_xlsx(snapshot.freeze(approved)))
    assert sheet.title == "Додаток 1"
    rows = _values(sheet)
    assert rows[0] == ANNEX1_HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 45
    assert sheet.column_dimensions["G"].width == 16
    _number, department = _task_row(approved, "Завдання 1")
    assert rows[1] == ["1.1", GOVERNANCE, "Завдання 1", "Проєкт 1", department, "2026 рік", 10, 5, 0, 0, 0, 0,
                       "Результат"]
    assert [row[0] for row in rows[1:]] == ["1.1", "1.2", "2.1", "2.2"]
    for target in sheet[2][6:12]:
        assert target.data_type == "n"
        assert target.number_format == "#,##0.000"


def test_annex2_xlsx(approved):
    workbook = load_workbook(io.BytesIO(documents.annex2_xlsx(snapshot.freeze(approved))))
    sheet = workbook["Додаток 2"]
    rows = _values(sheet)
    assert rows[0] == ["№ з/п", "Найменування індикатора", "Одиниця виміру", "Базове значення",
                       "Рік базового значення", "Цільове значення 2026", "Цільове значення 2027",
                       "Цільове значення 2028", "Джерело даних"]
    assert rows[1] == [1, "Частка електронних звернень", "%", 10, 2025, 20, 25, 30, None]
    assert rows[2][:8] == [2, "Заклади громади", "од.", 0, 2025, 3, 3, 3]
    assert isinstance(rows[1][4], int)
    assert sheet.freeze_panes == "A2"
    assert _values(workbook["Про документ"])[:2] == [["Програма", TITLE], ["Територіальна громада", "Громада А"]]


# --- annual reports ---------------------------------------------------------------------------------------


@pytest.fixture
def report(approved):
    return reports.build(approved, 2026)


def test_progress_report_docx(report, approved):
    document = _doc(documents.report_docx(report, "progress"))
    texts = _texts(document)
    assert texts[:4] == ["Звіт про хід виконання Програми", f"Програма: {TITLE}", "Територіальна громада: Громада А",
                         "Звітний рік: 2026"]
    assert texts[-2] == "Керівник Програми: Заступник голови, Тетяна Смірнова"
    footnote = document.paragraphs[-1]
    assert footnote.text == f"Форма звіту {report['layout_version']}. {report['layout_note']}"
    assert footnote.runs[0].font.size.pt == 8
    assert [s.orientation for s in document.sections] == [WD_ORIENT.LANDSCAPE]
    (table,) = document.tables
    rows = _rows(table)
    assert rows[0] == [c["title"] for c in reports.layout()["progress"]["columns"]]
    _number, department = _task_row(approved, "Завдання 1")
    assert rows[1] == ["1.1", GOVERNANCE, "Завдання 1", "Проєкт 1", department, "01.01.2026–31.12.2026",
                       str(report["progress"]["rows"][0]["status"]), "0", "10,000", "5,000", "0,000", "0,000", ""]
    assert len(rows) == 5


def test_effectiveness_report_docx(report):
    document = _doc(documents.report_docx(report, "effectiveness"))
    sections = reports.layout()["effectiveness"]["sections"]
    assert _texts(document)[0] == "Звіт про результати виконання Програми"
    assert _headings(document) == [s["title"] for s in sections]
    assert [_rows(t)[0] for t in document.tables] == [[c["title"] for c in s["columns"]] for s in sections]
    financing = _rows(document.tables[1])
    assert [row[1:] for row in financing[1:]] == [["40,000", "0,000", "0,0"], ["20,000", "0,000", "0,0"],
                                                  ["60,000", "0,000", "0,0"]]
    indicators = _rows(document.tables[3])
    assert indicators[1] == ["1", "Частка електронних звернень", "%", "10", "20", "", "", ""]


def test_progress_report_xlsx_types_cells_by_kind(report):
    workbook = load_workbook(io.BytesIO(documents.report_xlsx(report, "progress")))
    assert workbook.sheetnames == ["Хід виконання", "Про документ"]
    sheet = workbook["Хід виконання"]
    rows = _values(sheet)
    assert rows[0] == [c["title"] for c in reports.layout()["progress"]["columns"]]
    assert rows[1][:2] == ["1.1", GOVERNANCE]
    assert rows[1][7:12] == [0, 10, 5, 0, 0]
    assert rows[1][12] is None  # nothing done yet: an empty cell, not ""
    assert isinstance(rows[1][7], int)
    assert [c.number_format for c in sheet[2][8:12]] == ["#,##0.000"] * 4
    assert sheet.freeze_panes == "A2"
    about = dict(_values(workbook["Про документ"]))
    assert about["Звітний рік"] == 2026
    assert about["Форма звіту"] == report["layout_version"]


def test_effectiveness_report_xlsx(report):
    workbook = load_workbook(io.BytesIO(documents.report_xlsx(report, "effectiveness")))
    sections = reports.layout()["effectiveness"]["sections"]
    assert len(workbook.sheetnames) == len(sections) + 1
    for sheet, section in zip(workbook.worksheets, sections, strict=False):
        assert len(sheet.title) <= 31
        assert _values(sheet)[0] == [c["title"] for c in section["columns"]]
    financing = workbook.worksheets[1]
    assert _values(financing)[3][1:] == [60, 0, 0]
    assert financing["B4"].number_format == "#,##0.000"
    assert financing["D4"].data_type == "n"
    tasks = workbook.worksheets[2]
    assert _values(tasks)[1][1:3] == [2, 0]
    indicators = _values(workbook.worksheets[3])
    assert indicators[1] == ["1", "Частка електронних звернень", "%", 10, 20, None, None, None]
    about = dict(_values(workbook["Про документ"]))
    assert about[workbook.sheetnames[0]] == sections[0]["title"]


def test_unknown_report_is_refused(report):
    with pytest.raises(ValueError, match="unknown report"):
        documents.report_docx(report, "annual")
    with pytest.raises(ValueError, match="unknown report"):
        documents.report_xlsx(report, "annual")


# --- the command ------------------------------------------------------------------------------------------


def _export(hromada, programme, out, **options):
    call_command("export_programme", hromada=hromada.katottg, programme=programme.pk, out=str(out), **options)


def test_command_writes_the_current_programme(approved, hromada_a, tmp_path):
    out = tmp_path / "programme.docx"
    stdout = io.StringIO()
    with translation.override("en"):
        call_command("export_programme", "--hromada", hromada_a.katottg, "--programme", str(approved.pk),
                     "--out", str(out), stdout=stdout)
    assert stdout.getvalue() == f"Programme {approved.pk} (current state) written to {out}.\n"
    assert _texts(_doc(out.read_bytes()))[:2] == [TITLE, "Громада А"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["programme.docx"]
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert entry.changes == {"export": [None, "programme.docx vcurrent (cli)"]}
    assert entry.hromada_id == hromada_a.pk


def test_command_exports_an_approved_version_and_replaces_the_file(approved, hromada_a, actor, tmp_path):
    svc.start_amendment(approved, actor=actor, hromada=hromada_a)
    svc.update_passport(approved, actor=actor, hromada=hromada_a, fields={"title": "Нова редакція"},
                        departments=list(approved.responsible_departments.all()))
    out = tmp_path / "v1.docx"
    out.write_bytes(b"old")
    _export(hromada_a, approved, out, version=1, stdout=io.StringIO())
    assert _texts(_doc(out.read_bytes()))[0] == TITLE
    _export(hromada_a, approved, out, stdout=io.StringIO())
    assert _texts(_doc(out.read_bytes()))[0] == "Нова редакція"


def test_the_cli_alias():
    assert ALIASES["export-programme"] == "export_programme"


@pytest.fixture
def other_programme(hromada_b):
    return draft_programme(hromada_b, manager(hromada_b))


@pytest.mark.parametrize(("case", "message"), [
    ("unknown hromada", r"^No hromada with KATOTTG code UA00000000000000000\.$"),
    ("programme of another hromada", r"^Hromada UA\d+ has no programme \d+\.$"),
    ("unknown programme", r"^Hromada UA\d+ has no programme 999999\.$"),
    ("unknown version", r"^Programme \d+ has no approved version 7\.$"),
    ("not .docx", r"^.*programme\.pdf: the file name must end in \.docx\.$"),
    ("missing directory", r"^Directory .*missing does not exist\.$"),
    ("a directory", r"^.*folder\.docx is a directory; give the document's file name\.$"),
])
def test_command_errors_write_nothing(case, message, approved, other_programme, hromada_a, tmp_path):
    options = {"hromada": hromada_a.katottg, "programme": approved.pk, "out": str(tmp_path / "programme.docx")}
    if case == "unknown hromada":
        options["hromada"] = "UA00000000000000000"
    elif case == "programme of another hromada":
        options["programme"] = other_programme.pk
    elif case == "unknown programme":
        options["programme"] = 999999
    elif case == "unknown version":
        options["version"] = 7
    elif case == "not .docx":
        options["out"] = str(tmp_path / "programme.pdf")
    elif case == "missing directory":
        options["out"] = str(tmp_path / "missing" / "programme.docx")
    elif case == "a directory":
        (tmp_path / "folder.docx").mkdir()
        options["out"] = str(tmp_path / "folder.docx")
    with translation.override("en"), pytest.raises(CommandError, match=message) as raised:
        call_command("export_programme", **options)
    assert "\n" not in str(raised.value)
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == []
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_a_failed_write_leaves_no_partial_file_and_keeps_the_old_one(approved, hromada_a, tmp_path, monkeypatch):
    out = tmp_path / "programme.docx"
    out.write_bytes(b"old")

    def refuse(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("hromada.programmes.management.commands.export_programme.os.replace", refuse)
    with translation.override("en"), pytest.raises(CommandError, match=r"^Cannot write .*: No space left on device$"):
        _export(hromada_a, approved, out)
    assert [p.name for p in tmp_path.iterdir()] == ["programme.docx"]
    assert out.read_bytes() == b"old"


# --- LibreOffice ------------------------------------------------------------------------------------------

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_documents(approved, report, tmp_path):
    data = snapshot.freeze(approved)
    sources = {"programme.docx": documents.programme_docx(data), "annex1.docx": documents.annex1_docx(data),
               "progress.docx": documents.report_docx(report, "progress")}
    for name, content in sources.items():
        (tmp_path / name).write_bytes(content)
    profile = Path(tmp_path / "profile").as_uri()
    subprocess.run([OFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *(str(tmp_path / name) for name in sources)],
                   check=True, capture_output=True, timeout=300)
    for name in sources:
        pdf = tmp_path / "pdf" / name.replace(".docx", ".pdf")
        assert pdf.exists()
        assert pdf.read_bytes().startswith(b"%PDF")
