"""The resident's own projects and ballots."""

from django.urls import path  # noqa: F401

app_name = "my-budget"

urlpatterns: list = []
