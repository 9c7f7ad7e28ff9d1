"""Each persona reaches exactly what its role allows (house rule 3)."""

from __future__ import annotations

import pytest

from hromada.core.roles import Role, can
from tests.factories import UserFactory, member

PAGES = {
    "/staff/": "staff_area.enter",
    "/staff/hromada/": "hromada.edit",
    "/staff/settlements/": "structure.view",
    "/staff/settlements/new/": "structure.manage",
    "/staff/institutions/": "structure.view",
    "/staff/members/": "members.view",
    "/staff/members/new/": "members.manage",
    "/staff/audit/": "audit.view",
    "/staff/calendar/": "calendar.view",
    "/staff/tokens/": "api_tokens.own",
}
STAFF_ONLY = {"staff_area.enter", "structure.view", "calendar.view", "api_tokens.own"}
ADMIN_ONLY = {"hromada.edit", "structure.manage", "members.view", "members.manage", "audit.view"}
PERSONAS = [r.value for r in Role] + ["operator", "anonymous", "other_hromada_admin"]


def _expected(persona: str, capability: str) -> bool:
    if persona in {"operator", "hromada_admin"}:
        return True
    if persona in {"anonymous", "resident", "other_hromada_admin"}:
        return False
    if persona == "agency":  # a partner institution's reader: the staff home and what grants open, nothing else
        return capability == "staff_area.enter"
    return capability in STAFF_ONLY


@pytest.fixture
def persona_client(client_a, hromada_a, hromada_b, request):
    persona = request.param
    if persona == "operator":
        client_a.force_login(UserFactory(is_operator=True))
    elif persona == "other_hromada_admin":
        client_a.force_login(member(hromada_b, "hromada_admin"))
    elif persona != "anonymous":
        client_a.force_login(member(hromada_a, persona))
    return persona, client_a


@pytest.mark.django_db
@pytest.mark.parametrize("persona_client", PERSONAS, indirect=True)
def test_persona_sees_exactly_its_pages(persona_client):
    persona, client = persona_client
    for url, capability in PAGES.items():
        status = client.get(url).status_code
        if _expected(persona, capability):
            assert status == 200, f"{persona} should open {url}"
        elif persona == "anonymous":
            assert status == 302, f"anonymous should be sent to sign in from {url}"
        else:
            assert status == 403, f"{persona} must not open {url} (got {status})"


@pytest.mark.django_db
def test_every_admin_capability_is_admin_only(hromada_a):
    clerk = member(hromada_a, Role.CLERK)
    admin = member(hromada_a, Role.HROMADA_ADMIN)
    for capability in ADMIN_ONLY:
        assert can(admin, hromada_a, capability)
        assert not can(clerk, hromada_a, capability)


@pytest.mark.django_db
def test_inactive_account_has_no_rights(hromada_a):
    admin = member(hromada_a, Role.HROMADA_ADMIN)
    admin.is_active = False
    admin.save()
    assert not can(admin, hromada_a, "audit.view")


@pytest.mark.django_db
def test_clerk_cannot_write_through_the_api(client_a, hromada_a):
    client_a.force_login(member(hromada_a, Role.CLERK))
    response = client_a.post("/api/v1/institutions", {"name": "X", "kind": "school", "edrpou": "14360570"},
                             content_type="application/json")
    assert response.status_code == 403


def test_unknown_capability_is_a_programming_error():
    with pytest.raises(KeyError):
        can(None, None, "no.such.capability")
