"""Staff pages of this concern (mounted by itassets.urls_staff under the namespace itassets-staff)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from hromada.core.import_views import ImportPages
from hromada.itassets.equipment import views
from hromada.itassets.equipment.importers import EquipmentImporter
from hromada.itassets.permissions import MANAGE

imports = ImportPages(
    importer=EquipmentImporter, folder="itassets_equipment", capability=MANAGE, url_prefix="equipment",
    namespace="itassets-staff", template_name="equipment",
    help_text=_("CSV (UTF-8 or Windows-1251) or XLSX, up to 50 MB."),
    texts={
        "home_title": _("Import of equipment"), "back_url": "itassets-staff:equipment-list",
        "back_label": _("Equipment"),
        "lead": _("Load the inventory list from a CSV or XLSX table: upload the file, see how its columns are read, "
                  "check every row, then import all rows or only the valid ones."),
        "columns_heading": _("Columns of the file"),
        "column_notes": [
            _("The first row holds the headers, in any order; the other names in the table are accepted too, and "
              "other columns are ignored. Categories may be written in full or as the usual abbreviations (ПК, МФУ, "
              "ДБЖ); dates as 01.03.2024; sums as 24 000,50. CSV may be in UTF-8 or Windows-1251."),
            _("An item already in the register (the same inventory number) is updated, only in the columns the file "
              "has; importing the same file again changes nothing. A written-off item is not changed by an import."),
        ],
        "upload_heading": _("Upload a file of equipment"),
        "confirm_lead": ngettext_lazy(
            "%(counter)s item of %(file)s will be written into the equipment register.",
            "%(counter)s items of %(file)s will be written into the equipment register.", "counter"),
        "confirm_notes": [
            _("An item already in the register (the same inventory number) is updated in the columns the file has; "
              "the others are created. The end of useful life and the next inventory check are computed."),
        ],
        "writing": _("The items are being written. Until the import ends, the register is unchanged; it may take "
                     "several minutes."),
        "done_url": "itassets-staff:equipment-list", "done_label": _("Open the equipment register"),
    },
)

urlpatterns: list = [
    path("equipment/", views.item_list, name="equipment-list"),
    path("equipment/summary/", views.summary, name="equipment-summary"),
    path("equipment/new/", views.create, name="equipment-create"),
    path("equipment/labels/", views.label_sheet, name="equipment-labels"),
    path("equipment/<int:pk>/", views.detail, name="equipment-detail"),
    path("equipment/<int:pk>/edit/", views.edit, name="equipment-edit"),
    path("equipment/<int:pk>/check-out/", views.check_out, name="equipment-check-out"),
    path("equipment/<int:pk>/check-in/", views.check_in, name="equipment-check-in"),
    path("equipment/<int:pk>/status/", views.change_status, name="equipment-status"),
    path("equipment/<int:pk>/write-off/", views.write_off, name="equipment-write-off"),
    path("equipment/<int:pk>/undo-write-off/", views.undo_write_off, name="equipment-undo-write-off"),
    path("equipment/policies/", views.policies, name="equipment-policies"),
    path("equipment/policies/<slug:category>/", views.policy, name="equipment-policy"),
    path("equipment/rounds/", views.rounds, name="equipment-rounds"),
    path("equipment/rounds/new/", views.round_new, name="equipment-round-new"),
    path("equipment/rounds/<int:round_pk>/", views.round_detail, name="equipment-round"),
    path("equipment/rounds/<int:round_pk>/record/", views.round_record, name="equipment-round-record"),
    path("equipment/rounds/<int:round_pk>/close/", views.round_close, name="equipment-round-close"),
    *imports.urlpatterns(),
]
