"""URLs of the register import pages (names prefixed ``import-``), included into the "registers" namespace."""

from django.urls import path

from hromada.registers import views_imports as views

guarded = views.guarded

urlpatterns = [
    path("imports/", guarded(views.home), name="import-home"),
    path("imports/upload/", guarded(views.upload), name="import-upload"),
    path("imports/templates/<slug:kind>.csv", guarded(views.template_file), {"fmt": "csv"},
         name="import-template-csv"),
    path("imports/templates/<slug:kind>.xlsx", guarded(views.template_file), {"fmt": "xlsx"},
         name="import-template-xlsx"),
    path("imports/<uuid:import_id>/", guarded(views.preview), name="import-preview"),
    path("imports/<uuid:import_id>/check/", guarded(views.check), name="import-check"),
    path("imports/<uuid:import_id>/report/", guarded(views.report), name="import-report"),
    path("imports/<uuid:import_id>/errors.csv", guarded(views.errors_csv), name="import-errors-csv"),
    path("imports/<uuid:import_id>/confirm/<slug:mode>/", guarded(views.confirm), name="import-confirm"),
    path("imports/<uuid:import_id>/status/", guarded(views.status), name="import-status"),
    path("imports/<uuid:import_id>/result/", guarded(views.result), name="import-result"),
    path("imports/<uuid:import_id>/cancel/", guarded(views.cancel), name="import-cancel"),
    path("imports/<uuid:import_id>/retry/", guarded(views.retry), name="import-retry"),
]
