"""Conditional GET: complete answers carry an ETag, and a client that sends it back gets 304 without the body;
a changed answer has a new ETag. Streamed exports are sent whole."""

from __future__ import annotations

import pytest

from tests.cnap.world import build_cnap
from tests.participation.world import build_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def cnap(hromada_a):
    town = build_town(hromada_a)
    return build_cnap(hromada_a, town.staff("cnap_admin"))


def test_catalogue_and_open_data_answer_304_to_a_client_that_holds_them(client_a, cnap):
    # (HTML pages carry a fresh CSRF token each time, so their ETag changes with every answer.)
    for url in ("/api/v1/services", "/services/open-data.json", "/api/v1/queue/offices"):
        first = client_a.get(url)
        assert first.status_code == 200 and first["ETag"], url
        again = client_a.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b"", url
    etag = client_a.get("/api/v1/services")["ETag"]
    cnap.residence.title = "Декларування місця проживання (оновлено)"
    cnap.residence.save()
    changed = client_a.get("/api/v1/services", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert any("оновлено" in row["title"] for row in changed.json())


def test_a_streamed_export_is_sent_whole(client_a, cnap):
    response = client_a.get("/services/open-data.csv", HTTP_IF_NONE_MATCH='"anything"')
    assert response.status_code == 200 and response.streaming
