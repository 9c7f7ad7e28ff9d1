"""The staff import of acts: upload → fields → check → confirmation → result, downloads, rights and tenancy."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from hromada.acts import views_import
from hromada.acts.models import Act, ActRelation, ActVersion, SearchEntry
from hromada.core import import_flow, import_pages, imports
from hromada.core.models import AuditEntry
from hromada.core.workers import run_pending
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

GOOD = {"number": "154-12/VIII", "date": "2021-02-11", "type": "council_decision", "status": "in_force",
        "title": "Про Програму розвитку культури", "topics": ["культура"]}
ALSO_GOOD = {"number": "2311-25/VIII", "date": "2023-05-04", "type": "council_decision", "status": "in_force",
             "title": "Про скасування програми", "relations": [{"kind": "repeals", "number": "154-12/VIII"}]}
BAD = {"number": "3", "date": "2024-02-30", "type": "council_decision", "status": "in_force", "title": "Про дату"}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def keeper_client(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "council_secretary", full_name="Ольга Секретарка"))
    return client_a


def jsonl(*lines) -> bytes:
    return "".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                   for line in lines).encode("utf-8")


def post_file(client, content: bytes, name: str = "акти.jsonl"):
    return client.post(reverse("acts:import-upload"), {"file": SimpleUploadedFile(name, content)})


def import_id(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return uuid.UUID(response["Location"].rstrip("/").split("/")[-1]).hex


def url(name: str, ident: str, *args) -> str:
    return reverse(f"acts:import-{name}", args=[uuid.UUID(ident), *args])


def state_of(hromada, ident: str) -> dict:
    return json.loads(views_import.ActUpload(hromada.pk, ident).state_path.read_text(encoding="utf-8"))


def stored_files(data_dir: Path) -> list[str]:
    root = data_dir / "imports"
    return sorted(p.name for p in root.rglob("*") if p.is_file() and p.name != ".lock") if root.exists() else []


def text(response) -> str:
    return response.content.decode()


def everything() -> tuple[int, int, int, int]:
    return Act.objects.count(), ActVersion.objects.count(), SearchEntry.objects.count(), ActRelation.objects.count()


# --- the home page and downloads ---------------------------------------------------------------------------------


def test_home_shows_the_fields_the_downloads_and_the_upload_form(keeper_client):
    page = text(keeper_client.get(reverse("acts:import")))
    for expected in ("Номер", "number, №", "Зв&#x27;язки", 'type="file"', reverse("acts:import-upload"),
                     reverse("acts:import-template-csv"), reverse("acts:import-template-xlsx"),
                     reverse("acts:import-sample"), "рішення ради (council_decision)", "&quot;number&quot;"):
        assert expected in page
    assert 'name="kind"' not in page


def test_templates_and_the_sample_download(keeper_client, hromada_a, tmp_path):
    response = keeper_client.get(reverse("acts:import-template-csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="acts-template.csv"' in response["Content-Disposition"]
    header, example = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header[:6] == ["Номер", "Дата", "Тип", "Назва", "Текст", "Статус"]
    assert example[header.index("Зв'язки")] == "repeals:154-12/VIII:2021-02-11"
    response = keeper_client.get(reverse("acts:import-template-xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]][:3] == ["Номер", "Дата", "Тип"]

    response = keeper_client.get(reverse("acts:import-sample"))
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert 'filename="acts-sample.jsonl"' in response["Content-Disposition"]
    # The sample imports as it is: three acts, the first repealed by the second, the second amended by the third.
    path = tmp_path / "sample.jsonl"
    path.write_bytes(response.content)
    result = imports.run_import(imports.get("acts"), path, hromada=hromada_a)
    assert (result.status, result.created, result.extras["relations_created"]) == ("done", 3, 2)
    assert sorted(Act.objects.values_list("number", "status")) == [
        ("154-12/VIII", "repealed"), ("2311-25/VIII", "amended"), ("57", "adopted")]


# --- the whole flow ----------------------------------------------------------------------------------------------


def test_a_jsonl_file_with_one_bad_row_is_imported_without_it(keeper_client, hromada_a, data_dir):
    response = post_file(keeper_client, jsonl(GOOD, ALSO_GOOD, BAD))
    ident = import_id(response)
    assert response["Location"] == url("preview", ident)
    assert views_import.ActUpload(hromada_a.pk, ident).file.is_file()
    assert state_of(hromada_a, ident)["status"] == "uploaded"
    assert state_of(hromada_a, ident)["format"]["label"] == "JSON Lines"

    page = text(keeper_client.get(url("preview", ident)))
    assert "JSON Lines" in page and "акти.jsonl" in page and "Про скасування програми" in page
    assert "relations" in page and "Зв&#x27;язки" in page  # the key and the field it fills
    assert url("check", ident) in page and url("cancel", ident) in page
    assert everything() == (0, 0, 0, 0)

    response = keeper_client.post(url("check", ident))
    assert response["Location"] == url("report", ident)
    assert everything() == (0, 0, 0, 0)
    report = state_of(hromada_a, ident)["check"]
    assert (report["rows_total"], report["rows_valid"], report["rows_invalid"]) == (3, 2, 1)
    assert [(e["row"], e["column"], e["value"], e["reason"]) for e in report["errors"]] == [
        (3, "date", "2024-02-30", _("There is no such date."))]
    page = text(keeper_client.get(url("report", ident)))
    assert "2024-02-30" in page and _("There is no such date.") in page and url("errors-csv", ident) in page
    assert url("confirm", ident, "valid") in page and url("confirm", ident, "all") not in page

    assert keeper_client.post(url("confirm", ident, "all")).status_code == 400
    assert state_of(hromada_a, ident)["status"] == "checked" and everything() == (0, 0, 0, 0)

    assert keeper_client.get(url("confirm", ident, "valid")).status_code == 200
    response = keeper_client.post(url("confirm", ident, "valid"))
    assert response["Location"] == url("result", ident)
    assert everything() == (2, 3, 2, 1)  # the repealed act has a second version
    assert Act.objects.get(number="154-12/VIII").status == "repealed"
    state = state_of(hromada_a, ident)
    assert (state["status"], state["mode"]) == ("done", "valid")
    assert (state["result"]["created"], state["result"]["rows_skipped"]) == (2, 1)
    assert state["result"]["extras"] == {"relations_created": 1, "topics_created": 1}
    assert not views_import.ActUpload(hromada_a.pk, ident).file.exists()  # the upload is gone, the state stays

    page = text(keeper_client.get(url("result", ident)))
    assert "2024-02-30" in page and reverse("acts:list") in page
    assert escape(str(views_import.ActImporter.extra_labels["relations_created"]).capitalize()) in page

    entry = AuditEntry.objects.get(object_type="import.acts")
    assert entry.actor.full_name == "Ольга Секретарка"
    assert (entry.changes["created"], entry.changes["skipped"]) == (2, 1)
    assert ActVersion.objects.filter(author__full_name="Ольга Секретарка").count() == 3  # v2: the repeal

    home = text(keeper_client.get(reverse("acts:import")))
    assert "акти.jsonl" in home and "Ольга Секретарка" in home and url("result", ident) in home
    assert keeper_client.get(url("preview", ident))["Location"] == url("result", ident)


def test_a_valid_csv_in_windows_1251_is_imported_whole(keeper_client, hromada_a):
    content = ("Номер;Дата;Тип;Назва;Статус\r\n"
               "12;14.03.2025;розпорядження голови;Про нараду;чинне\r\n").encode("cp1251")
    ident = import_id(post_file(keeper_client, content, name="акти.csv"))
    page = text(keeper_client.get(url("preview", ident)))
    assert "Windows-1251" in page and "«;»" in page
    keeper_client.post(url("check", ident))
    page = text(keeper_client.get(url("report", ident)))
    assert url("confirm", ident, "all") in page and url("confirm", ident, "valid") not in page
    assert keeper_client.post(url("confirm", ident, "all"))["Location"] == url("result", ident)
    imported = Act.objects.get()
    assert (imported.type, imported.status, imported.number) == ("head_order", "in_force", "12")


def test_a_csv_without_a_required_column_stops_at_the_preview(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, "Номер;Дата\r\n1;2024-01-01\r\n".encode(), name="a.csv"))
    page = text(keeper_client.get(url("preview", ident)))
    assert 'role="alert"' in page and "Назва" in page and url("check", ident) not in page
    assert keeper_client.post(url("check", ident))["Location"] == url("preview", ident)
    assert state_of(hromada_a, ident)["status"] == "uploaded"


def test_jsonl_lines_without_a_required_field_are_reported_by_the_check(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, jsonl({"number": "1", "date": "2024-01-01"})))
    page = text(keeper_client.get(url("preview", ident)))
    assert url("check", ident) in page and "«title»" in page
    keeper_client.post(url("check", ident))
    report = state_of(hromada_a, ident)["check"]
    assert {(e["row"], e["column"]) for e in report["errors"]} == {(1, "type"), (1, "status"), (1, "title")}


def test_errors_download_as_csv_and_the_download_is_logged(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, jsonl(GOOD, BAD, {**BAD, "number": "4", "title": "=1+2"}, "[1]")))
    keeper_client.post(url("check", ident))
    response = keeper_client.get(url("errors-csv", ident))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [_("Row"), _("Column"), _("Value"), _("Reason")]
    assert ["2", "date", "2024-02-30", _("There is no such date.")] in rows
    assert ["4", "", "[1]", _("The line is not a JSON object: each line must be one {…} object.")] in rows
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="import.acts").count() == 1


# --- bad uploads ---------------------------------------------------------------------------------------------------

BAD_UPLOADS = {
    "empty": (b"", "The file is empty."),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
               "This is not a table: the file is neither CSV nor XLSX."),
    "json array": (b'[{"number": "1"}]', "This is a JSON array, not JSON Lines: write one JSON object per line, "
                                          "without the enclosing [ ]."),
}


@pytest.mark.parametrize("content, message", list(BAD_UPLOADS.values()), ids=list(BAD_UPLOADS))
def test_a_bad_file_comes_back_with_a_clear_message_and_nothing_is_kept(keeper_client, data_dir, content, message):
    response = post_file(keeper_client, content)
    assert response.status_code == 400
    page = text(response).replace("&#x27;", "'")
    assert _(message) in page and 'class="error-summary"' in page and 'type="file"' in page
    assert stored_files(data_dir) == []


def test_no_file_and_a_file_over_the_limit_are_refused(keeper_client, data_dir, monkeypatch):
    response = keeper_client.post(reverse("acts:import-upload"), {})
    assert response.status_code == 400
    assert _("Choose a JSON Lines, CSV or XLSX file to upload.") in text(response)
    monkeypatch.setattr(import_pages, "MAX_UPLOAD_BYTES", 100)
    response = post_file(keeper_client, jsonl(GOOD, ALSO_GOOD))
    assert response.status_code == 400
    assert _("The file is larger than %(size)s MB. Split it into several files and import them one by one.") % {
        "size": 50} in text(response)
    assert stored_files(data_dir) == []


def test_cancelling_deletes_the_file_and_writes_nothing(keeper_client, hromada_a, data_dir):
    ident = import_id(post_file(keeper_client, jsonl(GOOD)))
    keeper_client.post(url("check", ident))
    response = keeper_client.post(url("cancel", ident), follow=True)
    assert response.redirect_chain[0][0] == reverse("acts:import")
    assert stored_files(data_dir) == [f"{ident}.json"]
    assert state_of(hromada_a, ident)["status"] == "cancelled" and everything() == (0, 0, 0, 0)
    assert keeper_client.post(url("confirm", ident, "all"))["Location"] == url("result", ident)
    assert everything() == (0, 0, 0, 0)


def test_the_actions_need_post(keeper_client):
    ident = import_id(post_file(keeper_client, jsonl(GOOD)))
    assert keeper_client.get(url("check", ident)).status_code == 405
    assert keeper_client.get(url("cancel", ident)).status_code == 405
    assert keeper_client.get(reverse("acts:import-upload")).status_code == 405
    assert keeper_client.get(url("confirm", ident, "everything")).status_code == 404


# --- rights and tenancy --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", [
    ("resident", 403), ("clerk", 403), ("department_head", 403), ("programme_manager", 403), ("cnap_admin", 403),
    ("council_secretary", 200), ("hromada_admin", 200), ("operator", 200),
])
def test_only_keepers_of_the_registry_may_import(client_a, hromada_a, data_dir, role, status):
    user = UserFactory(is_operator=True) if role == "operator" else member(hromada_a, role)
    client_a.force_login(user)
    for name in ("acts:import", "acts:import-template-csv", "acts:import-template-xlsx", "acts:import-sample"):
        assert client_a.get(reverse(name)).status_code == status, name
    response = post_file(client_a, jsonl(GOOD))
    assert response.status_code == (302 if status == 200 else 403)
    if status == 403:
        assert stored_files(data_dir) == []


def test_a_clerk_cannot_touch_an_import_started_by_the_secretary(keeper_client, client, hromada_a):
    ident = import_id(post_file(keeper_client, jsonl(GOOD)))
    clerk = client.__class__(HTTP_HOST="a.localhost")
    clerk.force_login(member(hromada_a, "clerk"))
    for name in ("preview", "report", "result", "status"):
        assert clerk.get(url(name, ident)).status_code == 403
    for name, args in (("check", ()), ("cancel", ()), ("confirm", ("all",))):
        assert clerk.post(url(name, ident, *args)).status_code == 403
    assert state_of(hromada_a, ident)["status"] == "uploaded"


def test_anonymous_visitors_are_sent_to_sign_in(client_a, data_dir):
    ident = uuid.uuid4().hex
    for response in (client_a.get(reverse("acts:import")), post_file(client_a, jsonl(GOOD)),
                     client_a.get(url("preview", ident)), client_a.post(url("check", ident))):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert stored_files(data_dir) == []


def test_an_import_of_another_hromada_is_not_found(keeper_client, hromada_a, hromada_b, client):
    ident = import_id(post_file(keeper_client, jsonl(GOOD, BAD)))
    keeper_client.post(url("check", ident))
    other = client.__class__(HTTP_HOST="b.localhost")
    other.force_login(member(hromada_b, "hromada_admin"))
    for name, args in (("preview", ()), ("report", ()), ("errors-csv", ()), ("status", ()), ("result", ()),
                       ("confirm", ("valid",))):
        assert other.get(url(name, ident, *args)).status_code == 404, name
    for name, args in (("check", ()), ("cancel", ()), ("confirm", ("valid",))):
        assert other.post(url(name, ident, *args)).status_code == 404, name
    assert "акти.jsonl" not in text(other.get(reverse("acts:import")))
    assert state_of(hromada_a, ident)["status"] == "checked" and everything() == (0, 0, 0, 0)
    assert keeper_client.get(url("report", uuid.uuid4().hex)).status_code == 404


def test_the_registers_import_pages_neither_list_nor_open_an_import_of_acts(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "hromada_admin"))  # may import both
    ident = import_id(post_file(client_a, jsonl(GOOD)))
    client_a.post(url("check", ident))
    home = text(client_a.get(reverse("registers:import-home")))
    assert "акти.jsonl" not in home and "?kind=acts" not in home
    for name in ("preview", "report", "result"):
        assert client_a.get(reverse(f"registers:import-{name}", args=[uuid.UUID(ident)])).status_code == 404
    response = client_a.post(reverse("registers:import-upload"),
                             {"kind": "acts", "file": SimpleUploadedFile("a.jsonl", jsonl(GOOD))})
    assert response.status_code == 400
    # …and the acts' pages do not open a register's import.
    streets = import_id(client_a.post(reverse("registers:import-upload"), {
        "kind": "streets", "file": SimpleUploadedFile("s.csv", "населений пункт;вулиця\r\nА;Б\r\n".encode())}))
    assert client_a.get(url("preview", streets)).status_code == 404


# --- background runs ---------------------------------------------------------------------------------------------


def test_an_interrupted_run_is_marked_failed_and_nothing_was_written(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, jsonl(GOOD)))
    keeper_client.post(url("check", ident))
    upload = views_import.ActUpload(hromada_a.pk, ident)
    import_flow.update(upload, status="running", pid=os.getpid(), worker=True)  # as if its worker had died
    assert keeper_client.get(url("status", ident))["Location"] == url("result", ident)
    assert state_of(hromada_a, ident)["status"] == "failed"
    page = text(keeper_client.get(url("result", ident)))
    assert _(
        "The import was interrupted (the server or its worker stopped); nothing was written. "
        "You can run it again.") in page
    assert everything() == (0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_long_files_are_checked_and_imported_in_the_background(keeper_client, hromada_a, monkeypatch):
    monkeypatch.setattr(import_flow, "INLINE_ROWS", 2)  # "long" from two data rows on
    ident = import_id(post_file(keeper_client, jsonl(GOOD, ALSO_GOOD, BAD)))
    assert state_of(hromada_a, ident)["large"] is True
    assert keeper_client.post(url("check", ident))["Location"] == url("status", ident)
    page = text(keeper_client.get(url("status", ident)))
    assert 'hx-trigger="every 2s"' in page and "<progress" in page
    assert "<html" not in text(keeper_client.get(url("status", ident), HTTP_HX_REQUEST="true"))
    run_pending()  # the worker takes the task
    assert keeper_client.get(url("status", ident), HTTP_HX_REQUEST="true")["HX-Redirect"] == url("report", ident)
    assert state_of(hromada_a, ident)["check"]["rows_valid"] == 2

    assert keeper_client.post(url("confirm", ident, "valid"))["Location"] == url("status", ident)
    assert state_of(hromada_a, ident)["progress"] == {"done": 0, "total": 5}
    run_pending()  # the worker takes the task
    assert keeper_client.get(url("status", ident))["Location"] == url("result", ident)
    assert everything() == (2, 3, 2, 1)
    assert AuditEntry.objects.get(object_type="import.acts").actor.full_name == "Ольга Секретарка"


def test_daily_purge_removes_old_acts_uploads_too(hromada_a, data_dir):
    import time as clock

    from django.core.management import call_command

    def upload(age_days: int):
        item = views_import.ActUpload(hromada_a.pk, uuid.uuid4().hex)
        item.dir.mkdir(parents=True, exist_ok=True)
        item.file.write_bytes(jsonl({"number": "1"}))
        with import_flow.locked(hromada_a.pk):
            import_flow.write(item, {"id": item.id, "hromada": hromada_a.pk, "kind": "acts", "status": "checked"})
        past = clock.time() - age_days * 86400
        for path in (item.file, item.state_path):
            os.utime(path, (past, past))
        return item

    old, fresh = upload(30), upload(1)
    call_command("purge_imports", "--days", "14")
    assert not old.file.exists() and not old.state_path.exists()
    assert fresh.file.exists() and fresh.state_path.exists()
