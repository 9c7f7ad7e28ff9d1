"""The demo's IT service requests: Mohyliv's 32 in every state over six months, assigned to the informatization
officer, with work and parts, two open ones overdue and two new ones; Slobozhanska's two; only today's requests
told anyone; without equipment the requests are not about an item; a second run creates nothing."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import pytest
from django.utils import timezone

from hromada.core.demo.seed import SeedReport, seed_demo
from hromada.core.models import Hromada, Notice
from hromada.itassets.equipment import demo as equipment_demo
from hromada.itassets.models import RequestWork, ServiceRequest
from hromada.itassets.servicedesk import demo, services

pytestmark = pytest.mark.django_db
SKIP = frozenset({"acts", "appeals", "participation", "cnap", "opendata", "itassets", "registers", "portal",
                  "accounts"})
Status = ServiceRequest.Status


@pytest.fixture
def core_demo(settings):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    seed_demo(skip_apps=SKIP)


def test_the_demo_requests(core_demo):
    equipment_demo.seed(SeedReport())
    report = SeedReport()
    demo.seed(report)
    assert report.created == {"IT service requests": 34}
    mohyliv = Hromada.objects.get(katottg=demo.MOHYLIV)
    rows = ServiceRequest.objects.filter(hromada=mohyliv)
    assert rows.count() == 32
    assert set(rows.values_list("status", flat=True)) == set(Status.values)
    today = timezone.localdate()
    year_numbers = sorted(rows.values_list("number", flat=True))
    assert len(set(year_numbers)) == 32 and all(n.startswith("ІТ-") for n in year_numbers)
    ordered = list(rows.order_by("received_at", "pk").values_list("number", flat=True))
    assert all(a < b for a, b in pairwise(ordered) if a[:7] == b[:7])  # numbers follow the receipt
    overdue = [r for r in rows if services.is_overdue(r, today)]
    assert 2 <= len(overdue) <= 4
    assert rows.filter(status=Status.NEW, assignee__isnull=True).count() == 2
    officer = demo.OFFICER
    assert set(rows.exclude(status__in=(Status.NEW, Status.CANCELLED)).values_list("assignee__email", flat=True)
               ) == {officer}
    assert rows.filter(equipment__isnull=False).count() >= 20
    assert RequestWork.objects.filter(request__hromada=mohyliv, kind="work").count() == 22
    parts = RequestWork.objects.filter(request__hromada=mohyliv, kind="parts")
    assert (parts.count(), parts.exclude(parts_cost=None).count()) == (8, 7)
    oldest = rows.order_by("received_at").first()
    assert timezone.localdate(oldest.received_at) <= today - timedelta(days=170)
    for request in rows.exclude(resolved_at=None):
        assert request.received_at <= request.resolved_at <= timezone.now()
        assert request.log.order_by("-created_at").first().created_at >= request.resolved_at
    # The history was seeded quietly: only this morning's critical request was told (to the officer and the admin).
    told = Notice.objects.filter(kind__startswith="itassets.request", hromada=mohyliv)
    assert told.count() in (0, 2) and set(told.values_list("kind", flat=True)) <= {"itassets.request_filed"}
    assert ServiceRequest.objects.filter(hromada__katottg=demo.SLOBOZHANSKA).count() == 2
    again = SeedReport()
    demo.seed(again)
    assert again.created == {} and ServiceRequest.objects.count() == 34


def test_the_demo_without_equipment_is_about_no_item(core_demo):
    demo.seed(SeedReport())
    assert ServiceRequest.objects.filter(hromada__katottg=demo.MOHYLIV).count() == 32
    assert not ServiceRequest.objects.filter(equipment__isnull=False).exists()
