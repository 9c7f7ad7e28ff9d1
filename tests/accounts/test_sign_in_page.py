"""The /login/ page of a hromada: its identity-provider buttons and links to sign-in by code and sign-up, and the
refusal of a password sign-in for a registered resident who never confirmed their e-mail or phone."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from hromada.accounts.models import IdentityProvider
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.django_db

REFUSAL = "Електронну пошту чи телефон цього облікового запису ще не підтверджено"


def test_the_page_offers_providers_code_sign_in_and_sign_up(client_a, hromada_a, hromada_b, settings):
    settings.IDGOVUA_DEMO = False
    IdentityProvider.objects.create(hromada=hromada_a, kind="oidc", name="own", label="Вхід громади А",
                                    url="https://id.example.org", client_id="a", client_secret="s")
    IdentityProvider.objects.create(hromada=hromada_b, kind="oidc", name="bown", label="Вхід громади Б",
                                    url="https://id.example.org", client_id="b", client_secret="s")
    body = client_a.get("/login/?next=/cabinet/").content.decode()
    assert 'action="/auth/oidc/own/login/"' in body and "Вхід громади А" in body
    assert "Вхід громади Б" not in body and "/auth/oidc/bown/" not in body
    form = body[body.index('action="/auth/oidc/own/login/"'):]
    form = form[:form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form and 'name="next" value="/cabinet/"' in form
    assert 'href="/accounts/login/code/"' in body and "Увійти за одноразовим кодом" in body
    assert 'href="/accounts/signup/"' in body and "Зареєструватися" in body


def resident(hromada_a, *, verified_email=False, phone_verified=False):
    user = member(hromada_a, "resident", email="res@example.org")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=verified_email)
    if phone_verified:
        user.phone, user.phone_verified = "+380501112233", True
        user.save()
    return user


def test_an_unconfirmed_resident_is_sent_to_sign_in_by_code(client_a, hromada_a):
    resident(hromada_a)
    response = client_a.post("/login/", {"username": "res@example.org", "password": PASSWORD})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    body = response.content.decode()
    assert REFUSAL in body and "одноразового коду" in body


@pytest.mark.parametrize("confirmed", ["email", "phone"])
def test_a_confirmed_resident_signs_in(client_a, hromada_a, confirmed):
    resident(hromada_a, verified_email=confirmed == "email", phone_verified=confirmed == "phone")
    response = client_a.post("/login/", {"username": "res@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_staff_and_accounts_without_allauth_addresses_are_not_refused(client_a, hromada_a, admin_a):
    EmailAddress.objects.create(user=admin_a, email=admin_a.email, primary=True, verified=False)
    response = client_a.post("/login/", {"username": admin_a.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    client_a.logout()
    member(hromada_a, "resident", email="old@example.org")  # made before sign-up existed: no EmailAddress row
    response = client_a.post("/login/", {"username": "old@example.org", "password": PASSWORD})
    assert response.status_code == 302
