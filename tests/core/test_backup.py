"""`hromada backup` / `hromada restore`: a round trip brings back every row and file; bad archives change nothing.

Vendor-neutral: the same tests run on SQLite and on PostgreSQL (pg_dump works from another connection, so
the tests are transactional and their data is committed).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from hromada.core import audit
from hromada.core import backup as backup_module
from hromada.core.models import AuditEntry, Hromada, Institution, Settlement, User
from tests.factories import HromadaFactory, InstitutionFactory, SettlementFactory, UserFactory, member

# `transactional_db` by name as well: tests/conftest.py purges the append-only audit log before the
# closing flush only when that fixture is requested by name; the mark alone is not seen there.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]

MEDIA = {
    "report.txt": b"plain text\n",
    "docs/звіт 2024.pdf": b"%PDF-1.4 " + bytes(range(256)) * 40,
    "docs/deep/nested/dir/фото — оригінал.jpg": os.urandom(70_000),
    "empty.bin": b"",
}


# --- helpers ----------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 costs most of a second per account; these tests only need the hash to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "data" / "media"
    root.mkdir(parents=True)
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def populated(media_root):
    """Records of every kind, a few audit entries and media files, all committed."""
    hromada_a = HromadaFactory(host="a.localhost")
    hromada_b = HromadaFactory(host="b.localhost")
    settlements = SettlementFactory.create_batch(3, hromada=hromada_a)
    InstitutionFactory.create_batch(2, hromada=hromada_a)
    InstitutionFactory(hromada=hromada_b)
    admin = member(hromada_a, "hromada_admin", email="admin@example.org")
    clerk = member(hromada_b, "clerk", email="clerk@example.org")
    UserFactory(email="plain@example.org")
    audit.record("create", hromada_a, actor=admin)
    audit.record("update", settlements[0], actor=admin, changes={"name": ["Старе", "Нове"]})
    audit.record("create", hromada_b, actor=clerk)
    write_media(media_root, MEDIA)
    return {"hromada_a": hromada_a, "settlements": settlements, "admin": admin}


def write_media(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def read_media(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def all_rows() -> dict[str, str]:
    """Every row of every model of core, auth and contenttypes, serialised in primary-key order."""
    models = [m for label in ("core", "auth", "contenttypes") for m in apps.get_app_config(label).get_models()]
    return {m._meta.label: serializers.serialize("json", m.objects.order_by("pk")) for m in models}


def state(media_root: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    return all_rows(), read_media(media_root)


def change_everything(populated, media_root: Path) -> None:
    """Delete, add and modify rows (never audit rows) and media files after the backup."""
    Institution.objects.filter(hromada=populated["hromada_a"]).first().delete()
    Settlement.objects.filter(pk=populated["settlements"][2].pk).delete()
    User.objects.filter(email="plain@example.org").delete()
    Hromada.objects.filter(pk=populated["hromada_a"].pk).update(description="змінено після копії")
    extra = HromadaFactory()
    SettlementFactory(hromada=extra)
    UserFactory(email="late@example.org")
    audit.record("create", extra, actor=populated["admin"])
    (media_root / "report.txt").write_bytes(b"overwritten")
    (media_root / "docs" / "звіт 2024.pdf").unlink()
    write_media(media_root, {"new/після.txt": b"new file"})


def rebuild(src: Path, dst: Path, *, change=None, extra=(), drop=()) -> None:
    """Copy an archive member by member: `change(name, data)` may return new bytes; add `extra` members."""
    with tarfile.open(src, "r:gz") as tar_in, tarfile.open(dst, "w:gz") as tar_out:
        for member in tar_in:
            if member.name in drop:
                continue
            data = tar_in.extractfile(member).read()
            if change is not None:
                data = change(member.name, data)
            member.size = len(data)
            tar_out.addfile(member, io.BytesIO(data))
        for info, data in extra:
            tar_out.addfile(info, io.BytesIO(data) if data is not None else None)


def member_info(name: str, data: bytes = b"", type_=tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.type, info.linkname = len(data), type_, linkname
    return info


def flip_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


def db_member() -> str:
    return backup_module.DATABASE_MEMBERS[connection.vendor]


@pytest.fixture
def archive(populated, tmp_path):
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path))
    return path


# --- round trip -----------------------------------------------------------------------------------------


def test_round_trip_restores_every_row_and_file(populated, media_root, tmp_path, capsys):
    before = state(media_root)
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path))
    assert "4 media files" in capsys.readouterr().out

    change_everything(populated, media_root)
    assert state(media_root) != before

    call_command("restore", str(path), yes=True)
    out = capsys.readouterr().out

    assert all_rows() == before[0]
    assert read_media(media_root) == before[1]
    report = audit.verify_chain()
    assert report.ok
    assert report.checked == 3
    assert f"Audit log intact: {report.checked} entries verified." in out
    assert "4 media files" in out
    # No staging or set-aside directories are left beside MEDIA_ROOT.
    assert sorted(p.name for p in media_root.parent.iterdir()) == ["media"]


def test_restore_keeps_audit_log_append_only(archive, populated, media_root):
    """The restore itself bypasses the triggers (it replaces pages or tables), but they are back afterwards."""
    audit.record("delete", populated["hromada_a"], actor=populated["admin"])  # removed again by the restore
    call_command("restore", str(archive), yes=True)
    assert AuditEntry.objects.count() == 3
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.update(action="delete")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()


def test_manifest_lists_every_member_with_checksums(archive, media_root):
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["format"] == 1
    assert manifest["vendor"] == connection.vendor
    assert manifest["media"] == "filesystem"
    assert manifest["hromada_version"]
    assert manifest["created_at"]
    from django.db.migrations.loader import MigrationLoader

    core_leaf = next(name for app, name in MigrationLoader(connection).graph.leaf_nodes() if app == "core")
    assert manifest["migrations"]["core"] == core_leaf
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(names) == set(listed) | {"manifest.json"}
    assert set(listed) == {db_member()} | {f"media/{rel}" for rel in MEDIA}
    assert listed["media/report.txt"]["size"] == len(MEDIA["report.txt"])
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])


def test_backup_without_media_root_and_restore_empties_media(populated, media_root, tmp_path):
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    media_root.rmdir()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    write_media(media_root, {"later.txt": b"after the backup"})
    call_command("restore", str(archive), yes=True)
    assert read_media(media_root) == {}


def test_external_media_storage_is_recorded_not_archived(populated, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        assert sorted(tar.getnames()) == sorted([db_member(), "manifest.json"])
    assert manifest["media"] == "external"


# --- the backup command ---------------------------------------------------------------------------------


def test_backup_refuses_to_overwrite_without_force(populated, tmp_path):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(b"keep me")
    with pytest.raises(CommandError, match=r"already exists.*--force"):
        call_command("backup", str(path))
    assert path.read_bytes() == b"keep me"
    call_command("backup", str(path), force=True)
    assert backup_module.verify_archive(path).vendor == connection.vendor


def test_failed_backup_leaves_no_file(populated, media_root, tmp_path, monkeypatch):
    def broken_media_files(root):
        yield media_root / "report.txt", "report.txt"
        raise OSError("disk on fire")

    monkeypatch.setattr(backup_module, "_media_files", broken_media_files)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(CommandError, match="disk on fire"):
        call_command("backup", str(out_dir / "backup.tar.gz"))
    assert list(out_dir.iterdir()) == []


def test_backup_into_missing_directory_is_refused(populated, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup", str(tmp_path / "nowhere" / "backup.tar.gz"))


# --- bad archives change nothing ------------------------------------------------------------------------


@pytest.fixture
def changed(archive, populated, media_root):
    """The state after the backup was changed: every refused restore must leave exactly this."""
    change_everything(populated, media_root)
    return state(media_root)


def assert_refused(path: Path, match: str, expected_state, media_root: Path) -> None:
    with pytest.raises(CommandError, match=match) as info:
        call_command("restore", str(path), yes=True)
    assert "\n" not in str(info.value)
    assert state(media_root) == expected_state
    assert sorted(p.name for p in media_root.parent.iterdir()) == ["media"]


def test_damaged_database_member_is_refused(archive, changed, media_root, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    rebuild(archive, damaged, change=lambda name, data: flip_byte(data) if name == db_member() else data)
    assert_refused(damaged, "checksum", changed, media_root)


def test_damaged_media_member_is_refused(archive, changed, media_root, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    rebuild(archive, damaged, change=lambda name, data: data + b"!" if name == "media/report.txt" else data)
    assert_refused(damaged, "media/report.txt", changed, media_root)


def test_missing_member_is_refused(archive, changed, media_root, tmp_path):
    damaged = tmp_path / "damaged.tar.gz"
    rebuild(archive, damaged, drop={"media/empty.bin"})
    assert_refused(damaged, "missing", changed, media_root)


@pytest.mark.parametrize("cut", ["half", "tail"])
def test_truncated_archive_is_refused(archive, changed, media_root, tmp_path, cut):
    data = archive.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2] if cut == "half" else data[:-20])
    assert_refused(truncated, "not a readable Hromada backup", changed, media_root)


@pytest.mark.parametrize("content", [b"", b"hello, I am not an archive", gzip.compress(b"gzip, not tar" * 100)])
def test_non_archive_is_refused(changed, media_root, tmp_path, content):
    path = tmp_path / "not-an-archive.tar.gz"
    path.write_bytes(content)
    assert_refused(path, "not a readable Hromada backup", changed, media_root)


def test_missing_file_is_refused(changed, media_root, tmp_path):
    assert_refused(tmp_path / "nope.tar.gz", "no such file", changed, media_root)


def test_tar_without_manifest_is_refused(archive, changed, media_root, tmp_path):
    path = tmp_path / "no-manifest.tar.gz"
    rebuild(archive, path, drop={"manifest.json"})
    assert_refused(path, "no manifest.json", changed, media_root)


def test_unlisted_member_is_refused(archive, changed, media_root, tmp_path):
    path = tmp_path / "extra.tar.gz"
    rebuild(archive, path, extra=[(member_info("media/unlisted.txt", b"sneaky"), b"sneaky")])
    assert_refused(path, "does not list", changed, media_root)


@pytest.mark.parametrize(
    ("info", "data", "match"),
    [
        (member_info("../evil", b"evil"), b"evil", "unsafe path"),
        (member_info("media/../../evil", b"evil"), b"evil", "unsafe path"),
        (member_info("/var/evil", b"evil"), b"evil", "unsafe path"),
        (member_info("..\\evil", b"evil"), b"evil", "unsafe path"),
        (member_info("media/link", type_=tarfile.SYMTYPE, linkname="/etc/passwd"), None, "is a link"),
        (member_info("media/hard", type_=tarfile.LNKTYPE, linkname="media/report.txt"), None, "is a link"),
        (member_info("media/dir", type_=tarfile.DIRTYPE), None, "is a directory"),
    ],
    ids=["dotdot", "media-dotdot", "absolute", "windows-dotdot", "symlink", "hardlink", "directory"],
)
def test_unsafe_member_is_refused(archive, changed, media_root, tmp_path, info, data, match):
    path = tmp_path / "unsafe.tar.gz"
    rebuild(archive, path, extra=[(info, data)])
    assert_refused(path, match, changed, media_root)
    assert not (tmp_path / "evil").exists()
    assert not (tmp_path.parent / "evil").exists()


def test_member_outside_media_is_refused_even_when_listed(archive, changed, media_root, tmp_path):
    def list_it(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["files"].append({"path": "etc/passwd", "size": 4, "sha256": hashlib.sha256(b"evil").hexdigest()})
        return json.dumps(manifest).encode()

    path = tmp_path / "outside.tar.gz"
    rebuild(archive, path, change=list_it, extra=[(member_info("etc/passwd", b"evil"), b"evil")])
    assert_refused(path, "not part of a Hromada backup", changed, media_root)


def test_archive_from_other_vendor_is_refused(archive, changed, media_root, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    other_member = backup_module.DATABASE_MEMBERS[other]

    def to_other_vendor(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["vendor"] = other
        for entry in manifest["files"]:
            if entry["path"] == db_member():
                entry["path"] = other_member
        return json.dumps(manifest).encode()

    path = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "r:gz") as tar_in, tarfile.open(path, "w:gz") as tar_out:
        for member in tar_in:
            data = to_other_vendor(member.name, tar_in.extractfile(member).read())
            if member.name == db_member():
                member.name = other_member
            member.size = len(data)
            tar_out.addfile(member, io.BytesIO(data))
    assert_refused(path, f"holds a {other} database", changed, media_root)


def test_archive_from_newer_hromada_is_refused(archive, changed, media_root, tmp_path):
    def newer(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["core"] = "9999_from_the_future"
        return json.dumps(manifest).encode()

    path = tmp_path / "newer.tar.gz"
    rebuild(archive, path, change=newer)
    assert_refused(path, r"newer Hromada.*core\.9999_from_the_future", changed, media_root)


def test_unsupported_format_is_refused(archive, changed, media_root, tmp_path):
    def format_2(name: str, data: bytes) -> bytes:
        return json.dumps({**json.loads(data), "format": 2}).encode() if name == "manifest.json" else data

    path = tmp_path / "format2.tar.gz"
    rebuild(archive, path, change=format_2)
    assert_refused(path, "Unsupported backup format 2", changed, media_root)


def test_failed_database_step_puts_media_back(archive, changed, media_root, monkeypatch):
    def fail(vendor, snapshot):
        raise backup_module.BackupError("database step failed on purpose")

    monkeypatch.setattr(backup_module, "_load_database", fail)
    with pytest.raises(CommandError, match="on purpose"):
        call_command("restore", str(archive), yes=True)
    assert state(media_root) == changed
    assert sorted(p.name for p in media_root.parent.iterdir()) == ["media"]


# --- confirmation ---------------------------------------------------------------------------------------


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_restore_without_yes_on_non_tty_refuses(archive, changed, media_root, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    with pytest.raises(CommandError, match="pass --yes"):
        call_command("restore", str(archive))
    assert state(media_root) == changed


def test_restore_asks_on_tty_and_stops_on_no(archive, changed, media_root, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", FakeTty("n\n"))
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(archive))
    assert "REPLACE" in capsys.readouterr().out
    assert state(media_root) == changed


def test_restore_asks_on_tty_and_proceeds_on_yes(archive, changed, media_root, monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeTty("y\n"))
    call_command("restore", str(archive))
    assert read_media(media_root) == MEDIA


# --- the real command line ------------------------------------------------------------------------------


def test_command_line_error_is_one_line_with_exit_code_1(tmp_path):
    env = {**os.environ, "HROMADA_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "hromada", "restore", str(tmp_path / "missing.tar.gz"), "--yes"],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "no such file" in result.stderr
