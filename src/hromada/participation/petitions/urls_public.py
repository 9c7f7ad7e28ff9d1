"""Public e-petition pages."""

from django.urls import path

from hromada.participation.petitions import views_public as views

app_name = "petitions"

urlpatterns: list = [
    path("", views.index, name="index"),
    path("open-data.csv", lambda request: views.open_data(request, "csv"), name="open-data-csv"),
    path("open-data.json", lambda request: views.open_data(request, "json"), name="open-data-json"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/signatures.csv", lambda request, pk: views.signatures_file(request, pk, "csv"),
         name="signatures-csv"),
    path("<int:pk>/signatures.json", lambda request, pk: views.signatures_file(request, pk, "json"),
         name="signatures-json"),
]
