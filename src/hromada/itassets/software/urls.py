"""Staff pages of this concern (mounted by itassets.urls_staff under the namespace itassets-staff)."""

from django.urls import path

from hromada.itassets.software import views
from hromada.itassets.software import views_import as imp

guarded = imp.guarded

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
    path("software/import/", guarded(imp.home), name="software-import"),
    path("software/import/upload/", guarded(imp.upload), name="software-import-upload"),
    path("software/import/template.csv", guarded(imp.template_csv), name="software-import-template-csv"),
    path("software/import/template.xlsx", guarded(imp.template_xlsx), name="software-import-template-xlsx"),
    path("software/import/<uuid:import_id>/", guarded(imp.preview), name="software-import-preview"),
    path("software/import/<uuid:import_id>/check/", guarded(imp.check), name="software-import-check"),
    path("software/import/<uuid:import_id>/report/", guarded(imp.report), name="software-import-report"),
    path("software/import/<uuid:import_id>/errors.csv", guarded(imp.errors_csv), name="software-import-errors-csv"),
    path("software/import/<uuid:import_id>/confirm/<slug:mode>/", guarded(imp.confirm),
         name="software-import-confirm"),
    path("software/import/<uuid:import_id>/status/", guarded(imp.status), name="software-import-status"),
    path("software/import/<uuid:import_id>/result/", guarded(imp.result), name="software-import-result"),
    path("software/import/<uuid:import_id>/cancel/", guarded(imp.cancel), name="software-import-cancel"),
    path("software/import/<uuid:import_id>/retry/", guarded(imp.retry), name="software-import-retry"),
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
