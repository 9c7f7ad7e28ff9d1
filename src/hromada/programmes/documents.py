"""The official documents of the informatization programme: the programme, its annexes and the annual reports.

Everything here is a pure function of plain data: ``snapshot.freeze()`` output (or a stored
``ProgrammeVersion.snapshot``, the same shape) and ``reports.build()`` output. So version 1 renders exactly as
it was approved, long after the programme has been amended.

The fixed texts are Ukrainian constants, not gettext: these are official documents that follow the wording of
the Mintsyfra template, which is Ukrainian by law whatever language the interface speaks.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from hromada.core.exports import cell as typed_cell
from hromada.core.ukrtext import xml_safe_data
from hromada.programmes import catalogue, markup


def _xml_safe_input(render: Callable[..., bytes]) -> Callable[..., bytes]:
    """Give a renderer its data with every text XML-safe (ukrtext.xml_safe): a snapshot or report frozen from
    rows stored before input was cleaned may hold control characters, which python-docx/lxml and openpyxl refuse
    to write — the download would fail. A vertical tab from Word becomes a line break (a <w:br/> in DOCX)."""

    @functools.wraps(render)
    def wrapper(data: dict, *args, **kwargs) -> bytes:
        return render(xml_safe_data(data), *args, **kwargs)

    return wrapper

# --- fixed texts (the template's wording) -----------------------------------------------------------------

DRAFT = "Проєкт"
VERSION_LINE = "Версія {number}, затверджено {decision}"
PASSPORT_HEADING = "I. Паспорт"
BLANK = "_____"  # an unfilled item, as the template prints it
NOTHING = "–"  # nothing planned: the dash officials put in an empty cell of a financial table
YEARS = "{start}–{end} роки"
ONE_YEAR = "{year} рік"
DECREE = "«{title}»"
DECREE_DATE = "від {date}"
DECREE_NUMBER = "№ {number}"
FINANCING_TOTAL = "Загальний обсяг, тис. грн, {amount}"
INCLUDING = "у тому числі:"
LOCAL_BUDGET = "місцевий бюджет"
OTHER_SOURCES = "інші джерела"
FINANCING_SOURCES = "Джерела фінансування"
TOTAL = "Всього"
FINANCING_ALL = "Обсяг фінансування, всього"
THOUSAND_UAH = "тис. грн"

ANNEX1_MARK = "Додаток 1"
ANNEX1_TITLE = "Перелік завдань, проєктів, робіт з інформатизації на {term}"
ANNEX1_COLUMNS = ("№ з/п", "Пріоритетний напрям", "Завдання", "Проєкт, робота", "Відповідальні за виконання",
                  "Строк виконання")
ANNEX1_MONEY = ("{year}: місцевий бюджет, тис. грн", "{year}: інші джерела, тис. грн")
ANNEX1_RESULT = "Очікуваний результат"
ANNEX1_SUM = "Усього за Програмою"
ANNEX2_MARK = "Додаток 2"
ANNEX2_TITLE = "Перелік індикаторів виконання програми"
ANNEX2_COLUMNS = ("№ з/п", "Найменування індикатора", "Одиниця виміру")
ANNEX2_BASELINE = "Базове значення (рік)"
ANNEX2_BASELINE_XLSX = ("Базове значення", "Рік базового значення")
ANNEX2_TARGET = "Цільове значення {year}"
ANNEX2_SOURCE = "Джерело даних"

ABOUT_SHEET = "Про документ"
ABOUT_PROGRAMME = "Програма"
ABOUT_HROMADA = "Територіальна громада"
ABOUT_KATOTTG = "Код за Кодифікатором"
ABOUT_STATUS = "Редакція"
ABOUT_REPORT = "Звіт"
ABOUT_YEAR = "Звітний рік"
ABOUT_LAYOUT = "Форма звіту"
ABOUT_GENERATED = "Сформовано"
ABOUT_NOTE = "Примітка"
REPORT_PROGRAMME = "Програма: {title}"
REPORT_HROMADA = "Територіальна громада: {hromada}"
REPORT_YEAR = "Звітний рік: {year}"
REPORT_HEAD = "Керівник Програми"
REPORT_NOTE = "Форма звіту {version}. {note}"
REPORT_SHEETS = {"progress": "Хід виконання"}

FONT = "Times New Roman"
LANGUAGE = "uk-UA"
APPROVED_STATUSES = {"approved", "execution", "completed"}  # statuses whose content is the approved version
MONEY_FORMAT = "#,##0.000"
PERCENT_FORMAT = "0.0"
GROUP_SEPARATOR = "\u00a0"  # a no-break space: «1 234,500» never splits across lines

# --- numbers and dates, Ukrainian style -------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _grouped(digits: str) -> str:
    head = len(digits) % 3 or 3
    return GROUP_SEPARATOR.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _decimal_text(value: Decimal, places: int | None) -> str:
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{abs(value):.{places}f}"
    else:
        text = f"{abs(value).normalize():f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if value < 0 else ""
    return sign + _grouped(whole) + ("," + fraction if fraction else "")


def format_amount(value) -> str:
    """Thousand UAH to the hryvnia: ``Decimal("1234.5")`` → «1 234,500»; empty for no value."""
    number = _decimal(value)
    return "" if number is None else _decimal_text(number, 3)


def format_number(value) -> str:
    """An indicator value with only the decimals it has: «12,5», «10», «1 500»; empty for no value."""
    number = _decimal(value)
    return "" if number is None else _decimal_text(number, None)


def format_percent(value) -> str:
    number = _decimal(value)
    return "" if number is None else _decimal_text(number, 1)


def format_date(value: str | date | None) -> str:
    """ISO date (as the snapshot stores it) → dd.mm.yyyy."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{day:%d.%m.%Y}"


