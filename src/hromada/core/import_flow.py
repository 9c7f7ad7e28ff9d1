"""The machinery of the staff import pages: an import kept on disk, its state, its runs and its purge.

Every app with an import page (the registers, the acts) uses it; the pages themselves stay in the app, and
what they share on the web side is :mod:`hromada.core.import_pages`.

Everything about one import lives on disk, not in the database (no migrations): the uploaded file as
``DATA_DIR/imports/<hromada id>/<folder>/<uuid>`` and a small JSON state file beside it, ``<uuid>.json``
(status, kind, who and when, the format found, the validation report, progress, the final report). Each app
keeps its imports in its own folder (:class:`Upload`), so one app's pages neither list nor open another's.
The paths are derived from the hromada of the request, the app's folder and a server-generated UUID only,
never from user input, so an id of another hromada simply is not found (404). Writes of a state file happen
under a per-hromada file lock and replace the file atomically; the uploaded file is deleted once the import
is done, failed or cancelled (it holds personal data), the state file stays as the history of the hromada's
imports until :func:`purge_old_imports` removes it.

The reading, validation and writing are the engine's (:mod:`hromada.core.imports`): the check is
``run_import(..., dry_run=True)`` and the commit a real ``run_import`` — all rows or none, one audit entry.

Long files run as a background task (:data:`run_import_task`, Django's tasks API on the "imports" queue): the
view enqueues it after the request's transaction commits (house rule 11) and ``hromada worker`` runs it in
another process — the state file says which ("host:pid") and the progress it writes there is what the status
page shows from any web process. A worker that dies (killed, server restart) never commits the import's
transaction, so nothing is written; the next look at the import (its page, the list, the worklist) sees that
its process is gone and marks it failed, keeping the file so that a **retry** (:func:`retry`) can run it again.
With several machines the data directory (``DATA_DIR/imports``) must be shared storage.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from hromada.core import audit, enqueue, imports

logger = logging.getLogger(__name__)

INLINE_ROWS = 2000  # files with fewer data rows are checked and imported within the request
PROGRESS_INTERVAL = 1.0  # seconds between two progress writes of a background run
MODES = ("all", "valid")  # import every row (only if none has an error) or only the valid rows
_ID = re.compile(r"[0-9a-f]{32}")
_FOLDER = re.compile(r"(?:[a-z][a-z0-9_]*)?")


class State:
    UPLOADED = "uploaded"
    CHECKING = "checking"
    CHECKED = "checked"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    State.UPLOADED: gettext_lazy("uploaded, not checked"),
    State.CHECKING: gettext_lazy("being checked"),
    State.CHECKED: gettext_lazy("checked, not imported"),
    State.RUNNING: gettext_lazy("being imported"),
    State.DONE: gettext_lazy("imported"),
    State.FAILED: gettext_lazy("failed"),
    State.CANCELLED: gettext_lazy("cancelled"),
}
BUSY = {State.CHECKING, State.RUNNING}
FINISHED = {State.DONE, State.FAILED, State.CANCELLED}


# --- storage -------------------------------------------------------------------------------------------


def imports_dir(hromada_id: int, folder: str = "") -> Path:
    """The folder of one app's imports of a hromada: the hromada's imports folder, or its subfolder ``folder``."""
    root = Path(settings.DATA_DIR) / "imports" / str(int(hromada_id))
    return root / folder if folder else root


@dataclass(frozen=True)
class Upload:
    """Where one import of one hromada lives; every part of the path comes from the server.

    ``folder`` is the app's subfolder of the hromada's imports folder. The registers, the first app to import,
    keep theirs in that folder itself (the default, ""); another app declares its own in a subclass::

        @dataclass(frozen=True)
        class ActUpload(Upload):
            folder: str = "acts"
    """

    hromada_id: int
    id: str  # uuid4().hex
    folder: str = ""

    def __post_init__(self):
        if not _ID.fullmatch(self.id):
            raise ValueError("an import id is 32 lowercase hex digits")
        if not _FOLDER.fullmatch(self.folder):
            raise ValueError("an import folder is a lowercase name")

    @property
    def dir(self) -> Path:
        return imports_dir(self.hromada_id, self.folder)

    @property
    def file(self) -> Path:
        return self.dir / self.id

    @property
    def part(self) -> Path:
        return self.dir / f"{self.id}.part"

    @property
    def state_path(self) -> Path:
        return self.dir / f"{self.id}.json"


@contextlib.contextmanager
def locked(hromada_id: int):
    """One writer of the hromada's state files at a time (every app's), across threads and processes."""
    directory = imports_dir(hromada_id)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read(upload: Upload) -> dict | None:
    """The import's state, or None when there is none (or it cannot be read)."""
    try:
        return json.loads(upload.state_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def write(upload: Upload, state: dict) -> None:
    """Replace the state file atomically (call under :func:`locked`)."""
    state["updated_at"] = timezone.now().isoformat()
    temporary = upload.dir / f"{upload.id}.json.tmp"
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, upload.state_path)


