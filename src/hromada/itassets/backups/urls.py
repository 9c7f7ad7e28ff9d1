"""Staff pages of the backups register (mounted by itassets.urls_staff under the namespace itassets-staff)."""

from django.urls import path

from hromada.itassets.backups import views

urlpatterns = [
    path("backups/", views.target_list, name="backup-list"),
    path("backups/export.csv", views.target_list, {"fmt": "csv"}, name="backup-export-csv"),
    path("backups/export.xlsx", views.target_list, {"fmt": "xlsx"}, name="backup-export-xlsx"),
    path("backups/new/", views.target_form, name="backup-create"),
    path("backups/<int:target_pk>/", views.target_detail, name="backup-detail"),
    path("backups/<int:target_pk>/edit/", views.target_form, name="backup-edit"),
    path("backups/<int:target_pk>/deactivate/", views.target_deactivate, name="backup-deactivate"),
    path("backups/<int:target_pk>/activate/", views.target_activate, name="backup-activate"),
    path("backups/<int:target_pk>/runs/new/", views.run_form, name="backup-run-create"),
]
