"""`hromada import KIND FILE`: load a register or the acts from CSV, XLSX or JSON Lines — every row or none.

Exit codes (for scripts and cron):

* 0 — imported (with ``--skip-invalid`` also when invalid rows were left out: they are listed and counted
  in the report), or a ``--dry-run`` that found nothing that would stop the import;
* 2 — validation errors: the file was read, but rows or the header are wrong; nothing was written;
* 1 — anything else: unreadable file or not a table, unknown KIND or hromada, bad arguments, a failure
  while writing (rolled back: nothing was written).

With ``--report FILE`` the JSON report is written in every case, errors included.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.core import imports
from hromada.core.models import Hromada

EXIT_DONE, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = ("Import a register (streets, buildings, residents, …) or acts from a CSV, XLSX or JSON Lines file. "
            "All rows or none: "
            "with any invalid row nothing is written (exit code 2) unless --skip-invalid is given; the same "
            "file imported again changes nothing. Exit codes: 0 imported, 2 validation errors, 1 other failure.")

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        # argparse exits with 2 on a usage error; here 2 means "the file has validation errors".
        def error(message):
            if parser.called_from_command_line:
                parser.print_usage(sys.stderr)
                parser.exit(EXIT_FAILED, f"{parser.prog}: error: {message}\n")
            raise CommandError(f"Error: {message}")

        parser.error = error
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", metavar="KIND", help="what to import, e.g. streets (an unknown KIND lists them)")
        parser.add_argument("file", metavar="FILE", help="CSV (UTF-8 or Windows-1251, ';' or ','), XLSX or JSON Lines")
        parser.add_argument("--hromada", metavar="CODE", default=None,
                            help="KATOTTG code of the hromada (default: the default hromada)")
        parser.add_argument("--dry-run", action="store_true", help="only check the file; write nothing")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="import the valid rows and leave out the invalid ones (exit code 0)")
        parser.add_argument("--report", metavar="REPORT.json", default=None,
                            help="also write the full report, with every error, as JSON")
        parser.add_argument("--batch-size", type=int, default=1000, metavar="N",
                            help="rows written per batch (default 1000)")

    def handle(self, *args, kind, file, hromada, dry_run, skip_invalid, report, batch_size, **options):
        self.report_path = Path(report) if report else None
        self.kind, self.file, self.code = kind, file, ""
        if self.report_path is not None:
            problem = _report_target_problem(self.report_path)
            if problem:
                raise CommandError(problem)  # no report can be written where it was asked for
        if batch_size < 1:
            self._fail(_("--batch-size must be at least 1."))
        try:
            importer = imports.get(kind)
        except imports.UnknownKind:
            available = ", ".join(imports.kinds(unlisted=True)) or "—"
            self._fail(_("Unknown register %(kind)s. Available: %(kinds)s.") % {"kind": kind, "kinds": available})
        target = self._hromada(hromada)
        self.code = target.katottg
        progress = self._progress if options["verbosity"] >= 2 else None
        try:
            result = imports.run_import(importer, file, hromada=target, dry_run=dry_run, skip_invalid=skip_invalid,
                                        batch_size=batch_size, progress=progress)
        except imports.ImportFileError as error:
            self._fail(f"{file}: {error}")
        except Exception as error:
            if options.get("traceback"):
                raise
            self._fail(_("The import failed and nothing was changed: %(error)s")
                       % {"error": f"{type(error).__name__}: {error}"})
        self._print(result, importer, target)
        self._write_report(result)
        code = exit_code(result)
        if code != EXIT_DONE:
            raise SystemExit(code)

    # --- helpers -----------------------------------------------------------------------------------------

    def _hromada(self, code: str | None) -> Hromada:
        if code is None:
            found = Hromada.objects.filter(is_default=True).first()
            if found is None:
                self._fail(_("There is no default hromada; give its KATOTTG code with --hromada."))
            return found
        found = Hromada.objects.filter(katottg=code.strip().upper()).first()
        if found is None:
            self._fail(_("No hromada with KATOTTG code %(code)s.") % {"code": code})
        return found

    def _fail(self, message: str) -> NoReturn:
        """Exit code 1: write the failure report if asked, then let Django print the message."""
        self._write_report(imports.ImportReport.failure(self.kind, Path(self.file).name, message, hromada=self.code))
        raise CommandError(message, returncode=EXIT_FAILED)

    def _write_report(self, result: imports.ImportReport) -> None:
        if self.report_path is None:
            return
        try:
            self.report_path.write_text(result.to_json() + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(_("Cannot write the report %(path)s: %(reason)s")
                               % {"path": self.report_path, "reason": error.strerror}) from None

    def _progress(self, rows_done: int) -> None:
        self.stderr.write(ngettext("%(count)s row processed…", "%(count)s rows processed…", rows_done)
                          % {"count": rows_done})

    def _print(self, result: imports.ImportReport, importer, target: Hromada) -> None:
        write = self.stdout.write
        title = str(importer.title) or result.kind
        write(_("Import of %(title)s from %(file)s (%(format)s) into %(hromada)s.")
              % {"title": title, "file": self.file, "format": _format(result), "hromada": target.name})
        write(_("Rows: %(total)s, valid: %(valid)s, with errors: %(invalid)s.")
              % {"total": result.rows_total, "valid": result.rows_valid, "invalid": result.rows_invalid})
        for warning in result.warnings:
            write(_("Warning: %(warning)s") % {"warning": warning})
        if result.errors_total:
            write(_("Errors:"))
            for issue in result.errors[:SHOWN_ERRORS]:
                write("  " + _issue(issue))
            more = result.errors_total - min(len(result.errors), SHOWN_ERRORS)
            if more and self.report_path is None:
                write("  " + ngettext("… and %(count)s more error (give --report FILE to get them all).",
                                      "… and %(count)s more errors (give --report FILE to get them all).", more)
                      % {"count": more})
            elif more:
                write("  " + ngettext("… and %(count)s more error (see the report).",
                                      "… and %(count)s more errors (see the report).", more) % {"count": more})
        status = result.status
        if status == imports.Status.DONE:
            write(_("Created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s.")
                  % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged})
            labels = getattr(importer, "extra_labels", {}) or {}
            for key, value in result.extras.items():
                write(f"  {labels.get(key, key)}: {value}")
            if result.rows_skipped:
                write(ngettext("Imported; %(count)s row with errors was left out.",
                               "Imported; %(count)s rows with errors were left out.", result.rows_skipped)
                      % {"count": result.rows_skipped})
            else:
                write(_("Imported."))
        elif status == imports.Status.DRY_RUN:
            if result.errors_total:
                write(ngettext("Dry run: nothing was written; %(count)s row with errors would be left out.",
                               "Dry run: nothing was written; %(count)s rows with errors would be left out.",
                               result.rows_invalid) % {"count": result.rows_invalid})
            else:
                write(_("Dry run: the file can be imported; nothing was written."))
        else:
            write(_("Nothing was imported: correct the errors and run the import again, or give --skip-invalid "
                    "to import only the valid rows."))


def exit_code(result: imports.ImportReport) -> int:
    if result.status in (imports.Status.DONE, imports.Status.DRY_RUN):
        return EXIT_DONE
    if result.status == imports.Status.VALIDATION_ERRORS:
        return EXIT_INVALID
    return EXIT_FAILED


def _format(result: imports.ImportReport) -> str:
    if result.format == "xlsx":
        return "XLSX"
    if result.format == "jsonl":
        return "JSON Lines"
    delimiter = _("tab") if result.delimiter == "\t" else result.delimiter
    encoding = imports.ENCODING_LABELS.get(result.encoding or "", result.encoding)
    return _("CSV, %(encoding)s, delimiter «%(delimiter)s»") % {"encoding": encoding, "delimiter": delimiter}


def _issue(issue: imports.Issue) -> str:
    values = {"row": issue.row, "column": issue.column, "value": issue.value, "reason": issue.reason}
    if issue.column and issue.value:
        return _("row %(row)s, column «%(column)s», value «%(value)s»: %(reason)s") % values
    if issue.column:
        return _("row %(row)s, column «%(column)s»: %(reason)s") % values
    if issue.value:
        return _("row %(row)s, value «%(value)s»: %(reason)s") % values
    return _("row %(row)s: %(reason)s") % values


def _report_target_problem(target: Path) -> str:
    if target.is_dir():
        return _("%(path)s is a directory; give the report's file name.") % {"path": target}
    directory = target.parent
    if not directory.is_dir():
        return _("Directory %(directory)s does not exist.") % {"directory": directory}
    return ""
