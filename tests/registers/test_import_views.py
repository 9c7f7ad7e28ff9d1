"""The staff import pages: upload → columns → check → confirmation → import, bad uploads, rights and tenancy."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.urls import reverse
from django.utils import translation

from hromada.core import import_flow, import_pages
from hromada.core.models import AuditEntry
from hromada.core.workers import run_pending
from hromada.registers.models import Building, Resident, Street
from tests.factories import SettlementFactory, UserFactory, member

pytestmark = pytest.mark.django_db

HEADER = "прізвище;ім'я;по батькові;дата народження;стать;населений пункт;вулиця;будинок;примітка"
GOOD = "Шевченко;Тарас;Григорович;09.03.1990;ч;Могилів;вул. Шевченка;12а;перший"
ALSO_GOOD = "Кур’ята;Олена;Іванівна;1985-07-01;ж;Могилів;вулиця Шевченка;12-А;"
BAD = "Франко;Іван;;31.02.1990;ч;Дрогобич;Шевченка;1;"


def uk(msgid: str) -> str:
    with translation.override("uk"):
        return translation.gettext(msgid)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def mohyliv(hromada_a):
    return SettlementFactory(hromada=hromada_a, name="Могилів")


@pytest.fixture
def keeper_client(client_a, hromada_a, mohyliv):
    client_a.force_login(member(hromada_a, "cnap_admin", full_name="Оксана Адміністраторка"))
    return client_a


def csv_bytes(*lines: str, encoding: str = "cp1251") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def post_file(client, content: bytes, *, kind: str = "residents", name: str = "жителі.csv"):
    return client.post(reverse("registers:import-upload"),
                       {"kind": kind, "file": SimpleUploadedFile(name, content)})


def import_id(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return uuid.UUID(response["Location"].rstrip("/").split("/")[-1]).hex


def state_of(hromada, ident: str) -> dict:
    return json.loads(import_flow.Upload(hromada.pk, ident).state_path.read_text(encoding="utf-8"))


def url(name: str, ident: str, *args) -> str:
    return reverse(f"registers:import-{name}", args=[uuid.UUID(ident), *args])


def stored_files(data_dir: Path) -> list[str]:
    root = data_dir / "imports"
    return sorted(p.name for p in root.rglob("*") if p.is_file() and p.name != ".lock") if root.exists() else []


def text(response) -> str:
    return response.content.decode()


# --- the home page ---------------------------------------------------------------------------------------


def test_home_shows_the_registers_columns_templates_and_the_upload_form(keeper_client):
    page = text(keeper_client.get(reverse("registers:import-home") + "?kind=residents"))
    for expected in ("прізвище", "last_name, surname", "дата народження", 'type="file"', 'name="kind"',
                     reverse("registers:import-template-csv", args=["residents"]),
                     reverse("registers:import-template-xlsx", args=["residents"])):
        assert expected in page
    assert 'aria-current="page">' + uk("residents").capitalize() in page
    # An unknown register in the address falls back to the first one, streets.
    assert "населений пункт" in text(keeper_client.get(reverse("registers:import-home") + "?kind=nonsense"))


def test_templates_download_as_csv_and_xlsx(keeper_client):
    response = keeper_client.get(reverse("registers:import-template-csv", args=["residents"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="residents-template.csv"' in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("прізвище;ім'я;по батькові")
    response = keeper_client.get(reverse("registers:import-template-xlsx", args=["streets"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["населений пункт", "вулиця"]
    assert keeper_client.get(reverse("registers:import-template-csv", args=["pets"])).status_code == 404


# --- the whole flow ----------------------------------------------------------------------------------------


def test_residents_in_windows_1251_with_one_bad_row_imported_without_it(keeper_client, hromada_a, data_dir):
    response = post_file(keeper_client, csv_bytes(HEADER, GOOD, ALSO_GOOD, BAD))
    ident = import_id(response)
    assert response["Location"] == url("preview", ident)
    assert (data_dir / "imports" / str(hromada_a.pk) / ident).is_file()
    assert state_of(hromada_a, ident)["status"] == "uploaded"

    # Columns: encoding and delimiter found, every file column mapped or ignored, the first rows shown.
    page = text(keeper_client.get(url("preview", ident)))
    assert "Windows-1251" in page and "«;»" in page and "жителі.csv" in page
    assert "примітка" in page and uk("Ignored: not a column of this register.") in page
    assert "Кур’ята" in page and "Дрогобич" in page
    assert url("check", ident) in page and url("cancel", ident) in page
    assert not Resident.objects.exists()

    # Check: nothing written, the bad row reported with its column, value and reason.
    response = keeper_client.post(url("check", ident))
    assert response["Location"] == url("report", ident)
    assert not Resident.objects.exists()
    report = state_of(hromada_a, ident)["check"]
    assert (report["rows_total"], report["rows_valid"], report["rows_invalid"]) == (3, 2, 1)
    assert {(e["row"], e["column"], e["value"]) for e in report["errors"]} == {
        (4, "дата народження", "31.02.1990"), (4, "населений пункт", "Дрогобич")}
    page = text(keeper_client.get(url("report", ident)))
    assert "31.02.1990" in page and "Дрогобич" in page and uk("There is no such date.") in page
    assert url("errors-csv", ident) in page
    assert url("confirm", ident, "valid") in page and url("confirm", ident, "all") not in page
    assert "disabled" in page

    # All-or-nothing is refused while there are errors; nothing is written.
    page = text(keeper_client.get(url("confirm", ident, "all")))
    assert uk("The file has errors, so it cannot be imported whole. Import only the valid rows, or correct the file "
              "and upload it again.") in page
    assert 'method="post"' not in page.split('id="main"')[1]
    refused = keeper_client.post(url("confirm", ident, "all"))
    assert refused.status_code == 400
    assert state_of(hromada_a, ident)["status"] == "checked" and not Resident.objects.exists()

    # Only the valid rows: a confirmation saying what will be written, then the import.
    page = text(keeper_client.get(url("confirm", ident, "valid")))
    assert uk("Yes, import") in page and "«" + uk("residents").capitalize() + "»" in page
    response = keeper_client.post(url("confirm", ident, "valid"))
    assert response["Location"] == url("result", ident)
    assert sorted(Resident.objects.values_list("last_name", flat=True)) == ["Кур'ята", "Шевченко"]
    assert (Street.objects.count(), Building.objects.count()) == (1, 1)
    state = state_of(hromada_a, ident)
    assert state["status"] == "done" and state["mode"] == "valid"
    result = state["result"]
    assert (result["created"], result["updated"], result["rows_skipped"]) == (2, 0, 1)
    assert result["extras"] == {"streets_created": 1, "buildings_created": 1}
    assert not (data_dir / "imports" / str(hromada_a.pk) / ident).exists()  # the personal data is gone

    page = text(keeper_client.get(url("result", ident)))
    assert uk("streets created").capitalize() in page and uk("buildings created").capitalize() in page
    assert f'class="button" href="{reverse("registers:residents-list")}"' in page
    assert "Дрогобич" in page  # the row left out, with its errors

    # One audit entry by the engine, with who imported.
    entry = AuditEntry.objects.get(object_type="import.residents")
    assert entry.actor.full_name == "Оксана Адміністраторка"
    assert (entry.changes["created"], entry.changes["skipped"]) == (2, 1)

    # The import is in the history; its pages now lead to the result.
    home = text(keeper_client.get(reverse("registers:import-home")))
    assert "жителі.csv" in home and "Оксана Адміністраторка" in home and str(uk("imported")) in home
    assert keeper_client.get(url("preview", ident))["Location"] == url("result", ident)
    assert keeper_client.post(url("confirm", ident, "valid"))["Location"] == url("result", ident)
    assert AuditEntry.objects.filter(object_type="import.residents").count() == 1


def test_a_valid_file_is_imported_whole_after_the_confirmation(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD, encoding="utf-8-sig")))
    assert keeper_client.post(url("check", ident))["Location"] == url("report", ident)
    page = text(keeper_client.get(url("report", ident)))
    assert url("confirm", ident, "all") in page and url("confirm", ident, "valid") not in page
    assert keeper_client.get(url("confirm", ident, "all")).status_code == 200
    assert not Resident.objects.exists()
    assert keeper_client.post(url("confirm", ident, "all"))["Location"] == url("result", ident)
    assert Resident.objects.get().last_name == "Шевченко"
    assert state_of(hromada_a, ident)["result"]["created"] == 1


def test_errors_download_as_csv_and_the_download_is_logged(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD, BAD, "Іванів;Іван;;=NOW();ч;Могилів;;;")))
    keeper_client.post(url("check", ident))
    response = keeper_client.get(url("errors-csv", ident))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [uk("Row"), uk("Column"), uk("Value"), uk("Reason")]
    assert ["3", "дата народження", "31.02.1990", uk("There is no such date.")] in rows
    assert rows[-1][:3] == ["4", "дата народження", "'=NOW()"]  # a spreadsheet shows it, does not run it
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="import.residents").count() == 1


def test_an_xlsx_file_is_read_and_imported(keeper_client, hromada_a):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Settlement", "Street"])
    workbook.active.append(["Могилів", "вул. Шевченка"])
    workbook.active.append(["Могилів", "пров. Садовий"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    ident = import_id(post_file(keeper_client, buffer.getvalue(), kind="streets", name="streets.xlsx"))
    page = text(keeper_client.get(url("preview", ident)))
    assert "XLSX" in page and "Садовий" in page
    keeper_client.post(url("check", ident))
    assert keeper_client.post(url("confirm", ident, "all"))["Location"] == url("result", ident)
    assert sorted(Street.objects.values_list("name", flat=True)) == ["Садовий", "Шевченка"]


# --- bad uploads: the form again, a clear message, nothing written ------------------------------------------


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


BAD_UPLOADS = {
    "empty": (b"", "The file is empty."),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
               "This is not a table: the file is neither CSV nor XLSX."),
    "old excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
                  "This is an old Excel workbook (.xls) or a password-protected one. Save it as XLSX without a "
                  "password, or as CSV."),
    "ods": (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "This is an OpenDocument spreadsheet (.ods). Save it as XLSX or CSV."),
    "zip": (_zip({"a.txt": b"hello"}), "This is not a table: the file is neither CSV nor XLSX."),
    "utf-16": ("прізвище;ім'я\n".encode("utf-16"), "The file is in UTF-16. Save the table as CSV (UTF-8) or XLSX."),
    "only blank lines": (b"\r\n \r\n;;\r\n", "The file has no header row: it contains only empty lines."),
}


@pytest.mark.parametrize("content, message", list(BAD_UPLOADS.values()), ids=list(BAD_UPLOADS))
def test_a_bad_file_comes_back_with_a_clear_message_and_nothing_is_kept(keeper_client, data_dir, content, message):
    response = post_file(keeper_client, content)
    assert response.status_code == 400
    page = text(response)
    assert uk(message) in page.replace("&#x27;", "'")
    assert 'class="error-summary"' in page and 'type="file"' in page and 'value="residents"' in page
    assert stored_files(data_dir) == []


def test_a_file_over_the_limit_is_refused_without_being_stored(keeper_client, data_dir, monkeypatch):
    monkeypatch.setattr(import_pages, "MAX_UPLOAD_BYTES", 100)
    dropped = []
    receive = import_pages.SizeLimit.receive_data_chunk

    def spy(self, raw_data, start):
        try:
            return receive(self, raw_data, start)
        except SkipFile:
            dropped.append(start)
            raise

    monkeypatch.setattr(import_pages.SizeLimit, "receive_data_chunk", spy)
    response = post_file(keeper_client, csv_bytes(HEADER, GOOD, GOOD))
    assert response.status_code == 400
    assert dropped == [0]  # dropped while the upload was being received, not after it was stored
    message = uk("The file is larger than %(size)s MB. Split it into several files and import them one by one.")
    assert message % {"size": 50} in text(response)
    assert stored_files(data_dir) == []


@pytest.mark.parametrize("kind", ["pets", "", "../../etc"])
def test_an_unknown_register_is_refused(keeper_client, data_dir, kind):
    response = post_file(keeper_client, csv_bytes(HEADER, GOOD), kind=kind)
    assert response.status_code == 400
    assert uk("Choose a register to import into from the list.") in text(response)
    assert stored_files(data_dir) == []


def test_no_file_is_refused(keeper_client, data_dir):
    response = keeper_client.post(reverse("registers:import-upload"), {"kind": "residents"})
    assert response.status_code == 400
    assert uk("Choose a CSV or XLSX file to upload.") in text(response)
    assert stored_files(data_dir) == []


def test_a_missing_required_column_stops_the_flow_at_the_preview(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, csv_bytes("прізвище;ім'я;населений пункт", "Шевченко;Тарас;Могилів")))
    page = text(keeper_client.get(url("preview", ident)))
    assert 'role="alert"' in page and "дата народження" in page and "стать" in page
    assert url("check", ident) not in page and url("cancel", ident) in page
    response = keeper_client.post(url("check", ident))
    assert response["Location"] == url("preview", ident)
    assert state_of(hromada_a, ident)["status"] == "uploaded"


def test_cancelling_deletes_the_file_and_writes_nothing(keeper_client, hromada_a, data_dir):
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD)))
    keeper_client.post(url("check", ident))
    response = keeper_client.post(url("cancel", ident), follow=True)
    assert response.redirect_chain[0][0] == reverse("registers:import-home") + "?kind=residents"
    assert "жителі.csv" in text(response)
    assert stored_files(data_dir) == [f"{ident}.json"]
    assert state_of(hromada_a, ident)["status"] == "cancelled" and not Resident.objects.exists()
    assert keeper_client.get(url("report", ident))["Location"] == url("result", ident)
    assert keeper_client.get(url("result", ident)).status_code == 200
    assert keeper_client.post(url("confirm", ident, "all"))["Location"] == url("result", ident)
    assert not Resident.objects.exists()


def test_the_actions_need_post(keeper_client):
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD)))
    assert keeper_client.get(url("check", ident)).status_code == 405
    assert keeper_client.get(url("cancel", ident)).status_code == 405
    assert keeper_client.get(reverse("registers:import-upload")).status_code == 405
    assert keeper_client.get(url("confirm", ident, "everything")).status_code == 404


# --- rights and tenancy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", [
    ("resident", 403), ("clerk", 403), ("department_head", 403), ("programme_manager", 403),
    ("council_secretary", 403), ("cnap_admin", 200), ("hromada_admin", 200), ("operator", 200),
])
def test_only_keepers_of_the_registers_may_import(client_a, hromada_a, mohyliv, role, status, data_dir):
    user = UserFactory(is_operator=True) if role == "operator" else member(hromada_a, role)
    client_a.force_login(user)
    assert client_a.get(reverse("registers:import-home")).status_code == status
    assert client_a.get(reverse("registers:import-template-csv", args=["residents"])).status_code == status
    response = post_file(client_a, csv_bytes(HEADER, GOOD))
    assert response.status_code == (302 if status == 200 else 403)
    if status == 403:
        assert stored_files(data_dir) == []


def test_anonymous_visitors_are_sent_to_sign_in(client_a, hromada_a, data_dir):
    ident = uuid.uuid4().hex
    for response in (client_a.get(reverse("registers:import-home")), post_file(client_a, csv_bytes(HEADER, GOOD)),
                     client_a.get(url("preview", ident)), client_a.post(url("check", ident))):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert stored_files(data_dir) == []


def test_the_menu_shows_the_import_to_those_who_may_import(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "hromada_admin"))
    assert reverse("registers:import-home") in text(client_a.get(reverse("registers:streets-list")))
    client_a.force_login(member(hromada_a, "clerk"))
    assert reverse("registers:import-home") not in text(client_a.get(reverse("registers:streets-list")))


def test_an_import_of_another_hromada_is_not_found(keeper_client, hromada_a, hromada_b, client):
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD, BAD)))
    keeper_client.post(url("check", ident))
    other = client.__class__(HTTP_HOST="b.localhost")
    other.force_login(member(hromada_b, "hromada_admin"))
    for name, args in (("preview", ()), ("report", ()), ("errors-csv", ()), ("status", ()), ("result", ()),
                       ("confirm", ("valid",))):
        assert other.get(url(name, ident, *args)).status_code == 404, name
    for name, args in (("check", ()), ("cancel", ()), ("confirm", ("valid",))):
        assert other.post(url(name, ident, *args)).status_code == 404, name
    assert str(uuid.UUID(ident)) not in text(other.get(reverse("registers:import-home")))
    assert state_of(hromada_a, ident)["status"] == "checked" and not Resident.objects.exists()
    assert keeper_client.get(url("report", uuid.uuid4().hex)).status_code == 404
    assert keeper_client.get(f"/staff/registers/imports/{ident[:8]}..%2F/").status_code == 404


# --- background runs ----------------------------------------------------------------------------------------


def test_an_interrupted_run_is_marked_failed_and_nothing_was_written(keeper_client, hromada_a):
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD)))
    keeper_client.post(url("check", ident))
    upload = import_flow.Upload(hromada_a.pk, ident)
    import_flow.update(upload, status="running", pid=os.getpid(), worker=True)  # as if its worker had died
    response = keeper_client.get(url("status", ident))
    assert response["Location"] == url("result", ident)
    assert state_of(hromada_a, ident)["status"] == "failed"
    page = text(keeper_client.get(url("result", ident)))
    assert uk(
        "The import was interrupted (the server or its worker stopped); nothing was written. "
        "You can run it again.") in page
    assert not Resident.objects.exists()


def test_progress_is_written_at_most_once_per_interval(hromada_a, monkeypatch):
    upload = import_flow.Upload(hromada_a.pk, uuid.uuid4().hex)
    upload.dir.mkdir(parents=True)
    with import_flow.locked(hromada_a.pk):
        import_flow.write(upload, {"id": upload.id, "hromada": hromada_a.pk, "status": "running"})
    clock = iter([100.0, 100.5, 101.2])
    monkeypatch.setattr(import_flow.time, "monotonic", lambda: next(clock))
    progress = import_flow.Progress(upload, "running", 30)
    progress(10)
    assert state_of(hromada_a, upload.id)["progress"] == {"done": 10, "total": 30}
    progress(20)  # half a second later: not written
    assert state_of(hromada_a, upload.id)["progress"] == {"done": 10, "total": 30}
    progress(30)
    assert state_of(hromada_a, upload.id)["progress"] == {"done": 30, "total": 30}


@pytest.mark.django_db(transaction=True)
def test_long_files_are_checked_and_imported_in_the_background(keeper_client, hromada_a, monkeypatch):
    monkeypatch.setattr(import_flow, "INLINE_ROWS", 2)  # "long" from two data rows on
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD, ALSO_GOOD, BAD)))
    assert state_of(hromada_a, ident)["large"] is True

    # The check is queued for the worker; the status page polls every 2 s and has a plain link too.
    assert keeper_client.post(url("check", ident))["Location"] == url("status", ident)
    page = text(keeper_client.get(url("status", ident)))
    assert 'hx-trigger="every 2s"' in page and f'href="{url("status", ident)}"' in page and "<progress" in page
    assert "<html" not in text(keeper_client.get(url("status", ident), HTTP_HX_REQUEST="true"))
    assert keeper_client.get(url("report", ident))["Location"] == url("status", ident)
    assert keeper_client.post(url("check", ident))["Location"] == url("status", ident)  # a second click
    run_pending()  # the worker takes the task
    finished = keeper_client.get(url("status", ident), HTTP_HX_REQUEST="true")
    assert finished["HX-Redirect"] == url("report", ident)
    assert keeper_client.get(url("status", ident))["Location"] == url("report", ident)
    assert state_of(hromada_a, ident)["check"]["rows_valid"] == 2

    # The import is queued too; its progress counts both passes.
    assert keeper_client.post(url("confirm", ident, "valid"))["Location"] == url("status", ident)
    assert state_of(hromada_a, ident)["progress"] == {"done": 0, "total": 5}
    assert uk("Rows processed") in text(keeper_client.get(url("status", ident)))
    run_pending()  # the worker takes the task
    assert keeper_client.get(url("status", ident))["Location"] == url("result", ident)
    assert Resident.objects.count() == 2
    assert AuditEntry.objects.get(object_type="import.residents").actor.full_name == "Оксана Адміністраторка"
    assert state_of(hromada_a, ident)["status"] == "done"


@pytest.mark.django_db(transaction=True)
def test_a_background_check_that_cannot_be_queued_says_so_and_can_be_run_again(keeper_client, hromada_a,
                                                                              monkeypatch, settings):
    """The task queue is away (Redis stopped): the staff member gets the import's outcome, not a 500, and it says
    the import could not start instead of waiting for a worker that never comes."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there
    monkeypatch.setattr(import_flow, "INLINE_ROWS", 2)
    ident = import_id(post_file(keeper_client, csv_bytes(HEADER, GOOD, ALSO_GOOD, BAD)))
    queues = ["default", "imports", "notifications"]
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "django_rq"]
    settings.RQ_QUEUES = {name: {"URL": f"redis://127.0.0.1:{port}/0"} for name in queues}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": queues}}
    assert keeper_client.post(url("check", ident))["Location"] == url("result", ident)  # straight to the outcome
    state = state_of(hromada_a, ident)
    assert state["status"] == "failed" and state["retry"] == {"phase": "check", "mode": "all"}
    assert uk("The import could not be started: the task queue is unavailable. Nothing was written; try again in "
              "a few minutes.") in text(keeper_client.get(url("result", ident)))
    assert not Resident.objects.exists()


def test_old_uploads_are_purged_and_fresh_ones_kept(hromada_a, settings):
    import time as clock

    from django.core.management import call_command

    def upload(age_days: int):
        item = import_flow.Upload(hromada_a.pk, uuid.uuid4().hex)
        item.dir.mkdir(parents=True, exist_ok=True)
        item.file.write_text("населений пункт;вулиця\r\n", encoding="utf-8")
        with import_flow.locked(hromada_a.pk):
            import_flow.write(item, {"id": item.id, "hromada": hromada_a.pk, "kind": "streets", "status": "checked"})
        past = clock.time() - age_days * 86400
        for path in (item.file, item.state_path):
            os.utime(path, (past, past))
        return item

    old, fresh = upload(30), upload(1)
    call_command("purge_imports", "--days", "14")
    assert not old.file.exists() and not old.state_path.exists()
    assert fresh.file.exists() and fresh.state_path.exists()
