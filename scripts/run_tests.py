"""`make test`: the suite on SQLite and on PostgreSQL, the two passes side by side.

- The SQLite pass runs everything except the browser tests (tests/e2e); the PostgreSQL pass — the production
  database — runs everything, browser tests included. `--browser-on-sqlite` (or
  HROMADA_TEST_BROWSER_ON_SQLITE=1) puts the browser tests back into the SQLite pass.
- By default the two passes run concurrently, each in its own pytest process with its own data dir and its
  own temporary directory; the output of each is kept in a file and printed whole when the pass ends.
  `--serial` (HROMADA_TEST_PASSES=serial) runs them one after the other with live output instead.
- `--workers N` (HROMADA_TEST_WORKERS) spreads each pass over N pytest-xdist workers (0 or 1: no xdist).
  The default is one worker per CPU in each pass for the whole suite, no xdist when test paths are named.
  Every xdist worker gets its own data dir (see tests/conftest.py) and its own test database (pytest-django
  appends `_gw0`, `_gw1`, … to the name).
- Each pass prints its 15 slowest tests, its 25 slowest test modules (from a JUnit report in its temporary
  directory) and its wall time; the summary repeats the times and the total.

With CI=true the PostgreSQL pass (and, in the suite, the browser tests) are mandatory: an unreachable server
fails the run instead of skipping it. Any pytest exit code other than 0 is a failure — including 5, "no tests
collected". Every other argument is passed on to pytest, e.g. `scripts/run_tests.py tests/core -x`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/hromada_test"
REPO = Path(__file__).resolve().parent.parent
BROWSER_TESTS = "tests/e2e"
DURATIONS = "--durations=15"
SLOWEST_FILES = 25
HEARTBEAT_SECONDS = 300


def truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes"}


def ci() -> bool:
    return truthy(os.environ.get("CI"))


@dataclass
class Options:
    serial: bool
    workers: int | None  # None: see default_workers
    browser_on_sqlite: bool
    pytest_args: list[str] = field(default_factory=list)


def parse(argv: list[str]) -> Options:
    """Our own options (anywhere in argv); everything else goes to pytest unchanged."""
    serial = os.environ.get("HROMADA_TEST_PASSES", "parallel").strip().lower() == "serial"
    workers_env = os.environ.get("HROMADA_TEST_WORKERS", "").strip()
    workers = int(workers_env) if workers_env else None
    browser_on_sqlite = truthy(os.environ.get("HROMADA_TEST_BROWSER_ON_SQLITE"))
    rest: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--serial":
            serial = True
        elif arg == "--parallel":
            serial = False
        elif arg == "--browser-on-sqlite":
            browser_on_sqlite = True
        elif arg == "--workers":
            workers = int(next(args))
        elif arg.startswith("--workers="):
            workers = int(arg.split("=", 1)[1])
        else:
            rest.append(arg)
    if workers is not None and workers < 0:
        raise SystemExit("--workers must be 0 or more")
    return Options(serial=serial, workers=workers, browser_on_sqlite=browser_on_sqlite, pytest_args=rest)


def default_workers(pytest_args: list[str]) -> int:
    """As many xdist workers per pass as CPUs for the whole suite; none when the arguments name test paths.

    Two passes side by side with a worker per CPU each oversubscribe the CPUs, on purpose: the PostgreSQL pass
    (with the browser tests) lasts much longer than the SQLite one, and once SQLite is done its CPUs go to the
    PostgreSQL workers instead of idling. For a few named tests the workers' start-up (collection, one test
    database each) costs more than it saves.
    """
    if any(not arg.startswith("-") and (REPO / arg.split("::", 1)[0]).exists() for arg in pytest_args):
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def only_browser_paths(pytest_args: list[str]) -> bool:
    """True when the arguments name test paths and all of them are under tests/e2e."""
    paths = [Path(arg.split("::", 1)[0]) for arg in pytest_args if not arg.startswith("-")]
    paths = [path.resolve() for path in paths if (REPO / path).exists() or path.exists()]
    browser_dir = (REPO / BROWSER_TESTS).resolve()
    return bool(paths) and all(path == browser_dir or browser_dir in path.parents for path in paths)


@dataclass
class Pass:
    label: str
    env: dict[str, str]
    args: list[str]
    log: Path
    process: subprocess.Popen | None = None
    started: float = 0.0
    seconds: float = 0.0
    code: int | None = None
    junit: Path | None = None

    def start(self, capture: bool) -> None:
        env = os.environ.copy()
        env.update(self.env)
        command = [sys.executable, "-m", "pytest", *self.args]
        print(f"\n=== {self.label}: started — pytest {' '.join(self.args)}", flush=True)
        self.started = time.monotonic()
        if capture:
            with self.log.open("wb") as stream:
                self.process = subprocess.Popen(command, env=env, cwd=REPO, stdout=stream,  # noqa: S603
                                                stderr=subprocess.STDOUT)
        else:
            self.process = subprocess.Popen(command, env=env, cwd=REPO)  # noqa: S603 (our own interpreter)

    def finish(self, code: int, capture: bool) -> None:
        self.code = code
        self.seconds = time.monotonic() - self.started
        if capture:
            print(f"\n=== {self.label}: output ===", flush=True)
            sys.stdout.buffer.write(self.log.read_bytes())
            sys.stdout.flush()
        if code == 5:
            print(f"{self.label}: pytest collected no tests — treated as a failure.", flush=True)
        if self.junit is not None:
            print_slowest_files(self.label, self.junit)
        print(f"=== {self.label}: {'passed' if code == 0 else f'FAILED (pytest exit {code})'} "
              f"in {minutes(self.seconds)}", flush=True)


def slowest_files(junit: Path, count: int = SLOWEST_FILES) -> list[tuple[str, float, int]]:
    """(test module, seconds, tests) of the modules that took longest, from pytest's JUnit XML report."""
    import xml.etree.ElementTree as ET

    totals: dict[str, list[float]] = {}
    for case in ET.parse(junit).iter("testcase"):  # noqa: S314
        module = case.get("classname", "")
        # "tests.core.test_x.TestClass" → "tests/core/test_x.py"
        parts = module.split(".")
        while parts and not parts[-1].startswith("test"):
            parts.pop()
        name = "/".join(parts) + ".py" if parts else module
        entry = totals.setdefault(name, [0.0, 0])
        entry[0] += float(case.get("time") or 0)
        entry[1] += 1
    ranked = sorted(totals.items(), key=lambda item: item[1][0], reverse=True)[:count]
    return [(name, seconds, int(tests)) for name, (seconds, tests) in ranked]


