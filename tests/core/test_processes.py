"""core/processes.py: a process that has exited but is not reaped yet (a zombie) is not running."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from hromada.core.processes import process_alive


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="zombies are read from /proc")
def test_a_running_process_is_alive_and_an_unreaped_exited_one_is_not():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert process_alive(child.pid) and process_alive(os.getpid())
        child.stdin.close()  # it exits; until wait() reaps it, it is a zombie that still answers signal 0
        deadline = time.monotonic() + 10
        while process_alive(child.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not process_alive(child.pid)
    finally:
        child.wait(timeout=10)
    assert not process_alive(child.pid) and not process_alive(0) and not process_alive(None)
