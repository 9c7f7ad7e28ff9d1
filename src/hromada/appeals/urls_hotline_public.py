"""The hotline's public figures."""

from django.urls import path

from hromada.appeals import views_hotline

app_name = "hotline-public"

urlpatterns = [
    path("", views_hotline.public_index, name="index"),
]
