"""`make test`: the whole suite on SQLite, then on PostgreSQL when one is reachable.

With CI=true the PostgreSQL run (and, in the suite, the browser tests) are mandatory: an unreachable
server fails the run instead of skipping it. Any pytest exit code other than 0 is a failure — including
5, "no tests collected".
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from urllib.parse import urlparse, urlunparse

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/hromada_test"


def ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest(label: str, env_overrides: dict[str, str], extra: list[str]) -> int:
    env = os.environ.copy()
    env.update(env_overrides)
    print(f"\n=== {label} ===", flush=True)
    code = subprocess.call([sys.executable, "-m", "pytest", *extra], env=env)  # noqa: S603 (our own interpreter)
    if code == 5:
        print(f"{label}: pytest collected no tests — treated as a failure.", flush=True)
    return code


def postgres_reachable(url: str) -> str | None:
    """None if we can connect to the server's maintenance database, else the reason."""
    import psycopg

    parsed = urlparse(url)
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except Exception as error:  # any failure means "not reachable"
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


def main() -> int:
    extra = sys.argv[1:]
    failures = []
    with tempfile.TemporaryDirectory(prefix="hromada-test-") as data_dir:
        base = {"HROMADA_DATA_DIR": data_dir, "HROMADA_ENV": "development"}
        sqlite_env = base | {"HROMADA_DATABASE_URL": f"sqlite:///{data_dir}/test.sqlite3"}
        if pytest("SQLite", sqlite_env, extra) != 0:
            failures.append("SQLite")

        pg_url = os.environ.get("HROMADA_TEST_DATABASE_URL", DEFAULT_PG)
        reason = postgres_reachable(pg_url)
        if reason is None:
            if pytest(f"PostgreSQL ({urlparse(pg_url).hostname})", base | {"HROMADA_DATABASE_URL": pg_url},
                      extra) != 0:
                failures.append("PostgreSQL")
        elif ci():
            print(f"\nPostgreSQL is required under CI but unreachable at {pg_url}: {reason}", flush=True)
            failures.append("PostgreSQL (unreachable)")
        else:
            print(f"\n!!! PostgreSQL run SKIPPED: {pg_url} unreachable ({reason}). "
                  "Set HROMADA_TEST_DATABASE_URL or start PostgreSQL; CI=true makes this an error.", flush=True)

    if failures:
        print(f"\nFAILED: {', '.join(failures)}", flush=True)
        return 1
    print("\nAll test runs passed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
