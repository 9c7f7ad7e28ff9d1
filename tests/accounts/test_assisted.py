"""Assisted verification and assisted mode at the ЦНАП (/staff/residents-accounts/), and the public count."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hromada.accounts import assisted, services
from hromada.accounts.models import AssistedAct, Consent, Membership
from hromada.core.models import AuditEntry, User
from hromada.registers import services as register_services
from hromada.registers.models import Resident
from tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db

CONSENT_REFUSAL = "Без згоди особи працівники не можуть діяти від її імені."


@pytest.fixture
def cnap(hromada_a):
    return member(hromada_a, "cnap_admin", full_name="Адміністраторка ЦНАП")


@pytest.fixture
def cnap_client(client_a, cnap):
    client_a.force_login(cnap)
    return client_a


def record(hromada, actor, **fields):
    values = {"last_name": "Коваленко", "first_name": "Ганна", "patronymic": "Петрівна",
              "birth_date": date(1948, 5, 2), "sex": "f"} | fields
    return register_services.save_resident(Resident(**values), actor=actor, hromada=hromada)


@pytest.fixture
def hanna(hromada_a, cnap):
    keeper = member(hromada_a, "hromada_admin")
    return record(hromada_a, keeper)


@pytest.fixture
def account(hromada_a):
    user = UserFactory(full_name="Ганна Коваленко", email="hanna@example.org")
    return services.join_hromada(user, hromada_a, consent_version=services.CONSENT_VERSION)


def _state():
    return (list(Membership.objects.order_by("pk").values()), Consent.objects.count(), AssistedAct.objects.count(),
            User.objects.count())


def test_list_search_and_filter(cnap_client, hromada_a, account, hanna):
    other = services.join_hromada(UserFactory(full_name="Петро Сидоренко", phone="+380671112233"), hromada_a,
                                  consent_version=None)
    page = cnap_client.get("/staff/residents-accounts/").content.decode()
    assert "Ганна Коваленко" in page and "Петро Сидоренко" in page
    assert "Петро" not in cnap_client.get("/staff/residents-accounts/?q=hanna@").content.decode()
    assert "Ганна" not in cnap_client.get("/staff/residents-accounts/?q=0671112233").content.decode()
    assert "Ганна Коваленко" in cnap_client.get("/staff/residents-accounts/?q=ковал").content.decode()
    Membership.objects.filter(pk=other.pk).update(resident=hanna, verified_at=timezone.now())
    verified = cnap_client.get("/staff/residents-accounts/?verified=yes").content.decode()
    assert "Петро Сидоренко" in verified and "Ганна Коваленко" not in verified
    unverified = cnap_client.get("/staff/residents-accounts/?verified=no").content.decode()
    assert "Ганна Коваленко" in unverified and "Петро Сидоренко" not in unverified


def test_list_is_paginated_and_only_this_hromada(cnap_client, hromada_a, hromada_b):
    for n in range(30):
        services.join_hromada(UserFactory(full_name=f"Мешканець {n:02d}"), hromada_a, consent_version=None)
    services.join_hromada(UserFactory(full_name="Чужий мешканець"), hromada_b, consent_version=None)
    first = cnap_client.get("/staff/residents-accounts/").content.decode()
    second = cnap_client.get("/staff/residents-accounts/?page=2").content.decode()
    assert "Сторінка 1 з 2" in first
    assert "Мешканець 29" in first and "Мешканець 00" in second
    assert "Чужий" not in first + second


def test_register_search_by_name_and_birth_date(cnap_client, cnap, account, hanna, hromada_a):
    record(hromada_a, member(hromada_a, "hromada_admin"), birth_date=date(1950, 1, 1), first_name="Галина")
    url = f"/staff/residents-accounts/{account.pk}/"
    page = cnap_client.get(url, {"name": "коваленко", "birth_date": "1948-05-02"}).content.decode()
    assert "Коваленко Ганна Петрівна" in page and "Галина" not in page
    assert "Галина" in cnap_client.get(url, {"name": "коваленко"}).content.decode()
    viewed = AuditEntry.objects.filter(action="view", object_type="registers.resident", actor=cnap)
    assert viewed.count() == 3  # one record shown, then two


def test_assisted_verification(cnap_client, cnap, account, hanna, hromada_a):
    response = cnap_client.post(f"/staff/residents-accounts/{account.pk}/verify/",
                                {"resident": hanna.pk, "document_kind": "passport_book", "consent": "on"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.resident == hanna and account.is_verified
    assert (account.verification_method, account.verified_by, account.document_kind) == (
        "assisted", cnap, "passport_book")
    act = AssistedAct.objects.get()
    assert (act.action, act.staff, act.person, act.hromada) == ("verify", cnap, account.user, hromada_a)
    assert (act.consent.purpose, act.consent.channel, act.consent.recorded_by) == ("assisted", "ЦНАП", cnap)
    page = cnap_client.get(response.url).content.decode()
    assert "Обліковий запис верифіковано: Коваленко Ганна Петрівна." in page


def test_refusals_change_nothing(cnap_client, account, hanna, hromada_a, hromada_b):
    url = f"/staff/residents-accounts/{account.pk}/verify/"
    foreign = record(hromada_b, member(hromada_b, "hromada_admin"))
    before = _state()
    page = cnap_client.post(url, {"resident": hanna.pk, "document_kind": "passport_book"}, follow=True)
    assert CONSENT_REFUSAL in page.content.decode()
    assert _state() == before
    page = cnap_client.post(url, {"resident": hanna.pk, "document_kind": "", "consent": "on"}, follow=True)
    assert "Виберіть запис реєстру і документ, який ви перевірили." in page.content.decode()
    assert _state() == before
    assert cnap_client.post(url, {"resident": foreign.pk, "document_kind": "passport_book",
                                  "consent": "on"}).status_code == 404
    assert _state() == before
    # The record is already another account's: the ЦНАП message.
    holder = services.join_hromada(UserFactory(), hromada_a, consent_version=None)
    Membership.objects.filter(pk=holder.pk).update(resident=hanna, verified_at=timezone.now())
    before = _state()
    page = cnap_client.post(url, {"resident": hanna.pk, "document_kind": "passport_book", "consent": "on"},
                            follow=True).content.decode()
    assert "Цю особу вже пов’язано з іншим обліковим записом. Зверніться, будь ласка, до ЦНАП" in page
    assert _state() == before


def test_service_refuses_a_record_of_another_hromada(cnap, account, hromada_b):
    foreign = record(hromada_b, member(hromada_b, "hromada_admin"))
    before = _state()
    with pytest.raises(ValidationError) as refused:
        assisted.verify(account, foreign, staff=cnap, document_kind="passport_book", consent=True)
    assert "Запис реєстру належить іншій громаді." in refused.value.messages
    assert _state() == before


def test_create_account_for_a_person_without_a_device(cnap_client, cnap, hromada_a):
    response = cnap_client.post("/staff/residents-accounts/new/",
                                {"full_name": "Іван Бойко", "phone": "050 123 45 67", "consent": "on"})
    person = User.objects.get(phone="+380501234567")
    membership = person.memberships.get()
    assert response.status_code == 302 and response.url == f"/staff/residents-accounts/{membership.pk}/"
    assert membership.hromada == hromada_a and not membership.is_verified
    assert not person.has_usable_password()
    assert set(Consent.objects.filter(user=person).values_list("purpose", "channel", "recorded_by")) == {
        ("account", "ЦНАП", cnap.pk), ("assisted", "ЦНАП", cnap.pk)}
    act = AssistedAct.objects.get()
    assert (act.action, act.person, act.consent.purpose) == ("create_account", person, "assisted")
    assert person.role_assignments.get().role == "resident"


def test_create_account_refusals(cnap_client, hromada_a):
    UserFactory(email="taken@example.org")
    before = _state()
    page = cnap_client.post("/staff/residents-accounts/new/", {"full_name": "Іван Бойко", "phone": "0501234567"})
    assert CONSENT_REFUSAL in page.content.decode()
    page = cnap_client.post("/staff/residents-accounts/new/", {"full_name": "Іван Бойко", "consent": "on"})
    assert "Вкажіть номер телефону або адресу електронної пошти" in page.content.decode()
    page = cnap_client.post("/staff/residents-accounts/new/",
                            {"full_name": "Іван", "email": "TAKEN@example.org", "consent": "on"})
    assert "Обліковий запис із цією адресою вже існує" in page.content.decode()
    page = cnap_client.post("/staff/residents-accounts/new/", {"full_name": "Іван", "phone": "12", "consent": "on"})
    assert page.status_code == 200
    assert _state() == before


@pytest.mark.parametrize("role,status", [("clerk", 403), ("resident", 403), ("hromada_admin", 200)])
def test_who_may_use_the_pages(client_a, hromada_a, role, status):
    client_a.force_login(member(hromada_a, role))
    assert client_a.get("/staff/residents-accounts/").status_code == status
    assert client_a.get("/staff/residents-accounts/new/").status_code == status


def test_anonymous_goes_to_sign_in(client_a):
    assert client_a.get("/staff/residents-accounts/").status_code == 302


def test_staff_menu_shows_the_page_to_the_cnap(cnap_client):
    assert 'href="/staff/residents-accounts/"' in cnap_client.get("/staff/residents-accounts/").content.decode()


def test_public_counts_per_month_and_action(client_a, hromada_a, hromada_b, cnap):
    kyiv = timezone.get_current_timezone()
    for at, action in [((2026, 11, 3), "verify"), ((2026, 11, 20), "verify"), ((2026, 11, 30), "create_account"),
                       ((2026, 12, 1), "create_account")]:
        AssistedAct.objects.create(hromada=hromada_a, staff=cnap, action=action,
                                   at=timezone.datetime(*at, 12, tzinfo=kyiv))
    # 1 December 00:30 in Kyiv is still 30 November in UTC: counted in December.
    AssistedAct.objects.create(hromada=hromada_a, action="verify", at=timezone.datetime(2026, 12, 1, 0, 30,
                                                                                        tzinfo=kyiv))
    AssistedAct.objects.create(hromada=hromada_b, action="verify", at=timezone.datetime(2026, 12, 2, tzinfo=kyiv))
    assert [(r["month"], r["counts"], r["total"]) for r in assisted.monthly_counts(hromada_a)] == [
        (date(2026, 12, 1), [1, 1], 2), (date(2026, 11, 1), [2, 1], 3)]
    page = client_a.get("/assisted/").content.decode()
    assert "грудень 2026" in page.lower() and "листопад 2026" in page.lower()
    assert "Адміністраторка" not in page


def test_public_count_is_in_the_public_menu(client_a):
    assert 'href="/assisted/"' in client_a.get("/").content.decode()


def test_an_already_verified_account_is_not_relinked(cnap, account, hanna, hromada_a):
    assisted.verify(account, hanna, staff=cnap, document_kind="passport_book", consent=True)
    other = record(hromada_a, member(hromada_a, "hromada_admin"), first_name="Галина")
    before = _state()
    with pytest.raises(ValidationError) as refused:
        assisted.verify(account, other, staff=cnap, document_kind="passport_book", consent=True)
    assert refused.value.messages == ["Обліковий запис уже верифіковано. Щоб виправити зв’язок, особа подає "
                                      "запит на виправлення даних."]
    assert _state() == before


def test_staff_without_the_capability_is_refused_by_the_service(hromada_a, account, hanna):
    clerk = member(hromada_a, "clerk")
    with pytest.raises(ValidationError):
        assisted.verify(account, hanna, staff=clerk, document_kind="passport_book", consent=True)
    account.refresh_from_db()
    assert not account.is_verified and not AssistedAct.objects.exists()
