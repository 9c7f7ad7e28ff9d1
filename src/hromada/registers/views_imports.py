"""Staff pages that import the registers: upload → column preview → validation report → confirmation → commit.

The pages are every app's staff import pages (:class:`hromada.core.import_views.ImportPages`), here with
several importers on one page: each listed import kind is a register, chosen with the tabs of the home page.
What is the registers' own is declared here: the registers and their order, the capability
(registers.import), the URLs ("registers:import-…", under ``imports/``), the texts, and the folder — the
hromada's imports folder itself (``DATA_DIR/imports/<hromada id>/``, the core
:class:`~hromada.core.import_flow.Upload`'s default).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from hromada.core import imports
from hromada.core.import_views import ImportPages

CAPABILITY = "registers.import"
ORDER = ("streets", "buildings", "residents", "land", "property")  # addresses first, as they are needed first


def ordered_kinds() -> list[str]:
    available = imports.kinds()
    return [kind for kind in ORDER if kind in available] + [kind for kind in available if kind not in ORDER]


pages = ImportPages(
    importer=None, kinds=ordered_kinds, folder="", capability=CAPABILITY, url_prefix="", namespace="registers",
    path="imports/", home_suffix="home",
    help_text=_("CSV (UTF-8 or Windows-1251, separated by «;», «,» or tab) or XLSX, up to 50 MB. "
                "The first row holds the column headers."),
    texts={
        "home_title": _("Import into the registers"),
        "lead": _("Load a register from a CSV or XLSX table: upload the file, see how its columns are read, check "
                  "every row, then import all rows or only the valid ones."),
        "kinds_label": _("Register to import into"), "kind_column": _("Register"),
        "unknown_kind": _("Choose a register to import into from the list."),
        "columns_heading": _("Columns of «%(title)s»"),
        "column_notes": [
            _("The first row of the file holds the headers. Columns may come in any order; headers are matched "
              "ignoring case, and the English names are accepted too. Other columns are ignored."),
        ],
        "template_xlsx_label": _("«%(title)s», XLSX"), "template_csv_label": _("«%(title)s», CSV"),
        "upload_heading": _("Upload a file into «%(title)s»"),
        "confirm_lead": ngettext_lazy(
            "%(counter)s row of %(file)s will be written into the register «%(title)s».",
            "%(counter)s rows of %(file)s will be written into the register «%(title)s».", "counter"),
        "confirm_notes": [
            _("A record that is already in the register (the same key) is updated; the others are created."),
        ],
        "writing": _("The rows are being written. Until the import ends, the register is unchanged; it may take "
                     "several minutes."),
        "done_url": "registers:%(kind)s-list", "done_label": _("Open the register «%(title)s»"),
    },
)
