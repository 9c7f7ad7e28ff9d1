"""Backup and restore of a whole installation: one .tar.gz with a database snapshot, the media files and a
manifest of SHA-256 checksums.

Archive layout (format 1):

    database.sqlite3 | database.pgdump   the snapshot (SQLite online backup API / pg_dump custom format)
    media/<path>                        every file under MEDIA_ROOT (none when media lives in S3)
    manifest.json                       written last: lists every other member with its size and SHA-256

A restore checks the whole archive against its manifest before it touches anything, then swaps the media
directory in by renames and replaces the database in one atomic step; if the database step fails, the old
media directory is put back, so a failure leaves the installation as it was.

Other apps learn of a finished backup and of a verified archive through two lists of hooks,
``on_backup_completed`` and ``on_archive_verified`` (the IT assets register records the platform's own backups
and restore tests there). Core imports no app: an app appends its callable from its ``ready()``. A hook runs
after the work succeeded, in its own savepoint; a hook that fails is logged and never fails the backup or the
restore.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

import hromada
from hromada.core.audit import ChainReport, verify_chain

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
# A manifest holds paths and checksums only; anything this big is not one of ours.
_MANIFEST_MAX_BYTES = 64 * 1024 * 1024
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
logger = logging.getLogger(__name__)
# libpq settings that dj-database-url leaves in OPTIONS (e.g. ?sslmode=require) and their environment names.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT", "passfile": "PGPASSFILE", "service": "PGSERVICE",
}


class BackupError(Exception):
    """A backup or restore could not be done; the message is one line meant for the operator."""


@dataclass(frozen=True)
class ArchivedFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    created_at: str
    hromada_version: str
    vendor: str
    migrations: dict[str, str]
    media: str  # "filesystem" or "external" (media in S3 or another remote storage: not in the archive)
    files: tuple[ArchivedFile, ...]

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.vendor]

    @property
    def media_files(self) -> list[ArchivedFile]:
        return [f for f in self.files if f.path.startswith(MEDIA_PREFIX)]

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT_VERSION,
            "created_at": self.created_at,
            "hromada_version": self.hromada_version,
            "vendor": self.vendor,
            "migrations": self.migrations,
            "media": self.media,
            "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in self.files],
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            raw = json.loads(data.decode())
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise BackupError(f"Damaged archive: {MANIFEST_NAME} is not valid JSON.") from None
        if not isinstance(raw, dict):
            raise _malformed("not an object")
        if raw.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unsupported backup format {raw.get('format')!r}: "
                              f"this Hromada reads format {FORMAT_VERSION}.")
        vendor = raw.get("vendor")
        if vendor not in DATABASE_MEMBERS:
            raise _malformed(f"unknown database vendor {vendor!r}")
        migrations = raw.get("migrations")
        if not isinstance(migrations, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in migrations.items()
        ):
            raise _malformed("bad migrations")
        if raw.get("media") not in ("filesystem", "external"):
            raise _malformed("bad media kind")
        manifest = cls(
            created_at=str(raw.get("created_at", "")),
            hromada_version=str(raw.get("hromada_version", "")),
            vendor=vendor,
            migrations=migrations,
            media=raw["media"],
            files=tuple(_archived_file(item) for item in _list(raw.get("files"))),
        )
        _check_listed_paths(manifest)
        return manifest


def media_count(manifest: Manifest) -> str:
    count = len(manifest.media_files)
    return f"{count} media file" if count == 1 else f"{count} media files"


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    media_restored: bool
    chain: ChainReport
    pending_migrations: bool


# --- hooks ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupCompleted:
    """A backup archive that `create_backup` has just written in full."""

    archive: Path
    manifest: Manifest
    size: int  # bytes of the archive file
    sha256: str  # of the whole archive file, as `sha256sum` prints it


@dataclass(frozen=True)
class ArchiveVerified:
    """An archive checked member by member against its manifest: by `verify_backup` (nothing changed) or by a
    restore that then loaded it (``restored``)."""

    archive: Path
    manifest: Manifest
    size: int
    sha256: str
    restored: bool


# Callables an app appends from its AppConfig.ready(); each gets the event above.
on_backup_completed: list[Callable[[BackupCompleted], None]] = []
on_archive_verified: list[Callable[[ArchiveVerified], None]] = []


def _file_facts(archive: Path) -> tuple[int, str]:
    with archive.open("rb") as f:
        return os.fstat(f.fileno()).st_size, hashlib.file_digest(f, "sha256").hexdigest()


def _run_hooks(hooks: list[Callable[[Any], None]], make_event: Callable[[], Any]) -> None:
    """Call every hook with the event; a failing hook is logged, its writes rolled back, the others still run."""
    if not hooks:
        return
    try:
        event = make_event()
    except OSError:
        logger.exception("backup hooks skipped: the archive could not be read again")
        return
    for hook in list(hooks):
        try:
            with transaction.atomic():
                hook(event)
        except Exception:
            logger.exception("backup hook %s failed; the backup itself is not affected",
                             getattr(hook, "__qualname__", repr(hook)))


def _completed(target: Path, manifest: Manifest) -> BackupCompleted:
    size, sha256 = _file_facts(target)
    return BackupCompleted(archive=target, manifest=manifest, size=size, sha256=sha256)


def _verified(archive: Path, manifest: Manifest, *, restored: bool) -> ArchiveVerified:
    size, sha256 = _file_facts(archive)
    return ArchiveVerified(archive=archive, manifest=manifest, size=size, sha256=sha256, restored=restored)


# --- backup ---------------------------------------------------------------------------------------------


def create_backup(target: Path, *, force: bool = False) -> Manifest:
    """Write the archive to `target`; nothing appears there unless the whole archive was written."""
    target = Path(target).absolute()
    vendor = _vendor()
    media_root = _media_root()
    _check_target(target, force, media_root)
    try:
        migrations = _migration_heads()
        # The snapshot is staged beside the archive: the operator chose that disk to hold a backup.
        with tempfile.TemporaryDirectory(prefix=".hromada-backup-", dir=target.parent) as work:
            snapshot = Path(work) / DATABASE_MEMBERS[vendor]
            _snapshot_database(vendor, snapshot)
            manifest = _write_archive(target, vendor, migrations, snapshot, media_root)
    except (OSError, DatabaseError) as error:
        raise BackupError(f"Backup failed, {target} was not written: {_one_line(error)}") from error
    _run_hooks(on_backup_completed, lambda: _completed(target, manifest))
    return manifest


def _check_target(target: Path, force: bool, media_root: Path | None) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a directory; give the archive's file name.")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; pass --force to overwrite it.")
    if not target.parent.is_dir():
        raise BackupError(f"Directory {target.parent} does not exist.")
    # An archive inside MEDIA_ROOT would end up in the next backup and be swapped away by a restore.
    if media_root is not None and target.resolve().is_relative_to(media_root):
        raise BackupError(f"Refusing to write the backup inside MEDIA_ROOT ({media_root}).")


def _write_archive(target: Path, vendor: str, migrations: dict[str, str], snapshot: Path,
                   media_root: Path | None) -> Manifest:
    # A temporary file in the target directory, renamed into place at the end: a failed backup leaves
    # no half-written archive, and an existing one survives until the new one is complete.
    fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    partial = Path(partial_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
                files = [_add_file(tar, snapshot, DATABASE_MEMBERS[vendor])]
                if media_root is not None:
                    for path, rel in _media_files(media_root):
                        files.append(_add_file(tar, path, MEDIA_PREFIX + rel))
                manifest = Manifest(
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    hromada_version=hromada.__version__,
                    vendor=vendor,
                    migrations=migrations,
                    media="filesystem" if media_root is not None else "external",
                    files=tuple(files),
                )
                _add_bytes(tar, MANIFEST_NAME, manifest.to_json())
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


class _HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes that go into the archive.

    Media files may change while the backup runs; hashing what tarfile reads (rather than the file
    before or after) keeps the manifest true to the archive.
    """

    def __init__(self, source: BinaryIO):
        self._source = source
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, source: Path, name: str) -> ArchivedFile:
    with source.open("rb") as f:
        stat = os.fstat(f.fileno())
        info = _tarinfo(name, stat.st_size, stat.st_mtime)
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return ArchivedFile(name, info.size, reader.sha256.hexdigest())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_tarinfo(name, len(data), datetime.now(UTC).timestamp()), io.BytesIO(data))


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    # Plain regular-file entries with neutral ownership: the archive must not depend on this host's users.
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o644
    return info


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Every regular file under MEDIA_ROOT (links to files are stored as the files they point to)."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(dirpath, filename)
            if not path.is_file():  # sockets, pipes, dangling links: nothing to keep
                continue
            rel = path.relative_to(root).as_posix()
            # Never write an archive that restore would refuse.
            reason = _unsafe_reason(MEDIA_PREFIX + rel) or _not_utf8(rel)
            if reason:
                raise BackupError(f"Cannot back up media file {path}: its name is {reason}; rename it.")
            yield path, rel


