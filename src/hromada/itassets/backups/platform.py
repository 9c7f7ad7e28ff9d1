"""The platform's own backups in the register: hooks into core.backup, registered from ItassetsConfig.ready().

Why hooks and not a Django signal: core.backup keeps two plain lists of callables (``on_backup_completed``,
``on_archive_verified``) and calls each in its own savepoint after the work succeeded, logging and swallowing a
failure. A signal would do the same with more ceremony (a sender, ``send_robust``), and the house rules keep
domain logic out of signals; the lists say in core exactly what is promised to whom.

* ``hromada backup FILE`` → a successful backup run in every hromada's platform target (created on first
  need), with the archive's size, the SHA-256 of the whole archive file and its file name.
* ``hromada restore --verify FILE`` (checks everything a restore does, replaces nothing) and a completed
  ``hromada restore`` → a successful restore test, likewise. After a restore the run is written into the
  restored database, which is the one the register shows from then on.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hromada.core import backup as core_backup
from hromada.itassets.models import BackupRun


def backup_completed(event: core_backup.BackupCompleted) -> None:
    from hromada.itassets.backups.services import record_platform_run

    record_platform_run(kind=BackupRun.Kind.BACKUP, finished_at=timezone.now(), size_bytes=event.size,
                        checksum=event.sha256, archive=event.archive.name)


def archive_verified(event: core_backup.ArchiveVerified) -> None:
    from hromada.itassets.backups.services import record_platform_run

    facts = {"created": event.manifest.created_at, "version": event.manifest.hromada_version}
    with translation.override("uk"):
        note = (_("`hromada restore` restored the archive made %(created)s by Hromada %(version)s.") if event.restored
                else _("`hromada restore --verify` checked the archive made %(created)s by Hromada %(version)s: "
                       "it can be restored.")) % facts
    record_platform_run(kind=BackupRun.Kind.RESTORE_TEST, finished_at=timezone.now(), size_bytes=event.size,
                        checksum=event.sha256, archive=event.archive.name, note=note)


def register() -> None:
    """Add the hooks once (ready() may run more than once in tests)."""
    if backup_completed not in core_backup.on_backup_completed:
        core_backup.on_backup_completed.append(backup_completed)
    if archive_verified not in core_backup.on_archive_verified:
        core_backup.on_archive_verified.append(archive_verified)
