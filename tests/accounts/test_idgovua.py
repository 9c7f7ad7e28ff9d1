"""Sign-in with ID.gov.ua over real HTTP against a server speaking its protocol (tests/accounts/idgovua_server.py):
the account, its membership in the hromada of the host, verification against the register, and every failure
of the far side ending on the error page with a Ukrainian message."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages

from hromada.accounts import identity_providers
from hromada.accounts.models import Membership
from hromada.core.models import User
from hromada.registers.models import Resident
from tests.accounts.idgovua_server import IdGovUaServer

pytestmark = pytest.mark.django_db

RNOKPP = "3012345678"
PERSON = {"lastname": "Коваленко", "givenname": "Ірина", "middlename": "Петрівна", "email": "iryna@example.org",
          "phone": "+380501112233", "address": "м. Тестове, вул. Миру, 1", "drfocode": RNOKPP,
          "unzr": "19900309-01234"}


@pytest.fixture
def idgovua(settings):
    server = IdGovUaServer().start()
    server.add_person("iryna", **PERSON)
    settings.IDGOVUA_URL = server.url
    settings.IDGOVUA_CLIENT_ID = server.client_id
    settings.IDGOVUA_CLIENT_SECRET = server.client_secret
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 1
    yield server
    server.stop()


def record(hromada, rnokpp=RNOKPP, status="registered", **fields):
    values = {"last_name": "Коваленко", "first_name": "Ірина", "patronymic": "Петрівна",
              "birth_date": date(1990, 3, 9), "sex": "f", "rnokpp": rnokpp, "status": status} | fields
    return Resident.objects.create(hromada=hromada, **values)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def authorize(client) -> str:
    """Start sign-in on the site, let the ID.gov.ua server answer; the callback address it sends back."""
    start = client.post("/auth/idgovua/login/")
    assert start.status_code == 302, start.content.decode()[:2000]
    location = start["Location"]
    assert location.startswith(client.idgovua_url + "/?")
    try:
        urllib.request.build_opener(_NoRedirect).open(location, timeout=5)
    except urllib.error.HTTPError as exc:
        assert exc.code == 302
        callback = exc.headers["Location"]
    else:  # pragma: no cover
        raise AssertionError("the server did not redirect back")
    parts = urlsplit(callback)
    assert parts.path == "/auth/idgovua/callback/"
    return f"{parts.path}?{parts.query}"


def sign_in(client, server):
    client.idgovua_url = server.url
    return client.get(authorize(client))


def notes(response) -> list[str]:
    """The messages for the person, without allauth's own «Успішно увійшли як …»."""
    return [str(m) for m in get_messages(response.wsgi_request) if not str(m).startswith("Успішно увійшли")]


def test_a_resident_registered_by_email_connects_idgovua_and_is_verified(client_a, hromada_a, idgovua,
                                                                         django_capture_on_commit_callbacks):
    """The issue's story: register by e-mail, sign in, verify through ID.gov.ua, see the cabinet."""
    from hromada.accounts import services

    resident = record(hromada_a)
    user = User.objects.create_user("olena@example.org", "Довгий-пароль-2026", full_name="Олена")
    services.join_hromada(user, hromada_a, consent_version=services.CONSENT_VERSION)
    client_a.force_login(user)
    client_a.idgovua_url = idgovua.url
    start = client_a.post("/auth/idgovua/login/", {"process": "connect"})
    assert start.status_code == 302
    location = start["Location"]
    try:
        urllib.request.build_opener(_NoRedirect).open(location, timeout=5)
    except urllib.error.HTTPError as exc:
        parts = urlsplit(exc.headers["Location"])
    response = client_a.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 302
    membership = Membership.objects.get(user=user, hromada=hromada_a)
    assert membership.resident == resident and membership.is_verified
    assert SocialAccount.objects.filter(user=user, provider="idgovua").exists()
    assert User.objects.count() == 1
    cabinet = client_a.get("/cabinet/")
    assert cabinet.status_code == 200 and "Верифікований" in cabinet.content.decode()


def test_the_redirect_carries_the_protocols_parameters(client_a, idgovua):
    start = client_a.post("/auth/idgovua/login/")
    query = dict(p.split("=", 1) for p in urlsplit(start["Location"]).query.split("&"))
    assert query["response_type"] == "code" and query["client_id"] == "test-client"
    assert query["auth_type"] == "dig_sign%2Cbank_id%2Cdiia_id"
    assert query["state"] and query["redirect_uri"] == "http%3A%2F%2Fa.localhost%2Fauth%2Fidgovua%2Fcallback%2F"


