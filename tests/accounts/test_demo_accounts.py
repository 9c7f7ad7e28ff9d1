"""Demo resident accounts of Mohyliv: 300 verified residents, unverified newcomers, the phone account."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress

from hromada.accounts import demo, eligibility
from hromada.accounts.models import AssistedAct, Consent, Membership
from hromada.core.demo.seed import seed_demo
from hromada.core.models import Hromada, RoleAssignment, User
from hromada.core.roles import can

pytestmark = pytest.mark.django_db

SKIP = frozenset({"acts", "programmes", "portal", "participation", "cnap", "opendata", "itassets"})


def _state():
    return (list(Membership.objects.order_by("pk").values_list("user_id", "resident_id", "verified_at")),
            Consent.objects.count(), RoleAssignment.objects.count(), User.objects.count(),
            EmailAddress.objects.count(), AssistedAct.objects.count(),
            list(User.objects.order_by("pk").values_list("email", "password")))


def test_demo_resident_accounts(settings):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    seed_demo(skip_apps=SKIP)
    mohyliv = Hromada.objects.get(katottg=demo.MOHYLIV)
    residents = Membership.objects.filter(hromada=mohyliv, user__email__startswith="resident",
                                          user__email__endswith="@mohyliv.example")
    assert residents.count() == 300
    assert residents.filter(verified_at__isnull=False, verification_method="idgovua").count() == 300
    assert len(set(residents.values_list("resident_id", flat=True))) == 300
    assert residents.filter(resident__hromada=mohyliv,
                            resident__status__in=["registered", "declared", "idp"]).count() == 300
    assert min(m.facts.age for m in residents.select_related("resident")) >= 18
    first = User.objects.get(email="resident001@mohyliv.example")
    assert first.check_password("demo-pass-2026")
    assert first.full_name == str(first.memberships.get().resident)
    assert EmailAddress.objects.get(user=first).verified
    assert eligibility.check(first, mohyliv, "sign").allowed

    newcomers = Membership.objects.filter(hromada=mohyliv, user__email__startswith="newcomer")
    assert newcomers.count() == 5
    assert not newcomers.filter(resident__isnull=False).exists()
    assert not eligibility.check(newcomers.first().user, mohyliv, "sign").allowed

    phone = User.objects.get(phone=demo.PHONE_ACCOUNT)
    membership = phone.memberships.get(hromada=mohyliv)
    assert membership.is_verified and membership.verification_method == "assisted"
    assert membership.verified_by.email == demo.CNAP_ADMIN
    assert AssistedAct.objects.get(person=phone).consent.purpose == "assisted"

    people = User.objects.filter(memberships__hromada=mohyliv)
    assert people.count() == 306
    assert RoleAssignment.objects.filter(hromada=mohyliv, role="resident", user__in=people).count() == 306
    assert Consent.objects.filter(hromada=mohyliv, purpose="account", user__in=people).values(
        "user").distinct().count() == 306
    assert can(User.objects.get(email=demo.CNAP_ADMIN), mohyliv, "residents.verify_assisted")


def test_demo_resident_accounts_twice_duplicate_nothing(settings):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    seed_demo(skip_apps=SKIP)
    first = _state()
    report = seed_demo(skip_apps=SKIP)
    assert _state() == first
    assert "resident accounts" not in report.created


def test_a_new_demo_password_is_set_on_all_demo_residents(settings):
    settings.DEMO_PASSWORD = "demo-pass-2026"
    seed_demo(skip_apps=SKIP)
    settings.DEMO_PASSWORD = "another-pass-2027"
    seed_demo(skip_apps=SKIP)
    assert User.objects.get(email="resident300@mohyliv.example").check_password("another-pass-2027")
    assert User.objects.get(email="newcomer5@mohyliv.example").check_password("another-pass-2027")

