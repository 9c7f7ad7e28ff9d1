"""`hromada import acts FILE`: JSON Lines and CSV, relations, idempotence, all-or-nothing, a killed import."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time as time_module
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.acts import search
from hromada.acts.importers import KYIV, ActImporter
from hromada.acts.models import Act, ActRelation, ActVersion, SearchEntry, Topic
from hromada.core import imports
from hromada.core.models import AuditEntry, Department
from tests.acts.builders import act, secretary

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
CSV_HEADER = "Номер;Дата;Тип;Назва;Текст;Статус;Скликання;Сесія;Зв'язки;Теми"


def run(path: Path, *args: str) -> tuple[int, dict]:
    report = path.parent / "report.json"
    try:
        call_command("import", "acts", str(path), "--report", str(report), *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except CommandError as error:
        code = error.returncode
    return code, json.loads(report.read_text(encoding="utf-8"))


def jsonl(path: Path, *lines, bom: bool = False) -> Path:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def rows_of_everything() -> tuple[int, int, int, int, int]:
    return (Act.objects.count(), ActVersion.objects.count(), SearchEntry.objects.count(),
            ActRelation.objects.count(), Topic.objects.count())


def decision(number: str, day: str, title: str = "Про затвердження Положення", **fields) -> dict:
    return {"number": number, "date": day, "type": "council_decision", "title": title, "status": "in_force",
            **fields}


def problems(report: dict) -> list[tuple]:
    return [(issue["row"], issue["column"], issue["value"], issue["reason"]) for issue in report["errors"]]


@pytest.fixture
def keeper(hromada_a):
    return secretary(hromada_a)


@pytest.fixture
def units(hromada_a):
    return {"culture": Department.objects.create(hromada=hromada_a, name="Відділ культури", short_name="Культура"),
            "finance": Department.objects.create(hromada=hromada_a, name="Фінансове управління")}


# --- good files ----------------------------------------------------------------------------------------------


def test_a_good_jsonl_file_creates_acts_versions_relations_and_the_index(tmp_path, hromada_a, keeper, units):
    existing = act(hromada_a, keeper, number="45", when=date(2020, 6, 1), type="executive_decision",
                   title="Про правила благоустрою", status="in_force")
    path = jsonl(
        tmp_path / "acts.jsonl",
        decision("154-12/VIII", "2021-02-11", "Про Програму розвитку культури", text="Затвердити програму.",
                 convocation="VIII", session=12, author_unit="відділ культури", control_unit="Фінансове управління",
                 topics=["культура", "програми"], published_at="2021-02-12"),
        "",
        decision("2311-25/VIII", "2025-03-14", "Про скасування рішення про програму культури", convocation=8,
                 session="25", published_at="2025-03-15T10:30:00+02:00",
                 relations=[{"kind": "repeals", "number": "№ 154-12/VIII"}]),
        {"number": "7", "date": "2025-04-01", "type": "executive_decision", "status": "adopted",
         "title": "Про зміни до правил благоустрою", "topics": [],
         "relations": [{"kind": "amends", "number": 45, "date": "2020-06-01"},
                       {"kind": "related", "number": "2311-25/viii", "date": "2025-03-14"}]},
        {"number": "12-к", "date": "2025-04-02", "type": "head_order", "status": "in_force", "internal": True,
         "title": "Про відпустку", "text": "Надати відпустку."},
        bom=True,
    )
    code, report = run(path)
    assert code == 0, report["errors"]
    assert (report["format"], report["encoding"]) == ("jsonl", "utf-8-sig")
    assert (report["rows_total"], report["created"], report["updated"], report["unchanged"]) == (4, 4, 0, 0)
    assert report["extras"] == {"relations_created": 3, "topics_created": 2}
    assert rows_of_everything() == (5, 5 + 2, 5, 3, 2)  # v1 each, v2 for the repealed and the amended

    programme = Act.objects.get(number="154-12/VIII")
    assert (programme.status, programme.convocation, programme.session) == ("repealed", 8, 12)
    assert (programme.author_unit, programme.control_unit) == (units["culture"], units["finance"])
    assert sorted(programme.topics.values_list("name", flat=True)) == ["культура", "програми"]
    assert programme.published_at == datetime(2021, 2, 12, 9, 0, tzinfo=KYIV)
    first, second = programme.versions.order_by("number")
    assert (first.number, first.comment, first.published, first.changed) == (1, _("Import"), True, [])
    assert first.data["status"] == "in_force" and first.data["author_unit"] == "Відділ культури"
    assert first.data["topics"] == ["культура", "програми"] and first.author is None
    assert (second.data["status"], second.changed, second.published) == ("repealed", ["status"], True)
    assert second.comment == _("Status changed by act № %(number)s of %(date)s") % {
        "number": "2311-25/VIII", "date": "14.03.2025"}

    repeal = ActRelation.objects.get(kind="repeals")
    assert (repeal.source.number, repeal.target) == ("2311-25/VIII", programme)
    assert repeal.effective_from == date(2025, 3, 14)
    assert (repeal.applied, repeal.previous_status, repeal.hromada) == (True, "in_force", hromada_a)
    existing.refresh_from_db()
    assert existing.status == "amended"
    assert list(existing.versions.values_list("number", "data__status")) == [(1, "in_force"), (2, "amended")]
    related = ActRelation.objects.get(kind="related")
    assert (related.applied, related.target.number) == (False, "2311-25/VIII")

    order = Act.objects.get(number="12-к")
    assert (order.internal, order.published_at, order.versions.get().published) == (True, None, False)
    assert Act.objects.get(number="2311-25/VIII").published_at == datetime(2025, 3, 15, 8, 30, tzinfo=UTC)

    # The index is built: any form of a word finds the act, and so does its number.
    hits = search.search(hromada_a, "програмою культури").hits
    assert {hit.act.number for hit in hits} == {"154-12/VIII", "2311-25/VIII"}
    assert next(hit.act.number for hit in search.search(hromada_a, "№ 154-12/VIII").hits) == "154-12/VIII"
    assert [hit.act.number for hit in search.search(hromada_a, "відпустки").hits] == ["12-к"]

    entry = AuditEntry.objects.get(object_type="import.acts")
    assert (entry.changes["created"], entry.changes["relations_created"]) == (4, 3)


def test_the_same_file_again_changes_nothing_and_a_changed_row_appends_a_version(tmp_path, hromada_a, keeper):
    lines = [
        decision("1", "2024-01-10", "Про бюджет", topics=["бюджет"], published_at="2024-01-11T09:00:00+02:00"),
        decision("2", "2024-02-10", "Про скасування", relations=[{"kind": "repeals", "number": "1"}]),
        decision("3", "2024-03-10", "Про внесення змін", relations=[{"kind": "amends", "number": "1"}]),
    ]
    path = jsonl(tmp_path / "acts.jsonl", *lines)
    assert run(path)[0] == 0
    before = rows_of_everything()
    versions = list(ActVersion.objects.order_by("pk").values_list("pk", "data"))
    assert Act.objects.get(number="1").status == "repealed"  # a later amendment does not revive it

    code, report = run(path)
    assert (code, report["created"], report["updated"], report["unchanged"]) == (0, 0, 0, 3)
    assert report["extras"] == {"relations_created": 0, "topics_created": 0}
    assert rows_of_everything() == before
    assert list(ActVersion.objects.order_by("pk").values_list("pk", "data")) == versions

    lines[2]["title"] = "Про внесення змін до бюджету"
    lines[2]["topics"] = ["бюджет", "зміни"]
    code, report = run(jsonl(path, *lines))
    assert (code, report["created"], report["updated"], report["unchanged"]) == (0, 0, 1, 2)
    changed = Act.objects.get(number="3")
    assert changed.title == "Про внесення змін до бюджету"
    latest = changed.versions.order_by("-number").first()
    # The relations the first import made after entering the act are recorded in its next version.
    assert (latest.number, latest.comment, latest.changed) == (2, _("Import"), ["title", "topics", "relations"])
    assert [hit.act.number for hit in search.search(hromada_a, "зміни бюджету").hits] == ["3"]
    assert ActVersion.objects.count() == len(versions) + 1


def test_a_published_act_changed_by_import_gets_a_published_version(tmp_path, hromada_a, keeper):
    line = decision("1", "2024-01-10", "Про бюджет", published_at="2024-01-11T09:00:00+02:00")
    path = jsonl(tmp_path / "acts.jsonl", line)
    run(path)
    line["text"] = "Новий текст"
    assert run(jsonl(path, line))[1]["updated"] == 1
    assert list(Act.objects.get().versions.values_list("number", "published")) == [(1, True), (2, True)]


def test_an_unpublished_act_is_published_by_a_later_import(tmp_path, hromada_a, keeper):
    path = jsonl(tmp_path / "acts.jsonl", decision("1", "2024-01-10"))
    run(path)
    code, report = run(jsonl(path, decision("1", "2024-01-10", published_at="2024-01-12")))
    assert (code, report["updated"]) == (0, 1)
    imported = Act.objects.get()
    assert imported.published_at == datetime(2024, 1, 12, 9, 0, tzinfo=KYIV)
    assert list(imported.versions.values_list("number", "published")) == [(1, True)]
    # A file without the time of publication does not unpublish it.
    assert run(jsonl(path, decision("1", "2024-01-10")))[1]["unchanged"] == 1
    assert Act.objects.get().published_at is not None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1251"])
def test_a_csv_with_ukrainian_headers_and_names_is_imported(tmp_path, hromada_a, keeper, encoding):
    act(hromada_a, keeper, number="154-12/VIII", when=date(2021, 2, 11), title="Про програму культури")
    act(hromada_a, keeper, number="154-12/VIII", when=date(2022, 2, 11), title="Про інше рішення")
    path = tmp_path / "acts.csv"
    path.write_bytes("\r\n".join([
        CSV_HEADER,
        "2311-25/VIII;14.03.2025;рішення ради;Про скасування;Текст рішення;чинний;VIII;25;"
        "скасовує:154-12/VIII:2021-02-11;\"культура; програми\"",
        "10;2025-03-20;Розпорядження міського голови;Про нараду;;Прийнятий;;;"
        "related:2311-25/VIII;",
        '11;2025-03-21;проєкт рішення;"Про бюджет; зміни";;проєкт;;;;',
    ]).encode(encoding) + b"\r\n")
    code, report = run(path)
    assert code == 0, report["errors"]
    assert report["encoding"] == encoding and report["format"] == "csv"
    assert (report["created"], report["extras"]["relations_created"]) == (3, 2)
    repealed = Act.objects.get(number="154-12/VIII", date=date(2021, 2, 11))
    assert repealed.status == "repealed"
    assert Act.objects.get(number="154-12/VIII", date=date(2022, 2, 11)).status == "in_force"
    new = Act.objects.get(number="2311-25/VIII")
    assert (new.type, new.convocation, new.session) == ("council_decision", 8, 25)
    assert sorted(new.topics.values_list("name", flat=True)) == ["культура", "програми"]
    order = Act.objects.get(number="10")
    assert (order.type, order.status, order.date) == ("head_order", "adopted", date(2025, 3, 20))
    draft = Act.objects.get(number="11")
    assert (draft.type, draft.status, draft.title) == ("draft_decision", "draft", "Про бюджет; зміни")
    assert run(path)[1]["unchanged"] == 3


def test_xlsx_is_read_too(tmp_path, hromada_a, keeper):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["number", "date", "type", "title", "status"])
    workbook.active.append(["5", date(2024, 5, 6), "head_order", "Про чергування", "in_force"])
    path = tmp_path / "acts.xlsx"
    workbook.save(path)
    code, report = run(path)
    assert (code, report["created"]) == (0, 1)
    assert Act.objects.get().date == date(2024, 5, 6)


def test_english_keys_ukrainian_keys_and_extra_keys_in_jsonl(tmp_path, hromada_a, keeper):
    path = jsonl(tmp_path / "acts.jsonl", {"Номер": "1", "Дата": "2024-01-10", "Тип": "рішення виконкому",
                                           "Назва": "Про тарифи", "Статус": "чинне", "id": 17, "source": "old"})
    code, report = run(path)
    assert (code, report["created"]) == (0, 1)
    assert Act.objects.get().type == "executive_decision"
    assert report["warnings"] == [_("Field «%(field)s» is not recognised and was ignored.") % {"field": name}
                                  for name in ("id", "source")]


# --- bad files -------------------------------------------------------------------------------------------------

TWO_MB = "Про " + "д" * (2 * 1024 * 1024)


def _bad_cases():
    good = decision("1", "2024-01-10")
    return {
        "not json": (['{"number": "2", "date": '], (1, "", '{"number": "2", "date":',
                                                    "The line is not valid JSON (error at character %(position)s).",
                                                    {"position": 24})),
        "array": ([["2", "2024-01-10"]], (1, "", '["2", "2024-01-10"]',
                                          "The line is not a JSON object: each line must be one {…} object.", {})),
        "unknown type": ([decision("2", "2024-01-10", type="постанова")], (1, "type", "постанова", None, None)),
        "unknown status": ([decision("2", "2024-01-10", status="діючий")], (1, "status", "діючий", None, None)),
        "no such date": ([decision("2", "2024-02-30")], (1, "date", "2024-02-30", "There is no such date.", {})),
        "missing title": ([{k: v for k, v in decision("2", "2024-01-10").items() if k != "title"}],
                          (1, "title", "", "The value is required.", {})),
        "empty number": ([decision(" ", "2024-01-10")], (1, "number", "", "The value is required.", {})),
        "duplicate": ([decision("№ 1", "2024-01-10")], (1, "number", "council_decision, 2024-01-10, 1",
                                                         "The same record appears in row %(row)s.", {"row": 1})),
        "unresolvable relation": ([decision("2", "2024-01-10", relations=[{"kind": "amends", "number": "99/VIII"}])],
                                  (1, "relations", '{"kind": "amends", "number": "99/VIII"}',
                                   "No act № %(number)s is in the registry or in the rows above this one.",
                                   {"number": "99/VIII"})),
        "unknown unit": ([decision("2", "2024-01-10", author_unit="Відділ магії")],
                         (1, "author_unit", "Відділ магії", "No department of the hromada has this name.", {})),
        "title of 2 MB": ([decision("2", "2024-01-10", TWO_MB)],
                          (1, "title", TWO_MB[:199] + "…", "At most %(count)s characters (here: %(length)s).",
                           {"count": 1000, "length": len(TWO_MB)})),
        "escaped NUL": ([decision("2", "2024-01-10", "Про\u0000нуль")],
                        (1, "title", "Про\ufffdнуль",
                         "The text contains a control character (code %(code)s) that cannot be stored.",
                         {"code": "U+0000"})),
        "raw NUL byte": (['{"number": "2", "date": "2024-01-10",\x00 "title": "x"}'],
                         (1, "", '{"number": "2", "date": "2024-01-10",\ufffd "title": "x"}',
                          "The line is not valid JSON (error at character %(position)s).", {"position": 38})),
        "list in a plain field": ([decision("2", "2024-01-10", title=["a", "b"])],
                                  (1, "title", '["a", "b"]', "Give a single value here, not a list or an object.",
                                   {})),
        "NaN": (['{"number": "2", "date": "2024-01-10", "session": NaN}'],
                (1, "", '{"number": "2", "date": "2024-01-10", "session": NaN}', "The line is not valid JSON.", {})),
        "later target": ([decision("2", "2024-01-10", relations=[{"kind": "related", "number": "3"}]),
                          decision("3", "2024-01-09")],
                         (1, "relations", '{"kind": "related", "number": "3"}',
                          "No act № %(number)s is in the registry or in the rows above this one.", {"number": "3"})),
        "self": ([decision("2", "2024-01-10", relations=[{"kind": "related", "number": "2"}])],
                 (1, "relations", '{"kind": "related", "number": "2"}', "An act cannot refer to itself.", {})),
        "draft target": ([{**decision("2", "2024-01-09"), "status": "draft"},
                          decision("3", "2024-01-10", relations=[{"kind": "repeals", "number": "2"}])],
                         (2, "relations", '{"kind": "repeals", "number": "2"}',
                          "A draft cannot be amended, repealed or suspended.", {})),
        "amends a later act": ([decision("2", "2024-01-11"),
                                decision("3", "2024-01-10", relations=[{"kind": "amends", "number": "2"}])],
                               (2, "relations", '{"kind": "amends", "number": "2"}',
                                "An act can only amend, repeal or suspend an earlier act.", {})),
        "ambiguous number": ([decision("5", "2024-01-08"), decision("5", "2024-01-09"),
                              decision("6", "2024-01-10", relations="amends:5")],
                             (3, "relations", "amends:5",
                              "Several acts have the number %(number)s; give the date as well.", {"number": "5"})),
        "unknown relation kind": ([decision("2", "2024-01-10", relations="cancels:1")],
                                  (1, "relations", "cancels:1", None, None)),
        "published in the future": ([decision("2", "2024-01-10", published_at="2999-01-01T10:00:00+02:00")],
                                    (1, "published_at", "2999-01-01T10:00:00+02:00",
                                     "The publication time cannot be in the future.", {})),
        "published before adoption": ([decision("2", "2024-01-10", published_at="2024-01-09")],
                                      (1, "published_at", "2024-01-09",
                                       "An adopted act cannot be published before its date.", {})),
        "internal but published": ([decision("2", "2024-01-10", internal="так", published_at="2024-01-11")],
                                   (1, "internal", "true", "An internal act is not published.", {})),
        "bad boolean": ([decision("2", "2024-01-10", internal="можливо")],
                        (1, "internal", "можливо", "Give «так» or «ні» (true or false).", {})),
        "convocation out of range": ([decision("2", "2024-01-10", convocation="XL")],
                                     (1, "convocation", "XL", "The number must be at most %(maximum)s.",
                                      {"maximum": 30})),
        "_good": ([good], None),
    }


BAD = {name: case for name, case in _bad_cases().items() if not name.startswith("_")}


@pytest.mark.parametrize("lines, expected", list(BAD.values()), ids=list(BAD))
def test_a_bad_row_stops_the_import_and_nothing_is_written(tmp_path, hromada_a, keeper, units, lines, expected):
    act(hromada_a, keeper, number="100", when=date(2023, 1, 1))
    before = rows_of_everything()
    audit_before = AuditEntry.objects.count()
    good = decision("1", "2024-01-10")
    path = jsonl(tmp_path / "acts.jsonl", good, *lines)
    code, report = run(path)
    assert code == 2
    assert report["status"] == "validation_errors"
    row, column, value, reason, params = expected
    found = [issue for issue in problems(report) if issue[0] == row + 1]
    assert found, problems(report)
    assert (found[0][1], found[0][2]) == (column, value)
    if reason is not None:
        assert found[0][3] == _(reason) % params
    assert rows_of_everything() == before
    assert AuditEntry.objects.count() == audit_before
    # The valid rows alone go in with --skip-invalid.
    code, report = run(path, "--skip-invalid")
    assert code == 0 and report["rows_skipped"] >= 1
    assert Act.objects.filter(number="1").exists()


def test_unknown_type_lists_what_is_accepted(tmp_path, hromada_a):
    code, report = run(jsonl(tmp_path / "a.jsonl", decision("2", "2024-01-10", type="постанова")))
    reason = report["errors"][0]["reason"]
    assert code == 2 and "рішення ради (council_decision)" in reason and "розпорядження (head_order)" in reason


def test_every_problem_of_a_row_is_reported_at_once(tmp_path, hromada_a):
    code, report = run(jsonl(tmp_path / "a.jsonl", {"number": "", "date": "31.02.2024", "type": "x", "status": "y"}))
    assert code == 2
    assert [(issue[0], issue[1]) for issue in problems(report)] == [
        (1, "number"), (1, "date"), (1, "type"), (1, "status"), (1, "title")]


def test_skip_invalid_writes_the_valid_rows_and_leaves_out_those_that_refer_to_invalid_ones(tmp_path, hromada_a):
    path = jsonl(tmp_path / "acts.jsonl",
                 decision("1", "2024-01-10"),
                 decision("2", "2024-02-30"),
                 decision("3", "2024-03-10", relations=[{"kind": "repeals", "number": "2"}]),
                 decision("4", "2024-03-11", relations=[{"kind": "repeals", "number": "1"}]),
                 "[]")
    code, report = run(path, "--skip-invalid")
    assert code == 0
    assert (report["rows_total"], report["rows_valid"], report["rows_skipped"], report["created"]) == (5, 2, 3, 2)
    assert {(issue["row"], issue["column"]) for issue in report["errors"]} == {(2, "date"), (3, "relations"), (5, "")}
    assert sorted(Act.objects.values_list("number", "status")) == [("1", "repealed"), ("4", "in_force")]


def test_dry_run_checks_and_writes_nothing(tmp_path, hromada_a):
    code, report = run(jsonl(tmp_path / "acts.jsonl", decision("1", "2024-01-10")), "--dry-run")
    assert (code, report["status"], report["rows_valid"]) == (0, "dry_run", 1)
    assert rows_of_everything() == (0, 0, 0, 0, 0)


@pytest.mark.parametrize("content, message", [
    (b'[{"number": "1"}]\n', "This is a JSON array, not JSON Lines: write one JSON object per line, without the "
                            "enclosing [ ]."),
    (b"", "The file is empty."),
])
def test_a_file_that_is_not_json_lines_or_a_table_fails_with_exit_code_1(tmp_path, hromada_a, content, message):
    path = tmp_path / "acts.jsonl"
    path.write_bytes(content)
    code, report = run(path)
    assert (code, report["status"]) == (1, "failed")
    assert report["message"] == f"{path}: {_(message)}"


def test_a_text_file_that_is_not_json_reports_the_missing_columns(tmp_path, hromada_a):
    path = tmp_path / "acts.jsonl"
    path.write_text("це не JSON\nі не таблиця\n", encoding="utf-8")
    code, report = run(path)
    assert code == 2
    assert {issue["column"] for issue in report["errors"]} == {"Номер", "Дата", "Тип", "Назва", "Статус"}


def test_ambiguous_numbers_are_told_apart_by_date_and_type(tmp_path, hromada_a, keeper):
    act(hromada_a, keeper, number="5", when=date(2024, 1, 8), type="head_order")
    act(hromada_a, keeper, number="5", when=date(2024, 1, 8), type="executive_decision")
    path = jsonl(tmp_path / "a.jsonl",
                 decision("6", "2024-01-10", relations=[{"kind": "amends", "number": "5", "date": "2024-01-08"}]))
    code, report = run(path)
    assert code == 2
    assert problems(report)[0][3] == _("Several acts have the number %(number)s and this date; give the type as "
                                       "well.") % {"number": "5"}
    path = jsonl(path, decision("6", "2024-01-10", relations=[
        {"kind": "amends", "number": "5", "date": "2024-01-08", "type": "head_order"}]))
    assert run(path)[0] == 0
    assert Act.objects.get(number="5", type="head_order").status == "amended"
    assert Act.objects.get(number="5", type="executive_decision").status == "in_force"


def test_a_relation_effective_later_is_created_but_not_applied(tmp_path, hromada_a, keeper):
    later = (timezone.localdate() + timedelta(days=30)).isoformat()
    path = jsonl(tmp_path / "a.jsonl", decision("1", "2024-01-10"), decision("2", "2024-01-11", relations=[
        {"kind": "suspends", "number": "1", "effective_from": later, "note": "з наступного місяця"}]))
    assert run(path)[0] == 0
    relation = ActRelation.objects.get()
    assert (relation.applied, relation.effective_from.isoformat(), relation.note) == (False, later,
                                                                                      "з наступного місяця")
    assert Act.objects.get(number="1").status == "in_force"
    assert run(path)[1]["unchanged"] == 2


def test_the_time_of_publication_of_a_published_act_cannot_be_changed(tmp_path, hromada_a, keeper):
    path = jsonl(tmp_path / "a.jsonl", decision("1", "2024-01-10", published_at="2024-01-11T12:00:00+02:00"))
    run(path)
    code, report = run(jsonl(path, decision("1", "2024-01-10", published_at="2024-01-12")))
    assert code == 2
    assert problems(report)[0][1:] == ("published_at", "2024-01-12", _(
        "The act was published on %(when)s; the time of publication cannot be changed.") % {"when": "11.01.2024 12:00"})


def test_relations_resolve_only_within_the_hromada_given(tmp_path, hromada_a, hromada_b, keeper):
    act(hromada_a, keeper, number="1", when=date(2024, 1, 1))
    path = jsonl(tmp_path / "a.jsonl", decision("2", "2024-01-10", relations="repeals:1"))
    code, report = run(path, "--hromada", hromada_b.katottg)
    assert code == 2 and problems(report)[0][1] == "relations"
    code, report = run(jsonl(path, decision("1", "2024-01-01"), decision("2", "2024-01-10", relations="repeals:1")),
                       "--hromada", hromada_b.katottg)
    assert code == 0
    assert set(Act.objects.filter(hromada=hromada_b).values_list("number", "status")) == {
        ("1", "repealed"), ("2", "in_force")}
    assert Act.objects.get(hromada=hromada_a).status == "in_force"


def test_the_importer_is_found_by_kind_but_not_offered_on_the_registers_import_page():
    assert imports.get("acts") is ActImporter
    assert "acts" not in imports.kinds()
    assert "acts" in imports.kinds(unlisted=True)


def test_blank_lines_keep_the_line_numbers(tmp_path, hromada_a):
    path = tmp_path / "a.jsonl"
    path.write_text("\n" + json.dumps(decision("1", "2024-01-10")) + "\n\n  \n" +
                    json.dumps(decision("2", "2024-13-01")) + "\n", encoding="utf-8")
    code, report = run(path)
    assert (code, report["rows_total"], problems(report)[0][:2]) == (2, 2, (5, "date"))


def test_a_line_that_is_not_utf8_is_that_rows_error(tmp_path, hromada_a):
    path = tmp_path / "a.jsonl"
    path.write_bytes(json.dumps(decision("1", "2024-01-10"), ensure_ascii=False).encode() + b"\n" +
                     json.dumps(decision("2", "2024-01-10", "Про бюджет"), ensure_ascii=False).encode("cp1251") + b"\n")
    code, report = run(path)
    assert code == 2
    assert problems(report)[0][::3] == (2, _("The line is not valid UTF-8 text."))


# --- a killed import -------------------------------------------------------------------------------------------

_KILLED_IMPORT = """
import sys, time
from pathlib import Path
import django
django.setup()
from hromada.acts.importers import ActImporter
from hromada.core import imports
from hromada.core.models import Hromada

