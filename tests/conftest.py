from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.dbtools import audit_triggers_lifted, quick_flush
from tests.factories import HromadaFactory, member


def pytest_configure(config):
    """Under pytest-xdist, give every worker its own data dir: `<HROMADA_DATA_DIR>/xdist-gw0`, ….

    The imports folder, the demo password file and the media files live under DATA_DIR; workers sharing one
    would see each other's uploads and race on the files. pytest-django imports the settings before any
    conftest is loaded (its `pytest_load_initial_conftests` runs first), so the environment cannot be changed
    in time for that import; the settings derived from the data dir are repointed here instead, before any
    test runs, and HROMADA_DATA_DIR is set for the subprocesses the tests start. The secret key stays the
    shared one: the controller process created it before the workers started.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from django.conf import settings

    shared = Path(settings.DATA_DIR)
    own = shared / f"xdist-{worker}"
    own.mkdir(parents=True, exist_ok=True)
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        value = Path(getattr(settings, name))
        if value.parent == shared:  # the default under the data dir, not an explicit HROMADA_* path
            (own / value.name).mkdir(exist_ok=True)
            setattr(settings, name, own / value.name)
    settings.DATA_DIR = own
    os.environ["HROMADA_DATA_DIR"] = str(own)


def pytest_make_parametrize_id(config, val, argname):
    """Long byte strings get a short id that does not depend on their content.

    pytest-xdist requires every worker to collect the very same test ids, but a zip or gzip sample built at
    import carries the current time in its header, so its escaped bytes — the default id — differ between
    processes started a second apart. Parametrized values must be deterministic for the same reason.
    """
    if isinstance(val, bytes) and len(val) > 40:
        return f"{argname}-{len(val)}-bytes"
    return None


def _purge_audit_log() -> None:
    """Empty the append-only tables so a transactional test's flush can proceed."""
    with audit_triggers_lifted() as cursor:
        cursor.execute("DELETE FROM core_auditentry")
    with audit_triggers_lifted("acts_actversion") as cursor:
        cursor.execute("DELETE FROM acts_actversion")
    with audit_triggers_lifted("participation_signature") as cursor:
        cursor.execute("DELETE FROM participation_signature")
    with audit_triggers_lifted("participation_ballotlogentry") as cursor:
        cursor.execute("DELETE FROM participation_ballotlogentry")
    with audit_triggers_lifted("opendata_resourceversion") as cursor:
        cursor.execute("DELETE FROM opendata_datastorerow")
        cursor.execute("UPDATE opendata_resource SET current_id = NULL")
        cursor.execute("DELETE FROM opendata_resourceversion")


@pytest.fixture(scope="session", autouse=True)
def _quick_flush():
    """Transactional tests end with a flush; make it a matter of the rows they left (see dbtools.quick_flush)."""
    with quick_flush():
        yield


def uses_transactions(request) -> bool:
    """The test runs on the transactional database (marked so, or through a fixture that needs it)."""
    marker = request.node.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    return bool(marked or {"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _audit_purge_for_transactional_tests(request):
    """Transactional tests end with a flush that the audit triggers would refuse; purge first."""
    transactional = uses_transactions(request)
    if transactional:
        request.getfixturevalue("transactional_db")
    yield
    if transactional:
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


@pytest.fixture
def people(hromada_a):
    """The cast of the case tests (tests/core/case_builders.py)."""
    from tests.core.case_builders import cast

    return cast(hromada_a)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts codes and sign-ups in the cache; every test starts with no attempts counted — and with
    no page cached (SQLite gives the next test's rows the same ids, so a page kept from the last test would
    carry keys the next one could hit)."""
    from django.core.cache import cache

    from hromada.core import pagecache, tenancy

    cache.clear()
    pagecache.clear()
    tenancy.forget_hosts()
    yield
