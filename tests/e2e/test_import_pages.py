"""axe-core (WCAG 2.1 A/AA) and page structure on the import pages of the registers and the acts, driven through
the real flow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.e2e.test_accessibility import check

pytestmark = pytest.mark.browser

HEADER = "прізвище;ім'я;по батькові;дата народження;стать;населений пункт;вулиця;будинок;примітка"
ROWS = (
    "Тестовенко;Марта;Іванівна;14.02.1992;ж;Могилів;вул. Імпортна;3;",
    "Тестовенко;Орест;Іванович;31.02.1990;ч;Атлантида;вул. Імпортна;3;",  # no such date, no such settlement
)


@pytest.fixture
def residents_csv(tmp_path):
    path = tmp_path / "жителі.csv"
    path.write_bytes(("\r\n".join([HEADER, *ROWS]) + "\r\n").encode("cp1251"))
    return path


@pytest.fixture(autouse=True)
def _imports_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def _upload(page, demo, path, kind: str = "residents") -> None:
    check(page, demo.url + reverse("registers:import-home") + f"?kind={kind}")
    page.set_input_files("#id_file", str(path))
    page.locator('form[enctype="multipart/form-data"] button[type=submit]').click()
    page.wait_for_url("**/imports/*/")


def test_import_home(demo, staff_page):
    check(staff_page, demo.url + reverse("registers:import-home"))
    assert staff_page.locator('nav.tabs a[aria-current="page"]').count() == 1
    assert staff_page.locator("main table").first.locator("tbody tr").count() == 2  # streets: two columns


def test_upload_preview_check_confirm_and_result(demo, staff_page, residents_csv):
    from hromada.registers.models import Resident

    page = staff_page
    _upload(page, demo, residents_csv)
    check(page, page.url)  # the preview
    assert "Windows-1251" in page.locator("main").inner_text()
    assert page.locator("main table").nth(1).locator("tbody tr").count() == 2

    page.locator('form[action$="/check/"] button').click()
    page.wait_for_url("**/report/")
    check(page, page.url)  # the validation report with its errors
    assert page.locator("#errors-heading").count() == 1
    assert page.locator("main button[disabled]").count() == 1

    page.locator('a[href$="/confirm/valid/"]').click()
    page.wait_for_url("**/confirm/valid/")
    check(page, page.url)

    page.locator('main form[method="post"] button[type=submit]').click()
    page.wait_for_url("**/result/")
    check(page, page.url)
    assert list(Resident.objects.filter(last_name="Тестовенко").values_list("first_name", flat=True)) == ["Марта"]

    check(page, demo.url + reverse("registers:import-home") + "?kind=residents")  # with the import in the history
    assert "жителі.csv" in page.locator("main").inner_text()


def test_progress_page_of_a_background_check(demo, staff_page, residents_csv, monkeypatch):
    from hromada.core import import_flow
    from hromada.core.workers import run_pending

    monkeypatch.setattr(import_flow, "INLINE_ROWS", 1)  # every file runs in the background
    page = staff_page
    _upload(page, demo, residents_csv)
    page.locator('form[action$="/check/"] button').click()
    page.wait_for_url("**/status/")
    check(page, page.url)  # the check waits in the queue until a worker takes it
    poller = page.locator("#import-progress")
    assert poller.get_attribute("hx-trigger") == "every 2s"
    assert page.locator(f'main a[href="{page.url.removeprefix(demo.url)}"]').count() == 1  # works without JS
    assert run_pending() == 1  # the worker
    # htmx polls every 2 s and goes on to the report when the check is over.
    page.wait_for_url("**/report/", timeout=30_000)
    check(page, page.url)


def test_cancelled_and_interrupted_imports(demo, staff_page, residents_csv):
    import os
    import uuid

    from hromada.core import import_flow
    from hromada.core.models import Hromada

    page = staff_page
    _upload(page, demo, residents_csv)
    cancelled = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.locator('form[action$="/cancel/"] button').click()
    page.wait_for_url("**/imports/?kind=residents")
    check(page, page.url)  # the home page with the message and the cancelled import in the history
    check(page, demo.url + reverse("registers:import-result", args=[cancelled]))

    _upload(page, demo, residents_csv)
    ident = uuid.UUID(page.url.rstrip("/").rsplit("/", 1)[-1]).hex
    hromada = Hromada.objects.get(is_default=True)
    import_flow.update(import_flow.Upload(hromada.pk, ident), status="running", pid=os.getpid())  # died
    check(page, demo.url + reverse("registers:import-result", args=[uuid.UUID(ident)]))
    assert page.locator('main [role="alert"]').count() == 1
    assert page.locator('main form[action$="/retry/"] button').count() == 1  # the file is kept: run it again


ACTS_JSONL = "\n".join([
    '{"number": "901-90/VIII", "date": "2025-04-03", "type": "council_decision", "status": "in_force", '
    '"title": "Про затвердження Положення про архів громади", "text": "Затвердити Положення."}',
    '{"number": "902-90/VIII", "date": "2025-02-30", "type": "council_decision", "status": "in_force", '
    '"title": "Рішення з неіснуючою датою", "text": ""}',
]) + "\n"


def test_acts_import_from_upload_to_result(demo, staff_page, tmp_path):
    from hromada.acts.models import Act

    path = tmp_path / "акти.jsonl"
    path.write_text(ACTS_JSONL, encoding="utf-8")
    page = staff_page
    check(page, demo.url + reverse("acts:import"))
    page.set_input_files("#id_file", str(path))
    page.locator('form[enctype="multipart/form-data"] button[type=submit]').click()
    page.wait_for_url("**/import/*/")
    check(page, page.url)  # the preview of a JSON Lines file
    assert "JSON Lines" in page.locator("main").inner_text()

    page.locator('form[action$="/check/"] button').click()
    page.wait_for_url("**/report/")
    check(page, page.url)  # one row with an impossible date
    assert page.locator("#errors-heading").count() == 1

    page.locator('a[href$="/confirm/valid/"]').click()
    page.wait_for_url("**/confirm/valid/")
    check(page, page.url)
    page.locator('main form[method="post"] button[type=submit]').click()
    page.wait_for_url("**/result/")
    check(page, page.url)
    assert list(Act.objects.filter(number__in=["901-90/VIII", "902-90/VIII"]).values_list("number", flat=True)) == [
        "901-90/VIII"]
