"""Inter-agency access: a partner institution reads only granted registers and fields, in the period, logged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hromada.core.models import AuditEntry, RoleAssignment
from hromada.registers import access, services
from hromada.registers.models import AccessLog, Building, Resident, Street
from tests.factories import InstitutionFactory, SettlementFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(hromada_a):
    admin = member(hromada_a, "hromada_admin")
    street = services.save_street(Street(settlement=SettlementFactory(hromada=hromada_a), name="Шевченка"),
                                  actor=admin, hromada=hromada_a)
    house = services.save_building(Building(street=street, number="1"), actor=admin, hromada=hromada_a)
    person = services.save_resident(Resident(last_name="Шевченко", first_name="Тарас", birth_date=date(1990, 3, 9),
                                             sex="m", building=house, phone="+380501234567"),
                                    actor=admin, hromada=hromada_a)
    clinic = InstitutionFactory(hromada=hromada_a, name="Амбулаторія")
    reader = UserFactory()
    RoleAssignment.objects.create(user=reader, hromada=hromada_a, role="agency", institution=clinic)
    return {"admin": admin, "person": person, "clinic": clinic, "reader": reader}


def grant(world, hromada, **overrides):
    today = timezone.localdate()
    values = {"institution": world["clinic"], "fields": {"residents": ["last_name", "first_name", "birth_date"]},
              "starts_on": today - timedelta(days=1), "ends_on": today + timedelta(days=30),
              "legal_basis": "Договір про інформаційну взаємодію № 5 від 01.09.2026"} | overrides
    return access.grant_access(actor=world["admin"], hromada=hromada, **values)


def test_the_reader_sees_only_granted_fields_and_every_read_is_logged(client_a, hromada_a, world):
    given = grant(world, hromada_a)
    client_a.force_login(world["reader"])
    listing = client_a.get(reverse("registers:shared-list", args=[given.pk, "residents"]), {"q": "тарас"})
    assert listing.status_code == 200 and "Шевченко" in listing.content.decode()
    card = client_a.get(reverse("registers:shared-detail", args=[given.pk, "residents", world["person"].pk]))
    page = card.content.decode()
    assert "1990" in page and "+380501234567" not in page
    assert AccessLog.objects.filter(grant=given, user=world["reader"]).count() == 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, actor=world["reader"]).count() == 2
    # The regular register pages stay closed to the partner institution.
    assert client_a.get(reverse("registers:residents-list")).status_code == 403
    assert client_a.get(reverse("registers:shared-list", args=[given.pk, "land"])).status_code == 404


def test_outside_the_period_or_after_revocation_there_is_nothing(client_a, hromada_a, world):
    today = timezone.localdate()
    expired = grant(world, hromada_a, starts_on=today - timedelta(days=60), ends_on=today - timedelta(days=1))
    client_a.force_login(world["reader"])
    assert client_a.get(reverse("registers:shared-list", args=[expired.pk, "residents"])).status_code == 404
    current = grant(world, hromada_a)
    access.revoke_access(current, actor=world["admin"], hromada=hromada_a)
    assert client_a.get(reverse("registers:shared-list", args=[current.pk, "residents"])).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_grant_needs_a_legal_basis_and_shareable_fields(hromada_a, world):
    with pytest.raises(ValidationError) as error:
        grant(world, hromada_a, legal_basis=" ")
    assert "legal_basis" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        grant(world, hromada_a, fields={"residents": ["phone"]})
    assert "fields" in error.value.message_dict
    with pytest.raises(ValidationError):
        grant(world, hromada_a, fields={"passwords": ["all"]})
    assert not world["clinic"].register_grants.exists()


def test_the_administrator_grants_sees_who_read_what_and_revokes(client_a, hromada_a, world):
    client_a.force_login(world["admin"])
    today = timezone.localdate()
    response = client_a.post(reverse("registers:grants"), {
        "institution": world["clinic"].pk, "fields": ["residents:last_name", "residents:status"],
        "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=10)).isoformat(),
        "legal_basis": "Рішення виконкому № 12"})
    assert response.status_code == 302
    given = world["clinic"].register_grants.get()
    assert given.fields == {"residents": ["last_name", "status"]}
    client_a.force_login(world["reader"])
    client_a.get(reverse("registers:shared-detail", args=[given.pk, "residents", world["person"].pk]))
    client_a.force_login(world["admin"])
    page = client_a.get(reverse("registers:grant-detail", args=[given.pk])).content.decode()
    assert str(world["reader"]) in page
    assert client_a.post(reverse("registers:grant-revoke", args=[given.pk])).status_code == 302
    given.refresh_from_db()
    assert given.revoked_at is not None


@pytest.mark.parametrize("role", ["clerk", "cnap_admin", "programme_manager"])
def test_only_the_hromada_administrator_grants_access(client_a, hromada_a, role):
    client_a.force_login(member(hromada_a, role))
    assert client_a.get(reverse("registers:grants")).status_code == 403


def test_another_hromadas_grant_is_not_found(client_a, hromada_a, hromada_b):
    other_admin = member(hromada_b, "hromada_admin")
    other = access.grant_access(actor=other_admin, hromada=hromada_b, institution=InstitutionFactory(hromada=hromada_b),
                                fields={"streets": ["name"]}, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
                                legal_basis="Договір")
    client_a.force_login(member(hromada_a, "hromada_admin"))
    assert client_a.get(reverse("registers:grant-detail", args=[other.pk])).status_code == 404
    assert client_a.post(reverse("registers:grant-revoke", args=[other.pk])).status_code == 404