def _not_utf8(name: str) -> str | None:
    try:
        name.encode()
    except UnicodeEncodeError:
        return "not valid UTF-8"
    return None


def _media_root() -> Path | None:
    """MEDIA_ROOT when media lives on the local file system; None for external storage such as S3."""
    if not isinstance(storages["default"], FileSystemStorage):
        return None
    return Path(settings.MEDIA_ROOT).resolve()


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _migration_heads() -> dict[str, str]:
    """The latest applied migration of each app, so a restore can tell which Hromada made the archive."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        raise BackupError("The database has no tables yet: run `hromada migrate` first.")
    heads: dict[str, str] = {}
    for app, name in recorder.migration_qs.values_list("app", "name"):
        heads[app] = max(name, heads.get(app, ""))
    return dict(sorted(heads.items()))


def _snapshot_database(vendor: str, dest: Path) -> None:
    if vendor == "sqlite":
        _snapshot_sqlite(dest)
    else:
        _run_pg_tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={dest}"],
                     failure="pg_dump failed")


def _snapshot_sqlite(dest: Path) -> None:
    connection.ensure_connection()
    try:
        with closing(sqlite3.connect(dest)) as target:
            # One step (the default pages=-1) copies the whole database under one read lock: a consistent
            # snapshot even while the server keeps writing. Works for the in-memory test database too.
            connection.connection.backup(target)
            # A self-contained file that needs no -wal file beside it.
            target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"SQLite backup failed: {_one_line(error)}") from error


# --- PostgreSQL client tools ----------------------------------------------------------------------------


def _pg_environment() -> dict[str, str]:
    """libpq environment for pg_dump/pg_restore from Django's own connection settings.

    Passed through the environment, not the command line, so the password never shows in `ps`.
    """
    params = connection.settings_dict
    env = dict(os.environ)
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD"),
                     ("PGDATABASE", "NAME")):
        if params.get(key):
            env[var] = str(params[key])
    options = params.get("OPTIONS") or {}
    for option, var in _LIBPQ_OPTIONS.items():
        if options.get(option):
            env[var] = str(options[option])
    return env


def _run_pg_tool(tool: str, args: list[str], *, failure: str) -> None:
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} not found: install the PostgreSQL client tools "
                          "(the server's major version or newer).")
    # Arguments are fixed options and paths we created; no shell is involved.
    result = subprocess.run(  # noqa: S603
        [executable, *args], env=_pg_environment(), capture_output=True, text=True, errors="replace",
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{failure}: {_stderr_summary(result.stderr)}")


def _stderr_summary(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    # The error lines and PostgreSQL's DETAIL say what went wrong; the echoed SQL would only drown them.
    errors = [line for line in lines if "error" in line.lower() or line.startswith("DETAIL:")] or lines
    return " ".join(errors)[:1000] or "no error output"


# --- reading and checking an archive --------------------------------------------------------------------


def verify_archive(archive: Path) -> Manifest:
    """Check every member against the manifest without writing anything; return the manifest."""
    found: dict[str, tuple[int, str]] = {}
    manifest_data: bytes | None = None
    with _reading(archive) as tar:
        for member in tar:
            _check_member(member)
            if member.name in found or (member.name == MANIFEST_NAME and manifest_data is not None):
                raise BackupError(f"Refused: {member.name!r} appears twice in the archive.")
            with tar.extractfile(member) as data:
                if member.name == MANIFEST_NAME:
                    if member.size > _MANIFEST_MAX_BYTES:
                        raise _malformed("too large")
                    manifest_data = data.read()
                else:
                    found[member.name] = (member.size, hashlib.file_digest(data, "sha256").hexdigest())
        # tarfile stops at the end-of-archive marker; read on to the end of the gzip stream so that its
        # own CRC and length check catch a truncated or appended-to file too.
        while tar.fileobj.read(1024 * 1024):
            pass
    if manifest_data is None:
        raise BackupError(f"{archive} is not a Hromada backup: it has no {MANIFEST_NAME}.")
    manifest = Manifest.from_json(manifest_data)
    _compare_with_manifest(manifest, found)
    return manifest


@contextmanager
def _reading(archive: Path) -> Iterator[tarfile.TarFile]:
    """Open the archive; any sign that it is not an intact .tar.gz becomes one clear BackupError."""
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            yield tar
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"{archive} is not a readable Hromada backup archive "
                          f"(damaged, truncated or not a .tar.gz): {_one_line(error)}") from error


def _check_member(member: tarfile.TarInfo) -> None:
    reason = _unsafe_reason(member.name)
    if reason:
        raise BackupError(f"Refused: the archive holds an unsafe path {member.name!r} ({reason}).")
    if not member.isreg():
        kind = ("link" if member.issym() or member.islnk()
                else "directory" if member.isdir() else "special file")
        raise BackupError(f"Refused: {member.name!r} in the archive is a {kind}, not a regular file.")


def _unsafe_reason(name: str) -> str | None:
    """Why a member name could write outside the extraction directory (on POSIX or Windows), or None."""
    if not name or "\x00" in name:
        return "an empty or NUL-containing name"
    windows = PureWindowsPath(name)
    if PurePosixPath(name).is_absolute() or windows.drive or windows.root:
        return "an absolute path"
    if ".." in PurePosixPath(name).parts or ".." in windows.parts:
        return "a path that climbs out with '..'"
    if any(part in ("", ".") for part in name.split("/")):
        return "a path with empty or '.' parts"
    return None


def _compare_with_manifest(manifest: Manifest, found: dict[str, tuple[int, str]]) -> None:
    listed = {f.path: f for f in manifest.files}
    for name in sorted(found):
        if name not in listed:
            raise BackupError(f"Refused: the archive holds {name!r}, which its manifest does not list.")
    for entry in manifest.files:
        if entry.path not in found:
            raise BackupError(f"Damaged archive: {entry.path!r} is listed in the manifest but missing.")
        size, digest = found[entry.path]
        if size != entry.size:
            raise BackupError(f"Damaged archive: {entry.path!r} has {size} bytes, "
                              f"the manifest says {entry.size}.")
        if digest != entry.sha256:
            raise BackupError(f"Damaged archive: the SHA-256 checksum of {entry.path!r} "
                              "does not match the manifest.")


def _malformed(what: str) -> BackupError:
    return BackupError(f"Damaged archive: {MANIFEST_NAME} is malformed ({what}).")


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise _malformed("bad file list")
    return value


def _archived_file(item: Any) -> ArchivedFile:
    if not isinstance(item, dict):
        raise _malformed("bad file entry")
    path, size, sha256 = item.get("path"), item.get("size"), item.get("sha256")
    if not isinstance(path, str) or _unsafe_reason(path):
        raise _malformed(f"bad path {path!r}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise _malformed(f"bad size for {path!r}")
    if not isinstance(sha256, str) or not _SHA256_HEX.fullmatch(sha256):
        raise _malformed(f"bad checksum for {path!r}")
    return ArchivedFile(path, size, sha256)


def _check_listed_paths(manifest: Manifest) -> None:
    """Exactly one database snapshot of the manifest's vendor, media under media/, no clashing paths."""
    paths = [f.path for f in manifest.files]
    if len(set(paths)) != len(paths):
        raise _malformed("a path is listed twice")
    for path in paths:
        is_media = path.startswith(MEDIA_PREFIX) and len(path) > len(MEDIA_PREFIX)
        if path != manifest.database_member and not is_media:
            raise BackupError(f"Refused: the archive holds {path!r}, which is not part of a Hromada backup.")
    if manifest.database_member not in paths:
        raise BackupError(f"Damaged archive: it holds no {manifest.database_member}.")
    if manifest.media == "external" and manifest.media_files:
        raise _malformed("media files in an archive made with external media storage")
    # "media/a" as a file and "media/a/b" as another cannot both be extracted.
    listed = set(paths)
    for path in paths:
        parents = PurePosixPath(path).parents
        if any(str(parent) in listed for parent in parents):
            raise _malformed(f"{path!r} lies inside a listed file")


