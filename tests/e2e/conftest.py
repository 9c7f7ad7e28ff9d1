"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser for all the browser tests (package scope, see `browser`); each test gets a fresh browser
context (no shared cookies) and a freshly seeded demo database (the live server needs the transactional
database, which is flushed after every test; the root conftest purges the append-only audit table first) —
except the tests that only read the demo, which share one per module (`shared_demo`).

Under CI (CI=true) the browser tests are mandatory: if Playwright or Chromium is missing or cannot start,
every browser test fails with the reason. Outside CI they are skipped with the reason.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from tests.dbtools import KEPT_BY_FLUSH

CHROMIUM = os.environ.get("HROMADA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "e2e-demo-Password-7391"
ADMIN_LOGIN = "admin@mohyliv.example"
SLOBOZHANSKA_HOST = "slobozhanska.localhost"
DESKTOP = {"width": 1280, "height": 900}


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _unavailable(reason: str):
    if _ci():
        pytest.fail(f"Browser tests are mandatory under CI=true, but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason} (with CI=true this is a failure)")


def _launch_failure(error: Exception) -> str:
    """Playwright's first line plus the browser's own stderr and exit status, without the long call log."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    details = [line.strip(" -") for line in lines[1:] if "[err]" in line or "process did exit" in line]
    return " | ".join([lines[0], *dict.fromkeys(details)][:8])


@pytest.fixture(scope="package", autouse=True)
def _django_orm_beside_playwright():
    """Playwright's sync API keeps an asyncio event loop running in this thread; without this Django refuses
    the ORM calls of the test bodies and fixtures (seeding, lookups, the flush) as unsafe in async context.

    Set only while the browser tests run (not at import): a session-wide value would leak into the other
    tests, e.g. into the `check --deploy` subprocess that must see no warnings.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_django_orm_beside_playwright):
    """One headless Chromium shared by all browser tests (both modules of this package).

    Package scope rather than session scope: Playwright's event loop stops with it once the browser tests are
    done, so tests collected after tests/e2e run without a loop (and without DJANGO_ALLOW_ASYNC_UNSAFE).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"Playwright is not installed ({error}); install the project's [test] extra")
    if not os.path.exists(CHROMIUM):
        _unavailable(f"Chromium was not found at {CHROMIUM} (apt-get install chromium, or set HROMADA_CHROMIUM)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        _unavailable(f"Chromium at {CHROMIUM} could not be launched: {_launch_failure(error)}")
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport=DESKTOP, locale="uk-UA")
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()


@dataclass
class Demo:
    """The seeded demo installation behind the live server."""

    url: str  # Mohyliv, the default hromada (served for unknown hosts such as localhost)
    slobozhanska_url: str
    password: str
    admin_login: str = ADMIN_LOGIN


@pytest.fixture
def demo(live_server, settings) -> Demo:
    """The demo data (two hromadas, their staff accounts) loaded into the live server's database."""
    # The appeals demo (a year of cases, ~1.5 s) only where the cases' pages are tested: the `cases_demo` fixture;
    # the participation demo (~10 s) only where its pages are (tests/e2e/test_participation_pages.py), the ЦНАП
    # demo only in tests/e2e/test_cnap_pages.py.
    return _seed(live_server, settings, PLAIN_DEMO)


PLAIN_DEMO = frozenset({"acts", "appeals", "participation", "cnap", "opendata", "itassets"})  # the apps left out


@pytest.fixture
def cases_demo(live_server, settings) -> Demo:
    """The demo with its year of appeals, hotline calls and information requests."""
    return _seed(live_server, settings, frozenset({"acts", "participation", "cnap", "opendata", "itassets"}))


def _seed(live_server, settings, skip_apps: frozenset[str]) -> Demo:
    _release_shared_demo()  # a test of its own starts from the flushed tables, never from a module's demo
    _demo_settings(settings)
    _load_demo(skip_apps)
    return _demo_for(live_server)


def _demo_settings(settings) -> None:
    settings.DEMO_PASSWORD = DEMO_PASSWORD
    # Seeding sets ten passwords; Argon2 would spend ~2 s per test on it and adds nothing to these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, SLOBOZHANSKA_HOST]


def _load_demo(skip_apps: frozenset[str]) -> None:
    from hromada.core.demo.seed import seed_demo

    # The registry of acts' browser tests build their own acts; its demo (hundreds of acts, sessions and
    # votes, several seconds per test) is tested in tests/acts/test_demo.py.
    if not _restore_snapshot(skip_apps):
        report = seed_demo(skip_apps=skip_apps)
        assert report.password == DEMO_PASSWORD
        _take_snapshot(skip_apps)


