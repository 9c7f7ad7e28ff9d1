"""The hotline operator's console and the hotline's analytics for staff."""

from django.urls import path  # noqa: F401

app_name = "hotline"

urlpatterns: list = []
