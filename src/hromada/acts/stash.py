"""A file chosen on the act form, kept across a validation error so it need not be chosen again.

The browser cannot re-fill a file input, so the upload is stored server-side under a random token; the form
carries the token in a hidden field and the next submit re-uses the file. A token is honoured only in the
session (and hromada) that stored it; the file is removed once the act is saved, and any kept file older
than `MAX_AGE` is removed whenever another one is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

ROOT = "acts/stash"
SESSION_KEY = "acts_upload_stash"
MAX_AGE = dt.timedelta(hours=24)
MAX_KEPT = 5  # per session: a form kept open in several tabs, not a store


@dataclass(frozen=True)
class Kept:
    token: str
    name: str  # the file's name as the user chose it
    path: str  # in default_storage

    def open(self) -> File:
        return File(default_storage.open(self.path, "rb"), name=self.name)


def _entries(request) -> dict:
    return request.session.get(SESSION_KEY, {})


def get(request, token: str | None) -> Kept | None:
    """The file kept under `token` for this session and hromada; None for anything else."""
    entry = _entries(request).get(token or "")
    if not entry or entry.get("hromada") != request.hromada.pk or not default_storage.exists(entry["path"]):
        return None
    return Kept(token, entry["name"], entry["path"])


def keep(request, uploaded) -> Kept:
    """Store an upload for the next submit of the form."""
    _purge_stale()
    token = secrets.token_urlsafe(24)
    name = (getattr(uploaded, "name", "") or "file").rsplit("/", 1)[-1][-200:]
    uploaded.seek(0)
    path = default_storage.save(f"{ROOT}/{token}/file", uploaded)
    entries = dict(_entries(request))
    while len(entries) >= MAX_KEPT:
        oldest = min(entries, key=lambda key: entries[key]["at"])
        _delete(entries.pop(oldest)["path"])
    entries[token] = {"name": name, "path": path, "hromada": request.hromada.pk,
                      "at": timezone.now().isoformat()}
    request.session[SESSION_KEY] = entries
    return Kept(token, name, path)


def discard(request, kept: Kept | None) -> None:
    if kept is None:
        return
    entries = dict(_entries(request))
    entries.pop(kept.token, None)
    request.session[SESSION_KEY] = entries
    _delete(kept.path)


def _delete(path: str) -> None:
    with contextlib.suppress(OSError):
        default_storage.delete(path)


def _purge_stale(now: dt.datetime | None = None) -> int:
    """Remove kept files older than MAX_AGE (of any session: sessions end without telling). Returns how many."""
    now = now or timezone.now()
    try:
        tokens, _files = default_storage.listdir(ROOT)
    except (FileNotFoundError, OSError):
        return 0
    removed = 0
    for token in tokens:
        path = f"{ROOT}/{token}/file"
        try:
            if now - default_storage.get_modified_time(path) <= MAX_AGE:
                continue
        except (FileNotFoundError, OSError):
            pass
        _delete(path)
        removed += 1
    return removed