# --- restore --------------------------------------------------------------------------------------------


def restore_backup(archive: Path, *, confirm: Callable[[Manifest], bool] | None = None) -> RestoreResult:
    """Verify the archive, ask `confirm` (if given), then replace the database and media with its content."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    vendor = _vendor()
    manifest = verify_archive(archive)
    check_compatible(manifest, vendor)
    if confirm is not None and not confirm(manifest):
        raise BackupError("Restore cancelled; nothing was changed.")
    media_root = _media_root()
    restore_media = media_root is not None and manifest.media == "filesystem"
    staging: Path | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="hromada-restore-") as work:
            snapshot = Path(work) / manifest.database_member
            staging = _staging_dir(media_root) if restore_media else None
            _extract(archive, manifest, snapshot, staging)
            _check_snapshot(vendor, snapshot)
            with _media_swapped_in(staging, media_root) if restore_media else nullcontext():
                _load_database(vendor, snapshot)
    except OSError as error:
        raise BackupError(f"Restore failed, nothing was changed: {_one_line(error)}") from error
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    result = RestoreResult(manifest, restore_media, verify_chain(), _pending_migrations())
    from hromada.core import pagecache

    pagecache.bump(None, pagecache.CORE)  # every cached page shows core: none survives the restored database
    _run_hooks(on_archive_verified, lambda: _verified(archive, manifest, restored=True))
    return result


def verify_backup(archive: Path) -> Manifest:
    """Everything a restore does short of replacing anything (`hromada restore --verify`): every member checked
    against the manifest, the vendor and the schema, and the database snapshot extracted to a temporary
    directory and checked as a usable database; the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file.")
    vendor = _vendor()
    manifest = verify_archive(archive)
    check_compatible(manifest, vendor)
    try:
        with tempfile.TemporaryDirectory(prefix="hromada-verify-") as work:
            snapshot = Path(work) / manifest.database_member
            _extract(archive, manifest, snapshot, None)
            _check_snapshot(vendor, snapshot)
    except OSError as error:
        raise BackupError(f"Verification failed: {_one_line(error)}") from error
    _run_hooks(on_archive_verified, lambda: _verified(archive, manifest, restored=False))
    return manifest


