"""URLs of the acts import pages (``import`` and names prefixed ``import-``), included into the "acts" namespace."""

from django.urls import path

from hromada.acts import views_import as views

guarded = views.guarded

urlpatterns = [
    path("import/", guarded(views.home), name="import"),
    path("import/upload/", guarded(views.upload), name="import-upload"),
    path("import/template.csv", guarded(views.template_csv), name="import-template-csv"),
    path("import/template.xlsx", guarded(views.template_xlsx), name="import-template-xlsx"),
    path("import/sample.jsonl", guarded(views.sample), name="import-sample"),
    path("import/<uuid:import_id>/", guarded(views.preview), name="import-preview"),
    path("import/<uuid:import_id>/check/", guarded(views.check), name="import-check"),
    path("import/<uuid:import_id>/report/", guarded(views.report), name="import-report"),
    path("import/<uuid:import_id>/errors.csv", guarded(views.errors_csv), name="import-errors-csv"),
    path("import/<uuid:import_id>/confirm/<slug:mode>/", guarded(views.confirm), name="import-confirm"),
    path("import/<uuid:import_id>/status/", guarded(views.status), name="import-status"),
    path("import/<uuid:import_id>/result/", guarded(views.result), name="import-result"),
    path("import/<uuid:import_id>/cancel/", guarded(views.cancel), name="import-cancel"),
    path("import/<uuid:import_id>/retry/", guarded(views.retry), name="import-retry"),
]
