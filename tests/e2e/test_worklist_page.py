"""The staff home's worklist in a real browser: axe-core (WCAG 2.1 A/AA) and page structure with items, the
kind filter followed as a plain link, and the empty state.

The demo's Mohyliv programme has its two quarters reported (one unit late), so nothing of them is due; the
test opens the third quarter, whose reports are now overdue, enters an adopted act not yet published (the
browser demo leaves the acts out) and leaves a failed import of acts.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import assert_no_axe_violations, sign_in
from tests.e2e.test_accessibility import assert_page_structure

pytestmark = pytest.mark.browser

MOHYLIV = "UA12020110000034205"


@pytest.fixture
def items_due(demo, settings, tmp_path):
    from hromada.acts import services as acts
    from hromada.core import import_flow
    from hromada.core.models import Hromada, User
    from hromada.programmes.models import Programme
    from hromada.programmes.services import monitoring

    settings.DATA_DIR = tmp_path / "data"
    hromada = Hromada.objects.get(katottg=MOHYLIV)
    manager = User.objects.get(email="programme@mohyliv.example")
    programme = Programme.objects.get(hromada=hromada, status="execution")
    period = monitoring.open_period(programme, actor=manager, hromada=hromada, kind="quarter", year=2026, quarter=3)
    assert period.due_date < timezone.localdate(), "the third quarter of 2026 is expected to be overdue"
    secretary = User.objects.get(email="secretary@mohyliv.example")
    acts.create_act(actor=secretary, hromada=hromada, fields={
        "number": "77-4/VIII", "date": timezone.localdate() - timedelta(days=30), "type": "council_decision",
        "status": "in_force", "title": "Про затвердження Положення про старостинські округи"})
    upload = import_flow.Upload(hromada.pk, uuid.uuid4().hex, "acts")
    upload.dir.mkdir(parents=True, exist_ok=True)
    import_flow.write(upload, {"id": upload.id, "hromada": hromada.pk, "kind": "acts", "status": "failed",
                               "filename": "рішення.jsonl", "uploaded_by_name": "Валентина Невтриніс",
                               "uploaded_at": timezone.now().isoformat(), "message": "Файл не прочитано."})
    return {"reports": period.reports.count()}


def test_the_worklist_with_items_passes_axe_and_filters_by_kind(demo, items_due, context, page):
    sign_in(context, demo.url)
    response = page.goto(demo.url + "/staff/")
    assert response is not None and response.status == 200
    assert_page_structure(page)
    assert page.locator("main h1").inner_text() == "Що чекає на вас"

    kinds = page.locator("nav.worklist-kinds a")
    assert kinds.all_inner_texts() == [
        f"Усі: {items_due['reports'] + 2}", f"Звіт про моніторинг програми: {items_due['reports']}",
        "Оприлюднення прийнятого акта: 1", "Невдалий імпорт: 1"]
    headers = page.locator("table.worklist thead th").all_inner_texts()
    assert headers == ["Строк", "Що", "Вид", "Підстава строку"]
    rows = page.locator("table.worklist tbody tr")
    assert rows.count() == items_due["reports"] + 2
    first = rows.first.inner_text()
    assert "прострочено на" in first and "Звіт про моніторинг за 3 квартал 2026 року" in first
    assert "без строку" in rows.last.inner_text() and "рішення.jsonl" in rows.last.inner_text()
    assert page.locator("#my-sections").is_visible()
    assert_no_axe_violations(page, "the staff worklist with items")

    with page.expect_navigation():
        page.locator("nav.worklist-kinds a", has_text="Оприлюднення прийнятого акта").click()
    assert page.url.endswith("/staff/?kind=acts.adopted")
    assert page.locator("table.worklist tbody tr").count() == 1
    row = page.locator("table.worklist tbody tr").first.inner_text()
    assert "Про затвердження Положення про старостинські округи" in row
    assert "прострочено на" in row and "робоч" in row
    assert page.locator('nav.worklist-kinds a[aria-current="page"]').inner_text() == "Оприлюднення прийнятого акта: 1"
    assert_no_axe_violations(page, "the staff worklist filtered by kind")

    with page.expect_navigation():
        page.locator("table.worklist tbody a").first.click()
    assert "/staff/acts/" in page.url


def test_the_empty_worklist_passes_axe(demo, context, page):
    sign_in(context, demo.url, "clerk@mohyliv.example")
    page.goto(demo.url + "/staff/")
    assert_page_structure(page)
    assert "Нічого не чекає на вас." in page.locator("main").inner_text()
    assert page.locator("section[aria-labelledby=my-sections] a").count() > 0
    assert_no_axe_violations(page, "the empty staff worklist")
