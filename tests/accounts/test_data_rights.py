"""The data subject's rights (Law «Про захист персональних даних», Art. 8): download, correction, deletion."""

from __future__ import annotations

import json
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from hromada.accounts import services
from hromada.accounts.models import Consent, DataRequest, Membership
from hromada.core.models import ApiToken, AuditEntry, RoleAssignment, User
from hromada.core.models.notifications import Notice
from hromada.core.notifications import notify
from hromada.core.worklist import Context, collect
from hromada.registers.models import Resident
from tests.accounts.cabinet_world import resident, verified_resident
from tests.factories import PASSWORD, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client_a, django_capture_on_commit_callbacks):
    def run(url, data, client=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or client_a).post(url, data)

    return run


def test_download_has_own_data_and_nothing_of_another_hromada_and_no_secrets(client_a, hromada_a, hromada_b):
    user = verified_resident(hromada_a, full_name="Тарас Шевченко", email="taras@example.org")
    services.join_hromada(user, hromada_b, consent_version="b-version")
    notify(user, "accounts.account", hromada=hromada_a, subject="Тема громади А", body="А")
    notify(user, "accounts.account", hromada=hromada_b, subject="Тема громади Б", body="Б")
    DataRequest.objects.create(hromada=hromada_b, user=user, kind="correction", text="запит у Б")
    ApiToken.objects.create(user=user, name="скрипт", prefix="hrm_abc", digest="d" * 64)
    SocialAccount.objects.create(user=user, provider="idgovua", uid="uid-1", extra_data={"token": "secret-x"})
    client_a.force_login(user)

    response = client_a.get("/cabinet/data.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    raw = response.content.decode()
    data = json.loads(raw)["data"]["accounts"]
    assert data["account"]["email"] == "taras@example.org" and data["account"]["full_name"] == "Тарас Шевченко"
    assert data["register_record"]["last_name"] == "Шевченко" and data["register_record"]["birth_date"] == "1990-03-09"
    assert data["membership"]["verification_method"] == "idgovua"
    assert [n["subject"] for n in data["notices"]] == ["Тема громади А"]
    assert data["consents"][0]["text_version"] == services.CONSENT_VERSION and len(data["consents"]) == 1
    assert data["connected_providers"] == [{"provider": "idgovua", "uid": "uid-1",
                                            "date_joined": data["connected_providers"][0]["date_joined"],
                                            "last_login": data["connected_providers"][0]["last_login"]}]
    assert data["api_tokens"][0]["name"] == "скрипт"
    assert data["data_requests"] == []
    for secret in ("Тема громади Б", "запит у Б", "b-version", "d" * 64, "secret-x", user.password):
        assert secret not in raw
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.actor_id == user.pk and entry.hromada_id == hromada_a.pk


def test_stranger_cannot_download(client_a, hromada_b):
    client_a.force_login(resident(hromada_b))
    response = client_a.get("/cabinet/data.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_correction_request_is_handled_by_staff_and_the_person_is_told(client_a, hromada_a, post):
    from django.test import Client

    admin = member(hromada_a, "hromada_admin")
    user = resident(hromada_a)
    client_a.force_login(user)
    response = post("/cabinet/data/correction/", {"wrong": "Прізвище Петренко", "right": "Петренко-Коваль"})
    assert response.status_code == 302
    data_request = DataRequest.objects.get(user=user)
    assert data_request.kind == "correction" and data_request.status == "open" and data_request.hromada == hromada_a
    assert "Петренко-Коваль" in data_request.text
    assert Notice.objects.filter(recipient=admin, kind="accounts.data_request", hromada=hromada_a).count() == 1

    # bad input: nothing created
    assert post("/cabinet/data/correction/", {"wrong": "", "right": ""}).status_code == 200
    assert DataRequest.objects.count() == 1

    # the due date with its legal basis, and the worklist
    due = services.data_request_due(data_request)
    assert (due - data_request.created_at.date()).days >= 30
    items = [i for i in collect(Context(admin, hromada_a)) if i.kind == "accounts.data_request"]
    assert len(items) == 1 and items[0].deadline == due
    assert not [i for i in collect(Context(admin, hromada_a, today=date(2000, 1, 1)))
                if i.kind == "accounts.data_request" and i.state == "overdue"]

    staff = Client(HTTP_HOST="a.localhost")
    staff.force_login(admin)
    listing = staff.get("/staff/data-requests/")
    assert listing.status_code == 200 and f"/staff/data-requests/{data_request.pk}/" in listing.content.decode()
    detail = staff.get(f"/staff/data-requests/{data_request.pk}/")
    assert "Петренко-Коваль" in detail.content.decode()
    # refusing needs reasons
    refused = post(f"/staff/data-requests/{data_request.pk}/", {"outcome": "refused", "answer": ""}, client=staff)
    assert refused.status_code == 200
    data_request.refresh_from_db()
    assert data_request.status == "open"
    done = post(f"/staff/data-requests/{data_request.pk}/", {"outcome": "done", "answer": "Виправлено."},
                client=staff)
    assert done.status_code == 302
    data_request.refresh_from_db()
    assert data_request.status == "done" and data_request.handled_by == admin and data_request.answer == "Виправлено."
    told = Notice.objects.get(recipient=user, kind="accounts.account")
    assert "Виправлено." in told.body
    assert "Виправлено." in client_a.get("/cabinet/data/").content.decode()


def test_residents_cannot_open_the_staff_pages(client_a, hromada_a):
    client_a.force_login(resident(hromada_a))
    assert client_a.get("/staff/data-requests/").status_code == 403


def test_another_hromadas_request_is_404(admin_client_a, hromada_b):
    other = DataRequest.objects.create(hromada=hromada_b, user=resident(hromada_b), kind="correction", text="x")
    assert admin_client_a.get(f"/staff/data-requests/{other.pk}/").status_code == 404
    assert admin_client_a.post(f"/staff/data-requests/{other.pk}/", {"outcome": "done"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "open"


def test_deletion_with_password_anonymises_and_leaves_others_untouched(client_a, hromada_a, hromada_b):
    user = verified_resident(hromada_a, full_name="Тарас Шевченко", email="taras@example.org")
    record_pk = user.memberships.get().resident_id
    neighbour = resident(hromada_a, full_name="Сусідка")
    notify(user, "accounts.account", hromada=hromada_a, subject="Моє", body="x")
    notify(neighbour, "accounts.account", hromada=hromada_a, subject="Сусідчине", body="x")
    EmailAddress.objects.create(user=user, email="taras@example.org", verified=True, primary=True)
    SocialAccount.objects.create(user=user, provider="idgovua", uid="uid-1")
    client_a.force_login(user)  # signing in writes the audit log: the row stays, anonymised

    page = client_a.get("/cabinet/delete/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    wrong = client_a.post("/cabinet/delete/", {"confirm": "on", "password": "не той"})
    assert wrong.status_code == 200 and "Пароль" in wrong.content.decode()
    assert User.objects.get(pk=user.pk).is_active

    response = client_a.post("/cabinet/delete/", {"confirm": "on", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/cabinet/deleted/"
    gone = User.objects.get(pk=user.pk)
    assert gone.email == f"deleted-{user.pk}@invalid" and gone.phone is None
    assert gone.full_name == "Видалений обліковий запис" and not gone.is_active and not gone.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not Notice.objects.filter(recipient=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists() and not SocialAccount.objects.filter(user=user).exists()
    consent = Consent.objects.get(text_version=services.CONSENT_VERSION, hromada=hromada_a, user__isnull=True)
    assert consent.purpose == "account"
    assert Resident.objects.filter(pk=record_pk).exists()  # the hromada's register record stays
    assert AuditEntry.objects.filter(actor=gone).exists()
    assert Notice.objects.filter(recipient=neighbour, subject="Сусідчине").exists()
    assert Membership.objects.filter(user=neighbour).exists()
    assert Consent.objects.filter(user=neighbour).exists()
    assert not client_a.get("/cabinet/deleted/").wsgi_request.user.is_authenticated


def test_deletion_without_password_needs_the_checkbox(client_a, hromada_a):
    user = resident(hromada_a)
    user.set_unusable_password()
    user.save()
    client_a.force_login(user)
    assert 'name="password"' not in client_a.get("/cabinet/delete/").content.decode()
    assert client_a.post("/cabinet/delete/", {}).status_code == 200
    assert User.objects.get(pk=user.pk).is_active
    assert client_a.post("/cabinet/delete/", {"confirm": "on"}).status_code == 302
    assert not User.objects.get(pk=user.pk).is_active


def test_account_without_history_is_deleted_outright(hromada_a):
    user = resident(hromada_a)
    assert services.delete_account(user, hromada_a) == "deleted"
    assert not User.objects.filter(pk=user.pk).exists()
    assert Consent.objects.filter(user__isnull=True, hromada=hromada_a).count() == 1
    assert AuditEntry.objects.filter(action="delete", object_type="core.user", object_id=str(user.pk)).exists()


def test_staff_account_is_refused(client_a, hromada_a):
    user = member(hromada_a, "clerk")
    services.join_hromada(user, hromada_a, consent_version="x")
    client_a.force_login(user)
    page = client_a.get("/cabinet/delete/")
    assert "staff role" in page.content.decode() or "роль" in page.content.decode()
    response = client_a.post("/cabinet/delete/", {"confirm": "on", "password": PASSWORD})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.is_active and Membership.objects.filter(user=user).exists()
