import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "detail": "OperationalError"}


@pytest.mark.django_db
def test_favicon_is_linked_and_served(client, hromada_a):
    page = client.get("/accessibility/", HTTP_HOST="a.localhost").content.decode()
    assert '<link rel="icon" href="/static/hromada/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico", HTTP_HOST="a.localhost")
    assert (response.status_code, response["Location"]) == (301, "/static/hromada/favicon.svg")
