"""Staff pages where a hromada's administrator configures its sign-in providers: list, add, edit, disable, delete
with confirmation; the secret is write-only and stays out of the audit log; other staff and other hromadas see
nothing."""

from __future__ import annotations

import pytest

from hromada.accounts import identity_providers
from hromada.accounts.models import IdentityProvider
from hromada.core.models import AuditEntry
from tests.factories import member

pytestmark = pytest.mark.django_db

URL = "/staff/identity-providers/"
DATA = {"kind": "oidc", "name": "keycloak", "label": "Вхід через Keycloak", "url": "https://id.example.org/realm",
        "client_id": "hromada-a", "client_secret": "top-secret-value", "enabled": "on"}


def test_the_administrator_adds_edits_disables_and_deletes(admin_client_a, hromada_a, settings):
    settings.IDGOVUA_DEMO = False
    menu = admin_client_a.get("/staff/").content.decode()
    assert f'href="{URL}"' in menu and "Сервіси входу" in menu

    created = admin_client_a.post(f"{URL}new/", DATA)
    provider = IdentityProvider.objects.get(hromada=hromada_a)
    assert created.status_code == 302 and created["Location"] == f"{URL}{provider.pk}/"
    assert provider.client_secret == "top-secret-value"
    assert [b["label"] for b in identity_providers.buttons(hromada_a)] == ["Вхід через Keycloak"]

    for page in (URL, f"{URL}{provider.pk}/", f"{URL}{provider.pk}/edit/", f"{URL}export.csv"):
        response = admin_client_a.get(page)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200 and b"top-secret-value" not in body, page

    edited = admin_client_a.post(f"{URL}{provider.pk}/edit/", DATA | {"client_secret": "", "label": "Keycloak"})
    assert edited.status_code == 302
    provider.refresh_from_db()
    assert provider.label == "Keycloak" and provider.client_secret == "top-secret-value"  # empty: kept

    admin_client_a.post(f"{URL}{provider.pk}/edit/", {k: v for k, v in DATA.items() if k != "enabled"}
                        | {"client_secret": "new-secret"})
    provider.refresh_from_db()
    assert not provider.enabled and provider.client_secret == "new-secret"
    assert identity_providers.buttons(hromada_a) == []

    entries = AuditEntry.objects.filter(object_type="accounts.identityprovider", action__in=["create", "update"])
    assert entries.count() == 3
    logged = str(list(entries.values_list("changes", flat=True)))
    assert "top-secret-value" not in logged and "new-secret" not in logged and "client_secret" in logged

    confirm = admin_client_a.get(f"{URL}{provider.pk}/delete/")
    assert confirm.status_code == 200 and "Keycloak" in confirm.content.decode()
    assert IdentityProvider.objects.exists()
    deleted = admin_client_a.post(f"{URL}{provider.pk}/delete/")
    assert deleted.status_code == 302 and not IdentityProvider.objects.exists()


def test_a_new_provider_needs_its_secret_and_a_unique_name(admin_client_a, hromada_a):
    missing = admin_client_a.post(f"{URL}new/", DATA | {"client_secret": ""})
    assert missing.status_code == 400 and "Введіть секрет клієнта" in missing.content.decode()
    admin_client_a.post(f"{URL}new/", DATA)
    again = admin_client_a.post(f"{URL}new/", DATA)
    assert again.status_code == 400 and IdentityProvider.objects.count() == 1


def test_other_staff_have_no_access(client_a, hromada_a):
    client_a.force_login(member(hromada_a, "clerk"))
    assert client_a.get(URL).status_code == 403
    assert f'href="{URL}"' not in client_a.get("/staff/").content.decode()


def test_hromada_bs_provider_is_a_404(admin_client_a, hromada_b):
    other = IdentityProvider.objects.create(hromada=hromada_b, kind="oidc", name="b", label="Б",
                                            url="https://id.example.org", client_id="b", client_secret="s")
    for page in (f"{URL}{other.pk}/", f"{URL}{other.pk}/edit/", f"{URL}{other.pk}/delete/"):
        assert admin_client_a.get(page).status_code == 404
    assert admin_client_a.post(f"{URL}{other.pk}/delete/").status_code == 404
    assert IdentityProvider.objects.filter(pk=other.pk).exists()