class Hanging(ActImporter):
    calls = 0
    def write(self, batch, context):
        counts = super().write(batch, context)
        Hanging.calls += 1
        if Hanging.calls == 2:
            Path(sys.argv[2]).write_text("written")
            time.sleep(600)
        return counts

imports.run_import(Hanging, sys.argv[1], hromada=Hromada.objects.get(is_default=True), batch_size=2)
"""


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_the_registry_as_it_was(tmp_path, hromada_a):
    keeper = secretary(hromada_a)
    act(hromada_a, keeper, number="1", when=date(2024, 1, 1), title="Про старе")
    path = jsonl(tmp_path / "acts.jsonl", decision("1", "2024-01-01", "Про нове"),
                 *(decision(str(n), "2024-02-01", relations="repeals:1:2024-01-01") for n in range(2, 8)))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hromada.settings", "HROMADA_DATA_DIR": str(tmp_path)}
    if connection.vendor == "sqlite":
        database = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(database)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        env["HROMADA_DATABASE_URL"] = f"sqlite:///{database}"
    else:
        params = settings.DATABASES["default"]
        user, host, port = params["USER"], params["HOST"] or "127.0.0.1", params["PORT"] or 5432
        env["HROMADA_DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{connection.settings_dict['NAME']}"
    marker = tmp_path / "written"
    process = subprocess.Popen([sys.executable, "-c", _KILLED_IMPORT, str(path), str(marker)], cwd=REPO, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time_module.monotonic() + 120
        while not marker.exists() and process.poll() is None and time_module.monotonic() < deadline:
            time_module.sleep(0.05)
        assert marker.exists(), process.stderr.read().decode() if process.poll() is not None else "no progress"
    finally:
        process.kill()
        process.wait()
    tables = ("acts_act", "acts_actversion", "acts_searchentry", "acts_actrelation", "acts_topic")
    if connection.vendor == "sqlite":
        with sqlite3.connect(database) as check:
            counts = tuple(check.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in tables)  # noqa: S608
            state = check.execute("SELECT title, status FROM acts_act").fetchall()
            log = check.execute("SELECT COUNT(*) FROM core_auditentry WHERE object_type = 'import.acts'").fetchone()
    else:
        counts = rows_of_everything()
        state = list(Act.objects.values_list("title", "status"))
        log = (AuditEntry.objects.filter(object_type="import.acts").count(),)
    assert (counts, state, log) == ((1, 1, 1, 0, 0), [("Про старе", "in_force")], (0,))


def test_relations_to_rows_of_earlier_batches_resolve_and_apply(tmp_path, hromada_a):
    path = jsonl(tmp_path / "a.jsonl", decision("1", "2024-01-01"), decision("2", "2024-01-02"),
                 decision("3", "2024-01-03", relations="amends:1"),
                 decision("4", "2024-01-04", relations=[{"kind": "repeals", "number": "1"},
                                                        {"kind": "suspends", "number": "2"}]),
                 decision("5", "2024-01-05", relations="implements:4;related:3"))
    code, report = run(path, "--batch-size", "2")
    assert (code, report["created"], report["extras"]["relations_created"]) == (0, 5, 5)
    assert dict(Act.objects.values_list("number", "status")) == {
        "1": "repealed", "2": "suspended", "3": "in_force", "4": "in_force", "5": "in_force"}
    assert list(Act.objects.get(number="1").versions.values_list("data__status", flat=True)) == [
        "in_force", "amended", "repealed"]
    code, report = run(path, "--batch-size", "3")
    assert (code, report["unchanged"], report["extras"]["relations_created"]) == (0, 5, 0)
