"""The menus' words in Ukrainian: every label and section heading starts with a capital letter, the staff menu
shows each section heading once and no label twice."""

import re

import pytest
from django.urls import get_resolver
from django.utils import translation

from hromada.core import navigation
from hromada.core.context_processors import staff_sections


@pytest.fixture(autouse=True)
def every_app_registered():
    get_resolver().url_patterns  # noqa: B018 — loading the URLs imports every app's navigation
    with translation.override("uk"):
        yield


def _starts_lowercase(text: str) -> bool:
    first = next((char for char in text if char.isalpha()), "")
    return first != first.upper()


def test_every_navigation_label_starts_with_a_capital_letter_in_ukrainian():
    items = navigation.PUBLIC + navigation.STAFF
    assert len(navigation.STAFF) > 20  # the apps' items are there, not only the core's
    lowercase = [str(item.label) for item in items if _starts_lowercase(str(item.label))]
    lowercase += [str(item.section) for item in items if item.section and _starts_lowercase(str(item.section))]
    assert lowercase == []


def test_the_staff_menu_repeats_no_heading_and_no_label():
    menu = [{"url": item.url_name, "label": str(item.label), "section": item.section, "current": False}
            for item in navigation.STAFF]
    headings = [str(section["label"]) for section in staff_sections(menu)]
    assert len(headings) == len(set(headings))
    labels = [str(item.label) for item in navigation.STAFF]
    assert sorted({label for label in labels if labels.count(label) > 1}) == []


def test_the_menu_speaks_plain_words():
    """No developer jargon in the staff menu («токен», «API» alone, «ключ»)."""
    jargon = [str(item.label) for item in navigation.STAFF
              if re.search(r"\b(токен|ключ|token)", str(item.label).lower())]  # not «підключення»
    assert jargon == []