def check_compatible(manifest: Manifest, vendor: str) -> None:
    """Refuse an archive from the other database vendor or from a newer Hromada."""
    if manifest.vendor != vendor:
        raise BackupError(f"Refused: the archive holds a {manifest.vendor} database, but this Hromada "
                          f"runs on {vendor}; a backup restores only into the same kind of database.")
    unknown = _unknown_migration(manifest.migrations)
    if unknown:
        raise BackupError(f"Refused: the archive comes from a newer Hromada (migration {unknown} is unknown "
                          "here); upgrade Hromada first, then restore.")


def _unknown_migration(heads: dict[str, str]) -> str | None:
    # Restoring a newer schema under older code would leave a database the code cannot read.
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)  # squashed-away migrations are still known
    for app, name in sorted(heads.items()):
        if app in loader.migrated_apps and (app, name) not in known:
            return f"{app}.{name}"
    return None


def _pending_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _staging_dir(media_root: Path) -> Path:
    # Beside MEDIA_ROOT, on the same file system, so the swap is a pair of renames.
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{media_root.name}-restore-", dir=media_root.parent))
    # mkdtemp makes the directory private (0700); keep the permissions the media directory had.
    staging.chmod(media_root.stat().st_mode & 0o7777 if media_root.is_dir() else 0o755)
    return staging


