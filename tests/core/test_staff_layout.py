"""The staff layout: content before the menu, each menu section once, a jump link to the menu."""

from __future__ import annotations

import re

import pytest

from hromada.core.context_processors import staff_sections


def test_each_section_is_listed_once_in_the_order_of_its_first_item():
    menu = [{"label": "Огляд", "section": ""}, {"label": "Акти", "section": "Реєстри"},
            {"label": "Журнал", "section": "Адміністрування"}, {"label": "Вулиці", "section": "Реєстри"},
            {"label": "Завдання", "section": "Адміністрування"}]
    sections = staff_sections(menu)
    assert [(s["label"], [i["label"] for i in s["items"]]) for s in sections] == [
        ("", ["Огляд"]), ("Реєстри", ["Акти", "Вулиці"]), ("Адміністрування", ["Журнал", "Завдання"])]


@pytest.mark.django_db
def test_staff_pages_put_the_content_before_the_menu_and_name_each_section_once(admin_client_a):
    page = admin_client_a.get("/staff/members/").content.decode()
    assert page.index('<main id="main"') < page.index('<nav id="staff-nav"')
    assert page.index('href="#staff-nav"') < page.index('<main id="main"')
    headings = re.findall(r"<h3>([^<]+)</h3>", page.split('<nav id="staff-nav"', 1)[1])
    assert headings and len(headings) == len(set(headings))
