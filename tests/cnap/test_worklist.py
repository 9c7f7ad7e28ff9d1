"""The ЦНАП's worklist items: online applications by their term, results waiting at an office; the page's
queries do not grow with the applications."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.cnap.applications import services
from hromada.cnap.catalogue import services as catalogue
from hromada.cnap.models import Delivery
from hromada.core.cases.services import Upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(cnap):
    draft = catalogue.draft_of(cnap.residence, actor=cnap.admin, hromada=cnap.hromada)
    catalogue.save_draft(draft, {"term_unit": "working_days", "term_amount": 5}, actor=cnap.admin,
                         hromada=cnap.hromada)
    catalogue.approve(draft, actor=cnap.admin, hromada=cnap.hromada, act_reference="Рішення № 9")
    cnap.residence.online = True
    cnap.residence.save()
    cnap.residence.refresh_from_db()
    return cnap.residence


def _apply(service, town, n, **kwargs):
    return [services.apply(service, user=town.person(), hromada=service.hromada, data={}, uploads={}, **kwargs)
            for _ in range(n)]


def _items(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/")
    rows = [row["item"] for row in response.context["rows"] if row["item"].kind.startswith("cnap.")]
    return rows, len(queries)


def test_applications_in_the_worklist_with_bounded_queries(client_a, cnap, town, online):
    client_a.force_login(cnap.admin)
    _apply(online, town, 2)
    client_a.get("/staff/")  # warm the per-process caches
    few, few_queries = _items(client_a)
    ready = _apply(online, town, 8, delivery=Delivery.OFFICE, pickup_office=cnap.office)
    for application in ready[:3]:
        services.advance(application, "forward", actor=cnap.admin, hromada=cnap.hromada)
        services.result_ready(application, actor=cnap.admin, hromada=cnap.hromada, text="Готово",
                              upload=Upload("r.pdf", b"%PDF-1.4\n%%EOF\n"))
    many, many_queries = _items(client_a)
    assert [i.kind for i in few] == ["cnap.application"] * 2
    assert sorted(i.kind for i in many) == ["cnap.application"] * 7 + ["cnap.application_collect"] * 3
    assert few_queries == many_queries
    assert all(i.deadline == ready[5].case.due_date for i in many if i.kind == "cnap.application")
