"""`hromada serve`: granian's worker processes, one per core by default on POSIX (--workers/--processes N), one
waitress process with --workers 1 or on Windows; `hromada demo` stays one process."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from hromada.core.management.commands import demo, serve


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(*args: str) -> subprocess.Popen:
    env = os.environ | {"HROMADA_DATA_DIR": str(settings.DATA_DIR)}
    return subprocess.Popen([sys.executable, "-m", "hromada", "serve", "--no-worker", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_healthy(port: int, process: subprocess.Popen) -> int:
    deadline = time.monotonic() + 90  # a busy CI machine starts Django slowly
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(process.stdout.read())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:  # an answer all the same (503: this data dir has no database)
            return error.code
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not answer")


@pytest.mark.parametrize("processes", ["1", "2"])
def test_serves_health_from_one_or_several_processes(processes):
    port = _free_port()
    process = _serve("--port", str(port), "--processes", processes)
    try:
        assert _wait_healthy(port, process) in (200, 503)  # 503: the database of this data dir is not migrated
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize(("args", "message"), [
    (["--processes", "0"], "The number of processes must be between 1 and 64."),
    (["--workers", "65"], "The number of processes must be between 1 and 64."),
    (["--threads", "0"], "The number of threads must be between 1 and 256."),
    (["--port", "70000"], "The port must be between 1 and 65535."),
])
def test_refuses_impossible_settings_with_a_message(args, message):
    process = _serve(*args)
    out, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert message in out


def test_workers_is_another_name_for_processes():
    parser = serve.Command().create_parser("hromada", "serve")
    assert parser.parse_args(["--workers", "3"]).processes == 3
    assert parser.parse_args(["--processes", "2"]).processes == 2
    assert parser.parse_args([]).processes is None


def test_default_is_one_process_per_core_on_posix_and_one_on_windows(monkeypatch):
    monkeypatch.delenv("HROMADA_PROCESSES", raising=False)
    monkeypatch.setattr(serve.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert serve.resolve_processes(None, platform="linux") == 3
    assert serve.resolve_processes(None, platform="win32") == 1
    monkeypatch.setattr(serve.os, "sched_getaffinity", lambda pid: set(range(200)), raising=False)
    assert serve.resolve_processes(None, platform="linux") == 64  # never above what the option accepts


def test_option_then_environment_then_cores(monkeypatch):
    monkeypatch.setenv("HROMADA_PROCESSES", "2")
    assert serve.resolve_processes(None, platform="linux") == 2
    assert serve.resolve_processes(5, platform="linux") == 5
    with pytest.raises(CommandError, match="on Windows run one process"):
        serve.resolve_processes(None, platform="win32")
    assert serve.resolve_processes(1, platform="win32") == 1


def test_demo_keeps_serving_from_one_process(monkeypatch):
    calls = []
    monkeypatch.setattr(demo, "call_command", lambda name, *args, **kwargs: calls.append((name, kwargs)))
    monkeypatch.delenv("HROMADA_PROCESSES", raising=False)
    demo.Command().handle(port=8123, no_serve=False, no_worker=True)
    assert calls[-1] == ("serve", {"port": 8123, "no_worker": True, "processes": 1})
    monkeypatch.setenv("HROMADA_PROCESSES", "2")  # the operator's explicit choice still counts
    demo.Command().handle(port=8123, no_serve=False, no_worker=True)
    assert calls[-1][1]["processes"] is None