def update(upload: Upload, expect: set[str] | None = None, **changes: Any) -> dict | None:
    """Apply ``changes`` if the status is one of ``expect`` (any status when None); the new state or None."""
    with locked(upload.hromada_id):
        state = read(upload)
        if state is None or (expect is not None and state.get("status") not in expect):
            return None
        state.update(changes)
        write(upload, state)
        return state


def drop_file(upload: Upload) -> None:
    """Delete the uploaded file (and a partly received one); the state file stays."""
    for path in (upload.file, upload.part):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def keep(upload: Upload, state: dict) -> None:
    """Make the fully received ``upload.part`` the import's file and write its first state."""
    with locked(upload.hromada_id):
        os.replace(upload.part, upload.file)
        write(upload, state)


def stored_states(upload_class: type[Upload], hromada_id: int) -> list[dict]:
    """The states of every import of the hromada in the app's folder, in no particular order."""
    directory = imports_dir(hromada_id, upload_class.folder)
    if not directory.is_dir():
        return []
    found = []
    for path in directory.glob("*.json"):
        if not _ID.fullmatch(path.stem):
            continue
        state = read(upload_class(hromada_id, path.stem))
        if state is not None and state.get("hromada") == hromada_id:
            found.append(state)
    return found


# --- status changes ------------------------------------------------------------------------------------


def begin_check(request, upload: Upload, state: dict) -> dict | None:
    """Check an uploaded file (in the background if it is long); its new state, or None after a second click."""
    claimed = update(upload, {State.UPLOADED}, status=State.CHECKING, **_here(), notice="", retry=None,
                     progress={"done": 0, "total": None}, checked_at=timezone.now().isoformat())
    if claimed is not None:
        start(request, upload, phase="check", background=bool(state.get("large")))
    return claimed


def begin_commit(request, upload: Upload, state: dict, mode: str) -> dict | None:
    """Import a checked file in ``mode`` (in the background if it is long); its new state, or None after a
    second click. The progress counts both passes of the engine: the check and the write."""
    checked = state.get("check") or {}
    total = checked.get("rows_total", 0) + checked.get("rows_valid", 0)
    claimed = update(upload, {State.CHECKED}, status=State.RUNNING, mode=mode, **_here(), notice="", retry=None,
                     progress={"done": 0, "total": total}, committed_by=request.user.pk,
                     committed_by_name=str(request.user), committed_at=timezone.now().isoformat())
    if claimed is not None:
        start(request, upload, phase="commit", mode=mode, total=total,
              background=checked.get("rows_total", 0) >= INLINE_ROWS)
    return claimed


def cancel(upload: Upload, user) -> dict | None:
    """Cancel an import not yet at work or done, deleting its file; None when it can no longer be cancelled."""
    cancelled = update(upload, {State.UPLOADED, State.CHECKED}, status=State.CANCELLED,
                       cancelled_at=timezone.now().isoformat(), cancelled_by_name=str(user))
    if cancelled is not None:
        drop_file(upload)
    return cancelled


