"""The Ukrainian catalogue: complete, compiled, and consistent with the English msgids."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.utils import translation

import hromada

LC_MESSAGES = Path(hromada.__file__).resolve().parent / "locale" / "uk" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# "%%" first so that it is not mistaken for the start of another placeholder.
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr]|\{\{.*?\}\}")


@pytest.fixture(scope="module")
def po() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _contents(catalogue: polib._BaseFile) -> set[tuple]:
    """(msgctxt, msgid, msgid_plural, msgstr forms) of every translated entry, header excluded."""
    rows = set()
    for entry in catalogue:
        if not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural, key=int))
        else:
            forms = (entry.msgstr,)
        rows.add((entry.msgctxt, entry.msgid, entry.msgid_plural, forms))
    return rows


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def test_header(po):
    assert po.metadata["Language"] == "uk"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert not po.metadata_is_fuzzy


def test_no_untranslated_or_fuzzy_entries(po):
    assert len(po) > 0
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    empty_forms = [e.msgid for e in po if e.msgid_plural and not all(e.msgstr_plural.values())]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not empty_forms, f"plural entries with empty forms: {empty_forms}"


def test_compiled_catalogue_matches_po(po, tmp_path):
    assert MO_PATH.exists(), "run compilemessages -l uk"
    fresh = tmp_path / "django.mo"
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        subprocess.run([msgfmt, "--check", "-o", str(fresh), str(PO_PATH)], check=True)
    else:
        po.save_as_mofile(str(fresh))
    committed = polib.mofile(str(MO_PATH))
    expected = polib.mofile(str(fresh))
    assert _contents(committed) == _contents(expected), "django.mo is stale: run compilemessages -l uk"
    assert committed.metadata.get("Plural-Forms") == expected.metadata.get("Plural-Forms")


def test_plural_entries_have_three_forms(po):
    plurals = [e for e in po if e.msgid_plural]
    assert plurals
    for entry in plurals:
        assert sorted(int(k) for k in entry.msgstr_plural) == [0, 1, 2], entry.msgid


def test_placeholders_are_kept(po):
    problems = []
    for entry in po:
        if not entry.msgid:
            continue
        if entry.msgid_plural:
            # A singular msgid may legitimately omit the counter; the forms must match the plural msgid.
            expected = _placeholders(entry.msgid_plural)
            translations = entry.msgstr_plural.values()
        else:
            expected = _placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if _placeholders(text) != expected:
                problems.append((entry.msgid, text))
    assert not problems, problems


def test_django_uses_the_catalogue():
    with translation.override("uk"):
        assert translation.gettext("Sign in") == "Увійти"
        assert translation.gettext("Sign out") == "Вийти"
        assert translation.gettext("Staff area") == "Кабінет працівника"
        forms = {
            n: translation.ngettext("%(counter)s record", "%(counter)s records", n) % {"counter": n}
            for n in (1, 3, 5, 11, 21, 22, 25, 112)
        }
    assert forms == {
        1: "1 запис", 3: "3 записи", 5: "5 записів", 11: "11 записів",
        21: "21 запис", 22: "22 записи", 25: "25 записів", 112: "112 записів",
    }
