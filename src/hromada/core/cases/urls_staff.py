"""Staff pages of cases under /staff/cases/: the list, a case with its timeline and the staff's steps."""

from django.urls import path

from hromada.core.cases import views_staff as views

app_name = "cases"

urlpatterns: list = [
    path("", views.case_list, name="list"),
    path("export.csv", lambda request: views.export(request, "csv"), name="export-csv"),
    path("export.xlsx", lambda request: views.export(request, "xlsx"), name="export-xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/files/<int:file_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:key>/", views.act, name="act"),
]
