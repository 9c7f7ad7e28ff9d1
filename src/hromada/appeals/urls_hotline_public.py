"""The hotline's public figures."""

from django.urls import path  # noqa: F401

app_name = "hotline-public"

urlpatterns: list = []