def term_text(start_year: int, end_year: int) -> str:
    return ONE_YEAR.format(year=start_year) if start_year == end_year else YEARS.format(start=start_year,
                                                                                       end=end_year)


def task_term(start: str, end: str) -> str:
    """Whole calendar years as years («2026 рік»), anything else as dates."""
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return term_text(first.year, last.year)
    return f"{format_date(first)}–{format_date(last)}"


def years_of(data: dict) -> list[int]:
    passport = data["passport"]
    return list(range(passport["start_year"], passport["end_year"] + 1))


# The approving document is typed in the nominative («Рішення сесії № 12/3»); after «затверджено» it stands in
# the instrumental, as officials write it: «затверджено рішенням сесії … від 20.12.2025 № 12/3».
INSTRUMENTAL = {"рішення": "рішенням", "розпорядження": "розпорядженням", "наказ": "наказом",
                "постанова": "постановою", "ухвала": "ухвалою"}
_DECISION_NUMBER = re.compile(r"\s*№\s*(\S+?)[.,;]?(?=\s|$)")
_DECISION_DATE = re.compile(r"\s*від\s+\d{1,2}\.\d{1,2}\.\d{4}(\s*р(оку|\.))?")


def approved_by(decision: str, decided_on) -> str:
    """«рішенням <whose> від <date> № <number>»: the approving decision in the instrumental case."""
    text = " ".join((decision or "").split())
    number = ""
    if match := _DECISION_NUMBER.search(text):
        number = match.group(1)
        text = text[:match.start()] + text[match.end():]
    text = _DECISION_DATE.sub("", text).strip(" ,.")
    first, _space, rest = text.partition(" ")
    noun = first.lower()
    if noun in INSTRUMENTAL.values():
        text = " ".join(part for part in (noun, rest) if part)
    elif noun in INSTRUMENTAL:
        text = " ".join(part for part in (INSTRUMENTAL[noun], rest) if part)
    else:  # «сесії сільської ради» or nothing but the number: a decision all the same
        text = " ".join(part for part in ("рішенням", text) if part)
    parts = [text, DECREE_DATE.format(date=format_date(decided_on)) if decided_on else ""]
    return " ".join(part for part in (*parts, DECREE_NUMBER.format(number=number) if number else "") if part)


def version_line(data: dict) -> str:
    if data.get("status") in APPROVED_STATUSES and data.get("approval_date"):
        return VERSION_LINE.format(number=data["version"],
                                   decision=approved_by(data["approval_decision"], data["approval_date"]))
    return DRAFT


