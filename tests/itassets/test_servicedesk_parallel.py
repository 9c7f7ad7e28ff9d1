"""Requests reported at the same moment get distinct, gapless numbers, on the real database (SQLite and
PostgreSQL runs): the counter row is locked while a number is taken."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.itassets.models import ServiceRequest
from hromada.itassets.servicedesk import services
from tests.factories import member
from tests.parallel import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_requests_reported_at_once_get_distinct_gapless_numbers(hromada_a, hromada_b):
    people = [member(hromada_a, "clerk") for _ in range(8)]
    other = member(hromada_b, "clerk")

    def report(person, hromada):
        return services.report(hromada, actor=person, subject="Немає інтернету", description="Не відкриваються сайти.",
                               kind="network", priority="high")

    results = at_once([lambda p=p: report(p, hromada_a) for p in people] + [lambda: report(other, hromada_b)])
    assert all(isinstance(r, ServiceRequest) for r in results), results
    year = timezone.localdate(results[0].received_at).year
    numbers = sorted(r.number for r in results[:-1])
    assert numbers == [f"ІТ-{year}/{n:05d}" for n in range(1, 9)]
    assert results[-1].number == f"ІТ-{year}/00001"
    assert ServiceRequest.objects.filter(hromada=hromada_a).count() == 8
