"""The light markup of the programme's sections: structure, bold, and that no user HTML ever gets through."""

from __future__ import annotations

import pytest
from django.utils.safestring import SafeString

from hromada.programmes.markup import blocks, runs, to_html


def test_blank_lines_separate_paragraphs_and_single_newlines_join_with_a_space():
    assert blocks("Перший рядок\nпродовження\n\nДругий абзац") == [
        ("p", [("Перший рядок продовження", False)]),
        ("p", [("Другий абзац", False)]),
    ]


def test_blank_lines_with_spaces_and_windows_newlines_still_separate():
    assert blocks("Один\r\n  \r\nДва\rтри") == [("p", [("Один", False)]), ("p", [("Два три", False)])]


@pytest.mark.parametrize("bullet", ["- ", "• ", "– "])
def test_each_bullet_sign_makes_a_list(bullet):
    assert blocks(f"{bullet}перше;\n{bullet}друге.") == [("ul", [[("перше;", False)], [("друге.", False)]])]


def test_a_list_and_paragraphs_in_one_chunk_keep_their_order():
    text = "Проблеми:\n- застаріла техніка;\n• низька грамотність.\nІнші питання.\n\n– окремий список"
    assert blocks(text) == [
        ("p", [("Проблеми:", False)]),
        ("ul", [[("застаріла техніка;", False)], [("низька грамотність.", False)]]),
        ("p", [("Інші питання.", False)]),
        ("ul", [[("окремий список", False)]]),
    ]


def test_an_indented_line_continues_the_bullet_item():
    assert blocks("- довгий\n  пункт\n- другий") == [("ul", [[("довгий пункт", False)], [("другий", False)]])]


def test_a_dash_without_a_space_or_an_empty_bullet_is_not_an_item():
    assert blocks("-5 градусів\n- \n-") == [("p", [("-5 градусів", False)]), ("p", [("-", False)])]


def test_bold_runs():
    assert runs("Мета: **цифрова** громада **2028**") == [
        ("Мета: ", False), ("цифрова", True), (" громада ", False), ("2028", True),
    ]
    assert blocks("- **важливо**: текст") == [("ul", [[("важливо", True), (": текст", False)]])]


def test_unpaired_or_empty_stars_stay_as_typed():
    assert runs("2 ** 3 = 8") == [("2 ** 3 = 8", False)]
    assert runs("****") == [("****", False)]


def test_nothing_gives_no_blocks():
    assert blocks("") == []
    assert blocks(None) == []
    assert blocks("\n \n\n") == []
    assert to_html(None) == ""


def test_html_structure():
    html = to_html("Вступ **жирно**\n\n- один\n- два")
    assert isinstance(html, SafeString)
    assert html == "<p>Вступ <strong>жирно</strong></p>\n<ul><li>один</li><li>два</li></ul>"


def test_html_escapes_everything_the_user_typed():
    text = ('<script>alert("x")</script>\n\n'
            '**<img src=x onerror=alert(1)>**\n\n'
            '- <a href="javascript:alert(1)">клік</a> & \'лапки\'')
    assert to_html(text) == (
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>\n"
        "<p><strong>&lt;img src=x onerror=alert(1)&gt;</strong></p>\n"
        "<ul><li>&lt;a href=&quot;javascript:alert(1)&quot;&gt;клік&lt;/a&gt; &amp; &#x27;лапки&#x27;</li></ul>"
    )


def test_stars_cannot_smuggle_tags_across_runs():
    html = to_html("**</strong><script>**x")
    assert "<script>" not in html
    assert html == "<p><strong>&lt;/strong&gt;&lt;script&gt;</strong>x</p>"
