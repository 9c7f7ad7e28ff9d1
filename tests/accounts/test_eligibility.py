"""Eligibility in one place: every rule and every reason (hromada.accounts.eligibility)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from hromada.accounts import eligibility, services, verification
from hromada.accounts.eligibility import Decision, age_on, check
from hromada.core.models import StarostaDistrict
from hromada.registers import services as register_services
from hromada.registers.models import Building, Resident, Street
from tests.factories import SettlementFactory, UserFactory, member

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
NOT_VERIFIED = ("Ваш обліковий запис не верифіковано. Верифікуйте його через ID.gov.ua, BankID або Дію, "
                "або особисто в ЦНАП.")


@pytest.fixture
def keeper(hromada_a):
    return member(hromada_a, "hromada_admin")


@pytest.fixture
def district(hromada_a):
    return StarostaDistrict.objects.create(hromada=hromada_a, name="Бродівський старостинський округ")


@pytest.fixture
def house(hromada_a, keeper, district):
    settlement = SettlementFactory(hromada=hromada_a, name="Бродове", starosta_district=district)
    street = register_services.save_street(Street(settlement=settlement, kind="vulytsia", name="Шевченка"),
                                           actor=keeper, hromada=hromada_a)
    return register_services.save_building(Building(street=street, number="3"), actor=keeper, hromada=hromada_a)


def make_resident(hromada, keeper, house, *, born=date(1990, 3, 9), status="registered", **fields):
    values = {"last_name": "Шевченко", "first_name": "Тарас", "patronymic": "Григорович", "birth_date": born,
              "sex": "m", "building": house, "status": status} | fields
    return register_services.save_resident(Resident(**values), actor=keeper, hromada=hromada)


def verified_person(hromada, keeper, house, **resident_fields):
    user = UserFactory()
    membership = services.join_hromada(user, hromada, consent_version=services.CONSENT_VERSION)
    verification.link(membership, make_resident(hromada, keeper, house, **resident_fields), method="idgovua")
    return user


def set_settings(hromada, **values):
    hromada.settings = (hromada.settings or {}) | {key.replace("__", "."): value for key, value in values.items()}
    hromada.save(update_fields=["settings"])


@pytest.mark.parametrize("action", eligibility.ACTIONS)
def test_adult_verified_registered_resident_may_do_everything(hromada_a, keeper, house, action):
    user = verified_person(hromada_a, keeper, house)
    assert check(user, hromada_a, action, today=TODAY) == Decision(True, "")


@pytest.mark.parametrize("action", eligibility.ACTIONS)
def test_anonymous_is_asked_to_sign_in(hromada_a, action):
    assert check(AnonymousUser(), hromada_a, action) == Decision(False, "Увійдіть, щоб узяти участь.")
    assert check(None, hromada_a, action) == Decision(False, "Увійдіть, щоб узяти участь.")


def test_account_without_membership_here_is_refused(hromada_a, hromada_b, keeper, house):
    user = verified_person(hromada_a, keeper, house)
    assert check(user, hromada_b, "sign", today=TODAY) == Decision(
        False, "У вас немає облікового запису мешканця в цій громаді. Відкрийте його у своєму кабінеті.")


def test_member_not_verified_is_refused(hromada_a):
    user = UserFactory()
    services.join_hromada(user, hromada_a, consent_version=services.CONSENT_VERSION)
    assert check(user, hromada_a, "vote", today=TODAY) == Decision(False, NOT_VERIFIED)


@pytest.mark.parametrize("status,label", [("left", "вибув"), ("deceased", "помер")])
def test_status_not_allowed_is_refused_with_its_name(hromada_a, keeper, house, status, label):
    user = verified_person(hromada_a, keeper, house, status="registered")
    Resident.objects.filter(accounts__user=user).update(status=status)
    assert check(user, hromada_a, "sign", today=TODAY) == Decision(
        False, f"Ваш статус у реєстрі мешканців («{label}») не дозволяє цього в цій громаді.")


def test_statuses_follow_the_hromada_setting(hromada_a, keeper, house):
    user = verified_person(hromada_a, keeper, house, status="idp")
    assert check(user, hromada_a, "sign", today=TODAY).allowed
    set_settings(hromada_a, eligibility__sign__statuses="registered, declared")
    decision = check(user, hromada_a, "sign", today=TODAY)
    assert not decision.allowed
    assert "ВПО" in decision.reason
    assert check(user, hromada_a, "vote", today=TODAY).allowed  # other actions keep their own list


@pytest.mark.parametrize("action,minimum", [("sign", 18), ("vote", 16), ("apply", 14)])
def test_minimum_age_by_default_is_checked_on_today(hromada_a, keeper, house, action, minimum):
    birthday = date(TODAY.year - minimum, TODAY.month, TODAY.day)
    user = verified_person(hromada_a, keeper, house, born=birthday)
    assert check(user, hromada_a, action, today=TODAY).allowed  # the birthday itself counts
    refused = check(user, hromada_a, action, today=date(2026, 12, 3))
    assert refused == Decision(False, f"Це доступно мешканцям віком від {minimum} років.")


def test_booking_has_no_minimum_age_by_default(hromada_a, keeper, house):
    user = verified_person(hromada_a, keeper, house, born=date(2020, 1, 1))
    assert check(user, hromada_a, "book", today=TODAY).allowed
    assert not check(user, hromada_a, "apply", today=TODAY).allowed


def test_minimum_age_follows_the_hromada_setting(hromada_a, keeper, house):
    user = verified_person(hromada_a, keeper, house, born=date(2010, 1, 1))  # 16 on TODAY
    assert not check(user, hromada_a, "sign", today=TODAY).allowed
    set_settings(hromada_a, eligibility__sign__min_age=16)
    assert check(user, hromada_a, "sign", today=TODAY).allowed


def test_unknown_action_is_a_programming_error(hromada_a, keeper, house):
    with pytest.raises(ValueError):
        check(verified_person(hromada_a, keeper, house), hromada_a, "dance")


def test_age_on_a_leap_day_birthday():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18


def test_resident_facts_on_the_membership(hromada_a, keeper, house, district):
    user = verified_person(hromada_a, keeper, house, born=date(2000, 12, 5), status="declared")
    membership = user.memberships.get(hromada=hromada_a)
    facts = membership.facts
    assert facts.age == age_on(date(2000, 12, 5), timezone.localdate())
    assert facts.status == "declared"
    assert facts.settlement.name == "Бродове"
    assert facts.starosta_district == district
    assert facts.resident == membership.resident
    assert eligibility.resident_facts(membership, today=TODAY).age == 25


def test_facts_of_an_unverified_membership_are_none(hromada_a):
    membership = services.join_hromada(UserFactory(), hromada_a, consent_version=None)
    assert membership.facts is None


def test_facts_without_a_building(hromada_a, keeper):
    user = UserFactory()
    membership = services.join_hromada(user, hromada_a, consent_version=None)
    verification.link(membership, make_resident(hromada_a, keeper, None), method="assisted")
    facts = membership.facts
    assert facts.settlement is None and facts.starosta_district is None


def identity_checked_outsider(hromada):
    """Signed in through ID.gov.ua, but not in the register."""
    user = UserFactory()
    membership = services.join_hromada(user, hromada, consent_version=services.CONSENT_VERSION)
    outcome = verification.verify_by_identity(membership, rnokpp="1234567890", method="idgovua")
    assert not outcome.verified
    membership.refresh_from_db()
    assert membership.verified_at is not None and not membership.is_verified
    return user, membership


def test_declared_work_or_study_votes_only_where_allowed(hromada_a):
    user, membership = identity_checked_outsider(hromada_a)
    with pytest.raises(ValidationError) as refused:
        eligibility.declare_tie(membership, "work")
    assert refused.value.messages == ["Ця громада не приймає декларацій про роботу чи навчання."]
    membership.refresh_from_db()
    assert membership.declared_tie == ""

    set_settings(hromada_a, eligibility__vote__allow_declared_work_study=True)
    eligibility.declare_tie(membership, "study")
    assert check(user, hromada_a, "vote", today=TODAY) == Decision(True, "")
    for action in ("sign", "book", "apply"):
        assert check(user, hromada_a, action, today=TODAY) == Decision(
            False, "Ті, хто задекларував роботу чи навчання в громаді, можуть лише голосувати за проєкти "
                   "громадського бюджету.")

    set_settings(hromada_a, eligibility__vote__allow_declared_work_study=False)  # the Положення changed
    assert not check(user, hromada_a, "vote", today=TODAY).allowed


def test_declaration_needs_a_checked_identity_and_no_register_record(hromada_a, keeper, house):
    set_settings(hromada_a, eligibility__vote__allow_declared_work_study=True)
    membership = services.join_hromada(UserFactory(), hromada_a, consent_version=None)
    with pytest.raises(ValidationError) as refused:
        eligibility.declare_tie(membership, "work")
    assert refused.value.messages == ["Спершу підтвердьте свою особу через ID.gov.ua, BankID або Дію."]
    with pytest.raises(ValidationError) as refused:
        eligibility.declare_tie(membership, "sleep")
    assert refused.value.messages == ["Вкажіть, чи ви працюєте, чи навчаєтеся в громаді."]
    user = verified_person(hromada_a, keeper, house)
    with pytest.raises(ValidationError) as refused:
        eligibility.declare_tie(user.memberships.get(), "work")
    assert refused.value.messages == ["Ви є в реєстрі мешканців; декларація не потрібна."]
    membership.refresh_from_db()
    assert membership.declared_tie == "" and membership.declared_at is None


def test_undeclared_identity_checked_outsider_is_not_verified(hromada_a):
    set_settings(hromada_a, eligibility__vote__allow_declared_work_study=True)
    user, _membership = identity_checked_outsider(hromada_a)
    assert check(user, hromada_a, "vote", today=TODAY) == Decision(False, NOT_VERIFIED)


def test_declaration_page(client_a, hromada_a):
    user, membership = identity_checked_outsider(hromada_a)
    client_a.force_login(user)
    assert client_a.get("/cabinet/work-or-study/").status_code == 404  # the Положення does not allow it
    set_settings(hromada_a, eligibility__vote__allow_declared_work_study=True)
    page = client_a.get("/cabinet/work-or-study/").content.decode()
    assert "Я заявляю, що" in page
    response = client_a.post("/cabinet/work-or-study/", {"tie": "work"})
    assert response.status_code == 302 and response.url == "/cabinet/"
    membership.refresh_from_db()
    assert membership.declared_tie == "work"
    assert check(user, hromada_a, "vote").allowed


def test_declaration_page_refusals(client_a, hromada_a):
    set_settings(hromada_a, eligibility__vote__allow_declared_work_study=True)
    user = UserFactory()
    client_a.force_login(user)
    assert client_a.get("/cabinet/work-or-study/").status_code == 404  # no resident account here
    membership = services.join_hromada(user, hromada_a, consent_version=None)
    page = client_a.post("/cabinet/work-or-study/", {"tie": "work"}).content.decode()
    assert "Спершу підтвердьте свою особу через ID.gov.ua, BankID або Дію." in page
    membership.refresh_from_db()
    assert membership.declared_tie == ""
    client_a.logout()
    assert client_a.get("/cabinet/work-or-study/").status_code == 302


def test_a_mistyped_status_list_is_refused_naming_the_choices():
    from django.core.exceptions import ValidationError

    from hromada.core.hromada_settings import validate_overrides

    assert validate_overrides({"eligibility.vote.statuses": " IDP, registered ,idp"}) == {
        "eligibility.vote.statuses": "idp,registered"}
    for wrong in ("registred,declared", "", " , "):
        with pytest.raises(ValidationError) as exc:
            validate_overrides({"eligibility.sign.statuses": wrong})
        assert "registered, declared, idp" in exc.value.messages[0]