def _demo_for(live_server) -> Demo:
    port = urlsplit(live_server.url).port
    return Demo(url=live_server.url, slobozhanska_url=f"http://{SLOBOZHANSKA_HOST}:{port}", password=DEMO_PASSWORD)


# --- one demo for the read-only tests of a module ----------------------------------------------------------
#
# Restoring the demo costs ~1.5 s a test on PostgreSQL (seeding it, on SQLite, much more), and a test that
# only looks at pages (GET, axe, structure) leaves it as it found it. Such tests take `shared_demo` instead of
# `demo`: the demo is loaded for the first of them in a module and flushed after the module's last test, with
# no flush in between (they run without pytest-django's per-test transactional database: see the two autouse
# fixtures below). A test that changes data keeps `demo` (or a module's own `_seed`): loading it flushes a
# shared demo first, and the next shared test loads a fresh one, so the order of the tests does not matter.


@dataclass
class _SharedState:
    skip_apps: frozenset[str] | None = None  # the demo loaded for sharing, None when the tables are flushed
    extras: dict = field(default_factory=dict)  # what a module derived from that demo (`shared_extra`)


_SHARED = _SharedState()
SHARED_FIXTURE = "_shared_demo_module"


def _release_shared_demo() -> None:
    """Flush a shared demo's rows (the append-only tables purged first), as a transactional test's end would."""
    if _SHARED.skip_apps is None:
        return
    from django.core.management import call_command

    from tests.conftest import _purge_audit_log

    _SHARED.skip_apps, _SHARED.extras = None, {}
    _purge_audit_log()
    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, allow_cascade=False,
                 inhibit_post_migrate=False)


@pytest.fixture(scope="module")
def _shared_demo_module(django_db_setup, django_db_blocker, live_server):
    """Database access for the module's shared-demo tests (no per-test transaction), the demo flushed after."""
    from django.db import connections

    with django_db_blocker.unblock():
        yield
        _release_shared_demo()
        # As after a transactional test: the connection used here (Playwright's loop gives this teardown a context
        # of its own) would otherwise stay open and keep the test database from being dropped at the end.
        for conn in connections.all(initialized_only=True):
            if conn.vendor != "sqlite" or not conn.is_in_memory_db():
                conn.close()


def _shared_seed(live_server, settings, skip_apps: frozenset[str]) -> Demo:
    from hromada.core.models import Hromada

    _demo_settings(settings)
    if _SHARED.skip_apps != skip_apps or not Hromada.objects.exists():
        _release_shared_demo()
        _load_demo(skip_apps)
        _SHARED.skip_apps = skip_apps
    return _demo_for(live_server)


def shared_extra(key: str, build):
    """`build()` once per loaded shared demo: objects a module adds to it for its read-only tests."""
    if key not in _SHARED.extras:
        _SHARED.extras[key] = build()
    return _SHARED.extras[key]