def test_a_resident_in_the_register_signs_in_and_is_verified(client_a, hromada_a, idgovua):
    resident = record(hromada_a)
    idgovua.auth_type = "diia_id"
    response = sign_in(client_a, idgovua)
    assert response.status_code == 302 and response["Location"] == "/cabinet/"
    assert response.wsgi_request.user.is_authenticated
    user = User.objects.get(email="iryna@example.org")
    assert user.full_name == "Коваленко Ірина Петрівна" and user.phone is None  # an unconfirmed phone stays out
    account = SocialAccount.objects.get(user=user, provider="idgovua")
    assert RNOKPP not in account.uid and len(account.uid) == 64
    assert "drfocode" not in account.extra_data and "unzr" not in account.extra_data
    membership = Membership.objects.get(user=user, hromada=hromada_a)
    assert membership.resident == resident and membership.is_verified and membership.verification_method == "diia"
    assert notes(response) == ["Ваш обліковий запис верифіковано: ви член громади."]
    # the token exchange carried the client's credentials and the code
    token_call = next(params for path, params in idgovua.requests if path == "/get-access-token")
    assert token_call["grant_type"] == "authorization_code" and token_call["client_secret"] == "test-secret"

    client_a.logout()  # the next sign-in finds the same account through the hashed РНОКПП
    again = sign_in(client_a, idgovua)
    assert again.wsgi_request.user == user and User.objects.count() == 1


@pytest.mark.parametrize("status", ["declared", "idp"])
def test_declared_and_displaced_residents_are_members(client_a, hromada_a, idgovua, status):
    record(hromada_a, status=status)
    sign_in(client_a, idgovua)
    assert Membership.objects.get(hromada=hromada_a).verification_method == "idgovua"


@pytest.mark.parametrize("status", [None, "left", "deceased"])
def test_not_in_the_register_signs_in_unverified_with_a_message(client_a, hromada_a, idgovua, status):
    if status:
        record(hromada_a, status=status)
    response = sign_in(client_a, idgovua)
    assert response.wsgi_request.user.is_authenticated
    membership = Membership.objects.get(user__email="iryna@example.org", hromada=hromada_a)
    assert not membership.is_verified and membership.resident is None
    assert len(notes(response)) == 1 and "не знайшли вас у реєстрі жителів громади" in notes(response)[0]


def test_a_record_claimed_by_another_account_is_refused(client_a, hromada_a, idgovua):
    resident = record(hromada_a)
    other = User.objects.create_user(email="other@example.org", password=None)
    Membership.objects.create(user=other, hromada=hromada_a, resident=resident, verification_method="assisted")
    response = sign_in(client_a, idgovua)
    assert response.wsgi_request.user.is_authenticated
    membership = Membership.objects.get(user__email="iryna@example.org", hromada=hromada_a)
    assert not membership.is_verified and membership.resident is None
    assert len(notes(response)) == 1 and "ЦНАП" in notes(response)[0]
    assert Membership.objects.get(user=other).resident == resident


def test_a_wrong_state_ends_on_the_error_page_and_changes_nothing(client_a, idgovua):
    client_a.idgovua_url = idgovua.url
    callback = authorize(client_a)
    path, query = callback.split("?")
    params = dict(p.split("=", 1) for p in query.split("&"))
    response = client_a.get(path, {"code": params["code"], "state": "forged"})
    assert response.status_code == 401
    assert not response.wsgi_request.user.is_authenticated
    assert not User.objects.exists() and not Membership.objects.exists()


def test_a_used_code_is_refused(client_a, idgovua):
    client_a.idgovua_url = idgovua.url
    first = authorize(client_a)
    code = dict(p.split("=", 1) for p in first.split("?")[1].split("&"))["code"]
    assert client_a.get(first).wsgi_request.user.is_authenticated
    client_a.logout()
    second = authorize(client_a)  # a fresh state, with the code of the first sign-in
    state = dict(p.split("=", 1) for p in second.split("?")[1].split("&"))["state"]
    response = client_a.get("/auth/idgovua/callback/", {"code": code, "state": state})
    assert response.status_code == 401 and not response.wsgi_request.user.is_authenticated
    assert User.objects.count() == 1
    assert notes(response) == ["ID.gov.ua відхилив запит (invalid code). Будь ласка, почніть вхід знову."]