# --- DOCX building blocks ---------------------------------------------------------------------------------

TABLE_TEXT = "Table Text"


def _plain_font(style, size: int, *, bold: bool | None = None) -> None:
    """Times New Roman in black, also where the default template asks for theme fonts and colours."""
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    _explicit_fonts(style.element.get_or_add_rPr())


def _explicit_fonts(rpr) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    # Theme attributes win over explicit names in Word, so they have to go.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _document_defaults(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _explicit_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)
    normal = document.styles["Normal"]
    _plain_font(normal, 12)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size in (("Heading 1", 12), ("Heading 2", 12)):
        heading = document.styles[name]
        _plain_font(heading, size, bold=True)
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
    table_text = document.styles.add_style(TABLE_TEXT, 1)  # 1: a paragraph style
    table_text.base_style = normal
    _plain_font(table_text, 10)
    document.styles["List Bullet"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _page(section, *, landscape: bool) -> None:
    """A4; portrait pages keep the 30 mm binding margin of Ukrainian office documents."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = (Mm(20), Mm(20)) if landscape else (Mm(30), Mm(10))


def _narrow_cell_margins(table) -> None:
    """1 mm instead of Word's 1.9 mm each side: the wide annexes need the room for their figures."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties = table._tbl.tblPr
    # Word rejects a file whose elements are out of the schema's order: tblCellMar comes before these.
    later = [properties.find(qn(tag)) for tag in ("w:tblLook", "w:tblCaption", "w:tblDescription")]
    following = next((element for element in later if element is not None), None)
    if following is None:
        properties.append(margins)
    else:
        following.addprevious(margins)


def _repeat_as_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


@dataclass
class Column:
    title: str
    weight: float = 2.0  # share of the page width
    numeric: bool = False  # right-aligned in DOCX
    number_format: str | None = None  # XLSX
    xlsx_width: float = 30


class _Docx:
    """One document under construction, with the few kinds of block the programme documents use."""

    def __init__(self, *, title: str, author: str, landscape: bool = False):
        self.document = Document()
        _document_defaults(self.document)
        _page(self.document.sections[0], landscape=landscape)
        props = self.document.core_properties
        props.title, props.language, props.author = title, LANGUAGE, author
        props.last_modified_by, props.comments, props.revision = author, "", 1
        props.created = props.modified = datetime.now(UTC)
        self.table_text_style_id = self.document.styles[TABLE_TEXT].style_id

    def paragraph(self, text: str = "", *, bold: bool = False, size: int | None = None, italic: bool = False,
                  align=None):
        paragraph = self.document.add_paragraph()
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
            if size:
                run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        return paragraph

    def title(self, text: str) -> None:
        self.paragraph(text, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)

    def heading(self, text: str, level: int = 1) -> None:
        self.document.add_heading(text, level=level)

    def labelled(self, label: str, value: str) -> None:
        """A passport item: the template's label in bold, then its value."""
        paragraph = self.paragraph(label, bold=True)
        if value:
            paragraph.add_run(f": {value}")

    def text(self, source: str) -> None:
        """A section's text in the light markup: justified paragraphs with the usual 1.25 cm indent, lists."""
        for kind, body in markup.blocks(source):
            lines = [body] if kind == "p" else body
            for line in lines:
                paragraph = self.document.add_paragraph(style="List Bullet" if kind == "ul" else None)
                if kind == "p":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                    paragraph.paragraph_format.first_line_indent = Cm(1.25)
                for text, bold in line:
                    paragraph.add_run(text).bold = bold or None

    def new_section(self, *, landscape: bool) -> None:
        _page(self.document.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)

    def table(self, columns: Sequence[Column], rows: Iterable[Sequence[str]]):
        """A grid table with a bold header row that repeats on every page; rows added later need `fit` again."""
        table = self.document.add_table(rows=1, cols=len(columns))
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        _narrow_cell_margins(table)
        for target, column in zip(table.rows[0].cells, columns, strict=True):
            self.fill(target, column.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _repeat_as_header(table.rows[0])
        for values in rows:
            self.add_row(table, columns, values)
        self.fit(table, columns)
        return table

    def add_row(self, table, columns: Sequence[Column], values: Sequence[str], *, bold: bool = False):
        row = table.add_row()
        # A fresh row has one cell per column; building them from its own <w:tc> elements avoids
        # `row.cells`, which walks the whole table and made long annexes quadratic.
        for tc, column, value in zip(row._tr.tc_lst, columns, values, strict=True):
            self.fill(_Cell(tc, table), value, bold=bold, align=WD_ALIGN_PARAGRAPH.RIGHT if column.numeric else None)
        return row

    def fill(self, target, value: str, *, bold: bool = False, align=None) -> None:
        paragraph = target.paragraphs[0]
        paragraph._p.style = self.table_text_style_id  # by id: a lookup by name scans every style each time
        if value:
            paragraph.add_run(value).bold = bold or None
        if align is not None:
            paragraph.alignment = align

    def fit(self, table, columns: Sequence[Column]) -> None:
        """Share the usable page width by the columns' weights."""
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        scale = sum(column.weight for column in columns)
        widths = [int(usable * column.weight / scale) for column in columns]
        # Word reads the grid, LibreOffice the cells: both are set; a merged cell gets its columns' sum.
        for grid_column, width in zip(table.columns, widths, strict=True):
            grid_column.width = width
        for row in table.rows:
            position = 0
            for tc in row._tr.tc_lst:
                tc.width = sum(widths[position:position + tc.grid_span])
                position += tc.grid_span

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


# --- the programme ----------------------------------------------------------------------------------------


def _decree(passport: dict) -> str:
    parts = []
    if passport.get("decree_title"):
        title = passport["decree_title"].strip()
        parts.append(title if title.startswith("«") else DECREE.format(title=title))
    if passport.get("decree_date"):
        parts.append(DECREE_DATE.format(date=format_date(passport["decree_date"])))
    if passport.get("decree_number"):
        parts.append(DECREE_NUMBER.format(number=passport["decree_number"]))
    return " ".join(parts)


def _head(passport: dict) -> str:
    return ", ".join(part for part in (passport.get("head_position"), passport.get("head_name")) if part)


def passport_values(data: dict) -> list[str]:
    """Values of passport items 1–9 in the template's order; item 10 is a block of its own."""
    passport = data["passport"]
    return [
        passport["hromada"],
        passport["katottg"],
        _decree(passport),
        format_date(passport.get("gsc_approval_date")),
        passport.get("goal", ""),
        passport.get("developer", ""),
        _head(passport),
        "; ".join(passport.get("responsible") or []),
        term_text(passport["start_year"], passport["end_year"]),
    ]


def _financing_table(document: _Docx, data: dict) -> None:
    passport = data["passport"]
    by_year = {row["year"]: row for row in passport["financing"]}
    years = years_of(data)
    columns = [Column(FINANCING_SOURCES, 3)] + [Column(title, 1.5, numeric=True)
                                               for title in [TOTAL, *map(str, years)]]
    rows = []
    for label, key in ((FINANCING_ALL, "total"), (LOCAL_BUDGET, "local_budget"), (OTHER_SOURCES, "other_sources")):
        per_year = [format_amount(by_year[year][key]) if year in by_year else NOTHING for year in years]
        rows.append([label, format_amount(passport["financing_total"][key]), *per_year])
    document.paragraph(THOUSAND_UAH, italic=True, size=10, align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.table(columns, rows)


def _passport(document: _Docx, data: dict, labels: Sequence[str]) -> None:
    document.heading(PASSPORT_HEADING)
    document.paragraph(data["passport"]["title"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for label, value in zip(labels[:9], passport_values(data), strict=True):
        document.labelled(label, value or BLANK)
    totals = data["passport"]["financing_total"]
    document.labelled(labels[9], "")
    for line in (FINANCING_TOTAL.format(amount=format_amount(totals["total"])), INCLUDING,
                 f"{LOCAL_BUDGET} {format_amount(totals['local_budget'])}",
                 f"{OTHER_SOURCES} {format_amount(totals['other_sources'])}"):
        document.paragraph(line).paragraph_format.left_indent = Cm(0.75)
    _financing_table(document, data)


def _title_block(document: _Docx, data: dict) -> None:
    document.title(data["passport"]["title"])
    document.paragraph(data["passport"]["hromada"], align=WD_ALIGN_PARAGRAPH.CENTER)
    document.paragraph(version_line(data), italic=True, size=10, align=WD_ALIGN_PARAGRAPH.CENTER)


@_xml_safe_input
def programme_docx(data: dict) -> bytes:
    """The whole programme on the template: passport, sections II–VI, Annex 1 and Annex 2 (landscape)."""
    template = catalogue.load(data.get("catalogue") or catalogue.DEFAULT)
    document = _Docx(title=data["passport"]["title"], author=data["passport"]["hromada"])
    _title_block(document, data)
    _passport(document, data, template.passport_items)
    for key in ("ii", "iii", "iv", "v", "vi"):
        document.heading(template.sections[key]["title"])
        document.text(data["sections"].get(key, ""))
    document.new_section(landscape=True)
    _annex1(document, data)
    document.new_section(landscape=True)
    _annex2(document, data)
    return document.to_bytes()


# --- Annex 1: tasks ---------------------------------------------------------------------------------------


def annex1_columns(data: dict) -> list[Column]:
    weights = (0.8, 1.8, 3.0, 2.3, 1.8, 1.8)
    columns = [Column(title, weight, xlsx_width=width) for title, weight, width
               in zip(ANNEX1_COLUMNS, weights, (8, 30, 45, 40, 35, 20), strict=True)]
    for year in years_of(data):
        columns += [Column(title.format(year=year), 1.7, numeric=True, number_format=MONEY_FORMAT, xlsx_width=16)
                    for title in ANNEX1_MONEY]
    columns.append(Column(ANNEX1_RESULT, 2.3, xlsx_width=40))
    return columns


def planned(task: dict, years: Sequence[int]) -> list[Decimal]:
    """Planned amounts per year and source, in the column order of Annex 1 (nothing planned → 0)."""
    amounts = {(row["year"], row["source"]): Decimal(row["planned"]) for row in task["financing"]
               if row.get("planned") is not None}
    return [amounts.get((year, source), Decimal(0)) for year in years for source in ("local", "other")]


def _direction_label(direction: dict) -> str:
    return f"{direction['number']}. {direction['name']}"


def _task_texts(task: dict) -> list[str]:
    return [task["number"], task["name"], task["project"], ", ".join(task["departments"]),
            task_term(task["start_date"], task["end_date"])]


def _merge_down(cells) -> None:
    """Merge one column's cells vertically by marking them (python-docx's merge recurses once per row)."""
    if len(cells) < 2:
        return
    for position, tc in enumerate(cells):
        mark = OxmlElement("w:vMerge")
        if position == 0:
            mark.set(qn("w:val"), "restart")
        tc.get_or_add_tcPr().append(mark)


def _annex1_table(document: _Docx, data: dict) -> None:
    years = years_of(data)
    columns = annex1_columns(data)
    table = document.table(columns, [])
    totals = [Decimal(0)] * (2 * len(years))
    for direction in data["directions"]:
        rows = []
        for task in direction["tasks"] or [None]:
            if task is None:  # a direction without tasks still shows in the annex
                values = ["", _direction_label(direction)] + [""] * (len(columns) - 2)
            else:
                amounts = planned(task, years)
                totals = [a + b for a, b in zip(totals, amounts, strict=True)]
                number, name, project, departments, term = _task_texts(task)
                values = [number, "", name, project, departments, term,
                          *[format_amount(a) if a else NOTHING for a in amounts], task["expected_result"]]
            rows.append(document.add_row(table, columns, values))
        # The direction is named once, in a cell spanning its tasks, as the official forms draw it.
        first = _Cell(rows[0]._tr.tc_lst[1], table)
        if not first.text:
            document.fill(first, _direction_label(direction))
        _merge_down([row._tr.tc_lst[1] for row in rows])
    row = document.add_row(table, columns, [ANNEX1_SUM] + [""] * 5
                           + [format_amount(a) for a in totals] + [""], bold=True)
    row.cells[0].merge(row.cells[5])
    document.fit(table, columns)


def _annex_heading(document: _Docx, mark: str, title: str, data: dict, *, standalone: bool) -> None:
    document.paragraph(mark, align=WD_ALIGN_PARAGRAPH.RIGHT)
    document.heading(title)
    if standalone:
        document.paragraph(f"{data['passport']['title']} — {data['passport']['hromada']}",
                           align=WD_ALIGN_PARAGRAPH.CENTER)
        document.paragraph(version_line(data), italic=True, size=10, align=WD_ALIGN_PARAGRAPH.CENTER)


def _annex1(document: _Docx, data: dict, *, standalone: bool = False) -> None:
    passport = data["passport"]
    title = ANNEX1_TITLE.format(term=term_text(passport["start_year"], passport["end_year"]))
    _annex_heading(document, ANNEX1_MARK, title, data, standalone=standalone)
    _annex1_table(document, data)


def annex1_rows(data: dict) -> list[list[Any]]:
    """Annex 1 as typed rows for a spreadsheet: one row per task, amounts as Decimals."""
    years = years_of(data)
    rows = []
    for direction in data["directions"]:
        for task in direction["tasks"]:
            number, name, project, departments, term = _task_texts(task)
            rows.append([number, direction["name"], name, project, departments, term, *planned(task, years),
                         task["expected_result"]])
    return rows


@_xml_safe_input
def annex1_docx(data: dict) -> bytes:
    document = _Docx(title=f"{ANNEX1_MARK}. {data['passport']['title']}", author=data["passport"]["hromada"],
                     landscape=True)
    _annex1(document, data, standalone=True)
    return document.to_bytes()


@_xml_safe_input
def annex1_xlsx(data: dict) -> bytes:
    return _workbook_bytes(data["passport"]["title"], [
        _Sheet(ANNEX1_MARK, annex1_columns(data), annex1_rows(data)),
        _about_programme(data),
    ])


# --- Annex 2: indicators ----------------------------------------------------------------------------------


def _targets(indicator: dict, years: Sequence[int]) -> list[Decimal | None]:
    by_year = {row["year"]: row.get("target") for row in indicator["years"]}
    return [_decimal(by_year.get(year)) for year in years]


def _baseline_text(indicator: dict) -> str:
    value = format_number(indicator.get("baseline_value"))
    year = indicator.get("baseline_year")
    if value and year:
        return f"{value} ({year})"
    return value or (f"({year})" if year else NOTHING)


def _annex2_table(document: _Docx, data: dict) -> None:
    years = years_of(data)
    columns = [Column(ANNEX2_COLUMNS[0], 0.7), Column(ANNEX2_COLUMNS[1], 4), Column(ANNEX2_COLUMNS[2], 1.3),
               Column(ANNEX2_BASELINE, 1.5, numeric=True)]
    columns += [Column(ANNEX2_TARGET.format(year=year), 1.3, numeric=True) for year in years]
    columns.append(Column(ANNEX2_SOURCE, 2.5))
    rows = [[str(indicator["number"]), indicator["name"], indicator["unit"], _baseline_text(indicator),
             *[format_number(target) or NOTHING for target in _targets(indicator, years)],
             indicator.get("data_source", "")]
            for indicator in data["indicators"]]
    document.table(columns, rows)


def _annex2(document: _Docx, data: dict, *, standalone: bool = False) -> None:
    _annex_heading(document, ANNEX2_MARK, ANNEX2_TITLE, data, standalone=standalone)
    _annex2_table(document, data)


def annex2_xlsx_columns(data: dict) -> list[Column]:
    columns = [Column(ANNEX2_COLUMNS[0], xlsx_width=8), Column(ANNEX2_COLUMNS[1], xlsx_width=50),
               Column(ANNEX2_COLUMNS[2], xlsx_width=14)]
    columns += [Column(title, xlsx_width=16) for title in ANNEX2_BASELINE_XLSX]
    columns += [Column(ANNEX2_TARGET.format(year=year), xlsx_width=16) for year in years_of(data)]
    columns.append(Column(ANNEX2_SOURCE, xlsx_width=35))
    return columns


def annex2_rows(data: dict) -> list[list[Any]]:
    years = years_of(data)
    return [[indicator["number"], indicator["name"], indicator["unit"], _decimal(indicator.get("baseline_value")),
             indicator.get("baseline_year"), *_targets(indicator, years), indicator.get("data_source", "")]
            for indicator in data["indicators"]]


@_xml_safe_input
def annex2_docx(data: dict) -> bytes:
    document = _Docx(title=f"{ANNEX2_MARK}. {data['passport']['title']}", author=data["passport"]["hromada"],
                     landscape=True)
    _annex2(document, data, standalone=True)
    return document.to_bytes()


@_xml_safe_input
def annex2_xlsx(data: dict) -> bytes:
    return _workbook_bytes(data["passport"]["title"], [
        _Sheet(ANNEX2_MARK, annex2_xlsx_columns(data), annex2_rows(data)),
        _about_programme(data),
    ])


# --- annual reports ---------------------------------------------------------------------------------------

REPORTS = ("progress", "effectiveness")
DOCX_TEXT: dict[str, Callable[[Any], str]] = {
    "money": format_amount, "percent": format_percent, "number": format_number,
    "int": lambda value: "" if value is None else str(value),
}
DOCX_WEIGHTS = {"money": 1.3, "int": 0.9, "percent": 1.0, "number": 1.1}
XLSX_FORMATS = {"money": MONEY_FORMAT, "percent": PERCENT_FORMAT}
XLSX_WIDTHS = {"money": 16, "int": 10, "percent": 12, "number": 14}


def _check_which(which: str) -> None:
    if which not in REPORTS:
        raise ValueError(f"unknown report {which!r}; expected one of {REPORTS}")


def _report_columns(layout_columns: Sequence[dict]) -> list[Column]:
    return [Column(column["title"], 0.8 if column["key"] == "number" else DOCX_WEIGHTS.get(column["kind"], 2.2),
                   numeric=column["kind"] in DOCX_WEIGHTS, number_format=XLSX_FORMATS.get(column["kind"]),
                   xlsx_width=8 if column["key"] == "number" else XLSX_WIDTHS.get(column["kind"], 30))
            for column in layout_columns]


def report_cell_text(value, kind: str) -> str:
    if value is None:
        return ""
    render = DOCX_TEXT.get(kind)
    text = render(value) if render else str(value)
    return text or str(value)  # a non-number in a number column ("—") is shown as it is


def report_cell_value(value, kind: str):
    """The value typed by its column's kind; what does not parse as a number stays text."""
    if value is None or value == "":
        return None
    if kind in ("money", "percent", "number"):
        number = _decimal(value)
        return str(value) if number is None else number
    if kind == "int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _report_tables(report_data: dict, which: str) -> list[tuple[str | None, list[dict], list[dict]]]:
    """(section title, layout columns, rows) of one report: one untitled table for progress, four sections."""
    part = report_data[which]
    if which == "progress":
        return [(None, part["columns"], part["rows"])]
    return [(section["title"], section["columns"], section["rows"]) for section in part["sections"]]


@_xml_safe_input
def report_docx(report_data: dict, which: str) -> bytes:
    _check_which(which)
    programme = report_data["programme"]
    part = report_data[which]
    document = _Docx(title=f"{part['title']} — {report_data['year']}", author=programme["hromada"],
                     landscape=which == "progress")
    document.title(part["title"])
    document.paragraph(REPORT_PROGRAMME.format(title=programme["title"]), align=WD_ALIGN_PARAGRAPH.CENTER)
    document.paragraph(REPORT_HROMADA.format(hromada=programme["hromada"]), align=WD_ALIGN_PARAGRAPH.CENTER)
    document.paragraph(REPORT_YEAR.format(year=report_data["year"]), align=WD_ALIGN_PARAGRAPH.CENTER)
    for title, layout_columns, rows in _report_tables(report_data, which):
        if title:
            document.heading(title, level=2)
        else:
            document.paragraph()
        document.table(_report_columns(layout_columns),
                       [[report_cell_text(row.get(c["key"]), c["kind"]) for c in layout_columns] for row in rows])
    document.paragraph()
    head = ", ".join(part for part in (programme.get("head_position"), programme.get("head_name")) if part)
    document.paragraph(f"{REPORT_HEAD}: {head or BLANK}")
    document.paragraph()
    document.paragraph(REPORT_NOTE.format(version=report_data["layout_version"], note=report_data["layout_note"]),
                       italic=True, size=8)
    return document.to_bytes()


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name; cut at a word where possible."""
    clean = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()
    if len(clean) > 31:
        cut = clean[:31]
        clean = cut[:cut.rfind(" ")] if " " in cut else cut
    name, suffix = clean, 2
    while name in used:
        name, suffix = f"{clean[:28]} {suffix}", suffix + 1
    used.add(name)
    return name


@_xml_safe_input
def report_xlsx(report_data: dict, which: str) -> bytes:
    _check_which(which)
    sheets, used = [], set()
    for title, layout_columns, rows in _report_tables(report_data, which):
        sheets.append(_Sheet(
            _sheet_name(title or REPORT_SHEETS[which], used), _report_columns(layout_columns),
            [[report_cell_value(row.get(c["key"]), c["kind"]) for c in layout_columns] for row in rows],
        ))
    programme = report_data["programme"]
    about = [(ABOUT_REPORT, report_data[which]["title"]), (ABOUT_PROGRAMME, programme["title"]),
             (ABOUT_HROMADA, programme["hromada"]), (ABOUT_KATOTTG, programme["katottg"]),
             (ABOUT_YEAR, report_data["year"]), (ABOUT_LAYOUT, report_data["layout_version"]),
             (ABOUT_GENERATED, report_data.get("generated_at", "")), (ABOUT_NOTE, report_data["layout_note"])]
    about += [(sheet.name, title) for sheet, (title, _, _) in zip(sheets, _report_tables(report_data, which),
                                                                  strict=True) if title]
    sheets.append(_about_sheet(about))
    return _workbook_bytes(report_data[which]["title"], sheets)


# --- XLSX -------------------------------------------------------------------------------------------------


@dataclass
class _Sheet:
    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    header: bool = True  # a bold, frozen header row with a filter


def _about_sheet(pairs: Sequence[tuple[str, Any]]) -> _Sheet:
    return _Sheet(ABOUT_SHEET, [Column("", xlsx_width=28), Column("", xlsx_width=100)], [list(p) for p in pairs],
                  header=False)


def _about_programme(data: dict) -> _Sheet:
    passport = data["passport"]
    return _about_sheet([(ABOUT_PROGRAMME, passport["title"]), (ABOUT_HROMADA, passport["hromada"]),
                         (ABOUT_KATOTTG, passport["katottg"]), (ABOUT_STATUS, version_line(data))])


def _write_sheet(workbook: Workbook, sheet: _Sheet) -> None:
    worksheet = workbook.create_sheet(title=sheet.name[:31])
    if sheet.header:
        worksheet.append([column.title for column in sheet.columns])
        for heading in worksheet[1]:
            heading.font = Font(bold=True)
            heading.alignment = Alignment(wrap_text=True, vertical="center")
        worksheet.freeze_panes = "A2"
    else:
        worksheet.column_dimensions["A"].font = Font(bold=True)
    for values in sheet.rows:
        worksheet.append([None if value is None else typed_cell(value) for value in values])
    first_data_row = 2 if sheet.header else 1
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = column.xlsx_width
        for (target,) in worksheet.iter_rows(min_row=first_data_row, min_col=index, max_col=index):
            if column.number_format and isinstance(target.value, (int, Decimal, float)):
                target.number_format = column.number_format
            if not sheet.header and index == 1:
                target.font = Font(bold=True)
            target.alignment = Alignment(wrap_text=True, vertical="top")
    if sheet.header and worksheet.max_row > 1:
        worksheet.auto_filter.ref = worksheet.dimensions


def _workbook_bytes(title: str, sheets: Sequence[_Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    workbook.properties.language = LANGUAGE
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
