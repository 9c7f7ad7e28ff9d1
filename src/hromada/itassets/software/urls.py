"""Staff pages of this concern (mounted by itassets.urls_staff under the namespace itassets-staff)."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from hromada.core.import_views import ImportPages
from hromada.itassets.permissions import MANAGE
from hromada.itassets.software import views
from hromada.itassets.software.importers import InstallationImporter

imports = ImportPages(
    importer=InstallationImporter, folder="itassets_software", capability=MANAGE, url_prefix="software",
    namespace="itassets-staff", template_name="software", jsonl_per_line=True,
    help_text=_("CSV (UTF-8 or Windows-1251, separated by «;», «,» or tab) or XLSX, up to 50 MB."),
    texts={
        "home_title": _("Import of installed software"), "back_url": "itassets-staff:software-list",
        "back_label": format_lazy("← {}", _("Software")),
        "lead": _("Load the programs found on the computers from a CSV or XLSX table (an inventory tool's export or "
                  "your own list): upload the file, see how its columns are read, check every row, then import all "
                  "rows or only the valid ones."),
        "columns_heading": _("Columns of the table"),
        "column_notes": [
            _("The first row holds the headers, in any order; the English names are accepted too. One row is one "
              "program on one computer. The computer must be in the equipment register; a title the register does "
              "not have yet is created (it needs a licence until you mark it free)."),
            _("A program already recorded on the computer gets the version of the file; importing the same file "
              "again changes nothing."),
        ],
        "upload_heading": _("Upload a file"),
        "confirm_lead": ngettext_lazy(
            "%(counter)s installation of %(file)s will be written into the register of software.",
            "%(counter)s installations of %(file)s will be written into the register of software.", "counter"),
        "confirm_notes": [
            _("A program already recorded on the computer (the same inventory number and title) gets the version and "
              "date of the file; the others are recorded anew."),
            _("A title the register does not have yet is created; it needs a licence until you mark it free."),
        ],
        "writing": _("The installations are being written. Until the import ends, the register is unchanged; it may "
                     "take several minutes."),
        "done_url": "itassets-staff:software-compliance", "done_label": _("Open the compliance report"),
    },
)

urlpatterns = [
    # Titles and the compliance report.
    path("software/", views.software_list, name="software-list"),
    path("software/new/", views.software_create, name="software-create"),
    path("software/compliance/", views.compliance, name="software-compliance"),
    path("software/<int:software_pk>/", views.software_detail, name="software-detail"),
    path("software/<int:software_pk>/edit/", views.software_edit, name="software-edit"),
    path("software/<int:software_pk>/delete/", views.software_delete, name="software-delete"),
    # A computer's software.
    path("software/computers/", views.computer_list, name="software-computers"),
    path("software/computers/<int:equipment_pk>/", views.computer_detail, name="software-computer"),
    path("software/computers/<int:equipment_pk>/install/", views.installation_add, name="software-installation-add"),
    path("software/computers/<int:equipment_pk>/profile/", views.computer_profile, name="software-computer-profile"),
    path("software/installations/<int:installation_pk>/edit/", views.installation_edit,
         name="software-installation-edit"),
    path("software/installations/<int:installation_pk>/delete/", views.installation_delete,
         name="software-installation-delete"),
    # Import of installed software.
    *imports.urlpatterns(),
    # Licences and seats.
    path("licences/", views.licence_list, name="licence-list"),
    path("licences/new/", views.licence_create, name="licence-create"),
    path("licences/<int:licence_pk>/", views.licence_detail, name="licence-detail"),
    path("licences/<int:licence_pk>/edit/", views.licence_edit, name="licence-edit"),
    path("licences/<int:licence_pk>/delete/", views.licence_delete, name="licence-delete"),
    path("licences/<int:licence_pk>/document/", views.licence_document, name="licence-document"),
    path("licences/<int:licence_pk>/seats/", views.licence_seat_assign, name="licence-seat-assign"),
    path("licences/<int:licence_pk>/seats/fill/", views.licence_seats_fill, name="licence-seats-fill"),
    path("licences/seats/<int:seat_pk>/release/", views.licence_seat_release, name="licence-seat-release"),
    # Job profiles.
    path("profiles/", views.profile_list, name="profile-list"),
    path("profiles/new/", views.profile_create, name="profile-create"),
    path("profiles/<int:profile_pk>/", views.profile_detail, name="profile-detail"),
    path("profiles/<int:profile_pk>/edit/", views.profile_edit, name="profile-edit"),
    path("profiles/<int:profile_pk>/delete/", views.profile_delete, name="profile-delete"),
    path("profiles/<int:profile_pk>/items/", views.profile_item_add, name="profile-item-add"),
    path("profiles/items/<int:profile_item_pk>/delete/", views.profile_item_remove, name="profile-item-remove"),
]
