"""hromada.wsgi behind a reverse proxy: X-Forwarded-For/-Proto are facts only when the request comes from the
configured proxy; from anyone else they are removed before Django sees them."""

from __future__ import annotations

from hromada.wsgi import TrustedProxyHeaders


def _seen(environ: dict) -> dict:
    captured = {}

    def app(env, start_response):
        captured.update(env)
        return [b""]

    TrustedProxyHeaders(app, "10.0.0.5")(environ, lambda *a: None)
    return captured


def test_the_proxy_tells_the_client_address_and_scheme():
    env = _seen({"REMOTE_ADDR": "10.0.0.5", "wsgi.url_scheme": "http",
                 "HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7", "HTTP_X_FORWARDED_PROTO": "https"})
    # The last address is the one the proxy saw; the first was only claimed by whoever connected to it.
    assert (env["REMOTE_ADDR"], env["wsgi.url_scheme"]) == ("198.51.100.7", "https")


def test_anyone_else_cannot_claim_an_address_or_https():
    env = _seen({"REMOTE_ADDR": "192.0.2.44", "wsgi.url_scheme": "http",
                 "HTTP_X_FORWARDED_FOR": "10.0.0.5", "HTTP_X_FORWARDED_PROTO": "https"})
    assert (env["REMOTE_ADDR"], env["wsgi.url_scheme"]) == ("192.0.2.44", "http")
    assert "HTTP_X_FORWARDED_FOR" not in env and "HTTP_X_FORWARDED_PROTO" not in env


def test_odd_values_from_the_proxy_change_nothing():
    env = _seen({"REMOTE_ADDR": "10.0.0.5", "wsgi.url_scheme": "http", "HTTP_X_FORWARDED_FOR": " ",
                 "HTTP_X_FORWARDED_PROTO": "gopher"})
    assert (env["REMOTE_ADDR"], env["wsgi.url_scheme"]) == ("10.0.0.5", "http")
