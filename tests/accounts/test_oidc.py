"""Sign-in with any OpenID Connect provider, over real HTTP against a real provider (oidc-provider-mock, started
by the tests): a hromada's own provider and the installation's, tenant separation, and every failure ending on
a Ukrainian page inside the site's layout, never a 500."""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ImproperlyConfigured
from oidc_provider_mock import User as MockUser
from oidc_provider_mock import run_server_in_thread

from hromada.accounts import identity_providers
from hromada.accounts.models import IdentityProvider, Membership
from hromada.core.models import RoleAssignment, User

pytestmark = pytest.mark.django_db

SUB = "olena-sub"
CLAIMS = {"email": "olena@example.org", "email_verified": True, "name": "Олена Шевчук"}


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(user_claims=[MockUser(sub=SUB, claims=CLAIMS)]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def fast(settings):
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 2


def own_provider(hromada, issuer, name="testid", **fields):
    values = {"kind": "oidc", "label": "Тестовий вхід", "url": issuer, "client_id": f"client-{name}",
              "client_secret": "secret"} | fields
    return IdentityProvider.objects.create(hromada=hromada, name=name, **values)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def authorize(client, issuer, name="testid", sub=SUB) -> str:
    """Start sign-in on the site and consent at the provider as `sub`; the callback address it sends back."""
    start = client.post(f"/auth/oidc/{name}/login/")
    assert start.status_code == 302, start.content.decode()[:2000]
    location = start["Location"]
    assert location.startswith(issuer + "/oauth2/authorize?")
    request = urllib.request.Request(location, data=urlencode({"sub": sub}).encode(), method="POST")  # noqa: S310
    try:
        urllib.request.build_opener(_NoRedirect).open(request, timeout=5)
    except urllib.error.HTTPError as exc:
        assert exc.code == 302, exc.read()[:500]
        callback = exc.headers["Location"]
    else:  # pragma: no cover
        raise AssertionError("the provider did not redirect back")
    parts = urlsplit(callback)
    assert parts.path == f"/auth/oidc/{name}/callback/" and "code" in parse_qs(parts.query)
    return f"{parts.path}?{parts.query}"


def text(response) -> str:
    return response.content.decode()


def assert_error_page(response) -> None:
    assert response.status_code == 401, response.status_code  # allauth's authentication error page
    body = text(response)
    assert '<html lang="uk"' in body, body
    assert "Під час спроби входу через ваш обліковий запис стороннього сервісу сталася помилка" in body, body


def test_a_hromadas_own_provider_signs_in_a_new_resident(client_a, hromada_a, provider, fast):
    own_provider(hromada_a, provider)
    response = client_a.get(authorize(client_a, provider))
    assert response.status_code == 302 and response["Location"] == "/cabinet/"
    user = User.objects.get(email="olena@example.org")
    assert response.wsgi_request.user == user
    assert SocialAccount.objects.get(user=user).provider == "testid"
    assert Membership.objects.filter(user=user, hromada=hromada_a).exists()
    assert RoleAssignment.objects.filter(user=user, hromada=hromada_a, role="resident").exists()

    client_a.logout()  # the next sign-in finds the same account
    again = client_a.get(authorize(client_a, provider))
    assert again.wsgi_request.user == user and User.objects.count() == 1


def test_the_installations_provider_from_the_environment(client_a, hromada_a, provider, fast, settings):
    settings.OIDC_PROVIDERS = json.dumps([{"name": "shared", "label": "Спільний вхід", "issuer": provider,
                                           "client_id": "shared-client", "client_secret": "s"}])
    page = client_a.get("/login/")
    assert "Спільний вхід" in text(page) and 'action="/auth/oidc/shared/login/"' in text(page)
    response = client_a.get(authorize(client_a, provider, name="shared"))
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated
    assert Membership.objects.filter(user__email="olena@example.org", hromada=hromada_a).exists()


def test_a_disabled_provider_is_neither_offered_nor_usable(client_a, hromada_a, provider, fast):
    own_provider(hromada_a, provider, enabled=False)
    assert "Тестовий вхід" not in text(client_a.get("/login/"))
    response = client_a.post("/auth/oidc/testid/login/")
    assert response.status_code in (404, 200) and not response.wsgi_request.user.is_authenticated


def test_hromada_bs_provider_is_not_offered_or_usable_on_as_host(client_a, hromada_a, hromada_b, provider, fast):
    own_provider(hromada_b, provider, name="bonly", label="Вхід громади Б")
    assert "Вхід громади Б" not in text(client_a.get("/login/"))
    response = client_a.post("/auth/oidc/bonly/login/")
    assert response.status_code == 404
    callback = client_a.get("/auth/oidc/bonly/callback/?code=x&state=y")
    assert callback.status_code == 404
    assert not User.objects.exists()


def test_a_state_mismatch_is_refused_and_changes_nothing(client_a, hromada_a, provider, fast):
    own_provider(hromada_a, provider)
    callback = authorize(client_a, provider)
    forged = callback.replace("state=", "state=forged")
    response = client_a.get(forged)
    assert_error_page(response)
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.exists() and not Membership.objects.exists()


def _garbage_server():
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = b"<html>not a provider</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("far_side", ["garbage", "down"])
def test_a_broken_provider_ends_on_a_ukrainian_error_page(client_a, hromada_a, fast, far_side):
    if far_side == "garbage":
        httpd = _garbage_server()
        issuer = f"http://127.0.0.1:{httpd.server_address[1]}"
    else:
        httpd, issuer = None, f"http://127.0.0.1:{_closed_port()}"
    own_provider(hromada_a, issuer)
    try:
        response = client_a.post("/auth/oidc/testid/login/")
    finally:
        if httpd:
            httpd.shutdown()
            httpd.server_close()
    assert_error_page(response)
    assert not User.objects.exists()


def test_an_existing_accounts_email_is_not_taken_over(client_a, hromada_a, provider, fast):
    """The provider vouches for an address that already has an account here: nobody is signed in, no account is
    made or linked; allauth (enumeration prevention) answers as for a new address and writes to the address's
    owner that someone tried to register it."""
    existing = User.objects.create_user(email="olena@example.org", password="Довгий-пароль-1")
    own_provider(hromada_a, provider)
    response = client_a.get(authorize(client_a, provider))
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert not response.wsgi_request.user.is_authenticated
    assert list(User.objects.all()) == [existing] and not SocialAccount.objects.exists()
    assert not Membership.objects.exists()
    page = client_a.get(response["Location"])
    assert page.status_code == 200 and "Введіть код підтвердження електронної пошти" in text(page)


@pytest.mark.parametrize("raw, message", [
    ("{not json", "HROMADA_OIDC_PROVIDERS is not JSON"),
    ('{"name": "x"}', "HROMADA_OIDC_PROVIDERS must be a JSON list"),
    ('[{"name": "x", "label": "X"}]', "HROMADA_OIDC_PROVIDERS: an entry lacks issuer, client_id, client_secret"),
])
def test_invalid_environment_configuration_is_a_clear_error(settings, hromada_a, raw, message):
    settings.OIDC_PROVIDERS = raw
    with pytest.raises(ImproperlyConfigured, match=message):
        identity_providers.entries(hromada_a)