def print_slowest_files(label: str, junit: Path) -> None:
    """Where a pass spends its time, by module: what to trim first when the suite grows past its budget."""
    if not junit.exists():
        return
    try:
        ranked = slowest_files(junit)
    except Exception as error:  # a broken report must not hide the pass's own result
        print(f"{label}: no per-module times ({error})", flush=True)
        return
    print(f"--- {label}: {len(ranked)} slowest test modules (seconds summed over their tests) ---", flush=True)
    for name, seconds, tests in ranked:
        print(f"{seconds:8.1f} s  {tests:5d} tests  {name}", flush=True)


def minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:04.1f} s"


def run(passes: list[Pass], serial: bool) -> None:
    capture = not serial and len(passes) > 1
    if not capture:
        for item in passes:
            item.start(capture=False)
            item.finish(item.process.wait(), capture=False)
        return
    for item in passes:
        item.start(capture=True)
    running = list(passes)
    last_note = time.monotonic()
    try:
        while running:
            for item in list(running):
                code = item.process.poll()
                if code is not None:
                    running.remove(item)
                    item.finish(code, capture=True)
            if running and time.monotonic() - last_note > HEARTBEAT_SECONDS:
                last_note = time.monotonic()
                print(f"... still running: {', '.join(item.label for item in running)}", flush=True)
            time.sleep(0.5)
    finally:
        for item in running:  # interrupted: leave no pytest behind
            item.process.terminate()
            item.process.wait()


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


