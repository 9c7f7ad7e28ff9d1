"""DCAT-AP and Data Package addresses, included at the site root (ckanext-dcat's ``/catalog.{format}``)."""

from django.urls import path

from hromada.opendata import views_dcat as views

app_name = "dcat"

urlpatterns = [
    path("catalog.<str:fmt>", views.catalog, name="catalog"),
    path("opendata/<slug:slug>/dataset.<str:fmt>", views.dataset, name="dataset"),
    path("opendata/<slug:slug>/datapackage.json", views.datapackage, name="datapackage"),
]
