"""The platform's own backups in the register: the real `hromada backup` and `hromada restore` commands record a
backup run and a restore test in every hromada's platform target, and a failing hook never fails the backup.

Transactional, as tests/core/test_backup.py (pg_dump reads from another connection, so the data is committed).
"""

from __future__ import annotations

import hashlib
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hromada.core import backup as core_backup
from hromada.core.models import AuditEntry, Settlement
from hromada.itassets.backups import platform, services
from hromada.itassets.models import BackupRun, BackupTarget
from tests.factories import HromadaFactory, SettlementFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("transactional_db")]


@pytest.fixture
def installation(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    (media / "scan.pdf").write_bytes(b"%PDF-1.4 demo")
    settings.MEDIA_ROOT = str(media)
    return {"a": HromadaFactory(host="a.localhost"), "b": HromadaFactory(host="b.localhost"), "dir": tmp_path}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def platform_runs(kind: str) -> list[BackupRun]:
    return list(BackupRun.objects.filter(kind=kind, target__platform=True).select_related("target", "hromada")
                .order_by("hromada_id"))


def test_the_hooks_are_registered_once():
    platform.register()
    platform.register()
    assert core_backup.on_backup_completed.count(platform.backup_completed) == 1
    assert core_backup.on_archive_verified.count(platform.archive_verified) == 1


def test_a_backup_is_recorded_in_every_hromadas_platform_target(installation):
    archive = installation["dir"] / "hromada-2026-03-10.tar.gz"
    audit_before = AuditEntry.objects.count()
    call_command("backup", str(archive))
    runs = platform_runs(BackupRun.Kind.BACKUP)
    assert [run.hromada for run in runs] == [installation["a"], installation["b"]]
    for run in runs:
        assert (run.status, run.automatic, run.recorded_by) == ("success", True, None)
        assert run.size_bytes == archive.stat().st_size
        assert run.checksum == sha256(archive)
        assert run.archive == "hromada-2026-03-10.tar.gz"
        assert run.target.last_success_at == run.finished_at
        assert run.target.kind == "database" and run.target.frequency == "daily"
    assert BackupTarget.objects.filter(platform=True).count() == 2
    # The platform writes no audit entries for its own runs (a restore must leave the log as the archive had it).
    assert AuditEntry.objects.count() == audit_before

    second = installation["dir"] / "second.tar.gz"
    call_command("backup", str(second))
    assert BackupTarget.objects.filter(platform=True).count() == 2
    assert len(platform_runs(BackupRun.Kind.BACKUP)) == 4


def test_verify_records_a_restore_test_and_changes_nothing(installation, capsys):
    archive = installation["dir"] / "backup.tar.gz"
    call_command("backup", str(archive))
    later = SettlementFactory(hromada=installation["a"], name="Після копії")
    capsys.readouterr()
    call_command("restore", str(archive), verify=True)
    assert "Nothing was changed." in capsys.readouterr().out
    assert Settlement.objects.filter(pk=later.pk).exists()
    tests = platform_runs(BackupRun.Kind.RESTORE_TEST)
    assert len(tests) == 2
    for run in tests:
        assert run.checksum == sha256(archive) and run.size_bytes == archive.stat().st_size and run.automatic
        assert run.target.last_restore_test_at == run.finished_at
        assert "--verify" in run.note


def test_a_full_restore_records_a_restore_test_in_the_restored_database(installation):
    archive = installation["dir"] / "backup.tar.gz"
    call_command("backup", str(archive))
    SettlementFactory(hromada=installation["a"], name="Після копії")
    call_command("restore", str(archive), yes=True)
    assert not Settlement.objects.filter(name="Після копії").exists()
    # The snapshot was taken before the backup's own run was recorded; the restore adds its restore test.
    assert platform_runs(BackupRun.Kind.BACKUP) == []
    tests = platform_runs(BackupRun.Kind.RESTORE_TEST)
    assert [run.hromada_id for run in tests] == [installation["a"].pk, installation["b"].pk]
    assert all(run.checksum == sha256(archive) for run in tests)


def test_a_damaged_archive_is_no_restore_test(installation):
    archive = installation["dir"] / "backup.tar.gz"
    call_command("backup", str(archive))
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = installation["dir"] / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        call_command("restore", str(damaged), verify=True)
    with pytest.raises(CommandError):
        call_command("restore", str(installation["dir"] / "missing.tar.gz"), verify=True)
    assert platform_runs(BackupRun.Kind.RESTORE_TEST) == []


def test_a_failing_hook_never_fails_the_backup(installation, monkeypatch, caplog):
    def broken(**kwargs):
        BackupTarget.objects.create(hromada=installation["a"], name="half-written", kind="other",
                                    frequency="daily", destination_kind="local")
        raise RuntimeError("the register is broken")

    monkeypatch.setattr(services, "record_platform_run", broken)
    archive = installation["dir"] / "backup.tar.gz"
    with caplog.at_level(logging.ERROR, logger="hromada.core.backup"):
        call_command("backup", str(archive))
        call_command("restore", str(archive), verify=True)
    assert archive.exists()
    assert "backup hook" in caplog.text and "the register is broken" in caplog.text
    # The failed hook's writes are rolled back with it.
    assert not BackupTarget.objects.filter(name="half-written").exists()
    assert not BackupRun.objects.exists()
