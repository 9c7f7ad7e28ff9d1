"""Whether a process of this machine is still running (no Django here: scripts/cluster.py uses it too)."""

from __future__ import annotations

import os
from pathlib import Path


def process_alive(pid: int | None) -> bool:
    """True while ``pid`` runs. A zombie — exited, not yet reaped (PID 1 of a container may never reap it) — does
    not; a process of another user does."""
    if not pid or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):  # no /proc (not Linux): the signal's answer stands
        return True
