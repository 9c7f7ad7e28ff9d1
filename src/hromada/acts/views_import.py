"""Staff pages that import acts: upload → fields → check (validation report) → confirmation → result.

The pages are every app's staff import pages (:class:`hromada.core.import_views.ImportPages`); what is the acts'
own is declared here: the importer (:class:`hromada.acts.importers.ActImporter`), the capability (acts.import),
the URLs ("acts:import-…"), JSON Lines beside CSV and XLSX (each line answers for its fields) with a sample, the
page's texts, and the folder — ``DATA_DIR/imports/<hromada id>/acts/`` — so the registers' page neither lists nor
opens an import of acts (and the reverse).
"""

from __future__ import annotations

import json

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from hromada.acts.importers import ActImporter
from hromada.core.import_views import ImportPages

CAPABILITY = "acts.import"


def sample_jsonl() -> bytes:
    """Three acts in JSON Lines: the second repeals the first, the third amends the second by number and date."""
    lines = [
        {"number": "154-12/VIII", "date": "2021-02-11", "type": "council_decision",
         "title": "Про затвердження Програми розвитку культури на 2021–2023 роки",
         "text": "Затвердити Програму розвитку культури на 2021–2023 роки (додається).", "status": "in_force",
         "convocation": 8, "session": 12, "topics": ["культура", "програми"],
         "published_at": "2021-02-15T10:00:00+02:00"},
        {"number": "2311-25/VIII", "date": "2023-05-04", "type": "council_decision",
         "title": "Про затвердження Програми розвитку культури на 2023–2025 роки", "text": "…", "status": "in_force",
         "convocation": 8, "session": 25, "topics": ["культура"], "published_at": "2023-05-08",
         "relations": [{"kind": "repeals", "number": "154-12/VIII", "date": "2021-02-11"}]},
        {"number": "57", "date": "2024-03-28", "type": "executive_decision",
         "title": "Про внесення змін до Програми розвитку культури", "status": "adopted", "internal": False,
         "relations": [{"kind": "amends", "number": "2311-25/VIII", "date": "2023-05-04"}]},
    ]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")


pages = ImportPages(
    importer=ActImporter, folder="acts", capability=CAPABILITY, url_prefix="", namespace="acts",
    template_name="acts", jsonl_per_line=True, accepts_jsonl=True, sample=sample_jsonl,
    help_text=_("JSON Lines (one act per line), CSV (UTF-8 or Windows-1251) or XLSX, up to 50 MB."),
    texts={
        "home_title": _("Import of acts"), "back_url": "acts:list", "back_label": _("Registry of acts"),
        "lead": _("Load acts from a JSON Lines file (one act per line) or from a CSV or XLSX table: upload the file, "
                  "see how its fields are read, check every row, then import all rows or only the valid ones."),
        "columns_heading": _("Fields of an act"),
        "column_notes": [
            _("In JSON Lines each line is one object whose keys are the English field names (e.g. «number»); "
              "relations and topics may be lists there. In CSV and XLSX the first row holds the headers, in any "
              "order; the English names are accepted too. Other fields are ignored."),
            _("An act already in the registry (the same type, date and number) is updated, and gets a new version "
              "only if something changed; importing the same file again changes nothing. An act a relation points "
              "to must be in the registry or in a row above."),
        ],
        "sample_heading": _("JSON Lines: the first lines of the sample"), "sample_label": _("sample in JSON Lines"),
        "upload_heading": _("Upload a file of acts"),
        "confirm_lead": ngettext_lazy(
            "%(counter)s act of %(file)s will be written into the registry of acts.",
            "%(counter)s acts of %(file)s will be written into the registry of acts.", "counter"),
        "confirm_notes": [
            _("An act already in the registry (the same type, date and number) is updated with a new version if it "
              "changed; the others are created with their first version and indexed for search."),
            _("A relation that repeals, suspends or amends an act changes that act's status from the relation's "
              "date, as when it is entered by hand."),
        ],
        "writing": _("The acts are being written. Until the import ends, the registry is unchanged; it may take "
                     "several minutes."),
        "done_url": "acts:list", "done_label": _("Open the registry of acts"),
    },
)
ActUpload = pages.upload_class  # the acts' folder of the hromada's imports
