from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hromada.core.backup import BackupError, create_backup, media_count


class Command(BaseCommand):
    help = ("Write one .tar.gz with a consistent database snapshot, the media files and a manifest of "
            "SHA-256 checksums (see docs/backup.md).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. hromada-2025-01-31.tar.gz")
        parser.add_argument("--force", action="store_true", help="overwrite FILE if it already exists")

    def handle(self, *args, file, force, **options):
        try:
            manifest = create_backup(Path(file), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        media = ("media in external storage, not included" if manifest.media == "external"
                 else media_count(manifest))
        self.stdout.write(f"Backup written to {file}: {manifest.vendor} database, {media}.")
