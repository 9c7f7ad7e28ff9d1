"""A real HTTP server speaking ID.gov.ua's protocol (docs/identity.md), for tests: configurable persons,
single-use codes, checked client credentials and tokens, a logout endpoint, and switches for garbage answers and
a slow answer."""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse


class IdGovUaServer:
    def __init__(self, *, client_id: str = "test-client", client_secret: str = "test-secret") -> None:  # noqa: S107
        self.client_id, self.client_secret = client_id, client_secret
        self.persons: dict[str, dict] = {}
        self.chosen = ""  # the key of the person the next authorization signs in
        self.auth_type = "dig_sign"
        self.garbage: set[str] = set()  # endpoints ("token", "user-info") answering with something not JSON
        self.slow: set[str] = set()  # endpoints answering after `delay` seconds
        self.delay = 3.0
        self.codes: dict[str, str] = {}
        self.tokens: dict[str, tuple[str, str]] = {}  # access token → (user_id, person key)
        self.requests: list[tuple[str, dict]] = []
        self.logged_out: list[str] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def add_person(self, key: str, **fields) -> None:
        self.persons[key] = fields
        self.chosen = self.chosen or key

    def start(self) -> IdGovUaServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # --- the protocol -------------------------------------------------------------------------------

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                parsed = urlparse(self.path)
                params = {k: v[0] for k, v in parse_qs(parsed.query).items()}
                server.requests.append((parsed.path, params))
                route = {"/": server.authorize, "/get-access-token": server.token,
                         "/get-user-info": server.user_info, "/get-user-logout": server.logout}.get(parsed.path)
                if route is None:
                    return self._send(404, {"error": "404", "message": "not found"})
                route(self, params)

            do_POST = do_GET

            def _send(self, status: int, body, headers: dict | None = None) -> None:
                raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        return Handler

    def _answer(self, handler, endpoint: str, status: int, body) -> None:
        if endpoint in self.slow:
            time.sleep(self.delay)
        if endpoint in self.garbage:
            return handler._send(200, b"<html>Service temporarily unavailable</html>")
        handler._send(status, body)

    def authorize(self, handler, params: dict) -> None:
        if params.get("response_type") != "code" or params.get("client_id") != self.client_id:
            return handler._send(400, {"error": "400", "message": "bad authorization request"})
        code = secrets.token_urlsafe(16)
        self.codes[code] = self.chosen
        target = f"{params['redirect_uri']}?{urlencode({'code': code, 'state': params.get('state', '')})}"
        handler._send(302, b"", {"Location": target})

    def token(self, handler, params: dict) -> None:
        if params.get("client_id") != self.client_id or params.get("client_secret") != self.client_secret:
            return self._answer(handler, "token", 401, {"error": "401", "message": "invalid client"})
        person = self.codes.pop(params.get("code", ""), None)  # single use
        if params.get("grant_type") != "authorization_code" or person is None:
            return self._answer(handler, "token", 400, {"error": "400", "message": "invalid code"})
        token, user_id = secrets.token_urlsafe(16), secrets.token_hex(6)
        self.tokens[token] = (user_id, person)
        self._answer(handler, "token", 200, {"access_token": token, "token_type": "bearer", "expires_in": 600,
                                             "refresh_token": secrets.token_urlsafe(16), "user_id": user_id})

    def user_info(self, handler, params: dict) -> None:
        session = self.tokens.get(params.get("access_token", ""))
        if session is None or session[0] != params.get("user_id"):
            return self._answer(handler, "user-info", 401, {"error": "401", "message": "invalid token"})
        if params.get("cert"):
            return self._answer(handler, "user-info", 200, {"encryptedUserInfo": "MIIB…envelope"})
        person = dict(self.persons[session[1]])
        person.setdefault("auth_type", self.auth_type)
        self._answer(handler, "user-info", 200, person)

    def logout(self, handler, params: dict) -> None:
        session = self.tokens.pop(params.get("access_token", ""), None)
        if session is None or session[0] != params.get("user_id"):
            return handler._send(401, {"error": "401", "message": "invalid token"})
        self.logged_out.append(params["access_token"])
        handler._send(200, {"error": "0"})
