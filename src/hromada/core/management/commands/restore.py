import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hromada.core.backup import BackupError, Manifest, media_count, restore_backup, verify_backup


class Command(BaseCommand):
    help = ("Replace the database and media with a backup made by `hromada backup`; the archive is checked "
            "against its SHA-256 manifest first (see docs/backup.md).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive written by `hromada backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--verify", action="store_true",
                            help="only check the archive as a restore would (checksums, vendor, schema, a readable "
                                 "database snapshot) and replace nothing: a restore test")

    def handle(self, *args, file, yes, verify=False, **options):
        if verify:
            self._verify(file)
            return
        # Fail fast in scripts: without --yes there is nobody to answer the question.
        if not yes and (sys.stdin is None or not sys.stdin.isatty()):
            raise CommandError("Refusing to restore without confirmation: stdin is not a terminal; "
                               "pass --yes.")
        try:
            result = restore_backup(Path(file), confirm=None if yes else self._confirm)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        made = f"made {manifest.created_at} by Hromada {manifest.hromada_version}"
        media = self._media_note(result)
        self.stdout.write(f"Restored {file} ({made}): {manifest.vendor} database, {media}.")
        if result.chain.ok:
            self.stdout.write(result.chain.describe())
        else:
            self.stderr.write(f"WARNING: {result.chain.describe()}")
        if result.pending_migrations:
            self.stdout.write("The backup predates this Hromada's database schema: run `hromada migrate`.")

    def _verify(self, file) -> None:
        try:
            manifest = verify_backup(Path(file))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Verified {file} (made {manifest.created_at} by Hromada {manifest.hromada_version}): "
                          f"{manifest.vendor} database, {media_count(manifest)}; it can be restored here. "
                          "Nothing was changed.")

    def _confirm(self, manifest: Manifest) -> bool:
        self.stdout.write(f"{manifest.vendor} database and {media_count(manifest)} from "
                          f"{manifest.created_at} (Hromada {manifest.hromada_version}) will REPLACE the "
                          "current database and media.")
        self.stdout.write("Continue? [y/N] ", ending="")
        self.stdout.flush()
        return sys.stdin.readline().strip().lower() in {"y", "yes"}

    @staticmethod
    def _media_note(result) -> str:
        manifest = result.manifest
        if manifest.media == "external":
            return "media were in external storage and are not in the archive (MEDIA_ROOT left alone)"
        if not result.media_restored:
            return (f"media NOT restored: this Hromada keeps media in external storage; copy the "
                    f"{len(manifest.media_files)} files under media/ in the archive there")
        return media_count(manifest)
