"""Staff pages of connectivity and cameras (mounted by itassets.urls_staff under the namespace itassets-staff)."""

from django.urls import path

from hromada.itassets.network import views

urlpatterns = [
    path("connections/", views.connection_list, name="connection-list"),
    path("connections/export.csv", views.connection_list, {"fmt": "csv"}, name="connection-export-csv"),
    path("connections/export.xlsx", views.connection_list, {"fmt": "xlsx"}, name="connection-export-xlsx"),
    path("connections/map/", views.connection_map, name="connection-map"),
    path("connections/new/", views.connection_form, name="connection-create"),
    path("connections/<int:connection_pk>/", views.connection_detail, name="connection-detail"),
    path("connections/<int:connection_pk>/edit/", views.connection_form, name="connection-edit"),
    path("connections/<int:connection_pk>/deactivate/", views.connection_deactivate, name="connection-deactivate"),
    path("cameras/", views.camera_list, name="camera-list"),
    path("cameras/export.csv", views.camera_list, {"fmt": "csv"}, name="camera-export-csv"),
    path("cameras/export.xlsx", views.camera_list, {"fmt": "xlsx"}, name="camera-export-xlsx"),
    path("cameras/map/", views.camera_map, name="camera-map"),
    path("cameras/<int:camera_pk>/", views.camera_detail, name="camera-detail"),
    path("cameras/<int:camera_pk>/edit/", views.camera_form, name="camera-edit"),
]