@pytest.mark.parametrize("endpoint", ["token", "user-info"])
def test_garbage_answers_end_on_the_error_page(client_a, idgovua, endpoint):
    idgovua.garbage.add(endpoint)
    response = sign_in(client_a, idgovua)
    assert response.status_code == 401 and not response.wsgi_request.user.is_authenticated
    text = response.content.decode()
    assert "ID.gov.ua відповів чимось, що не є" in text
    assert not User.objects.exists()


@pytest.mark.parametrize("endpoint", ["token", "user-info"])
def test_a_slow_answer_ends_on_the_error_page(client_a, idgovua, endpoint):
    idgovua.slow.add(endpoint)
    idgovua.delay = 2.5
    response = sign_in(client_a, idgovua)
    assert response.status_code == 401 and not response.wsgi_request.user.is_authenticated
    assert "ID.gov.ua не відповів вчасно. Спробуйте ще раз за кілька хвилин." in response.content.decode()
    assert not User.objects.exists()


def test_an_unreachable_server_ends_on_the_error_page(client_a, idgovua):
    client_a.idgovua_url = idgovua.url
    callback = authorize(client_a)
    idgovua.stop()
    response = client_a.get(callback)
    assert response.status_code == 401
    assert "Не вдалося зв’язатися з ID.gov.ua" in response.content.decode()
    idgovua.start = idgovua.stop = lambda: None  # already stopped


def test_the_encrypted_answer_needs_the_iit_library(client_a, idgovua, settings):
    settings.IDGOVUA_CERT = "MIIBdGVzdA=="
    response = sign_in(client_a, idgovua)
    assert response.status_code == 401
    assert "шифрований обмін недоступний: бібліотека ІІТ не встановлена" in response.content.decode()
    assert not User.objects.exists()


def test_a_resident_of_a_signing_in_on_bs_site_is_a_stranger_there(client, hromada_a, hromada_b, idgovua):
    resident_a = record(hromada_a)
    client.defaults["HTTP_HOST"] = "a.localhost"
    sign_in(client, idgovua)
    user = User.objects.get(email="iryna@example.org")
    client.logout()
    client.defaults["HTTP_HOST"] = "b.localhost"
    response = sign_in(client, idgovua)
    assert response.wsgi_request.user == user
    in_b = Membership.objects.get(user=user, hromada=hromada_b)
    assert not in_b.is_verified and in_b.resident is None
    assert Membership.objects.get(user=user, hromada=hromada_a).resident == resident_a
    assert "не знайшли вас у реєстрі жителів громади" in notes(response)[0]


def test_a_hromadas_own_idgovua_row_is_used(client_a, hromada_a, idgovua, settings):
    from hromada.accounts.models import IdentityProvider

    settings.IDGOVUA_URL = None
    IdentityProvider.objects.create(hromada=hromada_a, kind="idgovua", name="idgovua", label="ID.gov.ua",
                                    url=idgovua.url, client_id="test-client", client_secret="test-secret")
    record(hromada_a)
    response = sign_in(client_a, idgovua)
    assert response.wsgi_request.user.is_authenticated
    assert Membership.objects.get(hromada=hromada_a).is_verified


def test_logout_at_idgovua(idgovua):
    from allauth.socialaccount.models import SocialApp

    from hromada.accounts.providers.idgovua.views import logout

    idgovua.tokens["tok"] = ("u1", "iryna")
    app = SocialApp(provider="idgovua", settings={"url": idgovua.url})
    assert logout(app, access_token="tok", user_id="u1") is True
    assert idgovua.logged_out == ["tok"]
    assert logout(app, access_token="tok", user_id="u1") is False


# --- the development imitation ------------------------------------------------------------------------------

