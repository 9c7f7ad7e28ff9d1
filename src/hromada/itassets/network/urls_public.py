"""Public pages of connectivity and cameras at /it/ (mounted by itassets.urls_public under the namespace itassets)."""

from django.urls import path

from hromada.itassets.network import views_public

urlpatterns = [
    path("connectivity/", views_public.connectivity, name="connectivity"),
    path("connectivity.csv", views_public.connectivity_download, {"fmt": "csv"}, name="connectivity-csv"),
    path("connectivity.json", views_public.connectivity_download, {"fmt": "json"}, name="connectivity-json"),
    path("cameras/", views_public.cameras, name="cameras"),
    path("cameras.csv", views_public.cameras_download, {"fmt": "csv"}, name="cameras-csv"),
    path("cameras.json", views_public.cameras_download, {"fmt": "json"}, name="cameras-json"),
]
