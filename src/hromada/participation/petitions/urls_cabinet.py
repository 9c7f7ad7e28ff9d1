"""The resident's own petitions and signatures."""

from django.urls import path  # noqa: F401

app_name = "my-petitions"

urlpatterns: list = []
