"""The applicant's own cases in the cabinet under /cabinet/cases/."""

from django.urls import path  # noqa: F401

app_name = "my-cases"

urlpatterns: list = []
