"""Text of act attachments: exact text out, and every kind of bad file refused with a message."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from hromada.acts import extract
from hromada.acts.extract import ExtractionError, detect_format, extract_text
from tests.acts import samples

NOT_SUPPORTED = "The file is not a PDF, DOCX, ODT or RTF document."
DAMAGED = "The file is damaged and its text cannot be read."
TOO_LARGE_UNPACKED = "The document unpacks to an unreasonably large size and was refused."


@pytest.fixture(autouse=True)
def _english_msgids():
    """Assert on the msgids, whether or not the Ukrainian catalogue has them yet."""
    with translation.override("en"):
        yield


# --- Format detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "builder", "expected"),
    [
        ("рішення.pdf", lambda: samples.pdf_with_text("Рішення"), "pdf"),
        ("РІШЕННЯ.PDF", lambda: samples.pdf_with_text("Рішення"), "pdf"),
        ("act.docx", lambda: samples.docx_with_text(["Акт"]), "docx"),
        ("act.odt", lambda: samples.odt_with_text(["Акт"]), "odt"),
        ("act.rtf", lambda: samples.rtf_unicode("Акт"), "rtf"),
        ("без-розширення", lambda: samples.odt_with_text(["Акт"]), "odt"),
    ],
)
def test_format_is_judged_by_content(filename, builder, expected):
    assert detect_format(filename, builder()) == expected


def test_odt_is_recognised_from_its_first_bytes_alone():
    assert detect_format("act.odt", samples.odt_with_text(["Акт"])[:200]) == "odt"


@pytest.mark.parametrize(
    ("filename", "builder"),
    [
        ("act.docx", lambda: samples.pdf_with_text("Рішення")),
        ("act.pdf", lambda: samples.docx_with_text(["Акт"])),
        ("act.rtf", lambda: samples.odt_with_text(["Акт"])),
        ("act.txt", lambda: samples.rtf_unicode("Акт")),
    ],
)
def test_extension_contradicting_the_content_is_refused(filename, builder):
    with pytest.raises(ExtractionError) as caught:
        extract_text(builder(), filename)
    extension = filename.rsplit(".", 1)[1]
    assert str(caught.value).startswith(f"The file extension “.{extension}” does not match its content (")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        "Просто текст".encode(),
        b"GIF89a\x01\x00\x01\x00",
        b"MZ\x90\x00",  # an executable renamed to .pdf
    ],
)
def test_unknown_content_is_refused(data):
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, "act.pdf")
    assert caught.value.message == str(caught.value) == NOT_SUPPORTED


def test_a_zip_that_is_not_a_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    with pytest.raises(ExtractionError, match=NOT_SUPPORTED):
        extract_text(out.getvalue(), "act.docx")


def test_extraction_error_is_a_value_error():
    assert issubclass(ExtractionError, ValueError)
    assert set(extract.ATTACHMENT_FORMATS) == {"pdf", "docx", "odt", "rtf"}


# --- Text ---------------------------------------------------------------------------------------


def test_pdf_cyrillic_text_layer():
    pdf = samples.pdf_with_text("Рішення № 12   від 05.03.2025\nПро затвердження програми «Цифрова громада» — ґ є ї і")
    assert extract_text(pdf, "рішення.pdf") == (
        "Рішення № 12 від 05.03.2025\nПро затвердження програми «Цифрова громада» — ґ є ї і"
    )


def test_scanned_pdf_without_text_layer_gives_empty_text():
    assert extract_text(samples.pdf_without_text(), "скан.pdf") == ""


def test_pdf_with_only_an_owner_password_is_read():
    pdf = samples.encrypted_pdf("Розпорядження голови", with_user_password=False)
    assert extract_text(pdf, "act.pdf") == "Розпорядження голови"


def test_pdf_with_a_user_password_is_refused():
    with pytest.raises(ExtractionError) as caught:
        extract_text(samples.encrypted_pdf("Розпорядження голови"), "act.pdf")
    assert str(caught.value) == "The PDF is protected with a password; upload it without the password."


def test_docx_paragraphs_and_table_cells_in_order():
    docx = samples.docx_with_text(
        ["Рішення  сесії", "", "Про бюджет громади\tна 2025 рік"],
        table=[["Показник", "Сума, грн"], ["Освіта", "1 250 000"]],
    )
    assert extract_text(docx, "рішення.docx") == (
        "Рішення сесії\nПро бюджет громади на 2025 рік\nПоказник\nСума, грн\nОсвіта\n1 250 000"
    )


def test_odt_headings_spans_spaces_tabs_line_breaks_and_tables():
    body = (
        "<text:h>Розпорядження</text:h>"
        "<text:p>Про <text:span>скликання</text:span><text:s text:c='3'/>сесії<text:tab/>ради</text:p>"
        "<text:p>Перший рядок<text:line-break/>другий рядок</text:p>"
        "<text:list><text:list-item><text:p>пункт списку</text:p></text:list-item></text:list>"
        "<table:table><table:table-row>"
        "<table:table-cell><text:p>Клітинка А</text:p></table:table-cell>"
        "<table:table-cell><text:p>Клітинка Б</text:p></table:table-cell>"
        "</table:table-row></table:table>"
    )
    assert extract_text(samples.odt_from_body(body), "act.odt") == (
        "Розпорядження\nПро скликання сесії ради\nПерший рядок\nдругий рядок\nпункт списку\nКлітинка А\nКлітинка Б"
    )


def test_rtf_with_cp1251_escapes():
    rtf = samples.rtf_cyrillic_cp1251("Слобожанська селищна рада\nҐудзик, їжак, єнот, Іван")
    assert b"\\'d1" in rtf  # "С" written as a cp1251 escape
    assert extract_text(rtf, "act.rtf") == "Слобожанська селищна рада\nҐудзик, їжак, єнот, Іван"


def test_rtf_with_unicode_escapes():
    rtf = samples.rtf_unicode("Слобожанська селищна рада\nҐудзик, їжак, єнот, Іван")
    assert b"\\u1057?" in rtf  # "С" as \uNNNN with a fallback character that must be skipped
    assert extract_text(rtf, "act.rtf") == "Слобожанська селищна рада\nҐудзик, їжак, єнот, Іван"


def test_long_text_is_truncated_not_refused(monkeypatch):
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 20)
    docx = samples.docx_with_text(["Перший абзац рішення", "Другий абзац рішення"])
    assert extract_text(docx, "act.docx") == "Перший абзац рішення"
    assert len(extract_text(docx, "act.docx")) == 20


def test_control_characters_do_not_reach_the_database():
    rtf = b"{\\rtf1\\ansi\\ansicpg1251 \\'c0\\'ea\\'f2\\'00\\'07 \\'b9 5\\par}"  # "Акт", NUL, BEL, "№ 5"
    assert extract_text(rtf, "act.rtf") == "Акт № 5"


# --- Defensive limits ------------------------------------------------------------------------------


def test_file_over_25_mb_is_refused_before_parsing():
    data = b"%PDF-1.7\n" + bytes(extract.MAX_FILE_SIZE)
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, "act.pdf")
    assert str(caught.value) == "The file is larger than 25 MB."


def test_zip_bomb_over_100_mb_unpacked_is_refused():
    with pytest.raises(ExtractionError, match=TOO_LARGE_UNPACKED):
        extract_text(samples.zip_bomb("docx", unpacked_mb=101), "act.docx")


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_zip_with_an_absurd_compression_ratio_is_refused(kind):
    bomb = samples.zip_bomb(kind, unpacked_mb=20)
    assert len(bomb) < 20 * 1024 * 1024 / extract.MAX_COMPRESSION_RATIO
    with pytest.raises(ExtractionError, match=TOO_LARGE_UNPACKED):
        extract_text(bomb, f"act.{kind}")


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("act.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage"),
        ("act.pdf", samples.pdf_with_text("Рішення")[:300]),
        ("act.docx", samples.docx_with_text(["Акт"])[:2000]),
        ("act.odt", samples.odt_with_text(["Акт"])[:120]),
        ("act.odt", samples.odt_from_body("<text:p>не закритий тег</text:q>")),
    ],
)
def test_corrupt_files_are_refused_with_a_message(filename, data):
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, filename)
    assert str(caught.value) == DAMAGED


def test_xml_entity_expansion_in_odt_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
        "<office:body>&b;</office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", laughs)
    with pytest.raises(ExtractionError, match=DAMAGED):
        extract_text(out.getvalue(), "act.odt")