def test_the_demo_imitation_is_offered_in_development(client_a, hromada_a, settings):
    settings.IDGOVUA_URL = None
    record(hromada_a, rnokpp="3000000001", last_name="Демченко")
    assert [b["label"] for b in identity_providers.buttons(hromada_a)] == ["ID.gov.ua (демонстрація)"]
    start = client_a.post("/auth/idgovua/login/")
    assert start["Location"].startswith("http://a.localhost/auth/idgovua-demo/?")
    page = client_a.get(start["Location"].removeprefix("http://a.localhost"))
    assert page.status_code == 200 and "Демченко" in page.content.decode()
    form = {k: v for k, v in page.context["hidden"].items()}
    person = page.context["persons"][0]["key"]
    back = client_a.post("/auth/idgovua-demo/", {**form, "person": person, "via": "bank_id"})
    callback = urlsplit(back["Location"])
    assert callback.path == "/auth/idgovua/callback/"
    code = dict(p.split("=", 1) for p in callback.query.split("&"))["code"]
    # the token and user-info endpoints speak the protocol (the site calls them over HTTP)
    creds = {"client_id": "hromada-demo", "client_secret": "hromada-demo-secret", "grant_type": "authorization_code"}
    token = client_a.get("/auth/idgovua-demo/get-access-token", {**creds, "code": code}).json()
    assert client_a.get("/auth/idgovua-demo/get-access-token", {**creds, "code": code}).status_code == 400
    info = client_a.get("/auth/idgovua-demo/get-user-info",
                        {"access_token": token["access_token"], "user_id": token["user_id"]}).json()
    assert info["drfocode"] == "3000000001" and info["lastname"] == "Демченко" and info["auth_type"] == "bank_id"
    bye = client_a.get("/auth/idgovua-demo/get-user-logout",
                       {"access_token": token["access_token"], "user_id": token["user_id"]})
    assert bye.json() == {"error": "0"}


def test_the_demo_refuses_a_foreign_redirect(client_a):
    response = client_a.get("/auth/idgovua-demo/", {"response_type": "code", "client_id": "hromada-demo",
                                                    "redirect_uri": "https://evil.example/cb", "state": "x"})
    assert response.status_code == 400


def test_the_demo_does_not_exist_in_production(tmp_path):
    script = textwrap.dedent("""
        import django
        django.setup()
        from django.conf import settings
        from django.urls import Resolver404, resolve
        from hromada.accounts import identity_providers
        assert settings.PRODUCTION
        resolve("/auth/idgovua/login/")
        for path in ("/auth/idgovua-demo/", "/auth/idgovua-demo/get-access-token"):
            try:
                match = resolve(path)
            except Resolver404:
                continue
            raise SystemExit(f"{path} resolves to {match.view_name}")
        settings.IDGOVUA_DEMO = True  # not even a setting brings it back
        assert identity_providers._installation_entries() == [], identity_providers._installation_entries()
        print("absent")
    """)
    env = {**os.environ, "HROMADA_ENV": "production", "HROMADA_DEBUG": "0", "HROMADA_SECRET_KEY": "x" * 50,
           "HROMADA_ALLOWED_HOSTS": "example.org", "HROMADA_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "hromada.settings"}
    for name in ("HROMADA_IDGOVUA_URL", "HROMADA_IDGOVUA_CLIENT_ID", "HROMADA_OIDC_PROVIDERS"):
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "absent"


@pytest.mark.django_db(transaction=True)
def test_the_demo_imitation_signs_in_over_real_http(live_server, settings):
    """The whole round trip against a running site: it calls its own imitation on the socket it listens on."""
    import re

    import requests

    from tests.factories import HromadaFactory

    settings.IDGOVUA_URL = None
    hromada = HromadaFactory(name="Громада А", short_name="Громада А", host="a.localhost", is_default=True)
    resident = record(hromada, rnokpp="3000000001", last_name="Демченко")
    port = live_server.url.rsplit(":", 1)[1]
    site, host = f"http://127.0.0.1:{port}", {"Host": f"a.localhost:{port}"}
    session = requests.Session()

    def local(url: str) -> str:
        return url.replace(f"http://a.localhost:{port}", site)

    def form(page) -> dict:
        return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))

    confirm = session.get(f"{site}/auth/idgovua/login/", headers=host)
    start = session.post(f"{site}/auth/idgovua/login/", headers=host, allow_redirects=False,
                         data={"csrfmiddlewaretoken": form(confirm)["csrfmiddlewaretoken"]})
    assert start.status_code == 302 and start.headers["Location"].startswith(f"http://a.localhost:{port}/auth/idgovua-demo/?")
    picker = session.get(local(start.headers["Location"]), headers=host)
    assert "Демченко" in picker.text
    fields = {k.replace("&amp;", "&"): v.replace("&amp;", "&") for k, v in form(picker).items()}
    back = session.post(f"{site}/auth/idgovua-demo/", headers=host, allow_redirects=False,
                        data={**fields, "person": f"r{resident.pk}", "via": "dig_sign"})
    assert back.status_code == 302
    done = session.get(local(back.headers["Location"]), headers=host, allow_redirects=False)
    assert done.status_code == 302 and done.headers["Location"] == "/cabinet/", done.text[:3000]
    membership = Membership.objects.get(hromada=hromada)
    assert membership.resident == resident and membership.verification_method == "idgovua"