def pass_args(options: Options, workers: int, root: Path, name: str, with_browser: bool) -> list[str]:
    args = [DURATIONS, f"--basetemp={root / name / 'pytest'}", f"--junitxml={root / name / 'junit.xml'}"]
    if not options.serial:
        args += ["-p", "no:cacheprovider"]  # two pytest processes would write the same .pytest_cache
    user_chose_workers = any(a in {"-n", "--numprocesses"} or a.startswith(("-n", "--numprocesses=", "--dist"))
                             for a in options.pytest_args)
    if workers > 1 and not user_chose_workers:
        args += ["-n", str(workers), "--dist", "loadfile"]  # a module stays on one worker, in its order
    if not with_browser:
        args.append(f"--ignore={BROWSER_TESTS}")
    return args + options.pytest_args


def main(argv: list[str]) -> int:
    options = parse(argv)
    workers = options.workers if options.workers is not None else default_workers(options.pytest_args)
    failures: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="hromada-test-") as tmp:
        root = Path(tmp)
        passes = []

        def env_for(name: str, database_url: str) -> dict[str, str]:
            data_dir = root / name / "data"
            data_dir.mkdir(parents=True)
            return {"HROMADA_DATA_DIR": str(data_dir), "HROMADA_ENV": "development",
                    "HROMADA_DATABASE_URL": database_url}

        if only_browser_paths(options.pytest_args) and not options.browser_on_sqlite:
            print("\nSQLite pass skipped: only browser tests were named, and they run on PostgreSQL "
                  "(add --browser-on-sqlite to run them on SQLite too).", flush=True)
        else:
            sqlite_env = env_for("sqlite", f"sqlite:///{root / 'sqlite' / 'data' / 'test.sqlite3'}")
            label = "SQLite" + (" (with browser tests)" if options.browser_on_sqlite else " (without browser tests)")
            passes.append(Pass(label, sqlite_env, pass_args(options, workers, root, "sqlite",
                                                            options.browser_on_sqlite), root / "sqlite.log",
                               junit=root / "sqlite" / "junit.xml"))

        pg_url = os.environ.get("HROMADA_TEST_DATABASE_URL", DEFAULT_PG)
        reason = postgres_reachable(pg_url)
        if reason is None:
            passes.append(Pass(f"PostgreSQL ({urlparse(pg_url).hostname}{urlparse(pg_url).path})",
                               env_for("postgresql", pg_url),
                               pass_args(options, workers, root, "postgresql", True), root / "postgresql.log",
                               junit=root / "postgresql" / "junit.xml"))
        elif ci():
            print(f"\nPostgreSQL is required under CI but unreachable at {pg_url}: {reason}", flush=True)
            failures.append("PostgreSQL (unreachable)")
        else:
            print(f"\n!!! PostgreSQL run SKIPPED: {pg_url} unreachable ({reason}). "
                  "Set HROMADA_TEST_DATABASE_URL or start PostgreSQL; CI=true makes this an error. "
                  "The browser tests run only in the PostgreSQL pass: add --browser-on-sqlite to run them "
                  "on SQLite.", flush=True)

        if passes:
            mode = "one after the other" if options.serial or len(passes) == 1 else "side by side"
            print(f"\n{len(passes)} pass(es), {mode}; "
                  f"{f'{workers} xdist workers' if workers > 1 else 'no xdist'} per pass.", flush=True)
            run(passes, options.serial)
        failures += [item.label for item in passes if item.code != 0]

    print("\n=== Summary ===", flush=True)
    for item in passes:
        status = "passed" if item.code == 0 else f"FAILED (pytest exit {item.code})"
        print(f"{item.label}: {status}, {minutes(item.seconds)}", flush=True)
    print(f"Total wall time: {minutes(time.monotonic() - started)}", flush=True)
    if failures:
        print(f"\nFAILED: {', '.join(failures)}", flush=True)
        return 1
    if not passes:
        print("\nNo test pass ran.", flush=True)
        return 1
    print("\nAll test runs passed.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
