"""`hromada serve`: one waitress process by default, several granian worker processes with --processes."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings


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
    (["--threads", "0"], "The number of threads must be between 1 and 256."),
    (["--port", "70000"], "The port must be between 1 and 65535."),
])
def test_refuses_impossible_settings_with_a_message(args, message):
    process = _serve(*args)
    out, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert message in out