@pytest.fixture
def shared_demo(_shared_demo_module, live_server, settings) -> Demo:
    """The demo of `demo`, shared by the tests of a module that do not change it (see above)."""
    return _shared_seed(live_server, settings, PLAIN_DEMO)


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper (the live server's settings for the test; its transactional database), except that
    tests on a shared demo get no transactional database: its flush would remove the demo after each of them."""
    if "live_server" not in request.fixturenames:
        yield
        return
    if SHARED_FIXTURE not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(autouse=True)
def _audit_purge_for_transactional_tests(request):
    """The root conftest's purge before a transactional test's flush; not for tests on a shared demo (which
    have no flush of their own). After any other transactional test the tables are flushed: a shared demo, if
    one was loaded, is gone."""
    from tests.conftest import _purge_audit_log, uses_transactions

    if SHARED_FIXTURE in request.fixturenames:
        yield
        return
    transactional = uses_transactions(request)
    if transactional:
        request.getfixturevalue("transactional_db")
    yield
    if transactional:
        _SHARED.skip_apps, _SHARED.extras = None, {}
        _purge_audit_log()


def sign_in(context, base_url: str, login: str = ADMIN_LOGIN) -> None:
    """Give the browser context a signed-in session (what the sign-in form would do, without the form)."""
    from django.conf import settings
    from django.test import Client

    from hromada.core.models import User

    client = Client()
    client.force_login(User.objects.get(email=login))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


@pytest.fixture
def staff_page(demo, context, page):
    """A page whose context is signed in as the demo hromada administrator of Mohyliv."""
    sign_in(context, demo.url)
    return page


# --- helpers shared by the browser tests --------------------------------------------------------------

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


REFLOW_WIDTH = 320  # CSS pixels: WCAG 2.1 SC 1.4.10 (1280 px at 400 % zoom)
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    // Inside boxes that scroll on their own (and show it) width is fine; the boxes themselves must fit.
    if (el.parentElement && el.parentElement.closest('.table-wrap, [data-scrolls]')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const name = typeof el.className === 'string' ? el.className.trim().split(' ').join('.') : '';
      const id = el.id ? '#' + el.id : '';
      wide.push(`${el.tagName.toLowerCase()}${id}${name ? '.' + name : ''} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


def assert_reflows(page, label: str = "") -> None:
    """At 320 CSS pixels wide the page does not scroll sideways (WCAG 1.4.10); wide tables scroll in their box."""
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
    try:
        facts = page.evaluate(OVERFLOW_JS)
    finally:
        if size:
            page.set_viewport_size(size)
    if facts["scrollWidth"] > facts["width"] + 1:
        pytest.fail(f"{label or page.url} scrolls sideways at {REFLOW_WIDTH} px (page {facts['scrollWidth']} px "
                    f"wide); too wide: {'; '.join(facts['wide']) or 'unknown'}", pytrace=False)


def assert_no_axe_violations(page, label: str = "") -> None:
    """axe-core with the WCAG 2.1 A/AA rules only, every violation listed with its nodes; then the reflow check."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        lines = [f"{len(violations)} WCAG 2.1 A/AA violation(s) on {label or page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}  "
                         f"[{violation.get('helpUrl', '')}]")
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                lines.append(f"    at {target}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
        pytest.fail("\n".join(lines), pytrace=False)
    assert_reflows(page, label)


def focused(page) -> dict:
    """A short description of the element that has keyboard focus."""
    return page.evaluate(
        """() => { const el = document.activeElement;
        if (!el) return {tag: null};
        return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, href: el.getAttribute('href'),
                type: el.getAttribute('type'), text: (el.innerText || el.value || '').trim().slice(0, 60),
                form_action: el.form ? el.form.getAttribute('action') : null}; }"""
    )


def tab_to(page, selector: str, limit: int = 30) -> list[dict]:
    """Press Tab until the focused element matches `selector`; returns the focus path for messages."""
    path = []
    for _ in range(limit + 1):
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return path
        page.keyboard.press("Tab")
        path.append(focused(page))
    pytest.fail(f"Tab never reached {selector!r} in {limit} presses; focus went through: {path}", pytrace=False)


# Seeded demos kept beside the tables, per worker process: (schema, tables) by the apps left out.
_SNAPSHOTS: dict[frozenset[str], tuple[str, list[tuple[str, str]]]] = {}


def _snapshot_schema(skip_apps: frozenset[str]) -> str:
    return "e2e_demo_" + hashlib.sha256(",".join(sorted(skip_apps)).encode()).hexdigest()[:12]


def _take_snapshot(skip_apps: frozenset[str]) -> None:
    """On PostgreSQL, copy the freshly seeded tables into a schema of their own, so that the next test needing
    the same demo gets it back by a few INSERTs instead of seeding again (seconds a test, ~150 browser tests).

    The copy is of the seed's rows only (each test still starts from exactly the seeded demo: the flush after
    a test removes what it did); sequences are not rewound, so rows a test adds never collide with them.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    schema = _snapshot_schema(skip_apps)
    tables = []
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{schema}"')
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            if table in KEPT_BY_FLUSH:
                continue
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608 (Django's table names)
            if cursor.fetchone()[0]:
                # Generated columns (the acts' tsvector) are computed again on INSERT, never copied.
                cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                               "current_schema() AND table_name = %s AND is_generated = 'NEVER' "
                               "ORDER BY ordinal_position", [table])
                columns = ", ".join(f'"{name}"' for (name,) in cursor.fetchall())
                cursor.execute(f'CREATE TABLE "{schema}"."{table}" AS SELECT {columns} FROM "{table}"')  # noqa: S608
                tables.append((table, columns))
    _SNAPSHOTS[skip_apps] = (schema, tables)


def _restore_snapshot(skip_apps: frozenset[str]) -> bool:
    """Put the snapshot's rows back into the (flushed) tables; False when there is none to restore."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql" or skip_apps not in _SNAPSHOTS:
        return False
    schema, tables = _SNAPSHOTS[skip_apps]
    with transaction.atomic(), connection.cursor() as cursor:
        counts = " + ".join(f'(SELECT count(*) FROM "{t}")' for t, _ in tables)  # noqa: S608 (Django's tables)
        cursor.execute(f"SELECT {counts}")
        if cursor.fetchone()[0]:  # not flushed: something is off, seed from scratch instead
            return False
        for table, columns in tables:  # foreign keys are deferred to the commit, so the order does not matter
            cursor.execute(f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "{schema}"."{table}"')  # noqa: S608
    return True