def fail_upload(upload: Upload, message: str) -> None:
    """An uploaded file that can no longer be read: the import fails with ``message`` and the file goes."""
    update(upload, {State.UPLOADED}, status=State.FAILED, message=message)
    drop_file(upload)


# --- background runs -----------------------------------------------------------------------------------

_ACTIVE: set[str] = set()  # ids being checked or imported by this process (inline, or as its worker)
_ACTIVE_LOCK = threading.Lock()
QUEUE_GRACE = 60.0  # seconds a claimed import may wait for its task to be enqueued (the request's commit)


def _here() -> dict:
    """Who works on an import now: this process (the state's ``host`` and ``pid``), no task yet."""
    return {"pid": os.getpid(), "host": socket.gethostname(), "task_id": None}


def _task_pending(task_id: str) -> bool:
    """Whether the import's task is still queued or running, as the tasks backend knows it."""
    from django_tasks import default_task_backend
    from django_tasks.base import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    try:
        result = default_task_backend.get_result(task_id)
    except (TaskResultDoesNotExist, ValueError):
        return False
    return result.status in {TaskResultStatus.READY, TaskResultStatus.RUNNING}


def alive(state: dict) -> bool:
    """Whether the process that works on a busy import (the web process inline, or a worker) still exists."""
    pid, host = state.get("pid"), state.get("host")
    if state.get("task_id") and not state.get("worker"):  # queued: the tasks backend knows whether it waits
        return _task_pending(state["task_id"])
    if host not in (None, socket.gethostname()):  # another machine: only its task's record can tell
        return _task_pending(state["task_id"]) if state.get("task_id") else True
    if pid == os.getpid():
        with _ACTIVE_LOCK:
            if state["id"] in _ACTIVE:
                return True
        # Claimed here for a background run whose request has not committed (enqueued the task) yet.
        return bool(state.get("background") and not state.get("task_id") and _age(state) < QUEUE_GRACE)
    if not isinstance(pid, int) or pid <= 0:
        return False
    from hromada.core.processes import process_alive

    if not process_alive(pid):
        return False
    if state.get("background") and not state.get("task_id") and not state.get("worker"):
        return _age(state) < QUEUE_GRACE
    return True


def _age(state: dict) -> float:
    try:
        updated = datetime.fromisoformat(state["updated_at"])
    except (KeyError, TypeError, ValueError):
        return float("inf")
    return (timezone.now() - updated).total_seconds()


def shown_status(state: dict) -> str:
    """The status to show in a list: a busy import whose run has died is failed."""
    status = state.get("status", "")
    return State.FAILED if status in BUSY and not alive(state) else status


def settle(upload: Upload, state: dict) -> dict:
    """A busy import whose run has died is failed — its transaction never committed — and can be retried."""
    if state["status"] in BUSY and not alive(state):
        phase = "check" if state["status"] == State.CHECKING else "commit"
        settled = update(upload, {state["status"]}, status=State.FAILED, progress=None,
                         retry={"phase": phase, "mode": state.get("mode", "all")},
                         message=_("The import was interrupted (the server or its worker stopped); nothing was "
                                   "written. You can run it again."))
        return settled or read(upload) or state
    return state


def retry(request, upload: Upload, state: dict) -> dict | None:
    """Run again an import that was interrupted; its new state, or None if it cannot be retried (any more)."""
    again = state.get("retry") if state.get("status") == State.FAILED else None
    if not again or not upload.file.exists():
        return None
    if again["phase"] == "check":
        claimed = update(upload, {State.FAILED}, status=State.CHECKING, **_here(), notice="", retry=None,
                         progress={"done": 0, "total": None}, checked_at=timezone.now().isoformat())
        if claimed is not None:
            start(request, upload, phase="check", background=bool(state.get("large")))
        return claimed
    checked = state.get("check") or {}
    total = checked.get("rows_total", 0) + checked.get("rows_valid", 0)
    claimed = update(upload, {State.FAILED}, status=State.RUNNING, **_here(), notice="", retry=None,
                     progress={"done": 0, "total": total}, committed_by=request.user.pk,
                     committed_by_name=str(request.user), committed_at=timezone.now().isoformat())
    if claimed is not None:
        start(request, upload, phase="commit", mode=again.get("mode", "all"), total=total,
              background=checked.get("rows_total", 0) >= INLINE_ROWS)
    return claimed


