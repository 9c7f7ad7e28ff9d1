"""The public responsiveness figures per department and category."""

from django.urls import path  # noqa: F401

app_name = "appeals-figures"

urlpatterns: list = []
