"""What the API tests share: a caller with a token or a session, and readers of the answers."""

from __future__ import annotations

import json

from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from hromada.core.services import create_token


def uk(msgid: str, **params) -> str:
    """The Ukrainian text a caller receives for an English msgid."""
    with translation.override("uk"):
        text = _(msgid)
        return text % {k: str(v) for k, v in params.items()} if params else text


class ApiClient:
    """A caller of one router of the API with a personal token (or a session, or nothing)."""

    base = "/api/v1"

    def __init__(self, user=None, *, session: bool = False, host: str = "a.localhost"):
        self.client = Client(HTTP_HOST=host)
        self.headers = {}
        if user is not None and session:
            self.client.force_login(user)
        elif user is not None:
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=user, name='api')[1]}"}

    def get(self, path: str, params=None):
        return self.client.get(self.base + path, params or {}, **self.headers)

    def send(self, method: str, path: str, payload=None, *, raw: str | None = None):
        body = raw if raw is not None else ("" if payload is None else json.dumps(payload))
        return self.client.generic(method, self.base + path, body, content_type="application/json", **self.headers)

    def post(self, path, payload=None):
        return self.send("POST", path, payload)

    def patch(self, path, payload):
        return self.send("PATCH", path, payload)

    def put(self, path, payload):
        return self.send("PUT", path, payload)

    def delete(self, path):
        return self.send("DELETE", path)


def ok(response, status: int = 200):
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def field_errors(response, status: int = 400) -> dict[str, str]:
    assert response.status_code == status, response.content.decode()
    return {row["field"]: row["message"] for row in response.json()["detail"]}
