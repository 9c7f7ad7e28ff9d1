from __future__ import annotations

import pytest

from tests.dbtools import audit_triggers_lifted
from tests.factories import HromadaFactory, member


def _purge_audit_log() -> None:
    """Empty the append-only tables so a transactional test's flush can proceed."""
    with audit_triggers_lifted() as cursor:
        cursor.execute("DELETE FROM core_auditentry")
    with audit_triggers_lifted("acts_actversion") as cursor:
        cursor.execute("DELETE FROM acts_actversion")


@pytest.fixture(autouse=True)
def _audit_purge_for_transactional_tests(request):
    """Transactional tests end with a flush that the audit triggers would refuse; purge first."""
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    uses_transactions = bool(marked or {"transactional_db", "live_server"} & set(request.fixturenames))
    if uses_transactions:
        request.getfixturevalue("transactional_db")
    yield
    if uses_transactions:
        _purge_audit_log()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 is deliberately slow; tests use a fast hasher except those marked `argon2`."""
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def hromada_a(db):
    return HromadaFactory(name="Громада А", short_name="Громада А", host="a.localhost", is_default=True)


@pytest.fixture
def hromada_b(db):
    return HromadaFactory(name="Громада Б", short_name="Громада Б", host="b.localhost")


@pytest.fixture
def admin_a(hromada_a):
    return member(hromada_a, "hromada_admin", email="admin-a@example.org")


@pytest.fixture
def client_a(client, hromada_a):
    """A test client that talks to hromada A's host."""
    client.defaults["HTTP_HOST"] = "a.localhost"
    return client


@pytest.fixture
def admin_client_a(client_a, admin_a):
    client_a.force_login(admin_a)
    return client_a