def _extract(archive: Path, manifest: Manifest, snapshot: Path, staging: Path | None) -> None:
    """Write the snapshot and (into `staging`) the media files, checking each against the manifest again."""
    listed = {f.path: f for f in manifest.files}
    done: set[str] = set()
    with _reading(archive) as tar:
        for member in tar:
            if member.name == MANIFEST_NAME:
                continue
            entry = listed.get(member.name)
            if entry is None or not member.isreg() or member.name in done:
                raise BackupError(f"{archive} changed while it was being restored; nothing was changed.")
            done.add(member.name)
            if member.name == manifest.database_member:
                dest = snapshot
            elif staging is not None:
                dest = staging.joinpath(*PurePosixPath(member.name).parts[1:])
            else:
                continue
            with tar.extractfile(member) as data:
                digest = _write_file(data, dest, member.mtime)
            if digest != entry.sha256:
                raise BackupError(f"{archive} changed while it was being restored; nothing was changed.")
    if done != set(listed):
        raise BackupError(f"{archive} changed while it was being restored; nothing was changed.")


def _write_file(data: BinaryIO, dest: Path, mtime: float) -> str:
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        sha256 = hashlib.sha256()
        with dest.open("xb") as out:
            while chunk := data.read(1024 * 1024):
                sha256.update(chunk)
                out.write(chunk)
        os.utime(dest, (mtime, mtime))
    except OSError as error:
        # Raised as BackupError here so that _reading does not report it as a damaged archive.
        raise BackupError(f"Restore failed, nothing was changed: {_one_line(error)}") from error
    return sha256.hexdigest()


