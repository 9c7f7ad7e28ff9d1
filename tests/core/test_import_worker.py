"""A staff import run by a real `hromada worker` process that is killed halfway: nothing written, a retry works."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from hromada.core import import_flow
from hromada.core.workers import reap_dead_tasks, run_pending
from hromada.registers.models import Resident
from tests.factories import SettlementFactory, member

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 5_000
HEADER = "прізвище;ім'я;по батькові;дата народження;стать;населений пункт;вулиця;будинок"
FIRST_NAMES = ["Олена", "Тарас", "Ірина", "Богдан", "Марія", "Андрій", "Оксана", "Петро"]


def residents_csv(rows: int) -> bytes:
    lines = [HEADER]
    born = date(1940, 1, 1)
    for index in range(rows):
        day = born + timedelta(days=index % 20_000)
        lines.append(f"Коваленко{index // 8};{FIRST_NAMES[index % 8]};Іванович;{day:%d.%m.%Y};ч;Могилів;;")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def state_of(hromada, ident: str) -> dict:
    return json.loads(import_flow.Upload(hromada.pk, ident).state_path.read_text(encoding="utf-8"))


def url(name: str, ident: str, *args) -> str:
    return reverse(f"registers:import-{name}", args=[uuid.UUID(ident), *args])


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def test_a_worker_killed_mid_import_leaves_the_database_as_it_was_and_the_import_can_be_retried(
        client_a, hromada_a, data_dir, monkeypatch):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:", ":memory:")):
        pytest.fail("the SQLite test database must be a file for a worker process to share it (see settings.py)")
    SettlementFactory(hromada=hromada_a, name="Могилів")
    client_a.force_login(member(hromada_a, "cnap_admin", full_name="Оксана Адміністраторка"))
    response = client_a.post(reverse("registers:import-upload"),
                             {"kind": "residents", "file": SimpleUploadedFile("жителі.csv", residents_csv(ROWS))})
    ident = uuid.UUID(response["Location"].rstrip("/").split("/")[-1]).hex
    assert state_of(hromada_a, ident)["large"] is True
    client_a.post(url("check", ident))
    assert run_pending() == 1  # the check, in this process
    assert state_of(hromada_a, ident)["check"]["rows_valid"] == ROWS
    assert client_a.post(url("confirm", ident, "all"))["Location"] == url("status", ident)
    assert state_of(hromada_a, ident)["task_id"]

    env = os.environ | {"HROMADA_DATABASE_URL": database_url(), "HROMADA_DATA_DIR": str(data_dir),
                        "HROMADA_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen([sys.executable, "-m", "hromada", "worker", "--no-scheduler", "--interval", "0.2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Kill it as soon as it reports rows done within the import's transaction.
        wait_for(lambda: (state_of(hromada_a, ident).get("progress") or {}).get("done", 0) > 0
                 and state_of(hromada_a, ident).get("worker"), 120, "the worker to start importing")
        assert state_of(hromada_a, ident)["status"] == "running"
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(30)

    assert Resident.objects.count() == 0  # the transaction never committed
    # The status page sees the worker is gone: failed, file kept, a retry offered.
    assert client_a.get(url("status", ident))["Location"] == url("result", ident)
    page = client_a.get(url("result", ident)).content.decode()
    assert state_of(hromada_a, ident)["status"] == "failed"
    assert url("retry", ident) in page
    assert import_flow.Upload(hromada_a.pk, ident).file.exists()
    assert reap_dead_tasks() == 1  # the killed worker's task no longer shows as running

    assert client_a.post(url("retry", ident))["Location"] == url("status", ident)
    assert run_pending() == 1
    assert state_of(hromada_a, ident)["status"] == "done"
    assert Resident.objects.count() == ROWS
    assert not import_flow.Upload(hromada_a.pk, ident).file.exists()  # personal data goes once imported
    # A finished import cannot be retried.
    assert client_a.post(url("retry", ident))["Location"] == url("result", ident)
    assert django_settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