def can_retry(upload: Upload, state: dict) -> bool:
    return bool(state.get("status") == State.FAILED and state.get("retry") and upload.file.exists())


class Progress:
    """The engine's progress callback: rows done into the state file, at most once per PROGRESS_INTERVAL."""

    def __init__(self, upload: Upload, status: str, total: int | None):
        self.upload, self.status, self.total = upload, status, total
        self.last = float("-inf")

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        update(self.upload, {self.status}, progress={"done": done, "total": self.total})


def _execute(upload: Upload, *, phase: str, mode: str = "all", hromada, actor, progress=None) -> None:
    """Check (dry run) or import the file and record the outcome in the state file; never raises."""
    state = read(upload)
    if state is None:
        return
    busy = State.CHECKING if phase == "check" else State.RUNNING
    try:
        importer = imports.get(state["kind"])
        report = imports.run_import(importer, upload.file, hromada=hromada, actor=actor, dry_run=phase == "check",
                                    skip_invalid=mode == "valid", progress=progress,
                                    source={"import_id": upload.id, "folder": upload.folder,
                                            "name": state.get("filename", "")})
    except imports.ImportFileError as error:
        update(upload, {busy}, status=State.FAILED, message=str(error), progress=None)
        drop_file(upload)
        return
    except Exception:
        logger.exception("import %s (%s) of hromada %s failed", upload.id, state.get("kind"), upload.hromada_id)
        # A fault of ours, not of the file: the file is kept so that the import can be run again once fixed.
        update(upload, {busy}, status=State.FAILED, progress=None, retry={"phase": phase, "mode": mode},
               message=_("The import failed because of an error in the system; nothing was written. "
                         "The administrators can find the details in the server log."))
        return
    outcome = report.as_dict()
    if phase == "check":
        update(upload, {busy}, status=State.CHECKED, check=outcome, progress=None)
    elif report.status == imports.Status.DONE:
        update(upload, {busy}, status=State.DONE, result=outcome, progress=None,
               finished_at=timezone.now().isoformat())
        drop_file(upload)
    else:
        # The data changed between the check and the import (e.g. another import): nothing was written.
        update(upload, {busy}, status=State.CHECKED, check=outcome, progress=None,
               notice=_("The data changed since the check and the file now has errors; nothing was imported. "
                        "Here is the new report."))


@task(queue_name="imports")
def run_import_task(*, hromada_id: int, folder: str, import_id: str, phase: str, mode: str, actor_id: int | None,
                    total: int | None, language: str, ip: str | None, request_id: str) -> None:
    """The background run of a staff import, in a worker: claim it in the state file, then check or import."""
    from hromada.core.models import Hromada, User

    upload = Upload(hromada_id, import_id, folder)
    busy = State.CHECKING if phase == "check" else State.RUNNING
    if update(upload, {busy}, pid=os.getpid(), host=socket.gethostname(), worker=True) is None:
        return  # cancelled, settled or already done meanwhile
    hromada = Hromada.objects.filter(pk=hromada_id).first()
    if hromada is None:
        update(upload, {busy}, status=State.FAILED, message=_("The hromada no longer exists."), progress=None)
        return
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    token = audit.set_context(audit.AuditContext(actor=actor, ip=ip, request_id=request_id, hromada=hromada))
    with _ACTIVE_LOCK:
        _ACTIVE.add(upload.id)
    try:
        with translation.override(language):
            _execute(upload, phase=phase, mode=mode, hromada=hromada, actor=actor,
                     progress=Progress(upload, busy, total))
    finally:
        audit.reset_context(token)
        with _ACTIVE_LOCK:
            _ACTIVE.discard(upload.id)


