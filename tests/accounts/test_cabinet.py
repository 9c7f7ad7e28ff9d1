"""The resident cabinet: its sections, the stranger page, consents, tokens."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hromada.accounts.models import Consent, Membership
from hromada.core.models import ApiToken
from hromada.core.notifications import notify
from tests.accounts.cabinet_world import resident, verified_resident

pytestmark = pytest.mark.django_db

SECTION_PAGES = ["/cabinet/", "/cabinet/profile/", "/cabinet/verification/", "/cabinet/consents/",
                 "/cabinet/sign-in/", "/cabinet/sessions/", "/cabinet/data/", "/cabinet/notices/",
                 "/cabinet/notifications/"]


def test_anonymous_goes_to_sign_in(client_a):
    response = client_a.get("/cabinet/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/cabinet/"


@pytest.mark.parametrize("url", SECTION_PAGES)
def test_every_section_renders_for_an_unverified_resident(client_a, hromada_a, url):
    user = resident(hromada_a, full_name="Олена Петренко")
    client_a.force_login(user)
    response = client_a.get(url)
    assert response.status_code == 200, url
    assert "not a resident account" not in response.content.decode()


@pytest.mark.parametrize("url", SECTION_PAGES)
def test_every_section_renders_for_a_verified_resident(client_a, hromada_a, url):
    user = verified_resident(hromada_a, full_name="Тарас Шевченко")
    client_a.force_login(user)
    response = client_a.get(url)
    assert response.status_code == 200, url


def test_cabinet_shows_the_sections_as_cards(client_a, hromada_a):
    client_a.force_login(resident(hromada_a, full_name="Олена Петренко"))
    html = client_a.get("/cabinet/").content.decode()
    for key in ("profile", "verification", "notifications", "consents", "sign_in", "sessions", "data"):
        assert f'id="section-{key}"' in html, key
    assert "Олена Петренко" in html


def test_verified_resident_sees_method_date_and_register_status(client_a, hromada_a):
    user = verified_resident(hromada_a)
    Membership.objects.filter(user=user).update(verified_at=timezone.make_aware(timezone.datetime(2026, 11, 21,
                                                                                                   12)))
    client_a.force_login(user)
    html = client_a.get("/cabinet/verification/").content.decode()
    assert "21 листопада 2026 р." in html
    assert "ID.gov.ua" in html and "Бродове" in html and "зареєстрований" in html


def test_unverified_resident_is_told_how_to_get_verified_with_the_cnap_contacts(client_a, hromada_a):
    from tests.factories import InstitutionFactory

    InstitutionFactory(hromada=hromada_a, kind="cnap", name="ЦНАП Могилівської громади", phone="+380441234567")
    client_a.force_login(resident(hromada_a))
    html = client_a.get("/cabinet/verification/").content.decode()
    assert "ЦНАП Могилівської громади" in html and "+380441234567" in html


def test_stranger_of_hromada_b_sees_the_join_page_on_every_section(client, hromada_a, hromada_b):
    user = resident(hromada_b)
    client.force_login(user)
    for url in SECTION_PAGES:
        response = client.get(url, HTTP_HOST="a.localhost")
        assert response.status_code == 200, url
        assert 'action="/cabinet/join/"' in response.content.decode(), url


def test_profile_name_is_edited(client_a, hromada_a):
    user = resident(hromada_a, full_name="Олена")
    client_a.force_login(user)
    response = client_a.post("/cabinet/profile/", {"full_name": "Олена Петренко"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Олена Петренко"


def test_withdrawing_the_account_consent_routes_to_deletion(client_a, hromada_a):
    user = resident(hromada_a)
    client_a.force_login(user)
    consent = Consent.objects.get(user=user, purpose="account")
    html = client_a.get(f"/cabinet/consents/{consent.pk}/withdraw/").content.decode()
    assert "/cabinet/delete/" in html
    client_a.post(f"/cabinet/consents/{consent.pk}/withdraw/")
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # only the deletion ends it


def test_other_consent_is_withdrawn_after_confirmation(client_a, hromada_a):
    from hromada.accounts import services

    user = resident(hromada_a)
    consent = services.give_consent(user, hromada_a, purpose="assisted")
    client_a.force_login(user)
    assert client_a.get(f"/cabinet/consents/{consent.pk}/withdraw/").status_code == 200
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert client_a.post(f"/cabinet/consents/{consent.pk}/withdraw/").status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_api_token_is_revoked_after_confirmation_and_others_are_404(client_a, hromada_a):
    user = resident(hromada_a)
    other = resident(hromada_a)
    mine = ApiToken.objects.create(user=user, name="скрипт", prefix="hrm_abc", digest="a" * 64)
    theirs = ApiToken.objects.create(user=other, name="чужий", prefix="hrm_def", digest="b" * 64)
    client_a.force_login(user)
    assert "скрипт" in client_a.get("/cabinet/sessions/").content.decode()
    assert client_a.get(f"/cabinet/tokens/{mine.pk}/revoke/").status_code == 200
    mine.refresh_from_db()
    assert mine.revoked_at is None
    client_a.post(f"/cabinet/tokens/{mine.pk}/revoke/")
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    assert client_a.post(f"/cabinet/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_notices_are_the_residents_own(client_a, hromada_a):
    user = resident(hromada_a)
    notice = notify(user, "accounts.account", hromada=hromada_a, subject="Ваш обліковий запис підтверджено",
                    body="Текст")
    client_a.force_login(user)
    assert "Ваш обліковий запис підтверджено" in client_a.get("/cabinet/notices/").content.decode()
    assert client_a.post(f"/cabinet/notices/{notice.pk}/read/").status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
