"""`hromada export-programme`: the programme document (DOCX) of one hromada's programme, for scripts and cron."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils.translation import gettext as _

from hromada.core import audit
from hromada.core.models import AuditEntry, Hromada
from hromada.programmes import documents, selectors, snapshot
from hromada.programmes.models import ProgrammeVersion


class Command(BaseCommand):
    help = ("Write the informatization programme as a DOCX on the Mintsyfra template: the current state, or an "
            "approved version as it was approved (--version). An existing FILE is replaced.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Here `--version N` is the programme's approved version; it replaces Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--hromada", required=True, metavar="CODE",
                            help="KATOTTG code of the hromada, e.g. UA12020010000022796")
        parser.add_argument("--programme", required=True, type=int, metavar="ID", help="ID of the programme")
        parser.add_argument("--out", required=True, metavar="FILE",
                            help="the document to write, e.g. programme.docx")
        parser.add_argument("--version", dest="number", type=int, default=None, metavar="N",
                            help="number of an approved version to export instead of the current state")

    def handle(self, *args, hromada, programme, out, number, **options):
        target = Path(out)
        _check_target(target)
        found = Hromada.objects.filter(katottg=hromada.strip().upper()).first()
        if found is None:
            raise CommandError(_("No hromada with KATOTTG code %(code)s.") % {"code": hromada})
        try:
            record = selectors.programme(found, programme)
        except Http404:
            raise CommandError(_("Hromada %(code)s has no programme %(id)s.")
                               % {"code": found.katottg, "id": programme}) from None
        data = _data(record, number)
        _write_atomically(target, documents.programme_docx(data),
                          before_rename=lambda: _log(record, found, number))
        self.stdout.write(_("Programme %(id)s (%(version)s) written to %(path)s.")
                          % {"id": record.pk, "version": _version_label(number), "path": target})


def _version_label(number: int | None) -> str:
    return _("version %(number)s") % {"number": number} if number else _("current state")


def _check_target(target: Path) -> None:
    """Everything that can be checked before any work, so a mistyped path fails at once."""
    if target.suffix.lower() != ".docx":
        raise CommandError(_("%(path)s: the file name must end in .docx.") % {"path": target})
    if target.is_dir():
        raise CommandError(_("%(path)s is a directory; give the document's file name.") % {"path": target})
    directory = target.parent
    if not directory.is_dir():
        raise CommandError(_("Directory %(directory)s does not exist.") % {"directory": directory})
    if not os.access(directory, os.W_OK | os.X_OK):
        raise CommandError(_("Cannot write to directory %(directory)s.") % {"directory": directory})


def _data(programme, number: int | None) -> dict:
    if number is None:
        return snapshot.freeze(programme)
    try:
        return programme.versions.get(number=number).snapshot
    except ProgrammeVersion.DoesNotExist:
        raise CommandError(_("Programme %(id)s has no approved version %(number)s.")
                           % {"id": programme.pk, "number": number}) from None


def _log(programme, hromada, number: int | None) -> None:
    """The same audit entry as a download from the site (house rule 4), with no account behind it."""
    audit.record(AuditEntry.Action.EXPORT, programme, hromada=hromada,
                 changes={"export": [None, f"programme.docx v{number or 'current'} (cli)"]})


def _write_atomically(target: Path, content: bytes, *, before_rename) -> None:
    # A temporary file beside the target, renamed into place: a failure leaves no half-written document and
    # an existing one intact until the new one is complete.
    try:
        fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as error:
        raise CommandError(_("Cannot write %(path)s: %(reason)s") % {"path": target, "reason": error.strerror}) \
            from None
    partial = Path(partial_name)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(partial, 0o644)  # mkstemp makes it private; a document is meant to be shared
        before_rename()
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CommandError(_("Cannot write %(path)s: %(reason)s") % {"path": target, "reason": error.strerror}) \
            from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