def _check_snapshot(vendor: str, snapshot: Path) -> None:
    """Make sure the snapshot is a usable database before the live one is replaced."""
    if vendor == "postgresql":
        _run_pg_tool("pg_restore", ["--list", str(snapshot)],
                     failure="Damaged archive: the database dump cannot be read")
        return
    try:
        with closing(sqlite3.connect(snapshot)) as db:
            result = db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as error:
        raise BackupError(f"Damaged archive: the database snapshot cannot be read ({error}).") from error
    if result != ("ok",):
        raise BackupError(f"Damaged archive: the database snapshot fails SQLite's check ({result[0]}).")


@contextmanager
def _media_swapped_in(staging: Path, media_root: Path) -> Iterator[None]:
    """Put the restored media in place by renames; put the old media back if the body fails."""
    aside = staging.with_name(staging.name + ".old")
    had_media = media_root.exists()
    if had_media:
        os.rename(media_root, aside)
    try:
        os.rename(staging, media_root)
    except OSError:
        if had_media:
            os.rename(aside, media_root)
        raise
    try:
        yield
    except BaseException:
        os.rename(media_root, staging)
        if had_media:
            os.rename(aside, media_root)
        raise
    if had_media:
        shutil.rmtree(aside, ignore_errors=True)


def _load_database(vendor: str, snapshot: Path) -> None:
    if vendor == "sqlite":
        _load_sqlite(snapshot)
        return
    # Idle connections of this process must not hold locks that pg_restore's DROPs would wait on.
    connections.close_all()
    _run_pg_tool(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
         f"--dbname={connection.settings_dict['NAME']}", str(snapshot)],
        # One transaction: on any error PostgreSQL rolls everything back.
        failure="pg_restore failed, the database is unchanged",
    )


def _load_sqlite(snapshot: Path) -> None:
    try:
        connection.ensure_connection()
        with closing(sqlite3.connect(snapshot)) as source:
            # The backup API in the other direction replaces the live database page by page inside one
            # write transaction: atomic, and the audit log's UPDATE/DELETE triggers do not fire because
            # no row is updated or deleted.
            source.backup(connection.connection)
    except (sqlite3.Error, DatabaseError) as error:
        raise BackupError(f"Restoring the database failed, it is unchanged: {_one_line(error)}") from error
    finally:
        # Nothing cached from the old database may survive (an in-memory test database ignores this).
        connections.close_all()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
