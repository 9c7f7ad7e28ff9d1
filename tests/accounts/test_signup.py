"""Self-registration by e-mail or phone with a one-time code, through allauth and the notification service."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from hromada.accounts.models import Consent, Membership
from hromada.core.models import RoleAssignment, User
from hromada.core.models.notifications import Delivery
from tests.tasktools import run_enqueued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client_a, django_capture_on_commit_callbacks):
    """POST as a committed request would: the codes it queued go out through the worker's loop."""

    def run(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_a.post(url, data)
        run_enqueued_tasks()
        return response

    return run

PASSWORD = "Довгий-пароль-2026"


def _code(text: str) -> str:
    match = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}|\d{6})\b", text)
    assert match, text
    return match.group(1)


def test_signup_by_email_sends_a_code_through_notifications_and_opens_the_cabinet(client_a, hromada_a, post):
    response = post("/accounts/signup/", {
        "email": "Olena.Petrenko@Example.org", "full_name": "Олена Петренко", "password1": PASSWORD,
        "consent": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="olena.petrenko@example.org")
    assert user.full_name == "Олена Петренко"
    membership = Membership.objects.get(user=user)
    assert membership.hromada == hromada_a and not membership.is_verified
    assert RoleAssignment.objects.filter(user=user, hromada=hromada_a, role="resident").exists()
    consent = Consent.objects.get(user=user)
    assert consent.text_version and consent.purpose == "account" and consent.withdrawn_at is None
    delivery = Delivery.objects.get(address="olena.petrenko@example.org", channel="email")
    assert len(mail.outbox) == 1
    code = _code(mail.outbox[0].body)
    assert delivery.notice.kind == "accounts.code"

    page = client_a.get(response["Location"])
    assert page.status_code == 200
    wrong = client_a.post(response["Location"], {"code": "ZZZZZZ"})
    assert wrong.status_code == 200 and not wrong.wsgi_request.user.is_authenticated
    confirmed = client_a.post(response["Location"], {"code": code})
    assert confirmed.status_code == 302
    cabinet = client_a.get("/cabinet/")
    assert cabinet.status_code == 200
    assert "Олена Петренко" in cabinet.content.decode()


def test_signup_by_phone_verifies_the_phone_by_sms(client_a, hromada_a, caplog, post):
    caplog.set_level("INFO", logger="hromada.notifications.sms")
    response = post("/accounts/signup/", {"phone": "050 123 45 67", "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(phone="+380501234567")
    assert not user.phone_verified and user.email is None
    sms = Delivery.objects.get(channel="sms", address="+380501234567")
    assert sms.status == "sent" and sms.notice.kind == "accounts.code"
    assert "+380501234567" in caplog.text  # the console gateway got it
    code = _code(sms.notice.body)
    verify = client_a.post(response["Location"], {"code": code})
    assert verify.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert client_a.get("/cabinet/").status_code == 200


def test_signup_without_consent_or_login_changes_nothing(client_a, hromada_a):
    no_consent = client_a.post("/accounts/signup/", {"email": "a@example.org", "password1": PASSWORD})
    assert no_consent.status_code == 200
    assert "Про захист персональних даних" in no_consent.content.decode()
    nothing = client_a.post("/accounts/signup/", {"consent": "on"})
    assert nothing.status_code == 200
    assert User.objects.count() == 0 and Membership.objects.count() == 0


def test_codes_per_address_are_rate_limited_and_the_limit_changes_nothing(client_a, hromada_a, post):
    post("/accounts/signup/", {"email": "limit@example.org", "consent": "on"})
    sent = Delivery.objects.count()
    # Sign-in by code for the same address, each time from a fresh browser: allauth's limit is 3 per 5 minutes
    # per address (settings.ACCOUNT_RATE_LIMITS); the fourth request is refused and sends nothing.
    answers = []
    for _ in range(4):
        client_a.cookies.clear()
        answers.append(post("/accounts/login/code/", {"email": "limit@example.org"}))
    assert [a.status_code for a in answers[:3]] == [302, 302, 302]
    assert answers[3].status_code == 200
    assert "Занадто багато" in answers[3].content.decode()
    assert Delivery.objects.count() == sent + 3


def test_sign_ups_per_client_address_are_rate_limited(client_a, hromada_a, settings, post):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    for n in range(2):
        assert post("/accounts/signup/", {"email": f"p{n}@example.org", "consent": "on"}).status_code == 302
        client_a.logout()
    refused = post("/accounts/signup/", {"email": "p9@example.org", "consent": "on"})
    assert refused.status_code == 429
    assert not User.objects.filter(email="p9@example.org").exists()
