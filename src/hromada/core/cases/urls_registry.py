"""Registration of cases brought on paper, by e-mail or post; categories; the registration journal and reports."""

from django.urls import path  # noqa: F401

app_name = "case-registry"

urlpatterns: list = []