def start(request, upload: Upload, *, phase: str, mode: str = "all", total: int | None = None,
          background: bool) -> None:
    """Run the check or the import inline, or enqueue it for the worker (the status is already claimed)."""
    if not background:
        with _ACTIVE_LOCK:
            _ACTIVE.add(upload.id)
        try:
            _execute(upload, phase=phase, mode=mode, hromada=request.hromada, actor=request.user)
        finally:
            with _ACTIVE_LOCK:
                _ACTIVE.discard(upload.id)
        return
    update(upload, None, background=True, worker=None)
    context = getattr(request, "audit_context", None) or audit.current_context()
    arguments = {"hromada_id": request.hromada.pk, "folder": upload.folder, "import_id": upload.id, "phase": phase,
                 "mode": mode, "actor_id": request.user.pk, "total": total, "language": translation.get_language(),
                 "ip": context.ip, "request_id": context.request_id}

    def not_queued() -> None:  # the queue is away: say so instead of waiting for a worker that never comes
        update(upload, {State.CHECKING if phase == "check" else State.RUNNING}, status=State.FAILED, progress=None,
               retry={"phase": phase, "mode": mode},
               message=_("The import could not be started: the task queue is unavailable. Nothing was written; "
                         "try again in a few minutes."))

    def start_in_worker() -> None:
        result = enqueue.now_or_log(run_import_task, on_failure=not_queued, **arguments)
        if result is not None:  # only while the task has not started: a fast worker may have claimed it already
            update(upload, None, task_id=str(result.id))

    transaction.on_commit(start_in_worker)


# --- housekeeping ---------------------------------------------------------------------------------------


def purge_old_imports(older_than: timedelta) -> int:
    """Delete the uploads and state files of every app untouched for longer than ``older_than``; how many.

    Uploads hold personal data and reports quote rows of it: nothing of an import is kept past its use. A busy
    import is left alone unless its run has died. Every hromada's folder is walked with its app subfolders, so
    an app's imports are purged without the app being named here. Run daily with ``hromada purge-imports``.
    """
    root = Path(settings.DATA_DIR) / "imports"
    if not root.is_dir():
        return 0
    cutoff = time.time() - older_than.total_seconds()
    removed = 0
    for hromada_dir in root.iterdir():
        if not hromada_dir.is_dir() or not hromada_dir.name.isdigit():
            continue
        hromada_id = int(hromada_dir.name)
        apps = sorted(sub.name for sub in hromada_dir.iterdir() if sub.is_dir() and _FOLDER.fullmatch(sub.name))
        for folder in ("", *apps):  # the hromada's folder itself (the registers'), then each app's
            removed += _purge_folder(hromada_id, folder, cutoff)
    return removed


def _purge_folder(hromada_id: int, folder: str, cutoff: float) -> int:
    directory = imports_dir(hromada_id, folder)
    removed = 0
    for state_path in directory.glob("*.json"):
        ident = state_path.stem
        if not _ID.fullmatch(ident) or state_path.stat().st_mtime > cutoff:
            continue
        upload = Upload(hromada_id, ident, folder)
        with locked(hromada_id):
            state = read(upload) or {"id": ident, "status": ""}
            if state.get("status") in BUSY and alive(state):
                continue
            drop_file(upload)
            with contextlib.suppress(FileNotFoundError):
                upload.state_path.unlink()
        removed += 1
    # Files whose state file is gone (an upload interrupted before its state was written).
    for leftover in directory.iterdir():
        if (_ID.fullmatch(leftover.name.split(".")[0]) and not (directory / f"{leftover.name.split('.')[0]}.json")
                .exists() and leftover.stat().st_mtime <= cutoff):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return removed
