"""Dates, file sizes and convocations as Ukrainians write them, one style in every app (issue 17)."""

from __future__ import annotations

import glob
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

import hromada
from hromada.core import ukformat


@pytest.fixture(autouse=True)
def _ukrainian():
    with translation.override("uk"):
        yield


def render(source: str, **context) -> str:
    return Template("{% load uk_format %}" + source).render(Context(context))


def test_a_long_date_has_no_leading_zero_and_one_abbreviation():
    assert ukformat.long_date(date(2026, 7, 6)) == "6 липня 2026 р."
    assert render('{{ d|date:"DATE_FORMAT" }}', d=date(2026, 7, 6)) == "6 липня 2026 р."
    assert render("{{ d }}", d=date(2026, 7, 6)) == "6 липня 2026 р."  # a date shown as it is
    at = datetime(2026, 7, 5, 22, 30, tzinfo=ZoneInfo("UTC"))  # 6 July in Kyiv
    assert ukformat.long_date(at) == "6 липня 2026 р."
    assert ukformat.long_datetime(at) == "6 липня 2026 р., 01:30"


def test_a_sentence_that_ends_with_a_date_ends_with_one_period():
    page = render('{% load i18n %}{% filter end_sentence %}{% blocktranslate with at=d|date:"DATE_FORMAT" %}'
                  'Ballot cast on {{ at }}.{% endblocktranslate %}{% endfilter %}', d=date(2026, 7, 6))
    assert page.endswith("6 липня 2026 р.") and "р.." not in page
    assert ukformat.end_sentence("до 2026 р...") == "до 2026 р..."  # an ellipsis is not a double period


def test_no_template_leaves_a_double_period_after_a_date():
    """Every blocktranslate whose date ends a sentence is wrapped in {% filter end_sentence %}."""
    root = Path(hromada.__file__).parent
    tag = re.compile(r"(\{%\s*filter end_sentence\s*%\})?\{%\s*blocktranslate(.*?)%\}(.*?)\{%\s*endblocktranslate",
                     re.S)
    dated = re.compile(r'(\w+)=[\w.]+\|(?:date(?::"(?:DATE_FORMAT|j E Y р\.)")?|uk_date|long_date)(?=[\s%])')
    bare = re.compile(r'\|(?:date:"(?:DATE_FORMAT|j E Y р\.)"|uk_date|long_date)\s*\}\}\.')
    found = []
    for name in glob.glob(str(root / "**" / "templates" / "**" / "*.*"), recursive=True):
        text = Path(name).read_text(encoding="utf-8")
        found += [f"{name}: {hit.group(0)}" for hit in bare.finditer(text)]
        for match in tag.finditer(text):
            if match.group(1):
                continue
            for var in dated.findall(match.group(2)):
                if re.search(r"\{\{\s*" + var + r"\s*\}\}\.", match.group(3)):
                    found.append(f"{name}: {match.group(0)[:80]}")
    assert not found, found


@pytest.mark.parametrize(("size", "shown"), [(0, "0 байтів"), (1, "1 байт"), (1023, "1023 байти"),
                                             (1536, "1,5\u00a0КБ"), (1_500_000, "1,4\u00a0МБ"),
                                             (25 * 1024**2, "25\u00a0МБ"), (3 * 1024**3, "3,0\u00a0ГБ")])
def test_file_sizes_in_ukrainian_units(size, shown):
    assert ukformat.file_size(size) == shown
    assert render("{{ n|file_size }}", n=size) == shown


def test_no_template_uses_djangos_filesizeformat():
    """Django's uk filesizeformat prints «Кб»/«Мб» (bits); pages use |file_size («КБ», «МБ»)."""
    root = Path(hromada.__file__).parent
    used = [name for name in glob.glob(str(root / "**" / "*.html"), recursive=True)
            if "filesizeformat" in Path(name).read_text(encoding="utf-8")]
    assert not used, used


@pytest.mark.parametrize(("number", "numeral"), [(1, "I"), (4, "IV"), (8, "VIII"), (9, "IX"), (14, "XIV"),
                                                 (None, ""), ("", "")])
def test_convocations_are_roman(number, numeral):
    assert ukformat.roman(number) == numeral


def test_convocation_and_session_read_as_in_documents():
    assert ukformat.convocation_session(8, 45) == "VIII скликання, 45 сесія"
    assert ukformat.convocation_session(9, None) == "IX скликання"
    assert ukformat.convocation_session(None, None) == ""


def test_entry_into_force_is_past_from_its_day_and_future_before_it():
    today = date(2026, 7, 6)
    assert ukformat.entry_into_force(date(2026, 7, 6), today) == "набрав чинності 6 липня 2026 р."
    assert ukformat.entry_into_force(date(2026, 1, 2), today) == "набрав чинності 2 січня 2026 р."
    assert ukformat.entry_into_force(date(2026, 7, 7), today) == "набирає чинності 7 липня 2026 р."
