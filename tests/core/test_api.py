"""API answers: exact results, and bad input gets a Ukrainian message and changes nothing."""

from __future__ import annotations

import json

import pytest

from hromada.core.models import Institution, Settlement
from tests.factories import SettlementFactory


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), [
    ({"start": "2026-11-20", "amount": 5, "unit": "working_days"}, "2026-11-27"),
    ({"start": "2025-01-31", "amount": 1, "unit": "months"}, "2025-02-28"),
    ({"start": "2026-11-20", "amount": 1, "unit": "calendar_days"}, "2026-11-23"),  # Saturday rolls to Monday
])
def test_deadline_endpoint(client_a, query, expected):
    response = client_a.get("/api/v1/calendar/deadline", query)
    assert response.status_code == 200
    assert response.json()["deadline"] == expected


@pytest.mark.django_db
def test_deadline_beyond_the_calendar_is_a_clear_400(client_a):
    response = client_a.get("/api/v1/calendar/deadline", {"start": "2099-06-01", "amount": 3650})
    assert response.status_code == 400
    assert "2099" in response.json()["detail"][0]["message"]


@pytest.mark.django_db
def test_unparseable_body_is_refused_in_ukrainian(admin_client_a):
    response = admin_client_a.post("/api/v1/settlements", "не json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Тіло запиту не є коректним JSON."}
    assert not Settlement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("payload", "field", "status"), [
    ({"name": "Ліцей", "kind": "zzz", "edrpou": "14360570"}, "kind", 400),
    ({"name": "Ліцей", "kind": "school", "edrpou": "14360571"}, "edrpou", 400),
    ({"name": "", "kind": "school", "edrpou": "14360570"}, "name", 400),
    ({"name": "Ліцей", "kind": "school", "edrpou": "14360570", "settlement_id": "x"}, "payload.settlement_id", 422),
    ({"name": "Ліцей", "kind": "school", "edrpou": "14360570", "settlement_id": 999999}, "settlement_id", 400),
])
def test_bad_institution_payloads_change_nothing(admin_client_a, payload, field, status):
    response = admin_client_a.post("/api/v1/institutions", json.dumps(payload), content_type="application/json")
    assert response.status_code == status
    assert response.json()["detail"][0]["field"] == field
    assert not Institution.objects.exists()


@pytest.mark.django_db
def test_patch_changes_only_the_given_fields(admin_client_a, hromada_a):
    settlement = SettlementFactory(hromada=hromada_a, name="Старе", population=10)
    response = admin_client_a.patch(f"/api/v1/settlements/{settlement.pk}", json.dumps({"name": "Нове"}),
                                    content_type="application/json")
    assert response.status_code == 200
    assert response.json()["name"] == "Нове"
    assert response.json()["population"] == 10
    refused = admin_client_a.patch(f"/api/v1/settlements/{settlement.pk}", json.dumps({"name": None}),
                                   content_type="application/json")
    assert refused.status_code == 400
    settlement.refresh_from_db()
    assert settlement.name == "Нове"


@pytest.mark.django_db
def test_openapi_lists_the_core_operations(client_a):
    paths = client_a.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/settlements", "/api/v1/institutions/{institution_id}", "/api/v1/audit"} <= set(paths)


@pytest.mark.django_db
def test_text_the_database_cannot_store_is_refused_not_a_500(admin_client_a):
    from hromada.core.models import Institution

    for name in ("Ліцей\u0000", "Ліцей\ud800"):
        body = json.dumps({"name": name, "kind": "school", "edrpou": "14360570"})
        response = admin_client_a.post("/api/v1/institutions", body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["detail"][0]["message"] == "Текст містить символи, які неможливо зберегти."
    assert not Institution.objects.exists()


@pytest.mark.django_db
def test_a_page_number_past_any_list_is_refused_not_a_500(admin_client_a):
    assert admin_client_a.get("/api/v1/settlements", {"page": "99999999999999999999"}).status_code == 422
    assert admin_client_a.get("/api/v1/programmes", {"page": "99999999999999999999"}).status_code == 422
    assert admin_client_a.get("/api/v1/settlements", {"page": "1000000"}).json()["items"] == []
