"""Browser: the operator's background jobs pages pass axe and work from the keyboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.e2e.conftest import assert_no_axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_jobs_list_history_and_run_now(demo, context, page):
    from hromada.core import jobs
    from hromada.core.models import JobRun
    from hromada.core.workers import run_pending

    jobs.run_now("purge-imports", started_by="test")
    failed = JobRun.objects.create(job="acts-apply-relations", status="failed", error="RuntimeError: test failure")
    sign_in(context, demo.url, "operator@hromada.example")

    page.goto(demo.url + reverse("staff:jobs"))
    assert page.locator("h1").inner_text() == "Фонові завдання"
    assert page.locator("main table tbody tr").count() == len(jobs.REGISTRY)
    assert_no_axe_violations(page, "jobs list")

    page.goto(demo.url + reverse("staff:job-detail", args=[failed.job]))
    assert "RuntimeError: test failure" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "job history")

    # Run now from the keyboard: the link, the confirmation, the button.
    page.locator(f'main a[href="{reverse("staff:job-run", args=[failed.job])}"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/run/")
    assert_no_axe_violations(page, "run now confirmation")
    page.locator('main form[method="post"] button[type=submit]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('staff:job-detail', args=[failed.job])}")
    assert JobRun.objects.filter(job=failed.job, status="queued").count() == 1
    assert run_pending() == 1
    assert JobRun.objects.filter(job=failed.job, status="succeeded").count() == 1
